#include "core/strings.hpp"

#include "core/error.hpp"

#include <array>

namespace corral {

std::string_view trim_view(std::string_view s, std::string_view chars) {
    std::size_t start = s.find_first_not_of(chars);
    if (start == std::string_view::npos) {
        return {};
    }
    std::size_t end = s.find_last_not_of(chars);
    return s.substr(start, end - start + 1);
}

std::string trim(std::string_view s, std::string_view chars) {
    return std::string(trim_view(s, chars));
}

std::string collapse_whitespace(std::string_view s, std::string_view chars) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (chars.find(c) != std::string_view::npos) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += items[i];
    }
    return out;
}

std::vector<std::string> split(std::string_view s, char separator) {
    std::vector<std::string> out;
    for (;;) {
        std::size_t at = s.find(separator);
        out.emplace_back(s.substr(0, at));
        if (at == std::string_view::npos) {
            return out;
        }
        s.remove_prefix(at + 1);
    }
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

std::string shell_quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 0x0f];
    }
    return out;
}

int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        throw Error::input("hex string has an odd number of digits");
    }
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_digit_value(hex[i]);
        int lo = hex_digit_value(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            throw Error::input("invalid hex digit");
        }
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

namespace {

// Each word in its three spellings: lower, Capitalised, UPPER (and y/n in two).
constexpr std::array<std::string_view, 11> true_words = {
    "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
constexpr std::array<std::string_view, 11> false_words = {
    "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& words, std::string_view s) {
    for (auto w : words) {
        if (w == s) {
            return true;
        }
    }
    return false;
}

} // namespace

bool yaml11_true_word(std::string_view s) {
    return listed(true_words, s);
}

bool yaml11_bool_word(std::string_view s) {
    return listed(true_words, s) || listed(false_words, s);
}

bool yaml11_null_word(std::string_view s) {
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

} // namespace corral
