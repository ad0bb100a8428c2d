// `sched lint` over its inputs, with the shared lint input contract (core/lint_input.hpp). The
// parser and the validation (parse.cpp, lint.cpp) name findings by field path, as
// kube-scheduler does; lint_scheduler_config gives every finding the line and column of that
// path in the file.
#include "core/error.hpp"
#include "core/lint_input.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/report.hpp"
#include "k8s/sched/run.hpp"

namespace corral::k8s {

namespace {

LintFile lint_config(const std::string& path, int minor) {
    InputFile input = read_input(path);
    require_lint_content(input.name, input.content);
    // Findings and errors carry their positions (lint_scheduler_config locates their paths).
    return LintFile{input.name, Json::object(), lint_scheduler_config(input, minor)};
}

} // namespace

LintRun lint_scheduler_configs(const std::vector<std::string>& args, int minor) {
    auto inputs = collect_lint_inputs(args, LintInputOptions{}, "sched lint");
    return run_lint(inputs, [minor](const std::string& path) { return lint_config(path, minor); });
}

} // namespace corral::k8s
