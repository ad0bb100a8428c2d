#include "core/flag_range.hpp"

#include "core/output.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace corral {

std::string check_seconds(std::string_view text, double max, bool zero_allowed) {
    std::string range = std::string(zero_allowed ? "[0, " : "(0, ") + format_decimal(max, 0) + "]";
    std::string s(text);
    char* end = nullptr;
    double v = s.empty() ? NAN : std::strtod(s.c_str(), &end);
    if (s.empty() || end == nullptr || *end != '\0' || !std::isfinite(v)) {
        return "'" + s + "' is not a number of seconds in " + range;
    }
    if (v < 0 || v > max || (v == 0 && !zero_allowed)) {
        return "'" + s + "' is out of range: seconds in " + range;
    }
    return {};
}

std::string check_count(std::string_view text, std::uint64_t min, std::uint64_t max) {
    std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ptr != text.data() + text.size() || ec == std::errc::invalid_argument) {
        return "'" + std::string(text) + "' is not a whole number in " + range;
    }
    if (ec == std::errc::result_out_of_range || v < min || v > max) {
        return "'" + std::string(text) + "' is out of range " + range;
    }
    return {};
}

} // namespace corral
