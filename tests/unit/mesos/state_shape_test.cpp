// Issue 14: master states recognised by the fields Mesos always writes (readonly_handler.cpp
// ReadOnlyHandler::state()/stateSummary(), master.proto GetState), other JSON refused with a
// description; duplicate agents; reservations whose type the state does not tell; ranges as
// [[b,e]] in every view; the --resources spelling of `fit --task`.
// Shared fixtures are read in place: $CORRAL_SHARED_DATA, else <source>/../shared/data.
#include "core/error.hpp"
#include "core/io.hpp"
#include "mesos/fit.hpp"
#include "mesos/state.hpp"
#include "mesos/state_shape.hpp"
#include "mesos/views.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace corral;
using namespace corral::mesos;

namespace {
std::string shared_data(const std::string& file) {
    const char* env = std::getenv("CORRAL_SHARED_DATA");
    std::string dir = env != nullptr && *env != '\0'
                          ? std::string(env)
                          : std::string(CORRAL_SOURCE_DIR) + "/../shared/data";
    return dir + "/" + file;
}
std::string own_data(const std::string& file) {
    return std::string(CORRAL_TEST_DATA) + "/realworld/" + file;
}
State load_path(const std::string& path) {
    InputFile in = read_input(path);
    return load_state(in.content, path);
}
std::string load_error(const std::string& text) {
    try {
        load_state(text, "f");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::input);
        return e.what();
    }
    FAIL("no error for " << text);
    return "";
}
} // namespace

TEST_CASE("every recorded master state is recognised, with its shape", "[mesos][shape]") {
    struct Row {
        const char* file;
        const char* shape;
    };
    for (Row row :
         {Row{"mesos/master-state-0.22-offers.json", "v0"},
          Row{"mesos/master-state-0.28-reserved-marathon.json", "v0"},
          Row{"mesos/master-state-summary-dcos-reserved.json", "v0-summary"},
          Row{"mesos/master-state-summary-1.7.1-datadog.json", "v0-summary"},
          Row{"mesos/v1-get-state-1.8.json", "v1"}, Row{"mesos/doc-v1-get-state.json", "v1"}}) {
        CAPTURE(row.file);
        CHECK(load_path(shared_data(row.file)).shape == row.shape);
    }
}

TEST_CASE("the fields each endpoint always writes decide the shape", "[mesos][shape]") {
    using Keys = std::set<std::string>;
    CHECK(v0_shape(Keys{"version", "pid", "hostname", "slaves", "frameworks"}) == "v0");
    CHECK(v0_shape(Keys{"hostname", "cluster", "slaves", "frameworks"}) == "v0-summary");
    // DC/OS overlay state, an agent's /state, half a state: none of them.
    CHECK(v0_shape(Keys{"network", "agents", "frameworks"}).empty());
    CHECK(v0_shape(Keys{"version", "pid", "frameworks", "completed_frameworks"}).empty());
    CHECK(v0_shape(Keys{"slaves", "frameworks"}).empty());
    CHECK(v0_shape(Keys{"pid", "hostname", "slaves", "frameworks"}).empty());
}

TEST_CASE("JSON that is not a master state is refused and described", "[mesos][shape]") {
    std::string overlay =
        load_error(read_input(own_data("dcos-overlay-master-state.json")).content);
    CHECK(overlay.find("not a Mesos master state: this looks like the DC/OS overlay network "
                       "state") != std::string::npos);
    CHECK(load_error(read_input(shared_data("mesos/doc-v1-get-roles.json")).content)
              .find("this looks like a v1 GET_ROLES response") != std::string::npos);
    CHECK(load_error(read_input(shared_data("mesos/master-roles-quota-dcosui.json")).content)
              .find("this looks like a roles document") != std::string::npos);
    CHECK(load_error(R"({"master/uptime_secs":12.5,"master/elected":1})")
              .find("this looks like GET /metrics/snapshot") != std::string::npos);
    CHECK(
        load_error(R"({"frameworks":[],"completed_frameworks":[],"pid":"slave(1)@10.0.0.2:5051"})")
            .find("this looks like an agent's GET /slave(1)/state") != std::string::npos);
    CHECK(load_error(R"({"slaves":[],"frameworks":[]})")
              .find("a JSON object with keys 'slaves', 'frameworks'") != std::string::npos);
    CHECK(load_error(R"({"name":"x","items":[1,2]})")
              .find("expected GET /master/state ('version', 'pid', 'slaves', 'frameworks')") !=
          std::string::npos);
}

TEST_CASE("a v0 state without frameworks has no offers, which is an answer", "[mesos][offers]") {
    State s = load_state(R"({"version":"1.9.0","pid":"master@10.0.0.1:5050","hostname":"m",
      "slaves":[{"id":"S0","hostname":"h","resources":{"cpus":4,"mem":100}}],"frameworks":[]})",
                         "inline");
    CHECK(s.offers_known);
    Report r = offers_view(s, Filters{});
    CHECK(r.data.dump() == R"({"offers":[]})");
    // A state-summary never carries offers: still "unknown", not "none".
    CHECK_FALSE(
        load_path(shared_data("mesos/master-state-summary-dcos-reserved.json")).offers_known);
}

TEST_CASE("an agent listed twice is counted once", "[mesos][duplicates]") {
    State once = load_path(shared_data("mesos/master-state-summary-dcos-reserved.json"));
    State twice = load_path(own_data("state-summary-duplicate-agent.json"));
    REQUIRE(twice.agents.size() == once.agents.size());
    ResourceSet a, b;
    for (const auto& x : once.agents) {
        a.add(x.total());
    }
    for (const auto& x : twice.agents) {
        b.add(x.total());
    }
    CHECK(a.scalar("cpus") == b.scalar("cpus"));
    CHECK(a.scalar("mem") == b.scalar("mem"));
    // v1: the same rule.
    std::string v1 = R"({"type":"GET_STATE","get_state":{"get_agents":{"agents":[
      {"agent_info":{"id":{"value":"S0"},"hostname":"h"},"total_resources":[
        {"name":"cpus","type":"SCALAR","scalar":{"value":2}}]},
      {"agent_info":{"id":{"value":"S0"},"hostname":"h"},"total_resources":[
        {"name":"cpus","type":"SCALAR","scalar":{"value":2}}]}]}}})";
    State s = load_state(v1, "v1");
    REQUIRE(s.agents.size() == 1);
    CHECK(s.agents[0].total().scalar("cpus") == 2000);
}

TEST_CASE("summary reservations are of unknown type, full ones are told apart",
          "[mesos][reservations]") {
    State summary = load_path(shared_data("mesos/master-state-0.28-reserved-marathon.json"));
    REQUIRE(summary.agents.size() == 1);
    CHECK_FALSE(summary.agents[0].reservation_types_known);
    Report r = agents_view(summary, Filters{});
    const Json& by_type = r.data["agents"][0]["reserved_by_type"]["marathon"];
    CHECK_FALSE(by_type.contains("static"));
    CHECK(by_type["unknown"]["cpus"].get<double>() == Approx(1.1));

    State v1 = load_path(shared_data("mesos/v1-get-state-1.8.json"));
    for (const auto& a : v1.agents) {
        CHECK(a.reservation_types_known);
    }
}

TEST_CASE("ranges are [[b,e],..] in every view, as in `mesos resources -o json`",
          "[mesos][ranges]") {
    State s = load_path(shared_data("mesos/master-state-0.28-reserved-marathon.json"));
    Report agents = agents_view(s, Filters{});
    const Json& a = agents.data["agents"][0];
    CHECK(a["total"]["ports"].is_array());
    CHECK(a["total"]["ports"][0].is_array());
    CHECK(a["unreserved"]["ports"].dump() == "[[31000,31902],[31904,32000]]");
    for (const auto& [role, set] : a["reserved"].items()) {
        for (const auto& [name, value] : set.items()) {
            CHECK_FALSE(value.is_string());
        }
    }
    Report roles = roles_view(s, Filters{});
    for (const auto& role : roles.data["roles"]) {
        for (const char* field : {"allocated", "offered", "reserved"}) {
            for (const auto& [name, value] : role[field].items()) {
                CAPTURE(name);
                CHECK_FALSE(value.is_string());
            }
        }
    }
    // Sets too, and the text form keeps Mesos' notation.
    ResourceSet set;
    Quantity q;
    q.type = ValueType::set;
    q.set = {"sdb", "sdc"};
    set.add("disks", q);
    CHECK(set.to_json()["disks"].dump() == R"(["sdb","sdc"])");
    CHECK(set.to_text() == "disks {sdb, sdc}");
    CHECK(a["total"].dump().find("\"[") == std::string::npos);
}

TEST_CASE("v0 attributes: ranges become arrays and still match constraints", "[mesos][ranges]") {
    CHECK(attribute_value_json("[1000-1500, 2000-2001]").dump() == "[[1000,1500],[2000,2001]]");
    CHECK(attribute_value_json("r1").dump() == R"("r1")");
    CHECK(attribute_value_json(10).dump() == "10");
    CHECK(attribute_value_text(attribute_value_json("[1000-1500]")) == "[1000-1500]");
    CHECK(attribute_value_text(Json(2.5)) == "2.5");
}

TEST_CASE("fit --task takes name=value and the --resources spelling", "[mesos][fit]") {
    struct Row {
        const char* text;
        long long cpus;
        long long mem;
        std::uint64_t ports;
    };
    for (Row row :
         {Row{"cpus=2,mem=2048", 2000, 2048000, 0}, Row{"cpus:2;mem:2048", 2000, 2048000, 0},
          Row{"cpus:2;mem:2048;", 2000, 2048000, 0},
          Row{"cpus:0.5,mem:128,ports:2", 500, 128000, 2},
          Row{" cpus = 1 ; mem = 64 ", 1000, 64000, 0}}) {
        CAPTURE(row.text);
        FitRequest r;
        parse_task(row.text, r);
        CHECK(r.scalars["cpus"] == row.cpus);
        CHECK(r.scalars["mem"] == row.mem);
        CHECK(r.ports == row.ports);
    }
    for (const char* bad : {"cpus", "cpus=abc", "cpus(web):1", ";", "ports:[31000-31001]"}) {
        CAPTURE(bad);
        FitRequest r;
        try {
            parse_task(bad, r);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
            CHECK(std::string(e.what()).find("e.g. --task cpus=1,mem=128,ports=2 or "
                                             "'cpus:1;mem:128'") != std::string::npos);
        }
    }
}
