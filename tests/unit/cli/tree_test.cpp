// The command-tree helpers of cli/tree.hpp on a small tree shaped like `corral probe`: what the
// parser accepts where, as completion, help and the unknown-flag hint read it.
#include "cli/tree.hpp"
#include "core/error.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>

#include <algorithm>

using namespace corral;

namespace {

// corral [-o] probe [--kind (local)] {http [--kind --port], lint [-f], inject [-f] [--remove
// (local)] {tcp [--port]}}
struct Tree {
    CLI::App app{"test", "corral"};
    std::string output, kind, port, file, group_kind, inject_file;
    bool remove = false;
    CLI::App* probe = nullptr;
    CLI::App* http = nullptr;
    CLI::App* lint = nullptr;
    CLI::App* inject = nullptr;
    CLI::App* tcp = nullptr;

    Tree() {
        app.fallthrough();
        app.add_option("-o,--output", output);
        probe = app.add_subcommand("probe");
        CLI::App* local = cli::add_local_options(*probe, "Probe");
        local->add_option("--kind", group_kind);
        http = probe->add_subcommand("http");
        http->add_option("--kind", kind);
        http->add_option("--port", port);
        lint = probe->add_subcommand("lint");
        lint->add_option("-f,--file", file);
        inject = probe->add_subcommand("inject");
        inject->add_option("-f,--file", inject_file);
        CLI::App* inject_local = cli::add_local_options(*inject, "Probe");
        inject_local->add_flag("--remove", remove);
        tcp = inject->add_subcommand("tcp");
        tcp->add_option("--port", port);
        cli::seal_local_options(*inject, *inject_local);
        cli::seal_local_options(*probe, *local);
    }

    std::vector<std::string> accepted(const CLI::App& command) const {
        std::vector<std::string> names;
        for (const auto& a : cli::accepted_options(command)) {
            for (const CLI::Option* o : a.options) {
                if (o->get_lnames() != std::vector<std::string>{"help"}) {
                    names.push_back(o->get_name(false, false));
                }
            }
        }
        return names;
    }
};

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

TEST_CASE("accepted_options: own, then ancestors' without their local options", "[tree]") {
    Tree t;
    auto lint = t.accepted(*t.lint);
    CHECK(has(lint, "--file"));
    CHECK(has(lint, "--output"));
    CHECK_FALSE(has(lint, "--kind")); // the probe group's own
    auto probe = t.accepted(*t.probe);
    CHECK(has(probe, "--kind"));
    auto tcp = t.accepted(*t.tcp);
    CHECK(has(tcp, "--file")); // inject's, by fallthrough
    CHECK_FALSE(has(tcp, "--remove"));
    CHECK(cli::find_accepted_option(*t.tcp, "-f") != nullptr);
    CHECK(cli::find_accepted_option(*t.tcp, "--remove") == nullptr);
    // A nearer option hides the same name further up: http's --kind, not the group's.
    auto accepted = cli::accepted_options(*t.http);
    REQUIRE_FALSE(accepted.empty());
    CHECK(accepted.front().owner == t.http);
    auto http = t.accepted(*t.http);
    CHECK(std::count(http.begin(), http.end(), "--kind") == 1);
}

TEST_CASE("the parser agrees: local options stay with their command", "[tree]") {
    SECTION("the group takes its own option") {
        Tree t;
        t.app.parse("probe --kind liveness", false);
        CHECK(t.group_kind == "liveness");
    }
    SECTION("a verb does not take it after its name") {
        Tree t;
        CHECK_THROWS_AS(t.app.parse("probe lint --kind liveness", false), CLI::ParseError);
    }
    SECTION("nor before, unless it has an option of that name") {
        Tree t;
        try {
            t.app.parse("probe --kind liveness lint", false);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
            CHECK(std::string(e.what()) ==
                  "'corral probe lint' does not take --kind (an option of 'corral probe' itself)");
        }
        Tree u;
        u.app.parse("probe --kind readiness http --port 80", false);
        CHECK(u.group_kind == "readiness");
        CHECK(u.port == "80");
    }
    SECTION("a parent's other options fall through to its verbs") {
        Tree t;
        t.app.parse("probe inject tcp -f a.yaml --port 5432 -o json", false);
        CHECK(t.inject_file == "a.yaml");
        CHECK(t.output == "json");
        Tree u;
        CHECK_THROWS_AS(u.app.parse("probe inject tcp --remove", false), CLI::ParseError);
    }
}
