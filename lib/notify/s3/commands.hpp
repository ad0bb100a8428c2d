// The S3/admin half of `corral notify` as plain functions over request structs, so that
// commands/notify.cpp only binds flags (uenv style) and tests can call them directly.
#pragma once

#include "core/report.hpp"
#include "notify/s3/mc_config.hpp"
#include "notify/s3/target.hpp"

#include <string>

namespace corral::notify {

struct TargetArgs {
    KafkaTargetOptions kafka;
    std::string sasl_password_file; // --sasl-password-file
    std::string sasl_password_flag; // refused: secrets are never flag values
    std::string format = "mc";      // mc | env | k8s
    std::string k8s_secret;         // secretKeyRef name (default minio-notify-kafka-<id>)
    bool apply = false;
    bool restart = false;
    ConnectionOptions connection;
};

struct EventArgs {
    ConnectionOptions connection;
    std::string arn;
    std::string events; // --event as typed
    bool events_given = false;
    std::string prefix;
    std::string suffix;
    bool prefix_given = false;
    bool suffix_given = false;
    bool dry_run = false;
    bool ignore_existing = false;
    bool force = false;
    std::string current_file; // --current: the existing configuration, offline (dry-run only)
};

// Each returns the verb's Report (data for -o json|yaml, text, exit 0) and prints nothing to
// stdout; progress notes go to the log (stderr, silenced by -q).
Report run_target(const TargetArgs& args);
Report run_event_add(const EventArgs& args);
Report run_event_list(const EventArgs& args);
Report run_event_remove(const EventArgs& args);

} // namespace corral::notify
