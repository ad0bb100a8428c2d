// Bucket notification rules as MinIO stores them: the XML of GET/PUT /BUCKET?notification=
// (minio-go pkg/notification, minio internal/event/config.go) and MinIO's own refusals, reproduced
// client-side with its wording so `notify event add` fails before it writes.
#pragma once

#include "core/output.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace corral::notify {

struct QueueRule {
    std::string id;
    std::string arn;
    std::vector<std::string> events; // in document order
    bool has_prefix = false;
    bool has_suffix = false;
    std::string prefix;
    std::string suffix;
};

struct NotificationConfig {
    std::vector<QueueRule> queues;
};

// Parses MinIO's and AWS's forms (namespace or not, any element order). Error::input with
// MinIO's message for what MinIO's decoder refuses; never crashes on hostile input.
NotificationConfig parse_notification_xml(std::string_view xml);
// mc's PUT body: <NotificationConfiguration><QueueConfiguration>[<Id>]<Event>*<Filter>...
// <Queue>; no namespace, no prolog (exact bytes of Go encoding/xml with minio-go's tags).
// `indented`: one element per line, two spaces per level, for people (`event add --dry-run`).
std::string render_notification_xml(const NotificationConfig& config, bool indented = false);

// put -> s3:ObjectCreated:* ... (mc event add mapping); full names "s3:ObjectCreated:Put" pass
// through when MinIO's ParseName knows them. "put, delete" (space) is an error.
std::vector<std::string> expand_event_list(const std::string& list);
bool is_known_event_name(const std::string& name);

struct Arn {
    std::string region;
    std::string id;
    std::string type;
};
// arn:minio:sqs:REGION:ID:TYPE (internal/event/arn.go parseARN); Error::usage with MinIO's words.
Arn parse_arn(const std::string& arn);

// MinIO's checks of a whole configuration (internal/event/config.go): duplicate event in one rule,
// identical rules. Throws Error::input with MinIO's message.
void validate_config(const NotificationConfig& config);

struct AddResult {
    bool added = false; // false: the identical rule existed (ignore_existing)
};
// Adds the rule after the checks MinIO makes; with ignore_existing an identical rule is a no-op.
// Then mc's own check (minio-go AddQueue): a rule on the same ARN with an equal filter and an
// event in common is refused ("Overlapping Queue configs") unless `force`.
AddResult add_rule(NotificationConfig& config, const QueueRule& rule, bool ignore_existing,
                   bool force = false);
// The event names `added` shares with `existing` when both go to the same ARN with equal filters
// (comma-separated), "" otherwise.
std::string overlapping_events(const QueueRule& existing, const QueueRule& added);

struct RemoveFilter {
    std::string arn;                 // "" = any (only with all = true)
    std::vector<std::string> events; // empty = any; else the rule's event set must be equal
    bool has_prefix = false;
    bool has_suffix = false;
    std::string prefix;
    std::string suffix;
};
// Removes matching rules; returns how many.
std::size_t remove_rules(NotificationConfig& config, const RemoveFilter& filter);

// §7: {"rules":[{"id","arn","events":[..],"prefix","suffix"}]}
Json rules_json(const NotificationConfig& config);
std::string rules_text(const NotificationConfig& config);

} // namespace corral::notify
