// probe lint and sched lint over their inputs (lint_manifests, lint_scheduler_configs): the
// shared contract of core/lint_input.hpp with the k8s checks behind it.
#include "core/error.hpp"
#include "k8s/probe/lint.hpp"
#include "k8s/sched/report.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace corral;
using namespace corral::k8s;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "corral-k8s-lint-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

} // namespace

TEST_CASE("sched lint: every finding has the position of its field path", "[lint]") {
    TempDir dir;
    std::string config = dir.write("c.yaml", "apiVersion: kubescheduler.config.k8s.io/v1\n"
                                             "kind: KubeSchedulerConfiguration\n"
                                             "parallelism: 0\n"
                                             "profiles:\n"
                                             "- schedulerName: a\n"
                                             "  plugins:\n"
                                             "    score:\n"
                                             "      enabled:\n"
                                             "      - name: NodeResourceFit\n");
    LintRun run = lint_scheduler_configs({config, (dir.path / "gone.yaml").string()}, 34);
    REQUIRE(run.files().size() == 2);
    std::vector<std::string> seen;
    for (const auto& f : run.files()[0].findings) {
        seen.push_back(std::to_string(f.line) + ":" + std::to_string(f.col) + " " + f.path);
    }
    CHECK(seen ==
          std::vector<std::string>{"3:1 parallelism", "9:9 profiles[0].plugins.score.enabled[0]"});
    CHECK(run.files()[1].findings.at(0).code == "input");
    CHECK(run.exit_code(false) == 3);
}

TEST_CASE("sched lint: a type error is an input finding with a position", "[lint]") {
    TempDir dir;
    std::string config = dir.write("c.yaml", "apiVersion: kubescheduler.config.k8s.io/v1\n"
                                             "kind: KubeSchedulerConfiguration\n"
                                             "parallelism: many\n");
    LintRun run = lint_scheduler_configs({config}, 34);
    const Finding& f = run.files().at(0).findings.at(0);
    CHECK(f.code == "input");
    CHECK(f.path == "parallelism");
    CHECK(f.line == 3);
    CHECK(f.col == 14); // the decoder names the value
}

TEST_CASE("probe lint: files, objects and an unreadable file among good ones", "[lint]") {
    TempDir dir;
    dir.write("a.yaml", "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n"
                        "    image: x\n    livenessProbe: {tcpSocket: {port: 0}}\n");
    dir.write("b.yaml", std::string("\xff\xfek\0i\0n\0d\0", 10));
    LintOptions options;
    LintRun run = lint_manifests({dir.path.string()}, options);
    REQUIRE(run.files().size() == 2);
    CHECK(run.files()[0].fields["objects"] == 1);
    CHECK(run.files()[1].fields["objects"] == 0);
    CHECK(run.files()[1].findings.at(0).code == "input");
    CHECK(run.totals["objects"] == 1);
    CHECK(run.errors() == 2);
    CHECK(run.exit_code(false) == 3);
    CHECK_THROWS_AS(lint_manifests({}, options), Error);
}
