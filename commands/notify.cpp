// corral notify: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

void add_notify_commands(CLI::App& app, Context& /*ctx*/) {
    auto* group = app.add_subcommand(
        "notify", "MinIO + Kafka: bucket notification target, event rules, topic, watch, verify");
    group->require_subcommand(0, 1);
}

} // namespace corral::cli
