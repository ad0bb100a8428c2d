// Mesos resources as an agent's --resources flag gives them (src/common/resources.cpp
// Resources::parse / fromString / fromJSON / fromSimpleString, Resources::validate, the
// command-line checks) and the arithmetic the views need (add, subtract, quantities).
#pragma once

#include "core/output.hpp"
#include "mesos/values.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::mesos {

enum class ReservationType { unset, statically, dynamically };
std::string_view reservation_type_name(ReservationType type); // "STATIC", "DYNAMIC", "UNKNOWN"

struct Reservation {
    ReservationType type = ReservationType::unset;
    std::optional<std::string> role;
    std::optional<std::string> principal;
    Json labels; // null when absent
    bool operator==(const Reservation& other) const;
};

struct Resource {
    std::string name;
    ValueType type = ValueType::scalar;
    bool has_scalar = false, has_ranges = false, has_set = false, has_text = false;
    double scalar = 0;
    std::vector<Range> ranges;
    std::vector<std::string> set;
    std::vector<Reservation> reservations; // post-reservation-refinement format
    // Pre-refinement fields, only present between JSON parsing and upgrade.
    std::optional<std::string> legacy_role;
    std::optional<Reservation> legacy_reservation;
    std::optional<std::string> allocation_role;
    bool revocable = false;
    bool shared = false;
    Json disk; // null when absent
    std::optional<std::string> provider_id;

    // The role the resource is reserved to (last reservation), or "*".
    std::string role() const;
    bool reserved() const { return !reservations.empty(); }
    bool dynamically_reserved() const;
    bool empty() const; // Resources::isEmpty
};

// Resources::parse(text, defaultRole): JSON array first, else `name(role):value;...`.
// Validates each resource, merges addable ones (in first-seen order), drops empty ones, and runs
// validateCommandLineResources. Throws Error::input in Mesos' words, followed by the offending
// token where Mesos' message does not name it. `warnings` receives advice (a comma in a role).
std::vector<Resource> parse_resources(std::string_view text, const std::string& default_role = "*",
                                      std::vector<std::string>* warnings = nullptr);

// Resources::validate(resource): nullopt or Mesos' message.
std::optional<std::string> validate_resource(const Resource& resource);

// Adds `r` to `list` the way Resources::add does (merge into the first addable entry).
void add_resource(std::vector<Resource>& list, Resource r);

// "cpus(role):2" / "ports:[1-2, 4-5]" as Mesos prints a resource (without reservation details).
std::string format_resource_value(const Resource& r);

// A Resource from protobuf JSON (v1 API, *_full arrays), in any of the three Mesos formats.
// Throws Error::input when it is not an object with a name and a known type.
Resource resource_from_json(const Json& j);

// The §7 JSON of one parsed resource.
Json resource_to_json(const Resource& r);

} // namespace corral::mesos
