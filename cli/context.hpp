// Shared by cli/ and commands/: global flags and the action the invoked subcommand selected.
// CLI11 callbacks only record which command ran; main() runs the action after parsing (uenv style).
#pragma once

#include "core/output.hpp"

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace corral::cli {

struct Context {
    std::string output = "text";
    bool quiet = false;
    bool no_color = false;
    std::function<int()> action; // set by the selected subcommand's callback

    // The -o value as one of the common formats; `allowed` restricts it ("text,json,yaml").
    // Error::usage naming the choices otherwise.
    Format format(std::string_view allowed = "text,json,yaml") const;
};

// Makes `sub` run `fn` after parsing, when it is the selected command.
void on_run(CLI::App& sub, Context& ctx, std::function<int()> fn);

// One function per command group (commands/<group>.cpp): adds the verbs to the group, which
// cli/app.cpp creates with its name and description.
void add_ocf_commands(CLI::App& group, Context& ctx);
void add_probe_commands(CLI::App& group, Context& ctx);
void add_sched_commands(CLI::App& group, Context& ctx);
void add_mesos_commands(CLI::App& group, Context& ctx);
void add_notify_commands(CLI::App& group, Context& ctx);

// The group a command line names (first word that is not a global option), or "".
std::string selected_group(int argc, const char* const* argv);

// cli/: the tree, completion scripts and man pages. Only `expand` groups get their verbs; the
// others are listed with their description alone, which is all `corral --help` and did-you-mean
// need (start-up time: the full tree costs more than the rest of an offline command).
// `expand` "*" builds every group (__completion, man pages, --help-all).
void build_app(CLI::App& app, Context& ctx, const std::string& expand = "*");
std::string completion_script(const CLI::App& app, const std::string& shell);
// The committed completions/ script for bash, zsh or fish, embedded at build time.
std::string_view committed_completion_script(std::string_view shell);
std::string render_man_page(const CLI::App& app, const std::string& source_text);

} // namespace corral::cli
