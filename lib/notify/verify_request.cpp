#include "notify/verify_request.hpp"

#include "core/error.hpp"

namespace corral::notify {

VerifyPlan plan_verify(const VerifyRequest& request, const EnvLookup& env) {
    if (!(request.timeout > 0) || request.timeout > 86400) {
        throw Error::usage("--timeout must be between 0 and 86400 seconds");
    }
    if (!(request.connect_timeout > 0) || request.connect_timeout > 86400) {
        throw Error::usage("--connect-timeout must be between 0 and 86400 seconds");
    }
    VerifyPlan plan;
    KafkaFlags kafka_flags = request.kafka;
    kafka_flags.timeout = request.connect_timeout;
    plan.kafka = resolve_kafka_config(kafka_flags, plan.options.topic, env);
    ConnectionOptions connection = request.connection;
    connection.timeout_seconds = request.connect_timeout;
    Resolved resolved = resolve_connection(connection, env, true);
    validate_bucket_name(resolved.bucket);
    plan.endpoint = resolved.endpoint;
    plan.options.bucket = resolved.bucket;
    plan.options.key = make_probe_key(request.key_prefix);
    plan.options.timeout_seconds = request.timeout;
    plan.options.skip_delete_event = request.skip_delete_event;
    return plan;
}

Report verify_result(const VerifyReport& report) {
    Report out;
    out.data = verify_to_json(report);
    out.text = verify_to_text(report);
    if (!report.passed) {
        out.exit = verify_error(report).exit_code();
    }
    return out;
}

} // namespace corral::notify
