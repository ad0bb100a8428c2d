// `sched lint` over its inputs, with the shared lint input contract (core/lint_input.hpp). The
// parser and the validation (parse.cpp, lint.cpp) name findings by field path, as
// kube-scheduler does; this gives every finding the line and column of that path in the file.
#include "core/error.hpp"
#include "core/lint_input.hpp"
#include "core/yaml.hpp"
#include "core/yaml_locate.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/report.hpp"
#include "k8s/sched/run.hpp"

namespace corral::k8s {

namespace {

// The document parse_scheduler_config reads: the first one that is not empty.
const YamlDocument* config_document(const std::vector<YamlDocument>& docs) {
    for (const auto& d : docs) {
        if (d.root && !d.root.IsNull()) {
            return &d;
        }
    }
    return nullptr;
}

LintFile lint_config(const std::string& path, int minor) {
    InputFile input = read_input(path);
    require_lint_content(input.name, input.content);
    // Positions only: the parser below reports what is wrong with the text (same loader).
    std::vector<YamlDocument> docs;
    try {
        docs = load_yaml_documents(input);
    } catch (const Error&) {
    }
    const YamlDocument* doc = config_document(docs);
    LintFile file{input.name, Json::object(), {}};
    try {
        file.findings = lint_scheduler_config(input, minor);
    } catch (Error& e) {
        if (doc != nullptr && e.column() == 0 && e.kind() == ErrorKind::input &&
            (e.line() == 0 || !e.path().empty())) {
            Position at = locate_yaml_path(*doc, e.path());
            e.at(input.name, at.line, at.column);
        }
        throw;
    }
    if (doc != nullptr) {
        for (auto& f : file.findings) {
            if (f.line == 0 || f.col == 0) {
                Position at = locate_yaml_path(*doc, f.path);
                f.line = at.line;
                f.col = at.column;
            }
        }
    }
    return file;
}

} // namespace

LintRun lint_scheduler_configs(const std::vector<std::string>& args, int minor) {
    auto inputs = collect_lint_inputs(args, LintInputOptions{}, "sched lint");
    return run_lint(inputs, [minor](const std::string& path) { return lint_config(path, minor); });
}

} // namespace corral::k8s
