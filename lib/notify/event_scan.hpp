// The fast path of EventDecoder (issue 16: `notify watch` spent ~45 % of its CPU building a node
// tree per event and looking members up in it). One validating pass over the payload that keeps
// spans of only the fields a MinioEvent needs, then fills reused MinioEvents in place: no tree, no
// allocation once the pool's strings have grown.
//
// It handles MinIO's own shape ({"EventName", "Key", "Records":[records...]}) and declines
// anything unusual: malformed JSON, a bare record, an escaped member name, a repeated member that
// the decoder reads, a record that is not an object or names neither event nor bucket. Declined
// payloads go to the tree decoder, which gives the error messages; where the scanner accepts, it
// produces exactly what the tree decoder produces (differential fuzz target notify_event_diff).
#pragma once

#include "notify/event_decode.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corral::notify {

class EventScanner {
public:
    // On success, the payload's events are pool[count_before, count) and `count` is updated;
    // pool grows as needed and its elements from `count` on are overwritten, not destroyed. On
    // false (declined) `count` is unchanged.
    bool scan(std::string_view payload, std::string_view message_key, std::vector<MinioEvent>& pool,
              std::size_t& count);

    // A string or number value's raw span (strings without quotes, still escaped); `other` is
    // any other value that was present.
    struct Field {
        enum Kind : unsigned char { absent, string, number, other };
        Kind kind = absent;
        bool escaped = false;
        std::string_view raw;
    };
    struct RecordFields {
        Field event_name, event_time, bucket_name, key, size, etag, sequencer, version_id,
            content_type;
    };

private:
    std::vector<std::uint64_t> m_masks;
    std::vector<RecordFields> m_records;
    std::string m_top_event;
    std::string m_top_key;
    std::string m_scratch;
};

} // namespace corral::notify
