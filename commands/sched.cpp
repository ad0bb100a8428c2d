// corral sched: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/k8s/sched.
#include "cli/context.hpp"
#include "k8s/sched/run.hpp"

#include "cli/ranges.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

void add_version_flag(CLI::App& sub, std::optional<std::string>& version) {
    sub.add_option("--kubernetes-version", version,
                   "Kubernetes version whose kube-scheduler to follow (1.31-1.34)")
        ->type_name("VERSION")
        ->default_str(k8s::kDefaultKubernetesVersion);
}

void add_config(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<k8s::ConfigRequest>();
    auto* sub = group.add_subcommand(
        "config", "Print a KubeSchedulerConfiguration (v1) that passes sched lint");
    sub->add_option("--preset", req->preset, "Starting point")
        ->check(CLI::IsMember({"default", "binpack", "spread", "gpu-binpack"}))
        ->default_str("default");
    sub->add_option("--scheduler-name", req->scheduler_name, "schedulerName of the profile")
        ->type_name("NAME");
    sub->add_option("--strategy", req->strategy, "NodeResourcesFit scoring strategy")
        ->check(
            CLI::IsMember({"least-allocated", "most-allocated", "requested-to-capacity-ratio"}));
    sub->add_option("--resource", req->resources, "Scored resource and weight (repeatable)")
        ->type_name("NAME=WEIGHT");
    sub->add_option("--shape", req->shape,
                    "RequestedToCapacityRatio point, utilization 0-100, score 0-10 (repeatable)")
        ->type_name("UTIL:SCORE");
    sub->add_option("--enable", req->enable,
                    "Enable a plugin at all its extension points (repeatable)")
        ->type_name("PLUGIN[:WEIGHT]");
    sub->add_option("--disable", req->disable,
                    "Disable a plugin, or * for all defaults (repeatable)")
        ->type_name("PLUGIN|*");
    sub->add_option("--percentage-of-nodes-to-score", req->percentage_of_nodes_to_score,
                    "0-100; 0 is adaptive")
        ->type_name("N");
    sub->add_option("--profile", req->profiles,
                    "Add a profile with this schedulerName (repeatable)")
        ->type_name("NAME");
    sub->add_flag("--leader-elect,!--no-leader-elect", req->leader_elect,
                  "leaderElection.leaderElect (default true, as kube-scheduler's; "
                  "--no-leader-elect for a single scheduler without a lease)");
    sub->add_option("--kubeconfig", req->kubeconfig, "clientConnection.kubeconfig")
        ->type_name("PATH");
    add_version_flag(*sub, req->kubernetes_version);
    on_run(*sub, ctx, "text,json,yaml", [req] { return k8s::run_config(*req); });
}

void add_lint(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<k8s::LintRequest>();
    auto* sub = group.add_subcommand(
        "lint", "Validate a KubeSchedulerConfiguration as kube-scheduler would");
    sub->add_option("-f,--file,files", req->files,
                    "Configuration files, directories (*.yaml, *.yml, *.json below them) or - "
                    "(stdin); repeatable")
        ->type_name("FILE");
    sub->add_flag("--fix", req->fix,
                  "Print the config migrated to v1 (removed API versions and plugins)");
    sub->add_flag("--strict", req->strict, "Warnings fail the check too");
    add_version_flag(*sub, req->kubernetes_version);
    on_run(*sub, ctx, "text,json,yaml", [req] { return k8s::run_lint(*req); });
}

void add_simulate(CLI::App& group, Context& ctx) {
    auto req = std::make_shared<k8s::SimulateRequest>();
    auto* sub = group.add_subcommand(
        "simulate", "Schedule pending pods offline with a scheduler configuration");
    sub->add_option("--config", req->config,
                    "KubeSchedulerConfiguration (default: kube-scheduler defaults)")
        ->type_name("FILE");
    sub->add_option("--cluster", req->cluster,
                    "Nodes and bound Pods (YAML/JSON, kubectl lists; repeatable)")
        ->type_name("FILE");
    sub->add_option("--pods", req->pods, "Pending Pods, in queue order (repeatable)")
        ->type_name("FILE");
    sub->add_option("--seed", req->seed, "Seed of the tie-breaking reservoir choice")
        ->default_str("1")
        ->check(count_in_range(0));
    sub->add_option("--explain", req->explain, "Print every plugin's scores for this pending pod")
        ->type_name("NS/NAME");
    sub->add_option("--compare", req->compare, "A second configuration to run side by side")
        ->type_name("FILE");
    add_version_flag(*sub, req->kubernetes_version);
    on_run(*sub, ctx, "text,json,yaml", [req] { return k8s::run_simulate(*req); });
}

} // namespace

void add_sched_commands(CLI::App& group, Context& ctx) {
    add_config(group, ctx);
    add_lint(group, ctx);
    add_simulate(group, ctx);
}

} // namespace corral::cli
