// A quantity map of resources by name, read from the master's v0 summaries
// ({"cpus":8.4,"mem":1024,"ports":"[31000-32000]"}) or full Resource lists. Scalars are kept in
// Mesos' fixed point (milli-units), so float drift from masters (8.40000000000185) disappears on
// input.
#pragma once

#include "core/output.hpp"
#include "mesos/resources.hpp"
#include "mesos/values.hpp"

#include <map>
#include <string>
#include <vector>

namespace corral::mesos {

struct Quantity {
    ValueType type = ValueType::scalar;
    long long fixed = 0; // scalars, milli-units
    std::vector<Range> ranges;
    std::vector<std::string> set;
};

class ResourceSet {
public:
    void add(const std::string& name, const Quantity& q);
    void add(const ResourceSet& other);
    void add(const Resource& r); // ignores reservation/allocation details
    // Scalars clamp at zero; ranges and sets are set differences.
    void subtract(const ResourceSet& other);
    long long scalar(const std::string& name) const;    // fixed; 0 when absent
    std::uint64_t count(const std::string& name) const; // ranges/set element count
    bool empty() const;
    const std::map<std::string, Quantity>& items() const { return m_items; }

    // {"cpus":8.4,"gpus":0,"mem":1024,"disk":0,"ports":[[31000,32000]]}: cpus, gpus, mem, disk
    // first (always present, as Mesos prints them), then the other names sorted; ranges as
    // [[b,e],..] and sets as arrays, as in `mesos resources -o json` (SPEC §7).
    Json to_json() const;
    // "cpus 8.4, mem 1024, disk 0, ports [31000-32000]" (base keys only when non-zero).
    std::string to_text(bool scalars_only = false) const;

private:
    std::map<std::string, Quantity> m_items;
};

// Parses a v0 summary object; Error::input on values of the wrong kind. `where` names the field.
ResourceSet resource_set_from_summary(const Json& summary, const std::string& where);
// Formats a fixed scalar for tables ("8.4", "1024").
std::string format_fixed(long long fixed);

} // namespace corral::mesos
