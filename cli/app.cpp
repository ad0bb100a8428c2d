// Assembles the command tree: global flags, the five groups, and the tool's own verbs
// (version, completion, and the hidden __man and __completion the build uses to render man
// pages and completion scripts from the tree).
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output.hpp"

#include <CLI/CLI.hpp>

#ifndef CORRAL_VERSION
#define CORRAL_VERSION "0.0.0"
#endif

namespace corral::cli {

Format Context::format(std::string_view allowed) const {
    Format f = parse_format(output);
    std::string name(format_name(f));
    std::string list = "," + std::string(allowed) + ",";
    if (list.find("," + name + ",") == std::string::npos) {
        throw Error::usage("--output " + name + " is not available here (use one of " +
                           std::string(allowed) + ")");
    }
    output_settings().format = f;
    return f;
}

namespace {

// Resolved once per run: quiet, colour and the format the writers use.
void apply_settings(const Context& ctx, std::string_view format) {
    output_settings().quiet = ctx.quiet;
    if (format == "text" || format == "json" || format == "yaml" || format == "jsonl") {
        output_settings().format = parse_format(format);
    } else {
        output_settings().format = Format::text; // xml: the verb prints it
    }
    output_settings().color = color_wanted(ctx.no_color);
}

std::string listed(std::string_view formats) {
    std::string out(formats);
    for (auto& c : out) {
        if (c == ',') {
            c = '|';
        }
    }
    return out;
}

// True when -o/--output was on the command line (not from CORRAL_OUTPUT or the config file).
bool output_on_command_line(const CLI::App& sub) {
    const CLI::App* root = &sub;
    while (root->get_parent() != nullptr) {
        root = root->get_parent();
    }
    const CLI::Option* opt = root->get_option_no_throw("--output");
    return opt != nullptr && opt->count() > 0;
}

// The format this verb prints for the user's -o (see on_run in context.hpp).
std::string chosen_format(const CLI::App& sub, const Context& ctx, std::string_view formats) {
    if (format_listed(formats, ctx.output)) {
        return ctx.output;
    }
    if (!output_on_command_line(sub)) {
        return std::string(formats.substr(0, formats.find(',')));
    }
    std::vector<std::string> names;
    std::string list;
    for (std::string_view rest = formats; !rest.empty();) {
        std::size_t comma = rest.find(',');
        names.emplace_back(rest.substr(0, comma));
        list += (list.empty() ? "" : ", ") + names.back();
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    std::string hint = did_you_mean(ctx.output, names);
    throw Error::usage("--output " + ctx.output + " is not available for '" + sub.get_name() + "'" +
                       (hint.empty() ? "" : ", did you mean '" + hint + "'?") + " (use one of " +
                       list + ")");
}

// CLI11 2.1 runs a parent's callback after its selected subcommand's: a command that is also a
// group (`probe`, `probe inject`) keeps the subcommand's action.
bool subcommand_selected(const CLI::App& sub) {
    for (const CLI::App* parsed : sub.get_subcommands()) {
        if (!parsed->get_name().empty()) {
            return true;
        }
    }
    return false;
}

void add_formats_to_help(CLI::App& sub, std::string_view formats) {
    sub.footer("\nOutput: -o " + listed(formats) + sub.get_footer());
}

} // namespace

void on_run(CLI::App& sub, Context& ctx, std::string_view formats, std::function<Report()> fn) {
    add_formats_to_help(sub, formats);
    sub.callback([&ctx, &sub, formats = std::string(formats), fn = std::move(fn)] {
        if (subcommand_selected(sub)) {
            return;
        }
        std::string format = chosen_format(sub, ctx, formats); // before any work
        ctx.action = [&ctx, format, fn] {
            apply_settings(ctx, format);
            return print_report(fn());
        };
    });
}

void on_run(CLI::App& sub, Context& ctx, std::string_view formats, std::function<int()> fn) {
    add_formats_to_help(sub, formats);
    sub.callback([&ctx, &sub, formats = std::string(formats), fn = std::move(fn)] {
        if (subcommand_selected(sub)) {
            return;
        }
        std::string format = chosen_format(sub, ctx, formats);
        ctx.action = [&ctx, format, fn] {
            apply_settings(ctx, format);
            return fn();
        };
    });
}

namespace {

void add_completion(CLI::App& app, Context& ctx) {
    auto shell = std::make_shared<std::string>();
    auto* sub =
        app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
    sub->add_option("shell", *shell, "Shell to complete for")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    sub->footer("\nExamples:\n  source <(corral completion bash)\n"
                "  corral completion fish > ~/.config/fish/completions/corral.fish");
    on_run(*sub, ctx, "text", [shell] {
        write_stdout(committed_completion_script(*shell));
        return 0;
    });
    // What `make completions` writes to completions/: the scripts generated from the tree.
    auto generate = std::make_shared<std::string>();
    auto* gen = app.add_subcommand("__completion", "Generate a completion script from the tree");
    gen->group(""); // hidden
    gen->add_option("shell", *generate, "Shell to complete for")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh", "fish"}));
    on_run(*gen, ctx, "text", [&app, generate] {
        write_stdout(completion_script(app, *generate));
        return 0;
    });
}

void add_man(CLI::App& app, Context& ctx) {
    auto source = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("__man", "Render a man/*.scd.in source with generated sections");
    sub->group(""); // hidden
    sub->add_option("source", *source, "scdoc source with {{OPTIONS}}/{{COMMANDS}} markers")
        ->required();
    on_run(*sub, ctx, "text", [&app, source] {
        InputFile in = read_input(*source);
        write_stdout(render_man_page(app, in.content));
        return 0;
    });
}

} // namespace

std::string selected_group(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view word = argv[i];
        if (word == "--help-all" || word == "__completion" || word == "__man") {
            return "*";
        }
        if (word == "-o" || word == "--output") {
            ++i; // its value
            continue;
        }
        if (word.starts_with("-")) {
            continue;
        }
        return std::string(word);
    }
    return "";
}

void build_app(CLI::App& app, Context& ctx, const std::string& expand) {
    // Must precede add_subcommand: subcommands inherit it (CLI11 2.1), so global flags may follow
    // the verb as users type them (`corral mesos agents -o json`).
    app.fallthrough();
    use_corral_help(app);
    app.require_subcommand(0, 1);
    app.set_version_flag("--version", std::string("corral ") + CORRAL_VERSION);
    app.set_help_all_flag("--help-all", "Print help for every command");
    // CORRAL_OUTPUT (or `output:` in the config file) is read by main() into ctx.output before
    // parsing, not with envname(): on_run must know whether -o was typed (see context.hpp).
    app.add_option("-o,--output", ctx.output,
                   "Output format: text, json or yaml; a verb's help lists the formats it "
                   "prints (jsonl for streams, xml for ocf meta). Env CORRAL_OUTPUT")
        ->type_name("{text,json,yaml}");
    app.add_flag("-q,--quiet", ctx.quiet, "Print only errors on stderr");
    app.add_flag("--no-color", ctx.no_color, "Never colour output (also NO_COLOR=1)");
    app.footer("\nExit status: 0 ok, 1 check failed, 2 usage, 3 invalid input, 4 remote error,\n"
               "5 internal error, 130 interrupted. See corral(1).");

    struct Group {
        const char* name;
        const char* description;
        void (*add)(CLI::App&, Context&);
    };
    static constexpr Group groups[] = {
        {"ocf", "Pacemaker: scaffold, lint and test OCF resource agents", add_ocf_commands},
        {"probe", "Kubernetes probes: generate, inject into manifests, lint as the API server",
         add_probe_commands},
        {"sched", "Kubernetes scheduler: generate, lint and simulate KubeSchedulerConfiguration",
         add_sched_commands},
        {"mesos", "Mesos: parse resources, inspect agents, frameworks, roles, offers; what-if fit",
         add_mesos_commands},
        {"notify", "MinIO + Kafka: bucket notification target, event rules, topic, watch, verify",
         add_notify_commands},
    };
    for (const auto& g : groups) {
        auto* group = app.add_subcommand(g.name, g.description);
        group->require_subcommand(0, 1);
        if (expand == "*" || expand == g.name) {
            g.add(*group, ctx);
        }
    }
    add_completion(app, ctx);
    add_version(app, ctx);
    add_man(app, ctx);
}

} // namespace corral::cli
