// The watch loop's offset handling (lib/notify/kafka/watch.hpp) against a fake consumer: an offset
// is stored only once its message is done (at-least-once), per --on-error.
#include "notify/kafka/watch.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <unistd.h>

using namespace corral::notify;

namespace {

std::string event_json(const std::string& key) {
    return R"({"EventName":"s3:ObjectCreated:Put","Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":")" +
           key + R"(","size":1}}}]})";
}

class FakeConsumer final : public KafkaConsumer {
public:
    std::vector<std::string> values;
    std::vector<std::int64_t> stored;
    int commits = 0;
    bool closed = false;

    void subscribe(const std::vector<std::string>&) override {}
    void assign(const std::string&,
                const std::vector<std::pair<std::int32_t, std::int64_t>>&) override {}
    void poll(std::vector<KafkaMessage>& out, std::size_t max, int) override {
        out.clear();
        while (out.size() < max && next < values.size()) {
            KafkaMessage m;
            m.topic = "t";
            m.partition = 0;
            m.offset = static_cast<std::int64_t>(next);
            m.value = values[next];
            out.push_back(m);
            ++next;
        }
    }
    void store(std::string_view, std::int32_t, std::int64_t offset) override {
        stored.push_back(offset);
    }
    void commit(bool) override { ++commits; }
    std::size_t assignment_size() override { return 1; }
    void close() override { closed = true; }

    std::size_t next = 0;
};

WatchOptions offline_exec(const std::string& cmd, OnError on_error) {
    // corral ignores SIGPIPE (cli/main.cpp); a hook that does not read its stdin must not kill
    // the test runner either.
    std::signal(SIGPIPE, SIG_IGN);
    WatchOptions o;
    o.exec = cmd;
    o.on_error = on_error;
    o.offline = true; // ends at the end of the fake's messages
    o.retry_initial_seconds = 0.01;
    return o;
}

} // namespace

TEST_CASE("offsets are stored after each successful hook", "[notify][watch]") {
    FakeConsumer c;
    c.values = {event_json("a"), event_json("b")};
    WatchStats stats;
    int rc = run_watch(c, offline_exec("cat >/dev/null", OnError::stop), stats);
    CHECK(rc == 0);
    CHECK(c.stored == std::vector<std::int64_t>{0, 1});
    CHECK(stats.handled == 2);
    CHECK(c.closed);
}

TEST_CASE("undecodable messages: skipped and stored, or stop without storing", "[notify][watch]") {
    FakeConsumer skip;
    skip.values = {event_json("a"), "garbage", event_json("c")};
    WatchStats s1;
    CHECK(run_watch(skip, offline_exec("true", OnError::skip), s1) == 0);
    CHECK(skip.stored == std::vector<std::int64_t>{0, 1, 2});
    CHECK(s1.bad_messages == 1);

    FakeConsumer stop;
    stop.values = {event_json("a"), "{\"Records\":[", event_json("c")};
    WatchStats s2;
    CHECK(run_watch(stop, offline_exec("true", OnError::stop), s2) == 3);
    CHECK(stop.stored == std::vector<std::int64_t>{0});
    CHECK(stop.closed);
}

TEST_CASE("failed hooks: stop keeps the offset, skip moves on, retry runs again",
          "[notify][watch]") {
    FakeConsumer stop;
    stop.values = {event_json("ok"), event_json("bad"), event_json("later")};
    WatchStats s1;
    CHECK(run_watch(stop, offline_exec("test \"$CORRAL_KEY\" != bad", OnError::stop), s1) == 1);
    CHECK(stop.stored == std::vector<std::int64_t>{0});

    FakeConsumer skip;
    skip.values = stop.values;
    WatchStats s2;
    CHECK(run_watch(skip, offline_exec("test \"$CORRAL_KEY\" != bad", OnError::skip), s2) == 0);
    CHECK(skip.stored == std::vector<std::int64_t>{0, 1, 2});
    CHECK(s2.handled == 2);
    CHECK(s2.hook_failures == 1);

    // Fails twice, then succeeds: a counter file in $TMPDIR.
    std::string counter = "/tmp/corral-watch-retry-" + std::to_string(::getpid());
    std::remove(counter.c_str());
    FakeConsumer retry;
    retry.values = {event_json("x")};
    WatchStats s3;
    std::string cmd = "n=$(cat " + counter + " 2>/dev/null || echo 0); echo $((n+1)) > " + counter +
                      "; [ $n -ge 2 ]";
    CHECK(run_watch(retry, offline_exec(cmd, OnError::retry), s3) == 0);
    CHECK(s3.hook_failures == 2);
    CHECK(retry.stored == std::vector<std::int64_t>{0});
    std::remove(counter.c_str());
}

TEST_CASE("max-events stops before storing what it did not handle", "[notify][watch]") {
    FakeConsumer c;
    c.values = {event_json("a"), event_json("b"), event_json("c")};
    WatchOptions o = offline_exec("true", OnError::stop);
    o.max_events = 2;
    WatchStats stats;
    CHECK(run_watch(c, o, stats) == 0);
    CHECK(c.stored == std::vector<std::int64_t>{0, 1});
    CHECK(stats.handled == 2);
}

TEST_CASE("filtered events are committed past", "[notify][watch]") {
    FakeConsumer c;
    c.values = {event_json("a"), event_json("skip-me")};
    WatchOptions o = offline_exec("true", OnError::stop);
    o.filter.prefix = "a";
    WatchStats stats;
    CHECK(run_watch(c, o, stats) == 0);
    CHECK(c.stored == std::vector<std::int64_t>{0, 1});
    CHECK(stats.filtered == 1);
}

TEST_CASE("hook environment", "[notify][watch]") {
    MinioEvent e;
    e.event = "s3:ObjectRemoved:Delete";
    e.bucket = "b";
    e.key = "k y";
    KafkaMessage m;
    m.topic = "t";
    m.partition = 3;
    m.offset = 42;
    auto env = hook_environment(e, m);
    CHECK(env["CORRAL_SIZE"] == "");
    CHECK(env["CORRAL_KEY"] == "k y");
    CHECK(env["CORRAL_PARTITION"] == "3");
    CHECK(env["CORRAL_OFFSET"] == "42");
    CHECK(env.count("CORRAL_KAFKA_SASL_PASSWORD") == 0);
}

namespace {

// Runs the loop in print mode with stdout redirected to a file; returns the printed text.
std::string run_printing(FakeConsumer& c, const WatchOptions& o, WatchStats& stats, int& rc) {
    std::string path = "/tmp/corral-watch-out-" + std::to_string(::getpid());
    std::fflush(stdout);
    int saved = ::dup(STDOUT_FILENO);
    FILE* f = std::fopen(path.c_str(), "w+");
    REQUIRE(f != nullptr);
    ::dup2(::fileno(f), STDOUT_FILENO);
    rc = run_watch(c, o, stats);
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    std::string text;
    std::rewind(f);
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        text.append(buf, n);
    }
    std::fclose(f);
    std::remove(path.c_str());
    return text;
}

std::string expected_lines(std::size_t count, std::size_t missing) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i == missing) {
            continue;
        }
        std::vector<MinioEvent> events = decode_events(event_json("k" + std::to_string(i)));
        append_event_jsonl(out, events.front());
    }
    return out;
}

} // namespace

// Batches of 64 or more messages are decoded in two halves (the second on a worker thread):
// output, stores and --on-error handling must stay in message order.
TEST_CASE("large batches: output and stores in message order", "[notify][watch]") {
    const std::size_t count = 300;
    const std::size_t bad = 250; // in the second half of the first batch
    FakeConsumer skip;
    for (std::size_t i = 0; i < count; ++i) {
        skip.values.push_back(i == bad ? "{\"Records\":[" : event_json("k" + std::to_string(i)));
    }
    WatchOptions o;
    o.offline = true;
    o.batch = 1000;
    o.on_error = OnError::skip;
    WatchStats s1;
    int rc = -1;
    std::string text = run_printing(skip, o, s1, rc);
    CHECK(rc == 0);
    CHECK(text == expected_lines(count, bad));
    REQUIRE(skip.stored.size() == count);
    for (std::size_t i = 0; i < count; ++i) {
        CHECK(skip.stored[i] == static_cast<std::int64_t>(i));
    }
    CHECK(s1.bad_messages == 1);
    CHECK(s1.handled == count - 1);

    FakeConsumer stop;
    stop.values = skip.values;
    o.on_error = OnError::stop;
    WatchStats s2;
    text = run_printing(stop, o, s2, rc);
    CHECK(rc == 3);
    CHECK(text == expected_lines(bad, count));
    CHECK(stop.stored.size() == bad);
    CHECK(s2.handled == bad);

    FakeConsumer max;
    max.values = skip.values;
    o.on_error = OnError::skip;
    o.max_events = 100;
    WatchStats s3;
    text = run_printing(max, o, s3, rc);
    CHECK(rc == 0);
    CHECK(text == expected_lines(100, count));
    CHECK(max.stored.size() == 100);
}

namespace {

// A consumer whose brokers go down and come back on a schedule of poll() calls.
class OutageConsumer final : public KafkaConsumer {
public:
    std::vector<bool> down_at_poll; // brokers_down() after the n-th poll (last value sticks)
    std::size_t polls = 0;
    bool closed = false;

    void subscribe(const std::vector<std::string>&) override {}
    void assign(const std::string&,
                const std::vector<std::pair<std::int32_t, std::int64_t>>&) override {}
    void poll(std::vector<KafkaMessage>& out, std::size_t, int timeout_ms) override {
        out.clear();
        ++polls;
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
    }
    void store(std::string_view, std::int32_t, std::int64_t) override {}
    void commit(bool) override {}
    std::size_t assignment_size() override { return 1; }
    void close() override { closed = true; }
    bool brokers_down() override {
        if (down_at_poll.empty()) {
            return false;
        }
        return down_at_poll[std::min(polls, down_at_poll.size()) - 1];
    }
};

std::vector<std::string> g_lines;
void capture(std::string_view prefix, std::string_view message, bool) {
    g_lines.push_back(std::string(prefix) + std::string(message));
}

} // namespace

TEST_CASE("all brokers down: warned once, back once, --broker-timeout gives up (issue 15)",
          "[notify][watch]") {
    g_lines.clear();
    auto previous = corral::log::set_sink(capture);
    WatchOptions o;
    o.brokers = "k1:9092,k2:9092";
    o.poll_timeout_ms = 10;
    OutageConsumer c;
    WatchStats stats;
    SECTION("down, back, down again: one warning per change; no timeout keeps waiting") {
        c.down_at_poll = {false, true, true, true, false, false, true, true, false};
        o.idle_exit_seconds = 0.3; // ends the run (idle time counts while assigned)
        CHECK(run_watch(c, o, stats) == 0);
        CHECK(g_lines ==
              std::vector<std::string>{"warning: kafka: all brokers down (k1:9092,k2:9092)",
                                       "warning: kafka: broker back (k1:9092,k2:9092)",
                                       "warning: kafka: all brokers down (k1:9092,k2:9092)",
                                       "warning: kafka: broker back (k1:9092,k2:9092)"});
    }
    SECTION("down for longer than --broker-timeout: Error::remote (exit 4) naming the brokers") {
        c.down_at_poll = {false, true};
        o.broker_timeout_seconds = 0.2;
        auto start = std::chrono::steady_clock::now();
        try {
            run_watch(c, o, stats);
            FAIL("no error");
        } catch (const corral::Error& e) {
            CHECK(e.exit_code() == 4);
            CHECK(std::string(e.what()) == "kafka: no broker up for 0.2 s (k1:9092,k2:9092): "
                                           "giving up (--broker-timeout)");
        }
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(s >= 0.2);
        CHECK(s < 2);
        CHECK(g_lines.size() == 1);
    }
    SECTION("a broker back before the timeout resets it") {
        // 10 ms polls: down 50 ms, up, down 50 ms, up, ... the timeout (10 times as long) never
        // runs out, even on a loaded machine.
        for (int i = 0; i < 4; ++i) {
            c.down_at_poll.insert(c.down_at_poll.end(), 5, true);
            c.down_at_poll.push_back(false);
        }
        o.broker_timeout_seconds = 0.5;
        o.idle_exit_seconds = 0.6;
        CHECK(run_watch(c, o, stats) == 0);
        CHECK(g_lines.size() == 8);
    }
    corral::log::set_sink(previous);
}
