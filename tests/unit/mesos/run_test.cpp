// The mesos verbs as library calls: request in, Report out (no printing, exit in Report::exit).
#include "mesos/run.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::mesos;

namespace {

std::string state_file(const char* name) {
    return std::string(CORRAL_TEST_DATA) + "/mesos/" + name;
}

} // namespace

TEST_CASE("run_resources applies the default role only when none is given", "[mesos][run]") {
    ResourcesRequest request;
    request.value = "cpus:2;mem(web):64";
    Report plain = run_resources(request);
    CHECK(plain.exit == 0);
    REQUIRE(plain.data.is_array());
    REQUIRE(plain.data.size() == 2);
    CHECK(plain.data[0].dump().find("\"web\"") == std::string::npos);

    request.default_role = "ops";
    Report with_role = run_resources(request);
    CHECK(with_role.data[0].dump().find("\"ops\"") != std::string::npos);
    CHECK(with_role.data[1].dump().find("\"web\"") != std::string::npos);
}

TEST_CASE("run_attributes reports Mesos' error as input", "[mesos][run]") {
    try {
        run_attributes({"rack"});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::input);
        CHECK(e.path() == "attributes");
    }
}

TEST_CASE("run_fit: exit 1 only when --count asks for more than fits", "[mesos][run]") {
    FitArgs args;
    args.source.state_file = state_file("master-state-0.28-reserved-marathon.json");
    args.task = "cpus=0.1,mem=16";
    Report any = run_fit(args);
    CHECK(any.exit == 0);
    CHECK(any.data["count"].is_null());
    std::uint64_t placed = any.data["placed"].get<std::uint64_t>();
    REQUIRE(placed > 0);

    args.count = placed;
    CHECK(run_fit(args).exit == 0);
    args.count = placed + 1;
    Report short_of = run_fit(args);
    CHECK(short_of.exit == 1);
    CHECK(short_of.data["placed"] == placed);
    CHECK(short_of.text.find("placed " + std::to_string(placed) + " of " +
                             std::to_string(placed + 1)) != std::string::npos);
}

TEST_CASE("run_view renders the view asked for", "[mesos][run]") {
    ViewRequest request;
    request.source.state_file = state_file("master-state-0.22-offers.json");
    for (auto [view, key] :
         {std::pair{View::agents, "agents"}, std::pair{View::frameworks, "frameworks"},
          std::pair{View::offers, "offers"}}) {
        request.view = view;
        Report r = run_view(request);
        INFO(key);
        CHECK(r.exit == 0);
        CHECK(r.data.contains(key));
        CHECK_FALSE(r.text.empty());
    }
}
