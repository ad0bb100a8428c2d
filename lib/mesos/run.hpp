// The `corral mesos` verbs as functions: a request (what the flags say; std::optional where "not
// given" differs from any value) in, a Report out. commands/mesos.cpp binds the flags to these
// structs and prints the Report; nothing here prints or picks an exit code beyond Report::exit.
#pragma once

#include "core/report.hpp"
#include "mesos/master.hpp"
#include "mesos/views.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace corral::mesos {

struct ResourcesRequest {
    std::string value;                       // the --resources value, JSON or file:///path
    std::optional<std::string> default_role; // --default-role (default "*")
};
Report run_resources(const ResourcesRequest& request);

struct AttributesRequest {
    std::string value; // the --attributes value or file:///path
};
Report run_attributes(const AttributesRequest& request);

enum class View { agents, frameworks, roles, offers };

struct ViewRequest {
    View view = View::agents;
    SourceOptions source;
    Filters filters;
};
// Loads the cluster (a file or the master) with what the view needs, and renders the view.
Report run_view(const ViewRequest& request);

struct FitArgs {
    SourceOptions source;
    std::string task;                     // --task cpus=1,mem=128[,ports=N]
    std::optional<std::uint64_t> count;   // --count; unset: as many as fit
    std::optional<std::string> role;      // --role (default "*")
    std::optional<std::string> use;       // --use free|offers (default free)
    std::vector<std::string> constraints; // --constraint, repeatable
};
// Report::exit is 1 when --count was given and fewer tasks fit.
Report run_fit(const FitArgs& request);

} // namespace corral::mesos
