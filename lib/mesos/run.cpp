#include "mesos/run.hpp"

#include "core/output.hpp"
#include "mesos/fit.hpp"
#include "mesos/parse_report.hpp"

namespace corral::mesos {

Report run_resources(const ResourcesRequest& request) {
    return resources_report(request.value, request.default_role.value_or("*"));
}

Report run_attributes(const AttributesRequest& request) {
    return attributes_report(request.value);
}

Report run_view(const ViewRequest& request) {
    SourceOptions source = request.source;
    // What each view needs beyond agents and frameworks (mesos::LoadOptions).
    source.want_roles = request.view == View::roles;
    source.load.task_usage = request.view == View::frameworks || request.view == View::roles;
    State state = load_cluster(source);
    switch (request.view) {
    case View::frameworks:
        return frameworks_view(state, request.filters);
    case View::roles:
        return roles_view(state, request.filters);
    case View::offers:
        return offers_view(state, request.filters);
    case View::agents:
        break;
    }
    Format format = output_settings().format;
    return agents_view(state, request.filters,
                       format == Format::text ? ViewParts::text : ViewParts::data);
}

Report run_fit(const FitArgs& args) {
    FitRequest request;
    parse_task(args.task, request);
    request.count = args.count;
    request.role = args.role.value_or("*");
    request.use = args.use.value_or("free");
    for (const auto& c : args.constraints) {
        request.constraints.push_back(parse_constraint(c));
    }
    State state = load_cluster(args.source);
    return fit(state, request).report;
}

} // namespace corral::mesos
