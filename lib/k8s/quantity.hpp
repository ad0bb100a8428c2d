// Kubernetes resource quantities exactly as k8s.io/apimachinery/pkg/api/resource.ParseQuantity
// reads them ("1.5Gi", "100m", "2e3", "1Ki"), reduced to the int64 forms the scheduler uses:
// MilliValue() for cpu, Value() for everything else (both round up, away from zero).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corral::k8s {

// Upstream error texts (quantity.go: ErrFormatWrong, ErrNumeric, ErrSuffix).
extern const char* const kQuantityFormatError;
extern const char* const kQuantityNumericError;
extern const char* const kQuantitySuffixError;

struct Quantity {
    // Exact value = sign * digits * 10^dec_exp * 2^bin_exp, after ParseQuantity's rounding up to
    // nano units and capping at the int64 maximum; kept as nano units in 128 bits.
    __int128 nanos = 0;
    bool negative() const { return nanos < 0; }
    // Value(): ceil to integer units (away from zero), saturated to int64.
    std::int64_t value() const;
    // MilliValue(): ceil to thousandths (away from zero), saturated to int64.
    std::int64_t milli_value() const;
};

// Returns the quantity or sets `error` to the upstream message.
std::optional<Quantity> parse_quantity(std::string_view text, std::string* error = nullptr);

// Canonical-ish rendering for reports: cpu as millicores ("1500m" or "2"), bytes with binary
// suffixes when exact ("512Mi"), plain integers otherwise.
std::string format_cpu_millis(std::int64_t millis);
std::string format_bytes(std::int64_t bytes);

} // namespace corral::k8s
