// `notify watch` flags as a request: checks, defaults, and the topic pre-flight against a fake
// admin client (the pre-flight used to live in commands/notify_kafka.cpp).
#include "core/error.hpp"
#include "notify/kafka/watch_request.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::notify;

namespace {

class FakeAdmin : public KafkaAdmin {
public:
    ClusterMetadata md;
    int metadata_calls = 0;
    ClusterMetadata metadata() override {
        ++metadata_calls;
        return md;
    }
    void create_topic(const std::string&, int, int,
                      const std::map<std::string, std::string>&) override {
        FAIL("pre-flight must not create topics");
    }
    std::pair<std::int64_t, std::int64_t> watermarks(const std::string&, std::int32_t) override {
        return {0, 0};
    }
};

ErrorKind kind_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::ok;
}

} // namespace

TEST_CASE("watch pre-flight: partitions from the full metadata list", "[notify][watch]") {
    FakeAdmin admin;
    TopicInfo other{"other", {{0, 1, {}, {}, ""}}, ""};
    TopicInfo events{"minio-events", {{0, 1, {}, {}, ""}, {1, 2, {}, {}, ""}}, ""};
    admin.md.topics = {other, events};
    using Partitions = std::vector<std::pair<std::int32_t, std::int64_t>>;
    CHECK(watch_preflight(admin, "minio-events", "k:9092", false) == Partitions{{0, -1}, {1, -1}});
    CHECK(watch_preflight(admin, "minio-events", "k:9092", true) == Partitions{{0, -2}, {1, -2}});
    try {
        watch_preflight(admin, "missing", "k1:9092", false);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::remote);
        CHECK(std::string(e.what()) == "topic 'missing' does not exist on k1:9092 (create it with "
                                       "'corral notify topic create')");
    }
    CHECK(admin.metadata_calls == 3);
}

TEST_CASE("watch request: options and usage errors", "[notify][watch]") {
    WatchRequest r;
    r.events = {"put"};
    r.prefix = "photos/";
    r.max_events = 3;
    WatchOptions o = watch_options(r, true);
    CHECK(o.jsonl);
    CHECK(o.max_events == 3);
    CHECK_FALSE(o.offline);
    CHECK(o.filter.prefix == "photos/");

    CHECK(consumer_options(r, "t").group == "corral-notify-t");
    r.group = "thumbs";
    CHECK(consumer_options(r, "t").group == "thumbs");
    r.no_group = true;
    CHECK(kind_of([&] { consumer_options(r, "t"); }) == ErrorKind::usage);
    r.group.clear();
    CHECK(consumer_options(r, "t").group.empty());
    r.session_timeout = 0.5;
    CHECK(kind_of([&] { consumer_options(r, "t"); }) == ErrorKind::usage);

    WatchRequest files;
    files.from_files = {"event.json"};
    CHECK(watch_options(files, false).offline);
    files.kafka.brokers = "k:9092";
    CHECK(kind_of([&] { watch_options(files, false); }) == ErrorKind::usage);
    WatchRequest negative;
    negative.idle_timeout = -1;
    CHECK(kind_of([&] { watch_options(negative, false); }) == ErrorKind::usage);
    WatchRequest bad_on_error;
    bad_on_error.on_error = "ignore";
    CHECK(kind_of([&] { watch_options(bad_on_error, false); }) == ErrorKind::usage);
}

TEST_CASE("the fetch queue is sized from the partitions and the mode", "[notify][watch]") {
    CHECK(watch_queue_kbytes(1, false) == 2048);
    CHECK(watch_queue_kbytes(32, false) == 2048);
    CHECK(watch_queue_kbytes(64, false) == 4096);
    CHECK(watch_queue_kbytes(256, false) == 16384);
    CHECK(watch_queue_kbytes(10000, false) == 16384);
    CHECK(watch_queue_kbytes(64, true) == 1024);
    CHECK(watch_queue_kbytes(1, true) == 1024);
}
