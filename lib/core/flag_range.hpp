// Range checks for numeric flags (issue 15): "nan", "-1", "0", "1e400" and 2^64 are usage errors
// naming the allowed range, instead of wrapping around or meaning "wait forever". cli/ wraps
// them as CLI11 validators (cli/ranges.hpp); the rules live here so that they are unit-tested.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace corral {

// A finite number of seconds in (0, max] ("" when valid, else what is wrong); with
// zero_allowed, 0 is valid too (its meaning, e.g. "no limit", is the flag's).
std::string check_seconds(std::string_view text, double max = 1e9, bool zero_allowed = false);

// An unsigned decimal integer in [min, max] ("" when valid).
std::string check_count(std::string_view text, std::uint64_t min, std::uint64_t max);

} // namespace corral
