// corral probe: CLI bindings only (flags -> lib/ call -> print). Logic lives in lib/k8s.
#include "k8s/probe/probe.hpp"
#include "cli/context.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "k8s/probe/inject_run.hpp"
#include "k8s/probe/lint.hpp"

#include <CLI/CLI.hpp>

#include <map>

namespace corral::cli {

namespace {

// Which probe flags a command takes: each verb lists (and accepts) those it uses, so that
// `corral probe inject http --help` shows them; the `probe` group keeps the OpenShift spelling
// (`corral probe --liveness --get-url http://:8080/healthz`).
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

// The generation flags, bound to one set of variables from every command that takes them.
struct GenerationArgs {
    std::string kind;
    bool liveness = false, readiness = false, startup = false;
    std::vector<std::string> headers, command, positional_command;
    std::map<std::string, std::string> values;
    std::multimap<std::string, CLI::Option*> options; // every binding of every flag

    bool given(const std::string& name) const {
        auto [b, e] = options.equal_range(name);
        for (auto it = b; it != e; ++it) {
            if (it->second->count() > 0) {
                return true;
            }
        }
        return false;
    }
    std::optional<std::string> get(const std::string& name) const {
        return given(name) ? std::optional<std::string>(values.at(name)) : std::nullopt;
    }
    // The first flag given, for the commands that take none.
    std::optional<std::string> any_given() const {
        for (const auto& [name, option] : options) {
            if (option->count() > 0) {
                return name;
            }
        }
        return std::nullopt;
    }

    k8s::ProbeOptions to_options(const std::string& handler) const {
        k8s::ProbeOptions o;
        o.kind = kind;
        o.liveness = liveness;
        o.readiness = readiness;
        o.startup = startup;
        o.handler = handler;
        o.port = get("port");
        o.path = get("path");
        o.scheme = get("scheme");
        o.host = get("host");
        o.service = get("service");
        o.headers = headers;
        o.command = command;
        o.command.insert(o.command.end(), positional_command.begin(), positional_command.end());
        o.get_url = get("get-url");
        o.open_tcp = get("open-tcp");
        o.initial_delay = get("initial-delay");
        o.period = get("period");
        o.timeout = get("timeout");
        o.success_threshold = get("success-threshold");
        o.failure_threshold = get("failure-threshold");
        o.termination_grace = get("termination-grace");
        o.slow_start = get("slow-start");
        return o;
    }
};

void add_generation_flags(CLI::App& app, GenerationArgs& a, unsigned set) {
    const std::string g = "Probe";
    auto bind = [&](const std::string& name, CLI::Option* option) {
        a.options.emplace(name, option->group(g));
    };
    auto value = [&](const std::string& name, const std::string& type, const std::string& help) {
        bind(name, app.add_option("--" + name, a.values[name], help)->type_name(type));
    };
    if (set & kinds) {
        bind("kind", app.add_option("--kind", a.kind, "Probe kind.")
                         ->check(CLI::IsMember({"liveness", "readiness", "startup"})));
        bind("liveness", app.add_flag("--liveness", a.liveness,
                                      "Same as --kind liveness (OpenShift spelling)"));
        bind("readiness", app.add_flag("--readiness", a.readiness, "Same as --kind readiness"));
        bind("startup", app.add_flag("--startup", a.startup, "Same as --kind startup"));
    }
    if (set & (http | tcp | grpc)) {
        value("port", "PORT", "Port number (1-65535) or IANA port name of the container");
    }
    if (set & http) {
        value("path", "PATH", "HTTP path (default /)");
        value("scheme", "{HTTP,HTTPS}", "HTTP scheme (exactly HTTP or HTTPS)");
    }
    if (set & (http | tcp)) {
        value("host", "HOST", "Host to connect to (default: the pod IP)");
    }
    if (set & http) {
        bind("header", app.add_option("--header", a.headers,
                                      "HTTP header 'Name: value' ('Name:' sends it empty)")
                           ->type_name("HEADER"));
    }
    if (set & grpc) {
        value("service", "NAME", "gRPC health service name");
    }
    if (set & (exec | openshift)) {
        bind("command",
             app.add_option("--command", a.command, "Exec probe argv (or give it after --)")
                 ->type_name("ARG"));
    }
    if (set & openshift) {
        value("get-url", "URL", "HTTP probe from a URL: http://[host]:port/path (OpenShift)");
        value("open-tcp", "PORT", "TCP probe on PORT (OpenShift)");
    }
    if (set & timings) {
        value("initial-delay", "SECONDS", "initialDelaySeconds (also 30s, 2m)");
        value("period", "SECONDS", "periodSeconds (default 10)");
        value("timeout", "SECONDS", "timeoutSeconds (default 1)");
        value("success-threshold", "N", "successThreshold (must be 1 for liveness and startup)");
        value("failure-threshold", "N", "failureThreshold (default 3)");
        value("termination-grace", "SECONDS",
              "Probe-level terminationGracePeriodSeconds (not for readiness)");
        value("slow-start", "DURATION",
              "Also emit a startupProbe whose failureThreshold x periodSeconds covers DURATION");
    }
}

int print_probes(Context& ctx, const std::vector<k8s::GeneratedProbe>& probes) {
    ctx.format("text,json,yaml");
    Json out = Json::object();
    std::string text;
    for (const auto& p : probes) {
        std::string field(k8s::probe_field_name(p.kind));
        out[field] = p.probe;
        text += k8s::probe_yaml(field, p.probe);
    }
    print_result(out, text);
    return 0;
}

int run_inject(Context& ctx, const GenerationArgs& gen, k8s::InjectRequest request,
               const std::string& handler) {
    // text and yaml print the manifests as they are (YAML or JSON); json converts them.
    request.json_output = ctx.format("text,json,yaml") == Format::json;
    request.probe = gen.to_options(handler);
    k8s::InjectReport report = k8s::run_inject(request);
    for (const auto& m : report.messages) {
        if (m.warning) {
            log::warn("{}", m.text);
        } else {
            log::info("{}", m.text);
        }
    }
    if (!request.in_place) {
        write_stdout(report.output);
    }
    return 0;
}

} // namespace

void add_probe_commands(CLI::App& group_app, Context& ctx) {
    auto* group = &group_app;
    auto gen = std::make_shared<GenerationArgs>();
    add_generation_flags(*group, *gen, kinds | timings | openshift);
    group->footer(
        "\nExamples:\n"
        "  corral probe http --kind liveness --port 8080 --path /healthz\n"
        "  corral probe --readiness --get-url http://:8080/ready -o json\n"
        "  corral probe inject tcp --kind readiness --port 5432 -f db.yaml --all-containers\n"
        "  corral probe lint -f k8s/");

    for (const char* handler : {"http", "tcp", "grpc", "exec"}) {
        std::string h = handler;
        std::string help = h == "http"   ? "Print an httpGet probe"
                           : h == "tcp"  ? "Print a tcpSocket probe"
                           : h == "grpc" ? "Print a gRPC probe"
                                         : "Print an exec probe (command after --)";
        auto* sub = group->add_subcommand(h, help);
        add_generation_flags(*sub, *gen, kinds | timings | handler_flags(h));
        if (h == "exec") {
            sub->add_option("command", gen->positional_command, "Command and arguments")
                ->type_name("ARG");
        }
        on_run(*sub, ctx,
               [&ctx, gen, h] { return print_probes(ctx, k8s::build_probes(gen->to_options(h))); });
    }

    // inject [http|tcp|grpc|exec]
    auto request = std::make_shared<k8s::InjectRequest>();
    auto* inject = group->add_subcommand(
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
    inject->add_flag("--remove", request->remove, "Remove the probe of that kind");
    add_generation_flags(*inject, *gen, kinds | timings | handler_flags(""));
    inject->footer(
        "\nYAML and JSON manifests (UTF-8, or UTF-16 with a byte-order mark) are edited in place\n"
        "of their own text; -o json prints every object as one JSON List instead. A file with\n"
        "no workload passes through unchanged.\n"
        "\nExamples:\n"
        "  corral probe inject http --kind liveness --port 8080 --path /healthz \\\n"
        "      -f deploy.yaml --container app --in-place\n"
        "  corral probe inject --remove --kind readiness -f deploy.yaml --all-containers");
    for (const char* handler : {"http", "tcp", "grpc", "exec"}) {
        std::string h = handler;
        auto* sub =
            inject->add_subcommand(h, h == "http"   ? "Inject an httpGet probe"
                                      : h == "tcp"  ? "Inject a tcpSocket probe"
                                      : h == "grpc" ? "Inject a gRPC probe"
                                                    : "Inject an exec probe (command after --)");
        add_generation_flags(*sub, *gen, kinds | timings | handler_flags(h));
        if (h == "exec") {
            sub->add_option("command", gen->positional_command, "Command and arguments")
                ->type_name("ARG");
        }
        on_run(*sub, ctx, [&ctx, gen, request, h] { return run_inject(ctx, *gen, *request, h); });
    }
    on_run(*inject, ctx, [&ctx, gen, request] { return run_inject(ctx, *gen, *request, ""); });

    // lint
    auto lint_files = std::make_shared<std::vector<std::string>>();
    auto strict = std::make_shared<bool>(false);
    auto* lint = group->add_subcommand(
        "lint", "Check probes as the API server does, plus best-practice warnings");
    lint->add_option("-f,--file,files", *lint_files,
                     "Manifest files, directories (*.yaml, *.yml, *.json below them) or - (stdin); "
                     "repeatable")
        ->type_name("FILE");
    lint->add_flag("--strict", *strict, "Fail on warnings too; report kinds corral cannot check");
    on_run(*lint, ctx, [&ctx, gen, lint_files, strict] {
        ctx.format("text,json,yaml");
        if (auto flag = gen->any_given()) {
            throw Error::usage("probe lint takes no probe flags (--" + *flag +
                               " is for probe http|tcp|grpc|exec and probe inject)");
        }
        k8s::LintOptions options;
        options.strict = *strict;
        return print_lint_run(k8s::lint_manifests(*lint_files, options), *strict);
    });

    on_run(*group, ctx, [&ctx, gen] {
        // `corral probe --liveness --get-url http://:8080/healthz` (OpenShift style).
        k8s::ProbeOptions o = gen->to_options("");
        if (!o.get_url && !o.open_tcp && o.command.empty()) {
            throw Error::usage("choose a command: http, tcp, grpc, exec, inject or lint (or "
                               "--get-url/--open-tcp); see corral probe --help");
        }
        return print_probes(ctx, k8s::build_probes(o));
    });
}

} // namespace corral::cli
