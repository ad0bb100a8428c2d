// CLI11 validators over lib/core/flag_range (the rules and their tests live there).
#pragma once

#include "core/flag_range.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

inline CLI::Validator seconds_in_range(double max = 1e9, bool zero_allowed = false) {
    return CLI::Validator([=](std::string& s) { return check_seconds(s, max, zero_allowed); },
                          "SECONDS", "");
}

inline CLI::Validator count_in_range(std::uint64_t min, std::uint64_t max = UINT64_MAX) {
    return CLI::Validator([=](std::string& s) { return check_count(s, min, max); }, "N", "");
}

} // namespace corral::cli
