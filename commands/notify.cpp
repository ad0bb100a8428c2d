// corral notify: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/.
#include "cli/context.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

void add_notify_kafka_commands(CLI::App& notify_group, Context& ctx); // commands/notify_kafka.cpp

void add_notify_commands(CLI::App& app, Context& ctx) {
    auto* group = app.add_subcommand(
        "notify", "MinIO + Kafka: bucket notification target, event rules, topic, watch, verify");
    group->require_subcommand(0, 1);
    add_notify_kafka_commands(*group, ctx);
}

} // namespace corral::cli
