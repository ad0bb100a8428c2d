#include "notify/event_decode.hpp"

#include "core/output.hpp"

#include "core/error.hpp"
#include "core/http.hpp"
#include "core/io.hpp"
#include "notify/event_scan.hpp"
#include "notify/json_scan.hpp"

#include <cctype>
#include <charconv>
#include <cstring>

namespace corral::notify {

namespace {

using json::max_depth;
using json::plain_ascii_run;
using json::plain_string_run;
using json::visible_run;

// A validating JSON parser (RFC 8259) that builds a flat tree of spans into the input: no string
// is copied while parsing, so one 1 KB event costs one pass and no allocation once the node
// vector has grown. Strings keep their escaped form; unescape() decodes the few we need.
enum class Type : std::uint8_t { null, boolean, number, string, array, object };

struct Node {
    Type type = Type::null;
    bool key_escaped = false;
    bool value_escaped = false;
    std::uint32_t first_child = 0; // index into nodes; 0 = none (node 0 is the root)
    std::uint32_t next = 0;        // next sibling; 0 = none
    std::string_view key;          // member name (raw), for members of objects
    std::string_view value;        // string contents (raw) or number text
};

class Parser {
public:
    Parser(std::vector<Node>& nodes, std::string_view text) : m_nodes(nodes), m_text(text) {}

    bool parse(std::string& error) {
        m_nodes.clear();
        skip_ws();
        if (m_pos >= m_text.size()) {
            error = m_text.empty() ? "empty message" : "no JSON value (only white space)";
            return false;
        }
        if (!value(0)) {
            error = m_error;
            return false;
        }
        skip_ws();
        if (m_pos != m_text.size()) {
            error = "not JSON: unexpected data after the document at byte " + std::to_string(m_pos);
            return false;
        }
        return true;
    }

private:
    bool fail(std::string what) {
        if (m_pos >= m_text.size()) {
            m_error = "truncated JSON: the message ends inside " + what;
        } else {
            m_error = "not JSON: " + what + " at byte " + std::to_string(m_pos);
        }
        return false;
    }

    void skip_ws() {
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            ++m_pos;
        }
    }

    std::uint32_t new_node(Type type) {
        m_nodes.push_back(Node{});
        m_nodes.back().type = type;
        return static_cast<std::uint32_t>(m_nodes.size() - 1);
    }

    // Scans a string starting at the opening quote; sets span (without quotes) and escaped.
    bool string(std::string_view& span, bool& escaped) {
        ++m_pos; // opening quote
        std::size_t start = m_pos;
        escaped = false;
        const char* data = m_text.data();
        std::size_t n = m_text.size();
        while (m_pos < n) {
            m_pos += plain_string_run(data + m_pos, n - m_pos);
            if (m_pos >= n) {
                break;
            }
            auto c = static_cast<unsigned char>(data[m_pos]);
            if (c == '"') {
                span = m_text.substr(start, m_pos - start);
                ++m_pos;
                return true;
            }
            if (c == '\\') {
                escaped = true;
                ++m_pos;
                if (m_pos >= n) {
                    return fail("a string");
                }
                char e = data[m_pos];
                if (e == 'u') {
                    for (int i = 1; i <= 4; ++i) {
                        if (m_pos + i >= n) {
                            m_pos = n;
                            return fail("a string");
                        }
                        if (!std::isxdigit(static_cast<unsigned char>(data[m_pos + i]))) {
                            m_pos += i;
                            return fail("bad \\u escape in a string");
                        }
                    }
                    m_pos += 4;
                } else if (e == '\0' || std::strchr("\"\\/bfnrt", e) == nullptr) {
                    return fail("bad escape in a string");
                }
            } else if (c < 0x20) {
                return fail("control character in a string");
            }
            ++m_pos;
        }
        return fail("a string");
    }

    bool number() {
        std::size_t start = m_pos;
        auto digit = [&] {
            return m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9';
        };
        if (m_pos < m_text.size() && m_text[m_pos] == '-') {
            ++m_pos;
        }
        if (!digit()) {
            return fail("a number");
        }
        if (m_text[m_pos] == '0') {
            ++m_pos;
        } else {
            while (digit()) {
                ++m_pos;
            }
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            if (!digit()) {
                return fail("a number");
            }
            while (digit()) {
                ++m_pos;
            }
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
                ++m_pos;
            }
            if (!digit()) {
                return fail("a number");
            }
            while (digit()) {
                ++m_pos;
            }
        }
        std::uint32_t id = new_node(Type::number);
        m_nodes[id].value = m_text.substr(start, m_pos - start);
        return true;
    }

    bool literal(std::string_view word, Type type) {
        if (m_text.substr(m_pos, word.size()) != word) {
            if (m_text.size() - m_pos < word.size() &&
                word.substr(0, m_text.size() - m_pos) == m_text.substr(m_pos)) {
                m_pos = m_text.size();
                return fail("a literal");
            }
            return fail("unexpected character");
        }
        std::uint32_t id = new_node(type);
        m_nodes[id].value = m_text.substr(m_pos, word.size());
        m_pos += word.size();
        return true;
    }

    // Parses a value at m_pos (white space skipped) and returns its node index via m_last.
    bool value(int depth) {
        if (depth > max_depth) {
            return fail("nesting deeper than 128 levels");
        }
        if (m_pos >= m_text.size()) {
            return fail("a value");
        }
        char c = m_text[m_pos];
        switch (c) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"': {
            std::string_view span;
            bool escaped = false;
            if (!string(span, escaped)) {
                return false;
            }
            std::uint32_t id = new_node(Type::string);
            m_nodes[id].value = span;
            m_nodes[id].value_escaped = escaped;
            return true;
        }
        case 't':
            return literal("true", Type::boolean);
        case 'f':
            return literal("false", Type::boolean);
        case 'n':
            return literal("null", Type::null);
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            return fail("unexpected character");
        }
    }

    bool object(int depth) {
        std::uint32_t id = new_node(Type::object);
        ++m_pos;
        skip_ws();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return true;
        }
        std::uint32_t last = 0;
        for (;;) {
            skip_ws();
            if (m_pos >= m_text.size()) {
                return fail("an object");
            }
            if (m_text[m_pos] != '"') {
                return fail("expected a member name");
            }
            std::string_view key;
            bool key_escaped = false;
            if (!string(key, key_escaped)) {
                return false;
            }
            skip_ws();
            if (m_pos >= m_text.size()) {
                return fail("an object");
            }
            if (m_text[m_pos] != ':') {
                return fail("expected ':'");
            }
            ++m_pos;
            skip_ws();
            auto child = static_cast<std::uint32_t>(m_nodes.size());
            if (!value(depth + 1)) {
                return false;
            }
            m_nodes[child].key = key;
            m_nodes[child].key_escaped = key_escaped;
            if (last == 0) {
                m_nodes[id].first_child = child;
            } else {
                m_nodes[last].next = child;
            }
            last = child;
            skip_ws();
            if (m_pos >= m_text.size()) {
                return fail("an object");
            }
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == '}') {
                ++m_pos;
                return true;
            }
            return fail("expected ',' or '}'");
        }
    }

    bool array(int depth) {
        std::uint32_t id = new_node(Type::array);
        ++m_pos;
        skip_ws();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return true;
        }
        std::uint32_t last = 0;
        for (;;) {
            skip_ws();
            auto child = static_cast<std::uint32_t>(m_nodes.size());
            if (!value(depth + 1)) {
                return false;
            }
            if (last == 0) {
                m_nodes[id].first_child = child;
            } else {
                m_nodes[last].next = child;
            }
            last = child;
            skip_ws();
            if (m_pos >= m_text.size()) {
                return fail("an array");
            }
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_text[m_pos] == ']') {
                ++m_pos;
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    std::vector<Node>& m_nodes;
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::string m_error;
};

std::string unescape(std::string_view raw, bool escaped) {
    if (!escaped) {
        return std::string(raw);
    }
    std::string out;
    json::append_unescaped(out, raw);
    return out;
}

const Node* member(const std::vector<Node>& nodes, const Node* obj, std::string_view name) {
    if (obj == nullptr || obj->type != Type::object) {
        return nullptr;
    }
    for (std::uint32_t c = obj->first_child; c != 0; c = nodes[c].next) {
        const Node& n = nodes[c];
        if (!n.key_escaped ? n.key == name : unescape(n.key, true) == name) {
            return &n;
        }
    }
    return nullptr;
}

template <typename... Names>
const Node* path(const std::vector<Node>& nodes, const Node* obj, Names... names) {
    for (std::string_view name : {std::string_view(names)...}) {
        obj = member(nodes, obj, name);
        if (obj == nullptr) {
            return nullptr;
        }
    }
    return obj;
}

std::string text_of(const Node* n) {
    if (n == nullptr) {
        return "";
    }
    if (n->type == Type::string) {
        return unescape(n->value, n->value_escaped);
    }
    if (n->type == Type::number) {
        return std::string(n->value);
    }
    return "";
}

std::optional<std::int64_t> size_of(const Node* n) {
    if (n == nullptr) {
        return std::nullopt;
    }
    std::string_view s = n->value;
    if (n->type != Type::number && n->type != Type::string) {
        return std::nullopt;
    }
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) {
        return std::nullopt;
    }
    return v;
}

bool decode_record(const std::vector<Node>& nodes, const Node* rec, std::string_view top_event,
                   std::string_view top_key, MinioEvent& e) {
    if (rec == nullptr || rec->type != Type::object) {
        return false;
    }
    e.event = text_of(member(nodes, rec, "eventName"));
    if (e.event.empty()) {
        e.event = std::string(top_event);
    }
    e.time = text_of(member(nodes, rec, "eventTime"));
    const Node* s3 = member(nodes, rec, "s3");
    e.bucket = text_of(path(nodes, s3, "bucket", "name"));
    const Node* object = path(nodes, s3, "object");
    const Node* key = member(nodes, object, "key");
    if (key != nullptr && key->type == Type::string) {
        // Go's url.QueryUnescape as MinIO's producer inverts it: %XX and '+' for space; a malformed
        // escape (never produced by MinIO) is kept literally rather than dropping the event.
        e.key = url_decode(unescape(key->value, key->value_escaped), true);
    } else {
        // The message key (and the top-level "Key") is "BUCKET/KEY", already decoded.
        std::size_t slash = top_key.find('/');
        if (slash != std::string_view::npos) {
            if (e.bucket.empty()) {
                e.bucket = std::string(top_key.substr(0, slash));
            }
            e.key = std::string(top_key.substr(slash + 1));
        }
    }
    e.size = size_of(member(nodes, object, "size"));
    e.etag = text_of(member(nodes, object, "eTag"));
    e.sequencer = text_of(member(nodes, object, "sequencer"));
    e.version_id = text_of(member(nodes, object, "versionId"));
    e.content_type = text_of(member(nodes, object, "contentType"));
    return !e.event.empty() || !e.bucket.empty();
}

} // namespace

struct EventDecoder::Impl {
    EventScanner scanner;
    std::vector<Node> nodes;
    std::vector<MinioEvent>
        declined; // what the tree decoder made of a payload the scanner declined
};

EventDecoder::EventDecoder() : m_impl(new Impl) {
    m_impl->nodes.reserve(256);
}

EventDecoder::~EventDecoder() {
    delete m_impl;
}

bool EventDecoder::decode(std::string_view payload, std::string_view message_key,
                          std::vector<MinioEvent>& out, std::string& error) {
    std::size_t count = out.size();
    if (m_impl->scanner.scan(payload, message_key, out, count)) {
        out.resize(count);
        return true;
    }
    out.resize(count); // drop what the scanner added before it declined
    return decode_tree(payload, message_key, out, error);
}

bool EventDecoder::decode_into(std::string_view payload, std::string_view message_key,
                               std::vector<MinioEvent>& pool, std::size_t& count,
                               std::string& error) {
    if (m_impl->scanner.scan(payload, message_key, pool, count)) {
        return true;
    }
    auto& declined = m_impl->declined;
    declined.clear();
    if (!decode_tree(payload, message_key, declined, error)) {
        return false;
    }
    for (auto& e : declined) {
        if (count == pool.size()) {
            pool.push_back(std::move(e));
        } else {
            pool[count] = std::move(e);
        }
        ++count;
    }
    return true;
}

bool EventDecoder::decode_tree(std::string_view payload, std::string_view message_key,
                               std::vector<MinioEvent>& out, std::string& error) {
    auto& nodes = m_impl->nodes;
    Parser parser(nodes, payload);
    if (!parser.parse(error)) {
        return false;
    }
    const Node* root = &nodes[0];
    if (root->type != Type::object) {
        error = "not a MinIO event: the JSON document is not an object";
        return false;
    }
    std::string top_event = text_of(member(nodes, root, "EventName"));
    if (top_event.empty()) {
        top_event = text_of(member(nodes, root, "EventType")); // MinIO before 2019
    }
    std::string top_key = text_of(member(nodes, root, "Key"));
    if (top_key.empty()) {
        top_key = std::string(message_key);
    }
    const Node* records = member(nodes, root, "Records");
    std::size_t before = out.size();
    if (records == nullptr) {
        // A bare record (some relays unwrap the Records array).
        if (member(nodes, root, "s3") != nullptr) {
            MinioEvent e;
            if (decode_record(nodes, root, top_event, top_key, e)) {
                out.push_back(std::move(e));
                return true;
            }
        }
        error = "not a MinIO event: no \"Records\" array";
        return false;
    }
    if (records->type != Type::array) {
        error = "not a MinIO event: \"Records\" is not an array";
        return false;
    }
    std::size_t index = 0;
    for (std::uint32_t c = records->first_child; c != 0; c = nodes[c].next) {
        MinioEvent e;
        ++index;
        if (!decode_record(nodes, &nodes[c], top_event, top_key, e)) {
            out.resize(before);
            error = "not a MinIO event: record " + std::to_string(index) +
                    " has neither eventName nor s3.bucket.name";
            return false;
        }
        out.push_back(std::move(e));
    }
    if (out.size() == before) {
        error = "not a MinIO event: \"Records\" is empty";
        return false;
    }
    return true;
}

std::vector<MinioEvent> decode_events(std::string_view payload, std::string_view source,
                                      std::string_view message_key) {
    EventDecoder decoder;
    std::vector<MinioEvent> out;
    std::string error;
    if (!decoder.decode(payload, message_key, out, error)) {
        Error err = Error::input(error);
        if (!source.empty()) {
            err.at(std::string(source));
        }
        throw err;
    }
    return out;
}

std::vector<std::string> expand_event_name(std::string_view name) {
    if (name == "put") {
        return {"s3:ObjectCreated:*"};
    }
    if (name == "delete") {
        return {"s3:ObjectRemoved:*"};
    }
    if (name == "get") {
        return {"s3:ObjectAccessed:*"};
    }
    if (name == "replica") {
        return {"s3:Replication:*"};
    }
    if (name == "ilm") {
        return {"s3:ObjectRestore:*", "s3:ObjectTransition:*"};
    }
    if (name == "scanner") {
        return {"s3:Scanner:ManyVersions", "s3:Scanner:BigPrefix"};
    }
    return {std::string(name)};
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
    // Iterative glob with backtracking to the last '*': linear-ish, no recursion.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

void EventFilter::add_event_option(std::string_view value) {
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = value.find(',', start);
        std::string_view item = value.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (item.empty()) {
            throw Error::usage(
                "--event '" + std::string(value) +
                "': empty event name (write put,delete without spaces or empty items)");
        }
        if (item.find_first_of(" \t") != std::string_view::npos) {
            throw Error::usage("--event '" + std::string(value) + "': '" + std::string(item) +
                               "' contains a space (write put,delete without spaces)");
        }
        std::string aws_style;
        if (item != "put" && item != "delete" && item != "get" && item != "replica" &&
            item != "ilm" && item != "scanner" && !item.starts_with("s3:")) {
            if (item.find(':') == std::string_view::npos) {
                throw Error::usage("--event '" + std::string(item) +
                                   "': expected put, delete, get, replica, ilm, scanner or an "
                                   "s3:... pattern such as s3:ObjectCreated:*");
            }
            // AWS's spelling of the same name (ObjectCreated:*), as in S3's own payloads.
            aws_style = "s3:" + std::string(item);
            item = aws_style;
        }
        for (auto& e : expand_event_name(item)) {
            events.push_back(std::move(e));
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
}

bool EventFilter::matches(const MinioEvent& e) const {
    if (!bucket.empty() && e.bucket != bucket) {
        return false;
    }
    if (!prefix.empty() && !e.key.starts_with(prefix)) {
        return false;
    }
    if (!suffix.empty() && !e.key.ends_with(suffix)) {
        return false;
    }
    if (events.empty()) {
        return true;
    }
    // S3 delivers "ObjectCreated:Put" to SQS/SNS/Lambda (and S3-shaped relays forward it as
    // is) where MinIO writes "s3:ObjectCreated:Put": both name the same event.
    std::string aws_name;
    std::string_view name = e.event;
    if (!name.starts_with("s3:") && name.find(':') != std::string_view::npos) {
        aws_name = "s3:" + e.event;
        name = aws_name;
    }
    for (const auto& pattern : events) {
        if (wildcard_match(pattern, name)) {
            return true;
        }
    }
    return false;
}

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size();
    while (i < n) {
        // Copy runs of plain ASCII at once.
        std::size_t run = plain_ascii_run(s.data() + i, n - i);
        out.append(s.data() + i, run);
        i += run;
        if (i >= n) {
            break;
        }
        unsigned char c = b[i];
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++i;
        } else if (c < 0x20) {
            switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            }
            ++i;
        } else {
            // Validate one UTF-8 sequence (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
            std::size_t len = 0;
            std::uint32_t cp = 0;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                cp = c & 0x07;
            }
            bool ok = len != 0 && i + len <= n;
            for (std::size_t k = 1; ok && k < len; ++k) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (b[i + k] & 0x3F);
                }
            }
            if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                       (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))) {
                ok = false;
            }
            if (ok) {
                out.append(s.data() + i, len);
                i += len;
            } else {
                out += "\xEF\xBF\xBD";
                ++i;
            }
        }
    }
    out += '"';
}

void append_event_jsonl(std::string& out, const MinioEvent& e) {
    out += "{\"event\":";
    append_json_string(out, e.event);
    out += ",\"bucket\":";
    append_json_string(out, e.bucket);
    out += ",\"key\":";
    append_json_string(out, e.key);
    out += ",\"size\":";
    if (e.size) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, *e.size);
        out.append(buf, r.ptr);
    } else {
        out += "null";
    }
    out += ",\"etag\":";
    append_json_string(out, e.etag);
    out += ",\"time\":";
    append_json_string(out, e.time);
    out += ",\"sequencer\":";
    append_json_string(out, e.sequencer);
    out += "}\n";
}

namespace {

void append_visible(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t run = visible_run(s.data() + i, s.size() - i);
        std::string_view part = s.substr(i, run);
        bool ascii = true;
        for (char ch : part) {
            ascii &= static_cast<unsigned char>(ch) < 0x80;
        }
        if (ascii) {
            out += part;
        } else {
            // Invalid UTF-8 and C1 controls (U+0080..U+009F) become \xNN too (core, issue 15).
            out += terminal_text(part, false);
        }
        i += run;
        if (i >= s.size()) {
            break;
        }
        auto c = static_cast<unsigned char>(s[i++]);
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
}

} // namespace

void append_event_text(std::string& out, const MinioEvent& e) {
    append_visible(out, e.time.empty() ? "-" : e.time);
    out += '\t';
    append_visible(out, e.event);
    out += '\t';
    append_visible(out, e.bucket);
    out += '/';
    append_visible(out, e.key);
    out += '\t';
    out += e.size ? std::to_string(*e.size) : "-";
    out += '\t';
    append_visible(out, e.etag.empty() ? "-" : e.etag);
    out += '\n';
}

} // namespace corral::notify
