// Placeholder until the Kafka half (commands/notify_kafka.cpp) is merged; delete at merge.
#include "cli/context.hpp"

namespace corral::cli {

__attribute__((weak)) void add_notify_kafka_commands(CLI::App& /*notify_group*/, Context& /*ctx*/) {
}

} // namespace corral::cli
