// Entry point: builds the command tree, parses, runs the selected action, and maps every failure
// to one stderr line and the exit codes of SPEC.md §0.
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>

namespace {

using corral::cli::Context;

// The first word that names no subcommand where one was expected, with a suggestion.
std::string unknown_command_hint(CLI::App& app, int argc, char** argv) {
    CLI::App* current = &app;
    std::string path = app.get_name();
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (word == "--") {
            break;
        }
        if (!word.empty() && word[0] == '-') {
            continue;
        }
        auto subs = current->get_subcommands([](CLI::App* s) { return !s->get_name().empty(); });
        if (subs.empty()) {
            return "";
        }
        CLI::App* next = nullptr;
        std::vector<std::string> names;
        for (auto* s : subs) {
            if (s->get_name() == word) {
                next = s;
            }
            if (s->get_group() != "") {
                names.push_back(s->get_name());
            }
        }
        if (next == nullptr) {
            // A value of a global option (-o json) is not a command.
            if (i > 1 && std::string(argv[i - 1]).starts_with("-") &&
                std::string(argv[i - 1]).find('=') == std::string::npos) {
                CLI::Option* opt = nullptr;
                try {
                    opt = current->get_option_no_throw(argv[i - 1]);
                } catch (...) {
                }
                if (opt != nullptr && opt->get_expected_max() > 0) {
                    continue;
                }
            }
            std::string hint = corral::did_you_mean(word, names);
            return "unknown command '" + word + "' for '" + path + "'" +
                   (hint.empty() ? "" : ", did you mean '" + hint + "'?");
        }
        current = next;
        path += " " + word;
    }
    return "";
}

std::string command_path(const CLI::App* app) {
    std::string path;
    for (const CLI::App* a = app; a != nullptr; a = a->get_parent()) {
        path = a->get_name() + (path.empty() ? "" : " " + path);
    }
    return path;
}

// "unknown flag '--kindd' for 'corral probe http', did you mean '--kind'?" for CLI11's ExtrasError.
std::string unknown_flag_hint(const CLI::App* where, const std::string& message) {
    for (const char* prefix : {"The following argument was not expected: ",
                               "The following arguments were not expected: "}) {
        if (!message.starts_with(prefix)) {
            continue;
        }
        std::string word = message.substr(std::string(prefix).size());
        word = word.substr(0, word.find(' '));
        if (!word.starts_with("-")) {
            return "";
        }
        std::string flag = word.substr(0, word.find('='));
        std::vector<std::string> names;
        for (const CLI::App* a = where; a != nullptr; a = a->get_parent()) {
            for (const CLI::Option* o : a->get_options()) {
                for (const auto& l : o->get_lnames()) {
                    names.push_back("--" + l);
                }
            }
        }
        std::string hint = corral::did_you_mean(flag, names);
        return "unknown flag '" + flag + "'" +
               (hint.empty() ? "" : ", did you mean '" + hint + "'?");
    }
    return "";
}

// The deepest subcommand that was parsed, for "see 'corral probe http --help'".
const CLI::App* deepest_parsed(const CLI::App& app) {
    const CLI::App* current = &app;
    for (;;) {
        auto parsed = current->get_subcommands();
        const CLI::App* next = nullptr;
        for (auto* s : parsed) {
            if (!s->get_name().empty()) {
                next = s;
            }
        }
        if (next == nullptr) {
            return current;
        }
        current = next;
    }
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    Context ctx;
    CLI::App app{"corral: one CLI for the chores of Pacemaker, Kubernetes, Mesos and MinIO+Kafka",
                 "corral"};
    try {
        corral::cli::build_app(app, ctx, corral::cli::selected_group(argc, argv));
    } catch (const std::exception& e) {
        corral::log::error("internal error building the command tree: {}", e.what());
        return static_cast<int>(corral::Exit::internal);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(deepest_parsed(app)->help().c_str(), stdout);
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::fputs(app.help("", CLI::AppFormatMode::All).c_str(), stdout);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::fputs((std::string(e.what()) + "\n").c_str(), stdout);
        return 0;
    } catch (const CLI::ParseError& e) {
        std::string hint = unknown_command_hint(app, argc, argv);
        if (hint.empty()) {
            hint = unknown_flag_hint(deepest_parsed(app), e.what());
        }
        std::string message = hint.empty() ? std::string(e.what()) : hint;
        if (!message.empty() && message.back() == '\n') {
            message.pop_back();
        }
        corral::log::error("{} (see '{} --help')", message, command_path(deepest_parsed(app)));
        return static_cast<int>(corral::Exit::usage);
    } catch (const corral::Error& e) {
        corral::log::error("{}", e.what());
        return e.exit_code();
    } catch (const std::exception& e) {
        corral::log::error("internal error: {}", e.what());
        return static_cast<int>(corral::Exit::internal);
    }

    if (!ctx.action) {
        // A group without a verb: show what it offers, as git and kubectl do.
        const CLI::App* where = deepest_parsed(app);
        std::fputs(where->help().c_str(), stderr);
        return static_cast<int>(corral::Exit::usage);
    }
    try {
        return ctx.action();
    } catch (const corral::Error& e) {
        corral::log::error("{}", e.what());
        return e.exit_code();
    } catch (const std::bad_alloc&) {
        corral::log::error("out of memory");
        return static_cast<int>(corral::Exit::internal);
    } catch (const std::exception& e) {
        corral::log::error("internal error: {}", e.what());
        return static_cast<int>(corral::Exit::internal);
    }
}
