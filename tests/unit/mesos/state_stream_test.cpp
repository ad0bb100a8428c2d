// The streaming v0 reader's shortcuts (issue 16) change no answer: strings found eight bytes at a
// time end where byte-at-a-time scanning ends them, objects built from members equal those built
// key by key, `mesos agents` builds only what it prints, and tasks whose amounts are not needed
// still count while multi-role frameworks and frameworks without a usage summary keep reading them.
#include "core/error.hpp"
#include "core/io.hpp"
#include "mesos/json_reader.hpp"
#include "mesos/state.hpp"
#include "mesos/views.hpp"
#include "unit/shared_data.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace corral;
using namespace corral::mesos;

namespace {

std::string read_one_string(const std::string& json) {
    JsonReader r(json, "s.json");
    std::string s = r.read_string();
    r.finish();
    return s;
}

std::string error_of(const std::string& json, bool skip) {
    try {
        JsonReader r(json, "s.json");
        if (skip) {
            r.skip();
        } else {
            r.read_string();
        }
        r.finish();
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("json reader: strings end at the right byte at every length and position", "[json]") {
    // Each special byte at each position of strings of 0..40 bytes, across 8-byte word edges.
    for (std::size_t len = 0; len <= 40; ++len) {
        std::string plain(len, 'a');
        CAPTURE(len);
        CHECK(read_one_string("\"" + plain + "\"") == plain);
        CHECK(read_one_string("\"" + plain + "\"  ") == plain);
        CHECK(error_of("\"" + plain, false).find("truncated JSON") != std::string::npos);
        for (std::size_t at = 0; at < len; ++at) {
            CAPTURE(at);
            std::string escaped_quote = plain;
            escaped_quote.replace(at, 1, "\\\"");
            std::string want = plain;
            want[at] = '"';
            CHECK(read_one_string("\"" + escaped_quote + "\"") == want);
            std::string backslash = plain;
            backslash.replace(at, 1, "\\\\");
            want[at] = '\\';
            CHECK(read_one_string("\"" + backslash + "\"") == want);
            std::string utf8 = plain;
            utf8.replace(at, 1, "\xc3\xa9"); // bytes >= 0x80 are ordinary text
            CHECK(read_one_string("\"" + utf8 + "\"") == utf8);
            // A raw control character: refused in a value that is kept, passed over in one that
            // is skipped (as before).
            std::string control = plain;
            control[at] = '\x1f';
            CHECK(error_of("\"" + control + "\"", false).find("control character in a string") !=
                  std::string::npos);
            CHECK(error_of("\"" + control + "\"", true) == "no error");
            CHECK(error_of("[\"" + control + "\",1]", true) == "no error");
        }
    }
}

TEST_CASE("json reader: objects keep their members in document order", "[json]") {
    std::string text = R"({"b":1,"a":{"z":[1,2,{"y":null}],"c":"x"},"d":true,"e":-2.5})";
    JsonReader r(text, "o.json");
    Json j = r.read_json();
    r.finish();
    CHECK(j.dump() == text);
    Json by_key = Json::object();
    by_key["b"] = 1;
    by_key["a"] = Json::parse(R"({"z":[1,2,{"y":null}],"c":"x"})");
    by_key["d"] = true;
    by_key["e"] = -2.5;
    CHECK(j == by_key);
    JsonReader dropping(text, "o.json");
    CHECK(
        dropping.read_json([](std::string_view key) { return key == "z" || key == "d"; }).dump() ==
        R"({"b":1,"a":{"c":"x"},"e":-2.5})");
}

namespace {

// Two agents that report their own usage, and one framework `framework` (its JSON members, with
// `tasks` spliced in where "%TASKS%" stands).
State load_with_framework(std::string framework) {
    const std::string tasks =
        R"([{"id":"t1","state":"TASK_RUNNING","slave_id":"S0","role":"web",
             "resources":{"cpus":1,"mem":100},"statuses":[{"state":"TASK_RUNNING"}]},
            {"id":"t2","state":"TASK_RUNNING","slave_id":"S1","role":"ops",
             "resources":{"cpus":2,"mem":200}},
            {"id":"t3","state":"TASK_FINISHED","slave_id":"S1","role":"ops",
             "resources":{"cpus":4,"mem":400}}])";
    if (auto at = framework.find("%TASKS%"); at != std::string::npos) {
        framework.replace(at, 7, tasks);
    }
    std::string agent = R"({"id":"S%","hostname":"h%","resources":{"cpus":8,"mem":1000},
        "used_resources":{"cpus":1,"mem":100},"offered_resources":{}})";
    std::string a0 = agent, a1 = agent;
    a0.replace(a0.find('%'), 1, "0");
    a0.replace(a0.find('%'), 1, "0");
    a1.replace(a1.find('%'), 1, "1");
    a1.replace(a1.find('%'), 1, "1");
    std::string text = R"({"version":"1.11.0","pid":"master@m:5050","slaves":[)" + a0 + "," + a1 +
                       R"(],"frameworks":[)" + framework + "]}";
    return load_state(text, "state.json", LoadOptions{});
}

} // namespace

TEST_CASE("v0 tasks: amounts are read only where the framework's usage depends on them",
          "[mesos][state]") {
    SECTION("one role and a usage summary: the summary counts, the tasks only by number") {
        State s = load_with_framework(
            R"({"id":"F","name":"f","roles":["web"],"used_resources":{"cpus":9,"mem":900},
                "tasks":%TASKS%})");
        REQUIRE(s.frameworks.size() == 1);
        CHECK(s.frameworks[0].tasks == 2);
        CHECK(s.frameworks[0].used().scalar("cpus") == 9000);
        CHECK(s.frameworks[0].used_by_role.count("web") == 1);
    }
    SECTION("several roles, listed before the tasks: usage split by the tasks' roles") {
        State s = load_with_framework(
            R"({"id":"F","name":"f","roles":["web","ops"],"used_resources":{"cpus":9,"mem":900},
                "tasks":%TASKS%})");
        const Framework& f = s.frameworks.at(0);
        CHECK(f.tasks == 2);
        CHECK(f.used_by_role.at("web").scalar("cpus") == 1000);
        CHECK(f.used_by_role.at("ops").scalar("cpus") == 2000); // t3 finished: not counted
        CHECK(f.used_by_role.at("ops").scalar("mem") == 200000);
    }
    SECTION("several roles, listed after the tasks: the same split") {
        State s = load_with_framework(
            R"({"id":"F","name":"f","used_resources":{"cpus":9,"mem":900},"tasks":%TASKS%,
                "roles":["web","ops"]})");
        const Framework& f = s.frameworks.at(0);
        CHECK(f.used_by_role.at("web").scalar("cpus") == 1000);
        CHECK(f.used_by_role.at("ops").scalar("cpus") == 2000);
    }
    SECTION("no usage summary: usage is the active tasks' sum") {
        State s = load_with_framework(R"({"id":"F","name":"f","role":"web","tasks":%TASKS%})");
        const Framework& f = s.frameworks.at(0);
        CHECK(f.tasks == 2);
        CHECK(f.used().scalar("cpus") == 3000);
        CHECK(f.used().scalar("mem") == 300000);
    }
    SECTION("a bad task summary is still an input error where its amounts are read") {
        CHECK_THROWS_AS(load_with_framework(R"({"id":"F","name":"f","role":"web","tasks":
            [{"id":"t","state":"TASK_RUNNING","resources":{"ports":"[1-2"}}]})"),
                        Error);
    }
}

TEST_CASE("mesos agents builds only the part it prints, the same as when it builds both",
          "[mesos][views]") {
    CORRAL_REQUIRE_SHARED_DATA();
    for (const char* file :
         {"master-state-0.22-offers.json", "master-state-0.28-reserved-marathon.json",
          "master-state-summary-dcos-reserved.json", "v1-get-state-1.8.json"}) {
        CAPTURE(file);
        InputFile in = read_input(corral::test::shared_data(std::string("mesos/") + file));
        State s = load_state(in.content, file);
        for (const Filters& filters : {Filters{}, Filters{"", "", "*"}}) {
            Report both = agents_view(s, filters);
            Report data = agents_view(s, filters, ViewParts::data);
            Report text = agents_view(s, filters, ViewParts::text);
            REQUIRE_FALSE(both.text.empty());
            CHECK(data.data.dump() == both.data.dump());
            CHECK(text.text == both.text);
            CHECK(data.text.empty() == (both.text != "no agents\n"));
        }
    }
}

TEST_CASE("json reader: a duplicate is found whichever keys came before it", "[json]") {
    // 200 distinct keys share the 64 hash bits of an object many times over; each of them
    // repeated at the end must still be refused, and none is refused when all are distinct.
    std::string keys;
    for (int i = 0; i < 200; ++i) {
        keys += (i ? ",\"k" : "\"k") + std::to_string(i * 37) + "\":" + std::to_string(i);
    }
    std::string distinct = "{" + keys + ",\"\":0,\"a\\\"b\":1}";
    JsonReader ok(distinct, "d.json");
    CHECK(ok.read_json().size() == 202);
    for (int i = 0; i < 200; i += 7) {
        std::string twice = "{" + keys + ",\"k" + std::to_string(i * 37) + "\":0}";
        CAPTURE(i);
        try {
            JsonReader r(twice, "d.json");
            r.read_json();
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("duplicate key \"k" + std::to_string(i * 37) + "\"") !=
                  std::string::npos);
        }
    }
}

TEST_CASE("json reader: skipped values nest at most 256 levels, counting the open ones", "[json]") {
    auto nested = [](int levels) {
        return std::string(static_cast<std::size_t>(levels), '[') +
               std::string(static_cast<std::size_t>(levels), ']');
    };
    CHECK(error_of(nested(256), true) == "no error");
    CHECK(error_of(nested(257), true) ==
          "s.json:1:257: invalid JSON: nesting deeper than 256 levels");
    // Inside an object being read the skipped value's levels add to the object's.
    std::string inside = "{\"a\":" + nested(255) + "}";
    CHECK(error_of(inside, true) == "no error");
    std::string too_deep = "{\"a\":" + nested(256) + "}";
    JsonReader r(too_deep, "n.json"); // the reader keeps a view of the text
    std::string key;
    r.begin_object();
    REQUIRE(r.next_key(key));
    CHECK_THROWS_WITH(r.skip(), Catch::Contains("nesting deeper than 256 levels"));
    // Brackets must match.
    CHECK(error_of("[[]}", true) == "s.json:1:4: invalid JSON: unexpected '}'");
}
