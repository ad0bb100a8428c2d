// Fuzz target: MinIO event JSON decoding (lib/notify/event_decode.hpp) as `notify watch` applies
// it to every Kafka message, plus the filters and both renderings of what was decoded.
#include "notify/event_decode.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // The first line (up to 64 bytes) doubles as the Kafka message key.
    std::string_view key = input.substr(0, std::min<std::size_t>(input.find('\n'), 64));
    static corral::notify::EventDecoder decoder;
    std::vector<corral::notify::MinioEvent> events;
    std::string error;
    bool ok = decoder.decode(input, key, events, error);
    if (!ok && (error.empty() || !events.empty())) {
        __builtin_trap();
    }
    corral::notify::EventFilter filter;
    filter.events = {"s3:ObjectCreated:*", "*Removed*"};
    filter.prefix = "a";
    std::string out;
    for (const auto& e : events) {
        (void)filter.matches(e);
        (void)corral::notify::wildcard_match("*a*b*", e.key);
        corral::notify::append_event_jsonl(out, e);
        corral::notify::append_event_text(out, e);
    }
    return 0;
}
