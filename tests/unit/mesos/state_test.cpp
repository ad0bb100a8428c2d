// State loading (v0, state-summary, v1) and DRF on the recorded 0.22 state with shares computed
// by hand from the file (research §3.1): cluster totals cpus 240, mem 1540374, disk 44661780.
#include "core/error.hpp"
#include "core/io.hpp"
#include "mesos/state.hpp"
#include "mesos/views.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::mesos;

namespace {
State load(const std::string& file) {
    InputFile in = read_input(std::string(CORRAL_TEST_DATA) + "/mesos/" + file);
    return load_state(in.content, file);
}
const Framework& by_name(const State& s, const std::string& name) {
    for (const auto& f : s.frameworks) {
        if (f.name == name) {
            return f;
        }
    }
    FAIL("no framework " << name);
    throw;
}
} // namespace

TEST_CASE("DRF on the recorded 0.22 state", "[mesos][drf]") {
    State s = load("master-state-0.22-offers.json");
    REQUIRE(s.agents.size() == 6);
    REQUIRE(s.frameworks.size() == 5);
    ResourceSet totals = cluster_totals(s);
    CHECK(totals.scalar("cpus") == 240000);
    CHECK(totals.scalar("mem") == 1540374000);
    CHECK(totals.scalar("disk") == 44661780000);

    struct Row {
        const char* framework;
        const char* dominant;
        double share; // hand-computed: (used + offered) / total
    };
    for (Row row : {
             Row{"Storm!!!", "mem", 425289.0 / 1540374.0}, // 0.276095; cpus 62.9/240 = 0.262
             Row{"marathon", "cpus", 88.51 / 240.0},       // 0.368792; mem 0.219
             Row{"chronos-2.3.1_mesos-0.20.1-SNAPSHOT", "cpus", 2.0 / 240}, // 0.008333; mem 0.00066
             Row{"hdfs", "cpus", 0.9 / 240},                                // 0.00375; mem 0.00224
         }) {
        CAPTURE(row.framework);
        const Framework& f = by_name(s, row.framework);
        ResourceSet allocation = f.used();
        allocation.add(f.offered());
        Share share = dominant_share(allocation, totals);
        CHECK(share.resource == row.dominant);
        CHECK(share.value == Approx(row.share).epsilon(1e-9));
    }
    // dispatch holds 1.18e-12 cpus of float drift: zero in fixed point, no dominant resource.
    const Framework& dispatch = by_name(s, "dispatch-0.0.1");
    ResourceSet d = dispatch.used();
    d.add(dispatch.offered());
    CHECK(dominant_share(d, totals).resource.empty());

    // Every framework is in role "*": its allocation is the sum, cpus 154.31 of 240 dominates
    // (mem 767837 / 1540374 = 0.498).
    auto roles = role_rows(s);
    REQUIRE(roles.size() == 1);
    CHECK(roles[0].name == "*");
    CHECK(roles[0].share.resource == "cpus");
    CHECK(roles[0].share.value == Approx(154.31 / 240).epsilon(1e-9));
}

TEST_CASE("float drift is rounded to Mesos' three decimals", "[mesos][state]") {
    State s = load("master-state-0.22-offers.json");
    const Framework& storm = by_name(s, "Storm!!!");
    CHECK(storm.offered().scalar("cpus") == 8400); // 8.40000000000185
    CHECK(storm.offered().to_json()["cpus"].dump() == "8.4");
    REQUIRE(s.offers.size() == 1);
    CHECK(s.offers[0].resources.to_json()["cpus"].dump() == "8.4"); // 8.39999999999847
    CHECK(s.offers[0].hostname == "srv2.hw.ca1.mesosphere.com");
}

TEST_CASE("weights divide the role share; hierarchy sums subtrees", "[mesos][drf]") {
    std::string text =
        R"({"version":"1.9.0","pid":"master@10.0.0.1:5050","hostname":"m",
      "slaves":[{"id":"S0","hostname":"h","resources":{"cpus":10,"mem":1000}}],
      "frameworks":[
        {"id":"F1","name":"a","role":"eng/dev","used_resources":{"cpus":2,"mem":100},"offered_resources":{},"tasks":[],"offers":[]},
        {"id":"F2","name":"b","role":"eng/ops","used_resources":{"cpus":1,"mem":400},"offered_resources":{},"tasks":[],"offers":[]},
        {"id":"F3","name":"c","role":"ads","used_resources":{"cpus":4,"mem":100},"offered_resources":{},"tasks":[],"offers":[]}]})";
    State s = load_state(text, "inline");
    s.weights["ads"] = 2;
    auto rows = role_rows(s);
    std::vector<std::string> order;
    for (const auto& r : rows) {
        order.push_back(r.name);
    }
    // ads: cpus 0.4 / weight 2 = 0.2; eng: cpus 0.3, mem 0.5 -> 0.5. Within eng: dev 0.2 < ops 0.4.
    CHECK(order == std::vector<std::string>{"ads", "eng", "eng/dev", "eng/ops"});
    CHECK(rows[0].share.value == Approx(0.2));
    CHECK(rows[1].share.value == Approx(0.5));
    CHECK(rows[1].share.resource == "mem");
    CHECK(rows[1].allocated.scalar("cpus") == 3000);
}

TEST_CASE("reservations, unreserved and free from a 0.28 state", "[mesos][state]") {
    State s = load("master-state-0.28-reserved-marathon.json");
    REQUIRE(s.agents.size() == 1);
    const Agent& a = s.agents[0];
    CHECK(a.reserved("marathon").scalar("cpus") == 1100);
    CHECK(a.reserved("*").scalar("cpus") == 6900);
    CHECK(a.total().scalar("cpus") == 8000);
    // used cpus 1 and port 31903 are charged to the marathon reservation first.
    CHECK(a.free_by_role("marathon").scalar("cpus") == 100);
    CHECK(a.free_by_role("marathon").count("ports") == 0);
    CHECK(a.free().scalar("cpus") == 7000);
}

TEST_CASE("v1 GET_STATE", "[mesos][state]") {
    State s = load("v1-get-state-1.8.json");
    CHECK(s.shape == "v1");
    REQUIRE(s.agents.size() == 1);
    CHECK(s.agents[0].hostname == "172.17.0.3");
    CHECK(s.agents[0].used().scalar("cpus") == 100);
    const Framework& m = by_name(s, "marathon");
    CHECK(m.used().scalar("mem") == 128000);
}

TEST_CASE("roles, weights and quota documents", "[mesos][state]") {
    State s = load("master-state-0.28-reserved-marathon.json");
    for (const char* file : {"doc-master-roles-quota.json", "doc-master-weights.json",
                             "constructed-v1-get-quota-per-proto.json", "doc-v1-get-roles.json"}) {
        InputFile in = read_input(std::string(CORRAL_TEST_DATA) + "/mesos/" + file);
        merge_roles(s, in.content, file);
    }
    CHECK(s.weights["role1"] == 2.5); // GET_ROLES came last
    CHECK(s.weights["role2"] == 3.5);
    REQUIRE(s.quotas["dev"].limit);
    CHECK(s.quotas["dev"].limit->scalar("cpus") == 2000); // GET_QUOTA configs.limits
    REQUIRE(s.quotas["dev"].consumed);
    CHECK(s.quotas["dev"].consumed->scalar("mem") == 1024000);
    // marathon has no quota document: consumed = its reservations (allocated or not).
    auto rows = role_rows(s);
    auto it = std::find_if(rows.begin(), rows.end(),
                           [](const RoleRow& r) { return r.name == "marathon"; });
    REQUIRE(it != rows.end());
    CHECK(it->consumed.scalar("cpus") == 1100);
}

TEST_CASE("bad state documents are input errors", "[mesos][state]") {
    struct Row {
        const char* text;
        const char* message;
    };
    for (Row row : {
             Row{"<html><body>Sign in</body></html>", "f:1:1: got HTML, not JSON"},
             Row{R"({"slaves": [{"id": "S0")", "f:1:24: invalid JSON: truncated JSON"},
             Row{"", "f: empty document"},
             Row{"[1,2]", "f: expected a JSON object"},
             Row{R"({"type":"GET_HEALTH","get_health":{"healthy":true}})",
                 "f: not a Mesos master state"},
             Row{R"({"slaves":[{"id":"S0","resources":{"ports":"[5-"}}]})",
                 "f: slaves[0].resources.ports: Mismatched brackets"},
             // Skipped subtrees are scanned: nesting, strings and characters are still checked.
             Row{R"({"slaves":[],"completed_frameworks":[{"a":[1}]})",
                 "f:1:45: invalid JSON: unexpected '}'"},
             Row{R"({"slaves":[],"completed_frameworks":[{"a":"b)", "f:1:"},
             Row{"{\"slaves\":[],\"completed_frameworks\":[{\"a\":\x01}]}",
                 "f:1:43: invalid JSON: unexpected character 0x01"},
             Row{R"({"slaves":[],"completed_frameworks":[<b>]})",
                 "f:1:38: invalid JSON: unexpected character '<'"},
         }) {
        CAPTURE(row.text);
        try {
            load_state(row.text, "f");
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::input);
            CHECK(std::string(e.what()).rfind(row.message, 0) == 0);
        }
    }
}
