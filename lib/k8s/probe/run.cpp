#include "k8s/probe/run.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "k8s/probe/lint.hpp"

namespace corral::k8s {

Report run_probe_generate(const ProbeOptions& request) {
    if (request.handler.empty() && !request.get_url && !request.open_tcp &&
        request.command.empty() && request.trailing_command.empty()) {
        throw Error::usage("choose a command: http, tcp, grpc, exec, inject or lint (or "
                           "--get-url/--open-tcp); see corral probe --help");
    }
    Report report;
    for (const auto& generated : build_probes(request)) {
        std::string field(probe_field_name(generated.kind));
        report.text += probe_yaml(field, generated.probe);
        report.data[field] = generated.probe;
    }
    return report;
}

Report run_probe_lint(const ProbeLintRequest& request) {
    LintOptions options;
    options.strict = request.strict;
    return lint_report(lint_manifests(request.files, options), request.strict);
}

void log_inject_messages(const InjectReport& report) {
    for (const auto& message : report.messages) {
        if (message.warning) {
            log::warn("{}", message.text);
        } else {
            log::info("{}", message.text);
        }
    }
}

} // namespace corral::k8s
