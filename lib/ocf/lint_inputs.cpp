// `ocf lint` over its inputs: agents (run for their meta-data), meta-data XML files,
// provider:agent names, directories of them, and stdin, with the shared lint input contract
// (core/lint_input.hpp).
#include "core/io.hpp"
#include "core/lint_input.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/lint.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace corral::ocf {

namespace {

bool agent_or_xml(const std::string& path) {
    bool xml = path.size() > 4 && path.compare(path.size() - 4, 4, ".xml") == 0;
    return xml || ::access(path.c_str(), X_OK) == 0;
}

} // namespace

LintRun lint_agents(const std::vector<std::string>& args, Schema schema, double timeout_seconds) {
    LintInputOptions options;
    options.accept = agent_or_xml;
    options.what = "agents (executables) or *.xml files";
    options.resolve = resolve_agent;
    auto inputs = collect_lint_inputs(args, options, "ocf lint");
    Json unread;
    unread["version"] = nullptr;
    return run_lint(
        inputs,
        [&](const std::string& path) {
            // A file read as meta-data (not an agent to run) that is empty is "empty input", as in
            // the other lint verbs, not "not executable and not XML".
            std::string file = path == "-" ? path : resolve_agent(path);
            struct stat st {};
            if (file != "-" && ::stat(file.c_str(), &st) == 0 &&
                !(S_ISREG(st.st_mode) && ::access(file.c_str(), X_OK) == 0)) {
                require_lint_content(path, read_input(file).content);
            }
            MetadataSource src = load_metadata_source(path, timeout_seconds);
            require_lint_content(src.name, src.xml);
            return to_lint_file(lint_metadata(src.xml, src.name, schema));
        },
        unread);
}

} // namespace corral::ocf
