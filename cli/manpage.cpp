// Renders man/*.scd.in: hand-written prose plus sections generated from the command tree, so the
// OPTIONS of a man page cannot drift from the binary. Markers (alone on a line):
//   {{COMMANDS corral probe}}  every command under that path: synopsis, description, options
//   {{GLOBAL_OPTIONS}}         the options every command accepts
//   {{VERSION}}                corral's version
#include "cli/context.hpp"
#include "cli/tree.hpp"
#include "core/strings.hpp"

#include <CLI/CLI.hpp>

#ifndef CORRAL_VERSION
#define CORRAL_VERSION "0.0.0"
#endif

namespace corral::cli {

namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '*' || c == '_' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string option_entry(const OptionInfo& o) {
    std::string head;
    for (const auto& n : o.names) {
        head += (head.empty() ? "" : ", ") + std::string("*") + escape(n) + "*";
    }
    if (!o.value_name.empty() && !o.positional) {
        head += " _" + escape(o.value_name) + "_";
    }
    std::string body = escape(o.description);
    if (!o.choices.empty() && o.description.find(o.choices.front()) == std::string::npos) {
        std::string list;
        for (const auto& c : o.choices) {
            list += (list.empty() ? "" : ", ") + c;
        }
        body += " One of: " + escape(list) + ".";
    }
    if (!o.env.empty()) {
        body += " Environment: *" + escape(o.env) + "*.";
    }
    if (o.required) {
        body += " Required.";
    }
    std::string out = head + "\n";
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t nl = body.find('\n', start);
        out += "\t" + body.substr(start, nl == std::string::npos ? std::string::npos : nl - start) +
               "\n";
        if (nl == std::string::npos) {
            break;
        }
        start = nl + 1;
    }
    return out + "\n";
}

std::string commands_section(const std::vector<CommandInfo>& tree, const std::string& prefix) {
    std::string out;
    for (const auto& cmd : tree) {
        std::string path = cmd.joined();
        if (path != prefix && !path.starts_with(prefix + " ")) {
            continue;
        }
        out += "## " + escape(path) + "\n\n";
        std::string synopsis = "*" + escape(path) + "*";
        if (!cmd.subcommands.empty()) {
            synopsis += " _COMMAND_";
        }
        for (const auto& o : cmd.options) {
            if (o.positional) {
                synopsis += " _" + escape(o.names.front()) + "_";
            }
        }
        bool has_flags = false;
        for (const auto& o : cmd.options) {
            has_flags = has_flags || !o.positional;
        }
        if (has_flags) {
            synopsis += " [_OPTIONS_]";
        }
        out += synopsis + "\n\n";
        if (!cmd.description.empty()) {
            out += escape(cmd.description) + "\n\n";
        }
        if (!cmd.subcommands.empty()) {
            for (const auto& [name, desc] : cmd.subcommands) {
                out += "*" + escape(name) + "*\n\t" + escape(desc) + "\n\n";
            }
        }
        for (const auto& o : cmd.options) {
            out += option_entry(o);
        }
    }
    return out;
}

} // namespace

std::string render_man_page(const CLI::App& app, const std::string& source_text) {
    auto tree = walk_tree(app);
    std::string out;
    std::size_t start = 0;
    while (start < source_text.size()) {
        std::size_t nl = source_text.find('\n', start);
        std::string line =
            source_text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? source_text.size() : nl + 1;
        std::string t = trim(line);
        if (t.starts_with("{{COMMANDS ") && t.ends_with("}}")) {
            out += commands_section(tree, trim(t.substr(11, t.size() - 13)));
        } else if (t == "{{GLOBAL_OPTIONS}}") {
            for (const auto& o : tree.front().options) {
                out += option_entry(o);
            }
        } else {
            std::size_t v = line.find("{{VERSION}}");
            if (v != std::string::npos) {
                line.replace(v, 11, CORRAL_VERSION);
            }
            out += line + "\n";
        }
    }
    return out;
}

} // namespace corral::cli
