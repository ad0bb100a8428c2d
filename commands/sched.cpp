// corral sched: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/k8s.
#include "cli/context.hpp"
#include "core/output.hpp"
#include "k8s/sched/run.hpp"

#include "cli/ranges.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

int print(const k8s::SchedResult& result) {
    print_result(result.data, result.text);
    return result.exit_code;
}

void add_version_flag(CLI::App* sub, std::string& version) {
    sub->add_option("--kubernetes-version", version,
                    "Kubernetes version whose kube-scheduler to follow (1.31-1.34)")
        ->type_name("VERSION")
        ->capture_default_str();
}

} // namespace

void add_sched_commands(CLI::App& group_app, Context& ctx) {
    auto* group = &group_app;

    {
        auto args = std::make_shared<k8s::ConfigRequest>();
        auto* sub = group->add_subcommand(
            "config", "Print a KubeSchedulerConfiguration (v1) that passes sched lint");
        sub->add_option("--preset", args->generate.preset, "Starting point")
            ->check(CLI::IsMember({"default", "binpack", "spread", "gpu-binpack"}))
            ->capture_default_str();
        sub->add_option("--scheduler-name", args->generate.scheduler_name,
                        "schedulerName of the profile")
            ->type_name("NAME");
        sub->add_option("--strategy", args->generate.strategy, "NodeResourcesFit scoring strategy")
            ->check(CLI::IsMember(
                {"least-allocated", "most-allocated", "requested-to-capacity-ratio"}));
        sub->add_option("--resource", args->generate.resources,
                        "Scored resource and weight (repeatable)")
            ->type_name("NAME=WEIGHT");
        sub->add_option(
               "--shape", args->generate.shape,
               "RequestedToCapacityRatio point, utilization 0-100, score 0-10 (repeatable)")
            ->type_name("UTIL:SCORE");
        sub->add_option("--enable", args->generate.enable,
                        "Enable a plugin at all its extension points (repeatable)")
            ->type_name("PLUGIN[:WEIGHT]");
        sub->add_option("--disable", args->generate.disable,
                        "Disable a plugin, or * for all defaults (repeatable)")
            ->type_name("PLUGIN|*");
        sub->add_option("--percentage-of-nodes-to-score", args->percentage_of_nodes_to_score,
                        "0-100; 0 is adaptive")
            ->type_name("N");
        sub->add_option("--profile", args->generate.profiles,
                        "Add a profile with this schedulerName (repeatable)")
            ->type_name("NAME");
        sub->add_flag("--leader-elect,!--no-leader-elect", args->generate.leader_elect,
                      "leaderElection.leaderElect (default true, as kube-scheduler's; "
                      "--no-leader-elect for a single scheduler without a lease)");
        sub->add_option("--kubeconfig", args->generate.kubeconfig, "clientConnection.kubeconfig")
            ->type_name("PATH");
        add_version_flag(sub, args->kubernetes_version);
        on_run(*sub, ctx, [args, &ctx] {
            ctx.format("text,json,yaml");
            return print(k8s::run_config(*args));
        });
    }
    {
        auto args = std::make_shared<k8s::LintRequest>();
        auto* sub = group->add_subcommand(
            "lint", "Validate a KubeSchedulerConfiguration as kube-scheduler would");
        sub->add_option("-f,--file,files", args->files,
                        "Configuration files, directories (*.yaml, *.yml, *.json below them) or - "
                        "(stdin); repeatable")
            ->type_name("FILE");
        sub->add_flag("--fix", args->fix,
                      "Print the config migrated to v1 (removed API versions and plugins)");
        sub->add_flag("--strict", args->strict, "Warnings fail the check too");
        add_version_flag(sub, args->kubernetes_version);
        on_run(*sub, ctx, [args, &ctx] {
            ctx.format("text,json,yaml");
            return print(k8s::run_lint(*args));
        });
    }
    {
        auto args = std::make_shared<k8s::SimulateRequest>();
        auto* sub = group->add_subcommand(
            "simulate", "Schedule pending pods offline with a scheduler configuration");
        sub->add_option("--config", args->config,
                        "KubeSchedulerConfiguration (default: kube-scheduler defaults)")
            ->type_name("FILE");
        sub->add_option("--cluster", args->cluster,
                        "Nodes and bound Pods (YAML/JSON, kubectl lists; repeatable)")
            ->type_name("FILE");
        sub->add_option("--pods", args->pods, "Pending Pods, in queue order (repeatable)")
            ->type_name("FILE");
        sub->add_option("--seed", args->seed, "Seed of the tie-breaking reservoir choice")
            ->capture_default_str()
            ->check(count_in_range(0));
        sub->add_option("--explain", args->explain,
                        "Print every plugin's scores for this pending pod")
            ->type_name("NS/NAME");
        sub->add_option("--compare", args->compare, "A second configuration to run side by side")
            ->type_name("FILE");
        add_version_flag(sub, args->kubernetes_version);
        on_run(*sub, ctx, [args, &ctx] {
            ctx.format("text,json,yaml");
            return print(k8s::run_simulate(*args));
        });
    }
}

} // namespace corral::cli
