// corral ocf: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/ocf.
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "core/output.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/install.hpp"
#include "ocf/lint.hpp"
#include "ocf/metadata.hpp"
#include "ocf/new_agent.hpp"
#include "ocf/tester.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
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
    sub->add_option("-f,--file,agent", args->inputs,
                    "Agents, meta-data XML files, provider:agent names, directories (agents and "
                    "*.xml files below them), or - (stdin); repeatable")
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
        ctx.format("text,json,yaml");
        ocf::Schema schema = ocf::parse_schema(args->schema);
        return print_lint_run(ocf::lint_agents(args->inputs, schema, args->timeout), args->strict);
    });
}

void add_new(CLI::App& group, Context& ctx) {
    struct Args {
        std::string name, provider, exec, pidfile, user, health_cmd, systemd, ocf_version,
            description;
        ocf::NewRequest request;
    };
    auto a = std::make_shared<Args>();
    ocf::NewRequest& r = a->request;
    auto* sub = group.add_subcommand("new", "Generate a complete POSIX-sh OCF resource agent");
    sub->add_option("name", a->name, "Agent name (the file name under resource.d/PROVIDER/)");
    sub->add_option("--provider", a->provider, "Provider directory, e.g. acme");
    sub->add_option("--exec", a->exec, "Daemon command line to manage (daemon mode)")
        ->type_name("CMD");
    sub->add_option("--pidfile", a->pidfile, "Default pid file (absolute; daemon mode)")
        ->type_name("PATH");
    sub->add_option("--user", a->user, "Run the daemon as this user");
    sub->add_option("--param", r.params,
                    "Parameter 'name[:type][=default][,required][,unique][,reloadable]'; types "
                    "string integer boolean path file binary select(a|b)")
        ->type_name("SPEC");
    sub->add_option("--health-cmd", a->health_cmd,
                    "Command for the deep monitor (OCF_CHECK_LEVEL 10); exit 0 when healthy")
        ->type_name("CMD");
    sub->add_flag("--promotable", r.promotable,
                  "Add promote/demote (monitor returns 8 when promoted)");
    sub->add_flag("--notify", r.notify, "Add notify (always succeeds; logs the notify variables)");
    sub->add_flag("--reload", r.reload,
                  "Add reload-agent for reloadable parameters (OCF 1.1; a daemon is restarted)");
    sub->add_flag("--migrate", r.migrate, "Add migrate_to/migrate_from");
    sub->add_option("--systemd", a->systemd, "Manage this systemd unit instead of a process")
        ->type_name("UNIT");
    sub->add_option("--timeout", r.timeouts, "Advised timeout, ACTION=SECONDS (repeatable)")
        ->type_name("ACTION=SECONDS");
    sub->add_option("--ocf-version", a->ocf_version,
                    "OCF API version of the meta-data (default 1.0, which ocf-tester accepts)")
        ->check(CLI::IsMember({"1.0", "1.1"}));
    sub->add_option("--description", a->description, "One-line description (shortdesc)");
    sub->add_option("--from", r.from, "Read the same fields from a YAML spec")->type_name("FILE");
    sub->add_option("--out", r.out, "Directory to write the agent into (created when missing)")
        ->type_name("DIR")
        ->capture_default_str();
    sub->add_flag("--force", r.force, "Replace an existing file");
    on_run(*sub, ctx, [a, &ctx] {
        ctx.format("text,json,yaml");
        ocf::NewRequest req = a->request;
        req.name = a->name;
        req.provider = a->provider;
        req.exec = a->exec;
        req.pidfile = a->pidfile;
        req.user = a->user;
        req.health_cmd = a->health_cmd;
        req.systemd = a->systemd;
        req.ocf_version = a->ocf_version;
        req.description = a->description;
        req.quiet = ctx.quiet;
        ocf::NewResult res = ocf::run_new(req);
        print_result(res.json, res.text);
        return 0;
    });
}

void add_test(CLI::App& group, Context& ctx) {
    struct Args {
        std::string agent;
        std::vector<std::string> params;
        double timeout = 0;
        bool strict = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = group.add_subcommand(
        "test", "Run an agent through the ocf-tester sequence and more, without a cluster");
    sub->add_option("agent", a->agent, "Agent executable or provider:agent")
        ->required()
        ->type_name("PATH");
    sub->add_option("--param", a->params,
                    "Parameter NAME=VALUE, passed as OCF_RESKEY_NAME (repeatable)")
        ->type_name("NAME=VALUE");
    sub->add_option("--timeout", a->timeout,
                    "Seconds allowed to every action (default: each action's meta-data timeout)");
    sub->add_flag("--strict", a->strict,
                  "Tolerated deviations (a crashed daemon probed as failed, not stopped) fail too");
    on_run(*sub, ctx, [a, &ctx] {
        ctx.format("text,json,yaml");
        ocf::TestOptions o;
        o.agent = ocf::resolve_agent(a->agent);
        o.strict = a->strict;
        for (const auto& p : a->params) {
            auto [k, v] = ocf::parse_param_assignment(p);
            o.params[k] = v;
        }
        if (a->timeout < 0) {
            throw Error::usage("--timeout must be positive");
        }
        if (a->timeout > 0) {
            o.timeout = a->timeout;
        }
        ocf::TestReport r = ocf::run_agent_test(o);
        print_result(ocf::test_report_to_json(r), ocf::test_report_to_text(r));
        return r.passed ? 0 : 1;
    });
}

void add_install(CLI::App& group, Context& ctx) {
    auto o = std::make_shared<ocf::InstallOptions>();
    auto* sub = group.add_subcommand(
        "install", "Copy an agent into $OCF_ROOT/resource.d/PROVIDER/ with mode 0755, atomically");
    sub->add_option("agent", o->agent, "Agent file")->required()->type_name("PATH");
    sub->add_option("--provider", o->provider, "Provider directory under resource.d/")->required();
    sub->add_option("--root", o->root, "OCF root (default $OCF_ROOT or /usr/lib/ocf)")
        ->type_name("DIR");
    sub->add_flag("--force", o->force, "Replace an installed agent of the same name");
    on_run(*sub, ctx, [o, &ctx] {
        ctx.format("text,json,yaml");
        std::string path = ocf::install_agent(*o);
        if (std::string w = ocf::hacluster_reach_warning(path); !w.empty()) {
            log::warn("{}", w);
        }
        std::string name = path.substr(path.rfind('/') + 1);
        Json j;
        j["path"] = path;
        j["agent"] = "ocf:" + o->provider + ":" + name;
        print_result(j, "installed " + path + " (ocf:" + o->provider + ":" + name + ")\n");
        return 0;
    });
}

} // namespace

void add_ocf_commands(CLI::App& group_app, Context& ctx) {
    auto* group = &group_app;
    add_new(*group, ctx);
    add_meta(*group, ctx);
    add_lint(*group, ctx);
    add_test(*group, ctx);
    add_install(*group, ctx);
}

} // namespace corral::cli
