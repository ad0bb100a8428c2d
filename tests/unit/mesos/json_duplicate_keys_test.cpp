// Issue 15: duplicate keys in a master state are refused (exit 3, key and byte offset), not
// merged (a second "slaves" double-counted agents).
#include "core/error.hpp"
#include "mesos/json_reader.hpp"
#include "mesos/state.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::mesos;

namespace {

std::string error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return std::to_string(e.exit_code()) + " " + e.what();
    }
    return "no error";
}

void read_all(std::string_view text) {
    JsonReader r(text, "state.json");
    r.read_json();
    r.finish();
}

} // namespace

TEST_CASE("json reader: duplicate keys are refused with key and byte offset", "[json]") {
    CHECK(error_of([] { read_all(R"({"slaves":[],"slaves":[]})"); }) ==
          "3 state.json:1:14: invalid JSON: duplicate key \"slaves\" at byte offset 13 (first at "
          "byte offset 1)");
    CHECK(error_of([] { read_all(R"({"a":{"x":1,"y":2,"x":3}})"); }).find("duplicate key \"x\"") !=
          std::string::npos);
    // The same key in sibling or nested objects is fine.
    CHECK(error_of([] { read_all(R"({"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}],"x":0})"); }) ==
          "no error");
}

TEST_CASE("a master state with \"slaves\" twice is refused", "[json]") {
    std::string state =
        R"({"slaves":[{"id":"S1","hostname":"a","resources":{"cpus":1}}],)"
        R"("slaves":[{"id":"S1","hostname":"a","resources":{"cpus":1}}],"frameworks":[]})";
    std::string e = error_of([&] { load_state(state, "state.json", {}); });
    CHECK(e.rfind("3 state.json:1:", 0) == 0);
    CHECK(e.find("duplicate key \"slaves\"") != std::string::npos);
}
