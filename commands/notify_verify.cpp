// corral notify verify: CLI bindings only (flags -> lib/notify/verify -> print).
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "core/output.hpp"
#include "notify/kafka/kafka.hpp"
#include "notify/kafka/watch.hpp"
#include "notify/s3/mc_config.hpp"
#include "notify/verify.hpp"
#include "notify/verify_request.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

using namespace corral::notify;

} // namespace

void add_notify_verify_command(CLI::App& notify, Context& ctx) {
    auto args = std::make_shared<VerifyRequest>();
    auto* sub = notify.add_subcommand(
        "verify", "Check the whole path: PUT a probe object, wait for its event on the topic, "
                  "DELETE it, report each hop (exit 1 naming the hop that failed)");
    auto& c = args->connection;
    sub->add_option("target", c.target,
                    "ALIAS/BUCKET (an mc alias from ~/.mc/config.json or MC_HOST_<alias>)")
        ->type_name("ALIAS/BUCKET");
    sub->add_option("--bucket", c.bucket, "Bucket, with --endpoint")->type_name("BUCKET");
    sub->add_option("--alias", c.alias, "mc alias (~/.mc/config.json or MC_HOST_<alias>)")
        ->type_name("ALIAS");
    sub->add_option("--endpoint", c.endpoint,
                    "MinIO URL (env CORRAL_S3_ENDPOINT); keys from AWS_ACCESS_KEY_ID/"
                    "AWS_SECRET_ACCESS_KEY or MINIO_ROOT_USER/MINIO_ROOT_PASSWORD")
        ->type_name("URL");
    sub->add_option("--region", c.region, "Signing region (default us-east-1)")
        ->type_name("REGION");
    sub->add_flag("--insecure", c.insecure, "Do not verify the server's TLS certificate");
    sub->add_option("--brokers,-b", args->kafka.brokers,
                    "Kafka bootstrap brokers HOST:PORT[,HOST:PORT...] (env CORRAL_KAFKA_BROKERS)")
        ->type_name("HOST:PORT,...");
    sub->add_option("--topic,-t", args->kafka.topic, "Kafka topic (env CORRAL_KAFKA_TOPIC)")
        ->type_name("TOPIC");
    sub->add_option(
           "--sasl", args->kafka.sasl,
           "SASL mechanism (password from CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file)")
        ->check(CLI::IsMember({"plain", "scram-sha-256", "scram-sha-512"}));
    sub->add_option("--sasl-username", args->kafka.sasl_username,
                    "SASL user name (env CORRAL_KAFKA_SASL_USERNAME)")
        ->type_name("USER");
    sub->add_option("--sasl-password-file", args->kafka.sasl_password_file,
                    "Read the SASL password from this file (never a flag value)")
        ->type_name("FILE");
    sub->add_flag("--tls", args->kafka.tls, "Connect to the brokers with TLS");
    sub->add_flag("--tls-skip-verify", args->kafka.tls_skip_verify,
                  "Do not verify the brokers' certificates (only when asked)");
    sub->add_option("--ca-file", args->kafka.ca_file, "CA bundle for the brokers' certificates")
        ->type_name("FILE");
    sub->add_option("--timeout", args->timeout, "Seconds to wait for each event")
        ->capture_default_str()
        ->type_name("SECONDS");
    sub->add_option("--connect-timeout", args->connect_timeout,
                    "Seconds each S3 request and the broker connection may take")
        ->capture_default_str()
        ->type_name("SECONDS");
    sub->add_option("--key-prefix", args->key_prefix,
                    "Prefix of the probe object's key (then <host>-<pid>-<unix ms>)")
        ->capture_default_str()
        ->type_name("PREFIX");
    sub->add_flag("--skip-delete-event", args->skip_delete_event,
                  "Do not wait for the s3:ObjectRemoved event of the DELETE");
    on_run(*sub, ctx, "text,json,yaml", [args] {
        VerifyPlan plan = plan_verify(*args, process_env());
        install_stop_signals();
        auto store = make_s3_verify_store(plan.endpoint);
        auto events = make_kafka_verify_events(plan.kafka, plan.options.topic);
        VerifyReport report = run_verify(*store, *events, plan.options);
        if (!report.passed) {
            // The hops still print; the failure is one line on stderr and its exit code.
            log::error("{}", verify_error(report).what());
        }
        return verify_result(report);
    });
}

} // namespace corral::cli
