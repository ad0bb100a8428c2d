// Issue 15: Ctrl-C during `notify verify` is exit 130 and still removes the probe object, whether
// it arrives during the S3 PUT or while waiting for the event.
#include "notify/verify.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::notify;

namespace {

struct Store : VerifyStore {
    bool interrupt_put = false;
    std::vector<std::string> calls;
    std::string check_bucket(const std::string&) override { return ""; }
    std::string put(const std::string& b, const std::string& k, const std::string&) override {
        calls.push_back("put " + b + "/" + k);
        if (interrupt_put) {
            throw Error(ErrorKind::interrupted, "PUT http://fake/photos/k: interrupted");
        }
        return "etag";
    }
    void remove(const std::string& b, const std::string& k) override {
        calls.push_back("delete " + b + "/" + k);
    }
    std::string describe() const override { return "http://fake"; }
};

struct Events : VerifyEvents {
    bool interrupt_wait = false;
    std::size_t arm() override { return 1; }
    EventWaitResult wait_for(const std::string&, const std::string&, const std::string&,
                             double) override {
        if (interrupt_wait) {
            throw Error(ErrorKind::interrupted, "interrupted while waiting for the event");
        }
        EventWaitResult r;
        r.found = true;
        return r;
    }
};

VerifyOptions opts() {
    VerifyOptions o;
    o.bucket = "photos";
    o.topic = "t";
    o.key = "k";
    return o;
}

} // namespace

TEST_CASE("verify: interrupted while waiting for the event removes the object, exit 130",
          "[verify]") {
    Store store;
    Events events;
    events.interrupt_wait = true;
    VerifyReport r = run_verify(store, events, opts());
    CHECK_FALSE(r.passed);
    CHECK(r.interrupted);
    CHECK(r.failed_hop == "event-put");
    CHECK(store.calls == std::vector<std::string>{"put photos/k", "delete photos/k"});
    CHECK(r.hops.back().name == "delete"); // no event-delete wait after the interrupt
    Error e = verify_error(r);
    CHECK(e.exit_code() == 130);
    CHECK(std::string(e.what()) == "verify interrupted at event-put; the probe object was removed");
}

TEST_CASE("verify: an interrupted PUT is cleaned up too", "[verify]") {
    Store store;
    store.interrupt_put = true;
    Events events;
    VerifyReport r = run_verify(store, events, opts());
    CHECK(r.interrupted);
    CHECK(r.failed_hop == "put");
    CHECK(store.calls == std::vector<std::string>{"put photos/k", "delete photos/k"});
    CHECK(verify_error(r).exit_code() == 130);
}
