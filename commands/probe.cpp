// corral probe: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

void add_probe_commands(CLI::App& app, Context& /*ctx*/) {
    auto* group = app.add_subcommand(
        "probe", "Kubernetes probes: generate, inject into manifests, lint as the API server");
    group->require_subcommand(0, 1);
}

} // namespace corral::cli
