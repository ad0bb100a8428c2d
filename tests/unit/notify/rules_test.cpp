// Bucket notification rules: XML round trips with the bytes mc sends and MinIO answers
// (tests/data/notify/notification-xml-variants.txt), and MinIO's checks restated from
// minio internal/event/arn_test.go, name_test.go, config_test.go and mc cmd/event-add.go.
#include "core/error.hpp"
#include "notify/s3/bucket_rules.hpp"
#include "unit/shared_data.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>

using namespace corral::notify;
using corral::Error;

namespace {

std::map<std::string, std::string> variants() {
    std::ifstream f(corral::test::shared_data("minio/notification-xml-variants.txt"));
    REQUIRE(f);
    std::map<std::string, std::string> out;
    std::string line;
    while (std::getline(f, line)) {
        auto eq = line.find('=');
        if (eq != std::string::npos) {
            out[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return out;
}

} // namespace

TEST_CASE("rules: mc's PUT bodies are reproduced byte for byte", "[rules]") {
    CORRAL_REQUIRE_SHARED_DATA();
    auto v = variants();
    for (const char* name : {"MC_PUT_WITH_FILTER", "MC_PUT_NO_FILTER", "MC_REMOVE_ALL"}) {
        INFO(name);
        CHECK(render_notification_xml(parse_notification_xml(v[name])) == v[name]);
    }
}

TEST_CASE("rules: MinIO's GET answers parse into mc's PUT form", "[rules]") {
    CORRAL_REQUIRE_SHARED_DATA();
    auto v = variants();
    CHECK(render_notification_xml(parse_notification_xml(v["SERVER_GET"])) ==
          v["MC_PUT_WITH_FILTER"]);
    auto region = parse_notification_xml(v["SERVER_GET_NOFILTER_REGION"]);
    REQUIRE(region.queues.size() == 1);
    CHECK(region.queues[0].arn == "arn:minio:sqs:us-east-1:1:kafka");
    CHECK_FALSE(region.queues[0].has_prefix);
    CHECK(parse_notification_xml(v["SERVER_GET_EMPTY"]).queues.empty());
    // AWS element order with an Id (put-notification.xml)
    std::ifstream f(corral::test::shared_data("minio/put-notification.xml"));
    std::string aws((std::istreambuf_iterator<char>(f)), {});
    auto c = parse_notification_xml(aws);
    REQUIRE(c.queues.size() == 1);
    CHECK(c.queues[0].id == "photos-jpg");
    CHECK(c.queues[0].events ==
          std::vector<std::string>{"s3:ObjectCreated:*", "s3:ObjectRemoved:*"});
}

TEST_CASE("rules: Go encoding/xml escaping", "[rules]") {
    NotificationConfig c;
    QueueRule q;
    q.arn = "arn:minio:sqs::1:kafka";
    q.events = {"s3:ObjectCreated:*"};
    q.has_prefix = true;
    q.prefix = "a&b<c>\"d'";
    c.queues.push_back(q);
    std::string xml = render_notification_xml(c);
    CHECK(xml.find("<Value>a&amp;b&lt;c&gt;&#34;d&#39;</Value>") != std::string::npos);
    CHECK(parse_notification_xml(xml).queues[0].prefix == q.prefix);
}

TEST_CASE("rules: malformed and refused XML", "[rules]") {
    CHECK_THROWS_AS(parse_notification_xml("<NotificationConfiguration>"), Error);
    CHECK_THROWS_AS(parse_notification_xml("<Other/>"), Error);
    CHECK_THROWS_WITH(parse_notification_xml("<NotificationConfiguration><TopicConfiguration/>"
                                             "</NotificationConfiguration>"),
                      Catch::Contains("does not support Topic or Cloud Function"));
    const char* two_prefixes =
        "<NotificationConfiguration><QueueConfiguration><Filter><S3Key>"
        "<FilterRule><Name>prefix</Name><Value>a</Value></FilterRule>"
        "<FilterRule><Name>prefix</Name><Value>b</Value></FilterRule>"
        "</S3Key></Filter><Event>s3:ObjectCreated:*</Event><Queue>arn:minio:sqs::1:kafka</Queue>"
        "</QueueConfiguration></NotificationConfiguration>";
    CHECK_THROWS_WITH(parse_notification_xml(two_prefixes), "more than one prefix in filter rule");
    const char* bad_name = "<NotificationConfiguration><QueueConfiguration><Filter><S3Key>"
                           "<FilterRule><Name>infix</Name><Value>a</Value></FilterRule>"
                           "</S3Key></Filter></QueueConfiguration></NotificationConfiguration>";
    CHECK_THROWS_WITH(parse_notification_xml(bad_name),
                      Catch::Contains("filter rule name must be either prefix or suffix"));
}

TEST_CASE("rules: ARN parsing (internal/event/arn_test.go TestParseARN)", "[rules]") {
    struct Row {
        const char* arn;
        bool ok;
        const char* region;
        const char* id;
        const char* type;
    };
    std::vector<Row> rows = {
        {"", false, "", "", ""},
        {"arn:minio:sqs:::", false, "", "", ""},
        {"arn:minio:sqs::1:webhook:remote", false, "", "", ""},
        {"arn:aws:sqs::1:webhook", false, "", "", ""},
        {"arn:minio:sns::1:webhook", false, "", "", ""},
        {"arn:minio:sqs::1:webhook", true, "", "1", "webhook"},
        {"arn:minio:sqs:us-east-1:1:webhook", true, "us-east-1", "1", "webhook"},
        // the issue's bad input: five fields
        {"arn:minio:sqs:1:kafka", false, "", "", ""},
        {"arn:minio:sqs::1:kafka", true, "", "1", "kafka"},
    };
    for (const auto& r : rows) {
        INFO(r.arn);
        if (r.ok) {
            Arn a = parse_arn(r.arn);
            CHECK(a.region == r.region);
            CHECK(a.id == r.id);
            CHECK(a.type == r.type);
        } else {
            CHECK_THROWS_WITH(parse_arn(r.arn),
                              Catch::Contains("A specified destination ARN does not exist or is "
                                              "not well-formed. Verify the destination ARN."));
        }
    }
}

TEST_CASE("rules: event names (internal/event/name_test.go TestParseName)", "[rules]") {
    CHECK(is_known_event_name("s3:ObjectAccessed:*"));
    CHECK(is_known_event_name("s3:ObjectCreated:*"));
    CHECK(is_known_event_name("s3:ObjectRemoved:*"));
    CHECK(is_known_event_name("s3:ObjectAccessed:Get"));
    CHECK(is_known_event_name("s3:ObjectCreated:Put"));
    CHECK(is_known_event_name("s3:ObjectRemoved:Delete"));
    CHECK(is_known_event_name("s3:Scanner:ManyVersions"));
    CHECK_FALSE(is_known_event_name(""));
    CHECK_FALSE(is_known_event_name("s3:Scanner:*"));
    CHECK_FALSE(is_known_event_name("s3:ObjectCreated"));
}

TEST_CASE("rules: --event expansion (mc cmd/client-s3.go AddNotificationConfig)", "[rules]") {
    using V = std::vector<std::string>;
    CHECK(expand_event_list("put") == V{"s3:ObjectCreated:*"});
    CHECK(expand_event_list("put,delete,get") ==
          V{"s3:ObjectCreated:*", "s3:ObjectRemoved:*", "s3:ObjectAccessed:*"});
    CHECK(expand_event_list("replica") == V{"s3:Replication:*"});
    CHECK(expand_event_list("ilm") == V{"s3:ObjectRestore:*", "s3:ObjectTransition:*"});
    CHECK(expand_event_list("scanner") == V{"s3:Scanner:ManyVersions", "s3:Scanner:BigPrefix"});
    CHECK(expand_event_list("s3:ObjectCreated:Put") == V{"s3:ObjectCreated:Put"});
    CHECK_THROWS_WITH(expand_event_list("put, delete"), Catch::Contains("no spaces"));
    CHECK_THROWS_WITH(expand_event_list("put,"), Catch::Contains("no spaces"));
    CHECK_THROWS_WITH(expand_event_list("puts"), Catch::Contains("did you mean put?"));
}

TEST_CASE("rules: MinIO's refusals (internal/event/config_test.go)", "[rules]") {
    QueueRule r;
    r.arn = "arn:minio:sqs::1:kafka";
    r.events = {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"};
    r.has_prefix = true;
    r.prefix = "photos/";
    NotificationConfig c;
    CHECK(add_rule(c, r, false).added);

    SECTION("identical rule") {
        CHECK_THROWS_WITH(add_rule(c, r, false),
                          Catch::StartsWith("An object key name filtering rule defined with "
                                            "overlapping prefixes"));
        CHECK_FALSE(add_rule(c, r, true).added);
        CHECK(c.queues.size() == 1);
        NotificationConfig twice{{r, r}};
        CHECK_THROWS_WITH(validate_config(twice), Catch::Contains("overlapping prefixes"));
    }
    SECTION("identical after region normalisation") {
        QueueRule with_region = r;
        with_region.arn = "arn:minio:sqs:us-east-1:1:kafka";
        CHECK_THROWS_AS(add_rule(c, with_region, false), Error);
    }
    SECTION("a different prefix is not a conflict for MinIO") {
        QueueRule other = r;
        other.prefix = "photos/2024/";
        CHECK(add_rule(c, other, false).added);
        CHECK_NOTHROW(validate_config(c));
    }
    SECTION("same event twice in one rule") {
        QueueRule dup = r;
        dup.events = {"s3:ObjectCreated:*", "s3:ObjectCreated:*"};
        CHECK_THROWS_WITH(add_rule(c, dup, false),
                          Catch::StartsWith("Configurations overlap. Configurations on the same "
                                            "bucket cannot share a common event type."));
        NotificationConfig bad{{dup}};
        CHECK_THROWS_WITH(validate_config(bad), Catch::Contains("duplicate event name"));
    }
    SECTION("a rule needs events") {
        QueueRule none = r;
        none.events.clear();
        CHECK_THROWS_AS(validate_config(NotificationConfig{{none}}), Error);
    }
}

TEST_CASE("rules: remove like mc event rm", "[rules]") {
    QueueRule a;
    a.arn = "arn:minio:sqs::1:kafka";
    a.events = {"s3:ObjectCreated:*"};
    QueueRule b = a;
    b.events = {"s3:ObjectRemoved:*"};
    QueueRule c = a;
    c.arn = "arn:minio:sqs::2:kafka";
    NotificationConfig cfg{{a, b, c}};
    RemoveFilter f;
    f.arn = "arn:minio:sqs::1:kafka";
    f.events = {"s3:ObjectRemoved:*"};
    CHECK(remove_rules(cfg, f) == 1);
    f.events.clear();
    CHECK(remove_rules(cfg, f) == 1);
    REQUIRE(cfg.queues.size() == 1);
    CHECK(cfg.queues[0].arn == "arn:minio:sqs::2:kafka");
    CHECK(
        rules_json(cfg).dump() ==
        R"({"rules":[{"id":"","arn":"arn:minio:sqs::2:kafka","events":["s3:ObjectCreated:*"],"prefix":"","suffix":""}]})");
}
