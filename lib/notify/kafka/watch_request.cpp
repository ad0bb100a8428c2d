#include "notify/kafka/watch_request.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace corral::notify {

WatchOptions watch_options(const WatchRequest& request, bool jsonl) {
    WatchOptions options;
    options.jsonl = jsonl;
    for (const auto& e : request.events) {
        options.filter.add_event_option(e);
    }
    options.filter.bucket = request.bucket;
    options.filter.prefix = request.prefix;
    options.filter.suffix = request.suffix;
    options.exec = request.exec;
    if (request.exec_timeout < 0 || request.session_timeout < 0 || request.idle_timeout < 0) {
        throw Error::usage(
            "--exec-timeout, --session-timeout and --idle-timeout must not be negative");
    }
    options.exec_timeout_seconds = request.exec_timeout;
    options.on_error = parse_on_error(request.on_error);
    options.max_events = request.max_events;
    options.idle_exit_seconds = request.idle_timeout;
    options.broker_timeout_seconds = request.broker_timeout;
    if (!request.from_files.empty()) {
        if (!request.kafka.brokers.empty() || !request.group.empty() || request.from_beginning ||
            request.broker_timeout > 0) {
            throw Error::usage("--from-file reads files: --brokers, --group, --from-beginning "
                               "and --broker-timeout do not apply");
        }
        options.offline = true;
    }
    return options;
}

ConsumerOptions consumer_options(const WatchRequest& request, const std::string& topic) {
    if (request.no_group && !request.group.empty()) {
        throw Error::usage("--no-group and --group exclude each other");
    }
    if (request.session_timeout > 0 && request.session_timeout < 1) {
        throw Error::usage("--session-timeout must be at least 1 second");
    }
    ConsumerOptions co;
    co.group = request.no_group        ? ""
               : request.group.empty() ? "corral-notify-" + topic
                                       : request.group;
    co.from_beginning = request.from_beginning;
    co.session_timeout_ms = static_cast<int>(request.session_timeout * 1000);
    return co;
}

int watch_queue_kbytes(std::size_t partitions, bool exec) {
    if (exec) {
        return 1024;
    }
    return static_cast<int>(std::clamp<std::size_t>(partitions * 64, 2048, 16384));
}

std::vector<std::pair<std::int32_t, std::int64_t>> watch_preflight(KafkaAdmin& admin,
                                                                   const std::string& topic,
                                                                   const std::string& brokers,
                                                                   bool from_beginning) {
    ClusterMetadata md = admin.metadata();
    for (const auto& t : md.topics) {
        if (t.name != topic) {
            continue;
        }
        std::vector<std::pair<std::int32_t, std::int64_t>> partitions;
        for (const auto& p : t.partitions) {
            partitions.emplace_back(p.id, from_beginning ? -2 : -1);
        }
        return partitions;
    }
    throw Error::remote("topic '" + topic + "' does not exist on " + brokers +
                        " (create it with 'corral notify topic create')");
}

} // namespace corral::notify
