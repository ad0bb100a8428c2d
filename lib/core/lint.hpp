// One finding type and one result shape for the three lint verbs (`ocf lint`, `probe lint`,
// `sched lint`; SPEC §7): JSON/YAML
//   {"files":[{"file",<per-verb fields>,"findings":[{"file","line","col","path","code","severity",
//    "message","fix"?,<per-verb fields>}],"errors","warnings"}],"errors":N,"warnings":N}
// whatever the number of inputs; text one finding per line, as compilers print them
//   file:line:col: severity: path: message [code]
// and one summary line for stderr ("N errors, M warnings in K files").
#pragma once

#include "core/output.hpp"
#include "core/report.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corral {

class Error;

// A finding's severity. An enum with one convenience: the literals "error" and "warning" (the
// string severities of the per-domain finding types this replaces) still construct and compare,
// checked at compile time (any other literal does not compile).
class Severity {
public:
    enum Value : std::uint8_t { error, warning };

    constexpr Severity(Value value) noexcept : m_value(value) {}
    consteval Severity(const char* name) : m_value(from_literal(name)) {}

    constexpr Value value() const noexcept { return m_value; }
    std::string_view name() const noexcept { return m_value == error ? "error" : "warning"; }

    friend constexpr bool operator==(Severity, Severity) = default;
    // Run-time comparisons with a name (Catch2's CHECK(f.severity == "error") takes this one).
    friend bool operator==(Severity severity, const char* name) { return severity.name() == name; }
    friend bool operator==(Severity severity, std::string_view name) {
        return severity.name() == name;
    }

private:
    static consteval Value from_literal(const char* name) {
        std::string_view word(name);
        if (word == "error") {
            return error;
        }
        if (word != "warning") {
            throw "a severity is \"error\" or \"warning\""; // not a constant expression
        }
        return warning;
    }

    Value m_value;
};

// The field order keeps `{path, code, severity, message}` aggregate initialisation working.
struct Finding {
    // Every member has a default initializer so that a partial `{path, code, severity, message}`
    // stays clean under -Wmissing-field-initializers.
    std::string path{}; // field path in the upstream's own form (API-server path, XPath)
    std::string code{}; // short stable identifier ("invalid", "missing-doctype", "input", ...)
    Severity severity = Severity::error;
    std::string message{};            // what is wrong, in the upstream's wording where there is one
    std::string file{};               // "" = the file of the LintFile holding it
    int line = 0;                     // 1-based; 0 when the input has no position for it
    int col = 0;                      // 1-based; 0 when unknown
    std::optional<std::string> fix{}; // how to fix it, when there is one clear fix
    // Per-verb fields, after the common ones in JSON ("object", "container" for probe lint).
    std::vector<std::pair<std::string, std::string>> extra{};
};

// The code of findings about inputs that could not be read or parsed (exit 3).
inline constexpr std::string_view kInputCode = "input";

// A finding for an input that could not be read or parsed, from the error that said so.
Finding input_finding(const std::string& file, const Error& error);

// The result for one input.
struct LintFile {
    std::string file;
    Json fields = Json::object(); // per-verb fields, between "file" and "findings"
    std::vector<Finding> findings;

    int errors() const;
    int warnings() const;
};

// Every input of one run.
class LintRun {
public:
    // Findings without a file get `file.file`.
    void add(LintFile file);

    const std::vector<LintFile>& files() const { return m_files; }
    int errors() const { return m_errors; }
    int warnings() const { return m_warnings; }
    // True when some input could not be read or parsed (a finding with code "input").
    bool input_failed() const { return m_input_failed; }

    // Per-verb totals, after "errors" and "warnings" ("objects" for probe lint).
    Json totals = Json::object();

    Json to_json() const;
    // One line per finding (severities coloured when output_settings().color).
    std::string to_text() const;
    // The same two, giving back each file's findings once they are converted (the counts, the
    // files and their fields stay): the result and the findings are never both held whole.
    Json take_json();
    std::string take_text();
    // "2 errors, 1 warning in 3 files"
    std::string summary() const;
    // 3 when an input could not be read or parsed, else 1 when there are errors (or warnings
    // and `strict`), else 0.
    int exit_code(bool strict) const;

private:
    Json wrap(Json files) const; // {"files": files, "errors", "warnings", totals...}

    std::vector<LintFile> m_files;
    int m_errors = 0;
    int m_warnings = 0;
    bool m_input_failed = false;
};

// Columns for findings known by line only: the 1-based column of the first character of `line`
// that is not blank or a YAML sequence indicator ("- "), 0 past the end. The line index is built
// on first use.
class TextColumns {
public:
    explicit TextColumns(std::string_view text) : m_text(text) {}
    int first_on(int line) const;

private:
    std::string_view m_text;
    mutable std::vector<std::size_t> m_starts;
};

Json finding_to_json(const Finding& finding, const std::string& file);
std::string finding_to_text(const Finding& finding, const std::string& file, bool color);

// The Report of a lint verb (ocf, probe and sched lint share it): the run in the format being
// printed (output_settings().format, set before the verb runs), its summary for stderr after the
// results, and its exit code.
Report lint_report(const LintRun& run, bool strict);
// The same, giving the findings back as they are converted (LintRun::take_text, take_json).
Report lint_report(LintRun&& run, bool strict);

} // namespace corral

// log::error("{}: {}", f.severity, f.message) prints the name.
template <>
struct fmt::formatter<corral::Severity> : fmt::formatter<std::string_view> {
    template <typename Context>
    auto format(corral::Severity severity, Context& ctx) const {
        return fmt::formatter<std::string_view>::format(severity.name(), ctx);
    }
};
