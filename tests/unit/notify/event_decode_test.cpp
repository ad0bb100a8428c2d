// MinIO event decoding (lib/notify/event_decode.hpp). Payload shapes from MinIO
// internal/event/target/kafka.go (toProducerMessage) and cmd/event-notification.go (ToEvent);
// key escaping is Go's url.QueryEscape / url.QueryUnescape (net/url, TestQueryEscape/TestUnescape).
#include "core/error.hpp"
#include "core/io.hpp"
#include "notify/event_decode.hpp"
#include "unit/shared_data.hpp"

#include <catch2/catch.hpp>

using namespace corral::notify;

namespace {

std::string data(const std::string& name) {
    return corral::read_input(std::string(CORRAL_TEST_DATA) + "/notify-kafka/" + name).content;
}
// Public MinIO payloads, read from ../shared/data/minio.
std::string shared(const std::string& name) {
    return corral::read_input(corral::test::shared_data("minio/" + name)).content;
}

MinioEvent one(const std::string& payload, const std::string& key = "") {
    auto v = decode_events(payload, "test", key);
    REQUIRE(v.size() == 1);
    return v[0];
}

} // namespace

TEST_CASE("current payload: real MinIO 2023 put event", "[notify][event]") {
    CORRAL_REQUIRE_SHARED_DATA();
    MinioEvent e = one(shared("event.json"));
    CHECK(e.event == "s3:ObjectCreated:Put");
    CHECK(e.bucket == "vexination");
    CHECK(e.key == "index");
    CHECK(e.size == 2851);
    CHECK(e.etag == "8aebf225551d1a9c71914a91bf36c7e3");
    CHECK(e.time == "2023-06-05T11:04:06.851Z");
    CHECK(e.sequencer == "1765BE756000DEDE");
    CHECK(e.content_type == "application/octet-stream");
}

TEST_CASE("escaped key: %2F, + as space, %2B as plus", "[notify][event]") {
    CORRAL_REQUIRE_SHARED_DATA();
    MinioEvent e = one(shared("event-synth-put-escaped-key.json"));
    CHECK(e.bucket == "photos");
    CHECK(e.key == "2024/my cat+dog.jpg");
    CHECK(e.size == 6474);
}

TEST_CASE("delete events carry no size or etag", "[notify][event]") {
    CORRAL_REQUIRE_SHARED_DATA();
    MinioEvent e = one(shared("event-synth-delete.json"));
    CHECK(e.event == "s3:ObjectRemoved:Delete");
    CHECK(e.key == "2024/a.jpg");
    CHECK_FALSE(e.size.has_value());
    CHECK(e.etag.empty());
    std::string line;
    append_event_jsonl(line, e);
    CHECK(
        line ==
        R"({"event":"s3:ObjectRemoved:Delete","bucket":"photos","key":"2024/a.jpg","size":null,"etag":"","time":"2026-01-02T03:04:06.001Z","sequencer":"18A1B2C3D4E5F604"})"
        "\n");
}

TEST_CASE("older payload: EventType, userDefined, versionId", "[notify][event]") {
    MinioEvent e = one(data("event-legacy-2018.json"));
    CHECK(e.event == "s3:ObjectCreated:Put");
    CHECK(e.bucket == "images");
    CHECK(e.key == "my photo+1.jpg");
    CHECK(e.version_id == "1");
    CHECK(e.time == "2018-03-12T18:43:30Z");
}

TEST_CASE("record without eventName takes the top-level EventType", "[notify][event]") {
    MinioEvent e = one(
        R"({"EventType":"s3:ObjectRemoved:Delete","Key":"b/k","Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}]})");
    CHECK(e.event == "s3:ObjectRemoved:Delete");
}

TEST_CASE("record without s3.object.key falls back to the message key BUCKET/KEY",
          "[notify][event]") {
    MinioEvent e = one(
        R"({"EventName":"s3:ObjectCreated:Put","Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"object":{}}}]})",
        "photos/dir/a b.jpg");
    CHECK(e.bucket == "photos");
    CHECK(e.key == "dir/a b.jpg");
}

TEST_CASE("several records give several events, bare records are accepted", "[notify][event]") {
    auto v = decode_events(
        R"({"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"a"},"object":{"key":"x"}}},{"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"a"},"object":{"key":"y"}}}]})");
    REQUIRE(v.size() == 2);
    CHECK(v[1].key == "y");
    auto bare = decode_events(
        R"({"eventName":"s3:ObjectCreated:Copy","s3":{"bucket":{"name":"a"},"object":{"key":"z%20z"}}})");
    REQUIRE(bare.size() == 1);
    CHECK(bare[0].key == "z z");
}

// Go net/url TestUnescape rows (QueryUnescape) that MinIO keys can hit; malformed escapes are
// kept literally instead of dropping the event (Go errors; MinIO never produces them).
TEST_CASE("key unescaping table", "[notify][event]") {
    struct Row {
        const char* in;
        const char* out;
    } rows[] = {
        {"", ""},
        {"abc", "abc"},
        {"1%41", "1A"},
        {"1%41%42%43", "1ABC"},
        {"%4a", "J"},
        {"%6F", "o"},
        {"a+b", "a b"},
        {"a%20b", "a b"},
        {"a%2Bb", "a+b"},
        {"%2F%2f", "//"},
        {"%", "%"},           // Go: error
        {"%a", "%a"},         // Go: error
        {"%zzzzz", "%zzzzz"}, // Go: error
        {"100%25", "100%"},
        {"%E2%82%AC", "\xE2\x82\xAC"},
        {"x%2", "x%2"},   // Go: error (too short at the end)
        {"%4g", "%4g"},   // Go: error
        {"%%41", "%A"},   // Go: error; the second escape is still decoded
        {"+%2B+", " + "}, // runs between escapes of every kind
        {"obj%2F00000001+a%2Bb.bin", "obj/00000001 a+b.bin"},
    };
    for (const auto& r : rows) {
        std::string payload =
            std::string(
                R"({"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":")") +
            r.in + "\"}}}]}";
        INFO(r.in);
        CHECK(one(payload).key == r.out);
    }
}

TEST_CASE("JSON escapes in strings are decoded", "[notify][event]") {
    MinioEvent e = one(
        R"({"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b\u0041"},"object":{"key":"\ud83d\ude00\/x\"y"}}}]})");
    CHECK(e.bucket == "bA");
    CHECK(e.key == "\xF0\x9F\x98\x80/x\"y");
}

TEST_CASE("malformed messages are reported, never crash", "[notify][event]") {
    EventDecoder d;
    std::vector<MinioEvent> out;
    std::string error;
    CHECK_FALSE(d.decode(data("truncated.json"), "", out, error));
    CHECK(error.rfind("truncated JSON", 0) == 0);
    CHECK_FALSE(d.decode(data("not-json.txt"), "", out, error));
    CHECK(error.rfind("not JSON", 0) == 0);
    struct Row {
        const char* in;
        const char* error_start;
    } rows[] = {
        {"", "empty message"},
        {"   ", "no JSON value"},
        {"[]", "not a MinIO event: the JSON document is not an object"},
        {"{}", "not a MinIO event: no \"Records\""},
        {R"({"Records":{}})", "not a MinIO event: \"Records\" is not an array"},
        {R"({"Records":[]})", "not a MinIO event: \"Records\" is empty"},
        {R"({"Records":[1]})", "not a MinIO event: record 1"},
        {R"({"Records":[]} x)", "not JSON: unexpected data after the document"},
        {R"({"a":01})", "not JSON"},
        {R"({"a":"\x"})", "not JSON: bad escape"},
        {"{\"a\":\"\x01\"}", "not JSON: control character"},
        {R"({"a":tru)", "truncated JSON"},
        {R"({"a":[1,2)", "truncated JSON"},
        {R"({"a")", "truncated JSON"},
        {R"({"a":"\u12)", "truncated JSON"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK_FALSE(d.decode(r.in, "", out, error));
        CHECK(error.rfind(r.error_start, 0) == 0);
    }
    CHECK(out.empty());
    std::string deep(1000, '[');
    CHECK_FALSE(d.decode(deep, "", out, error));
    CHECK(error.find("nesting") != std::string::npos);
    CHECK_THROWS_AS(decode_events("nope", "f.json"), corral::Error);
}

// MinIO pkg/wildcard MatchSimple (wildcard_test.go TestMatchSimple rows, '?' is not special).
TEST_CASE("wildcard matching", "[notify][event]") {
    struct Row {
        const char* pattern;
        const char* text;
        bool match;
    } rows[] = {
        {"*", "", true},
        {"", "s3:ObjectCreated:Put", false},
        {"*", "s3:ObjectCreated:Put", true},
        {"s3:ObjectCreated:*", "s3:ObjectCreated:Put", true},
        {"s3:ObjectCreated:*", "s3:ObjectRemoved:Delete", false},
        {"s3:ObjectCreated:Put", "s3:ObjectCreated:Put", true},
        {"s3:*:Put", "s3:ObjectCreated:Put", true},
        {"s3:ObjectCreated:P?t", "s3:ObjectCreated:Put", false},
        {"my-bucket/oo*", "my-bucket/odo", false},
        {"my-bucket/In*", "my-bucket/India/Karnataka/", true},
        {"my-bucket/In*", "my-bucket/Karnataka/India/", false},
        {"my-bucket/In*/Ka*/Ban", "my-bucket/India/Karnataka/Ban", true},
        {"my-bucket/In*/Ka*/Ban", "my-bucket/India/Karnataka/Ban/Ban/Ban/Ban/Ban", true},
        {"my-bucket/In*/Ka*/Ban", "my-bucket/India/Karnataka/Ban/Bangalore", false},
        {"my-bucket/*", "my-bucket/India", true},
        {"a*b*c", "abbbc", true},
        {"a*b*c", "abcb", false},
    };
    for (const auto& r : rows) {
        INFO(r.pattern << " ~ " << r.text);
        CHECK(wildcard_match(r.pattern, r.text) == r.match);
    }
}

TEST_CASE("filters: events, bucket, prefix, suffix", "[notify][event]") {
    CORRAL_REQUIRE_SHARED_DATA();
    MinioEvent put = one(shared("event-synth-put-escaped-key.json"));
    MinioEvent del = one(shared("event-synth-delete.json"));
    EventFilter f;
    CHECK(f.matches(put));
    f.add_event_option("put");
    CHECK(f.matches(put));
    CHECK_FALSE(f.matches(del));
    f.add_event_option("s3:ObjectRemoved:Delete,get");
    CHECK(f.matches(del));
    CHECK(f.events.size() == 3);
    EventFilter g;
    g.bucket = "photos";
    g.prefix = "2024/my ";
    g.suffix = ".jpg";
    CHECK(g.matches(put));
    CHECK_FALSE(g.matches(del));
    g.bucket = "other";
    CHECK_FALSE(g.matches(put));
    EventFilter ilm;
    ilm.add_event_option("ilm");
    CHECK(ilm.events == std::vector<std::string>{"s3:ObjectRestore:*", "s3:ObjectTransition:*"});
    CHECK_THROWS_AS(ilm.add_event_option("put, delete"), corral::Error);
    CHECK_THROWS_AS(ilm.add_event_option("put,"), corral::Error);
    CHECK_THROWS_AS(ilm.add_event_option("created"), corral::Error);
}

TEST_CASE("text and JSON rendering escape hostile keys", "[notify][event]") {
    MinioEvent e;
    e.event = "s3:ObjectCreated:Put";
    e.bucket = "b";
    e.key = "a\x1b[31m\n\xff.txt";
    e.size = 3;
    std::string text;
    append_event_text(text, e);
    // Not UTF-8 is escaped in text too (issue 15); JSON carries U+FFFD.
    CHECK(text == "-\ts3:ObjectCreated:Put\tb/a\\x1b[31m\\x0a\\xff.txt\t3\t-\n");
    std::string json;
    append_event_jsonl(json, e);
    CHECK(json ==
          "{\"event\":\"s3:ObjectCreated:Put\",\"bucket\":\"b\",\"key\":\"a\\u001b["
          "31m\\n\xEF\xBF\xBD.txt\",\"size\":3,\"etag\":\"\",\"time\":\"\",\"sequencer\":\"\"}\n");
}

namespace {

// Bytewise references for the block scans of the decoder and writers (16 bytes with SSE2, 8 with
// SWAR): what each writer must produce, one byte at a time.
std::string visible_reference(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string json_ascii_reference(std::string_view s) { // s: ASCII only
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            out += '\\';
            out += "nrtbf"[std::string_view("\n\r\t\b\f").find(ch)];
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

} // namespace

TEST_CASE("block scans find a special byte at every offset of a 16-byte block", "[notify][event]") {
    // One special byte at offsets 0..40 of a 41-byte key: before, inside and after the first two
    // 16-byte (and five 8-byte) blocks, and in the bytewise tail.
    struct Row {
        const char* name;
        char byte;
    };
    const Row rows[] = {{"quote", '"'},      {"backslash", '\\'}, {"newline", '\n'},
                        {"escape", '\x1b'},  {"delete", '\x7f'},  {"tab", '\t'},
                        {"unit sep", '\x1f'}};
    for (const Row& row : rows) {
        for (std::size_t at = 0; at <= 40; ++at) {
            std::string key(41, 'k');
            key[at] = row.byte;
            INFO(row.name << " at " << at);
            MinioEvent e;
            e.event = "s3:ObjectCreated:Put";
            e.bucket = "b";
            e.key = key;
            std::string text;
            append_event_text(text, e);
            CHECK(text == "-\ts3:ObjectCreated:Put\tb/" + visible_reference(key) + "\t-\t-\n");
            std::string json;
            append_json_string(json, key);
            CHECK(json == json_ascii_reference(key));
            // The parser reads the escaped form back to the same key (JSON escapes inside a
            // string end the plain run at every offset too).
            std::string payload = R"({"Records":[{"eventName":"s3:ObjectCreated:Put","s3":{)"
                                  R"("bucket":{"name":"b"},"object":{"key":)" +
                                  json_ascii_reference(key) + "}}}]}";
            CHECK(one(payload).key == key); // no '%' or '+': url-decoding keeps it as is
            // A raw control byte inside a string is malformed JSON at every offset.
            if (static_cast<unsigned char>(row.byte) < 0x20) {
                std::string raw = R"({"Records":[{"eventName":")" + key + R"("}]})";
                CHECK_THROWS_AS(decode_events(raw, "test"), corral::Error);
            }
        }
    }
}

TEST_CASE("UTF-8 after a plain run of every length is kept, invalid bytes replaced",
          "[notify][event]") {
    for (std::size_t at = 0; at <= 34; ++at) {
        std::string s(at, 'a');
        std::string valid = s + "\xC3\xA9" + "z";
        std::string json;
        append_json_string(json, valid);
        CHECK(json == "\"" + valid + "\"");
        std::string invalid = s + "\xff" + "z";
        json.clear();
        append_json_string(json, invalid);
        CHECK(json == "\"" + s + "\xEF\xBF\xBD" + "z\"");
    }
}
