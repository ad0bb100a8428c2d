// Entry point: builds the command tree, parses, runs the selected action, and maps every failure
// to one stderr line and the exit codes of SPEC.md §0.
#include "cli/context.hpp"
#include "cli/tree.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>

namespace {

using corral::cli::Context;

// Options `app` accepts: its own, its option groups' (nameless subcommands), and with
// fallthrough its ancestors' (global flags after the verb), but not an ancestor's local options
// (cli/tree.hpp).
const CLI::Option* find_option(const CLI::App* app, const std::string& name) {
    return corral::cli::find_accepted_option(*app, name);
}

std::vector<std::string> long_names(const CLI::App* app) {
    std::vector<std::string> names;
    for (const auto& accepted : corral::cli::accepted_options(*app)) {
        for (const CLI::Option* o : accepted.options) {
            for (const auto& l : o->get_lnames()) {
                names.push_back("--" + l);
            }
        }
    }
    return names;
}

// A word that looks like a flag: "-x", "--name", "--name=value" (not "-" for stdin, not "-1").
bool flag_like(const std::string& word) {
    return word.size() > 1 && word[0] == '-' && !(word[1] >= '0' && word[1] <= '9');
}

// The option a flag word names, or nullptr when no command on the path knows it. Combined short
// flags ("-qv") are taken as known: CLI11 reports those itself.
bool unknown_flag(const CLI::App* where, const std::string& word) {
    std::string name = word.substr(0, word.find('='));
    if (name.size() > 2 && name[1] != '-') {
        return false;
    }
    return find_option(where, name) == nullptr;
}

// The first word that names no subcommand where one was expected, with a suggestion.
std::string unknown_command_hint(CLI::App& app, int argc, char** argv) {
    CLI::App* current = &app;
    std::string path = app.get_name();
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (word == "--") {
            break;
        }
        if (flag_like(word)) {
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
            // The value of the option before it (-o json, or a mistyped --provder acme) is not a
            // command: known options that take a value, and unknown flags, which the flag hint
            // reports.
            if (i > 1 && flag_like(argv[i - 1]) &&
                std::string(argv[i - 1]).find('=') == std::string::npos) {
                const CLI::Option* opt = find_option(current, argv[i - 1]);
                if ((opt != nullptr && opt->get_expected_max() > 0) ||
                    unknown_flag(current, argv[i - 1])) {
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

// "unknown flag '--knd', did you mean '--kind'?" for the first flag on the command line that no
// command on its path knows. Read from argv, not from CLI11's message: a mistyped flag followed
// by a value makes CLI11 2.1 report "arguments were not expected: liveness --knd", or a missing
// required option, or an unknown command.
std::string unknown_flag_hint(CLI::App& app, int argc, char** argv) {
    const CLI::App* current = &app;
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (word == "--") {
            break;
        }
        if (!flag_like(word)) {
            for (const CLI::App* sub : current->get_subcommands({})) {
                if (!sub->get_name().empty() && sub->get_name() == word) {
                    current = sub;
                    break;
                }
            }
            continue;
        }
        if (!unknown_flag(current, word)) {
            continue;
        }
        std::string flag = word.substr(0, word.find('='));
        std::string hint = corral::did_you_mean(flag, long_names(current));
        if (hint.empty()) {
            // An ancestor's own option (cli/tree.hpp local options): say whose it is.
            for (const CLI::App* a = current->get_parent(); a != nullptr; a = a->get_parent()) {
                if (a->get_option_no_throw(flag) != nullptr) {
                    return "unknown flag '" + flag + "' for '" + command_path(current) +
                           "': it is an option of '" + command_path(a) + "' itself";
                }
            }
        }
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
    try {
        // flag > environment > config file > default: the file only fills unset variables.
        corral::EnvLookup env = corral::process_env();
        corral::apply_config(corral::load_config(env), env);
        if (auto output = env("CORRAL_OUTPUT"); output && !output->empty()) {
            ctx.output = *output;
        }
    } catch (const corral::Error& e) {
        corral::log::error("config: {}", e.what());
        return e.exit_code();
    }
    CLI::App app{"corral: one CLI for the chores of Pacemaker, Kubernetes, Mesos and MinIO+Kafka",
                 "corral"};
    try {
        corral::cli::build_app(app, ctx, corral::cli::selected_group(argc, argv));
    } catch (const std::exception& e) {
        corral::log::error("internal error building the command tree: {}", e.what());
        return static_cast<int>(corral::ErrorKind::internal);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(deepest_parsed(app)->help().c_str(), stdout);
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::fputs(corral::cli::help_all(app).c_str(), stdout);
        return 0;
    } catch (const CLI::CallForVersion& e) {
        std::fputs((std::string(e.what()) + "\n").c_str(), stdout);
        return 0;
    } catch (const CLI::ParseError& e) {
        std::string hint = unknown_command_hint(app, argc, argv);
        if (hint.empty()) {
            hint = unknown_flag_hint(app, argc, argv);
        }
        std::string message = hint.empty() ? std::string(e.what()) : hint;
        if (!message.empty() && message.back() == '\n') {
            message.pop_back();
        }
        corral::log::error("{} (see '{} --help')", message, command_path(deepest_parsed(app)));
        return static_cast<int>(corral::ErrorKind::usage);
    } catch (const corral::Error& e) {
        corral::log::error("{}", e.what());
        return e.exit_code();
    } catch (const std::exception& e) {
        corral::log::error("internal error: {}", e.what());
        return static_cast<int>(corral::ErrorKind::internal);
    }

    if (!ctx.action) {
        // A group without a verb: show what it offers, as git and kubectl do.
        const CLI::App* where = deepest_parsed(app);
        std::fputs(where->help().c_str(), stderr);
        return static_cast<int>(corral::ErrorKind::usage);
    }
    try {
        return ctx.action();
    } catch (const corral::Error& e) {
        corral::log::error("{}", e.what());
        return e.exit_code();
    } catch (const std::bad_alloc&) {
        corral::log::error("out of memory");
        return static_cast<int>(corral::ErrorKind::internal);
    } catch (const std::exception& e) {
        corral::log::error("internal error: {}", e.what());
        return static_cast<int>(corral::ErrorKind::internal);
    }
}
