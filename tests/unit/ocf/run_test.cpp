// The `corral ocf` verbs as request -> Report (lib/ocf/run.hpp): what commands/ocf.cpp used to do
// itself (--param and --timeout checks, the install report, -o xml) and the SIGINT/SIGTERM
// handler of `ocf test` (issue 15).
#include "core/atomic_write.hpp"
#include "core/error.hpp"
#include "ocf/run.hpp"
#include "ocf/stop_signals.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace corral;
using namespace corral::ocf;

namespace {

const std::string data = CORRAL_TEST_DATA;

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/corral-unit-ocf-run-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~TempDir() { [[maybe_unused]] int rc = std::system(("rm -rf '" + path + "'").c_str()); }
    std::string write(const std::string& name, const std::string& text, mode_t mode) const {
        std::string p = path + "/" + name;
        std::ofstream(p) << text;
        REQUIRE(::chmod(p.c_str(), mode) == 0);
        return p;
    }
};

ErrorKind kind_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::ok;
}

std::size_t entries(const std::string& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("ocf meta: the model, or with xml the meta-data unchanged", "[ocf][run]") {
    MetaRequest request;
    request.agent = data + "/ocf/metadata/Dummy.xml";
    Report model = run_meta(request);
    CHECK(model.exit == 0);
    CHECK(model.data["name"] == "Dummy");
    CHECK(model.text.find("Dummy") != std::string::npos);

    request.xml = true;
    Report xml = run_meta(request);
    std::ifstream in(request.agent);
    std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CHECK(xml.text == file);

    TempDir t;
    request.agent = t.write("broken.xml", "<resource-agent name='x'>", 0644);
    CHECK(kind_of([&] { run_meta(request); }) == ErrorKind::input); // checked for xml too
}

TEST_CASE("ocf lint: shared result, summary for stderr, exit by severity", "[ocf][run]") {
    // The report carries what the chosen format prints: data for -o json, text for -o text.
    output_settings().format = Format::text;
    LintRequest request;
    request.inputs = {data + "/ocf/metadata/awseip.xml"};
    Report text = run_lint(request);
    CHECK(text.data.empty());
    CHECK(text.text.find("awseip.xml") != std::string::npos);
    output_settings().format = Format::json;

    request.inputs = {data + "/ocf/metadata/Dummy.xml"};
    Report clean = run_lint(request);
    CHECK(clean.exit == 0);
    CHECK(clean.summary == "0 errors, 0 warnings in 1 file");
    CHECK(clean.data["files"].size() == 1);

    request.inputs.push_back(data + "/ocf/metadata/awseip.xml"); // action "validate": DTD error
    Report bad = run_lint(request);
    CHECK(bad.exit == 1);
    CHECK(bad.data["errors"].get<int>() >= 1);
    request.schema = "nonsense";
    CHECK(kind_of([&] { run_lint(request); }) == ErrorKind::usage);

    request.schema.reset();
    request.inputs = {data + "/ocf/metadata/missing.xml"};
    CHECK(run_lint(request).exit == 3);
    output_settings().format = Format::text;
}

TEST_CASE("ocf test: --param and --timeout are checked before anything runs", "[ocf][run]") {
    TempDir t;
    std::string marker = t.path + "/ran";
    std::string agent = t.write("agent", "#!/bin/sh\ntouch '" + marker + "'\nexit 0\n", 0755);
    TestRequest request;
    request.agent = agent;
    request.params = {"no-equals-sign"};
    CHECK(kind_of([&] { run_test(request); }) == ErrorKind::usage);
    request.params = {"not-an-identifier=1"};
    CHECK(kind_of([&] { run_test(request); }) == ErrorKind::usage);
    request.params = {"ok=1"};
    request.timeout = 0;
    CHECK(kind_of([&] { run_test(request); }) == ErrorKind::usage);
    request.timeout = -3;
    CHECK(kind_of([&] { run_test(request); }) == ErrorKind::usage);
    CHECK(::access(marker.c_str(), F_OK) != 0); // the agent never ran

    request.timeout.reset();
    request.agent = t.write("plain", "#!/bin/sh\n", 0644);
    CHECK(kind_of([&] { run_test(request); }) == ErrorKind::input); // not executable
}

TEST_CASE("ocf install: the report names the path and the agent", "[ocf][run]") {
    TempDir t;
    REQUIRE(::chmod(t.path.c_str(), 0755) == 0);
    std::string agent = t.write("webd", "#!/bin/sh\nexit 0\n", 0644);
    REQUIRE(::mkdir((t.path + "/root").c_str(), 0755) == 0);
    InstallRequest request;
    request.agent = agent;
    request.provider = "acme";
    request.root = t.path + "/root";
    Report report = run_install(request);
    std::string path = t.path + "/root/resource.d/acme/webd";
    CHECK(report.data["path"] == path);
    CHECK(report.data["agent"] == "ocf:acme:webd");
    CHECK(report.text == "installed " + path + " (ocf:acme:webd)\n");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0755);
    CHECK(entries(t.path + "/root/resource.d/acme") == 1); // no temporary file left

    CHECK(kind_of([&] { run_install(request); }) == ErrorKind::usage); // exists, no --force
    request.force = true;
    CHECK(run_install(request).exit == 0);
}

TEST_CASE("ocf test's SIGINT/SIGTERM handler removes atomic-write temporary files",
          "[ocf][run][signal]") {
    TempDir t;
    for (int sig : {SIGINT, SIGTERM}) {
        AtomicBatch batch;
        StopSignals signals; // installed after the batch, as during `ocf test`
        batch.stage(t.path + "/file", "partial\n", {});
        REQUIRE(entries(t.path) == 1); // the temporary file
        ::raise(sig);                  // handled synchronously by this thread
        CHECK(StopSignals::received().load() == sig);
        CHECK(entries(t.path) == 0);
    }
    StopSignals again; // a new run starts with no signal recorded
    CHECK(StopSignals::received().load() == 0);
}
