// corral mesos: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/mesos.
#include "cli/context.hpp"
#include "mesos/parse_report.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

void add_resources(CLI::App& group, Context& ctx) {
    struct Args {
        std::string value;
        std::string default_role = "*";
    };
    auto args = std::make_shared<Args>();
    auto* sub = group.add_subcommand(
        "resources", "Parse an agent --resources value exactly as Mesos does and normalize it");
    sub->add_option("resources", args->value,
                    "The value: 'cpus:4;mem(web):1024;ports:[31000-32000]', a JSON array of "
                    "Resource objects, or file:///path")
        ->required();
    sub->add_option("--default-role", args->default_role,
                    "Role of entries without '(role)' (the agent's --default_role)")
        ->type_name("ROLE");
    sub->footer("\nExamples:\n  corral mesos resources 'cpus:4;mem:8192;ports(web):[8000-8100]'\n"
                "  corral mesos resources -o json \"$(cat /etc/mesos-slave/resources)\"");
    on_run(*sub, ctx, [args, &ctx] {
        ctx.format();
        auto report = mesos::resources_report(args->value, args->default_role);
        print_result(report.json, report.text);
        return 0;
    });
}

void add_attributes(CLI::App& group, Context& ctx) {
    auto value = std::make_shared<std::string>();
    auto* sub = group.add_subcommand("attributes",
                                     "Parse an agent --attributes value exactly as Mesos does");
    sub->add_option("attributes", *value,
                    "The value: 'rack:r1;zone:us-east-1a;level:10' or file:///path")
        ->required();
    sub->footer("\nExample:\n  corral mesos attributes 'rack:r1;os:centos 7;ports:[1000-1500]'");
    on_run(*sub, ctx, [value, &ctx] {
        ctx.format();
        auto report = mesos::attributes_report(*value);
        print_result(report.json, report.text);
        return 0;
    });
}

} // namespace

void add_mesos_commands(CLI::App& app, Context& ctx) {
    auto* group = app.add_subcommand(
        "mesos", "Mesos: parse resources, inspect agents, frameworks, roles, offers; what-if fit");
    group->require_subcommand(0, 1);
    add_resources(*group, ctx);
    add_attributes(*group, ctx);
}

} // namespace corral::cli
