// One record of a multi-record notification message, as a message of its own. MinIO sends one
// record per Kafka message, but S3-shaped relays and batching producers put several in one
// {"Records":[...]} document; a per-record `notify watch --exec` hook must see only its record.
#pragma once

#include "notify/event_decode.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace corral::notify {

// `payload` with "Records" reduced to its record number `record` (0-based), other top-level
// members kept in their order; MinIO's "EventName" and "Key" (when present) are set to that
// record's event name and BUCKET/KEY from `event`. Returns `payload` unchanged when it has a
// single record or cannot be re-read. Called only on payloads EventDecoder accepted, so nesting
// is bounded (128 levels) before nlohmann's recursive dump sees it.
std::string one_record_message(std::string_view payload, std::size_t record,
                               const MinioEvent& event);

} // namespace corral::notify
