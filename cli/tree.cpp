#include "cli/tree.hpp"

#include "core/error.hpp"

#include <CLI/CLI.hpp>

namespace corral::cli {

namespace {

std::string command_path(const CLI::App& app) {
    std::string path;
    for (const CLI::App* a = &app; a != nullptr; a = a->get_parent()) {
        if (!a->get_name().empty()) {
            path = a->get_name() + (path.empty() ? "" : " " + path);
        }
    }
    return path;
}

bool takes_name(const std::vector<const CLI::Option*>& options, const CLI::Option& option) {
    for (const CLI::Option* o : options) {
        for (const auto& l : option.get_lnames()) {
            if (o->check_lname(l)) {
                return true;
            }
        }
        for (const auto& s : option.get_snames()) {
            if (o->check_sname(s)) {
                return true;
            }
        }
    }
    return false;
}

// `app`'s options and those of its option groups; `inherited` leaves the local groups out.
std::vector<const CLI::Option*> options_of(const CLI::App& app, bool inherited) {
    std::vector<const CLI::Option*> out = app.get_options();
    for (const CLI::App* group :
         app.get_subcommands([](const CLI::App* s) { return s->get_name().empty(); })) {
        if (inherited && is_local_group(*group)) {
            continue;
        }
        for (const CLI::Option* o : group->get_options()) {
            out.push_back(o);
        }
    }
    return out;
}

} // namespace

// The marker is CLI11's own: a group re-enabled at every parse because something switches it off
// (what CLI::TriggerOff does); in corral only add_local_options sets it.
bool is_local_group(const CLI::App& app) {
    return app.get_name().empty() && app.get_enabled_by_default();
}

CLI::App* add_local_options(CLI::App& command, const std::string& heading) {
    CLI::App* group = command.add_option_group(heading);
    group->enabled_by_default();
    return group;
}

void seal_local_options(CLI::App& command, CLI::App& group) {
    for (CLI::App* sub :
         command.get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); })) {
        sub->preparse_callback([&command, &group, sub](std::size_t) {
            group.disabled();
            std::vector<const CLI::Option*> own = options_of(*sub, false);
            for (const CLI::Option* given : group.get_options()) {
                if (given->count() > 0 && !takes_name(own, *given)) {
                    throw Error::usage("'" + command_path(*sub) + "' does not take " +
                                       given->get_name(false, false) + " (an option of '" +
                                       command_path(command) + "' itself)");
                }
            }
        });
    }
}

std::vector<AcceptedOptions> accepted_options(const CLI::App& command) {
    std::vector<AcceptedOptions> out;
    std::vector<const CLI::Option*> seen;
    bool inherited = false;
    for (const CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
        if (app->get_name().empty()) {
            continue; // an option group: its options are its command's
        }
        AcceptedOptions accepted{app, {}};
        for (const CLI::Option* o : options_of(*app, inherited)) {
            if (!takes_name(seen, *o)) {
                accepted.options.push_back(o);
            }
        }
        seen.insert(seen.end(), accepted.options.begin(), accepted.options.end());
        out.push_back(std::move(accepted));
        if (!app->get_fallthrough()) {
            break;
        }
        inherited = true;
    }
    return out;
}

const CLI::Option* find_accepted_option(const CLI::App& command, const std::string& name) {
    for (const auto& accepted : accepted_options(command)) {
        for (const CLI::Option* o : accepted.options) {
            if (o->check_name(name)) {
                return o;
            }
        }
    }
    return nullptr;
}

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
    // FILE, or PATH alone (an HTTP path is URL-PATH: not a file name to complete).
    std::string shown = type.substr(type.find(':') == std::string::npos ? 0 : type.find(':') + 1);
    if (type.find("FILE") != std::string::npos || shown == "PATH") {
        info.file = true;
    }
    if (type.find("DIR") != std::string::npos) {
        info.directory = true;
    }
}

void collect_options(const CLI::App& app, std::vector<OptionInfo>& out, bool local = false) {
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
        info.local = local;
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
            collect_options(*sub, info.options, is_local_group(*sub)); // an option group
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
