// The `corral sched` verbs as library calls (lib/k8s/sched/run.hpp): what the flags say in, a
// Report out. What commands/sched.cpp used to decide (defaults of flags not given, which
// configuration --fix reads, the exit status) is checked here without the CLI.
#include "k8s/sched/run.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace corral::k8s;
using corral::ErrorKind;
using corral::Json;

namespace {

// A directory under the system temp dir, removed with the object.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const char* name) : path(std::filesystem::temp_directory_path() / name) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string write(const char* name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

const std::string kHead =
    "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

} // namespace

TEST_CASE("run_config: flags not given take kube-scheduler's defaults", "[sched][run]") {
    ConfigRequest request;
    corral::Report report = run_config(request);
    CHECK(report.exit == 0);
    CHECK(report.data["leaderElection"]["leaderElect"] == true);
    CHECK(report.data["profiles"][0]["schedulerName"] == "default-scheduler");
    CHECK_FALSE(report.data.contains("percentageOfNodesToScore"));
    CHECK_FALSE(report.data.contains("clientConnection"));
    CHECK(report.data["profiles"][0]["pluginConfig"][0]["args"]["scoringStrategy"]["type"] ==
          "LeastAllocated");
    CHECK(report.text.find("apiVersion: kubescheduler.config.k8s.io/v1\n") != std::string::npos);

    SECTION("given flags reach the configuration") {
        request.preset = "binpack";
        request.scheduler_name = "packer";
        request.percentage_of_nodes_to_score = 0; // given as 0: written, unlike not given
        request.leader_elect = false;
        request.kubeconfig = "/etc/kubernetes/scheduler.conf";
        report = run_config(request);
        CHECK(report.data["percentageOfNodesToScore"] == 0);
        CHECK(report.data["leaderElection"]["leaderElect"] == false);
        CHECK(report.data["clientConnection"]["kubeconfig"] == "/etc/kubernetes/scheduler.conf");
        CHECK(report.data["profiles"][0]["schedulerName"] == "packer");
        CHECK(report.data["profiles"][0]["pluginConfig"][0]["args"]["scoringStrategy"]["type"] ==
              "MostAllocated");
    }
    SECTION("an unsupported --kubernetes-version is a usage error") {
        request.kubernetes_version = "1.30";
        try {
            run_config(request);
            FAIL("no error");
        } catch (const corral::Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
}

TEST_CASE("run_lint: the exit status of lint and of --fix", "[sched][run]") {
    TempDir dir("corral-sched-run-lint");
    LintRequest request;
    SECTION("clean: 0; a warning: 0, or 1 with --strict") {
        request.files = {dir.write("ok.yaml", kHead)};
        CHECK(run_lint(request).exit == 0);
        request.files = {dir.write("warn.yaml", kHead + "profiles:\n- schedulerName: s\n"
                                                        "  plugins:\n    score:\n      disabled:\n"
                                                        "      - name: NoSuchPlugin\n")};
        CHECK(run_lint(request).exit == 0);
        request.strict = true;
        CHECK(run_lint(request).exit == 1);
    }
    SECTION("--fix: the migrated configuration, 0 when it passes lint") {
        request.fix = true;
        request.files = {dir.write("old.yaml", "apiVersion: kubescheduler.config.k8s.io/v1beta3\n"
                                               "kind: KubeSchedulerConfiguration\n")};
        corral::Report report = run_lint(request);
        CHECK(report.exit == 0);
        CHECK(report.data["apiVersion"] == "kubescheduler.config.k8s.io/v1");
        CHECK(report.text ==
              "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n");
    }
    SECTION("--fix: 1 when the migrated configuration is still invalid") {
        request.fix = true;
        request.files = {dir.write("bad.yaml", kHead + "parallelism: 0\n")};
        CHECK(run_lint(request).exit == 1);
    }
    SECTION("--fix takes one configuration") {
        request.fix = true;
        request.files = {dir.write("a.yaml", kHead), dir.write("b.yaml", kHead)};
        try {
            run_lint(request);
            FAIL("no error");
        } catch (const corral::Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
}
