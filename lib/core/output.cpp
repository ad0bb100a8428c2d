#include "core/output.hpp"

#include "core/io.hpp" // find_invalid_utf8

#include "core/color.hpp"
#include "core/error.hpp"
#include "core/report.hpp"
#include "core/strings.hpp"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace corral {

Format parse_format(std::string_view name) {
    static constexpr std::array<std::string_view, 4> names{"text", "json", "yaml", "jsonl"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (name == names[i]) {
            return static_cast<Format>(i);
        }
    }
    std::string hint = did_you_mean(std::string(name), names);
    throw Error::usage("unknown output format '" + std::string(name) + "'" +
                       (hint.empty() ? "" : ", did you mean '" + hint + "'?") +
                       " (one of text, json, yaml, jsonl)");
}

std::string_view format_name(Format format) {
    switch (format) {
    case Format::json:
        return "json";
    case Format::yaml:
        return "yaml";
    case Format::jsonl:
        return "jsonl";
    case Format::text:
        break;
    }
    return "text";
}

std::string to_json(const Json& value) {
    return value.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string to_json_line(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string json_quote(std::string_view s) {
    return Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> words) {
    for (auto w : words) {
        if (s == w) {
            return true;
        }
    }
    return false;
}

// Plain scalars that YAML 1.1 (go-yaml v2, PyYAML, yaml-cpp) or YAML 1.2 resolve to a non-string.
bool resolves_to_non_string(std::string_view s) {
    // YAML 1.1 bools and nulls, the merge key and the value key.
    if ((!s.empty() && yaml11_null_word(s)) || yaml11_bool_word(s) || s == "<<" || s == "=") {
        return true;
    }
    std::string_view body = s;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
        body.remove_prefix(1);
    }
    if (body.empty()) {
        return false;
    }
    // .inf .nan and friends
    if (one_of(body, {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"})) {
        return true;
    }
    // Anything that starts like a number (digits, ".5", "0x1F", "1e3", "1_000", "12:30", dates) is
    // quoted: over-quoting is harmless, under-quoting changes the type.
    return is_digit(body[0]) || (body[0] == '.' && body.size() > 1 && is_digit(body[1]));
}

bool has_plain_unsafe_chars(std::string_view s) {
    if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') {
        return true;
    }
    switch (s.front()) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
        return true;
    default:
        break;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            return true;
        }
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            return true; // a C1 control (U+0080..U+009F): not printable in YAML
        }
        if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') {
            return true;
        }
        if (c == '#' && i > 0 && s[i - 1] == ' ') {
            return true;
        }
    }
    return false;
}

void append_double_quoted(std::string& out, std::string_view s) {
    out += '"';
    std::size_t bad = find_invalid_utf8(s);
    for (std::size_t i = 0; i < s.size(); ++i) {
        char ch = s[i];
        unsigned char c = static_cast<unsigned char>(ch);
        if (i == bad) {
            // Not UTF-8: YAML cannot carry the byte; write it as an escape, then look further.
            static constexpr char hex[] = "0123456789ABCDEF";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
            std::size_t next = find_invalid_utf8(s.substr(i + 1));
            bad = next == std::string_view::npos ? next : i + 1 + next;
            continue;
        }
        switch (ch) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                static constexpr char hex[] = "0123456789ABCDEF";
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else if (c == 0xC2 && i + 1 < s.size() &&
                       static_cast<unsigned char>(s[i + 1]) < 0xA0) {
                // C1 control (U+0080..U+009F, e.g. the one-byte CSI): "\x9B" is that code point.
                static constexpr char hex[] = "0123456789ABCDEF";
                auto c1 = static_cast<unsigned char>(s[++i]);
                out += "\\x";
                out += hex[c1 >> 4];
                out += hex[c1 & 15];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void append_yaml_scalar(std::string& out, const Json& v) {
    switch (v.type()) {
    case Json::value_t::null:
        out += "null";
        break;
    case Json::value_t::boolean:
        out += v.get<bool>() ? "true" : "false";
        break;
    case Json::value_t::string:
        out += yaml_scalar(v.get_ref<const std::string&>());
        break;
    default:
        out += v.dump();
    }
}

bool is_collection(const Json& v) {
    return (v.is_object() || v.is_array()) && !v.empty();
}

void append_yaml(std::string& out, const Json& v, int indent);

void append_yaml_collection_value(std::string& out, const Json& v, int indent) {
    if (is_collection(v)) {
        out += '\n';
        append_yaml(out, v, indent);
    } else {
        out += ' ';
        if (v.is_object()) {
            out += "{}";
        } else if (v.is_array()) {
            out += "[]";
        } else {
            append_yaml_scalar(out, v);
        }
        out += '\n';
    }
}

void append_yaml(std::string& out, const Json& v, int indent) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    if (v.is_object()) {
        for (const auto& [key, item] : v.items()) {
            out += pad;
            out += yaml_scalar(key);
            out += ':';
            // Sequences under a mapping key are not indented further (kubectl style).
            append_yaml_collection_value(out, item, item.is_array() ? indent : indent + 2);
        }
    } else if (v.is_array()) {
        for (const auto& item : v) {
            out += pad;
            out += "- ";
            if (is_collection(item)) {
                // First line of the nested collection continues after "- ".
                std::string nested;
                append_yaml(nested, item, indent + 2);
                out += nested.substr(static_cast<std::size_t>(indent) + 2);
            } else {
                if (item.is_object()) {
                    out += "{}";
                } else if (item.is_array()) {
                    out += "[]";
                } else {
                    append_yaml_scalar(out, item);
                }
                out += '\n';
            }
        }
    }
}

} // namespace

bool yaml_needs_quotes(std::string_view s) {
    return s.empty() || resolves_to_non_string(s) || has_plain_unsafe_chars(s) ||
           find_invalid_utf8(s) != std::string_view::npos;
}

std::string yaml_scalar(std::string_view s) {
    if (!yaml_needs_quotes(s)) {
        return std::string(s);
    }
    std::string out;
    append_double_quoted(out, s);
    return out;
}

std::string to_yaml(const Json& value) {
    std::string out;
    if (is_collection(value)) {
        append_yaml(out, value, 0);
    } else if (value.is_object()) {
        out = "{}\n";
    } else if (value.is_array()) {
        out = "[]\n";
    } else {
        append_yaml_scalar(out, value);
        out += '\n';
    }
    return out;
}

std::string format_decimal(double value, int max_decimals) {
    if (!std::isfinite(value)) {
        return std::isnan(value) ? "nan" : (value < 0 ? "-inf" : "inf");
    }
    double scale = std::pow(10.0, max_decimals);
    double scaled = std::round(value * scale); // half away from zero
    bool negative = scaled < 0;
    double magnitude = std::fabs(scaled);
    if (magnitude >= 9e18) {
        return Json(value).dump();
    }
    auto units = static_cast<unsigned long long>(magnitude);
    auto divisor = static_cast<unsigned long long>(scale);
    std::string s = std::to_string(units / divisor);
    unsigned long long frac = units % divisor;
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        digits.insert(0, static_cast<std::size_t>(max_decimals) - digits.size(), '0');
        while (!digits.empty() && digits.back() == '0') {
            digits.pop_back();
        }
        s += '.' + digits;
    }
    return (negative && units != 0 ? "-" : "") + s;
}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(m_headers.size());
    for (auto& cell : cells) {
        // Strings from masters, brokers and files must not drive the terminal or forge rows.
        if (needs_visible_escape(cell)) {
            cell = visible_text(cell);
        }
    }
    m_rows.push_back(std::move(cells));
}

bool needs_visible_escape(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F || c >= 0x80) {
            return visible_text(s) != s; // a control, invalid UTF-8, a C1 control (not SGR)
        }
    }
    return false;
}

namespace {

std::string escape_for_terminal(std::string_view s, bool keep_sgr, bool keep_layout) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    auto escape = [&](unsigned char c) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
    };
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == 0x1B && i + 1 < s.size() && s[i + 1] == '[') {
            std::size_t j = i + 2;
            while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')) {
                ++j;
            }
            if (keep_sgr && j < s.size() && s[j] == 'm') { // SGR: colour only (paint())
                out.append(s.substr(i, j + 1 - i));
                i = j + 1;
                continue;
            }
        }
        if (c < 0x80) {
            if ((c < 0x20 || c == 0x7F) && !(keep_layout && (c == '\n' || c == '\t'))) {
                escape(c);
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        std::size_t len = (c & 0xE0) == 0xC0   ? 2
                          : (c & 0xF0) == 0xE0 ? 3
                          : (c & 0xF8) == 0xF0 ? 4
                                               : 1;
        std::string_view seq = s.substr(i, len);
        if (len == 1 || seq.size() < len || find_invalid_utf8(seq) != std::string_view::npos) {
            escape(c); // invalid UTF-8: one byte at a time
            ++i;
            continue;
        }
        if (c == 0xC2 && static_cast<unsigned char>(seq[1]) < 0xA0) {
            escape(static_cast<unsigned char>(seq[1])); // C1 control (U+0080..U+009F): CSI etc.
        } else {
            out += seq;
        }
        i += len;
    }
    return out;
}

bool terminal_safe(std::string_view s, bool keep_sgr) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c >= 0x80) {
            return escape_for_terminal(s, keep_sgr, true) == s;
        }
    }
    return true;
}

} // namespace

std::string visible_text(std::string_view s) {
    return escape_for_terminal(s, true, false);
}

std::string terminal_text(std::string_view s, bool keep_sgr) {
    if (terminal_safe(s, keep_sgr)) {
        return std::string(s);
    }
    return escape_for_terminal(s, keep_sgr, true);
}

void Table::align_right(std::size_t column) {
    if (m_right.size() <= column) {
        m_right.resize(column + 1, false);
    }
    m_right[column] = true;
}

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        // SGR sequences (core/color.hpp paint) take no columns.
        if (std::size_t n = sgr_length(s, i)) {
            i += n - 1;
            continue;
        }
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            ++n;
        }
    }
    return n;
}

std::string Table::render() const {
    std::vector<std::size_t> width(m_headers.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            width[i] = std::max(width[i], display_width(row[i]));
        }
    };
    measure(m_headers);
    for (const auto& row : m_rows) {
        measure(row);
    }
    std::string out;
    auto emit = [&](const std::vector<std::string>& row) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            std::size_t fill = width[i] - display_width(row[i]);
            bool right = i < m_right.size() && m_right[i];
            bool last = i + 1 == row.size();
            if (right) {
                line.append(fill, ' ');
            }
            line += row[i];
            if (!last) {
                if (!right) {
                    line.append(fill, ' ');
                }
                line += "  ";
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out += line;
        out += '\n';
    };
    emit(m_headers);
    for (const auto& row : m_rows) {
        emit(row);
    }
    return out;
}

// The host's settings when this copy of core lives in an attached module (core/log.cpp).
extern OutputSettings* host_output_settings;

OutputSettings& output_settings() {
    if (host_output_settings != nullptr) {
        return *host_output_settings;
    }
    static OutputSettings settings;
    return settings;
}

bool color_wanted(bool no_color_flag) {
    if (no_color_flag) {
        return false;
    }
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && *no_color != '\0') {
        return false;
    }
    const char* term = std::getenv("TERM");
    if (term != nullptr && std::string_view(term) == "dumb") {
        return false;
    }
    return isatty(STDOUT_FILENO) == 1;
}

void write_stdout(std::string_view s) {
    while (!s.empty()) {
        ssize_t n = ::write(STDOUT_FILENO, s.data(), s.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EPIPE) {
                std::_Exit(0); // reader went away (| head): stop quietly, as coreutils do
            }
            throw Error::internal(std::string("cannot write to standard output: ") +
                                  std::strerror(errno));
        }
        s.remove_prefix(static_cast<std::size_t>(n));
    }
}

void print_result(const Json& value, const std::string& text) {
    print_formatted(value, text, output_settings().format);
}

} // namespace corral
