// corral mesos: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

void add_mesos_commands(CLI::App& app, Context& /*ctx*/) {
    auto* group = app.add_subcommand(
        "mesos", "Mesos: parse resources, inspect agents, frameworks, roles, offers; what-if fit");
    group->require_subcommand(0, 1);
}

} // namespace corral::cli
