#include "core/lint.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

#include <type_traits>

namespace corral {

namespace {

std::string plural(int n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

// ANSI SGR: bold red errors, bold yellow warnings (gcc and clang use the same pair).
std::string_view severity_color(Severity severity) {
    return severity == Severity::error ? "\x1b[1;31m" : "\x1b[1;33m";
}

int count(const std::vector<Finding>& findings, Severity severity) {
    int n = 0;
    for (const auto& f : findings) {
        n += f.severity == severity;
    }
    return n;
}

} // namespace

Finding input_finding(const std::string& file, const Error& error) {
    Finding f;
    f.path = error.path();
    f.code = std::string(kInputCode);
    f.severity = Severity::error;
    f.message = error.message();
    f.file = error.file().empty() ? file : error.file();
    f.line = error.line();
    f.col = error.column();
    return f;
}

int TextColumns::first_on(int line) const {
    if (line <= 0) {
        return 0;
    }
    if (m_starts.empty()) {
        m_starts.push_back(0);
        for (std::size_t i = m_text.find('\n'); i != std::string_view::npos;
             i = m_text.find('\n', i + 1)) {
            m_starts.push_back(i + 1);
        }
    }
    if (static_cast<std::size_t>(line) > m_starts.size()) {
        return 0;
    }
    std::size_t start = m_starts[static_cast<std::size_t>(line) - 1];
    std::size_t i = start;
    while (i < m_text.size()) {
        char c = m_text[i];
        bool sequence_indicator =
            c == '-' && (i + 1 == m_text.size() || m_text[i + 1] == ' ' || m_text[i + 1] == '\n');
        if (c == ' ' || c == '\t' || sequence_indicator) {
            ++i;
            continue;
        }
        break;
    }
    if (i >= m_text.size() || m_text[i] == '\n' || m_text[i] == '\r') {
        return 0;
    }
    return static_cast<int>(i - start) + 1;
}

int LintFile::errors() const {
    return count(findings, Severity::error);
}

int LintFile::warnings() const {
    return count(findings, Severity::warning);
}

void LintRun::add(LintFile file) {
    for (auto& f : file.findings) {
        if (f.file.empty()) {
            f.file = file.file;
        }
        (f.severity == Severity::error ? m_errors : m_warnings) += 1;
        m_input_failed = m_input_failed || f.code == kInputCode;
    }
    m_files.push_back(std::move(file));
}

Json finding_to_json(const Finding& f, const std::string& file) {
    Json j;
    j["file"] = f.file.empty() ? file : f.file;
    j["line"] = f.line;
    j["col"] = f.col;
    j["path"] = f.path;
    j["code"] = f.code;
    j["severity"] = f.severity.name();
    j["message"] = f.message;
    if (f.fix) {
        j["fix"] = *f.fix;
    }
    for (const auto& [key, value] : f.extra) {
        j[key] = value;
    }
    return j;
}

std::string finding_to_text(const Finding& f, const std::string& file, bool color) {
    std::string out = f.file.empty() ? file : f.file;
    if (f.line > 0) {
        out += ":" + std::to_string(f.line);
        if (f.col > 0) {
            out += ":" + std::to_string(f.col);
        }
    }
    out += ": ";
    if (color) {
        out += std::string(severity_color(f.severity)) + std::string(f.severity.name()) + "\x1b[0m";
    } else {
        out += f.severity.name();
    }
    out += ": ";
    if (!f.path.empty()) {
        out += f.path + ": ";
    }
    out += f.message + " [" + f.code + "]";
    std::string context;
    for (const auto& [key, value] : f.extra) {
        if (!value.empty()) {
            context += (context.empty() ? "" : ", ") + key + " " + value;
        }
    }
    if (!context.empty()) {
        out += " (" + context + ")";
    }
    out += "\n";
    if (f.fix) {
        out += "  fix: " + *f.fix + "\n";
    }
    return out;
}

namespace {

// One file's result; with `take`, each finding's strings are given back once converted.
template <typename LintFileRef>
Json file_to_json(LintFileRef& lf, bool take) {
    Json j;
    j["file"] = lf.file;
    for (const auto& [key, value] : lf.fields.items()) {
        j[key] = value;
    }
    Json findings = Json::array();
    for (auto& f : lf.findings) {
        findings.push_back(finding_to_json(f, lf.file));
        if constexpr (!std::is_const_v<LintFileRef>) {
            if (take) {
                Finding gone = std::move(f);
            }
        }
    }
    j["findings"] = std::move(findings);
    j["errors"] = lf.errors();
    j["warnings"] = lf.warnings();
    return j;
}

} // namespace

Json LintRun::wrap(Json files) const {
    Json out;
    out["files"] = std::move(files);
    out["errors"] = m_errors;
    out["warnings"] = m_warnings;
    for (const auto& [key, value] : totals.items()) {
        out[key] = value;
    }
    return out;
}

Json LintRun::to_json() const {
    Json files = Json::array();
    for (const auto& lf : m_files) {
        files.push_back(file_to_json(lf, false));
    }
    return wrap(std::move(files));
}

Json LintRun::take_json() {
    Json files = Json::array();
    for (auto& lf : m_files) {
        Json j = file_to_json(lf, true); // severities survive the move: the counts hold
        std::vector<Finding>().swap(lf.findings);
        files.push_back(std::move(j));
    }
    return wrap(std::move(files));
}

std::string LintRun::to_text() const {
    bool color = output_settings().color;
    std::string out;
    for (const auto& lf : m_files) {
        for (const auto& f : lf.findings) {
            out += finding_to_text(f, lf.file, color);
        }
    }
    return out;
}

std::string LintRun::take_text() {
    bool color = output_settings().color;
    std::string out;
    for (auto& lf : m_files) {
        for (auto& f : lf.findings) {
            out += finding_to_text(f, lf.file, color);
            Finding gone = std::move(f); // its strings are given back here
        }
        std::vector<Finding>().swap(lf.findings);
    }
    return out;
}

std::string LintRun::summary() const {
    return plural(m_errors, "error") + ", " + plural(m_warnings, "warning") + " in " +
           plural(static_cast<int>(m_files.size()), "file");
}

int LintRun::exit_code(bool strict) const {
    if (m_input_failed) {
        return static_cast<int>(ErrorKind::input);
    }
    if (m_errors > 0 || (strict && m_warnings > 0)) {
        return static_cast<int>(ErrorKind::check);
    }
    return static_cast<int>(ErrorKind::ok);
}

Report lint_report(const LintRun& run, bool strict) {
    // Only what the format prints is built: the JSON of 40,000 findings is a third of `probe
    // lint`'s time on a 30 MB stream, and most of its memory, when the text is all that is shown.
    Report report;
    if (output_settings().format == Format::text) {
        report.text = run.to_text();
    } else {
        report.data = run.to_json();
    }
    report.exit = run.exit_code(strict);
    report.summary = run.summary();
    return report;
}

Report lint_report(LintRun&& run, bool strict) {
    Report report;
    report.exit = run.exit_code(strict);
    report.summary = run.summary();
    if (output_settings().format == Format::text) {
        report.text = run.take_text();
    } else {
        report.data = run.take_json();
    }
    return report;
}

} // namespace corral
