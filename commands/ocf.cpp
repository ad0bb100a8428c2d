// corral ocf: CLI bindings only (flags -> lib/ocf request -> Report). Logic lives in lib/ocf.
#include "cli/context.hpp"
#include "cli/ranges.hpp"
#include "ocf/new_agent.hpp"
#include "ocf/run.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

void add_meta(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<ocf::MetaRequest>();
    auto* sub = group.add_subcommand(
        "meta",
        "Run an agent's meta-data action and print the normalized model (-o text|json|yaml|xml)");
    sub->add_option("agent", req->agent,
                    "Agent executable, meta-data XML file, provider:agent, or -")
        ->required()
        ->type_name("PATH");
    sub->add_option("--timeout", req->timeout, "Seconds the meta-data action may take")
        ->type_name("SECONDS")
        ->check(seconds_in_range())
        ->default_str("20");
    on_run(*sub, ctx, "text,json,yaml,xml", [req, &ctx] {
        req->xml = ctx.output == "xml"; // the only format the verb prints itself
        return ocf::run_meta(*req);
    });
}

void add_lint(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<ocf::LintRequest>();
    auto* sub = group.add_subcommand(
        "lint", "Check agents' meta-data: OCF 1.0 DTD or 1.1 schema, DOCTYPE, and semantics");
    sub->add_option("-f,--file,agent", req->inputs,
                    "Agents, meta-data XML files, provider:agent names, directories (agents and "
                    "*.xml files below them), or - (stdin); repeatable")
        ->type_name("PATH");
    sub->add_option("--schema", req->schema,
                    "dtd: exactly xmllint --dtdvalid ra-api-1.dtd; 1.1: the OCF 1.1 schema; auto: "
                    "by <version>, plus DOCTYPE and semantic checks")
        ->check(CLI::IsMember({"auto", "dtd", "1.0", "1.1"}))
        ->default_str("auto");
    sub->add_flag("--strict", req->strict, "Warnings fail the check too");
    sub->add_option("--timeout", req->timeout, "Seconds each meta-data action may take")
        ->type_name("SECONDS")
        ->check(seconds_in_range())
        ->default_str("20");
    on_run(*sub, ctx, "text,json,yaml", [req] { return ocf::run_lint(*req); });
}

void add_new(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<ocf::NewRequest>();
    auto* sub = group.add_subcommand("new", "Generate a complete POSIX-sh OCF resource agent");
    auto* name = sub->add_option("name", req->name,
                                 "Agent name (the file name under resource.d/PROVIDER/); "
                                 "may come from --from instead")
                     ->required();
    sub->add_option("--provider", req->provider,
                    "Provider directory, e.g. acme (needed unless --from gives it)");
    sub->add_option("--exec", req->exec, "Daemon command line to manage (daemon mode)")
        ->type_name("CMD");
    sub->add_option("--pidfile", req->pidfile, "Default pid file (absolute; daemon mode)")
        ->type_name("PATH");
    sub->add_option("--user", req->user, "Run the daemon as this user");
    sub->add_option("--param", req->params,
                    "Parameter 'name[:type][=default][,required][,unique][,reloadable]'; types "
                    "string integer boolean path file binary select(a|b)")
        ->type_name("SPEC");
    sub->add_option("--health-cmd", req->health_cmd,
                    "Command for the deep monitor (OCF_CHECK_LEVEL 10); exit 0 when healthy")
        ->type_name("CMD");
    sub->add_flag("--promotable", req->promotable,
                  "Add promote/demote (monitor returns 8 when promoted)");
    sub->add_flag("--notify", req->notify,
                  "Add notify (always succeeds; logs the notify variables)");
    sub->add_flag("--reload", req->reload,
                  "Add reload-agent for reloadable parameters (OCF 1.1; a daemon is restarted)");
    sub->add_flag("--migrate", req->migrate, "Add migrate_to/migrate_from");
    sub->add_option("--systemd", req->systemd, "Manage this systemd unit instead of a process")
        ->type_name("UNIT");
    sub->add_option("--timeout", req->timeouts, "Advised timeout, ACTION=SECONDS (repeatable)")
        ->type_name("ACTION=SECONDS");
    sub->add_option("--ocf-version", req->ocf_version,
                    "OCF API version of the meta-data (default 1.0, which ocf-tester accepts)")
        ->check(CLI::IsMember({"1.0", "1.1"}));
    sub->add_option("--description", req->description, "One-line description (shortdesc)");
    // A spec file may name the agent: NAME is required unless --from is given. CLI11 runs option
    // callbacks before it checks requirements, so --from lifts the requirement in time.
    sub->add_option("--from", req->from, "Read the same fields from a YAML spec")
        ->type_name("FILE")
        ->each([name](const std::string&) { name->required(false); });
    sub->add_option("--out", req->out, "Directory to write the agent into (created when missing)")
        ->type_name("DIR")
        ->default_str(".");
    sub->add_flag("--force", req->force, "Replace an existing file");
    on_run(*sub, ctx, "text,json,yaml", [req, &ctx] {
        req->quiet = ctx.quiet; // -q also leaves out the next steps
        return ocf::run_new(*req);
    });
}

void add_test(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<ocf::TestRequest>();
    auto* sub = group.add_subcommand(
        "test", "Run an agent through the ocf-tester sequence and more, without a cluster");
    sub->add_option("agent", req->agent, "Agent executable or provider:agent")
        ->required()
        ->type_name("PATH");
    sub->add_option("--param", req->params,
                    "Parameter NAME=VALUE, passed as OCF_RESKEY_NAME (repeatable)")
        ->type_name("NAME=VALUE");
    sub->add_option("--timeout", req->timeout,
                    "Seconds allowed to every action (default: each action's meta-data timeout)")
        ->type_name("SECONDS")
        ->check(seconds_in_range());
    sub->add_flag("--strict", req->strict,
                  "Tolerated deviations (a crashed daemon probed as failed, not stopped) fail too");
    on_run(*sub, ctx, "text,json,yaml", [req] { return ocf::run_test(*req); });
}

void add_install(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<ocf::InstallRequest>();
    auto* sub = group.add_subcommand(
        "install", "Copy an agent into $OCF_ROOT/resource.d/PROVIDER/ with mode 0755, atomically");
    sub->add_option("agent", req->agent, "Agent file")->required()->type_name("PATH");
    sub->add_option("--provider", req->provider, "Provider directory under resource.d/")
        ->required();
    sub->add_option("--root", req->root, "OCF root (default $OCF_ROOT or /usr/lib/ocf)")
        ->type_name("DIR");
    sub->add_flag("--force", req->force, "Replace an installed agent of the same name");
    on_run(*sub, ctx, "text,json,yaml", [req] { return ocf::run_install(*req); });
}

} // namespace

void add_ocf_commands(CLI::App& group, Context& ctx) {
    add_new(group, ctx);
    add_meta(group, ctx);
    add_lint(group, ctx);
    add_test(group, ctx);
    add_install(group, ctx);
}

} // namespace corral::cli
