// corral notify topic|watch: CLI bindings only (flags -> lib/notify -> print). The Kafka client is
// reached through lib/notify/kafka/kafka.hpp (librdkafka lives in the lazily loaded corral-kafka
// module).
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "core/output.hpp"
#include "notify/kafka/kafka.hpp"
#include "notify/kafka/topic.hpp"
#include "notify/kafka/verify.hpp"
#include "notify/kafka/watch.hpp"
#include "notify/kafka/watch_request.hpp"

#include "cli/ranges.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

namespace {

using namespace corral::notify;

void add_kafka_flags(CLI::App* sub, KafkaFlags& f) {
    sub->add_option("--brokers,-b", f.brokers,
                    "Kafka bootstrap brokers HOST:PORT[,HOST:PORT...] (env CORRAL_KAFKA_BROKERS)")
        ->type_name("HOST:PORT,...");
    sub->add_option("--topic,-t", f.topic, "Kafka topic (env CORRAL_KAFKA_TOPIC)")
        ->type_name("TOPIC");
    sub->add_option(
           "--sasl", f.sasl,
           "SASL mechanism (password from CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file)")
        ->check(CLI::IsMember({"plain", "scram-sha-256", "scram-sha-512"}));
    sub->add_option("--sasl-username", f.sasl_username,
                    "SASL user name (env CORRAL_KAFKA_SASL_USERNAME)")
        ->type_name("USER");
    sub->add_option("--sasl-password-file", f.sasl_password_file,
                    "Read the SASL password from this file (never a flag value)")
        ->type_name("FILE");
    sub->add_flag("--tls", f.tls, "Connect with TLS");
    sub->add_flag("--tls-skip-verify", f.tls_skip_verify,
                  "Do not verify the brokers' certificates (only when asked)");
    sub->add_option("--ca-file", f.ca_file, "CA bundle for the brokers' certificates")
        ->type_name("FILE");
    sub->add_option("--client-cert", f.client_cert, "TLS client certificate (PEM)")
        ->type_name("FILE");
    sub->add_option("--client-key", f.client_key, "TLS client key (PEM)")->type_name("FILE");
    sub->add_option("--timeout", f.timeout, "Seconds to wait for the brokers (unreachable: exit 4)")
        ->capture_default_str()
        ->type_name("SECONDS")
        ->check(seconds_in_range());
    sub->add_option("-X", f.props, "librdkafka property NAME=VALUE, as kcat -X (repeatable)")
        ->type_name("NAME=VALUE");
}

void add_topic_commands(CLI::App& notify, Context& ctx) {
    auto* topic = notify.add_subcommand("topic", "Check or create the Kafka topic MinIO writes to");
    topic->require_subcommand(0, 1);

    {
        struct Args {
            KafkaFlags kafka;
            int partitions = 0;
        };
        auto args = std::make_shared<Args>();
        auto* sub = topic->add_subcommand(
            "check", "Brokers reachable, topic in the full metadata list, partitions and leaders");
        add_kafka_flags(sub, args->kafka);
        sub->add_option("--partitions", args->partitions,
                        "Also require this many partitions (exit 1 otherwise)")
            ->type_name("N");
        sub->footer(
            "\nExamples:\n  corral notify topic check --brokers kafka1:9092 --topic minio-events\n"
            "  CORRAL_KAFKA_BROKERS=127.0.0.1:9092 corral notify topic check -t minio-events -o "
            "json");
        on_run(*sub, ctx, "text,json,yaml", [args] {
            std::string name;
            KafkaConfig config = resolve_kafka_config(args->kafka, name, process_env());
            if (args->partitions < 0) {
                throw Error::usage("--partitions must be positive");
            }
            auto admin = make_kafka_admin(config);
            TopicReport r = topic_check(*admin, name, args->partitions);
            return Report{std::move(r.json), std::move(r.text), r.rc};
        });
    }
    {
        struct Args {
            KafkaFlags kafka;
            int partitions = 1;
            int replication = -1;
            std::vector<std::string> configs;
            bool if_not_exists = false;
        };
        auto args = std::make_shared<Args>();
        auto* sub =
            topic->add_subcommand("create", "Create the topic with the admin API (CreateTopics)");
        add_kafka_flags(sub, args->kafka);
        sub->add_option("--partitions", args->partitions, "Number of partitions")
            ->capture_default_str()
            ->type_name("N");
        sub->add_option("--replication", args->replication,
                        "Replication factor (-1: the broker's default)")
            ->capture_default_str()
            ->type_name("N");
        sub->add_option("--config", args->configs, "Topic config NAME=VALUE (repeatable)")
            ->type_name("NAME=VALUE");
        sub->add_flag("--if-not-exists", args->if_not_exists,
                      "Succeed when the topic already exists");
        sub->footer("\nExamples:\n  corral notify topic create -b kafka1:9092 -t minio-events "
                    "--partitions 6 "
                    "--replication 3\n");
        on_run(*sub, ctx, "text,json,yaml", [args] {
            std::string name;
            KafkaConfig config = resolve_kafka_config(args->kafka, name, process_env());
            std::map<std::string, std::string> configs;
            for (const auto& c : args->configs) {
                std::size_t eq = c.find('=');
                if (eq == std::string::npos || eq == 0) {
                    throw Error::usage("--config '" + c + "': expected NAME=VALUE");
                }
                configs[c.substr(0, eq)] = c.substr(eq + 1);
            }
            auto admin = make_kafka_admin(config);
            TopicReport r = topic_create(*admin, name, args->partitions, args->replication, configs,
                                         args->if_not_exists);
            return Report{std::move(r.json), std::move(r.text), r.rc};
        });
    }
}

void add_watch_command(CLI::App& notify, Context& ctx) {
    auto args = std::make_shared<WatchRequest>();
    auto* sub = notify.add_subcommand(
        "watch", "Consume MinIO bucket events from Kafka: print them or run a command per event");
    add_kafka_flags(sub, args->kafka);
    sub->add_option("--group,-g", args->group,
                    "Consumer group (default corral-notify-TOPIC); watchers sharing it share the "
                    "partitions")
        ->type_name("GROUP");
    sub->add_option("--event", args->events,
                    "Event pattern (s3:ObjectCreated:*, or put|delete|get|replica|ilm|scanner; "
                    "comma list, repeatable)")
        ->type_name("PATTERN");
    sub->add_option("--bucket", args->bucket, "Only events of this bucket")->type_name("BUCKET");
    sub->add_option("--prefix", args->prefix, "Only keys starting with this (decoded key)")
        ->type_name("PREFIX");
    sub->add_option("--suffix", args->suffix, "Only keys ending with this (decoded key)")
        ->type_name("SUFFIX");
    sub->add_option("--exec", args->exec,
                    "Run this shell command per event (CORRAL_EVENT, CORRAL_BUCKET, CORRAL_KEY, "
                    "CORRAL_SIZE, CORRAL_ETAG set; event JSON on stdin)")
        ->type_name("CMD");
    sub->add_option("--exec-timeout", args->exec_timeout,
                    "Kill the command after this many seconds (a failure); 0: no limit")
        ->type_name("SECONDS")
        ->check(seconds_in_range(1e9, true));
    sub->add_option("--on-error", args->on_error,
                    "When --exec fails or a message is not a MinIO event: retry (the command; "
                    "undecodable messages are skipped), skip, or stop")
        ->capture_default_str()
        ->check(CLI::IsMember({"retry", "skip", "stop"}));
    sub->add_flag("--from-beginning", args->from_beginning,
                  "Start at the oldest message when the group has no committed offset");
    sub->add_flag("--no-group", args->no_group,
                  "Read every partition without joining a group, as kcat -C (nothing committed)");
    sub->add_option("--max-events", args->max_events, "Exit 0 after this many events")
        ->type_name("N")
        ->check(count_in_range(0));
    sub->add_option(
           "--session-timeout", args->session_timeout,
           "Group session timeout in seconds (how soon a killed watcher's partitions move)")
        ->type_name("SECONDS")
        ->check(seconds_in_range(3600));
    sub->add_option("--idle-timeout", args->idle_timeout,
                    "Exit 0 after this many seconds without a message; 0: never")
        ->type_name("SECONDS");
    sub->add_option("--broker-timeout", args->broker_timeout,
                    "Exit 4 when no broker has been up for this many seconds (default: keep "
                    "waiting; a warning is printed when all brokers are down)")
        ->type_name("SECONDS")
        ->check(seconds_in_range(1e9));
    sub->add_option("--from-file", args->from_files,
                    "Decode event JSON from files instead of Kafka (one document, or one message "
                    "per line; - for stdin; repeatable)")
        ->type_name("FILE");
    sub->footer(
        "\nExamples:\n"
        "  corral notify watch -b kafka1:9092 -t minio-events --event put --prefix photos/ -o "
        "jsonl\n"
        "  corral notify watch -b kafka1:9092 -t minio-events -g thumbnailer \\\n"
        "      --exec 'make-thumbnail \"$CORRAL_BUCKET\" \"$CORRAL_KEY\"' --on-error retry\n"
        "  corral notify watch --from-file event.json -o jsonl\n"
        "\nExit status: 0 after --max-events, --idle-timeout or SIGTERM; 130 after SIGINT;\n"
        "1 when --exec failed with --on-error stop; 3 when a message was not a MinIO event with\n"
        "--on-error stop; 4 when the brokers are unreachable within --timeout, or all down for\n"
        "--broker-timeout.");
    on_run(*sub, ctx, "text,jsonl", [args] {
        WatchOptions options = watch_options(*args, output_settings().format == Format::jsonl);
        WatchStats stats;
        int rc = 0;
        if (options.offline) {
            auto consumer = make_file_consumer(args->from_files);
            install_stop_signals(); // a hook in progress is stopped with us (issue 15)
            rc = run_watch(*consumer, options, stats);
        } else {
            std::string topic;
            KafkaConfig config = resolve_kafka_config(args->kafka, topic, process_env());
            ConsumerOptions co = consumer_options(*args, topic);
            options.brokers = config.brokers;
            auto partitions = watch_preflight(*make_kafka_admin(config), topic, config.brokers,
                                              co.from_beginning);
            co.queue_kbytes = watch_queue_kbytes(partitions.size(), !options.exec.empty());
            install_stop_signals();
            keep_freed_buffers();
            auto consumer = make_kafka_consumer(config, co);
            if (args->no_group) {
                consumer->assign(topic, partitions);
                log::info("notify watch: consuming {} partition(s) of {} without a group",
                          partitions.size(), topic);
            } else {
                consumer->subscribe({topic});
                log::info("notify watch: consuming {} as group {}", topic, co.group);
            }
            rc = run_watch(*consumer, options, stats);
        }
        // Offline runs leave the time out: their stderr is byte-stable.
        log::info("notify watch: {} event(s) handled, {} filtered out, {} undecodable message(s), "
                  "{} message(s){}",
                  stats.handled, stats.filtered, stats.bad_messages, stats.messages,
                  options.offline ? "" : " in " + format_decimal(stats.seconds, 3) + " s");
        return rc;
    });
}

// Hidden: the Kafka hop of `notify verify` on its own (arm at the end of every partition, then
// wait for BUCKET/KEY). Used by the integration tests; `notify verify` wraps the same library call
// around the S3 PUT and DELETE.
void add_wait_event_command(CLI::App& notify, Context& ctx) {
    struct Args {
        KafkaFlags kafka;
        std::string bucket;
        std::string key;
        std::string event = "s3:ObjectCreated:*";
        double wait = 30;
    };
    auto args = std::make_shared<Args>();
    auto* sub = notify.add_subcommand("__wait-event", "Wait for one MinIO event on the topic");
    sub->group("");
    add_kafka_flags(sub, args->kafka);
    sub->add_option("--bucket", args->bucket, "Bucket")->required();
    sub->add_option("--key", args->key, "Decoded object key")->required();
    sub->add_option("--event", args->event, "Event pattern")->capture_default_str();
    sub->add_option("--wait", args->wait, "Seconds to wait for the event")->capture_default_str();
    on_run(*sub, ctx, "text,json,yaml", [args] {
        std::string topic;
        KafkaConfig config = resolve_kafka_config(args->kafka, topic, process_env());
        install_stop_signals();
        EventWaiter waiter(config, topic);
        log::info("armed: reading {} partition(s) of {} from their ends", waiter.partitions(),
                  topic);
        EventWaitResult r = waiter.wait_for(args->bucket, args->key, args->event, args->wait);
        Json j;
        j["topic"] = topic;
        j["bucket"] = args->bucket;
        j["key"] = args->key;
        j["found"] = r.found;
        j["event"] = r.found ? Json(r.event.event) : Json(nullptr);
        j["partition"] = r.partition;
        j["offset"] = r.offset;
        j["arm_seconds"] = waiter.arm_seconds();
        j["wait_seconds"] = r.seconds;
        j["messages_seen"] = r.messages_seen;
        std::string text = r.found ? "event " + r.event.event + " for " + args->bucket + "/" +
                                         args->key + " after " + format_decimal(r.seconds) +
                                         " s (partition " + std::to_string(r.partition) +
                                         ", offset " + std::to_string(r.offset) + ")\n"
                                   : "no event for " + args->bucket + "/" + args->key + " within " +
                                         format_decimal(args->wait) + " s\n";
        return Report{std::move(j), std::move(text), r.found ? 0 : 1};
    });
}

} // namespace

void add_notify_verify_command(CLI::App& notify, Context& ctx); // commands/notify_verify.cpp

void add_notify_kafka_commands(CLI::App& notify_group, Context& ctx) {
    add_topic_commands(notify_group, ctx);
    add_watch_command(notify_group, ctx);
    add_wait_event_command(notify_group, ctx);
    add_notify_verify_command(notify_group, ctx);
}

} // namespace corral::cli
