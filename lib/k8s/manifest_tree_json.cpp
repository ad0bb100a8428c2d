// The fast path for JSON documents (`kubectl get -o json`): strict JSON read straight into a
// ManifestTree, as yaml-cpp reads the same text as YAML flow collections (flow maps and
// sequences, double-quoted strings, numbers and true/false/null as plain scalars, positions of
// the opening bracket or quote). Whatever is not strict JSON, or where yaml-cpp reads JSON its
// own way (UTF-16 surrogate escapes, NUL, tabs), is declined and left to the YAML paths.
#include "core/io.hpp"
#include "k8s/manifest_tree.hpp"

namespace corral::k8s {

namespace {

struct Declined {};

class JsonReader {
public:
    JsonReader(std::string_view text, ManifestTree& tree) : m_s(text), m_t(tree) {}

    NodeId document() {
        space();
        NodeId root = value(0);
        space();
        if (m_i != m_s.size()) {
            throw Declined{}; // a second value, a comment: YAML judges
        }
        return root;
    }

private:
    std::string_view m_s;
    ManifestTree& m_t;
    std::size_t m_i = 0;
    int m_line = 0;
    std::size_t m_line_start = 0;

    void space() {
        while (m_i < m_s.size()) {
            char c = m_s[m_i];
            if (c == '\n') {
                ++m_line;
                m_line_start = m_i + 1;
            } else if (c == '\r') {
                if (m_i + 1 >= m_s.size() || m_s[m_i + 1] != '\n') {
                    throw Declined{}; // a lone CR is a line break to yaml-cpp
                }
            } else if (c != ' ') {
                return; // tabs are declined with everything else
            }
            ++m_i;
        }
    }

    TreeNode make(TreeNode::Kind kind) const {
        TreeNode n;
        n.kind = kind;
        n.line = m_line;
        n.column = static_cast<int>(m_i - m_line_start);
        return n;
    }

    NodeId value(int depth) {
        if (m_i >= m_s.size() || depth > 64) {
            throw Declined{};
        }
        char c = m_s[m_i];
        if (c == '{' || c == '[') {
            return collection(depth);
        }
        if (c == '"') {
            TreeNode n = make(TreeNode::Kind::scalar);
            n.quoted = true;
            n.text = string();
            return m_t.add(n);
        }
        return plain();
    }

    NodeId collection(int depth) {
        const bool map = m_s[m_i] == '{';
        const char close = map ? '}' : ']';
        TreeNode n = make(map ? TreeNode::Kind::map : TreeNode::Kind::seq);
        n.flow = true;
        NodeId id = m_t.add(n);
        ++m_i;
        space();
        if (m_i < m_s.size() && m_s[m_i] == close) {
            ++m_i;
            return id;
        }
        while (true) {
            if (map) {
                if (m_i >= m_s.size() || m_s[m_i] != '"') {
                    throw Declined{};
                }
                TreeNode k = make(TreeNode::Kind::scalar);
                k.quoted = true;
                k.text = string();
                if (m_t.key(id, k.text) != 0) {
                    throw Declined{}; // duplicate keys: the loader reports them
                }
                NodeId key = m_t.add(k);
                space();
                if (m_i >= m_s.size() || m_s[m_i] != ':') {
                    throw Declined{};
                }
                ++m_i;
                space();
                NodeId v = value(depth + 1);
                m_t.append(id, key);
                m_t.append(id, v);
            } else {
                m_t.append(id, value(depth + 1));
            }
            space();
            if (m_i >= m_s.size()) {
                throw Declined{};
            }
            if (m_s[m_i] == ',') {
                ++m_i;
                space();
                continue;
            }
            if (m_s[m_i] != close) {
                throw Declined{};
            }
            ++m_i;
            return id;
        }
    }

    // true, false, null and JSON numbers, kept as the plain scalar YAML reads (resolved later).
    NodeId plain() {
        TreeNode n = make(TreeNode::Kind::scalar);
        std::size_t b = m_i;
        auto word = [&](std::string_view w) { return m_s.substr(m_i, w.size()) == w; };
        if (word("true") || word("null")) {
            m_i += 4;
        } else if (word("false")) {
            m_i += 5;
        } else {
            if (m_i < m_s.size() && m_s[m_i] == '-') {
                ++m_i;
            }
            std::size_t digits = m_i;
            while (m_i < m_s.size() &&
                   std::string_view("0123456789.eE+-").find(m_s[m_i]) != std::string_view::npos) {
                ++m_i;
            }
            if (m_i == digits || m_s[digits] < '0' || m_s[digits] > '9') {
                throw Declined{};
            }
        }
        if (m_i < m_s.size() &&
            std::string_view(" \r\n,]}").find(m_s[m_i]) == std::string_view::npos) {
            throw Declined{}; // "truex", "1a": not JSON
        }
        n.text = m_s.substr(b, m_i - b);
        if (n.text == "null") {
            n.kind = TreeNode::Kind::null;
        }
        return m_t.add(n);
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw Declined{};
    }

    std::string_view string() {
        std::size_t start = ++m_i;
        std::string out;
        bool copy = false;
        while (true) {
            if (m_i >= m_s.size()) {
                throw Declined{};
            }
            char c = m_s[m_i];
            if (c == '"') {
                break;
            }
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                throw Declined{};
            }
            if (c != '\\') {
                ++m_i;
                continue;
            }
            if (m_i + 1 >= m_s.size()) {
                throw Declined{};
            }
            out.append(m_s.substr(start, m_i - start));
            copy = true;
            char e = m_s[m_i + 1];
            m_i += 2;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                if (m_i + 4 > m_s.size()) {
                    throw Declined{};
                }
                std::uint32_t cp = 0;
                for (int k = 0; k < 4; ++k) {
                    cp = cp << 4 |
                         static_cast<std::uint32_t>(hex(m_s[m_i + static_cast<std::size_t>(k)]));
                }
                if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw Declined{}; // yaml-cpp refuses surrogate escapes
                }
                append_utf8(out, cp);
                m_i += 4;
                break;
            }
            default:
                throw Declined{};
            }
            start = m_i;
        }
        std::string_view result;
        if (copy) {
            out.append(m_s.substr(start, m_i - start));
            result = m_t.store(std::move(out));
        } else {
            result = m_s.substr(start, m_i - start);
        }
        ++m_i; // the closing quote
        // YAML wants a separator after a flow key's or value's closing quote only before ':'
        // (JSON-like keys may touch it): nothing to check here.
        return result;
    }
};

} // namespace

bool parse_manifest_json(std::string_view text, ManifestTree& out) {
    out.clear();
    try {
        JsonReader reader(text, out);
        out.root = reader.document();
        return true;
    } catch (const Declined&) {
        out.clear();
        return false;
    }
}

} // namespace corral::k8s
