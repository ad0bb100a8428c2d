// probe lint: (a) errors, exactly what kube-apiserver rejects about probes (and the container
// fields it needs to place them), with its field paths and messages; (b) warnings, best practice
// from kube-linter, kube-score, Polaris and Datree (research/k8s.md §2).
#pragma once

#include "core/io.hpp"
#include "core/output.hpp"

#include <string>
#include <vector>

namespace corral::k8s {

struct LintFinding {
    std::string file;
    int line = 0;
    std::string object;    // "Deployment/web"
    std::string container; // container name ("" for object-level findings)
    std::string path;      // API-server field path
    std::string code;      // invalid, required, forbidden, ..., missing-readiness, ...
    std::string severity;  // "error" | "warning"
    std::string message;
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
    Json to_json() const; // SPEC §7 shape
    std::string to_text() const;
};

// Lints every document of one input. Malformed YAML and documents that are not objects are
// Error::input with file:line.
void lint_manifest(const InputFile& input, const LintOptions& options, LintReport& report);

} // namespace corral::k8s
