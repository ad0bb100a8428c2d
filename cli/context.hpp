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

// One function per command group (commands/<group>.cpp).
void add_ocf_commands(CLI::App& app, Context& ctx);
void add_probe_commands(CLI::App& app, Context& ctx);
void add_sched_commands(CLI::App& app, Context& ctx);
void add_mesos_commands(CLI::App& app, Context& ctx);
void add_notify_commands(CLI::App& app, Context& ctx);

// cli/: the tree, completion scripts and man pages.
void build_app(CLI::App& app, Context& ctx);
std::string completion_script(const CLI::App& app, const std::string& shell);
std::string render_man_page(const CLI::App& app, const std::string& source_text);

} // namespace corral::cli
