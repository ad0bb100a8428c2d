#include "mesos/values.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <tuple>

namespace corral::mesos {

std::string_view value_type_name(ValueType type) {
    switch (type) {
    case ValueType::scalar:
        return "SCALAR";
    case ValueType::ranges:
        return "RANGES";
    case ValueType::set:
        return "SET";
    case ValueType::text:
        return "TEXT";
    }
    return "TEXT";
}

long long to_fixed(double value) {
    // llround is undefined-ish (returns an unspecified value, raises FE_INVALID) outside the
    // long long range; Mesos never guards it. Clamp so callers stay well defined.
    double scaled = value * 1000;
    if (!(scaled < 9.2e18)) {
        return std::isnan(scaled) ? 0 : std::numeric_limits<long long>::max();
    }
    if (!(scaled > -9.2e18)) {
        return std::numeric_limits<long long>::min();
    }
    return std::llround(scaled);
}

long long add_fixed(long long a, long long b) {
    long long r;
    if (__builtin_add_overflow(a, b, &r)) {
        return b > 0 ? std::numeric_limits<long long>::max()
                     : std::numeric_limits<long long>::min();
    }
    return r;
}

long long sub_fixed(long long a, long long b) {
    long long r;
    if (__builtin_sub_overflow(a, b, &r)) {
        return b < 0 ? std::numeric_limits<long long>::max()
                     : std::numeric_limits<long long>::min();
    }
    return r;
}

double from_fixed(long long fixed) {
    double quotient = static_cast<double>(fixed / 1000);
    double remainder = static_cast<double>(fixed % 1000) / 1000.0;
    return quotient + remainder;
}

double json_scalar(long long fixed) {
    // An exact integer divided by 1000 is correctly rounded: the nearest double to the decimal,
    // which nlohmann prints in its shortest round-trip form ("8.4").
    return static_cast<double>(fixed) / 1000.0;
}

nlohmann::ordered_json json_number(long long fixed) {
    if (fixed % 1000 == 0) {
        return fixed / 1000;
    }
    return json_scalar(fixed);
}

std::string format_scalar(double value) {
    long long fixed = to_fixed(value);
    bool negative = fixed < 0;
    unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(fixed)
                                            : static_cast<unsigned long long>(fixed);
    std::string s = std::to_string(magnitude / 1000);
    unsigned long long frac = magnitude % 1000;
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        digits.insert(0, 3 - digits.size(), '0');
        while (digits.back() == '0') {
            digits.pop_back();
        }
        s += '.' + digits;
    }
    return negative ? "-" + s : s;
}

std::vector<std::string> tokenize(std::string_view s, std::string_view delims) {
    std::vector<std::string> tokens;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t start = s.find_first_not_of(delims, i);
        if (start == std::string_view::npos) {
            break;
        }
        std::size_t end = s.find_first_of(delims, start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        tokens.emplace_back(s.substr(start, end - start));
        i = end;
    }
    return tokens;
}

namespace {

bool brackets_match(std::string_view s, char open, char close) {
    // stout strings::checkBracketsMatching: counts only, never below zero.
    int count = 0;
    for (char c : s) {
        if (c == open) {
            ++count;
        } else if (c == close) {
            --count;
        }
        if (count < 0) {
            return false;
        }
    }
    return count == 0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// stout numify<double> = boost::lexical_cast<double> (an istream without skipws, then strtod),
// which accepts [+-](digits[.digits]|.digits)[e[+-]digits] and inf/nan spellings. Anything else,
// hexadecimal included, fails. Returns nullopt on failure; overflow fails like the istream does.
std::optional<double> numify_double(const std::string& s) {
    std::size_t i = 0;
    std::size_t n = s.size();
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        ++i;
    }
    std::size_t mantissa_digits = 0;
    while (i < n && is_digit(s[i])) {
        ++i;
        ++mantissa_digits;
    }
    if (i < n && s[i] == '.') {
        ++i;
        while (i < n && is_digit(s[i])) {
            ++i;
            ++mantissa_digits;
        }
    }
    if (mantissa_digits == 0) {
        // boost's parse_inf_nan: only the exact spellings (case-insensitive, optional sign).
        std::string word;
        std::size_t j = (n > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
        for (std::size_t k = j; k < n; ++k) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
        }
        bool negative = n > 0 && s[0] == '-';
        if (word == "inf" || word == "infinity") {
            return negative ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity();
        }
        if (word == "nan" ||
            (word.size() > 5 && word.rfind("nan(", 0) == 0 && word.back() == ')')) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        return std::nullopt;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            ++i;
        }
        std::size_t exponent_digits = 0;
        while (i < n && is_digit(s[i])) {
            ++i;
            ++exponent_digits;
        }
        if (exponent_digits == 0) {
            return std::nullopt;
        }
    }
    if (i != n) {
        return std::nullopt;
    }
    errno = 0;
    double v = std::strtod(s.c_str(), nullptr);
    if (std::isinf(v)) {
        return std::nullopt; // libstdc++ num_get sets failbit on overflow
    }
    return v;
}

// stout numify<uint64_t>: boost::lexical_cast (optional sign, decimal digits, no overflow), then a
// hexadecimal fallback for "0x"-prefixed text.
std::optional<std::uint64_t> numify_uint64(const std::string& s) {
    auto decimal = [](std::string_view t) -> std::optional<std::uint64_t> {
        bool negative = false;
        if (!t.empty() && (t[0] == '+' || t[0] == '-')) {
            negative = t[0] == '-';
            t.remove_prefix(1);
        }
        if (t.empty()) {
            return std::nullopt;
        }
        std::uint64_t v = 0;
        for (char c : t) {
            if (!is_digit(c)) {
                return std::nullopt;
            }
            std::uint64_t d = static_cast<std::uint64_t>(c - '0');
            if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
                return std::nullopt;
            }
            v = v * 10 + d;
        }
        return negative ? 0 - v : v; // lexical_cast wraps negatives for unsigned targets
    };
    if (auto v = decimal(s)) {
        return v;
    }
    std::string_view t = s;
    bool negative = false;
    if (t.rfind("-0x", 0) == 0 || t.rfind("-0X", 0) == 0) {
        negative = true;
        t.remove_prefix(1);
    } else if (!(t.rfind("0x", 0) == 0 || t.rfind("0X", 0) == 0)) {
        return std::nullopt;
    }
    if (s.find('.') != std::string::npos || s.find('p') != std::string::npos) {
        return std::nullopt;
    }
    t.remove_prefix(2);
    if (t.empty()) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : t) {
        int d;
        if (is_digit(c)) {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return std::nullopt;
        }
        if (v > (std::numeric_limits<std::uint64_t>::max() >> 4)) {
            return std::nullopt;
        }
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    return negative ? 0 - v : v;
}

} // namespace

void coalesce(std::vector<Range>& ranges) {
    // Mesos' internal::coalesce, including its treatment of inverted ranges and the wrap of
    // end + 1 at UINT64_MAX.
    if (ranges.empty()) {
        return;
    }
    std::sort(ranges.begin(), ranges.end(), [](const Range& l, const Range& r) {
        return std::tie(l.begin, l.end) < std::tie(r.begin, r.end);
    });
    std::size_t count = 1;
    Range current = ranges.front();
    for (const Range& range : ranges) {
        if (range.begin == current.begin && range.end == current.end) {
            continue;
        }
        if (range.begin == current.begin && range.end > current.end) {
            current.end = range.end;
        } else if (range.begin > current.begin) {
            if (range.begin <= current.end + 1) {
                current.end = std::max(current.end, range.end);
            } else {
                ranges[count - 1] = current;
                ++count;
                current = range;
            }
        }
    }
    ranges[count - 1] = current;
    ranges.resize(count);
}

std::string format_ranges(const std::vector<Range>& ranges) {
    std::string s = "[";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (i) {
            s += ", ";
        }
        s += std::to_string(ranges[i].begin) + "-" + std::to_string(ranges[i].end);
    }
    return s + "]";
}

std::string format_set(const std::vector<std::string>& items) {
    std::string s = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) {
            s += ", ";
        }
        s += items[i];
    }
    return s + "}";
}

std::uint64_t ranges_size(const std::vector<Range>& ranges) {
    std::uint64_t total = 0;
    for (const auto& r : ranges) {
        if (r.end < r.begin) {
            continue;
        }
        std::uint64_t n = r.end - r.begin;
        if (n == std::numeric_limits<std::uint64_t>::max() ||
            total > std::numeric_limits<std::uint64_t>::max() - (n + 1)) {
            return std::numeric_limits<std::uint64_t>::max();
        }
        total += n + 1;
    }
    return total;
}

std::vector<Range> subtract_ranges(const std::vector<Range>& left,
                                   const std::vector<Range>& right) {
    std::vector<Range> result;
    std::vector<Range> l = left;
    std::vector<Range> r = right;
    coalesce(l);
    coalesce(r);
    std::size_t j = 0;
    for (Range cur : l) {
        bool alive = true;
        while (j < r.size() && r[j].end < cur.begin) {
            ++j;
        }
        std::size_t k = j;
        while (alive && k < r.size() && r[k].begin <= cur.end) {
            if (r[k].begin > cur.begin) {
                result.push_back({cur.begin, r[k].begin - 1});
            }
            if (r[k].end >= cur.end) {
                alive = false;
            } else {
                cur.begin = r[k].end + 1;
                ++k;
            }
        }
        if (alive) {
            result.push_back(cur);
        }
    }
    return result;
}

Value parse_value(std::string_view text) {
    Value value;
    std::string temp;
    temp.reserve(text.size());
    for (char c : text) {
        if (c != ' ') {
            temp += c;
        }
    }
    if (temp.empty()) {
        throw Error::input("Expecting non-empty string");
    }
    if (!brackets_match(temp, '{', '}') || !brackets_match(temp, '[', ']') ||
        !brackets_match(temp, '(', ')')) {
        throw Error::input("Mismatched brackets");
    }
    std::size_t index = temp.find('[');
    if (index == 0) {
        value.type = ValueType::ranges;
        std::vector<std::string> tokens = tokenize(temp, "[]-,\n");
        if (tokens.size() % 2 != 0) {
            throw Error::input("Expecting one or more \"ranges\"");
        }
        for (std::size_t i = 0; i < tokens.size(); i += 2) {
            auto begin = numify_uint64(tokens[i]);
            auto end = numify_uint64(tokens[i + 1]);
            if (!begin || !end) {
                throw Error::input("Expecting non-negative integers in '" + tokens[i] + "'");
            }
            value.ranges.push_back({*begin, *end});
        }
        coalesce(value.ranges);
        return value;
    }
    if (index != std::string::npos) {
        throw Error::input("Unexpected '[' found");
    }
    index = temp.find('{');
    if (index == 0) {
        value.type = ValueType::set;
        value.set = tokenize(temp, "{},\n");
        return value;
    }
    if (index != std::string::npos) {
        throw Error::input("Unexpected '{' found");
    }
    std::optional<double> number = numify_double(temp);
    if (number) {
        switch (std::fpclassify(*number)) {
        case FP_INFINITE:
        case FP_NAN:
            number.reset();
            break;
        case FP_NORMAL:
            if (*number < 0) {
                number.reset();
            }
            break;
        case FP_SUBNORMAL:
            throw Error::input("Subnormal values not supported");
        default:
            break;
        }
    }
    if (number) {
        value.type = ValueType::scalar;
        value.scalar = *number;
    } else {
        value.type = ValueType::text;
        value.text = temp;
    }
    return value;
}

std::optional<std::string> validate_role(std::string_view role_view) {
    std::string role(role_view);
    if (role == "*") {
        return std::nullopt;
    }
    if (!role.empty() && role.front() == '/') {
        return "Role '" + role + "' cannot start with a slash";
    }
    if (!role.empty() && role.back() == '/') {
        return "Role '" + role + "' cannot end with a slash";
    }
    if (role.find("//") != std::string::npos) {
        return "Role '" + role + "' cannot contain two adjacent slashes";
    }
    std::vector<std::string> components = tokenize(role, "/");
    if (components.empty()) {
        return std::string("Role names cannot be the empty string");
    }
    for (const auto& component : components) {
        if (component == ".") {
            return "Role '" + role + "' cannot include '.' as a component";
        }
        if (component == "..") {
            return "Role '" + role + "' cannot include '..' as a component";
        }
        if (component == "*") {
            return "Role '" + role + "' cannot include '*' as a component";
        }
        if (component.front() == '-') {
            return "Role component '" + component + "' is invalid because it starts with a dash";
        }
        if (component.find_first_of(std::string_view("\x09\x0a\x0b\x0c\x0d\x20\x7f", 7)) !=
            std::string::npos) {
            return "Role component '" + component +
                   "' is invalid because it contains backspace or whitespace";
        }
    }
    return std::nullopt;
}

bool is_strict_subrole(std::string_view left, std::string_view right) {
    return left.size() > right.size() && left[right.size()] == '/' &&
           left.substr(0, right.size()) == right;
}

std::vector<std::string> role_ancestors(std::string_view role) {
    std::vector<std::string> result;
    for (std::size_t i = role.size(); i-- > 0;) {
        if (role[i] == '/') {
            result.emplace_back(role.substr(0, i));
        }
    }
    return result;
}

} // namespace corral::mesos
