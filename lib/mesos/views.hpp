// The read-only views over a State: agents, frameworks, roles (weights, DRF, quota), offers.
// Each returns the §7 JSON and a text table for people.
#pragma once

#include "mesos/parse_report.hpp"
#include "mesos/state.hpp"

#include <string>
#include <vector>

namespace corral::mesos {

struct Share {
    double value = 0;     // max over scalar r of allocation_r / total_r, divided by weight
    std::string resource; // the dominant resource ("" when nothing is allocated)
};

// Cluster totals per scalar resource (fixed), over all agents, reserved included (the DRF
// sorter's total_).
ResourceSet cluster_totals(const State& state);
Share dominant_share(const ResourceSet& allocation, const ResourceSet& totals, double weight = 1);

struct RoleRow {
    std::string name;
    double weight = 1;
    ResourceSet allocated; // used, subtree included
    ResourceSet offered;   // subtree included
    ResourceSet reserved;  // reservations to the role and its subroles
    Share share;
    std::size_t allocations = 0; // tasks + offers, the DRF tie-break
    int depth = 0;
    std::optional<ResourceSet> guarantee, limit;
    ResourceSet consumed;
    bool consumed_reported = false;
};
// Roles in the allocator's order: a pre-order walk of the role tree, siblings sorted by share,
// then allocation count, then name.
std::vector<RoleRow> role_rows(const State& state);

struct Filters {
    std::string framework; // id or name
    std::string agent;     // id or hostname
    std::string role;
};

// What a view builds: both (the default), only the data of -o json|yaml, or only the text table.
// A 10,000-agent table costs as much as the JSON; `mesos agents` builds only the one printed.
enum class ViewParts { both, data, text };
Report agents_view(const State& state, const Filters& filters, ViewParts parts = ViewParts::both);
Report frameworks_view(const State& state, const Filters& filters);
Report roles_view(const State& state, const Filters& filters);
Report offers_view(const State& state, const Filters& filters);

// Rounds a share for output (6 decimals) so that JSON stays byte-stable.
double round_share(double share);

} // namespace corral::mesos
