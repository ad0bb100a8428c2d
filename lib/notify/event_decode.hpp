// MinIO bucket-notification events as they arrive on Kafka: decoding, filtering and rendering.
// Plain code (no librdkafka): used by `notify watch`, `notify verify` and the offline decoder.
//
// MinIO (internal/event/target/kafka.go) produces one message per event: key "BUCKET/KEY" (key
// decoded) and value {"EventName":..., "Key":"BUCKET/KEY", "Records":[one S3 event record]} whose
// s3.object.key is url.QueryEscape'd ('+' for space). Older servers (2017-2019) wrote "EventType"
// instead of "EventName"; bare {"Records":[...]} documents (S3/webhook shape) are accepted too, and
// every record of a document becomes one event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::notify {

struct MinioEvent {
    std::string event;                // s3:ObjectCreated:Put
    std::string bucket;               // s3.bucket.name
    std::string key;                  // s3.object.key, URL-decoded ('+' is a space)
    std::optional<std::int64_t> size; // absent on ObjectRemoved:Delete and friends
    std::string etag;                 // s3.object.eTag ("" when absent)
    std::string time;                 // eventTime as sent (RFC 3339, ms)
    std::string sequencer;            // s3.object.sequencer
    std::string version_id;           // s3.object.versionId
    std::string content_type;         // s3.object.contentType
};

// Decodes one Kafka message value. `message_key` (may be empty) is MinIO's "BUCKET/KEY" message
// key, used only when a record lacks the bucket or key. Appends one event per record to `out` and
// returns true; on malformed input returns false with a one-line reason in `error` (offset of the
// syntax error, "truncated", "no Records", ...) and leaves `out` as it was.
// Bounded: nesting deeper than 128 levels is refused; memory is linear in the input.
class EventDecoder {
public:
    EventDecoder();
    ~EventDecoder();
    EventDecoder(const EventDecoder&) = delete;
    EventDecoder& operator=(const EventDecoder&) = delete;

    bool decode(std::string_view payload, std::string_view message_key,
                std::vector<MinioEvent>& out, std::string& error);

    // The same into a reused pool (`notify watch`): the events go to pool[count, ...), whose
    // elements are overwritten in place so that their strings keep their capacity, and `count`
    // is advanced; on false `count` is unchanged.
    bool decode_into(std::string_view payload, std::string_view message_key,
                     std::vector<MinioEvent>& pool, std::size_t& count, std::string& error);

    // The tree decoder alone: the reference that the fast path (event_scan.hpp) defers to for
    // anything unusual and is fuzzed against. Same contract as decode().
    bool decode_tree(std::string_view payload, std::string_view message_key,
                     std::vector<MinioEvent>& out, std::string& error);

private:
    struct Impl;
    Impl* m_impl;
};

// Convenience: decode or throw Error::input naming `source`.
std::vector<MinioEvent> decode_events(std::string_view payload, std::string_view source = "",
                                      std::string_view message_key = "");

// The short names of `mc event add --event` expand to these patterns (SPEC §5 format facts).
// Returns the expansion of put|delete|get|replica|ilm|scanner, or {name} unchanged.
std::vector<std::string> expand_event_name(std::string_view name);

// MinIO's wildcard.MatchSimple: '*' matches any run of characters (also empty); no other magic.
bool wildcard_match(std::string_view pattern, std::string_view text);

struct EventFilter {
    std::vector<std::string> events; // patterns (after expansion); empty: every event
    std::string bucket;              // exact; empty: any
    std::string prefix;              // of the decoded key
    std::string suffix;

    // Parses repeated --event values: each may be a comma-separated list of patterns or short
    // names; empty items or items with spaces ("put, delete") are Error::usage.
    void add_event_option(std::string_view value);
    bool matches(const MinioEvent& e) const;
};

// One jsonl line (with newline): {"event","bucket","key","size","etag","time","sequencer"}.
// size is null when absent. Invalid UTF-8 is replaced by U+FFFD, as every JSON writer of corral.
void append_event_jsonl(std::string& out, const MinioEvent& e);

// One text line (with newline): TIME  EVENT  BUCKET/KEY  SIZE  ETAG (tab-separated; control
// characters of the key shown as \xNN so that a hostile key cannot drive the terminal).
void append_event_text(std::string& out, const MinioEvent& e);

// JSON string literal of `s` (quotes included), invalid UTF-8 replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view s);

} // namespace corral::notify
