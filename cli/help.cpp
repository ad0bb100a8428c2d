// Help output: CLI11's formatter with the whole command path in "Usage:" (`corral ocf new
// [OPTIONS] NAME`), optional positionals in brackets and required options spelled out, the global
// options in every command's help, and --help-all with every verb's flags.
#include "cli/context.hpp"
#include "cli/tree.hpp"
#include "core/strings.hpp"

#include <CLI/CLI.hpp>

#include <sstream>

namespace corral::cli {

namespace {

const CLI::App* root_of(const CLI::App* app) {
    while (app->get_parent() != nullptr) {
        app = app->get_parent();
    }
    return app;
}

std::string path_of(const CLI::App* app) {
    std::string path;
    for (const CLI::App* a = app; a != nullptr; a = a->get_parent()) {
        if (!a->get_name().empty()) {
            path = a->get_name() + (path.empty() ? "" : " " + path);
        }
    }
    return path;
}

bool is_help(const CLI::App* app, const CLI::Option* opt) {
    return opt == app->get_help_ptr() || opt == app->get_help_all_ptr() ||
           opt->get_name() == "--version";
}

// Options of `app` and of its option groups (nameless subcommands).
std::vector<const CLI::Option*> own_options(const CLI::App* app) {
    std::vector<const CLI::Option*> out = app->get_options();
    for (const CLI::App* group :
         app->get_subcommands([](const CLI::App* s) { return s->get_name().empty(); })) {
        for (const CLI::Option* o : group->get_options()) {
            out.push_back(o);
        }
    }
    return out;
}

class Formatter : public CLI::Formatter {
public:
    std::string make_usage(const CLI::App* app, std::string /*name*/) const override {
        std::ostringstream out;
        out << "Usage: " << path_of(app);
        std::vector<const CLI::Option*> options = own_options(app);
        bool any_option = false;
        std::string required;
        std::string positionals;
        for (const CLI::Option* opt : options) {
            if (opt->get_group().empty() || is_help(app, opt)) {
                continue;
            }
            if (opt->get_positional()) {
                std::string name = upper(opt->get_name(true, false));
                if (opt->get_expected_max() > 1) {
                    name += "...";
                }
                positionals += opt->get_required() ? " " + name : " [" + name + "]";
            } else if (opt->get_required()) {
                std::string type = opt->get_type_name();
                required += " " + opt->get_name() + (type.empty() ? "" : " " + type);
            } else {
                any_option = true;
            }
        }
        if (app->get_parent() != nullptr) {
            any_option = true; // the global options
        }
        if (any_option) {
            out << " [OPTIONS]";
        }
        out << required << positionals;
        if (!app->get_subcommands([](const CLI::App* s) {
                    return !s->get_disabled() && !s->get_name().empty() && !s->get_group().empty();
                })
                 .empty()) {
            out << (app->get_require_subcommand_min() == 0 ? " [COMMAND]" : " COMMAND");
        }
        out << "\n";
        return out.str();
    }

    std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
        std::string name = CLI::Formatter::make_option_name(opt, is_positional);
        if (is_positional) {
            name = upper(name); // NAME, as in the usage line and the man pages
        }
        return is_positional && !opt->get_required() ? "[" + name + "]" : name;
    }

    // An option group (nameless subcommand) shows its options under their headings, as the
    // command's own, not as "[Option Group: Probe]" with a nested copy of the heading.
    std::string make_expanded(const CLI::App* sub) const override {
        if (sub->get_name().empty()) {
            return "\n" + make_groups(sub, CLI::AppFormatMode::Sub);
        }
        return CLI::Formatter::make_expanded(sub);
    }

    std::string make_footer(const CLI::App* app) const override {
        std::string out;
        const CLI::App* root = root_of(app);
        // Options of the commands between the root and this one that it accepts too (CLI11
        // fallthrough: `probe inject http` takes inject's -f/--container), nearest first.
        for (const auto& accepted : accepted_options(*app)) {
            if (accepted.owner == app || accepted.owner == root) {
                continue;
            }
            std::vector<const CLI::Option*> inherited;
            for (const CLI::Option* o : accepted.options) {
                if (o->nonpositional() && !o->get_group().empty() && !is_help(accepted.owner, o)) {
                    inherited.push_back(o);
                }
            }
            if (!inherited.empty()) {
                out += make_group("Options of " + path_of(accepted.owner), false, inherited)
                           .substr(1) +
                       "\n";
            }
        }
        if (app != root) {
            // Global options, accepted before or after the verb (CLI11 fallthrough).
            std::vector<const CLI::Option*> globals =
                root->get_options([root](const CLI::Option* o) {
                    return o->nonpositional() && !o->get_group().empty() && !is_help(root, o);
                });
            if (!globals.empty()) {
                out += make_group("Global options", false, globals).substr(1);
            }
        }
        std::string footer = CLI::Formatter::make_footer(app);
        return out + footer;
    }
};

void collect(const CLI::App* app, std::vector<const CLI::App*>& out) {
    for (const CLI::App* sub : app->get_subcommands({})) {
        if (sub->get_name().empty() || sub->get_group().empty()) {
            continue; // option groups, hidden commands
        }
        out.push_back(sub);
        collect(sub, out);
    }
}

} // namespace

void use_corral_help(CLI::App& app) {
    app.formatter(std::make_shared<Formatter>());
}

std::string help_all(const CLI::App& app) {
    std::string out = app.help();
    std::vector<const CLI::App*> commands;
    collect(&app, commands);
    for (const CLI::App* command : commands) {
        out += "\n" + std::string(72, '-') + "\n";
        out += command->help();
    }
    return out;
}

} // namespace corral::cli
