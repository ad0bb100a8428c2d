// corral probe: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/k8s/probe.
#include "cli/context.hpp"
#include "cli/tree.hpp"
#include "core/io.hpp"
#include "k8s/probe/run.hpp"

#include <CLI/CLI.hpp>

#include <memory>

namespace corral::cli {

namespace {

// Which generation flags a command takes. Each verb declares (and so accepts and lists in its
// help) those it uses; the probe group and `probe inject` keep theirs local (cli/tree.hpp), so
// `probe lint` takes none and `probe inject tcp` no --path.
enum FlagSet : unsigned {
    kinds = 1,      // --kind, --liveness, --readiness, --startup
    timings = 2,    // --initial-delay ... --slow-start
    http = 4,       // --port --path --scheme --host --header
    tcp = 8,        // --port --host
    grpc = 16,      // --port --service
    exec = 32,      // --command
    openshift = 64, // --get-url --open-tcp --command
};

unsigned handler_flags(const std::string& handler) {
    return handler == "http"   ? http
           : handler == "tcp"  ? tcp
           : handler == "grpc" ? grpc
           : handler == "exec" ? exec
                               : http | tcp | grpc | exec | openshift;
}

// Binds the generation flags of `set` on `app` to `o`. Every command binds the same request, so
// `corral probe --kind readiness tcp --port 5432` reaches tcp.
void add_generation_flags(CLI::App& app, k8s::ProbeOptions& o, unsigned set) {
    const std::string g = "Probe";
    auto value = [&](const std::string& name, std::optional<std::string>& field,
                     const std::string& type, const std::string& help) {
        app.add_option("--" + name, field, help)->type_name(type)->group(g);
    };
    if (set & kinds) {
        app.add_option("--kind", o.kind, "Probe kind.")
            ->check(CLI::IsMember({"liveness", "readiness", "startup"}))
            ->group(g);
        app.add_flag("--liveness", o.liveness, "Same as --kind liveness (OpenShift spelling)")
            ->group(g);
        app.add_flag("--readiness", o.readiness, "Same as --kind readiness")->group(g);
        app.add_flag("--startup", o.startup, "Same as --kind startup")->group(g);
    }
    if (set & (http | tcp | grpc)) {
        value("port", o.port, "PORT", "Port number (1-65535) or IANA port name of the container");
    }
    if (set & http) {
        value("path", o.path, "URL-PATH", "HTTP path (default /)");
        value("scheme", o.scheme, "{HTTP,HTTPS}", "HTTP scheme (exactly HTTP or HTTPS)");
    }
    if (set & (http | tcp)) {
        value("host", o.host, "HOST", "Host to connect to (default: the pod IP)");
    }
    if (set & http) {
        app.add_option("--header", o.headers, "HTTP header 'Name: value' ('Name:' sends it empty)")
            ->type_name("HEADER")
            ->group(g);
    }
    if (set & grpc) {
        value("service", o.service, "NAME", "gRPC health service name");
    }
    if (set & (exec | openshift)) {
        app.add_option("--command", o.command, "Exec probe argv (or give it after --)")
            ->type_name("ARG")
            ->group(g);
    }
    if (set & openshift) {
        value("get-url", o.get_url, "URL",
              "HTTP probe from a URL: http://[host]:port/path (OpenShift)");
        value("open-tcp", o.open_tcp, "PORT", "TCP probe on PORT (OpenShift)");
    }
    if (set & timings) {
        value("initial-delay", o.initial_delay, "SECONDS", "initialDelaySeconds (also 30s, 2m)");
        value("period", o.period, "SECONDS", "periodSeconds (default 10)");
        value("timeout", o.timeout, "SECONDS", "timeoutSeconds (default 1)");
        value("success-threshold", o.success_threshold, "N",
              "successThreshold (must be 1 for liveness and startup)");
        value("failure-threshold", o.failure_threshold, "N", "failureThreshold (default 3)");
        value("termination-grace", o.termination_grace, "SECONDS",
              "Probe-level terminationGracePeriodSeconds (not for readiness)");
        value("slow-start", o.slow_start, "DURATION",
              "Also emit a startupProbe whose failureThreshold x periodSeconds covers DURATION");
    }
}

const char* handler_help(const std::string& handler, bool inject) {
    if (handler == "http") {
        return inject ? "Inject an httpGet probe" : "Print an httpGet probe";
    }
    if (handler == "tcp") {
        return inject ? "Inject a tcpSocket probe" : "Print a tcpSocket probe";
    }
    if (handler == "grpc") {
        return inject ? "Inject a gRPC probe" : "Print a gRPC probe";
    }
    return inject ? "Inject an exec probe (command after --)"
                  : "Print an exec probe (command after --)";
}

constexpr const char* kInjectNotes =
    "\nYAML and JSON manifests (UTF-8, or UTF-16 with a byte-order mark) are edited in place\n"
    "of their own text; -o json prints every object as one JSON List instead. A file with\n"
    "no workload passes through unchanged.\n";

std::string handler_example(const std::string& handler, bool inject) {
    if (inject) {
        return handler == "http" ? "corral probe inject http --kind liveness --port 8080 --path "
                                   "/healthz \\\n      -f deploy.yaml --container app --in-place"
               : handler == "tcp"
                   ? "corral probe inject tcp --kind readiness --port 5432 -f db.yaml "
                     "--all-containers"
               : handler == "grpc"
                   ? "corral probe inject grpc --kind liveness --port 9090 -f deploy.yaml "
                     "--container app"
                   : "corral probe inject exec --kind liveness -f deploy.yaml --container app "
                     "-- cat /tmp/healthy";
    }
    return handler == "http"   ? "corral probe http --kind liveness --port 8080 --path /healthz "
                                 "--header 'X-Probe: 1'"
           : handler == "tcp"  ? "corral probe tcp --kind readiness --port 5432 -o json"
           : handler == "grpc" ? "corral probe grpc --kind liveness --port 9090 --service health"
                               : "corral probe exec --kind liveness --period 5 -- cat /tmp/healthy";
}

// A handler verb (`probe http`, `probe inject tcp`, ...): its flags and the exec positionals.
CLI::App* add_handler(CLI::App& parent, const std::string& handler, bool inject,
                      k8s::ProbeOptions& probe) {
    auto* sub = parent.add_subcommand(handler, handler_help(handler, inject));
    // Its own footer: CLI11 would copy the parent's, whose examples are not this verb's.
    sub->footer(std::string(inject ? kInjectNotes : "") + "\nExample:\n  " +
                handler_example(handler, inject));
    add_generation_flags(*sub, probe, kinds | timings | handler_flags(handler));
    if (handler == "exec") {
        sub->add_option("command", probe.trailing_command, "Command and arguments")
            ->type_name("ARG");
    }
    return sub;
}

int print_inject(k8s::InjectRequest request, const k8s::ProbeOptions& probe,
                 const std::string& handler) {
    request.probe = probe;
    request.probe.handler = handler;
    // text and yaml print the manifests as they are (YAML or JSON); json converts them.
    request.json_output = output_settings().format == Format::json;
    k8s::InjectReport report = k8s::run_inject(request);
    k8s::log_inject_messages(report);
    if (!request.in_place) {
        write_stdout(report.output);
    }
    return 0;
}

void add_inject(CLI::App& group, Context& ctx, const std::shared_ptr<k8s::ProbeOptions>& probe) {
    auto request = std::make_shared<k8s::InjectRequest>();
    auto* inject = group.add_subcommand(
        "inject", "Add a probe to containers of manifests, changing nothing else (byte for byte)");
    inject->require_subcommand(0, 1);
    inject->add_option("-f,--file", request->files, "Manifest file, directory or - (stdin)")
        ->type_name("FILE");
    inject->add_option("--container", request->containers, "Container name (repeatable)")
        ->type_name("NAME");
    inject->add_flag("--all-containers", request->all_containers,
                     "All containers (and sidecar init containers)");
    inject->add_flag("--in-place", request->in_place, "Rewrite the files (atomically)");
    inject->add_flag("--overwrite", request->overwrite, "Replace an existing probe of that kind");
    // `probe inject --remove --kind K` and `probe inject --get-url ...` only: the handler verbs
    // name their handler and take its flags.
    CLI::App* local = add_local_options(*inject, "Probe");
    local->add_flag("--remove", request->remove, "Remove the probe of that kind (no handler)")
        ->group("Probe");
    add_generation_flags(*local, *probe, kinds | timings | handler_flags(""));
    inject->footer(
        std::string(kInjectNotes) +
        "\nExamples:\n"
        "  corral probe inject http --kind liveness --port 8080 --path /healthz \\\n"
        "      -f deploy.yaml --container app --in-place\n"
        "  corral probe inject --remove --kind readiness -f deploy.yaml --all-containers");
    for (const char* handler : {"http", "tcp", "grpc", "exec"}) {
        std::string h = handler;
        auto* sub = add_handler(*inject, h, true, *probe);
        on_run(*sub, ctx, "text,json,yaml",
               [request, probe, h] { return print_inject(*request, *probe, h); });
    }
    seal_local_options(*inject, *local);
    on_run(*inject, ctx, "text,json,yaml",
           [request, probe] { return print_inject(*request, *probe, ""); });
}

void add_lint(CLI::App& group, Context& ctx) {
    auto request = std::make_shared<k8s::ProbeLintRequest>();
    auto* lint = group.add_subcommand(
        "lint", "Check probes as the API server does, plus best-practice warnings");
    lint->add_option("-f,--file,files", request->files,
                     "Manifest files, directories (*.yaml, *.yml, *.json below them) or - (stdin); "
                     "repeatable")
        ->type_name("FILE");
    lint->add_flag("--strict", request->strict,
                   "Fail on warnings too; report kinds corral cannot check");
    lint->footer("\nExamples:\n  corral probe lint -f k8s/\n"
                 "  corral probe lint --strict -o json deploy.yaml | jq '.files[].findings[]'");
    on_run(*lint, ctx, "text,json,yaml", [request] { return k8s::run_probe_lint(*request); });
}

} // namespace

void add_probe_commands(CLI::App& group, Context& ctx) {
    auto probe = std::make_shared<k8s::ProbeOptions>();
    // `corral probe --liveness --get-url http://:8080/healthz` (OpenShift style): flags of the
    // group alone, not of its verbs.
    CLI::App* local = add_local_options(group, "Probe");
    add_generation_flags(*local, *probe, kinds | timings | openshift);
    group.footer(
        "\nExamples:\n"
        "  corral probe http --kind liveness --port 8080 --path /healthz\n"
        "  corral probe --readiness --get-url http://:8080/ready -o json\n"
        "  corral probe inject tcp --kind readiness --port 5432 -f db.yaml --all-containers\n"
        "  corral probe lint -f k8s/");

    for (const char* handler : {"http", "tcp", "grpc", "exec"}) {
        std::string h = handler;
        auto* sub = add_handler(group, h, false, *probe);
        on_run(*sub, ctx, "text,json,yaml", [probe, h] {
            k8s::ProbeOptions request = *probe;
            request.handler = h;
            return k8s::run_probe_generate(request);
        });
    }
    add_inject(group, ctx, probe);
    add_lint(group, ctx);
    seal_local_options(group, *local);
    on_run(group, ctx, "text,json,yaml", [probe] { return k8s::run_probe_generate(*probe); });
}

} // namespace corral::cli
