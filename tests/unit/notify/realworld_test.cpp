// Issue 14, notify half: what real S3/MinIO payloads, MinIO's and mc's own test tables show.
// Shared fixtures are read in place: $CORRAL_SHARED_DATA, else <source>/../shared/data.
#include "core/error.hpp"
#include "core/io.hpp"
#include "notify/brokers.hpp"
#include "notify/event_decode.hpp"
#include "notify/event_record.hpp"
#include "notify/kafka/kafka.hpp"
#include "notify/s3/bucket_rules.hpp"
#include "notify/s3/target.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>

using namespace corral::notify;
using corral::Error;

namespace {
std::string own(const std::string& file) {
    return corral::read_input(std::string(CORRAL_TEST_DATA) + "/realworld/" + file).content;
}
std::string shared(const std::string& file) {
    const char* env = std::getenv("CORRAL_SHARED_DATA");
    std::string dir = env != nullptr && *env != '\0'
                          ? std::string(env)
                          : std::string(CORRAL_SOURCE_DIR) + "/../shared/data";
    return corral::read_input(dir + "/" + file).content;
}
EventFilter filter(const std::string& events) {
    EventFilter f;
    f.add_event_option(events);
    return f;
}
} // namespace

TEST_CASE("AWS-style event names match like MinIO's", "[notify][aws]") {
    // aws/aws-lambda-go events/testdata/s3-event.json: "eventName": "ObjectCreated:Put".
    auto events = decode_events(own("aws-s3-event-put.json"), "aws");
    REQUIRE(events.size() == 1);
    const MinioEvent& e = events[0];
    CHECK(e.event == "ObjectCreated:Put"); // shown as sent
    CHECK(e.bucket == "sourcebucket");
    CHECK(e.key == "HappyFace.jpg");
    for (const char* pattern : {"put", "s3:ObjectCreated:*", "s3:ObjectCreated:Put",
                                "ObjectCreated:*", "ObjectCreated:Put"}) {
        CAPTURE(pattern);
        CHECK(filter(pattern).matches(e));
    }
    for (const char* pattern : {"delete", "get", "s3:ObjectRemoved:*", "ObjectCreated:Copy"}) {
        CAPTURE(pattern);
        CHECK_FALSE(filter(pattern).matches(e));
    }
    // MinIO's own names keep matching, also with AWS-style patterns.
    auto minio = decode_events(shared("minio/event.json"), "minio");
    REQUIRE(minio.size() == 1);
    CHECK(filter("ObjectCreated:*").matches(minio[0]));
    CHECK_THROWS_AS(filter("ObjectCreated"), Error);
}

TEST_CASE("a multi-record message is cut into one-record messages", "[notify][records]") {
    std::string payload = own("two-records.json");
    auto events = decode_events(payload, "two");
    REQUIRE(events.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        std::string one = one_record_message(payload, i, events[i]);
        auto again = decode_events(one, "one");
        REQUIRE(again.size() == 1);
        CHECK(again[0].event == events[i].event);
        CHECK(again[0].key == events[i].key);
        CHECK(again[0].sequencer == events[i].sequencer);
        auto doc = nlohmann::ordered_json::parse(one);
        auto full = nlohmann::ordered_json::parse(payload);
        CHECK(doc["Records"][0] == full["Records"][i]); // the record itself, untouched
    }
    CHECK(events[0].event == "s3:ObjectCreated:Put");
    CHECK(events[1].event == "s3:ObjectRemoved:Delete");

    // MinIO's shape keeps its members, in order, set to the record's name and BUCKET/KEY.
    std::string minio =
        R"({"EventName":"s3:ObjectCreated:Put","Key":"b/a","Records":[)"
        R"({"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"a"}}},)"
        R"({"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"c+d"}}}]})";
    auto ev = decode_events(minio, "m");
    REQUIRE(ev.size() == 2);
    CHECK(
        one_record_message(minio, 1, ev[1]) ==
        R"({"EventName":"s3:ObjectRemoved:Delete","Key":"b/c d","Records":[)"
        R"({"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"c+d"}}}]})");
    // One record: unchanged bytes.
    std::string single = shared("minio/event.json");
    CHECK(one_record_message(single, 0, decode_events(single, "s")[0]) == single);
}

TEST_CASE("brokers: a trailing-dot FQDN is accepted, a port still required", "[notify][brokers]") {
    // minio/pkg net/host_test.go TestParseHost, the rows about dots and labels; the port rule is
    // corral's (SPEC §5: MinIO lets a missing port through, the Kafka client cannot connect).
    struct Row {
        const char* broker;
        bool ok;
    };
    for (Row row : {Row{"play.min.io.:9000", true}, Row{"play--min.io.:9092", true},
                    Row{"play.min.io:9000", true}, Row{"kafka.example.com.:9092", true},
                    Row{".play.min.io.:9000", false}, Row{".play.min.io:9000", false},
                    Row{"play-.-min.io:9092", false}, Row{"play.minio..io:9092", false},
                    Row{"play-:9092", false}, Row{".:9092", false},
                    Row{"kafka.example.com.", false}, Row{"play:", false}}) {
        CAPTURE(row.broker);
        if (row.ok) {
            CHECK_NOTHROW(parse_broker_list(row.broker, "--brokers", BrokerSpaces::refused));
            CHECK_NOTHROW(parse_broker_list(row.broker, "--brokers"));
        } else {
            CHECK_THROWS_AS(parse_broker_list(row.broker, "--brokers"), Error);
        }
    }
}

TEST_CASE("overlapping rules are refused as mc refuses them", "[notify][overlap]") {
    // minio-go pkg/notification AddQueue: same ARN, equal filter, an event name in common.
    auto rule = [](std::vector<std::string> events, std::string prefix = "",
                   std::string suffix = "", std::string arn = "arn:minio:sqs::1:kafka") {
        QueueRule r;
        r.arn = std::move(arn);
        r.events = std::move(events);
        r.has_prefix = !prefix.empty();
        r.prefix = std::move(prefix);
        r.has_suffix = !suffix.empty();
        r.suffix = std::move(suffix);
        return r;
    };
    struct Row {
        const char* name;
        QueueRule existing;
        QueueRule added;
        const char* common; // "" = no overlap
    };
    const std::string created = "s3:ObjectCreated:*", removed = "s3:ObjectRemoved:*",
                      accessed = "s3:ObjectAccessed:*";
    for (const Row& row : {
             Row{"issue 14: unfiltered put, then put,delete", rule({created}),
                 rule({created, removed}), "s3:ObjectCreated:*"},
             Row{"disjoint events", rule({created}), rule({removed, accessed}), ""},
             Row{"other ARN", rule({created}), rule({created}, "", "", "arn:minio:sqs::2:kafka"),
                 ""},
             Row{"region-less and regional ARN are one target", rule({created}),
                 rule({removed, created}, "", "", "arn:minio:sqs:us-east-1:1:kafka"),
                 "s3:ObjectCreated:*"},
             Row{"different prefix", rule({created}, "a/"), rule({created}, "b/"), ""},
             Row{"prefix vs none", rule({created}, "a/"), rule({created}), ""},
             Row{"same prefix and suffix", rule({created, removed}, "p/", ".jpg"),
                 rule({removed}, "p/", ".jpg"), "s3:ObjectRemoved:*"},
             Row{"names are compared as strings, not patterns", rule({created}),
                 rule({"s3:ObjectCreated:Put"}), ""},
         }) {
        CAPTURE(row.name);
        CHECK(overlapping_events(row.existing, row.added) == row.common);
        NotificationConfig c{{row.existing}};
        if (std::string(row.common).empty()) {
            CHECK_NOTHROW(add_rule(c, row.added, false));
        } else {
            CHECK_THROWS_WITH(add_rule(c, row.added, false),
                              Catch::StartsWith("Overlapping Queue configs: rule 1") &&
                                  Catch::Contains("--force"));
            NotificationConfig forced{{row.existing}};
            CHECK(add_rule(forced, row.added, false, /*force=*/true).added);
            CHECK(forced.queues.size() == 2);
        }
    }
    // The identical rule keeps MinIO's own message (and -p makes it a no-op), before mc's check.
    NotificationConfig same{{rule({created})}};
    CHECK_THROWS_WITH(add_rule(same, rule({created}), false),
                      Catch::StartsWith("An object key name filtering rule"));
    CHECK_FALSE(add_rule(same, rule({created}), true).added);
}

TEST_CASE("dry-run XML is indented, the PUT body stays mc's bytes", "[notify][xml]") {
    std::string mc = shared("minio/mc-put-body.xml");
    while (!mc.empty() && (mc.back() == '\n' || mc.back() == '\r')) {
        mc.pop_back();
    }
    NotificationConfig c = parse_notification_xml(mc);
    CHECK(render_notification_xml(c) == mc);
    CHECK(render_notification_xml(c, true) == "<NotificationConfiguration>\n"
                                              "  <QueueConfiguration>\n"
                                              "    <Event>s3:ObjectCreated:*</Event>\n"
                                              "    <Event>s3:ObjectRemoved:*</Event>\n"
                                              "    <Filter>\n"
                                              "      <S3Key>\n"
                                              "        <FilterRule>\n"
                                              "          <Name>prefix</Name>\n"
                                              "          <Value>photos/</Value>\n"
                                              "        </FilterRule>\n"
                                              "        <FilterRule>\n"
                                              "          <Name>suffix</Name>\n"
                                              "          <Value>.jpg</Value>\n"
                                              "        </FilterRule>\n"
                                              "      </S3Key>\n"
                                              "    </Filter>\n"
                                              "    <Queue>arn:minio:sqs::1:kafka</Queue>\n"
                                              "  </QueueConfiguration>\n"
                                              "</NotificationConfiguration>");
    // The indented form parses back to the same rules.
    CHECK(render_notification_xml(parse_notification_xml(render_notification_xml(c, true))) == mc);
    CHECK(render_notification_xml(NotificationConfig{}, true) ==
          "<NotificationConfiguration></NotificationConfiguration>");
}
