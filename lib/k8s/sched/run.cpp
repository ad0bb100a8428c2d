#include "k8s/sched/run.hpp"

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/output.hpp"
#include "k8s/sched/cluster.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/fix.hpp"
#include "k8s/sched/generate.hpp"
#include "k8s/sched/report.hpp"
#include "k8s/sched/sim.hpp"

#include <chrono>

namespace corral::k8s {

namespace {

int requested_minor(const std::optional<std::string>& kubernetes_version) {
    return parse_kubernetes_version(kubernetes_version.value_or(kDefaultKubernetesVersion));
}

} // namespace

Report run_config(const ConfigRequest& request) {
    int minor = requested_minor(request.kubernetes_version);
    GenerateOptions options;
    options.preset = request.preset.value_or(options.preset);
    options.scheduler_name = request.scheduler_name.value_or("");
    options.strategy = request.strategy.value_or("");
    options.resources = request.resources;
    options.shape = request.shape;
    options.enable = request.enable;
    options.disable = request.disable;
    options.percentage = request.percentage_of_nodes_to_score;
    options.profiles = request.profiles;
    options.leader_elect = request.leader_elect;
    options.kubeconfig = request.kubeconfig.value_or("");
    Report report;
    report.data = generate_scheduler_config(options, minor);
    report.text = to_yaml(report.data);
    return report;
}

namespace {

// --fix: the migrated config, edited into the user's text; it must pass lint itself.
Report run_fix(const InputFile& input, int minor) {
    auto cfg = parse_scheduler_config(input, nullptr, /*for_migration=*/true);
    std::vector<std::string> notes;
    Json migrated = migrate_config(cfg.raw, &notes);
    for (const auto& note : notes) {
        log::info("{}: migrated: {}", input.name, note);
    }
    Report report;
    report.data = migrated;
    report.text = edit_scheduler_config_text(input, cfg.raw, migrated);
    for (const auto& finding : lint_scheduler_config({input.name, report.text}, minor)) {
        if (finding.severity == Severity::error) {
            report.check(false);
            log::error("{}: still invalid after migration: {}: {}", input.name, finding.path,
                       finding.message);
        }
    }
    return report;
}

} // namespace

Report run_lint(const LintRequest& request) {
    int minor = requested_minor(request.kubernetes_version);
    if (request.fix) {
        auto inputs = read_inputs(request.files);
        if (inputs.size() != 1) {
            throw Error::usage("--fix takes one configuration");
        }
        return run_fix(inputs[0], minor);
    }
    return lint_report(lint_scheduler_configs(request.files, minor), request.strict);
}

namespace {

SchedulerConfiguration load_config(const std::optional<std::string>& path) {
    if (!path) {
        return default_scheduler_config();
    }
    return parse_scheduler_config(read_input(*path));
}

bool names_pending_pod(const Cluster& cluster, const std::string& wanted) {
    for (const auto& pod : cluster.pending) {
        if (pod.key() == wanted || (pod.name == wanted && pod.ns == "default")) {
            return true;
        }
    }
    return false;
}

} // namespace

Report run_simulate(const SimulateRequest& request) {
    int minor = requested_minor(request.kubernetes_version);
    if (request.cluster.empty()) {
        throw Error::usage("sched simulate: give the cluster with --cluster FILE");
    }
    auto started = std::chrono::steady_clock::now();
    Cluster cluster;
    LoadOptions bound;
    // Pod-level spec.resources count where the PodLevelResources gate is on by default:
    // pkg/features/kube_features.go has it alpha (off) from 1.32 and beta (on) from 1.34, and the
    // scheduler's NodeResourcesFit (plugins/noderesources/fit.go computePodResourceRequest) calls
    // component-helpers resource.PodRequests with SkipPodLevelResources: !EnablePodLevelResources.
    // Golden: tests/cli/sched/simulate-version-1.3[234]-pod-level*.
    bound.minor = minor;
    // One file at a time, mapped, its pages given back behind the loader (probe lint's way:
    // lib/k8s/probe/lint.cpp lint_manifests); stdin ("-") is read whole. A missing path is still
    // reported before any file of its option is read (expand_inputs).
    auto load = [&](const std::vector<std::string>& paths, const LoadOptions& options) {
        for (const auto& path : paths) {
            InputView input(path);
            load_cluster_text(input.name(), input.text(), cluster, options,
                              [&input](std::size_t offset) { input.release_before(offset); });
        }
    };
    load(expand_inputs(request.cluster), bound);
    LoadOptions pending = bound;
    pending.pods_only = true;
    load(expand_inputs(request.pods), pending);
    finish_cluster(cluster);
    if (cluster.terminal_pods > 0) {
        log::info("left out {} pod(s) in phase Succeeded or Failed (kube-scheduler does not see "
                  "them)",
                  cluster.terminal_pods);
    }
    for (const auto& pod : cluster.pending) {
        if (pod.has_pod_affinity) {
            log::warn("pod {}: podAffinity/podAntiAffinity is not simulated (InterPodAffinity)",
                      pod.key());
        }
    }
    double load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    SimOptions options;
    options.minor = minor;
    options.seed = request.seed.value_or(options.seed);
    options.explain_pod = request.explain.value_or("");
    if (request.explain && !names_pending_pod(cluster, *request.explain)) {
        throw Error::usage("--explain: no pending pod \"" + *request.explain +
                           "\" (use NAMESPACE/NAME)");
    }
    auto config_a = build_sim_config(load_config(request.config), minor);
    SimRun run_a{request.config.value_or("<defaults>"), simulate(cluster, config_a, options),
                 load_seconds};
    // Only what the format prints is built, as core lint_report() does: the JSON document of
    // 10,000 placements costs more memory than the text, and neither is needed for the other.
    bool text = output_settings().format == Format::text;
    Report report;
    if (request.compare) {
        auto config_b = build_sim_config(load_config(request.compare), minor);
        SimRun run_b{*request.compare, simulate(cluster, config_b, options), load_seconds};
        if (text) {
            report.text = compare_text(cluster, run_a, run_b);
        } else {
            report.data = compare_json(cluster, run_a, run_b);
        }
        return report;
    }
    if (text) {
        report.text = simulate_text(cluster, run_a);
    } else {
        report.data = simulate_json(cluster, run_a);
    }
    return report;
}

} // namespace corral::k8s
