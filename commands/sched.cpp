// corral sched: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/k8s.
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "core/output.hpp"
#include "k8s/sched_cluster.hpp"
#include "k8s/sched_config.hpp"
#include "k8s/sched_generate.hpp"
#include "k8s/sched_report.hpp"
#include "k8s/sched_sim.hpp"

#include "cli/ranges.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>

namespace corral::cli {

namespace {

struct ConfigArgs {
    k8s::GenerateOptions gen;
    int percentage = -1;
    std::string version = "1.34";
};

struct LintArgs {
    std::vector<std::string> files;
    std::string version = "1.34";
    bool fix = false;
};

struct SimulateArgs {
    std::string config;
    std::vector<std::string> cluster, pods;
    std::uint64_t seed = 1;
    std::string explain, compare;
    std::string version = "1.34";
};

k8s::SchedulerConfiguration load_config(const std::string& path) {
    if (path.empty())
        return k8s::default_scheduler_config();
    return k8s::parse_scheduler_config(read_input(path));
}

int run_config(const ConfigArgs& a, Context& ctx) {
    Format f = ctx.format("text,json,yaml");
    int minor = k8s::parse_kubernetes_version(a.version);
    k8s::GenerateOptions gen = a.gen;
    if (a.percentage >= 0)
        gen.percentage = a.percentage;
    Json cfg = k8s::generate_scheduler_config(gen, minor);
    write_stdout(f == Format::json ? to_json(cfg) : to_yaml(cfg));
    return 0;
}

int run_lint(const LintArgs& a, Context& ctx) {
    Format f = ctx.format("text,json,yaml");
    int minor = k8s::parse_kubernetes_version(a.version);
    auto inputs = read_inputs(a.files);
    if (inputs.empty())
        throw Error::usage("sched lint: give a configuration with -f FILE");
    if (a.fix) {
        if (inputs.size() != 1)
            throw Error::usage("--fix takes one configuration");
        std::vector<k8s::Finding> findings;
        auto cfg = k8s::parse_scheduler_config(inputs[0], &findings);
        std::vector<std::string> notes;
        Json migrated = k8s::migrate_config(cfg.raw, &notes);
        for (const auto& n : notes)
            log::info("{}: migrated: {}", inputs[0].name, n);
        // The migrated config must pass lint itself.
        InputFile again{inputs[0].name, to_json(migrated)};
        std::vector<k8s::Finding> after;
        auto parsed = k8s::parse_scheduler_config(again, &after);
        k8s::apply_defaults(parsed, minor);
        for (auto& x : k8s::validate_config(parsed, minor))
            after.push_back(x);
        int errors = 0;
        for (const auto& x : after)
            if (x.severity == "error") {
                ++errors;
                log::error("{}: still invalid after migration: {}: {}", inputs[0].name, x.path,
                           x.message);
            }
        write_stdout(f == Format::json ? to_json(migrated) : to_yaml(migrated));
        return errors ? 1 : 0;
    }
    Json all = Json::array();
    std::string text;
    int errors = 0;
    for (const auto& in : inputs) {
        std::vector<k8s::Finding> findings;
        auto cfg = k8s::parse_scheduler_config(in, &findings);
        k8s::apply_defaults(cfg, minor);
        for (auto& x : k8s::validate_config(cfg, minor))
            findings.push_back(x);
        for (const auto& x : findings)
            errors += x.severity == "error";
        all.push_back(k8s::lint_json(in.name, findings));
        text += k8s::lint_text(in.name, findings);
    }
    print_result(all.size() == 1 ? all[0] : all, text);
    return errors ? 1 : 0;
}

int run_simulate(const SimulateArgs& a, Context& ctx) {
    ctx.format("text,json,yaml");
    int minor = k8s::parse_kubernetes_version(a.version);
    if (a.cluster.empty())
        throw Error::usage("sched simulate: give the cluster with --cluster FILE");
    auto t0 = std::chrono::steady_clock::now();
    k8s::Cluster cluster;
    for (const auto& in : read_inputs(a.cluster))
        k8s::load_cluster_file(in, cluster);
    k8s::LoadOptions pending;
    pending.pods_only = true;
    for (const auto& in : read_inputs(a.pods))
        k8s::load_cluster_file(in, cluster, pending);
    k8s::finish_cluster(cluster);
    for (const auto& p : cluster.pending)
        if (p.has_pod_affinity)
            log::warn("pod {}: podAffinity/podAntiAffinity is not simulated (InterPodAffinity)",
                      p.key());
    double load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    k8s::SimOptions opt;
    opt.minor = minor;
    opt.seed = a.seed;
    opt.explain_pod = a.explain;
    if (!a.explain.empty()) {
        bool found = false;
        for (const auto& p : cluster.pending)
            found |= p.key() == a.explain || (p.name == a.explain && p.ns == "default");
        if (!found)
            throw Error::usage("--explain: no pending pod \"" + a.explain +
                               "\" (use NAMESPACE/NAME)");
    }
    auto sim_a = k8s::build_sim_config(load_config(a.config), minor);
    k8s::SimRun run_a{a.config.empty() ? "<defaults>" : a.config,
                      k8s::simulate(cluster, sim_a, opt), load_seconds};
    int unschedulable = 0;
    for (const auto& p : run_a.result.placements)
        unschedulable += p.node < 0;
    if (!a.compare.empty()) {
        auto sim_b = k8s::build_sim_config(load_config(a.compare), minor);
        k8s::SimRun run_b{a.compare, k8s::simulate(cluster, sim_b, opt), load_seconds};
        print_result(k8s::compare_json(cluster, run_a, run_b),
                     k8s::compare_text(cluster, run_a, run_b));
        return 0;
    }
    print_result(k8s::simulate_json(cluster, run_a), k8s::simulate_text(cluster, run_a));
    (void)unschedulable;
    return 0;
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
        auto args = std::make_shared<ConfigArgs>();
        auto* sub = group->add_subcommand(
            "config", "Print a KubeSchedulerConfiguration (v1) that passes sched lint");
        sub->add_option("--preset", args->gen.preset, "Starting point")
            ->check(CLI::IsMember({"default", "binpack", "spread", "gpu-binpack"}))
            ->capture_default_str();
        sub->add_option("--scheduler-name", args->gen.scheduler_name,
                        "schedulerName of the profile")
            ->type_name("NAME");
        sub->add_option("--strategy", args->gen.strategy, "NodeResourcesFit scoring strategy")
            ->check(CLI::IsMember(
                {"least-allocated", "most-allocated", "requested-to-capacity-ratio"}));
        sub->add_option("--resource", args->gen.resources,
                        "Scored resource and weight (repeatable)")
            ->type_name("NAME=WEIGHT");
        sub->add_option(
               "--shape", args->gen.shape,
               "RequestedToCapacityRatio point, utilization 0-100, score 0-10 (repeatable)")
            ->type_name("UTIL:SCORE");
        sub->add_option("--enable", args->gen.enable,
                        "Enable a plugin at all its extension points (repeatable)")
            ->type_name("PLUGIN[:WEIGHT]");
        sub->add_option("--disable", args->gen.disable,
                        "Disable a plugin, or * for all defaults (repeatable)")
            ->type_name("PLUGIN|*");
        sub->add_option("--percentage-of-nodes-to-score", args->percentage, "0-100; 0 is adaptive")
            ->type_name("N");
        sub->add_option("--profile", args->gen.profiles,
                        "Add a profile with this schedulerName (repeatable)")
            ->type_name("NAME");
        sub->add_flag("--leader-elect", args->gen.leader_elect,
                      "Enable leader election (for HA control planes)");
        sub->add_option("--kubeconfig", args->gen.kubeconfig, "clientConnection.kubeconfig")
            ->type_name("PATH");
        add_version_flag(sub, args->version);
        on_run(*sub, ctx, [args, &ctx] { return run_config(*args, ctx); });
    }
    {
        auto args = std::make_shared<LintArgs>();
        auto* sub = group->add_subcommand(
            "lint", "Validate a KubeSchedulerConfiguration as kube-scheduler would");
        sub->add_option("-f,--file", args->files, "Configuration file(s), - for stdin")
            ->type_name("FILE")
            ->required();
        sub->add_flag("--fix", args->fix,
                      "Print the config migrated to v1 (removed API versions and plugins)");
        add_version_flag(sub, args->version);
        on_run(*sub, ctx, [args, &ctx] { return run_lint(*args, ctx); });
    }
    {
        auto args = std::make_shared<SimulateArgs>();
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
        add_version_flag(sub, args->version);
        on_run(*sub, ctx, [args, &ctx] { return run_simulate(*args, ctx); });
    }
}

} // namespace corral::cli
