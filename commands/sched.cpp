// corral sched: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

void add_sched_commands(CLI::App& app, Context& /*ctx*/) {
    auto* group = app.add_subcommand(
        "sched", "Kubernetes scheduler: generate, lint and simulate KubeSchedulerConfiguration");
    group->require_subcommand(0, 1);
}

} // namespace corral::cli
