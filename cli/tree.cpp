#include "cli/tree.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

std::string CommandInfo::joined() const {
    std::string s;
    for (const auto& p : path) {
        s += (s.empty() ? "" : " ") + p;
    }
    return s;
}

namespace {

void parse_type_name(const std::string& type, OptionInfo& info) {
    auto open = type.find('{');
    auto close = type.rfind('}');
    if (open != std::string::npos && close != std::string::npos && close > open) {
        std::string body = type.substr(open + 1, close - open - 1);
        std::size_t start = 0;
        while (start <= body.size()) {
            std::size_t comma = body.find(',', start);
            std::string item =
                body.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!item.empty()) {
                info.choices.push_back(item);
            }
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
    }
    if (type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos) {
        info.file = true;
    }
    if (type.find("DIR") != std::string::npos) {
        info.directory = true;
    }
}

void collect_options(const CLI::App& app, std::vector<OptionInfo>& out) {
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_name() == "--help" || opt->get_name() == "-h,--help" ||
            opt->get_lnames() == std::vector<std::string>{"help"} ||
            opt->get_lnames() == std::vector<std::string>{"help-all"}) {
            continue;
        }
        if (opt->get_group().empty()) {
            continue; // hidden
        }
        OptionInfo info;
        for (const auto& l : opt->get_lnames()) {
            info.names.push_back("--" + l);
        }
        for (const auto& s : opt->get_snames()) {
            info.names.push_back("-" + s);
        }
        info.positional = info.names.empty();
        if (info.positional) {
            info.names.push_back(opt->get_name());
        }
        if (opt->get_expected_max() > 0 || info.positional) {
            std::string type = opt->get_type_name();
            parse_type_name(type, info);
            auto colon = type.find(':');
            std::string shown = colon == std::string::npos ? type : type.substr(colon + 1);
            if (shown.empty() || shown.front() == '{') {
                shown = info.choices.empty() ? "VALUE" : shown;
            }
            info.value_name = shown;
        }
        info.description = opt->get_description();
        info.env = opt->get_envname();
        info.required = opt->get_required();
        out.push_back(std::move(info));
    }
}

void walk(const CLI::App& app, std::vector<std::string> path, std::vector<CommandInfo>& out) {
    CommandInfo info;
    info.path = path;
    info.description = app.get_description();
    info.footer = app.get_footer();
    collect_options(app, info.options);
    auto subs = app.get_subcommands([](const CLI::App*) { return true; });
    std::vector<const CLI::App*> children;
    for (const CLI::App* sub : subs) {
        if (sub->get_name().empty()) {
            collect_options(*sub, info.options); // an option group
            continue;
        }
        if (sub->get_group().empty()) {
            continue; // hidden command
        }
        info.subcommands.emplace_back(sub->get_name(), sub->get_description());
        children.push_back(sub);
    }
    out.push_back(std::move(info));
    for (const CLI::App* sub : children) {
        auto child = path;
        child.push_back(sub->get_name());
        walk(*sub, child, out);
    }
}

} // namespace

std::vector<CommandInfo> walk_tree(const CLI::App& app) {
    std::vector<CommandInfo> out;
    walk(app, {app.get_name()}, out);
    return out;
}

} // namespace corral::cli
