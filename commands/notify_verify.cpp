// corral notify verify: CLI bindings only (flags -> lib/notify/verify -> print).
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output.hpp"
#include "notify/kafka.hpp"
#include "notify/mc_config.hpp"
#include "notify/verify.hpp"
#include "notify/watch.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>

namespace corral::cli {

namespace {

using namespace corral::notify;

std::string env_value(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? std::string(v) : std::string();
}

struct VerifyArgs {
    ConnectionOptions connection;
    std::string brokers;
    std::string topic;
    std::string sasl;
    std::string sasl_username;
    std::string sasl_password_file;
    bool tls = false;
    bool tls_skip_verify = false;
    std::string ca_file;
    double timeout = 30;
    double connect_timeout = 10;
    std::string key_prefix = ".corral-verify/";
    bool skip_delete_event = false;
};

// The minimal Kafka configuration of `notify watch` (brokers from --brokers or
// CORRAL_KAFKA_BROKERS, SASL password from CORRAL_KAFKA_SASL_PASSWORD or a file).
KafkaConfig kafka_config(const VerifyArgs& a, std::string& topic) {
    KafkaConfig c;
    std::string env_brokers = env_value("CORRAL_KAFKA_BROKERS");
    if (a.brokers.empty() && env_brokers.empty()) {
        throw Error::usage("--brokers is required (or set CORRAL_KAFKA_BROKERS)");
    }
    c.brokers = a.brokers.empty() ? validate_brokers(env_brokers, "CORRAL_KAFKA_BROKERS")
                                  : validate_brokers(a.brokers, "--brokers");
    topic = a.topic.empty() ? env_value("CORRAL_KAFKA_TOPIC") : a.topic;
    if (topic.empty()) {
        throw Error::usage("--topic is required (or set CORRAL_KAFKA_TOPIC)");
    }
    validate_topic_name(topic);
    c.timeout_seconds = a.connect_timeout;
    if (!a.sasl.empty()) {
        c.sasl_mechanism = a.sasl == "plain"           ? "PLAIN"
                           : a.sasl == "scram-sha-256" ? "SCRAM-SHA-256"
                                                       : "SCRAM-SHA-512";
        c.sasl_username =
            a.sasl_username.empty() ? env_value("CORRAL_KAFKA_SASL_USERNAME") : a.sasl_username;
        if (c.sasl_username.empty()) {
            throw Error::usage("--sasl needs --sasl-username (or CORRAL_KAFKA_SASL_USERNAME)");
        }
        c.sasl_password = a.sasl_password_file.empty() ? env_value("CORRAL_KAFKA_SASL_PASSWORD")
                                                       : read_secret_file(a.sasl_password_file);
        if (c.sasl_password.empty()) {
            throw Error::usage("--sasl needs a password: set CORRAL_KAFKA_SASL_PASSWORD or use "
                               "--sasl-password-file");
        }
    } else if (!a.sasl_username.empty() || !a.sasl_password_file.empty()) {
        throw Error::usage("--sasl-username/--sasl-password-file need --sasl MECHANISM");
    }
    if ((a.tls_skip_verify || !a.ca_file.empty()) && !a.tls) {
        throw Error::usage("--tls-skip-verify and --ca-file need --tls");
    }
    c.tls = a.tls;
    c.tls_skip_verify = a.tls_skip_verify;
    c.ca_file = a.ca_file;
    return c;
}

} // namespace

void add_notify_verify_command(CLI::App& notify, Context& ctx) {
    auto args = std::make_shared<VerifyArgs>();
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
    sub->add_option("--brokers,-b", args->brokers,
                    "Kafka bootstrap brokers HOST:PORT[,HOST:PORT...] (env CORRAL_KAFKA_BROKERS)")
        ->type_name("HOST:PORT,...");
    sub->add_option("--topic,-t", args->topic, "Kafka topic (env CORRAL_KAFKA_TOPIC)")
        ->type_name("TOPIC");
    sub->add_option(
           "--sasl", args->sasl,
           "SASL mechanism (password from CORRAL_KAFKA_SASL_PASSWORD or --sasl-password-file)")
        ->check(CLI::IsMember({"plain", "scram-sha-256", "scram-sha-512"}));
    sub->add_option("--sasl-username", args->sasl_username,
                    "SASL user name (env CORRAL_KAFKA_SASL_USERNAME)")
        ->type_name("USER");
    sub->add_option("--sasl-password-file", args->sasl_password_file,
                    "Read the SASL password from this file (never a flag value)")
        ->type_name("FILE");
    sub->add_flag("--tls", args->tls, "Connect to the brokers with TLS");
    sub->add_flag("--tls-skip-verify", args->tls_skip_verify,
                  "Do not verify the brokers' certificates (only when asked)");
    sub->add_option("--ca-file", args->ca_file, "CA bundle for the brokers' certificates")
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
    on_run(*sub, ctx, [args, &ctx] {
        ctx.format("text,json,yaml");
        const VerifyArgs& a = *args;
        if (!(a.timeout > 0) || a.timeout > 86400) {
            throw Error::usage("--timeout must be between 0 and 86400 seconds");
        }
        if (!(a.connect_timeout > 0) || a.connect_timeout > 86400) {
            throw Error::usage("--connect-timeout must be between 0 and 86400 seconds");
        }
        std::string topic;
        KafkaConfig kafka = kafka_config(a, topic);
        ConnectionOptions conn = a.connection;
        conn.timeout_seconds = a.connect_timeout;
        Resolved resolved = resolve_connection(conn, process_env(), true);
        validate_bucket_name(resolved.bucket);

        VerifyOptions o;
        o.bucket = resolved.bucket;
        o.topic = topic;
        o.key = make_probe_key(a.key_prefix);
        o.timeout_seconds = a.timeout;
        o.skip_delete_event = a.skip_delete_event;

        install_stop_signals();
        auto store = make_s3_verify_store(resolved.endpoint);
        auto events = make_kafka_verify_events(kafka, topic);
        VerifyReport report = run_verify(*store, *events, o);
        print_result(verify_to_json(report), verify_to_text(report));
        if (!report.passed) {
            throw verify_error(report);
        }
        return 0;
    });
}

} // namespace corral::cli
