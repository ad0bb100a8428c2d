// A flat description of the CLI11 tree, shared by the completion and man page generators.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace corral::cli {

struct OptionInfo {
    std::vector<std::string> names; // "--output", "-o"
    std::string value_name;         // "" for flags
    std::vector<std::string> choices;
    bool file = false; // completes file names
    bool directory = false;
    bool positional = false;
    std::string description;
    std::string env; // environment variable, if bound
    bool required = false;
    bool local = false; // from add_local_options: not accepted by the command's subcommands
};

struct CommandInfo {
    std::vector<std::string> path; // {"corral", "probe", "http"}
    std::string description;
    std::vector<std::pair<std::string, std::string>> subcommands; // name, description
    std::vector<OptionInfo> options;                              // own options only
    std::string footer;

    std::string joined() const;
};

// Options a command takes that its subcommands do not inherit. CLI11 (fallthrough) lets a
// subcommand take every option of its ancestors: right for the global flags and for
// `probe inject http -f FILE`, wrong for the probe group's own generation flags at `probe lint`.
// add_local_options makes an option group for them; seal_local_options, called once the
// subcommands are added, switches the group off when a subcommand starts parsing, and refuses its
// options given before a subcommand that has no option of that name (Error::usage). One local group
// per command; a sealed subcommand's pre-parse callback is taken.
CLI::App* add_local_options(CLI::App& command, const std::string& heading);
void seal_local_options(CLI::App& command, CLI::App& group);
bool is_local_group(const CLI::App& app);

// The options the parser accepts where `command` is the deepest command, as CLI11 looks them up:
// its own and its option groups', then each ancestor's (fallthrough) except the ancestors' local
// groups, nearest first. A name taken by a nearer command hides the same name further up.
struct AcceptedOptions {
    const CLI::App* owner = nullptr;
    std::vector<const CLI::Option*> options;
};
std::vector<AcceptedOptions> accepted_options(const CLI::App& command);
// The accepted option named `name` ("--kind", "-f"), or nullptr.
const CLI::Option* find_accepted_option(const CLI::App& command, const std::string& name);

// Every visible command, depth first, in declaration order. Hidden commands (group "") are left
// out, option groups are merged into their command, --help is omitted.
std::vector<CommandInfo> walk_tree(const CLI::App& app);

} // namespace corral::cli
