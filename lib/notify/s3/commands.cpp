#include "notify/s3/commands.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "notify/s3/bucket_rules.hpp"
#include "notify/s3/madmin.hpp"

namespace corral::notify {
namespace {

std::string restart_hint(const std::string& alias) {
    return "mc admin service restart " + (alias.empty() ? std::string("ALIAS") : alias);
}

Report report_of(Json data, std::string text) {
    Report report;
    report.data = std::move(data);
    report.text = std::move(text);
    return report;
}

} // namespace

Report run_target(const TargetArgs& args) {
    if (!args.sasl_password_flag.empty()) {
        throw Error::usage("--sasl-password: secrets are never accepted as flags (they end up in "
                           "shell history and ps); set CORRAL_KAFKA_SASL_PASSWORD or use "
                           "--sasl-password-file");
    }
    KafkaTargetOptions o = args.kafka;
    EnvLookup env = process_env();
    if (o.brokers.empty()) {
        o.brokers = env("CORRAL_KAFKA_BROKERS").value_or("");
    }
    if (!args.sasl_password_file.empty()) {
        o.sasl_password = read_secret_file(args.sasl_password_file);
        o.sasl_password_source = SecretSource::file;
        o.sasl_password_file = args.sasl_password_file;
    } else if (auto pw = env("CORRAL_KAFKA_SASL_PASSWORD"); pw && !o.sasl.empty()) {
        o.sasl_password = *pw;
        o.sasl_password_source = SecretSource::env;
    }
    if (args.format != "mc" && args.format != "env" && args.format != "k8s") {
        throw Error::usage("--format " + args.format + ": use mc, env or k8s");
    }
    if (args.apply && o.sasl_password.empty() && !o.sasl.empty()) {
        // Checked first: an empty CORRAL_KAFKA_SASL_PASSWORD must not become an empty password.
        throw Error::usage("--apply with --sasl needs the password: set "
                           "CORRAL_KAFKA_SASL_PASSWORD or use --sasl-password-file");
    }
    KafkaTarget t = build_kafka_target(o);
    for (const auto& w : t.warnings) {
        log::warn("{}", w);
    }

    if (!args.apply) {
        if (args.restart) {
            throw Error::usage("--restart needs --apply");
        }
        std::string text;
        if (args.format == "mc") {
            text = render_mc(t, args.connection.alias);
        } else if (args.format == "env") {
            text = render_env(t);
        } else {
            text = render_k8s(t, args.k8s_secret.empty() ? "minio-notify-kafka-" + t.id
                                                         : args.k8s_secret);
        }
        log::info("notify_kafka is not dynamic: MinIO must be restarted after the change ({}); "
                  "then use {} in `corral notify event add`",
                  restart_hint(args.connection.alias), kafka_arn(t.id));
        return report_of(target_json(t), text);
    }

    Resolved r = resolve_connection(args.connection, env, false);
    if (!r.bucket.empty()) {
        throw Error::usage("--apply configures the server: give --alias ALIAS or --endpoint URL, "
                           "not a bucket");
    }
    S3Client client(r.endpoint);
    std::string key = "notify_kafka:" + t.id;
    log::info("setting {} on {} ({})", key, r.endpoint.url, r.endpoint.origin);
    SetConfigResult set = admin_set_config_kv(client, config_kv_line(t));
    std::string readback = admin_get_config_kv(client, key);
    Json readback_keys = Json::object();
    std::vector<std::string> mismatched;
    for (const auto& line_view : [&] {
             std::vector<std::string> lines;
             std::size_t s = 0;
             while (s < readback.size()) {
                 auto nl = readback.find('\n', s);
                 lines.push_back(
                     readback.substr(s, nl == std::string::npos ? std::string::npos : nl - s));
                 s = nl == std::string::npos ? readback.size() : nl + 1;
             }
             return lines;
         }()) {
        std::string target;
        auto kvs = parse_config_kv_line(line_view, target);
        if (target != key) {
            continue;
        }
        for (const auto& [k, v] : kvs) {
            readback_keys[k] = is_secret_key(k) ? "***" : v;
        }
    }
    for (const auto& [k, v] : t.keys) {
        if (is_secret_key(k)) {
            continue; // MinIO redacts secrets in get-config-kv
        }
        if (!readback_keys.contains(k) || readback_keys[k] != v) {
            mismatched.push_back(k);
        }
    }
    Json j = target_json(t);
    j["applied"] = true;
    j["endpoint"] = r.endpoint.url;
    j["restart_required"] = !set.applied_dynamically;
    j["readback"] = readback_keys;
    j["readback_mismatch"] = mismatched;
    std::string text = "set " + key + " on " + r.endpoint.url + "\n";
    if (!mismatched.empty()) {
        std::string list;
        for (const auto& k : mismatched) {
            list += (list.empty() ? "" : ", ") + k;
        }
        log::warn("get-config-kv reads back different values for: {}", list);
    }
    if (args.restart) {
        admin_service_restart(client);
        j["restarted"] = true;
        text += "restart requested\n";
    } else if (!set.applied_dynamically) {
        text += "MinIO must be restarted to load it: " + restart_hint(r.alias) + "\n";
    }
    text += "ARN: " + kafka_arn(t.id) + "\n";
    return report_of(j, text);
}

namespace {

void require_utf8_flags(const EventArgs& args) {
    for (const auto* v : {&args.arn, &args.prefix, &args.suffix, &args.events}) {
        if (find_invalid_utf8(*v) != std::string::npos) {
            throw Error::usage(
                "--arn/--prefix/--suffix/--event: not valid UTF-8 (S3 object keys are UTF-8)");
        }
    }
}

QueueRule rule_from_args(const EventArgs& args) {
    require_utf8_flags(args);
    if (args.arn.empty()) {
        throw Error::usage("--arn is required (e.g. arn:minio:sqs::1:kafka; `corral notify "
                           "target` prints it)");
    }
    parse_arn(args.arn);
    QueueRule rule;
    rule.arn = args.arn;
    rule.events = expand_event_list(args.events_given ? args.events : "put,delete,get");
    // mc adds filter rules only for non-empty values (cmd/client-s3.go AddNotificationConfig).
    rule.has_prefix = !args.prefix.empty();
    rule.prefix = args.prefix;
    rule.has_suffix = !args.suffix.empty();
    rule.suffix = args.suffix;
    return rule;
}

struct Current {
    NotificationConfig config;
    std::unique_ptr<S3Client> client;
    std::string bucket;
};

Current load_current(const EventArgs& args, bool allow_file) {
    Current c;
    if (!args.current_file.empty()) {
        if (!allow_file) {
            throw Error::usage("--current reads the configuration from a file: only with "
                               "--dry-run or event list");
        }
        InputFile in = read_input(args.current_file);
        try {
            c.config = parse_notification_xml(in.content);
        } catch (Error& e) {
            throw e.at(in.name);
        }
        return c;
    }
    Resolved r = resolve_connection(args.connection, process_env(), true);
    c.client = std::make_unique<S3Client>(r.endpoint);
    c.bucket = r.bucket;
    std::string xml = c.client->get_bucket_notification(r.bucket);
    try {
        c.config = parse_notification_xml(xml);
    } catch (const Error& e) {
        throw Error::remote("GET " + r.endpoint.url + "/" + r.bucket +
                            "?notification=: unreadable answer: " + e.message());
    }
    return c;
}

} // namespace

Report run_event_add(const EventArgs& args) {
    QueueRule rule = rule_from_args(args);
    Current c = load_current(args, args.dry_run);
    // Only the new rule is judged: rules already on the server were accepted by it (a newer
    // MinIO may know event names this build does not).
    AddResult added = add_rule(c.config, rule, args.ignore_existing, args.force);
    std::string xml = render_notification_xml(c.config);
    if (args.dry_run) {
        Json j = rules_json(c.config);
        j["xml"] = xml; // the exact PUT body
        j["changed"] = added.added;
        return report_of(j, render_notification_xml(c.config, true) + "\n");
    }
    if (!added.added) {
        log::info("the rule exists already; nothing to do");
    } else {
        c.client->put_bucket_notification(c.bucket, xml);
        log::info("added {} to bucket {}", rule.arn, c.bucket);
    }
    Json j = rules_json(c.config);
    j["changed"] = added.added;
    return report_of(j, rules_text(c.config));
}

Report run_event_list(const EventArgs& args) {
    require_utf8_flags(args);
    Current c = load_current(args, true);
    if (!args.arn.empty()) {
        parse_arn(args.arn);
        NotificationConfig filtered;
        for (const auto& q : c.config.queues) {
            NotificationConfig one{{q}};
            RemoveFilter f;
            f.arn = args.arn;
            if (remove_rules(one, f) == 1) {
                filtered.queues.push_back(q);
            }
        }
        c.config = filtered;
    }
    return report_of(rules_json(c.config), c.config.queues.empty() ? "" : rules_text(c.config));
}

Report run_event_remove(const EventArgs& args) {
    require_utf8_flags(args);
    RemoveFilter f;
    if (args.arn.empty()) {
        if (!args.force) {
            throw Error::usage("give --arn ARN to remove its rules, or --force to remove every "
                               "rule of the bucket");
        }
        if (args.events_given || args.prefix_given || args.suffix_given) {
            throw Error::usage("--event/--prefix/--suffix select rules of one --arn");
        }
    } else {
        parse_arn(args.arn);
        f.arn = args.arn;
    }
    if (args.events_given) {
        f.events = expand_event_list(args.events);
    }
    f.has_prefix = args.prefix_given;
    f.prefix = args.prefix;
    f.has_suffix = args.suffix_given;
    f.suffix = args.suffix;
    Current c = load_current(args, args.dry_run);
    std::size_t removed = remove_rules(c.config, f);
    if (removed == 0 && !args.arn.empty()) {
        throw Error::input("no notification rule matches " + args.arn +
                           (args.events_given ? " with events " + args.events : "") +
                           (args.prefix_given ? " prefix \"" + args.prefix + "\"" : "") +
                           (args.suffix_given ? " suffix \"" + args.suffix + "\"" : ""));
    }
    std::string xml = render_notification_xml(c.config);
    Json j = rules_json(c.config);
    j["removed"] = removed;
    if (args.dry_run) {
        j["xml"] = xml;
        return report_of(j, render_notification_xml(c.config, true) + "\n");
    }
    if (removed > 0) {
        c.client->put_bucket_notification(c.bucket, xml);
    }
    log::info("removed {} rule(s) from bucket {}", removed, c.bucket);
    return report_of(j, rules_text(c.config));
}

} // namespace corral::notify
