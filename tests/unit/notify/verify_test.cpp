// Hop sequencing of `notify verify` (lib/notify/verify.cpp) over fake S3 and Kafka sides.
#include "notify/verify.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace corral;
using namespace corral::notify;

namespace {

struct FakeStore : VerifyStore {
    bool bucket_missing = false;
    bool unreachable = false;
    bool put_fails = false;
    bool delete_fails = false;
    std::vector<std::string> calls;
    std::string check_bucket(const std::string& bucket) override {
        calls.push_back("head " + bucket);
        if (unreachable) {
            throw Error::remote("HEAD http://127.0.0.1:1/photos: connection refused");
        }
        return bucket_missing ? "bucket " + bucket + " does not exist" : "";
    }
    std::string put(const std::string& bucket, const std::string& key,
                    const std::string&) override {
        calls.push_back("put " + bucket + "/" + key);
        if (put_fails) {
            throw Error::remote("PUT: AccessDenied: Access Denied. (HTTP 403)");
        }
        return "abc";
    }
    void remove(const std::string& bucket, const std::string& key) override {
        calls.push_back("delete " + bucket + "/" + key);
        if (delete_fails) {
            throw Error::remote("DELETE: AccessDenied: Access Denied. (HTTP 403)");
        }
    }
    std::string describe() const override { return "http://fake"; }
};

struct FakeEvents : VerifyEvents {
    bool unreachable = false;
    bool created = true;
    bool removed = true;
    std::vector<std::string>* calls = nullptr;
    std::size_t arm() override {
        calls->push_back("arm");
        if (unreachable) {
            throw Error::remote("brokers 127.0.0.1:1 unreachable");
        }
        return 3;
    }
    EventWaitResult wait_for(const std::string&, const std::string&, const std::string& pattern,
                             double) override {
        calls->push_back("wait " + pattern);
        EventWaitResult r;
        r.messages_seen = 12;
        r.found = pattern == "s3:ObjectCreated:*" ? created : removed;
        if (r.found) {
            r.event.event = pattern == "s3:ObjectCreated:*" ? "s3:ObjectCreated:Put"
                                                            : "s3:ObjectRemoved:Delete";
            r.partition = 1;
            r.offset = 7;
        }
        return r;
    }
};

VerifyOptions options(bool skip = false) {
    VerifyOptions o;
    o.bucket = "photos";
    o.topic = "minio-events";
    o.key = ".corral-verify/h-1-2";
    o.timeout_seconds = 30;
    o.skip_delete_event = skip;
    return o;
}

std::vector<std::string> names(const VerifyReport& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hops) {
        out.push_back(h.name + (h.ok ? "" : "!"));
    }
    return out;
}

} // namespace

TEST_CASE("verify: all hops pass in order") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    VerifyReport r = run_verify(s, e, options());
    CHECK(r.passed);
    CHECK(names(r) ==
          std::vector<std::string>{"connect", "put", "event-put", "delete", "event-delete"});
    // Armed before the PUT, so the event cannot be missed.
    CHECK(s.calls ==
          std::vector<std::string>{"head photos", "arm", "put photos/.corral-verify/h-1-2",
                                   "wait s3:ObjectCreated:*", "delete photos/.corral-verify/h-1-2",
                                   "wait s3:ObjectRemoved:*"});
    Json j = verify_to_json(r);
    CHECK(j["passed"] == true);
    CHECK(j["hops"].size() == 5);
    CHECK(j["hops"][2]["detail"] ==
          "s3:ObjectCreated:Put at partition 1, offset 7 (12 messages checked)");
    CHECK(verify_to_text(r).find("verify passed: photos -> minio-events (5 hops ok") !=
          std::string::npos);
}

TEST_CASE("verify: missing put event fails event-put, the object is still deleted") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    e.created = false;
    VerifyReport r = run_verify(s, e, options());
    CHECK_FALSE(r.passed);
    CHECK(names(r) == std::vector<std::string>{"connect", "put", "event-put!", "delete"});
    CHECK(r.failed_hop == "event-put");
    CHECK(s.calls.back() == "delete photos/.corral-verify/h-1-2");
    Error err = verify_error(r);
    CHECK(err.exit_code() == 1);
    CHECK(err.message() ==
          "verify failed at event-put: no s3:ObjectCreated event for "
          "photos/.corral-verify/h-1-2 on topic minio-events within 30 s (checked 12 messages)");
}

TEST_CASE("verify: missing delete event fails event-delete") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    e.removed = false;
    VerifyReport r = run_verify(s, e, options());
    CHECK(names(r) ==
          std::vector<std::string>{"connect", "put", "event-put", "delete", "event-delete!"});
    CHECK(verify_error(r).exit_code() == 1);
}

TEST_CASE("verify: --skip-delete-event stops after the delete") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    e.removed = false;
    VerifyReport r = run_verify(s, e, options(true));
    CHECK(r.passed);
    CHECK(names(r) == std::vector<std::string>{"connect", "put", "event-put", "delete"});
}

TEST_CASE("verify: unreachable endpoint or brokers at connect exit 4") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    SECTION("S3") {
        s.unreachable = true;
    }
    SECTION("Kafka") {
        e.unreachable = true;
    }
    VerifyReport r = run_verify(s, e, options());
    CHECK(names(r) == std::vector<std::string>{"connect!"});
    CHECK(r.unreachable);
    CHECK(verify_error(r).exit_code() == 4);
    for (const auto& c : s.calls) {
        CHECK(c.rfind("put", 0) != 0);
    }
}

TEST_CASE("verify: missing bucket is a failed check at connect (exit 1)") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    s.bucket_missing = true;
    VerifyReport r = run_verify(s, e, options());
    CHECK(names(r) == std::vector<std::string>{"connect!"});
    CHECK(verify_error(r).exit_code() == 1);
    CHECK(s.calls == std::vector<std::string>{"head photos"});
}

TEST_CASE("verify: failed put skips the event and the delete") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    s.put_fails = true;
    VerifyReport r = run_verify(s, e, options());
    CHECK(names(r) == std::vector<std::string>{"connect", "put!"});
    CHECK(verify_error(r).exit_code() == 1);
}

TEST_CASE("verify: failed delete after a good event names delete") {
    FakeStore s;
    FakeEvents e;
    e.calls = &s.calls;
    s.delete_fails = true;
    VerifyReport r = run_verify(s, e, options());
    CHECK(names(r) == std::vector<std::string>{"connect", "put", "event-put", "delete!"});
    CHECK(r.failed_hop == "delete");
}

TEST_CASE("verify: probe key") {
    std::string k = make_probe_key(".corral-verify");
    CHECK(k.rfind(".corral-verify/", 0) == 0);
    CHECK(k.find('/', 15) == std::string::npos);
    CHECK(make_probe_key("x/").rfind("x/", 0) == 0);
}
