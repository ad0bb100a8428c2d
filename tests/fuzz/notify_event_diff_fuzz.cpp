// Differential fuzz target: the fast event scanner (lib/notify/event_scan.hpp) against the tree
// decoder it defers to (EventDecoder::decode_tree). Wherever the scanner accepts a payload, the
// tree decoder must accept it too and produce the same events, field by field; and decode() (the
// scanner, then the tree decoder) must agree with the tree decoder alone on every input, events
// and error message alike. Reused pools are exercised too: each input is decoded into a pool
// that still holds the previous input's events.
#include "notify/event_decode.hpp"
#include "notify/event_scan.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

bool same(const corral::notify::MinioEvent& a, const corral::notify::MinioEvent& b) {
    return a.event == b.event && a.bucket == b.bucket && a.key == b.key && a.size == b.size &&
           a.etag == b.etag && a.time == b.time && a.sequencer == b.sequencer &&
           a.version_id == b.version_id && a.content_type == b.content_type;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace corral::notify;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // The first line (up to 64 bytes) doubles as the Kafka message key.
    std::string_view key = input.substr(0, std::min<std::size_t>(input.find('\n'), 64));

    static EventDecoder decoder;
    std::vector<MinioEvent> reference;
    std::string reference_error;
    bool reference_ok = decoder.decode_tree(input, key, reference, reference_error);

    // The scanner into a pool that holds stale events from the previous input, after one slot.
    static EventScanner scanner;
    static std::vector<MinioEvent> pool;
    std::size_t count = pool.empty() ? 0 : 1;
    std::size_t before = count;
    if (scanner.scan(input, key, pool, count)) {
        if (!reference_ok || count - before != reference.size()) {
            __builtin_trap();
        }
        for (std::size_t i = 0; i < reference.size(); ++i) {
            if (!same(pool[before + i], reference[i])) {
                __builtin_trap();
            }
        }
    } else if (count != before) {
        __builtin_trap();
    }

    // The public entry points: the same verdict, events and message as the tree decoder.
    std::vector<MinioEvent> events;
    std::string error;
    bool ok = decoder.decode(input, key, events, error);
    std::size_t into = pool.size() > 2 ? 2 : 0;
    std::size_t start = into;
    std::string into_error;
    bool into_ok = decoder.decode_into(input, key, pool, into, into_error);
    if (ok != reference_ok || into_ok != reference_ok || error != reference_error ||
        into_error != reference_error || events.size() != reference.size() ||
        into - start != (reference_ok ? reference.size() : 0)) {
        __builtin_trap();
    }
    for (std::size_t i = 0; i < reference.size(); ++i) {
        if (!same(events[i], reference[i]) || !same(pool[start + i], reference[i])) {
            __builtin_trap();
        }
    }
    return 0;
}
