// Mesos values (src/common/values.cpp): scalars in fixed point with three decimals, ranges that
// coalesce, sets, text; plus role-name validation (src/common/roles.cpp). Reproduces upstream
// parsing and error wording exactly; see tests/unit/mesos/values_test.cpp.
#pragma once

#include "core/error.hpp"
#include "core/strings.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace corral::mesos {

enum class ValueType { scalar, ranges, set, text };
std::string_view value_type_name(ValueType type); // "SCALAR", "RANGES", "SET", "TEXT"

struct Range {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    bool operator==(const Range&) const = default;
};

// Mesos' convertToFixed: llround(v * 1000), half away from zero.
long long to_fixed(double value);
// Saturating fixed-point arithmetic (Mesos overflows silently; corral must not).
long long add_fixed(long long a, long long b);
long long sub_fixed(long long a, long long b);
// Mesos' convertToFloating: integer part and milli part converted separately.
double from_fixed(long long fixed);
// A scalar as Mesos prints it (three decimals at most, no trailing zeros): 8.40000000000185 -> 8.4.
std::string format_scalar(double value);
// The nearest double to the fixed-point value (prints as 8.4, not 8.400000001).
double json_scalar(long long fixed);
// For JSON output: an integer when the value is whole (1024, not 1024.0), else json_scalar.
nlohmann::ordered_json json_number(long long fixed);

struct Value {
    ValueType type = ValueType::text;
    double scalar = 0;
    std::vector<Range> ranges;
    std::vector<std::string> set;
    std::string text;
};

// values::parse: spaces removed, then ranges "[a-b,...]", set "{a,b}", a non-negative finite
// number, or TEXT. Throws Error::input ("Expecting non-empty string", "Mismatched brackets", ...).
Value parse_value(std::string_view text);

// Mesos' coalesce(): sorts and merges overlapping and adjacent ranges (in place).
void coalesce(std::vector<Range>& ranges);
// "[31000-31902, 31904-32000]" (Mesos' operator<< for Ranges and the v0 JSON summaries).
std::string format_ranges(const std::vector<Range>& ranges);
// "{a, b}".
std::string format_set(const std::vector<std::string>& items);
// Number of elements in the ranges (saturating).
std::uint64_t ranges_size(const std::vector<Range>& ranges);
// left - right, for coalesced inputs.
std::vector<Range> subtract_ranges(const std::vector<Range>& left, const std::vector<Range>& right);

// roles::validate: nullopt when valid, else Mesos' message.
std::optional<std::string> validate_role(std::string_view role);
// roles::isStrictSubroleOf.
bool is_strict_subrole(std::string_view left, std::string_view right);
// roles::ancestors: "a/b/c" -> {"a/b", "a"}.
std::vector<std::string> role_ancestors(std::string_view role);

// stout strings::tokenize: splits on any of `delims`, dropping empty tokens.
std::vector<std::string> tokenize(std::string_view s, std::string_view delims);
// stout strings::trim with " \t\n\r" (core/strings.hpp's default).
using corral::trim;

} // namespace corral::mesos
