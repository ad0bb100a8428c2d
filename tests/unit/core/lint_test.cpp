// The shared lint contract (lib/core/lint*, yaml_locate): one finding type, one JSON shape
// whatever the number of inputs, input findings, exit-code precedence, positions.
#include "core/error.hpp"
#include "core/lint.hpp"
#include "core/lint_input.hpp"
#include "core/yaml_locate.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace corral;
namespace fs = std::filesystem;

namespace {

LintFile file_with(const std::string& name, std::vector<Finding> findings) {
    return LintFile{name, Json::object(), std::move(findings)};
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "corral-lint-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { fs::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name) << text;
    }
};

} // namespace

TEST_CASE("severity: an enum, the old string literals construct and compare", "[lint]") {
    Finding f{"spec.x", "invalid", "warning", "bad"};
    CHECK(f.severity == Severity::warning);
    CHECK(f.severity == "warning");
    CHECK_FALSE(f.severity == "error");
    CHECK(f.severity.name() == "warning");
    CHECK(Severity(Severity::error).name() == "error");
    CHECK(Finding{}.severity == Severity::error);
    CHECK(fmt::format("{}: {}", f.severity, f.message) == "warning: bad");
}

TEST_CASE("one JSON shape for one input and for two", "[lint]") {
    Finding bad{"spec.replicas", "invalid", Severity::error, "must be >= 0"};
    bad.line = 3;
    bad.col = 5;
    Finding warn{"kind", "unknown-kind", Severity::warning, "not checked"};
    LintRun one;
    one.add(file_with("a.yaml", {bad}));
    LintRun two;
    two.add(file_with("a.yaml", {bad}));
    two.add(file_with("b.yaml", {warn}));
    Json j1 = one.to_json();
    Json j2 = two.to_json();
    CHECK(j1.type() == j2.type());
    CHECK(
        j1.dump() ==
        R"({"files":[{"file":"a.yaml","findings":[{"file":"a.yaml","line":3,"col":5,)"
        R"("path":"spec.replicas","code":"invalid","severity":"error","message":"must be >= 0"}],)"
        R"("errors":1,"warnings":0}],"errors":1,"warnings":0})");
    CHECK(j2["files"].size() == 2);
    CHECK(j2["files"][1]["findings"][0]["file"] == "b.yaml");
    CHECK(j2["errors"] == 1);
    CHECK(j2["warnings"] == 1);
    CHECK(two.summary() == "1 error, 1 warning in 2 files");
    CHECK(LintRun{}.summary() == "0 errors, 0 warnings in 0 files");
}

TEST_CASE("per-verb fields, extras and fix", "[lint]") {
    Finding f{"spec.containers[0]", "missing-readiness", "warning", "no readinessProbe"};
    f.line = 7;
    f.col = 3;
    f.fix = "add a readinessProbe";
    f.extra = {{"object", "Pod/p"}, {"container", ""}};
    LintFile file = file_with("m.yaml", {f});
    file.fields["objects"] = 1;
    LintRun run;
    run.add(file);
    run.totals["objects"] = 1;
    Json j = run.to_json();
    CHECK(j["files"][0].dump().rfind(R"({"file":"m.yaml","objects":1,"findings":)", 0) == 0);
    CHECK(j["files"][0]["findings"][0]["fix"] == "add a readinessProbe");
    CHECK(j["files"][0]["findings"][0]["container"] == "");
    CHECK(j["objects"] == 1);
    CHECK(run.to_text() ==
          "m.yaml:7:3: warning: spec.containers[0]: no readinessProbe [missing-readiness] "
          "(object Pod/p)\n  fix: add a readinessProbe\n");
    Finding plain{"", "input", "error", "no such file or directory"};
    CHECK(finding_to_text(plain, "x.yaml", false) ==
          "x.yaml: error: no such file or directory [input]\n");
    CHECK(finding_to_text(plain, "x.yaml", true) ==
          "x.yaml: \x1b[1;31merror\x1b[0m: no such file or directory [input]\n");
}

TEST_CASE("exit code: input 3 before errors 1 before warnings with --strict", "[lint]") {
    Finding error{"a", "invalid", "error", "x"};
    Finding warning{"a", "w", "warning", "x"};
    Finding input{"", "input", "error", "x"};
    auto code = [](std::vector<Finding> fs, bool strict) {
        LintRun run;
        run.add(file_with("f", std::move(fs)));
        return run.exit_code(strict);
    };
    CHECK(code({}, true) == 0);
    CHECK(code({warning}, false) == 0);
    CHECK(code({warning}, true) == 1);
    CHECK(code({error}, false) == 1);
    CHECK(code({error, input}, false) == 3);
    CHECK(code({input}, false) == 3);
}

TEST_CASE("collect_lint_inputs: stdin, files, directories, missing paths", "[lint]") {
    TempDir dir;
    dir.write("k8s/b.yaml", "a: 1\n");
    dir.write("k8s/sub/a.yml", "a: 1\n");
    dir.write("k8s/c.json", "{}\n");
    dir.write("k8s/notes.txt", "x\n");
    dir.write("k8s/.hidden.yaml", "x\n");
    dir.write("k8s/.git/d.yaml", "x\n");
    fs::create_directories(dir.path / "empty");
    std::string root = dir.path.string();
    auto inputs = collect_lint_inputs(
        {"-", root + "/k8s", root + "/k8s/notes.txt", root + "/missing.yaml", root + "/empty"}, {},
        "probe lint");
    std::vector<std::string> paths;
    std::vector<std::string> problems;
    for (const auto& in : inputs) {
        paths.push_back(in.path.rfind(root, 0) == 0 ? in.path.substr(root.size()) : in.path);
        problems.push_back(in.problem ? in.problem->message : "");
    }
    CHECK(paths == std::vector<std::string>{"-", "/k8s/b.yaml", "/k8s/c.json", "/k8s/sub/a.yml",
                                            "/k8s/notes.txt", "/missing.yaml", "/empty"});
    CHECK(problems == std::vector<std::string>{"", "", "", "", "", "no such file or directory",
                                               "directory holds no *.yaml, *.yml or *.json files"});
    CHECK(inputs[5].problem->code == "input");
    CHECK_THROWS_AS(collect_lint_inputs({}, {}, "probe lint"), Error);
}

TEST_CASE("run_lint: an unreadable input is a finding and the others are still linted", "[lint]") {
    std::vector<LintInput> inputs = {{"good.yaml", std::nullopt},
                                     {"bad.yaml", std::nullopt},
                                     {"gone.yaml", Finding{"", "input", "error", "missing"}},
                                     {"also-good.yaml", std::nullopt}};
    inputs[2].problem->file = "gone.yaml";
    Json unread;
    unread["objects"] = 0;
    LintRun run = run_lint(
        inputs,
        [](const std::string& path) {
            if (path == "bad.yaml") {
                throw Error::input("invalid UTF-8").at(path, 1, 2);
            }
            return file_with(path, {Finding{"x", "w", "warning", "m"}});
        },
        unread);
    REQUIRE(run.files().size() == 4);
    CHECK(run.files()[1].findings[0].code == "input");
    CHECK(run.files()[1].findings[0].line == 1);
    CHECK(run.files()[1].findings[0].col == 2);
    CHECK(run.files()[1].fields["objects"] == 0);
    CHECK(run.files()[2].file == "gone.yaml");
    CHECK(run.files()[3].file == "also-good.yaml");
    CHECK(run.errors() == 2);
    CHECK(run.warnings() == 2);
    CHECK(run.input_failed());
    CHECK(run.exit_code(false) == 3);
    // Internal errors are not input findings.
    CHECK_THROWS_AS(run_lint({{"x", std::nullopt}},
                             [](const std::string&) -> LintFile { throw Error::internal("bug"); }),
                    Error);
}

TEST_CASE("empty input is the same input error everywhere", "[lint]") {
    CHECK_THROWS_WITH(require_lint_content("e.yaml", " \n\t\n"),
                      "e.yaml: empty input: nothing to lint");
    CHECK_NOTHROW(require_lint_content("e.yaml", "# comment\n"));
}

TEST_CASE("text columns of findings known by line only", "[lint]") {
    TextColumns columns("kind: Pod\n  - name: a\n    image: x\n\n- \n");
    CHECK(columns.first_on(1) == 1);
    CHECK(columns.first_on(2) == 5);
    CHECK(columns.first_on(3) == 5);
    CHECK(columns.first_on(4) == 0);
    CHECK(columns.first_on(5) == 0);
    CHECK(columns.first_on(9) == 0);
    CHECK(columns.first_on(0) == 0);
}

TEST_CASE("locate_yaml_path: field path to line:col", "[lint]") {
    std::string text = "---\n"
                       "apiVersion: v1\n"
                       "profiles:\n"
                       "- schedulerName: a\n"
                       "  plugins:\n"
                       "    score:\n"
                       "      enabled: [{name: X}, {name: Y, weight: 2}]\n"
                       "  pluginConfig:\n"
                       "    - name: NodeResourcesFit\n"
                       "      args: {scoringStrategy: {type: Most}}\n";
    auto docs = load_yaml_documents(InputFile{"c.yaml", text});
    REQUIRE(docs.size() == 1);
    struct Row {
        const char* path;
        int line, col;
    };
    for (const Row& row : std::vector<Row>{
             {"", 2, 1},
             {"apiVersion", 2, 1},
             {"profiles", 3, 1},
             {"profiles[0]", 4, 3},
             {"profiles[0].schedulerName", 4, 3},
             {"profiles[0].plugins.score.enabled[1].weight", 7, 38},
             {"profiles[0].plugins.score.enabled[5]", 7, 7},
             {"profiles[0].pluginConfig[0].args.scoringStrategy.type", 10, 32},
             {"profiles[0].pluginConfig[0].args.scoringStrategy.resources", 10, 14},
             {"profiles[1]", 3, 1},
             {"missing", 2, 1},
         }) {
        INFO(row.path);
        Position at = locate_yaml_path(docs[0], row.path);
        CHECK(at.line == row.line);
        CHECK(at.column == row.col);
    }
}

TEST_CASE("take_text and take_json print what to_text and to_json print", "[lint]") {
    // lint_report(LintRun&&) gives the findings back as it converts them: same bytes, same
    // counts, the files kept (summary), their findings gone.
    LintRun run;
    for (int i = 0; i < 3; ++i) {
        std::vector<Finding> findings;
        for (int k = 0; k < 20; ++k) {
            Finding f{"spec.containers[" + std::to_string(k) + "]", "missing-readiness",
                      k % 3 ? Severity::warning : Severity::error, "no readinessProbe"};
            f.line = k + 1;
            f.col = 3;
            f.extra = {{"object", "Pod/p" + std::to_string(k)}, {"container", "c"}};
            findings.push_back(f);
        }
        LintFile file = file_with("f" + std::to_string(i) + ".yaml", findings);
        file.fields["objects"] = 20;
        run.add(file);
    }
    run.totals["objects"] = 60;
    LintRun for_json = run;
    std::string text = run.to_text();
    std::string json = run.to_json().dump();
    CHECK(run.take_text() == text);
    CHECK(for_json.take_json().dump() == json);
    for (const LintRun* r : {&run, &for_json}) {
        CHECK(r->files().size() == 3);
        CHECK(r->files()[0].findings.empty());
        CHECK(r->errors() == 21);
        CHECK(r->warnings() == 39);
        CHECK(r->summary() == "21 errors, 39 warnings in 3 files");
    }
}
