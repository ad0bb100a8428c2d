// corral ocf: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

void add_ocf_commands(CLI::App& app, Context& /*ctx*/) {
    auto* group =
        app.add_subcommand("ocf", "Pacemaker: scaffold, lint and test OCF resource agents");
    group->require_subcommand(0, 1);
}

} // namespace corral::cli
