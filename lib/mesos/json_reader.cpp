#include "mesos/json_reader.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace corral::mesos {

namespace {
constexpr int kMaxDepth = 256;
}

void JsonReader::fail(const std::string& what) const {
    std::size_t at = std::min(m_pos, m_text.size());
    Position p = position_of(m_text, at);
    std::string detail = what;
    if (m_pos >= m_text.size()) {
        detail = "truncated JSON (unexpected end of input)";
    }
    throw Error::input("invalid JSON: " + detail).at(m_name, p.line, p.column);
}

JsonReader::Kind JsonReader::peek() {
    ws();
    if (m_pos >= m_text.size()) {
        return Kind::end;
    }
    switch (m_text[m_pos]) {
    case '{':
        return Kind::object;
    case '[':
        return Kind::array;
    case '"':
        return Kind::string;
    case 't':
    case 'f':
        return Kind::boolean;
    case 'n':
        return Kind::null;
    default:
        return Kind::number;
    }
}

void JsonReader::enter() {
    if (++m_depth > kMaxDepth) {
        fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    }
}

void JsonReader::begin_object() {
    if (expect_any() != '{') {
        fail("expected an object");
    }
    ++m_pos;
    enter();
    m_first.push_back('0');
    m_key_starts.push_back(m_keys.size());
    m_key_seen.push_back(0);
}

void JsonReader::close_object() {
    ++m_pos;
    m_first.pop_back();
    leave();
    m_keys.resize(m_key_starts.back());
    m_key_starts.pop_back();
    m_key_seen.pop_back();
}

bool JsonReader::next_key(std::string& key) {
    char c = expect_any();
    if (m_first.back() == '1') {
        if (c == '}') {
            close_object();
            return false;
        }
        if (c != ',') {
            fail("expected ',' or '}' in an object");
        }
        ++m_pos;
        c = expect_any();
    } else if (c == '}') {
        close_object();
        return false;
    }
    if (c != '"') {
        fail("expected a string as object key");
    }
    m_first.back() = '1';
    key.clear();
    std::size_t start = m_pos;
    parse_string_into(&key);
    // Duplicate keys: Mesos never writes them, and a JSON library would keep one of the two
    // silently ("slaves" twice double-counts agents or drops half). Compared as written (raw).
    auto raw_len = static_cast<std::uint32_t>(m_pos - start);
    // raw_len >= 2 (the quotes): hash the length and the first and last characters.
    auto first = static_cast<unsigned char>(m_text[start + 1]);
    auto last = static_cast<unsigned char>(m_text[m_pos - 2]);
    std::uint64_t bit = std::uint64_t{1} << ((raw_len * 7 + first * 3 + last) & 63);
    std::uint64_t& seen = m_key_seen.back();
    std::size_t scan_from = (seen & bit) != 0 ? m_key_starts.back() : m_keys.size();
    seen |= bit;
    for (std::size_t i = scan_from; i < m_keys.size(); ++i) {
        if (m_keys[i].second == raw_len &&
            m_text.compare(m_keys[i].first, raw_len, m_text.substr(start, raw_len)) == 0) {
            m_pos = start;
            fail("duplicate key \"" + key + "\" at byte offset " + std::to_string(start) +
                 " (first at byte offset " + std::to_string(m_keys[i].first) + ")");
        }
    }
    m_keys.emplace_back(start, raw_len);
    if (expect_any() != ':') {
        fail("expected ':' after an object key");
    }
    ++m_pos;
    return true;
}

void JsonReader::begin_array() {
    if (expect_any() != '[') {
        fail("expected an array");
    }
    ++m_pos;
    enter();
    m_first.push_back('0');
}

bool JsonReader::next_element() {
    char c = expect_any();
    if (c == ']') {
        ++m_pos;
        m_first.pop_back();
        leave();
        return false;
    }
    if (m_first.back() == '1') {
        if (c != ',') {
            fail("expected ',' or ']' in an array");
        }
        ++m_pos;
    }
    m_first.back() = '1';
    return true;
}

namespace {
// The position of the first '"', '\\' or control character in [from, limit), or limit. Word at a
// time (SWAR): the lowest flagged byte of each test is exact (borrows only travel upwards from a
// real match), which is the only one used.
std::size_t first_special(const char* base, std::size_t from, std::size_t limit) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    std::size_t i = from;
    for (; i + 8 <= limit; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, base + i, 8);
        std::uint64_t q = w ^ (ones * '"');
        std::uint64_t b = w ^ (ones * '\\');
        std::uint64_t hit = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w);
        hit &= highs;
        if (hit != 0) {
            if constexpr (std::endian::native == std::endian::little) {
                return i + static_cast<std::size_t>(std::countr_zero(hit) / 8);
            } else {
                break; // the byte loop below finds it
            }
        }
    }
    for (; i < limit; ++i) {
        auto c = static_cast<unsigned char>(base[i]);
        if (c == '"' || c == '\\' || c < 0x20) {
            return i;
        }
    }
    return limit;
}
// The position of the first '"' or '\\' in [from, limit), or limit; word at a time like
// first_special.
std::size_t first_quote_or_backslash(const char* base, std::size_t from, std::size_t limit) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    std::size_t i = from;
    if constexpr (std::endian::native == std::endian::little) {
        for (; i + 8 <= limit; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, base + i, 8);
            std::uint64_t q = w ^ (ones * '"');
            std::uint64_t b = w ^ (ones * '\\');
            std::uint64_t hit = (((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
            if (hit != 0) {
                return i + static_cast<std::size_t>(std::countr_zero(hit) / 8);
            }
        }
    }
    for (; i < limit; ++i) {
        if (base[i] == '"' || base[i] == '\\') {
            return i;
        }
    }
    return limit;
}
} // namespace

// Reads a string starting at the opening quote; appends its decoded text to `out` when given.
void JsonReader::parse_string_into(std::string* out) {
    ++m_pos; // opening quote
    const char* base = m_text.data();
    std::size_t n = m_text.size();
    {
        // Most strings are short keys and ids with nothing to decode: find the first quote,
        // backslash or control character eight bytes at a time. Anything but a closing quote
        // (escapes, control characters, long strings) takes the loop below.
        std::size_t i = first_special(base, m_pos, std::min(n, m_pos + 64));
        if (i < n && base[i] == '"') {
            if (out) {
                out->append(base + m_pos, i - m_pos);
            }
            m_pos = i + 1;
            return;
        }
    }
    for (;;) {
        const void* q = std::memchr(base + m_pos, '"', n - m_pos);
        std::size_t end = q ? static_cast<std::size_t>(static_cast<const char*>(q) - base) : n;
        // Handle escapes and control characters in [m_pos, end).
        const void* bs = std::memchr(base + m_pos, '\\', end - m_pos);
        std::size_t stop = bs ? static_cast<std::size_t>(static_cast<const char*>(bs) - base) : end;
        if (out) {
            // Values that are kept must be valid JSON strings; skipped ones only need their end.
            for (std::size_t i = m_pos; i < stop; ++i) {
                if (static_cast<unsigned char>(base[i]) < 0x20) {
                    m_pos = i;
                    fail("control character in a string");
                }
            }
        }
        if (out) {
            out->append(base + m_pos, stop - m_pos);
        }
        m_pos = stop;
        if (m_pos >= n) {
            fail("unterminated string");
        }
        if (base[m_pos] == '"') {
            ++m_pos;
            return;
        }
        // Escape sequence.
        if (m_pos + 1 >= n) {
            m_pos = n;
            fail("unterminated string");
        }
        char e = base[m_pos + 1];
        m_pos += 2;
        char simple = 0;
        switch (e) {
        case '"':
            simple = '"';
            break;
        case '\\':
            simple = '\\';
            break;
        case '/':
            simple = '/';
            break;
        case 'b':
            simple = '\b';
            break;
        case 'f':
            simple = '\f';
            break;
        case 'n':
            simple = '\n';
            break;
        case 'r':
            simple = '\r';
            break;
        case 't':
            simple = '\t';
            break;
        case 'u': {
            auto read4 = [&](unsigned& v) {
                if (m_pos + 4 > n) {
                    m_pos = n;
                    fail("unterminated string");
                }
                v = 0;
                for (int k = 0; k < 4; ++k) {
                    int h = hex_digit_value(base[m_pos + static_cast<std::size_t>(k)]);
                    if (h < 0) {
                        fail("bad \\u escape");
                    }
                    v = v * 16 + static_cast<unsigned>(h);
                }
                m_pos += 4;
            };
            unsigned cp;
            read4(cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (m_pos + 2 > n || base[m_pos] != '\\' || base[m_pos + 1] != 'u') {
                    fail("lone surrogate in \\u escape");
                }
                m_pos += 2;
                unsigned low;
                read4(low);
                if (low < 0xDC00 || low > 0xDFFF) {
                    fail("bad surrogate pair in \\u escape");
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail("lone surrogate in \\u escape");
            }
            if (out) {
                append_utf8(*out, cp);
            }
            continue;
        }
        default:
            m_pos -= 1;
            fail("bad escape in a string");
        }
        if (out) {
            *out += simple;
        }
    }
}

std::string JsonReader::read_string() {
    if (expect_any() != '"') {
        fail("expected a string");
    }
    std::string s;
    parse_string_into(&s);
    return s;
}

std::string_view JsonReader::number_span() {
    ws();
    std::size_t start = m_pos;
    std::size_t n = m_text.size();
    auto digits = [&] {
        std::size_t d = m_pos;
        while (m_pos < n && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
            ++m_pos;
        }
        return m_pos - d;
    };
    if (m_pos < n && m_text[m_pos] == '-') {
        ++m_pos;
    }
    if (m_pos < n && m_text[m_pos] == '0') {
        ++m_pos;
    } else if (digits() == 0) {
        fail(m_pos >= n ? "unexpected end of input" : "unexpected character");
    }
    if (m_pos < n && m_text[m_pos] == '.') {
        ++m_pos;
        if (digits() == 0) {
            fail("expected digits after '.'");
        }
    }
    if (m_pos < n && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < n && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
            ++m_pos;
        }
        if (digits() == 0) {
            fail("expected digits in an exponent");
        }
    }
    return m_text.substr(start, m_pos - start);
}

double JsonReader::read_number() {
    if (peek() != Kind::number) {
        fail("expected a number");
    }
    std::string_view span = number_span();
    double v = 0;
    auto r = std::from_chars(span.data(), span.data() + span.size(), v);
    if (r.ec == std::errc::result_out_of_range) {
        v = span.find('e') != std::string_view::npos || span.find('E') != std::string_view::npos
                ? (span.find("e-") != std::string_view::npos ||
                           span.find("E-") != std::string_view::npos
                       ? 0.0
                       : HUGE_VAL)
                : HUGE_VAL;
        if (!span.empty() && span[0] == '-') {
            v = -v;
        }
    }
    return v;
}

void JsonReader::literal(std::string_view word) {
    ws();
    if (m_text.size() - m_pos < word.size() ||
        std::memcmp(m_text.data() + m_pos, word.data(), word.size()) != 0) {
        fail("unexpected character");
    }
    m_pos += word.size();
}

bool JsonReader::read_bool() {
    char c = expect_any();
    if (c == 't') {
        literal("true");
        return true;
    }
    literal("false");
    return false;
}

void JsonReader::read_null() {
    literal("null");
}

// Skipped containers are most of a large state (the tasks when only agents are shown), so they
// are scanned, not parsed: the scan checks that brackets nest and match, that strings end, and
// that every other byte is one JSON allows there; the order of commas, colons and values is
// checked only where values are read.
void JsonReader::skip() {
    Kind kind = peek();
    if (kind != Kind::object && kind != Kind::array) {
        switch (kind) {
        case Kind::string:
            parse_string_into(nullptr);
            break;
        case Kind::boolean:
            read_bool();
            break;
        case Kind::null:
            read_null();
            break;
        case Kind::number:
            number_span();
            break;
        default:
            fail("unexpected end of input");
        }
        return;
    }
    static const auto table = [] {
        // 0: not JSON outside a string, 1: ordinary, 2: quote, 3: opening, 4: closing
        std::array<unsigned char, 256> t{};
        for (unsigned char c : std::string_view(" \t\r\n0123456789-+.eE,:truefalsn")) {
            t[c] = 1;
        }
        t['"'] = 2;
        t['['] = t['{'] = 3;
        t[']'] = t['}'] = 4;
        return t;
    }();
    const char* base = m_text.data();
    std::size_t n = m_text.size();
    // The closers expected, innermost last; depth_base + open_size never exceeds kMaxDepth.
    std::array<char, kMaxDepth + 1> open;
    int open_size = 0;
    int depth_base = m_depth;
    while (m_pos < n) {
        char c = base[m_pos];
        switch (table[static_cast<unsigned char>(c)]) {
        case 1:
            ++m_pos;
            break;
        case 2: {
            // A skipped string needs only its end: the first quote, unless a backslash comes
            // first (escapes are checked by parse_string_into).
            std::size_t end = first_quote_or_backslash(base, m_pos + 1, n);
            if (end < n && base[end] == '"') {
                m_pos = end + 1;
            } else {
                parse_string_into(nullptr);
            }
            break;
        }
        case 3:
            if (depth_base + open_size + 1 > kMaxDepth) {
                fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
            }
            open[static_cast<std::size_t>(open_size++)] = c == '[' ? ']' : '}';
            ++m_pos;
            break;
        case 4:
            if (open_size == 0 || open[static_cast<std::size_t>(open_size - 1)] != c) {
                fail(std::string("unexpected '") + c + "'");
            }
            --open_size;
            ++m_pos;
            if (open_size == 0) {
                return;
            }
            break;
        default: {
            auto u = static_cast<unsigned char>(c);
            char shown[8];
            std::snprintf(shown, sizeof shown, u >= 0x20 && u < 0x7f ? "'%c'" : "0x%02X", u);
            fail(std::string("unexpected character ") + shown);
        }
        }
    }
    fail("unexpected end of input");
}

Json JsonReader::read_json(const std::function<bool(std::string_view)>& drop) {
    switch (peek()) {
    case Kind::object: {
        JsonMembers members;
        std::string key;
        begin_object();
        while (next_key(key)) {
            if (drop && drop(key)) {
                skip();
            } else {
                members.emplace_back(key, read_json(drop));
            }
        }
        return json_object(std::move(members));
    }
    case Kind::array: {
        Json j = Json::array();
        begin_array();
        while (next_element()) {
            j.push_back(read_json(drop));
        }
        return j;
    }
    case Kind::string:
        return read_string();
    case Kind::boolean:
        return read_bool();
    case Kind::null:
        read_null();
        return nullptr;
    case Kind::number: {
        std::string_view span = number_span();
        bool integral = span.find_first_of(".eE") == std::string_view::npos;
        if (integral) {
            if (span[0] == '-') {
                long long v;
                auto r = std::from_chars(span.data(), span.data() + span.size(), v);
                if (r.ec == std::errc()) {
                    return v;
                }
            } else {
                unsigned long long v;
                auto r = std::from_chars(span.data(), span.data() + span.size(), v);
                if (r.ec == std::errc()) {
                    return v;
                }
            }
        }
        double v = 0;
        auto r = std::from_chars(span.data(), span.data() + span.size(), v);
        if (r.ec == std::errc::result_out_of_range) {
            v = span.find("e-") != std::string_view::npos ||
                        span.find("E-") != std::string_view::npos
                    ? 0.0
                    : (span[0] == '-' ? -HUGE_VAL : HUGE_VAL);
        }
        return v;
    }
    case Kind::end:
        break;
    }
    fail("unexpected end of input");
}

Json json_object(JsonMembers&& members) {
    Json j = Json::object();
    auto& object = j.get_ref<Json::object_t&>();
    object.reserve(members.size());
    for (auto& [key, value] : members) {
        object.emplace_back(std::move(key), std::move(value));
    }
    return j;
}

void JsonReader::finish() {
    ws();
    if (m_pos != m_text.size()) {
        fail("unexpected characters after the JSON document");
    }
}

} // namespace corral::mesos
