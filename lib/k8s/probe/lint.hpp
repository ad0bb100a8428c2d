// probe lint: (a) errors, exactly what kube-apiserver rejects about probes (and the container
// fields it needs to place them), with its field paths and messages; (b) warnings, best practice
// from kube-linter, kube-score, Polaris and Datree (research/k8s.md §2).
#pragma once

#include "core/io.hpp"
#include "core/lint.hpp"
#include "k8s/manifest_tree.hpp"

#include <string>
#include <vector>

namespace corral::k8s {

// A finding (path: API-server field path; code: invalid, required, forbidden, ...,
// missing-readiness, ...) with the object and container it is about.
struct LintFinding : Finding {
    std::string object;    // "Deployment/web"
    std::string container; // container name ("" for object-level findings)
};

struct LintOptions {
    bool strict = false; // also report objects whose kind corral does not know
};

struct LintReport {
    std::vector<LintFinding> findings;
    int errors = 0;
    int warnings = 0;
    int objects = 0; // workloads checked

    void add(LintFinding finding);
    // This input's result in a lint run (SPEC §7): per-verb field "objects", and per finding
    // "object" and "container".
    LintFile to_lint_file(const std::string& file) const&;
    // The same, moving the findings instead of copying them.
    LintFile to_lint_file(const std::string& file) &&;
};

// Lints every document of one input. Malformed YAML and documents that are not objects are
// Error::input with file:line.
void lint_manifest(const InputFile& input, const LintOptions& options, LintReport& report);
// The same over text read elsewhere (a mapped file: core InputView), streamed document by
// document; `release` as for for_each_manifest_object.
void lint_manifest_text(const std::string& name, std::string_view text, const LintOptions& options,
                        LintReport& report, const TextRelease& release = {});

// `probe lint`: every file, directory (*.yaml, *.yml, *.json below it) or "-" in `args`, with the
// shared lint input contract (core/lint_input.hpp). Totals: "objects".
LintRun lint_manifests(const std::vector<std::string>& args, const LintOptions& options);

} // namespace corral::k8s
