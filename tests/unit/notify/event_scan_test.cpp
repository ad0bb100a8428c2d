// The fast path of the event decoder (lib/notify/event_scan.hpp): it must take MinIO's own
// payloads (else `notify watch` silently falls back to the slow tree decoder), decline what it
// leaves to the tree decoder, and agree with the tree decoder wherever it accepts.
#include "core/io.hpp"
#include "notify/event_decode.hpp"
#include "notify/event_scan.hpp"
#include "unit/shared_data.hpp"

#include <catch2/catch.hpp>

using namespace corral::notify;

namespace {

void check_same(const MinioEvent& a, const MinioEvent& b) {
    CHECK(a.event == b.event);
    CHECK(a.bucket == b.bucket);
    CHECK(a.key == b.key);
    CHECK(a.size == b.size);
    CHECK(a.etag == b.etag);
    CHECK(a.time == b.time);
    CHECK(a.sequencer == b.sequencer);
    CHECK(a.version_id == b.version_id);
    CHECK(a.content_type == b.content_type);
}

// Scans `payload` into a pool holding stale events and compares with the tree decoder.
bool scan_agrees(const std::string& payload, const std::string& key = "") {
    EventScanner scanner;
    std::vector<MinioEvent> pool(3);
    for (auto& stale : pool) {
        stale.event = "stale event name longer than the small-string buffer";
        stale.key = stale.etag = stale.version_id = stale.content_type = stale.event;
        stale.size = 99;
    }
    std::size_t count = 1;
    bool accepted = scanner.scan(payload, key, pool, count);
    EventDecoder decoder;
    std::vector<MinioEvent> reference;
    std::string error;
    bool reference_ok = decoder.decode_tree(payload, key, reference, error);
    if (!accepted) {
        CHECK(count == 1);
        return false;
    }
    REQUIRE(reference_ok);
    REQUIRE(count - 1 == reference.size());
    for (std::size_t i = 0; i < reference.size(); ++i) {
        check_same(pool[1 + i], reference[i]);
    }
    return true;
}

} // namespace

TEST_CASE("the scanner takes MinIO's payloads", "[notify][event]") {
    CORRAL_REQUIRE_SHARED_DATA();
    for (const char* name :
         {"event.json", "event-synth-delete.json", "event-synth-put-escaped-key.json"}) {
        INFO(name);
        std::string payload =
            corral::read_input(corral::test::shared_data(std::string("minio/") + name)).content;
        CHECK(scan_agrees(payload, "bucket/key"));
    }
}

TEST_CASE("the scanner agrees with the tree decoder or declines", "[notify][event]") {
    struct Row {
        const char* name;
        const char* payload;
        bool accepted;
    };
    const Row rows[] = {
        {"two records, one from the message key",
         R"({"EventName":"s3:ObjectCreated:Put","Records":[{"s3":{"bucket":{"name":"b"},)"
         R"("object":{"key":"a%2Fb+c%zz","size":5,"eTag":"e","sequencer":"1","versionId":"v",)"
         R"("contentType":"t"}}},{"s3":{"object":{"size":"12"}}}]})",
         true},
        {"legacy EventType",
         R"({"EventType":"s3:ObjectRemoved:Delete","Key":"b/k","Records":[{}]})", true},
        {"escaped values", R"({"Records":[{"eventName":"a\u00e9\ud83d\ude00\ud800\n","s3":{}}]})",
         true},
        {"escaped names outside what is read",
         R"({"Records":[{"eventName":"x","m":{"\u0061":1}}]})", true},
        {"non-object s3 parts", R"({"Records":[{"eventName":"x","s3":{"bucket":1,"object":[]}}]})",
         true},
        {"numbers and other values",
         R"({"Records":[{"eventName":1e2,"s3":{"object":{"size":-1,)"
         R"("key":true,"eTag":null}}}]})",
         true},
        {"escaped name that is read", R"({"Records":[{"event\u004eame":"x"}]})", false},
        {"repeated member", R"({"Records":[{"eventName":"x","eventName":"y"}]})", false},
        {"repeated s3.bucket", R"({"Records":[{"s3":{"bucket":{"name":"a"},"bucket":{}}}]})",
         false},
        {"bare record", R"({"eventName":"x","s3":{"bucket":{"name":"b"}}})", false},
        {"empty Records", R"({"Records":[]})", false},
        {"record naming neither event nor bucket", R"({"Records":[{"s3":{"object":{"key":"k"}}}]})",
         false},
        {"record that is not an object", R"({"Records":[1]})", false},
        {"truncated", R"({"Records":[{"eventName":"x"}])", false},
        {"trailing data", R"({"Records":[{"eventName":"x"}]} x)", false},
        {"bad escape", R"({"Records":[{"eventName":"\x"}]})", false},
        {"not an object", R"([{"Records":[]}])", false},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        CHECK(scan_agrees(row.payload, "mb/mk") == row.accepted);
    }
}

TEST_CASE("decode_into reuses the pool and matches decode", "[notify][event]") {
    EventDecoder decoder;
    std::vector<MinioEvent> pool;
    std::size_t count = 0;
    std::string error;
    const std::string put = R"({"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":)"
                            R"({"name":"b"},"object":{"key":"k","size":3}}}]})";
    const std::string bare = R"({"eventName":"e","s3":{"bucket":{"name":"c"}}})";
    REQUIRE(decoder.decode_into(put, "", pool, count, error));
    REQUIRE(decoder.decode_into(bare, "", pool, count, error)); // through the tree decoder
    REQUIRE(count == 2);
    CHECK(pool[0].key == "k");
    CHECK(pool[1].bucket == "c");
    CHECK_FALSE(pool[1].size.has_value());
    CHECK_FALSE(decoder.decode_into("{", "", pool, count, error));
    CHECK(count == 2);
    CHECK(error == "truncated JSON: the message ends inside an object");
    count = 0; // the next batch overwrites the stale events in place
    REQUIRE(decoder.decode_into(bare, "", pool, count, error));
    CHECK(pool[0].key.empty());
    CHECK(pool[0].event == "e");
}

TEST_CASE("the scanner finds quotes, escapes and control bytes at every offset",
          "[notify][event]") {
    // Strings ending on both sides of each 16- and 64-byte block boundary of the bitmask pass.
    for (std::size_t len = 0; len < 140; ++len) {
        INFO(len);
        std::string pad(len, 'a');
        std::string escaped =
            R"({"Records":[{"eventName":")" + pad + R"(\"b","s3":{"bucket":{"name":"b"}}}]})";
        CHECK(scan_agrees(escaped));
        std::string plain =
            R"({"Records":[{"eventName":")" + pad + R"(","s3":{"bucket":{"name":"b"}}}]})";
        CHECK(scan_agrees(plain));
        std::string control =
            R"({"Records":[{"eventName":")" + pad + "\x01" + R"(","s3":{"bucket":{"name":"b"}}}]})";
        CHECK_FALSE(scan_agrees(control));
        std::string cut = R"({"Records":[{"eventName":")" + pad;
        CHECK_FALSE(scan_agrees(cut));
    }
}
