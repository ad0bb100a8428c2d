#include "core/yaml.hpp"
#include "core/yaml_document.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <regex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace corral {

namespace {

bool is_marker(std::string_view line, std::string_view marker) {
    if (line.substr(0, 3) != marker) {
        return false;
    }
    return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' ||
           line[3] == '\n';
}

// Rough upper bound of the nesting yaml-cpp will recurse through: flow brackets plus
// compact "- - -" sequences on one line. Quoted text and comments are skipped.
int estimate_depth(std::string_view text) {
    int flow = 0;
    int worst = 0;
    char quote = 0;
    bool comment = false;
    bool line_start = true;
    int compact = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\n') {
            comment = false;
            line_start = true;
            compact = 0;
            if (quote == '\'') {
                // single-quoted scalars may span lines; keep state
            }
            continue;
        }
        if (comment) {
            continue;
        }
        if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (line_start && (c == ' ' || c == '\t')) {
            continue;
        }
        if (line_start && (c == '-' || c == '?') && i + 1 < text.size() &&
            (text[i + 1] == ' ' || text[i + 1] == '\t')) {
            ++compact;
            worst = std::max(worst, flow + compact);
            ++i;
            continue;
        }
        line_start = false;
        switch (c) {
        case '"':
        case '\'':
            quote = c;
            break;
        case '#':
            if (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t') {
                comment = true;
            }
            break;
        case '[':
        case '{':
            ++flow;
            worst = std::max(worst, flow + compact);
            break;
        case ']':
        case '}':
            flow = std::max(0, flow - 1);
            break;
        default:
            break;
        }
    }
    return worst;
}

bool only_comments(std::string_view text) {
    bool in_comment = false;
    for (char c : text) {
        if (c == '\n') {
            in_comment = false;
        } else if (in_comment) {
            continue;
        } else if (c == '#') {
            in_comment = true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return false;
        }
    }
    return true;
}

std::string key_text(const YAML::Node& key) {
    if (key.IsNull()) {
        return "null"; // "NULL:", "~:" (yaml-cpp keeps no text for null scalars)
    }
    if (key.IsScalar()) {
        return key.Scalar();
    }
    YAML::Emitter e;
    e << YAML::Flow << key;
    return e.c_str();
}

// One walk over a loaded document, before anything converts it. It rejects
// - a collection that contains itself through an alias (`a: &x [*x]`): yaml-cpp builds a cycle
//   that would recurse forever; Go's yaml.v2, which kubectl reads with, says "anchor 'x' value
//   contains itself";
// - a collection as a mapping key (`? [a]`): sigs.k8s.io/yaml's JSON conversion has no such key
//   ("Unsupported map key"), and writing one out is where a key could smuggle a cycle or a bomb;
// - when asked, duplicate mapping keys.
// An alias shares its anchor's node, so each collection is walked once; its expanded size (what a
// conversion to JSON, or any tree walk, would visit) is computed on the way, memoised per node, so
// alias bombs are measured without being expanded. Source positions index the nodes; node.is()
// settles the rare shared position.
struct DocumentWalk {
    const YamlDocument& doc;
    const std::string& file;
    bool duplicate_keys;
    std::unordered_multimap<int, std::pair<YAML::Node, std::size_t>> visited;
    std::vector<YAML::Node> path_nodes;
    std::size_t distinct = 0; // nodes in the document as written

    static std::size_t add(std::size_t a, std::size_t b) {
        return a > SIZE_MAX - b ? SIZE_MAX : a + b; // saturate: a bomb can pass 2^64
    }

    const std::size_t* seen(int id, const YAML::Node& node) const {
        auto [first, last] = visited.equal_range(id);
        for (auto it = first; it != last; ++it) {
            if (it->second.first.is(node)) {
                return &it->second.second;
            }
        }
        return nullptr;
    }

    // yaml-cpp ends a quoted scalar that runs into the end of the document after a line break
    // ("a: \"abc\n") as if it were closed; PyYAML and Go's yaml say "found unexpected end of
    // stream". A truncated file must not pass.
    void check_closed_quote(const YAML::Node& node, const std::string& path) const {
        if (!node.IsScalar() || node.Tag() != "!") {
            return;
        }
        auto pos = static_cast<std::size_t>(node.Mark().pos);
        const std::string& t = doc.text;
        if (pos >= t.size() || (t[pos] != '"' && t[pos] != '\'')) {
            return;
        }
        char q = t[pos];
        for (std::size_t i = pos + 1; i < t.size(); ++i) {
            if (q == '"' && t[i] == '\\') {
                ++i;
            } else if (t[i] == q) {
                if (q == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
                    ++i; // '' is an escaped quote
                    continue;
                }
                return;
            }
        }
        throw Error::input(std::string("unexpected end of the document inside a ") +
                           (q == '"' ? "double" : "single") + "-quoted string (truncated file?)")
            .at(file, doc.line_of(node), doc.column_of(node))
            .field(path);
    }

    // Returns the node's expanded size (1 for a scalar).
    std::size_t walk(const YAML::Node& node, const std::string& path) {
        if (!node.IsMap() && !node.IsSequence()) {
            ++distinct;
            check_closed_quote(node, path);
            return 1;
        }
        int id = node.Mark().pos;
        if (std::any_of(path_nodes.begin(), path_nodes.end(),
                        [&](const YAML::Node& n) { return n.is(node); })) {
            throw Error::input("anchor value contains itself")
                .at(file, doc.line_of(node), doc.column_of(node))
                .field(path);
        }
        if (const std::size_t* size = seen(id, node)) {
            return *size;
        }
        ++distinct;
        path_nodes.push_back(node);
        std::size_t size = 1;
        if (node.IsMap()) {
            std::unordered_set<std::string> keys;
            for (const auto& kv : node) {
                if (kv.first.IsMap() || kv.first.IsSequence()) {
                    throw Error::input("mapping key must be a scalar, not a collection")
                        .at(file, doc.line_of(kv.first), doc.column_of(kv.first))
                        .field(path);
                }
                std::string key = key_text(kv.first);
                std::string child = path.empty() ? key : path + "." + key;
                if (duplicate_keys && !keys.insert(key).second) {
                    throw Error::input("duplicate mapping key '" + key + "'")
                        .at(file, doc.line_of(kv.first), doc.column_of(kv.first))
                        .field(child);
                }
                size = add(size, 1 + walk(kv.second, child));
            }
        } else {
            std::size_t i = 0;
            for (const auto& item : node) {
                size = add(size, walk(item, path + "[" + std::to_string(i++) + "]"));
            }
        }
        path_nodes.pop_back();
        visited.emplace(id, std::make_pair(node, size));
        return size;
    }
};

// gopkg.in/yaml.v2 and yaml.v3 decode.go allowedAliasRatio (CVE-2019-11253, the fix kubectl and
// the API server got): up to 400,000 decoded nodes 99% may come through aliases, from 4,000,000
// only 10%, linear in between; fewer than 1,000 nodes or 100 aliased ones are always fine.
bool excessive_aliasing(std::size_t expanded, std::size_t distinct) {
    if (expanded <= 1000 || expanded <= distinct || expanded - distinct <= 100) {
        return false;
    }
    constexpr double low = 400000, high = 4000000;
    double e = static_cast<double>(expanded);
    double allowed = e <= low ? 0.99 : e >= high ? 0.10 : 0.99 - 0.89 * ((e - low) / (high - low));
    return static_cast<double>(expanded - distinct) / e > allowed;
}

std::string strip_underscores(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c != '_') {
            out += c;
        }
    }
    return out;
}

bool parse_integer(std::string_view s, long long& value, bool& too_big) {
    too_big = false;
    std::string digits = strip_underscores(s);
    std::string_view d = digits;
    bool negative = false;
    if (!d.empty() && (d[0] == '+' || d[0] == '-')) {
        negative = d[0] == '-';
        d.remove_prefix(1);
    }
    if (d.empty()) {
        return false;
    }
    int base = 10;
    if (d.size() > 2 && d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) {
        base = 16;
        d.remove_prefix(2);
    } else if (d.size() > 2 && d[0] == '0' && (d[1] == 'o' || d[1] == 'O')) {
        base = 8;
        d.remove_prefix(2);
    } else if (d.size() > 2 && d[0] == '0' && (d[1] == 'b' || d[1] == 'B')) {
        base = 2;
        d.remove_prefix(2);
    } else if (d.size() > 1 && d[0] == '0') {
        base = 8; // YAML 1.1 / Go ParseInt(s, 0, 64): leading 0 is octal
        d.remove_prefix(1);
    }
    unsigned long long magnitude = 0;
    auto [ptr, ec] = std::from_chars(d.data(), d.data() + d.size(), magnitude, base);
    if (ptr != d.data() + d.size()) {
        return false;
    }
    if (ec == std::errc::result_out_of_range ||
        magnitude > static_cast<unsigned long long>(INT64_MAX) + (negative ? 1 : 0)) {
        too_big = true;
        return true;
    }
    value = negative ? static_cast<long long>(0ULL - magnitude) : static_cast<long long>(magnitude);
    return true;
}

const std::regex& float_pattern() {
    static const std::regex re(R"(^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$)",
                               std::regex::optimize);
    return re;
}

bool is_special_float(std::string_view s) {
    static const std::unordered_set<std::string_view> words = {".inf",  ".Inf",  ".INF",  "+.inf",
                                                               "+.Inf", "+.INF", "-.inf", "-.Inf",
                                                               "-.INF", ".nan",  ".NaN",  ".NAN"};
    return words.count(s) != 0;
}

Json plain_to_json(const std::string& s) {
    switch (resolve_plain_scalar(s)) {
    case ScalarType::null:
        return nullptr;
    case ScalarType::boolean: {
        char c = s[0];
        return c == 'y' || c == 'Y' || c == 't' || c == 'T' || s == "on" || s == "On" || s == "ON";
    }
    case ScalarType::integer: {
        long long v = 0;
        bool too_big = false;
        parse_integer(s, v, too_big);
        if (!too_big) {
            return v;
        }
        return std::strtod(strip_underscores(s).c_str(), nullptr);
    }
    case ScalarType::floating: {
        if (is_special_float(s)) {
            // JSON has no inf/nan; Kubernetes rejects them too. Keep the text.
            return s;
        }
        return std::strtod(strip_underscores(s).c_str(), nullptr);
    }
    case ScalarType::string:
        break;
    }
    return s;
}

Json convert(const YAML::Node& node, std::size_t& budget) {
    if (budget == 0) {
        throw Error::input("document expands to too many nodes (alias bomb?)");
    }
    --budget;
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    case YAML::NodeType::Scalar: {
        const std::string& tag = node.Tag();
        if (tag == "!" || tag == "tag:yaml.org,2002:str") {
            return node.Scalar();
        }
        return plain_to_json(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
        Json array = Json::array();
        for (const auto& item : node) {
            array.push_back(convert(item, budget));
        }
        return array;
    }
    case YAML::NodeType::Map: {
        Json object = Json::object();
        for (const auto& kv : node) {
            object[key_text(kv.first)] = convert(kv.second, budget);
        }
        return object;
    }
    }
    return nullptr;
}

} // namespace

bool YamlDocumentSplitter::next(DocumentSpan& span) {
    while (m_pos < m_text.size()) {
        std::size_t eol = m_text.find('\n', m_pos);
        std::size_t next = eol == std::string_view::npos ? m_text.size() : eol + 1;
        std::string_view line = m_text.substr(m_pos, next - m_pos);
        std::size_t at = m_pos;
        int line_no = m_line_no;
        m_pos = next;
        ++m_line_no;
        bool start = is_marker(line, "---");
        if (start || is_marker(line, "...")) {
            bool ended = m_in_document;
            span = m_current;
            span.end = at;
            // A document starts right after "---" (content may follow on the same line).
            m_current = DocumentSpan{at + 3, 0, line_no};
            m_in_document = start;
            if (ended) {
                return true;
            }
        }
    }
    if (m_in_document && !m_done) {
        m_done = true;
        span = m_current;
        span.end = m_text.size();
        return true;
    }
    return false;
}

std::vector<DocumentSpan> split_yaml_documents(std::string_view text) {
    std::vector<DocumentSpan> spans;
    YamlDocumentSplitter splitter(text);
    for (DocumentSpan span; splitter.next(span);) {
        spans.push_back(span);
    }
    return spans;
}

bool yaml_only_comments(std::string_view text) {
    return only_comments(text);
}

YamlDocument load_yaml_document(const std::string& name, std::string_view stream,
                                const DocumentSpan& span, int index,
                                const YamlLoadOptions& options) {
    YamlDocument doc;
    doc.text = std::string(stream.substr(span.begin, span.end - span.begin));
    doc.offset = span.begin;
    doc.first_line = span.first_line;
    doc.index = index;
    if (only_comments(doc.text)) {
        return doc;
    }
    if (estimate_depth(doc.text) > options.max_depth) {
        throw Error::input("nesting deeper than " + std::to_string(options.max_depth) + " levels")
            .at(name, doc.first_line);
    }
    try {
        doc.root = YAML::Load(doc.text);
    } catch (const YAML::Exception& e) {
        int line = doc.first_line + (e.mark.line >= 0 ? e.mark.line : 0);
        int column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
        throw Error::input("invalid YAML: " + e.msg).at(name, line, column);
    }
    DocumentWalk walk{doc, name, options.reject_duplicate_keys, {}, {}};
    std::size_t expanded = walk.walk(doc.root, "");
    if (excessive_aliasing(expanded, walk.distinct)) {
        throw Error::input(
            "document contains excessive aliasing: " + std::to_string(walk.distinct) +
            " nodes expand to " +
            (expanded == SIZE_MAX ? std::string("more than 2^64") : std::to_string(expanded)) +
            " through aliases (an alias bomb?)")
            .at(name, doc.first_line);
    }
    return doc;
}

std::vector<YamlDocument> load_yaml_documents(const InputFile& input,
                                              const YamlLoadOptions& options) {
    require_utf8(input);
    std::vector<YamlDocument> docs;
    int index = 0;
    for (const auto& span : split_yaml_documents(input.content)) {
        std::string_view text =
            std::string_view(input.content).substr(span.begin, span.end - span.begin);
        if (only_comments(text)) {
            if (options.keep_empty) {
                YamlDocument doc;
                doc.text = std::string(text);
                doc.offset = span.begin;
                doc.first_line = span.first_line;
                doc.index = index;
                docs.push_back(std::move(doc));
                ++index;
            }
            continue;
        }
        docs.push_back(load_yaml_document(input.name, input.content, span, index, options));
        ++index;
    }
    return docs;
}

Json plain_scalar_json(std::string_view s) {
    return plain_to_json(std::string(s));
}

ScalarType resolve_plain_scalar(std::string_view s) {
    if (yaml11_null_word(s)) {
        return ScalarType::null;
    }
    if (yaml11_bool_word(s)) {
        return ScalarType::boolean;
    }
    if (s.empty()) {
        return ScalarType::string;
    }
    char c = s[0];
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
        return ScalarType::string;
    }
    long long v = 0;
    bool too_big = false;
    if (parse_integer(s, v, too_big)) {
        return ScalarType::integer;
    }
    if (is_special_float(s) || std::regex_match(s.begin(), s.end(), float_pattern())) {
        return ScalarType::floating;
    }
    return ScalarType::string;
}

bool scalar_was_quoted(const YAML::Node& node) {
    return node.IsScalar() && node.Tag() == "!";
}

Json yaml_to_json(const YAML::Node& node, std::size_t budget) {
    return convert(node, budget);
}

} // namespace corral
