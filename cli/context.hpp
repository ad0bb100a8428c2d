// Shared by cli/ and commands/: global flags and the action the invoked subcommand selected.
// CLI11 callbacks only record which command ran; main() runs the action after parsing (uenv style).
#pragma once

#include "core/output.hpp"
#include "core/report.hpp"

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace corral::cli {

struct Context {
    std::string output = "text"; // -o, else CORRAL_OUTPUT, else the config file's `output`
    bool quiet = false;
    bool no_color = false;
    std::function<int()> action; // set by the selected subcommand's callback

    // The -o value as one of the common formats; `allowed` restricts it ("text,json,yaml").
    // Error::usage naming the choices otherwise.
    Format format(std::string_view allowed = "text,json,yaml") const;
};

// Registering a verb (the one way, for new code):
//
//     auto req = std::make_shared<mesos::FitRequest>();      // std::optional fields
//     sub->add_option("--count", req->count, "...");           // CLI11 binds the optionals
//     on_run(*sub, ctx, "text,json,yaml", [req] { return mesos::run_fit(*req); });
//
// `formats` lists what the verb can print ("text,json,yaml", "text", "text,jsonl", "text,xml",
// ...); the first is its default. When the verb is parsed, before anything runs, on_run checks
// -o against it: a format given with -o that the verb cannot print is exit 2 naming the verb's
// formats; one that came from CORRAL_OUTPUT or the config file falls back to the verb's first
// format (a default must not break verbs that print text only). The format is then in
// output_settings().format (text for xml, which the verb prints itself: see ctx.output). `fn`
// returns a Report, printed in that format; the process exits with report.exit. The verb's help
// lists its formats.
void on_run(CLI::App& sub, Context& ctx, std::string_view formats, std::function<Report()> fn);
// The same for verbs that print as they go (streams: watch, test runs): `fn` returns the exit code.
void on_run(CLI::App& sub, Context& ctx, std::string_view formats, std::function<int()> fn);

// One function per command group (commands/<group>.cpp): adds the verbs to the group, which
// cli/app.cpp creates with its name and description.
void add_ocf_commands(CLI::App& group, Context& ctx);
void add_probe_commands(CLI::App& group, Context& ctx);
void add_sched_commands(CLI::App& group, Context& ctx);
void add_mesos_commands(CLI::App& group, Context& ctx);
void add_notify_commands(CLI::App& group, Context& ctx);

// Help (cli/help.cpp): installs corral's formatter on `app` (before its subcommands are added:
// they inherit it), and renders --help-all: the top-level help, then every command's own help.
void use_corral_help(CLI::App& app);
std::string help_all(const CLI::App& app);

// corral version (cli/version.cpp).
void add_version(CLI::App& app, Context& ctx);

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
