#include "k8s/manifest_tree.hpp"

#include "core/error.hpp"
#include "core/strings.hpp"
#include "core/yaml_document.hpp"

#include <cstdio>

#include <array>
#include <charconv>
#include <cstdlib>
#include <type_traits>

namespace corral::k8s {

// ---- tree ----

NodeId ManifestTree::add(TreeNode node) {
    m_nodes.push_back(node);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

void ManifestTree::append(NodeId parent, NodeId child) {
    TreeNode& p = m_nodes[parent];
    if (p.first == 0) {
        p.first = child;
    } else {
        m_nodes[p.last].next = child;
    }
    p.last = child;
    ++p.count;
}

std::string_view ManifestTree::store(std::string s) {
    m_strings->push_back(std::move(s));
    return m_strings->back();
}

void ManifestTree::clear() {
    m_nodes.resize(1);
    if (!m_strings->empty()) {
        m_strings = std::make_shared<std::deque<std::string>>();
    }
    root = 0;
}

NodeId ManifestTree::key(NodeId map, std::string_view k) const {
    if (!is_map(map)) {
        return 0;
    }
    for (NodeId c = m_nodes[map].first; c != 0; c = m_nodes[m_nodes[c].next].next) {
        if (m_nodes[c].kind == TreeNode::Kind::scalar && m_nodes[c].text == k) {
            return c;
        }
        if (m_nodes[c].next == 0) {
            break;
        }
    }
    return 0;
}

NodeId ManifestTree::get(NodeId map, std::string_view k) const {
    NodeId id = key(map, k);
    return id == 0 ? 0 : m_nodes[id].next;
}

std::vector<NodeId> ManifestTree::items(NodeId seq) const {
    std::vector<NodeId> out;
    if (is_seq(seq)) {
        out.reserve(m_nodes[seq].count);
        for (NodeId c = m_nodes[seq].first; c != 0; c = m_nodes[c].next) {
            out.push_back(c);
        }
    }
    return out;
}

Json ManifestTree::to_json(NodeId id, std::size_t budget) const {
    std::size_t left = budget;
    auto rec = [&](auto&& self, NodeId n) -> Json {
        if (left == 0) {
            throw Error::input("document expands to too many nodes");
        }
        --left;
        if (n == 0) {
            return nullptr;
        }
        const TreeNode& node = m_nodes[n];
        switch (node.kind) {
        case TreeNode::Kind::null:
            return nullptr;
        case TreeNode::Kind::scalar:
            return node.quoted ? Json(std::string(node.text)) : plain_scalar_json(node.text);
        case TreeNode::Kind::seq: {
            Json a = Json::array();
            a.get_ref<Json::array_t&>().reserve(node.count);
            for (NodeId c = node.first; c != 0; c = m_nodes[c].next) {
                a.push_back(self(self, c));
            }
            return a;
        }
        case TreeNode::Kind::map: {
            Json o = Json::object();
            // Reserved: a growing ordered_map copies (never moves) its members' subtrees.
            o.get_ref<Json::object_t&>().reserve(node.count / 2);
            for (NodeId k = node.first; k != 0;) {
                NodeId v = m_nodes[k].next;
                // A null key ("NULL:", "~:", ": x") is "null", as core's yaml_to_json has it.
                const TreeNode& key = m_nodes[k];
                bool null_key =
                    key.kind == TreeNode::Kind::null || (key.kind == TreeNode::Kind::scalar &&
                                                         !key.quoted && yaml11_null_word(key.text));
                o[null_key ? std::string("null") : std::string(key.text)] = self(self, v);
                k = v == 0 ? 0 : m_nodes[v].next;
            }
            return o;
        }
        }
        return nullptr;
    };
    return rec(rec, id);
}

// ---- slow path: yaml-cpp node -> tree ----

namespace {

NodeId convert(const YAML::Node& node, ManifestTree& t, std::size_t& budget) {
    if (budget == 0) {
        throw Error::input("document expands to too many nodes (alias bomb?)");
    }
    --budget;
    TreeNode n;
    n.line = node.Mark().line;
    n.column = node.Mark().column;
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return t.add(n);
    case YAML::NodeType::Scalar: {
        n.kind = TreeNode::Kind::scalar;
        const std::string& tag = node.Tag();
        n.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
        n.text = t.store(node.Scalar());
        return t.add(n);
    }
    case YAML::NodeType::Sequence: {
        n.kind = TreeNode::Kind::seq;
        n.flow = node.Style() == YAML::EmitterStyle::Flow;
        NodeId id = t.add(n);
        for (const auto& item : node) {
            NodeId c = convert(item, t, budget);
            t.append(id, c);
        }
        return id;
    }
    case YAML::NodeType::Map: {
        n.kind = TreeNode::Kind::map;
        n.flow = node.Style() == YAML::EmitterStyle::Flow;
        NodeId id = t.add(n);
        for (const auto& kv : node) {
            NodeId k = 0;
            if (kv.first.IsScalar() && kv.first.Tag() != "?") {
                // A tagged key ("!x:", "!x ~:") is its text, as in core's yaml_to_json: only
                // plain null words become the key "null" (found by libFuzzer).
                TreeNode kn;
                kn.kind = TreeNode::Kind::scalar;
                kn.quoted = true;
                kn.line = kv.first.Mark().line;
                kn.column = kv.first.Mark().column;
                kn.text = t.store(kv.first.Scalar());
                k = t.add(kn);
            } else if (kv.first.IsScalar()) {
                k = convert(kv.first, t, budget);
            } else {
                YAML::Emitter e;
                e << YAML::Flow << kv.first;
                TreeNode kn;
                kn.kind = TreeNode::Kind::scalar;
                kn.line = kv.first.Mark().line;
                kn.column = kv.first.Mark().column;
                kn.text = t.store(e.c_str());
                k = t.add(kn);
            }
            NodeId v = convert(kv.second, t, budget);
            t.append(id, k);
            t.append(id, v);
        }
        return id;
    }
    }
    return t.add(n);
}

} // namespace

void convert_yaml_node(const YAML::Node& node, ManifestTree& out, std::size_t budget) {
    out.clear();
    out.root = convert(node, out, budget);
}

// ---- fast path ----

namespace {

struct Unsupported {};

// Whether the tab at `i` sits between two ordinary characters ("a\tb") or ends a line after one,
// where it is scalar text (or trailing blank) whatever the context.
bool tab_inside_word(std::string_view text, std::size_t i) {
    auto ordinary = [](char c) {
        return std::string_view(" \t\r\n-:?,[]{}#&*!|>'\"%@`").find(c) == std::string_view::npos;
    };
    if (i == 0 || !ordinary(text[i - 1])) {
        return false;
    }
    return i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r' ||
           ordinary(text[i + 1]);
}

class FastParser {
public:
    FastParser(std::string_view text, ManifestTree& tree) : m_text(text), m_t(tree) {
        thread_local std::vector<Line> buffer;
        buffer.clear();
        m_lines.swap(buffer);
        // Control characters and byte-order marks are left to yaml-cpp. One table lookup per
        // byte: this scan is a quarter of the fast path's time.
        static const std::array<bool, 256> special = [] {
            std::array<bool, 256> t{};
            for (int c = 0; c < 0x20; ++c) {
                t[static_cast<std::size_t>(c)] = c != '\n';
            }
            t[0x7f] = true;
            t[0xef] = true;
            return t;
        }();
        int bom = -1; // a byte-order mark in the text: unknown, no, yes
        for (std::size_t i = 0; i < text.size(); ++i) {
            auto c = static_cast<unsigned char>(text[i]);
            if (!special[c]) {
                continue;
            }
            if (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) {
                throw Unsupported{}; // a lone CR is a line break to yaml-cpp
            }
            if (c == '\t' && !tab_inside_word(text, i)) {
                // A tab separates tokens as a space does ("-\t", "k\t:", "\t# c"), but the line
                // rules below only know spaces (found by libFuzzer): yaml-cpp judges those.
                throw Unsupported{};
            }
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f || c == 0xef) {
                if (c == 0xef) {
                    if (bom < 0) { // searched once: text full of U+Fxxx is not quadratic
                        bom = text.find("\xEF\xBB\xBF") == std::string_view::npos ? 0 : 1;
                    }
                    if (bom == 0) {
                        continue;
                    }
                }
                throw Unsupported{};
            }
        }
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t nl = text.find('\n', pos);
            std::size_t end = nl == std::string_view::npos ? text.size() : nl;
            std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
            Line l;
            l.begin = pos;
            l.end = end > pos && text[end - 1] == '\r' ? end - 1 : end;
            std::size_t i = pos;
            while (i < l.end && text[i] == ' ') {
                ++i;
            }
            l.indent = static_cast<int>(i - pos);
            l.newline = nl != std::string_view::npos;
            l.blank = i == l.end || text[i] == '#';
            if (i < l.end && text[i] == '\t') {
                l.blank = false;
                l.tab = true;
            }
            m_lines.push_back(l);
            pos = next;
        }
    }

    ~FastParser() {
        thread_local std::vector<Line> buffer;
        if (buffer.capacity() < m_lines.capacity()) {
            buffer.swap(m_lines);
        }
    }

    NodeId parse() {
        skip_blank();
        if (m_li >= m_lines.size()) {
            return m_t.add(TreeNode{});
        }
        const Line& l = m_lines[m_li];
        NodeId root = node(l.indent, -1);
        skip_blank();
        if (m_li < m_lines.size()) {
            throw Unsupported{};
        }
        return root;
    }

private:
    struct Line {
        std::size_t begin = 0, end = 0;
        int indent = 0;
        bool blank = false;
        bool tab = false;
        bool newline = false; // ends with a line break (not the end of the text)
    };

    std::string_view m_text;
    ManifestTree& m_t;
    std::vector<Line> m_lines;
    std::size_t m_li = 0;
    int m_depth = 0;

    void skip_blank() {
        while (m_li < m_lines.size() && m_lines[m_li].blank) {
            ++m_li;
        }
        if (m_li < m_lines.size() && m_lines[m_li].tab) {
            throw Unsupported{};
        }
    }
    std::string_view rest(int col) const {
        const Line& l = m_lines[m_li];
        std::size_t b = l.begin + static_cast<std::size_t>(col);
        return b >= l.end ? std::string_view() : m_text.substr(b, l.end - b);
    }
    static bool dash_at(std::string_view s) {
        return !s.empty() && s[0] == '-' && (s.size() == 1 || s[1] == ' ');
    }
    static bool blank_rest(std::string_view s) {
        std::size_t i = s.find_first_not_of(' ');
        return i == std::string_view::npos || s[i] == '#';
    }
    TreeNode make(TreeNode::Kind kind, int col) const {
        TreeNode n;
        n.kind = kind;
        n.line = static_cast<int>(m_li);
        n.column = col;
        return n;
    }

    NodeId node(int col, int parent_indent) {
        if (++m_depth > 200) {
            throw Unsupported{};
        }
        NodeId id = node_inner(col, parent_indent);
        --m_depth;
        return id;
    }

    NodeId node_inner(int col, int parent_indent) {
        std::string_view s = rest(col);
        if (s.empty()) {
            throw Unsupported{};
        }
        if (dash_at(s)) {
            return sequence(col);
        }
        char c = s[0];
        if (c == '[' || c == '{') {
            std::size_t pos = 0;
            NodeId id = flow(s, pos, col);
            if (!blank_rest(s.substr(pos))) {
                throw Unsupported{};
            }
            ++m_li;
            no_continuation(parent_indent);
            return id;
        }
        // A mapping when a key is followed by ':' (then space or end of line).
        std::size_t after_key = 0;
        if (key_length(s, after_key)) {
            return mapping(col);
        }
        std::size_t pos = 0;
        NodeId id = scalar(s, pos, col);
        if (!blank_rest(s.substr(pos))) {
            throw Unsupported{};
        }
        ++m_li;
        no_continuation(parent_indent);
        return id;
    }

    void no_continuation(int parent_indent) {
        skip_blank();
        if (m_li < m_lines.size() && m_lines[m_li].indent > parent_indent) {
            throw Unsupported{}; // multi-line scalar or something yaml-cpp should judge
        }
    }

    // True when `s` starts with a mapping key; `after` is the offset past its ':'.
    static bool key_length(std::string_view s, std::size_t& after) {
        if (s.empty()) {
            return false;
        }
        std::size_t i = 0;
        if (s[0] == '"' || s[0] == '\'') {
            char q = s[0];
            i = 1;
            while (i < s.size()) {
                if (q == '"' && s[i] == '\\') {
                    i += 2;
                    continue;
                }
                if (s[i] == q) {
                    if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            if (i >= s.size()) {
                return false;
            }
            ++i;
            while (i < s.size() && s[i] == ' ') {
                ++i;
            }
            if (i < s.size() && s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) {
                after = i + 1;
                return true;
            }
            return false;
        }
        for (; i < s.size(); ++i) {
            if (s[i] == '#' && i > 0 && s[i - 1] == ' ') {
                return false;
            }
            if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) {
                after = i + 1;
                return i > 0;
            }
        }
        return false;
    }

    static bool indicator(char c) {
        return c == '&' || c == '*' || c == '!' || c == '%' || c == '@' || c == '`' || c == '?' ||
               c == '|' || c == '>' || c == ',' || c == ']' || c == '}' || c == ':';
    }

    // A single-line scalar at s[pos]; advances pos.
    NodeId scalar(std::string_view s, std::size_t& pos, int col) {
        TreeNode n = make(TreeNode::Kind::scalar, col + static_cast<int>(pos));
        char c = s[pos];
        if (c == '\'' || c == '"') {
            n.quoted = true;
            n.text = quoted(s, pos);
            return m_t.add(n);
        }
        if (indicator(c) || c == '#' || dash_at(s.substr(pos)) || c == '[' || c == '{') {
            throw Unsupported{};
        }
        std::size_t end = pos;
        while (end < s.size() && !(s[end] == '#' && s[end - 1] == ' ')) {
            if (s[end] == ':' && (end + 1 == s.size() || s[end + 1] == ' ')) {
                throw Unsupported{}; // "a: b: c"
            }
            ++end;
        }
        std::size_t stop = end;
        while (stop > pos && (s[stop - 1] == ' ' || s[stop - 1] == '\t')) {
            --stop;
        }
        n.text = s.substr(pos, stop - pos);
        if (yaml11_null_word(n.text)) {
            n.kind = TreeNode::Kind::null;
        }
        pos = end;
        return m_t.add(n);
    }

    std::string_view quoted(std::string_view s, std::size_t& pos) {
        char q = s[pos];
        std::size_t i = pos + 1;
        std::string out;
        bool copy = false;
        std::size_t start = i;
        while (true) {
            if (i >= s.size()) {
                throw Unsupported{}; // multi-line quoted scalar
            }
            char c = s[i];
            if (c == q) {
                if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                    out.append(s.substr(start, i + 1 - start));
                    copy = true;
                    i += 2;
                    start = i;
                    continue;
                }
                break;
            }
            if (q == '"' && c == '\\') {
                if (i + 1 >= s.size()) {
                    throw Unsupported{};
                }
                out.append(s.substr(start, i - start));
                copy = true;
                char e = s[i + 1];
                switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                default:
                    throw Unsupported{};
                }
                i += 2;
                start = i;
                continue;
            }
            if (c == '\t' || static_cast<unsigned char>(c) < 0x20) {
                throw Unsupported{};
            }
            ++i;
        }
        std::string_view result;
        if (copy) {
            out.append(s.substr(start, i - start));
            result = m_t.store(std::move(out));
        } else {
            result = s.substr(pos + 1, i - pos - 1);
        }
        pos = i + 1;
        return result;
    }

    NodeId mapping(int col) {
        NodeId map = m_t.add(make(TreeNode::Kind::map, col));
        bool first = true;
        while (true) {
            if (!first) {
                skip_blank();
                if (m_li >= m_lines.size() || m_lines[m_li].indent != col || dash_at(rest(col))) {
                    break;
                }
            }
            first = false;
            std::string_view s = rest(col);
            std::size_t after = 0;
            if (!key_length(s, after)) {
                throw Unsupported{};
            }
            std::size_t kpos = 0;
            NodeId key = 0;
            if (s[0] == '"' || s[0] == '\'') {
                key = scalar(s, kpos, col);
            } else {
                if (indicator(s[0]) || s[0] == '-' || s[0] == '[' || s[0] == '{' || s[0] == '#') {
                    throw Unsupported{};
                }
                TreeNode kn = make(TreeNode::Kind::scalar, col);
                std::size_t stop = after - 1;
                while (stop > 0 && s[stop - 1] == ' ') {
                    --stop;
                }
                kn.text = s.substr(0, stop);
                key = m_t.add(kn);
            }
            // Duplicate keys: let yaml-cpp's loader report them.
            if (m_t.key(map, m_t[key].text) != 0) {
                throw Unsupported{};
            }
            NodeId value = map_value(s, after, col);
            m_t.append(map, key);
            m_t.append(map, value);
        }
        return map;
    }

    NodeId map_value(std::string_view s, std::size_t after, int col) {
        std::size_t v = after;
        while (v < s.size() && s[v] == ' ') {
            ++v;
        }
        if (v >= s.size() || s[v] == '#') {
            TreeNode null_node = make(TreeNode::Kind::null, col + static_cast<int>(after));
            ++m_li;
            skip_blank();
            if (m_li < m_lines.size()) {
                const Line& l = m_lines[m_li];
                if (l.indent > col) {
                    return node(l.indent, col);
                }
                if (l.indent == col && dash_at(rest(col))) {
                    return node(col, col - 1); // compact sequence under the key
                }
            }
            return m_t.add(null_node);
        }
        char c = s[v];
        int vcol = col + static_cast<int>(v);
        if (c == '|' || c == '>') {
            return block_scalar(s.substr(v), vcol, col);
        }
        if (c == '[' || c == '{') {
            std::size_t pos = v;
            NodeId id = flow(s, pos, col);
            if (!blank_rest(s.substr(pos))) {
                throw Unsupported{};
            }
            ++m_li;
            no_continuation(col);
            return id;
        }
        std::size_t pos = v;
        NodeId id = scalar(s, pos, col);
        if (!blank_rest(s.substr(pos))) {
            throw Unsupported{};
        }
        ++m_li;
        if (c != '\'' && c != '"' && pos == s.size()) {
            plain_continuation(id, col);
        }
        no_continuation(col);
        return id;
    }

    // A plain scalar continued on lines indented past its key (YAML 1.2 line folding, 7.3.3 and
    // 6.5: one line break between two lines becomes a space, n empty lines become n breaks; the
    // lines' leading and trailing spaces are dropped). Comment lines, indicators and ": " or " #"
    // on the continuation lines are left to yaml-cpp.
    void plain_continuation(NodeId id, int parent_col) {
        std::string out;
        std::size_t li = m_li;
        int empties = 0;
        bool more = false;
        while (li < m_lines.size()) {
            const Line& l = m_lines[li];
            std::string_view raw = m_text.substr(l.begin, l.end - l.begin);
            if (raw.find_first_not_of(' ') == std::string_view::npos) {
                ++empties;
                ++li;
                continue;
            }
            if (l.indent <= parent_col) {
                break;
            }
            std::string_view t = raw.substr(static_cast<std::size_t>(l.indent));
            while (!t.empty() && t.back() == ' ') {
                t.remove_suffix(1);
            }
            if (l.tab || indicator(t[0]) || t[0] == '#' || t[0] == '-' || t[0] == '[' ||
                t[0] == '{' || t[0] == '\'' || t[0] == '"' || t.back() == ':' ||
                t.find(": ") != std::string_view::npos || t.find(" #") != std::string_view::npos ||
                t.find('\t') != std::string_view::npos) {
                throw Unsupported{};
            }
            if (!more) {
                out = std::string(m_t[id].text);
                more = true;
            }
            if (empties == 0) {
                out += ' ';
            } else {
                out.append(static_cast<std::size_t>(empties), '\n');
            }
            out.append(t);
            empties = 0;
            ++li;
            m_li = li;
        }
        if (more) {
            m_t.set_scalar(id, m_t.store(std::move(out)));
        }
    }

    // "|", "|-", "|+" (literal) and ">", ">-", ">+" (folded) with the content on the following
    // lines. An explicit indentation ("|2") makes blank-looking lines carry spaces of content:
    // yaml-cpp judges those (libFuzzer). Folded scalars fold as YAML 1.2 8.1.3 has it: a line
    // break between two text lines becomes a space, n empty lines between them n breaks; the
    // "more-indented" lines whose breaks are kept, leading empty lines, lines of spaces past the
    // indentation and empty folded scalars are left to yaml-cpp.
    NodeId block_scalar(std::string_view header, int vcol, int parent_col) {
        TreeNode n = make(TreeNode::Kind::scalar, vcol);
        n.quoted = true; // never resolved as a bool/int: it is text
        const bool folded = header[0] == '>';
        char chomp = 'c';
        std::size_t i = 1;
        for (; i < header.size() && header[i] != ' ' && header[i] != '#'; ++i) {
            char c = header[i];
            if (c == '-' || c == '+') {
                chomp = c;
            } else {
                throw Unsupported{};
            }
        }
        if (!blank_rest(header.substr(i))) {
            throw Unsupported{};
        }
        ++m_li;
        int indent = -1; // found on the first content line
        std::string out;
        std::string pending; // blank lines not yet known to be inside the content
        int empties = 0;     // folded: empty lines since the last text line
        bool text = false;   // folded: a text line was seen
        while (m_li < m_lines.size()) {
            const Line& l = m_lines[m_li];
            std::string_view raw = m_text.substr(l.begin, l.end - l.begin);
            bool empty = raw.find_first_not_of(' ') == std::string_view::npos;
            if (empty) {
                std::size_t keep = indent > 0 && raw.size() > static_cast<std::size_t>(indent)
                                       ? raw.size() - static_cast<std::size_t>(indent)
                                       : 0;
                if (folded && (keep > 0 || !text)) {
                    throw Unsupported{};
                }
                pending += std::string(keep, ' ');
                if (l.newline) {
                    pending += '\n';
                }
                ++empties;
                ++m_li;
                continue;
            }
            if (indent < 0) {
                if (l.indent <= parent_col || l.tab) {
                    break;
                }
                indent = l.indent;
            }
            if (l.indent < indent) {
                break;
            }
            if (folded) {
                if (l.indent > indent || l.tab) {
                    throw Unsupported{}; // a more-indented line keeps its breaks
                }
                if (text) {
                    if (empties == 0) {
                        out += ' ';
                    } else {
                        out.append(static_cast<std::size_t>(empties), '\n');
                    }
                }
                text = true;
                empties = 0;
                pending.clear();
                out.append(raw.substr(static_cast<std::size_t>(indent)));
                if (!l.newline) {
                    // The text ends without a line break: nothing to clip or keep.
                    chomp = '-';
                }
                ++m_li;
                continue;
            }
            out += pending;
            pending.clear();
            out.append(raw.substr(static_cast<std::size_t>(indent)));
            if (l.newline) {
                out += '\n';
            }
            ++m_li;
        }
        if (m_li < m_lines.size() && m_lines[m_li].indent > parent_col && !m_lines[m_li].blank) {
            throw Unsupported{};
        }
        if (folded) {
            if (!text) {
                throw Unsupported{};
            }
            if (chomp == 'c') {
                out += '\n';
            } else if (chomp == '+') {
                if (!pending.empty()) {
                    // yaml-cpp 0.7 keeps one break fewer than YAML 1.2 8.1.1.2 after ">+" text
                    // followed by empty lines: the oracle decides those.
                    throw Unsupported{};
                }
                out += '\n';
            }
        } else if (chomp == '+') {
            out += pending;
        } else if (chomp == '-') {
            while (!out.empty() && out.back() == '\n') {
                out.pop_back();
            }
        }
        n.text = m_t.store(std::move(out));
        skip_blank();
        return m_t.add(n);
    }

    NodeId sequence(int col) {
        NodeId seq = m_t.add(make(TreeNode::Kind::seq, col));
        bool first = true;
        while (true) {
            if (!first) {
                skip_blank();
                if (m_li >= m_lines.size() || m_lines[m_li].indent != col || !dash_at(rest(col))) {
                    break;
                }
            }
            first = false;
            std::string_view s = rest(col);
            std::size_t q = 1;
            while (q < s.size() && s[q] == ' ') {
                ++q;
            }
            NodeId item = 0;
            if (q >= s.size() || s[q] == '#') {
                TreeNode null_node = make(TreeNode::Kind::null, col);
                ++m_li;
                skip_blank();
                if (m_li < m_lines.size() && m_lines[m_li].indent > col) {
                    item = node(m_lines[m_li].indent, col);
                } else {
                    item = m_t.add(null_node);
                }
            } else {
                item = node(col + static_cast<int>(q), col);
            }
            m_t.append(seq, item);
        }
        return seq;
    }

    // Single-line flow collection or scalar at s[pos].
    NodeId flow(std::string_view s, std::size_t& pos, int col) {
        if (++m_depth > 64) {
            throw Unsupported{};
        }
        NodeId id = flow_inner(s, pos, col);
        --m_depth;
        return id;
    }

    static void skip_spaces(std::string_view s, std::size_t& pos) {
        while (pos < s.size() && s[pos] == ' ') {
            ++pos;
        }
    }

    NodeId flow_scalar(std::string_view s, std::size_t& pos, int col) {
        TreeNode n = make(TreeNode::Kind::scalar, col + static_cast<int>(pos));
        char c = s[pos];
        if (c == '\'' || c == '"') {
            n.quoted = true;
            n.text = quoted(s, pos);
            return m_t.add(n);
        }
        if (indicator(c) || c == '#' || c == '-' || c == '[' || c == '{') {
            if (!(c == '-' && pos + 1 < s.size() && s[pos + 1] != ' ' && s[pos + 1] != ',')) {
                throw Unsupported{};
            }
        }
        std::size_t end = pos;
        while (end < s.size()) {
            char e = s[end];
            if (e == ',' || e == '[' || e == ']' || e == '{' || e == '}') {
                break;
            }
            if (e == ':' && (end + 1 == s.size() || s[end + 1] == ' ' || s[end + 1] == ',' ||
                             s[end + 1] == '}' || s[end + 1] == ']')) {
                break;
            }
            if (e == '#' && s[end - 1] == ' ') {
                throw Unsupported{};
            }
            ++end;
        }
        std::size_t stop = end;
        while (stop > pos && s[stop - 1] == ' ') {
            --stop;
        }
        if (stop == pos) {
            throw Unsupported{};
        }
        n.text = s.substr(pos, stop - pos);
        if (yaml11_null_word(n.text)) {
            n.kind = TreeNode::Kind::null;
        }
        pos = end;
        return m_t.add(n);
    }

    NodeId flow_inner(std::string_view s, std::size_t& pos, int col) {
        char open = s[pos];
        if (open != '[' && open != '{') {
            return flow_scalar(s, pos, col);
        }
        char close = open == '[' ? ']' : '}';
        TreeNode n = make(open == '[' ? TreeNode::Kind::seq : TreeNode::Kind::map,
                          col + static_cast<int>(pos));
        n.flow = true;
        NodeId id = m_t.add(n);
        ++pos;
        while (true) {
            skip_spaces(s, pos);
            if (pos >= s.size()) {
                throw Unsupported{}; // multi-line flow collection
            }
            if (s[pos] == close) {
                ++pos;
                return id;
            }
            if (open == '[') {
                NodeId item = flow(s, pos, col);
                m_t.append(id, item);
            } else {
                NodeId key = flow_scalar(s, pos, col);
                if (!m_t.is_scalar(key) || m_t.key(id, m_t[key].text) != 0) {
                    throw Unsupported{};
                }
                skip_spaces(s, pos);
                if (pos >= s.size() || s[pos] != ':') {
                    throw Unsupported{};
                }
                ++pos;
                skip_spaces(s, pos);
                NodeId value = 0;
                if (pos < s.size() && (s[pos] == ',' || s[pos] == '}')) {
                    value = m_t.add(make(TreeNode::Kind::null, col + static_cast<int>(pos)));
                } else if (pos < s.size()) {
                    value = flow(s, pos, col);
                } else {
                    throw Unsupported{};
                }
                m_t.append(id, key);
                m_t.append(id, value);
            }
            skip_spaces(s, pos);
            if (pos < s.size() && s[pos] == ',') {
                ++pos;
            } else if (pos >= s.size() || s[pos] != close) {
                throw Unsupported{};
            }
        }
    }
};

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

} // namespace

bool parse_manifest_fast(std::string_view text, ManifestTree& out) {
    std::size_t first = text.find_first_not_of(" \r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[') &&
        parse_manifest_json(text, out)) {
        return true;
    }
    out.clear();
    try {
        FastParser parser(text, out);
        out.root = parser.parse();
        return true;
    } catch (const Unsupported&) {
        out.clear();
        return false;
    }
}

// core's require_utf8 over a view (same message).
void require_utf8_text(const std::string& name, std::string_view text) {
    std::size_t bad = find_invalid_utf8(text);
    if (bad == std::string_view::npos) {
        return;
    }
    Position p = position_of(text, bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[bad]));
    throw Error::input(std::string("invalid UTF-8 (byte ") + hex + "); is this a text file?")
        .at(name, p.line, p.column);
}

void require_utf8_text(const std::string& name, std::string_view text, const TextRelease& release) {
    if (!release) {
        require_utf8_text(name, text);
        return;
    }
    constexpr std::size_t window = std::size_t{4} << 20;
    for (std::size_t at = 0; at < text.size();) {
        // Windows end after a newline, which no UTF-8 sequence contains.
        std::size_t end = at + window >= text.size() ? text.size() : text.find('\n', at + window);
        end = end == std::string_view::npos ? text.size() : std::min(end + 1, text.size());
        std::size_t bad = find_invalid_utf8(text.substr(at, end - at));
        if (bad != std::string_view::npos) {
            require_utf8_text(name, text); // the message, with the line and column in the file
        }
        release(end);
        at = end;
    }
}

void for_each_manifest_document(const std::string& name, std::string_view text,
                                const std::function<void(const ManifestDocument&)>& fn) {
    require_utf8_text(name, text);
    ManifestDocument doc;
    int index = 0;
    for (const auto& span : split_yaml_documents(text)) {
        std::string_view part = text.substr(span.begin, span.end - span.begin);
        if (only_comments(part)) {
            continue;
        }
        doc.first_line = span.first_line;
        doc.offset = span.begin;
        doc.text = part;
        doc.index = index;
        if (!parse_manifest_fast(part, doc.tree)) {
            // Only this document pays for yaml-cpp; its tree is dropped once converted.
            YamlDocument slow = load_yaml_document(name, text, span, index);
            convert_yaml_node(slow.root, doc.tree);
        }
        fn(doc);
        ++index;
    }
}

void for_each_manifest_document(const InputFile& input,
                                const std::function<void(const ManifestDocument&)>& fn,
                                const std::function<void()>& /*restart*/) {
    for_each_manifest_document(input.name, input.content, fn);
}

std::vector<ManifestDocument> load_manifest_documents(const InputFile& input) {
    std::vector<ManifestDocument> docs;
    for_each_manifest_document(input.name, input.content,
                               [&](const ManifestDocument& doc) { docs.push_back(doc); });
    return docs;
}

} // namespace corral::k8s

static_assert(std::is_nothrow_move_constructible_v<corral::k8s::ManifestDocument>,
              "documents must move, not copy, when their vector grows");
