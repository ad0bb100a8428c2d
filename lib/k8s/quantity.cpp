#include "k8s/quantity.hpp"

#include <limits>

namespace corral::k8s {

const char* const kQuantityFormatError =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const char* const kQuantityNumericError = "unable to parse numeric part of quantity";
const char* const kQuantitySuffixError = "unable to parse quantity's suffix";

namespace {

using i128 = __int128;
constexpr std::int64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// parseQuantityString from quantity.go, step by step.
struct Parts {
    bool positive = true;
    std::string_view num, denom, suffix;
};

bool split_quantity(std::string_view str, Parts& out) {
    std::size_t pos = 0, end = str.size();
    if (pos < end) {
        if (str[0] == '-') {
            out.positive = false;
            ++pos;
        } else if (str[0] == '+') {
            ++pos;
        }
    }
    while (pos < end && str[pos] == '0')
        ++pos;
    if (pos >= end) {
        out.num = "0";
        return true;
    }
    std::size_t i = pos;
    while (i < end && is_digit(str[i]))
        ++i;
    out.num = str.substr(pos, i - pos);
    if (i >= end)
        return true;
    if (out.num.empty())
        out.num = "0";
    pos = i;
    if (pos < end && str[pos] == '.') {
        ++pos;
        i = pos;
        while (i < end && is_digit(str[i]))
            ++i;
        out.denom = str.substr(pos, i - pos);
        if (i >= end)
            return true;
        pos = i;
    }
    std::size_t suffix_start = pos;
    i = pos;
    while (i < end && std::string_view("eEinumkKMGTP").find(str[i]) != std::string_view::npos)
        ++i;
    if (i >= end) {
        out.suffix = str.substr(suffix_start);
        return true;
    }
    pos = i;
    if (str[pos] == '-' || str[pos] == '+')
        ++pos;
    for (i = pos; i < end; ++i)
        if (!is_digit(str[i]))
            return false; // ErrFormatWrong
    out.suffix = str.substr(suffix_start);
    return true;
}

// quantitySuffixer.interpret: base 10 or 2 and the exponent.
bool interpret_suffix(std::string_view s, int& base, int& exponent) {
    static const struct {
        const char* name;
        int base, exp;
    } table[] = {{"", 10, 0},   {"n", 10, -9}, {"u", 10, -6}, {"m", 10, -3},
                 {"k", 10, 3},  {"M", 10, 6},  {"G", 10, 9},  {"T", 10, 12},
                 {"P", 10, 15}, {"E", 10, 18}, {"Ki", 2, 10}, {"Mi", 2, 20},
                 {"Gi", 2, 30}, {"Ti", 2, 40}, {"Pi", 2, 50}, {"Ei", 2, 60}};
    for (const auto& t : table)
        if (s == t.name) {
            base = t.base;
            exponent = t.exp;
            return true;
        }
    if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
        // strconv.ParseInt(s[1:], 10, 64) then the value must fit int32
        std::string_view digits = s.substr(1);
        bool neg = false;
        if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
            neg = digits[0] == '-';
            digits.remove_prefix(1);
        }
        if (digits.empty() || digits.size() > 10)
            return false;
        long long v = 0;
        for (char c : digits) {
            if (!is_digit(c))
                return false;
            v = v * 10 + (c - '0');
        }
        if (v > std::numeric_limits<std::int32_t>::max())
            return false;
        base = 10;
        exponent = static_cast<int>(neg ? -v : v);
        return true;
    }
    return false;
}

constexpr i128 kCap = static_cast<i128>(kMaxInt64) * 1'000'000'000; // maxAllowed, in nanos

} // namespace

std::optional<Quantity> parse_quantity(std::string_view text, std::string* error) {
    auto fail = [&](const char* message) -> std::optional<Quantity> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (text.empty())
        return fail(kQuantityFormatError);
    Parts p;
    if (!split_quantity(text, p))
        return fail(kQuantityFormatError);
    int base = 10, exponent = 0;
    if (!interpret_suffix(p.suffix, base, exponent))
        return fail(kQuantitySuffixError);

    // Exact arithmetic: value = digits * 10^(dec) * 2^(bin). We want ceil(|value| * 1e9), capped.
    std::string digits = std::string(p.num) + std::string(p.denom);
    int dec = -static_cast<int>(p.denom.size()) + (base == 10 ? exponent : 0) + 9;
    int bin = base == 2 ? exponent : 0;
    // Strip leading zeros (can't change the value) to bound the size.
    std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos)
        return Quantity{0};
    digits = digits.substr(first);
    // Too many significant digits for an int128 mantissa: trailing ones only matter for the
    // round-up, so keep 30 digits and remember whether anything non-zero was dropped.
    bool dropped_nonzero = false;
    if (digits.size() > 30) {
        dropped_nonzero = digits.find_first_not_of('0', 30) != std::string::npos;
        dec += static_cast<int>(digits.size() - 30);
        digits.resize(30);
    }
    i128 mant = 0;
    for (char c : digits)
        mant = mant * 10 + (c - '0');
    bool capped = false;
    // Multiply by 2^bin with cap.
    for (int k = 0; k < bin && !capped; ++k) {
        mant *= 2;
        if (mant > kCap * 1000)
            capped = true;
    }
    i128 result;
    if (capped) {
        result = kCap;
    } else if (dec >= 0) {
        result = mant;
        for (int k = 0; k < dec; ++k) {
            if (result > kCap) {
                capped = true;
                break;
            }
            result *= 10;
        }
        if (capped || result > kCap)
            result = kCap;
    } else {
        // Divide by 10^-dec rounding up (inf.RoundUp is away from zero on magnitudes).
        bool remainder = dropped_nonzero;
        result = mant;
        for (int k = 0; k < -dec; ++k) {
            if (result % 10 != 0)
                remainder = true;
            result /= 10;
            if (result == 0)
                break;
        }
        if (remainder)
            result += 1;
        if (result > kCap)
            result = kCap;
    }
    Quantity q;
    q.nanos = p.positive ? result : -result;
    return q;
}

namespace {
std::int64_t scaled_ceil(i128 nanos, i128 divisor) {
    i128 mag = nanos < 0 ? -nanos : nanos;
    i128 v = mag / divisor + (mag % divisor != 0 ? 1 : 0);
    if (v > kMaxInt64)
        v = kMaxInt64;
    return static_cast<std::int64_t>(nanos < 0 ? -v : v);
}
} // namespace

std::int64_t Quantity::value() const {
    return scaled_ceil(nanos, 1'000'000'000);
}
std::int64_t Quantity::milli_value() const {
    return scaled_ceil(nanos, 1'000'000);
}

std::string format_cpu_millis(std::int64_t millis) {
    if (millis % 1000 == 0)
        return std::to_string(millis / 1000);
    return std::to_string(millis) + "m";
}

std::string format_bytes(std::int64_t bytes) {
    static const char* suffixes[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    if (bytes == 0)
        return "0";
    int idx = -1;
    std::int64_t v = bytes;
    while (idx < 5 && v % 1024 == 0) {
        v /= 1024;
        ++idx;
    }
    if (idx < 0)
        return std::to_string(bytes);
    return std::to_string(v) + suffixes[idx];
}

} // namespace corral::k8s
