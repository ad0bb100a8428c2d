#include "k8s/manifest_json.hpp"

#include "core/error.hpp"

namespace corral::k8s {

namespace {

// A strict JSON reader over the source text that records where the members of one object are.
// It never allocates per value and stops at the first byte that is not JSON.
class Scanner {
public:
    Scanner(std::string_view text, std::size_t at) : m_text(text), m_pos(at) {}

    bool object(JsonObjectSpan* span, int depth) {
        if (depth > 512 || !peek('{')) {
            return false;
        }
        if (span != nullptr) {
            span->open = m_pos;
        }
        ++m_pos;
        skip_space();
        if (peek('}')) {
            if (span != nullptr) {
                span->close = m_pos;
            }
            ++m_pos;
            return true;
        }
        for (;;) {
            skip_space();
            JsonMemberSpan member;
            member.key_begin = m_pos;
            if (!string(span != nullptr ? &member.key : nullptr)) {
                return false;
            }
            member.key_end = m_pos;
            skip_space();
            if (!peek(':')) {
                return false;
            }
            ++m_pos;
            skip_space();
            member.value_begin = m_pos;
            if (!value(depth + 1)) {
                return false;
            }
            member.value_end = m_pos;
            if (span != nullptr) {
                span->members.push_back(std::move(member));
            }
            skip_space();
            if (peek(',')) {
                ++m_pos;
                continue;
            }
            if (peek('}')) {
                if (span != nullptr) {
                    span->close = m_pos;
                }
                ++m_pos;
                return true;
            }
            return false;
        }
    }

private:
    bool peek(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }

    void skip_space() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
            ++m_pos;
        }
    }

    bool string(std::string* out) {
        if (!peek('"')) {
            return false;
        }
        ++m_pos;
        while (m_pos < m_text.size()) {
            char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (m_pos + 1 >= m_text.size()) {
                    return false;
                }
                char e = m_text[m_pos + 1];
                static const std::string_view simple = "\"\\/bfnrt";
                static const std::string_view decoded = "\"\\/\b\f\n\r\t";
                auto k = simple.find(e);
                if (k != std::string_view::npos) {
                    if (out != nullptr) {
                        out->push_back(decoded[k]);
                    }
                    m_pos += 2;
                    continue;
                }
                if (e != 'u' || m_pos + 6 > m_text.size()) {
                    return false;
                }
                if (out != nullptr) {
                    out->append(m_text.substr(m_pos, 6)); // kept escaped: never a known key
                }
                m_pos += 6;
                continue;
            }
            if (out != nullptr) {
                out->push_back(c);
            }
            ++m_pos;
        }
        return false;
    }

    bool value(int depth) {
        if (depth > 512 || m_pos >= m_text.size()) {
            return false;
        }
        char c = m_text[m_pos];
        if (c == '"') {
            return string(nullptr);
        }
        if (c == '{') {
            return object(nullptr, depth);
        }
        if (c == '[') {
            ++m_pos;
            skip_space();
            if (peek(']')) {
                ++m_pos;
                return true;
            }
            for (;;) {
                skip_space();
                if (!value(depth + 1)) {
                    return false;
                }
                skip_space();
                if (peek(',')) {
                    ++m_pos;
                    continue;
                }
                if (peek(']')) {
                    ++m_pos;
                    return true;
                }
                return false;
            }
        }
        for (std::string_view word : {"true", "false", "null"}) {
            if (m_text.substr(m_pos, word.size()) == word) {
                m_pos += word.size();
                return true;
            }
        }
        std::size_t begin = m_pos;
        while (m_pos < m_text.size() &&
               std::string_view("0123456789+-.eE").find(m_text[m_pos]) != std::string_view::npos) {
            ++m_pos;
        }
        return m_pos > begin &&
               (m_text[begin] == '-' || (m_text[begin] >= '0' && m_text[begin] <= '9'));
    }

    std::string_view m_text;
    std::size_t m_pos;
};

std::size_t line_start(std::string_view text, std::size_t at) {
    auto nl = text.rfind('\n', at == 0 ? 0 : at - 1);
    return at == 0 || nl == std::string_view::npos ? 0 : nl + 1;
}

// The blanks before `at` on its line, or nullopt when something else precedes it there.
std::optional<std::string> indentation_before(std::string_view text, std::size_t at) {
    std::size_t b = line_start(text, at);
    std::string_view lead = text.substr(b, at - b);
    if (lead.find_first_not_of(" \t") != std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(lead);
}

struct Layout {
    bool multiline = false;
    std::string indent;    // of the members
    std::string step;      // one level of nesting
    std::string separator; // between key and value (": " or ":")
    std::string gap = ","; // between members written on one line ("," or ", ")
    std::string eol = "\n";
};

Layout layout_of(std::string_view text, const JsonObjectSpan& object, std::size_t member) {
    Layout l;
    const auto& m = object.members.at(member);
    l.separator = std::string(text.substr(m.key_end, m.value_begin - m.key_end));
    auto indent = indentation_before(text, m.key_begin);
    l.multiline = indent.has_value() && line_start(text, m.key_begin) > object.open;
    if (!l.multiline) {
        if (member > 0) {
            l.gap = std::string(text.substr(object.members[member - 1].value_end,
                                            m.key_begin - object.members[member - 1].value_end));
        } else if (!l.separator.empty() && l.separator.back() == ' ') {
            l.gap = ", "; // {"name": "a"}: spaced like the key separator
        }
        return l;
    }
    l.indent = *indent;
    std::size_t eol_at = text.find('\n', m.key_begin);
    if (eol_at != std::string_view::npos && eol_at > 0 && text[eol_at - 1] == '\r') {
        l.eol = "\r\n";
    }
    auto closing = indentation_before(text, object.close);
    std::size_t outer = closing ? closing->size() : 0;
    std::size_t width = l.indent.size() > outer ? l.indent.size() - outer : 2;
    l.step.assign(width, l.indent.empty() || l.indent[0] != '\t' ? ' ' : '\t');
    return l;
}

// One-line JSON with the file's own separators ("a": 1, "b": 2 or "a":1,"b":2).
std::string dump_inline(const Json& value, const Layout& l) {
    if (value.is_object()) {
        std::string out = "{";
        for (auto it = value.begin(); it != value.end(); ++it) {
            out += (it == value.begin() ? "" : l.gap) + Json(it.key()).dump() + l.separator +
                   dump_inline(it.value(), l);
        }
        return out + "}";
    }
    if (value.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < value.size(); ++i) {
            out += (i == 0 ? "" : l.gap) + dump_inline(value[i], l);
        }
        return out + "]";
    }
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string format_value(const Json& value, const Layout& l) {
    if (!l.multiline) {
        return dump_inline(value, l);
    }
    std::string compact =
        value.dump(static_cast<int>(l.step.size()), l.step.empty() ? ' ' : l.step[0], false,
                   Json::error_handler_t::replace);
    std::string out;
    for (char c : compact) {
        if (c == '\n') {
            out += l.eol + l.indent;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::optional<JsonObjectSpan> scan_json_object(std::string_view text, std::size_t open) {
    JsonObjectSpan span;
    Scanner scanner(text, open);
    if (!scanner.object(&span, 0)) {
        return std::nullopt;
    }
    return span;
}

JsonSplice json_add_member(std::string_view text, const JsonObjectSpan& object,
                           const std::string& key, const Json& value) {
    if (object.members.empty()) {
        return JsonSplice{object.open + 1, object.close, Json(key).dump() + ": " + value.dump()};
    }
    Layout l = layout_of(text, object, object.members.size() - 1);
    std::string lead = l.multiline ? "," + l.eol + l.indent : l.gap;
    std::size_t at = object.members.back().value_end;
    return JsonSplice{at, at, lead + Json(key).dump() + l.separator + format_value(value, l)};
}

JsonSplice json_replace_member(std::string_view text, const JsonObjectSpan& object,
                               std::size_t member, const Json& value) {
    Layout l = layout_of(text, object, member);
    const auto& m = object.members.at(member);
    return JsonSplice{m.value_begin, m.value_end, format_value(value, l)};
}

JsonSplice json_remove_member(std::string_view /*text*/, const JsonObjectSpan& object,
                              std::size_t member) {
    const auto& m = object.members.at(member);
    if (member > 0) {
        return JsonSplice{object.members[member - 1].value_end, m.value_end, ""};
    }
    if (object.members.size() > 1) {
        return JsonSplice{m.key_begin, object.members[1].key_begin, ""};
    }
    return JsonSplice{m.key_begin, m.value_end, ""};
}

bool looks_like_json(std::string_view text) {
    auto i = text.find_first_not_of(" \t\r\n");
    return i != std::string_view::npos && (text[i] == '{' || text[i] == '[');
}

std::string_view encoding_name(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::utf16le:
        return "UTF-16LE";
    case TextEncoding::utf16be:
        return "UTF-16BE";
    case TextEncoding::utf8_bom:
        return "UTF-8 with BOM";
    case TextEncoding::utf8:
        break;
    }
    return "UTF-8";
}

DecodedInput decode_input(const InputFile& input) {
    const std::string& s = input.content;
    DecodedInput out{input, TextEncoding::utf8};
    if (s.size() < 2) {
        return out;
    }
    if (s.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        out.encoding = TextEncoding::utf8_bom;
        out.file.content = s.substr(3);
        return out;
    }
    auto b0 = static_cast<unsigned char>(s[0]);
    auto b1 = static_cast<unsigned char>(s[1]);
    bool le = b0 == 0xFF && b1 == 0xFE;
    bool be = b0 == 0xFE && b1 == 0xFF;
    if (!le && !be) {
        return out;
    }
    out.encoding = le ? TextEncoding::utf16le : TextEncoding::utf16be;
    auto fail = [&](std::size_t offset, const std::string& what) {
        return Error::input(std::string(encoding_name(out.encoding)) + " text: " + what +
                            " at byte " + std::to_string(offset))
            .at(input.name);
    };
    if (s.size() % 2 != 0) {
        throw fail(s.size() - 1, "odd number of bytes");
    }
    auto unit = [&](std::size_t i) {
        auto x = static_cast<unsigned char>(s[i]);
        auto y = static_cast<unsigned char>(s[i + 1]);
        return static_cast<unsigned>(le ? (y << 8 | x) : (x << 8 | y));
    };
    std::string utf8;
    utf8.reserve(s.size() / 2);
    for (std::size_t i = 2; i < s.size(); i += 2) {
        unsigned cp = unit(i);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (i + 3 >= s.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
                throw fail(i, "unpaired surrogate");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
            i += 2;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw fail(i, "unpaired surrogate");
        }
        if (cp < 0x80) {
            utf8 += static_cast<char>(cp);
        } else if (cp < 0x800) {
            utf8 += static_cast<char>(0xC0 | (cp >> 6));
            utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            utf8 += static_cast<char>(0xE0 | (cp >> 12));
            utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            utf8 += static_cast<char>(0xF0 | (cp >> 18));
            utf8 += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    out.file.content = std::move(utf8);
    return out;
}

std::string encode_text(std::string_view utf8, TextEncoding encoding) {
    if (encoding == TextEncoding::utf8) {
        return std::string(utf8);
    }
    if (encoding == TextEncoding::utf8_bom) {
        return "\xEF\xBB\xBF" + std::string(utf8);
    }
    bool le = encoding == TextEncoding::utf16le;
    std::string out;
    out.reserve(utf8.size() * 2 + 2);
    auto put = [&](unsigned u) {
        char hi = static_cast<char>((u >> 8) & 0xFF);
        char lo = static_cast<char>(u & 0xFF);
        out += le ? lo : hi;
        out += le ? hi : lo;
    };
    put(0xFEFF);
    for (std::size_t i = 0; i < utf8.size();) {
        auto c = static_cast<unsigned char>(utf8[i]);
        unsigned cp = c;
        std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (n > 1) {
            cp = c & (0xFF >> (n + 1));
            for (std::size_t k = 1; k < n && i + k < utf8.size(); ++k) {
                cp = cp << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
            }
        }
        i += n;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put(0xD800 + (cp >> 10));
            put(0xDC00 + (cp & 0x3FF));
        } else {
            put(cp);
        }
    }
    return out;
}

} // namespace corral::k8s
