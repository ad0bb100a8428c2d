// corral ocf: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/ocf.
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/output.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/lint.hpp"
#include "ocf/metadata.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

void add_meta(CLI::App& group, Context& ctx) {
    struct Args {
        std::string agent;
        double timeout = 20;
    };
    auto args = std::make_shared<Args>();
    auto* sub = group.add_subcommand(
        "meta",
        "Run an agent's meta-data action and print the normalized model (-o text|json|yaml|xml)");
    sub->add_option("agent", args->agent,
                    "Agent executable, meta-data XML file, provider:agent, or -")
        ->required()
        ->type_name("PATH");
    sub->add_option("--timeout", args->timeout, "Seconds the meta-data action may take")
        ->capture_default_str();
    on_run(*sub, ctx, [args, &ctx] {
        bool xml = ctx.output == "xml";
        if (!xml) {
            ctx.format("text,json,yaml");
        }
        ocf::MetadataSource src = ocf::load_metadata_source(args->agent, args->timeout);
        ocf::Metadata md = ocf::parse_metadata(src.xml, src.name);
        if (xml) {
            write_stdout(src.xml);
            return 0;
        }
        print_result(ocf::metadata_to_json(md), ocf::metadata_to_text(md));
        return 0;
    });
}

void add_lint(CLI::App& group, Context& ctx) {
    struct Args {
        std::vector<std::string> inputs;
        std::string schema = "auto";
        bool strict = false;
        double timeout = 20;
    };
    auto args = std::make_shared<Args>();
    auto* sub = group.add_subcommand(
        "lint", "Check agents' meta-data: OCF 1.0 DTD or 1.1 schema, DOCTYPE, and semantics");
    sub->add_option("agent", args->inputs,
                    "Agents, meta-data XML files, provider:agent names, or - for stdin")
        ->required()
        ->type_name("PATH");
    sub->add_option("--schema", args->schema,
                    "dtd: exactly xmllint --dtdvalid ra-api-1.dtd; 1.1: the OCF 1.1 schema; auto: "
                    "by <version>, plus DOCTYPE and semantic checks")
        ->check(CLI::IsMember({"auto", "dtd", "1.0", "1.1"}))
        ->capture_default_str();
    sub->add_flag("--strict", args->strict, "Warnings fail the check too");
    sub->add_option("--timeout", args->timeout, "Seconds each meta-data action may take")
        ->capture_default_str();
    on_run(*sub, ctx, [args, &ctx] {
        Format format = ctx.format("text,json,yaml");
        ocf::Schema schema = ocf::parse_schema(args->schema);
        Json all = Json::array();
        std::string text;
        int errors = 0;
        int warnings = 0;
        for (const auto& input : args->inputs) {
            ocf::MetadataSource src = ocf::load_metadata_source(input, args->timeout);
            ocf::LintResult r = ocf::lint_metadata(src.xml, src.name, schema);
            errors += r.errors;
            warnings += r.warnings;
            all.push_back(ocf::lint_to_json(r));
            text += ocf::lint_to_text(r);
        }
        if (format == Format::text) {
            text += std::to_string(args->inputs.size()) +
                    (args->inputs.size() == 1 ? " agent" : " agents") + ": " +
                    std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
                    std::to_string(warnings) + (warnings == 1 ? " warning\n" : " warnings\n");
        }
        print_result(all.size() == 1 ? all[0] : all, text);
        return errors > 0 || (args->strict && warnings > 0) ? 1 : 0;
    });
}

} // namespace

void add_ocf_commands(CLI::App& app, Context& ctx) {
    auto* group =
        app.add_subcommand("ocf", "Pacemaker: scaffold, lint and test OCF resource agents");
    group->require_subcommand(0, 1);
    add_meta(*group, ctx);
    add_lint(*group, ctx);
}

} // namespace corral::cli
