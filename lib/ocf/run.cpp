#include "ocf/run.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/install.hpp"
#include "ocf/lint.hpp"
#include "ocf/metadata.hpp"
#include "ocf/tester.hpp"

namespace corral::ocf {

Report run_meta(const MetaRequest& request) {
    MetadataSource src =
        load_metadata_source(request.agent, request.timeout.value_or(default_metadata_timeout));
    Metadata md = parse_metadata(src.xml, src.name); // -o xml too: refuse what is not meta-data
    Report report;
    if (request.xml) {
        report.text = std::move(src.xml);
        return report;
    }
    report.data = metadata_to_json(md);
    report.text = metadata_to_text(md);
    return report;
}

Report run_lint(const LintRequest& request) {
    Schema schema = parse_schema(request.schema.value_or("auto"));
    return lint_report(
        lint_agents(request.inputs, schema, request.timeout.value_or(default_metadata_timeout)),
        request.strict);
}

Report run_test(const TestRequest& request) {
    TestOptions options;
    options.agent = resolve_agent(request.agent);
    options.strict = request.strict;
    for (const auto& p : request.params) {
        auto [name, value] = parse_param_assignment(p);
        options.params[name] = value;
    }
    if (request.timeout && !(*request.timeout > 0)) {
        throw Error::usage("--timeout must be positive");
    }
    options.timeout = request.timeout;
    TestReport result = run_agent_test(options);
    Report report{test_report_to_json(result), test_report_to_text(result)};
    return report.check(result.passed);
}

Report run_install(const InstallRequest& request) {
    InstallOptions options;
    options.agent = request.agent;
    options.provider = request.provider;
    options.root = request.root.value_or("");
    options.force = request.force;
    std::string path = install_agent(options);
    if (std::string warning = hacluster_reach_warning(path); !warning.empty()) {
        log::warn("{}", warning);
    }
    std::string agent = "ocf:" + request.provider + ":" + path.substr(path.rfind('/') + 1);
    Report report;
    report.data["path"] = path;
    report.data["agent"] = agent;
    report.text = "installed " + path + " (" + agent + ")\n";
    return report;
}

} // namespace corral::ocf
