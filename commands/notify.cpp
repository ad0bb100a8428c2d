// corral notify: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/notify.
#include "cli/context.hpp"
#include "notify/s3/commands.hpp"

#include "cli/ranges.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

// Defined in commands/notify_kafka.cpp (topic, watch, verify).
void add_notify_kafka_commands(CLI::App& notify_group, Context& ctx);

namespace {

void add_connection_flags(CLI::App& sub, notify::ConnectionOptions& c, bool with_target) {
    if (with_target) {
        sub.add_option("target", c.target,
                       "ALIAS/BUCKET (an mc alias from ~/.mc/config.json or MC_HOST_<alias>)")
            ->type_name("ALIAS/BUCKET");
        sub.add_option("--bucket", c.bucket, "Bucket, with --endpoint")->type_name("BUCKET");
    }
    sub.add_option("--alias", c.alias, "mc alias (~/.mc/config.json or MC_HOST_<alias>)")
        ->type_name("ALIAS");
    sub.add_option("--endpoint", c.endpoint,
                   "MinIO URL (env CORRAL_S3_ENDPOINT); keys from AWS_ACCESS_KEY_ID/"
                   "AWS_SECRET_ACCESS_KEY or MINIO_ROOT_USER/MINIO_ROOT_PASSWORD")
        ->type_name("URL");
    sub.add_option("--region", c.region, "Signing region (default us-east-1)")->type_name("REGION");
    sub.add_flag("--insecure", c.insecure, "Do not verify the server's TLS certificate");
    sub.add_option("--timeout", c.timeout_seconds, "Seconds the whole request may take (10)")
        ->type_name("SECONDS")
        ->check(seconds_in_range());
}

void add_target(CLI::App& group, Context& ctx) {
    auto args = std::make_shared<notify::TargetArgs>();
    auto& k = args->kafka;
    auto* sub = group.add_subcommand(
        "target", "Validate a MinIO Kafka notification target and print it (mc command, env "
                  "lines, Kubernetes env), or --apply it through the admin API");
    sub->add_option("--id", k.id, "Target id: notify_kafka:ID, ARN arn:minio:sqs::ID:kafka")
        ->required()
        ->type_name("ID");
    sub->add_option("--brokers", k.brokers,
                    "Kafka brokers host:port[,host:port...] (env "
                    "CORRAL_KAFKA_BROKERS)")
        ->type_name("H:P,...");
    sub->add_option("--topic", k.topic, "Kafka topic")->type_name("TOPIC");
    sub->add_option("--sasl", k.sasl,
                    "SASL mechanism (password from CORRAL_KAFKA_SASL_PASSWORD "
                    "or --sasl-password-file)")
        ->type_name("{plain,scram-sha-256,scram-sha-512}"); // checked in lib/ with MinIO's words
    sub->add_option("--sasl-username", k.sasl_username, "SASL user name")->type_name("USER");
    sub->add_option("--sasl-password-file", args->sasl_password_file,
                    "File holding the SASL password")
        ->type_name("FILE");
    // SPEC §0: secrets are never flag values. The option exists only to say so clearly.
    sub->add_option("--sasl-password", args->sasl_password_flag, "")->group("");
    sub->add_flag("--tls", k.tls, "Connect to the brokers over TLS");
    sub->add_flag("--tls-skip-verify", k.tls_skip_verify, "Skip broker certificate checks");
    sub->add_option("--tls-client-auth", k.tls_client_auth, "Go tls.ClientAuthType 0-4")
        ->type_name("N");
    sub->add_option("--client-cert", k.client_cert, "Client certificate path on the server")
        ->type_name("FILE");
    sub->add_option("--client-key", k.client_key, "Client key path on the server")
        ->type_name("FILE");
    sub->add_option("--queue-dir", k.queue_dir, "Absolute directory for undelivered events")
        ->type_name("DIR");
    sub->add_option("--queue-limit", k.queue_limit, "Maximum queued events (0 = 100000)")
        ->type_name("N");
    sub->add_option("--batch-size", k.batch_size, "Events per batch (> 1 needs --queue-dir)")
        ->type_name("N");
    sub->add_option("--batch-commit-timeout", k.batch_commit_timeout,
                    "Go duration before a partial batch is sent (e.g. 5s)")
        ->type_name("DURATION");
    sub->add_option("--compression", k.compression, "Producer compression codec")
        ->type_name("{none,gzip,snappy,lz4,zstd}"); // checked in lib/ with MinIO's words
    sub->add_option("--compression-level", k.compression_level, "Codec compression level")
        ->type_name("N");
    sub->add_option("--kafka-version", k.kafka_version, "Kafka protocol version (e.g. 2.8.0)")
        ->type_name("V");
    sub->add_option("--comment", k.comment, "Free-text comment stored with the target");
    sub->add_option("--format", args->format, "Rendering for -o text: mc, env or k8s")
        ->check(CLI::IsMember({"mc", "env", "k8s"}));
    sub->add_option("--k8s-secret", args->k8s_secret,
                    "Secret name for secretKeyRef (default minio-notify-kafka-<id>)")
        ->type_name("NAME");
    sub->add_flag("--apply", args->apply,
                  "Send it with the admin API (set-config-kv), read it back, advise the restart");
    sub->add_flag("--restart", args->restart, "With --apply: restart MinIO to load the target");
    add_connection_flags(*sub, args->connection, false);
    on_run(*sub, ctx, "text,json,yaml", [args] { return notify::run_target(*args); });
}

void add_event_flags(CLI::App& sub, notify::EventArgs& a, bool with_filters) {
    add_connection_flags(sub, a.connection, true);
    sub.add_option("--arn", a.arn, "Target ARN arn:minio:sqs:REGION:ID:TYPE")->type_name("ARN");
    sub.add_option("--current", a.current_file,
                   "Read the bucket's configuration XML from FILE instead of the server "
                   "(with --dry-run; - for stdin)")
        ->type_name("FILE");
    if (with_filters) {
        sub.add_option("--event", a.events,
                       "put,delete,get,replica,ilm,scanner or s3:... names (comma, no spaces)")
            ->type_name("LIST")
            ->each([&a](const std::string&) { a.events_given = true; });
        sub.add_option("--prefix", a.prefix, "Object key prefix filter")
            ->type_name("PREFIX")
            ->each([&a](const std::string&) { a.prefix_given = true; });
        sub.add_option("--suffix", a.suffix, "Object key suffix filter")
            ->type_name("SUFFIX")
            ->each([&a](const std::string&) { a.suffix_given = true; });
        sub.add_flag("--dry-run", a.dry_run, "Print the XML that would be written; write nothing");
    }
}

void add_event(CLI::App& group, Context& ctx) {
    auto* event = group.add_subcommand("event", "Bucket notification rules (as mc event)");
    event->require_subcommand(1);

    auto add_args = std::make_shared<notify::EventArgs>();
    auto* add = event->add_subcommand(
        "add", "Add a rule sending bucket events to a target ARN (GET, check, PUT ?notification=)");
    add_event_flags(*add, *add_args, true);
    add->add_flag("-p,--ignore-existing", add_args->ignore_existing,
                  "An identical existing rule is not an error");
    add->add_flag("--force", add_args->force,
                  "Send a rule that overlaps an existing one (same ARN and filter, an event in "
                  "common): mc refuses it, MinIO accepts it");
    on_run(*add, ctx, "text,json,yaml", [add_args] { return notify::run_event_add(*add_args); });

    auto list_args = std::make_shared<notify::EventArgs>();
    auto* list = event->add_subcommand("list", "List the bucket's notification rules");
    list->alias("ls");
    add_event_flags(*list, *list_args, false);
    on_run(*list, ctx, "text,json,yaml",
           [list_args] { return notify::run_event_list(*list_args); });

    auto rm_args = std::make_shared<notify::EventArgs>();
    auto* rm = event->add_subcommand("remove", "Remove the rules of an ARN (or all with --force)");
    rm->alias("rm");
    add_event_flags(*rm, *rm_args, true);
    rm->add_flag("--force", rm_args->force, "Without --arn: remove every rule of the bucket");
    on_run(*rm, ctx, "text,json,yaml", [rm_args] { return notify::run_event_remove(*rm_args); });
}

} // namespace

void add_notify_commands(CLI::App& group_app, Context& ctx) {
    auto* group = &group_app;
    add_target(*group, ctx);
    add_event(*group, ctx);
    add_notify_kafka_commands(*group, ctx);
}

} // namespace corral::cli
