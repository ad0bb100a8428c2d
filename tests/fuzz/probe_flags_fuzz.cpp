// Fuzzes probe flag parsing: lines "flag=value" fill the generation options; build_probes may
// refuse them (corral::Error) but must never crash, and what it accepts must render and
// re-validate cleanly.
#include "core/error.hpp"
#include "k8s/probe/probe.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    corral::k8s::ProbeOptions o;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        auto eq = line.find('=');
        std::string key = line.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : line.substr(eq + 1);
        if (key == "kind")
            o.kind = value;
        else if (key == "handler")
            o.handler = value;
        else if (key == "liveness")
            o.liveness = true;
        else if (key == "readiness")
            o.readiness = true;
        else if (key == "startup")
            o.startup = true;
        else if (key == "port")
            o.port = value;
        else if (key == "path")
            o.path = value;
        else if (key == "scheme")
            o.scheme = value;
        else if (key == "host")
            o.host = value;
        else if (key == "service")
            o.service = value;
        else if (key == "header")
            o.headers.push_back(value);
        else if (key == "command")
            o.command.push_back(value);
        else if (key == "get-url")
            o.get_url = value;
        else if (key == "open-tcp")
            o.open_tcp = value;
        else if (key == "initial-delay")
            o.initial_delay = value;
        else if (key == "period")
            o.period = value;
        else if (key == "timeout")
            o.timeout = value;
        else if (key == "success-threshold")
            o.success_threshold = value;
        else if (key == "failure-threshold")
            o.failure_threshold = value;
        else if (key == "termination-grace")
            o.termination_grace = value;
        else if (key == "slow-start")
            o.slow_start = value;
    }
    try {
        for (const auto& p : corral::k8s::build_probes(o)) {
            std::string yaml = corral::k8s::probe_yaml("p", p.probe, 2, 3, "\r\n");
            if (!corral::k8s::validate_probe(p.probe, p.kind, "p").empty() || yaml.empty()) {
                std::abort(); // accepted output must be valid
            }
        }
    } catch (const corral::Error&) {
    }
    return 0;
}
