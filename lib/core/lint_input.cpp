#include "core/lint_input.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <filesystem>

namespace corral {

namespace fs = std::filesystem;

namespace {

bool data_extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

Finding problem(const std::string& path, std::string message) {
    Finding f;
    f.code = std::string(kInputCode);
    f.message = std::move(message);
    f.file = path;
    return f;
}

// Accepted regular files below `dir`, sorted; dot files and dot directories are skipped
// (resource.d/heartbeat/.ocf-shellfuncs, .git).
std::vector<std::string> walk(const std::string& dir, const LintInputOptions& options,
                              std::error_code& ec) {
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory(ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        std::error_code type_ec;
        if (!it->is_regular_file(type_ec)) {
            continue;
        }
        std::string path = it->path().string();
        if (options.accept ? options.accept(path) : data_extension(path)) {
            found.push_back(std::move(path));
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

} // namespace

std::vector<LintInput> collect_lint_inputs(const std::vector<std::string>& args,
                                           const LintInputOptions& options, std::string_view verb) {
    if (args.empty()) {
        throw Error::usage(std::string(verb) + " needs FILE or -f FILE (- for stdin)");
    }
    std::vector<LintInput> out;
    for (const auto& arg : args) {
        if (arg == "-") {
            out.push_back({arg, std::nullopt});
            continue;
        }
        std::error_code ec;
        std::string path = arg;
        auto status = fs::status(path, ec);
        if ((ec || !fs::exists(status)) && options.resolve) {
            path = options.resolve(arg);
            status = fs::status(path, ec);
        }
        if (ec || !fs::exists(status)) {
            out.push_back({arg, problem(arg, "no such file or directory")});
            continue;
        }
        if (!fs::is_directory(status)) {
            out.push_back({arg, std::nullopt});
            continue;
        }
        std::vector<std::string> found = walk(path, options, ec);
        if (ec) {
            out.push_back({arg, problem(arg, "cannot list directory: " + ec.message())});
        } else if (found.empty()) {
            out.push_back({arg, problem(arg, "directory holds no " + options.what)});
        }
        for (auto& f : found) {
            out.push_back({std::move(f), std::nullopt});
        }
    }
    return out;
}

void require_lint_content(const std::string& name, std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw Error::input("empty input: nothing to lint").at(name);
    }
}

LintRun run_lint(const std::vector<LintInput>& inputs,
                 const std::function<LintFile(const std::string& path)>& lint_one,
                 const Json& unread_fields) {
    LintRun run;
    for (const auto& input : inputs) {
        if (input.problem) {
            run.add(LintFile{input.problem->file, unread_fields, {*input.problem}});
            continue;
        }
        try {
            run.add(lint_one(input.path));
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::input && e.kind() != ErrorKind::usage) {
                throw;
            }
            std::string name = input.path == "-" ? "<stdin>" : input.path;
            run.add(LintFile{name, unread_fields, {input_finding(name, e)}});
        }
    }
    return run;
}

} // namespace corral
