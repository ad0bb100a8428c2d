#include "notify/s3/bucket_rules.hpp"

#include "core/error.hpp"
#include "core/io.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>

namespace corral::notify {
namespace {

// cmd/api-errors.go texts, as MinIO answers them.
const char* const msg_overlap_events =
    "Configurations overlap. Configurations on the same bucket cannot share a common event type.";
const char* const msg_overlap_filter =
    "An object key name filtering rule defined with overlapping prefixes, overlapping suffixes, "
    "or overlapping combinations of prefixes and suffixes for the same event types.";
const char* const msg_arn = "A specified destination ARN does not exist or is not well-formed. "
                            "Verify the destination ARN.";
const char* const msg_event = "A specified event is not supported for notifications.";

// internal/event/name.go ParseName (s3:Scanner:* exists internally but is not parseable).
const std::array<const char*, 38> known_events = {
    "s3:BucketCreated:*",
    "s3:BucketRemoved:*",
    "s3:ObjectAccessed:*",
    "s3:ObjectAccessed:Get",
    "s3:ObjectAccessed:GetRetention",
    "s3:ObjectAccessed:GetLegalHold",
    "s3:ObjectAccessed:Head",
    "s3:ObjectAccessed:Attributes",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:PutRetention",
    "s3:ObjectCreated:PutLegalHold",
    "s3:ObjectCreated:PutTagging",
    "s3:ObjectCreated:DeleteTagging",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRemoved:NoOP",
    "s3:ObjectRemoved:DeleteAllVersions",
    "s3:LifecycleDelMarkerExpiration:Delete",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationCompletedReplication",
    "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectTransition:*",
    "s3:ObjectTransition:Failed",
    "s3:ObjectTransition:Complete",
    "s3:Scanner:ManyVersions",
    "s3:Scanner:LargeVersions",
    "s3:Scanner:BigPrefix",
};

std::string_view local_name(const char* name) {
    std::string_view n(name);
    auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// Go encoding/xml EscapeText.
std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '\t':
            out += "&#x9;";
            break;
        case '\n':
            out += "&#xA;";
            break;
        case '\r':
            out += "&#xD;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string arn_without_region(const std::string& arn) {
    // region is normalised by MinIO (SetRegion) before rules are compared
    try {
        Arn a = parse_arn(arn);
        return a.id + ":" + a.type;
    } catch (const Error&) {
        return arn;
    }
}

bool identical(const QueueRule& a, const QueueRule& b) {
    // reflect.DeepEqual on Queue{ID, Filter, Events, ARN} after SetRegion.
    return a.id == b.id && a.events == b.events && a.has_prefix == b.has_prefix &&
           a.has_suffix == b.has_suffix && a.prefix == b.prefix && a.suffix == b.suffix &&
           arn_without_region(a.arn) == arn_without_region(b.arn);
}

std::string describe(const QueueRule& r) {
    std::string events;
    for (const auto& e : r.events) {
        events += (events.empty() ? "" : ",") + e;
    }
    std::string out = r.arn + " " + events;
    if (r.has_prefix) {
        out += " prefix=\"" + r.prefix + "\"";
    }
    if (r.has_suffix) {
        out += " suffix=\"" + r.suffix + "\"";
    }
    return out;
}

} // namespace

bool is_known_event_name(const std::string& name) {
    return std::find(known_events.begin(), known_events.end(), name) != known_events.end();
}

namespace {

// Text of an element. pugixml decodes character references without range checks
// (&#xaaaaaaaaaa; becomes bytes that are not UTF-8, &#1; a control character); Go's
// encoding/xml, MinIO's decoder, refuses both, and corral could not write them back.
std::string element_text(const pugi::xml_node& node) {
    std::string text = node.text().as_string();
    bool bad = find_invalid_utf8(text) != std::string_view::npos;
    for (std::size_t i = 0; !bad && i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        bad =
            (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
             (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE); // U+FFFE, U+FFFF
    }
    if (bad) {
        throw Error::input("malformed notification XML: invalid character in <" +
                           std::string(node.name()) + ">");
    }
    return text;
}

} // namespace

NotificationConfig parse_notification_xml(std::string_view xml) {
    if (xml.size() > (std::size_t{1} << 20)) {
        throw Error::input("notification configuration larger than 1 MiB");
    }
    if (auto bad = find_invalid_utf8(xml); bad != std::string_view::npos) {
        // Go's encoding/xml (MinIO's decoder) refuses it too; JSON output could not carry it.
        throw Error::input("notification XML is not valid UTF-8 (byte " + std::to_string(bad) +
                           ")");
    }
    pugi::xml_document doc;
    // parse_ws_pcdata_single: a <Value> of only spaces is a value, not nothing.
    auto parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                        pugi::encoding_utf8);
    if (!parsed) {
        throw Error::input(std::string("malformed notification XML: ") + parsed.description() +
                           " at byte " + std::to_string(parsed.offset));
    }
    pugi::xml_node root = doc.document_element();
    if (local_name(root.name()) != "NotificationConfiguration") {
        throw Error::input("expected <NotificationConfiguration>, found <" +
                           std::string(root.name()) + ">");
    }
    NotificationConfig config;
    for (pugi::xml_node q : root.children()) {
        if (q.type() != pugi::node_element) {
            continue;
        }
        std::string_view kind = local_name(q.name());
        if (kind == "TopicConfiguration" || kind == "CloudFunctionConfiguration") {
            // ErrUnsupportedNotification
            throw Error::input("MinIO server does not support Topic or Cloud Function based "
                               "notifications. (" +
                               std::string(kind) + ")");
        }
        if (kind != "QueueConfiguration") {
            continue; // EventBridgeConfiguration and friends: ignored like Go's decoder
        }
        QueueRule rule;
        for (pugi::xml_node c : q.children()) {
            std::string_view n = local_name(c.name());
            if (n == "Id") {
                rule.id = element_text(c);
            } else if (n == "Queue") {
                rule.arn = element_text(c);
            } else if (n == "Event") {
                rule.events.emplace_back(element_text(c));
            } else if (n == "Filter") {
                for (pugi::xml_node key : c.children()) {
                    if (local_name(key.name()) != "S3Key") {
                        continue;
                    }
                    for (pugi::xml_node fr : key.children()) {
                        if (local_name(fr.name()) != "FilterRule") {
                            continue;
                        }
                        std::string name;
                        std::string value;
                        for (pugi::xml_node f : fr.children()) {
                            if (local_name(f.name()) == "Name") {
                                name = element_text(f);
                            } else if (local_name(f.name()) == "Value") {
                                value = element_text(f);
                            }
                        }
                        if (name == "prefix") {
                            if (rule.has_prefix) {
                                throw Error::input("more than one prefix in filter rule");
                            }
                            rule.has_prefix = true;
                            rule.prefix = value;
                        } else if (name == "suffix") {
                            if (rule.has_suffix) {
                                throw Error::input("more than one suffix in filter rule");
                            }
                            rule.has_suffix = true;
                            rule.suffix = value;
                        } else {
                            throw Error::input("filter rule name must be either prefix or "
                                               "suffix (invalid filter name '" +
                                               name + "')");
                        }
                    }
                }
            }
        }
        config.queues.push_back(std::move(rule));
    }
    return config;
}

std::string render_notification_xml(const NotificationConfig& config, bool indented) {
    std::string out;
    int depth = 0;
    auto pad = [&] {
        if (indented) {
            out.append(static_cast<std::size_t>(depth) * 2, ' ');
        }
    };
    auto nl = [&] {
        if (indented) {
            out += '\n';
        }
    };
    auto open = [&](const char* tag) {
        pad();
        out += std::string("<") + tag + ">";
        nl();
        ++depth;
    };
    auto close = [&](const char* tag) {
        --depth;
        pad();
        out += std::string("</") + tag + ">";
        nl();
    };
    auto leaf = [&](const char* tag, const std::string& text) {
        pad();
        out += std::string("<") + tag + ">" + xml_escape(text) + "</" + tag + ">";
        nl();
    };
    if (config.queues.empty()) {
        return "<NotificationConfiguration></NotificationConfiguration>";
    }
    open("NotificationConfiguration");
    for (const auto& q : config.queues) {
        open("QueueConfiguration");
        if (!q.id.empty()) {
            leaf("Id", q.id);
        }
        for (const auto& e : q.events) {
            leaf("Event", e);
        }
        open("Filter");
        if (!q.has_prefix && !q.has_suffix) {
            pad();
            out += "<S3Key></S3Key>";
            nl();
        } else {
            open("S3Key");
        }
        if (q.has_prefix) {
            open("FilterRule");
            leaf("Name", "prefix");
            leaf("Value", q.prefix);
            close("FilterRule");
        }
        if (q.has_suffix) {
            open("FilterRule");
            leaf("Name", "suffix");
            leaf("Value", q.suffix);
            close("FilterRule");
        }
        if (q.has_prefix || q.has_suffix) {
            close("S3Key");
        }
        close("Filter");
        leaf("Queue", q.arn);
        close("QueueConfiguration");
    }
    close("NotificationConfiguration");
    if (indented && !out.empty()) {
        out.pop_back(); // callers add the final newline, as for the compact form
    }
    return out;
}

std::vector<std::string> expand_event_list(const std::string& list) {
    if (list.empty()) {
        throw Error::usage("--event: empty event list (use put, delete, get, replica, ilm or "
                           "scanner)");
    }
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto comma = list.find(',', start);
        std::string word =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (word.find_first_of(" \t") != std::string::npos || word.empty()) {
            // mc splits on ',' without trimming: "put, delete" reaches the server as " delete".
            throw Error::usage("--event \"" + list +
                               "\": separate event types with ',' only, no spaces (e.g. "
                               "--event put,delete)");
        }
        if (word == "put") {
            out.emplace_back("s3:ObjectCreated:*");
        } else if (word == "delete") {
            out.emplace_back("s3:ObjectRemoved:*");
        } else if (word == "get") {
            out.emplace_back("s3:ObjectAccessed:*");
        } else if (word == "replica") {
            out.emplace_back("s3:Replication:*");
        } else if (word == "ilm") {
            out.emplace_back("s3:ObjectRestore:*");
            out.emplace_back("s3:ObjectTransition:*");
        } else if (word == "scanner") {
            out.emplace_back("s3:Scanner:ManyVersions");
            out.emplace_back("s3:Scanner:BigPrefix");
        } else if (is_known_event_name(word)) {
            out.push_back(word);
        } else {
            std::vector<std::string> names = {"put", "delete", "get", "replica", "ilm", "scanner"};
            for (const char* e : known_events) {
                names.emplace_back(e);
            }
            std::string hint = did_you_mean(word, names);
            throw Error::usage("--event: unknown event type \"" + word +
                               "\" (put, delete, get, replica, ilm, scanner, or a full name like "
                               "s3:ObjectCreated:Put)" +
                               (hint.empty() ? "" : "; did you mean " + hint + "?"));
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

Arn parse_arn(const std::string& arn) {
    // internal/event/arn.go parseARN: "arn:minio:sqs:" prefix, exactly 6 ':' fields, id and type
    // non-empty; anything else is ErrInvalidARN, answered as ErrARNNotification.
    auto fail = [&](const std::string& why) {
        throw Error::usage("--arn \"" + arn + "\": " + msg_arn + " (" + why + ")");
    };
    if (arn.rfind("arn:minio:sqs:", 0) != 0) {
        fail("expected arn:minio:sqs:REGION:ID:TYPE, e.g. arn:minio:sqs::1:kafka");
    }
    std::vector<std::string> tokens;
    std::size_t start = 0;
    while (true) {
        auto colon = arn.find(':', start);
        tokens.push_back(
            arn.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    if (tokens.size() != 6) {
        fail(std::to_string(tokens.size()) +
             " fields; an ARN has 6: arn:minio:sqs:REGION:ID:TYPE (REGION is usually empty: "
             "arn:minio:sqs::1:kafka)");
    }
    if (tokens[4].empty() || tokens[5].empty()) {
        fail("empty target id or type");
    }
    return {tokens[3], tokens[4], tokens[5]};
}

void validate_config(const NotificationConfig& config) {
    std::unordered_map<std::string, std::size_t> first_seen;
    for (std::size_t i = 0; i < config.queues.size(); ++i) {
        const QueueRule& q = config.queues[i];
        if (q.events.empty()) {
            throw Error::input("rule " + std::to_string(i + 1) + " (" + q.arn +
                               "): missing event name(s)");
        }
        std::set<std::string> seen;
        for (const auto& e : q.events) {
            if (!is_known_event_name(e)) {
                throw Error::input(std::string(msg_event) + " (invalid event name '" + e + "')");
            }
            if (!seen.insert(e).second) {
                throw Error::input(std::string(msg_overlap_events) + " (duplicate event name '" +
                                   e + "' found)");
            }
        }
        // identical() as a hashable key: linear, not quadratic, on hostile documents.
        std::string key;
        auto field = [&key](const std::string& f) { key += std::to_string(f.size()) + ':' + f; };
        field(q.id);
        field(arn_without_region(q.arn));
        field(q.has_prefix ? "p" + q.prefix : "-");
        field(q.has_suffix ? "s" + q.suffix : "-");
        for (const auto& e : q.events) {
            field(e);
        }
        auto [it, inserted] = first_seen.emplace(std::move(key), i);
        if (!inserted) {
            throw Error::input(std::string(msg_overlap_filter) + " (rule " + std::to_string(i + 1) +
                               " repeats rule " + std::to_string(it->second + 1) + ": " +
                               describe(q) + ")");
        }
    }
}

// minio-go pkg/notification Configuration.AddQueue, which `mc event add` calls before writing
// (cmd/client-s3.go AddNotificationConfig, "Overlapping Queue configs"): same ARN, equal filter,
// and an event name in common (names compared as strings, not as patterns). AddQueue compares
// the Filter pointers, which mc always allocates afresh; the intent, followed here, is equal
// filter rules (EqualFilterRuleList). Returns the common names, "" when the rules do not overlap.
std::string overlapping_events(const QueueRule& existing, const QueueRule& added) {
    if (arn_without_region(existing.arn) != arn_without_region(added.arn) ||
        existing.has_prefix != added.has_prefix || existing.has_suffix != added.has_suffix ||
        existing.prefix != added.prefix || existing.suffix != added.suffix) {
        return "";
    }
    std::set<std::string> have(existing.events.begin(), existing.events.end());
    std::string common;
    std::set<std::string> listed;
    for (const auto& e : added.events) {
        if (have.count(e) != 0 && listed.insert(e).second) {
            common += (common.empty() ? "" : ",") + e;
        }
    }
    return common;
}

AddResult add_rule(NotificationConfig& config, const QueueRule& rule, bool ignore_existing,
                   bool force) {
    parse_arn(rule.arn);
    std::set<std::string> seen;
    for (const auto& e : rule.events) {
        if (!seen.insert(e).second) {
            throw Error::usage(std::string(msg_overlap_events) + " (duplicate event name '" + e +
                               "' found)");
        }
    }
    for (const auto& existing : config.queues) {
        if (identical(existing, rule)) {
            if (ignore_existing) {
                return {false};
            }
            throw Error::input(std::string(msg_overlap_filter) +
                               " (the bucket already has this rule: " + describe(rule) +
                               "; --ignore-existing makes this a no-op)");
        }
    }
    if (!force) {
        for (std::size_t i = 0; i < config.queues.size(); ++i) {
            std::string common = overlapping_events(config.queues[i], rule);
            if (!common.empty()) {
                throw Error::input("Overlapping Queue configs: rule " + std::to_string(i + 1) +
                                   " (" + describe(config.queues[i]) + ") already sends " + common +
                                   " with the same filter to this ARN; mc refuses this rule, "
                                   "--force sends it anyway (MinIO accepts it)");
            }
        }
    }
    config.queues.push_back(rule);
    return {true};
}

std::size_t remove_rules(NotificationConfig& config, const RemoveFilter& f) {
    std::set<std::string> wanted(f.events.begin(), f.events.end());
    std::string arn = f.arn.empty() ? "" : arn_without_region(f.arn);
    auto matches = [&](const QueueRule& q) {
        if (!arn.empty() && arn_without_region(q.arn) != arn) {
            return false;
        }
        if (!wanted.empty() && std::set<std::string>(q.events.begin(), q.events.end()) != wanted) {
            return false;
        }
        if (f.has_prefix && (!q.has_prefix || q.prefix != f.prefix)) {
            return false;
        }
        if (f.has_suffix && (!q.has_suffix || q.suffix != f.suffix)) {
            return false;
        }
        return true;
    };
    auto before = config.queues.size();
    config.queues.erase(std::remove_if(config.queues.begin(), config.queues.end(), matches),
                        config.queues.end());
    return before - config.queues.size();
}

Json rules_json(const NotificationConfig& config) {
    Json rules = Json::array();
    for (const auto& q : config.queues) {
        Json r;
        r["id"] = q.id;
        r["arn"] = q.arn;
        r["events"] = q.events;
        r["prefix"] = q.prefix;
        r["suffix"] = q.suffix;
        rules.push_back(std::move(r));
    }
    Json j;
    j["rules"] = rules;
    return j;
}

std::string rules_text(const NotificationConfig& config) {
    Table t({"ARN", "EVENTS", "PREFIX", "SUFFIX"});
    for (const auto& q : config.queues) {
        std::string events;
        for (const auto& e : q.events) {
            events += (events.empty() ? "" : ",") + e;
        }
        t.add_row({q.arn, events, q.prefix, q.suffix});
    }
    return t.render();
}

} // namespace corral::notify
