// `corral notify verify` as a request: the flags as data, resolved (flag > environment > config
// file > default) into what the verify run needs, and its result as a Report.
#pragma once

#include "core/io.hpp"
#include "core/report.hpp"
#include "notify/kafka/kafka.hpp"
#include "notify/s3/mc_config.hpp"
#include "notify/verify.hpp"

#include <string>

namespace corral::notify {

struct VerifyRequest {
    ConnectionOptions connection;
    KafkaFlags kafka; // its timeout is --connect-timeout's
    double timeout = 30;
    double connect_timeout = 10;
    std::string key_prefix = ".corral-verify/";
    bool skip_delete_event = false;
};

struct VerifyPlan {
    S3Endpoint endpoint;
    KafkaConfig kafka;
    VerifyOptions options; // bucket, topic, probe key, per-hop timeout
};

// Error::usage for timeouts outside (0, 86400], missing brokers/topic/bucket, a bad bucket name.
VerifyPlan plan_verify(const VerifyRequest& request, const EnvLookup& env);

// The hops as data and a table; exit 0 when every hop passed, else verify_error's code
// (1 for a failed hop, 4 when the peers were unreachable).
Report verify_result(const VerifyReport& report);

} // namespace corral::notify
