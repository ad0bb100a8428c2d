// How the lint verbs take their inputs (SPEC §0 "input", §7): positional paths and -f/--file
// (repeatable), `-` for stdin, directories walked recursively for the files the verb lints. An
// argument that names nothing (a missing path, a directory without such files) and a file that
// cannot be read or parsed are findings with code "input", so that the other inputs are still
// linted and reported; the run then ends with exit 3.
#pragma once

#include "core/lint.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace corral {

struct LintInputOptions {
    // Files of a directory that are inputs (default: names ending in *.yaml, *.yml or *.json).
    // Files named explicitly are always inputs.
    std::function<bool(const std::string& path)> accept;
    // What a directory holds, for "holds no <what>" ("*.yaml, *.yml or *.json files").
    std::string what = "*.yaml, *.yml or *.json files";
    // Maps an argument that is not an existing path to one (ocf's provider:agent); none by default.
    std::function<std::string(const std::string&)> resolve;
};

// One input to lint, or the finding that says why an argument gave none.
struct LintInput {
    std::string path; // "-" for stdin; as the user named it, or as found below a directory
    std::optional<Finding> problem;
};

// Expands the arguments in order: "-" stays, a directory becomes the accepted files below it
// (recursive, dot files and dot directories skipped, sorted byte-wise), a file stays. No arguments
// at all is Error::usage naming `verb`.
std::vector<LintInput> collect_lint_inputs(const std::vector<std::string>& args,
                                           const LintInputOptions& options, std::string_view verb);

// Empty input (no bytes, or only whitespace) is Error::input "empty input: nothing to lint", the
// same in every lint verb.
void require_lint_content(const std::string& name, std::string_view text);

// Lints every input with `lint_one`. An Error of kind input or usage thrown while reading or
// parsing one input becomes that input's "input" finding, and the run goes on; such a file gets
// `unread_fields` as its per-verb fields (the same keys as the others: {"objects":0}).
LintRun run_lint(const std::vector<LintInput>& inputs,
                 const std::function<LintFile(const std::string& path)>& lint_one,
                 const Json& unread_fields = Json::object());

} // namespace corral
