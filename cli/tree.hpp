// A flat description of the CLI11 tree, shared by the completion and man page generators.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

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
};

struct CommandInfo {
    std::vector<std::string> path; // {"corral", "probe", "http"}
    std::string description;
    std::vector<std::pair<std::string, std::string>> subcommands; // name, description
    std::vector<OptionInfo> options;                              // own options only
    std::string footer;

    std::string joined() const;
};

// Every visible command, depth first, in declaration order. Hidden commands (group "") are left
// out, option groups are merged into their command, --help is omitted.
std::vector<CommandInfo> walk_tree(const CLI::App& app);

} // namespace corral::cli
