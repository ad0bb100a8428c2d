// corral mesos: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/mesos.
#include "cli/context.hpp"
#include "mesos/run.hpp"

#include "cli/ranges.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

void add_resources(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<mesos::ResourcesRequest>();
    auto* sub = group.add_subcommand(
        "resources", "Parse an agent --resources value exactly as Mesos does and normalize it");
    sub->add_option("resources", req->value,
                    "The value: 'cpus:4;mem(web):1024;ports:[31000-32000]', a JSON array of "
                    "Resource objects, or file:///path")
        ->required();
    sub->add_option("--default-role", req->default_role,
                    "Role of entries without '(role)' (the agent's --default_role; default *)")
        ->type_name("ROLE");
    sub->footer("\nExamples:\n  corral mesos resources 'cpus:4;mem:8192;ports(web):[8000-8100]'\n"
                "  corral mesos resources -o json \"$(cat /etc/mesos-slave/resources)\"");
    on_run(*sub, ctx, "text,json,yaml", [req] { return mesos::run_resources(*req); });
}

void add_attributes(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<mesos::AttributesRequest>();
    auto* sub = group.add_subcommand("attributes",
                                     "Parse an agent --attributes value exactly as Mesos does");
    sub->add_option("attributes", req->value,
                    "The value: 'rack:r1;zone:us-east-1a;level:10' or file:///path")
        ->required();
    sub->footer("\nExample:\n  corral mesos attributes 'rack:r1;os:centos 7;ports:[1000-1500]'");
    on_run(*sub, ctx, "text,json,yaml", [req] { return mesos::run_attributes(*req); });
}

// Connection and input flags shared by the views and fit.
void add_source_options(CLI::App& sub, mesos::SourceOptions& o) {
    sub.add_option("--state", o.state_file,
                   "Saved master state: GET /master/state, /master/state-summary or a v1 "
                   "GET_STATE response ('-' for stdin)")
        ->type_name("FILE");
    sub.add_option("--master", o.master,
                   "Master URL, e.g. http://mesos-master:5050 (env CORRAL_MESOS_MASTER); a "
                   "non-leading master's 307 is followed")
        ->type_name("URL");
    sub.add_option("--api", o.api, "Master API: v0 (GET /master/state) or v1 (POST /api/v1)")
        ->check(CLI::IsMember({"v0", "v1"}));
    sub.add_option("--principal", o.principal,
                   "HTTP basic auth principal (env CORRAL_MESOS_PRINCIPAL); the secret comes "
                   "from CORRAL_MESOS_SECRET or --secret-file")
        ->type_name("NAME");
    sub.add_option("--secret-file", o.secret_file,
                   "File holding the principal's secret (env CORRAL_MESOS_SECRET_FILE)")
        ->type_name("FILE");
    sub.add_option("--timeout", o.timeout, "Seconds allowed for the whole exchange with the master")
        ->type_name("SECONDS")
        ->check(seconds_in_range());
    sub.add_option("--ca-file", o.ca_file, "CA bundle to verify an https master")
        ->type_name("FILE");
    sub.add_flag("--insecure", o.insecure, "Do not verify the master's TLS certificate");
    sub.add_flag("--insecure-redirect", o.insecure_redirect,
                 "Follow an https master's redirect to plain http (credentials are sent only to "
                 "the --master origin)");
    sub.add_option("--roles", o.roles_file,
                   "Saved /master/roles, /master/weights, /master/quota or v1 GET_ROLES/GET_QUOTA/"
                   "GET_WEIGHTS JSON (weights and quota)")
        ->type_name("FILE");
}

struct ViewSpec {
    const char* name;
    const char* description;
    mesos::View view;
    bool filter_framework;
    bool filter_agent;
    bool filter_role;
    const char* footer;
};

void add_view(CLI::App& group, Context& ctx, const ViewSpec& spec) {
    auto req = std::make_shared<mesos::ViewRequest>();
    req->view = spec.view;
    auto* sub = group.add_subcommand(spec.name, spec.description);
    add_source_options(*sub, req->source);
    if (spec.filter_framework) {
        sub->add_option("--framework", req->filters.framework, "Only this framework (id or name)")
            ->type_name("ID|NAME");
    }
    if (spec.filter_agent) {
        sub->add_option("--agent", req->filters.agent, "Only this agent (id or hostname)")
            ->type_name("ID|HOST");
    }
    if (spec.filter_role) {
        sub->add_option("--role", req->filters.role, "Only this role")->type_name("ROLE");
    }
    sub->footer(spec.footer);
    on_run(*sub, ctx, "text,json,yaml", [req] { return mesos::run_view(*req); });
}

void add_fit(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<mesos::FitArgs>();
    auto* sub = group.add_subcommand(
        "fit", "What-if: how many tasks of a shape fit on which agents, and why not elsewhere");
    add_source_options(*sub, req->source);
    sub->add_option("--task", req->task,
                    "Task shape: cpus=1,mem=128[,gpus=1,disk=..,ports=N], or 'cpus:1;mem:128' "
                    "as in --resources")
        ->required()
        ->type_name("SHAPE");
    sub->add_option("--count", req->count,
                    "Tasks wanted (default: as many as fit); exit 1 when "
                    "fewer fit")
        ->type_name("N")
        ->check(count_in_range(1));
    sub->add_option("--role", req->role,
                    "Role the tasks run as (reservations of the role and "
                    "its ancestors are usable)")
        ->type_name("ROLE");
    sub->add_option("--constraint", req->constraints,
                    "Agent attribute constraint attr=value or 'attr~regex' (quote it: a "
                    "shell globs [..]; repeatable)")
        ->type_name("ATTR=VALUE|ATTR~REGEX");
    sub->add_option("--use", req->use,
                    "Pool: free (unreserved + role-reserved free resources) or offers "
                    "(outstanding offers only)")
        ->check(CLI::IsMember({"offers", "free"}));
    sub->footer(
        "\nExamples:\n  corral mesos fit --state state.json --task cpus=1,mem=128 --count 20\n"
        "  corral mesos fit --master http://m:5050 --task cpus=2,mem=1024,ports=2 "
        "--role web --constraint 'rack~r[12]' --use offers\n"
        "  corral mesos fit --state state.json --task 'cpus:2;mem:2048'   # the --resources "
        "spelling");
    on_run(*sub, ctx, "text,json,yaml", [req] { return mesos::run_fit(*req); });
}

} // namespace

void add_mesos_commands(CLI::App& group_app, Context& ctx) {
    auto* group = &group_app;
    add_resources(*group, ctx);
    add_attributes(*group, ctx);
    add_view(*group, ctx,
             {"agents",
              "Agents: total, used, offered, reserved per role (static/dynamic), unreserved, free",
              mesos::View::agents, false, true, true,
              "\nExamples:\n  corral mesos agents --master http://mesos-master:5050\n"
              "  corral mesos agents --state state.json -o json | jq '.agents[].free'"});
    add_view(*group, ctx,
             {"frameworks", "Frameworks: allocated, offered and DRF dominant share",
              mesos::View::frameworks, true, false, true,
              "\nExample:\n  corral mesos frameworks --state state.json"});
    add_view(*group, ctx,
             {"roles",
              "Roles: weight, allocation, DRF dominant share, quota guarantee/limit/consumed",
              mesos::View::roles, false, false, true,
              "\nExamples:\n  corral mesos roles --master http://mesos-master:5050\n"
              "  corral mesos roles --state state.json --roles roles.json"});
    add_view(*group, ctx,
             {"offers", "Outstanding offers (v0 /master/state or v1 GET_STATE)",
              mesos::View::offers, true, true, true,
              "\nExample:\n  corral mesos offers --master http://mesos-master:5050 --framework "
              "marathon"});
    add_fit(*group, ctx);
}

} // namespace corral::cli
