// `mesos fit`: how many tasks of a given shape fit, and where, packing like a framework that
// accepts offers agent by agent. The pool is either the outstanding offers (--use offers) or what
// the allocator could offer the role (--use free): unreserved free resources plus free resources
// reserved to the role or an ancestor (Resources::isAllocatableTo).
#pragma once

#include "mesos/parse_report.hpp"
#include "mesos/state.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corral::mesos {

struct Constraint {
    std::string attribute;
    bool regex = false; // attr~regex (whole value) vs attr=value
    std::string value;
};

struct FitRequest {
    std::map<std::string, long long> scalars; // fixed milli-units
    std::uint64_t ports = 0;                  // number of ports per task
    std::optional<std::uint64_t> count;       // --count; unset: as many as fit
    std::string role = "*";
    std::string use = "free"; // "free" or "offers"
    std::vector<Constraint> constraints;
};

// Parses --task "cpus=1,mem=128,ports=2" or the --resources spelling "cpus:1;mem:128"
// (Error::usage, with an example, on bad syntax or values <= 0).
void parse_task(const std::string& text, FitRequest& request);
// Parses --constraint "rack=r1" or "zone~us-east-1[ab]" (Error::usage).
Constraint parse_constraint(const std::string& text);

struct FitResult {
    Report report;
    bool all_placed = true;
};

FitResult fit(const State& state, const FitRequest& request);

} // namespace corral::mesos
