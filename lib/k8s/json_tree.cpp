#include "k8s/json_tree.hpp"

#include "core/strings.hpp"

#include <cstring>
#include <string>

namespace corral::k8s {

namespace {

// load_yaml_documents refuses nesting past 512 (yaml-cpp reports it); the fast YAML reader
// declines flow nesting past 64. Manifests nest far less; deeper text goes through yaml-cpp.
constexpr int kMaxDepth = 64;
// Duplicate keys are found by a linear scan; larger objects go through yaml-cpp.
constexpr std::uint32_t kMaxMembers = 1000;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

TreeNode JsonTreeReader::here(TreeNode::Kind kind) const {
    TreeNode n;
    n.kind = kind;
    n.line = m_line;
    n.column = static_cast<int>(m_pos - m_line_start);
    return n;
}

// JSON whitespace without tabs (YAML does not allow them everywhere JSON does). A CR must start a
// CRLF line end, which yaml-cpp counts as one line break.
bool JsonTreeReader::ws() {
    while (m_pos < m_text.size()) {
        char c = m_text[m_pos];
        if (c == ' ') {
            ++m_pos;
        } else if (c == '\n') {
            ++m_pos;
            ++m_line;
            m_line_start = m_pos;
        } else if (c == '\r') {
            if (m_pos + 1 >= m_text.size() || m_text[m_pos + 1] != '\n') {
                return false;
            }
            ++m_pos;
        } else if (c == '\t') {
            return false;
        } else {
            return true;
        }
    }
    return true;
}

bool JsonTreeReader::string(ManifestTree& t, TreeNode& node) {
    node = here(TreeNode::Kind::scalar);
    node.quoted = true;
    std::size_t begin = ++m_pos;
    std::size_t i = begin;
    while (i < m_text.size()) {
        auto c = static_cast<unsigned char>(m_text[i]);
        if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
            break;
        }
        ++i;
    }
    if (i >= m_text.size() || (m_text[i] != '"' && m_text[i] != '\\')) {
        return false; // control characters and DEL: yaml-cpp's business
    }
    if (m_text[i] == '"') {
        node.text = m_text.substr(begin, i - begin);
        m_pos = i + 1;
        return true;
    }
    std::string decoded(m_text.substr(begin, i - begin));
    while (i < m_text.size()) {
        auto c = static_cast<unsigned char>(m_text[i]);
        if (c == '"') {
            node.text = t.store(std::move(decoded));
            m_pos = i + 1;
            return true;
        }
        if (c < 0x20 || c == 0x7f) {
            return false;
        }
        if (c != '\\') {
            decoded += static_cast<char>(c);
            ++i;
            continue;
        }
        if (i + 1 >= m_text.size()) {
            return false;
        }
        char e = m_text[i + 1];
        i += 2;
        switch (e) {
        case '"':
        case '\\':
        case '/': // YAML 1.2 has "\/" too
            decoded += e;
            break;
        case 'n':
            decoded += '\n';
            break;
        case 't':
            decoded += '\t';
            break;
        case 'r':
            decoded += '\r';
            break;
        case 'b':
            decoded += '\b';
            break;
        case 'f':
            decoded += '\f';
            break;
        case 'u': {
            if (i + 4 > m_text.size()) {
                return false;
            }
            unsigned cp = 0;
            for (int k = 0; k < 4; ++k) {
                int h = hex_digit_value(m_text[i + k]);
                if (h < 0) {
                    return false;
                }
                cp = cp * 16 + static_cast<unsigned>(h);
            }
            // Surrogate pairs and NUL: yaml-cpp's handling differs from JSON's; let it decide.
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            append_utf8(decoded, cp);
            i += 4;
            break;
        }
        default:
            return false; // anything else: yaml-cpp's business
        }
    }
    return false;
}

bool JsonTreeReader::skip_array() {
    int depth = 0;
    while (m_pos < m_text.size()) {
        char c = m_text[m_pos];
        if (c == '"') {
            ++m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] != '"') {
                m_pos += m_text[m_pos] == '\\' ? 2 : 1;
            }
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                ++m_pos;
                return true;
            }
        } else if (c == '\n') {
            ++m_line;
            m_line_start = m_pos + 1;
            if (m_release && m_pos >= m_next_release) {
                m_release(m_pos); // every 4 MiB or so (a line of kubectl's JSON is short)
                m_next_release = m_pos + (std::size_t{4} << 20);
            }
        }
        ++m_pos;
    }
    return false;
}

bool JsonTreeReader::value(ManifestTree& t, NodeId& out, int depth,
                           std::string_view deferred_member) {
    if (depth > kMaxDepth || !ws() || m_pos >= m_text.size()) {
        return false;
    }
    char c = m_text[m_pos];
    if (c == '"') {
        TreeNode n;
        if (!string(t, n)) {
            return false;
        }
        out = t.add(n);
        return true;
    }
    if (c == '{' || c == '[') {
        bool map = c == '{';
        TreeNode n = here(map ? TreeNode::Kind::map : TreeNode::Kind::seq);
        n.flow = true;
        out = t.add(n);
        ++m_pos;
        if (!ws() || m_pos >= m_text.size()) {
            return false;
        }
        char close = map ? '}' : ']';
        if (m_text[m_pos] == close) {
            ++m_pos;
            return true;
        }
        while (true) {
            if (map) {
                if (m_pos >= m_text.size() || m_text[m_pos] != '"' || t[out].count >= kMaxMembers) {
                    return false;
                }
                TreeNode k;
                if (!string(t, k)) {
                    return false;
                }
                for (NodeId e = t[out].first; e != 0; e = t[t[e].next].next) {
                    if (t[e].text == k.text) {
                        return false; // duplicate key: load_yaml_documents names it
                    }
                    if (t[t[e].next].next == 0) {
                        break;
                    }
                }
                NodeId key = t.add(k);
                t.append(out, key);
                if (!ws() || m_pos >= m_text.size() || m_text[m_pos] != ':') {
                    return false;
                }
                ++m_pos;
                if (!ws()) {
                    return false;
                }
                NodeId v = 0;
                if (depth == 0 && !deferred_member.empty() && k.text == deferred_member &&
                    m_pos < m_text.size() && m_text[m_pos] == '[') {
                    TreeNode seq = here(TreeNode::Kind::seq);
                    seq.flow = true;
                    v = t.add(seq);
                    m_deferred_at = m_pos;
                    m_deferred_line = m_line;
                    m_deferred_line_start = m_line_start;
                    if (!skip_array()) {
                        return false;
                    }
                } else if (!value(t, v, depth + 1, {})) {
                    return false;
                }
                t.append(out, v);
            } else {
                NodeId v = 0;
                if (!value(t, v, depth + 1, {})) {
                    return false;
                }
                t.append(out, v);
            }
            if (!ws() || m_pos >= m_text.size()) {
                return false;
            }
            if (m_text[m_pos] == ',') {
                ++m_pos;
                if (!ws()) {
                    return false;
                }
                continue;
            }
            if (m_text[m_pos] == close) {
                ++m_pos;
                return true;
            }
            return false;
        }
    }
    // true, false, null or a number: a plain scalar as yaml-cpp sees it.
    std::size_t begin = m_pos;
    TreeNode n = here(TreeNode::Kind::scalar);
    auto word = [&](const char* w) {
        std::size_t len = std::strlen(w);
        if (m_text.compare(m_pos, len, w) != 0) {
            return false;
        }
        m_pos += len;
        return true;
    };
    if (c == 't' || c == 'f' || c == 'n') {
        if (!word("true") && !word("false") && !word("null")) {
            return false;
        }
        if (c == 'n') {
            n.kind = TreeNode::Kind::null;
        }
    } else {
        std::size_t i = m_pos;
        auto digits = [&] {
            std::size_t start = i;
            while (i < m_text.size() && is_digit(m_text[i])) {
                ++i;
            }
            return i > start;
        };
        if (i < m_text.size() && m_text[i] == '-') {
            ++i;
        }
        // Leading zeros ("0755") are not JSON, but yaml-cpp reads the same plain scalar.
        if (!digits()) {
            return false;
        }
        if (i < m_text.size() && m_text[i] == '.') {
            ++i;
            if (!digits()) {
                return false;
            }
        }
        if (i < m_text.size() && (m_text[i] == 'e' || m_text[i] == 'E')) {
            ++i;
            if (i < m_text.size() && (m_text[i] == '+' || m_text[i] == '-')) {
                ++i;
            }
            if (!digits()) {
                return false;
            }
        }
        m_pos = i;
    }
    if (m_pos < m_text.size()) {
        char next = m_text[m_pos];
        if (next != ' ' && next != '\n' && next != '\r' && next != ',' && next != '}' &&
            next != ']') {
            return false;
        }
    }
    if (n.kind == TreeNode::Kind::scalar) {
        n.text = m_text.substr(begin, m_pos - begin);
    }
    out = t.add(n);
    return true;
}

bool JsonTreeReader::parse_document(ManifestTree& out, std::string_view deferred_member) {
    out.clear();
    m_pos = 0;
    m_line = 0;
    m_line_start = 0;
    m_deferred_at = kNone;
    NodeId root = 0;
    if (!value(out, root, 0, deferred_member) || !ws() || m_pos != m_text.size()) {
        return false;
    }
    out.root = root;
    return true;
}

bool JsonTreeReader::for_each_deferred_item(ManifestTree& out,
                                            const std::function<void(NodeId)>& fn) {
    if (m_deferred_at == kNone) {
        return true;
    }
    m_pos = m_deferred_at + 1;
    m_line = m_deferred_line;
    m_line_start = m_deferred_line_start;
    if (!ws() || m_pos >= m_text.size()) {
        return false;
    }
    if (m_text[m_pos] == ']') {
        return true;
    }
    while (true) {
        out.clear();
        NodeId item = 0;
        // The items sit at depth 2 of the document (object, array, item).
        if (!value(out, item, 2, {})) {
            return false;
        }
        out.root = item;
        fn(item);
        if (m_release) {
            m_release(m_pos);
        }
        if (!ws() || m_pos >= m_text.size()) {
            return false;
        }
        if (m_text[m_pos] == ']') {
            return true;
        }
        if (m_text[m_pos] != ',') {
            return false;
        }
        ++m_pos;
    }
}

// The whole value, nothing deferred (parse_manifest_fast's JSON path).
bool parse_manifest_json(std::string_view text, ManifestTree& out) {
    JsonTreeReader reader(text);
    if (reader.parse_document(out)) {
        return true;
    }
    out.clear();
    return false;
}

} // namespace corral::k8s
