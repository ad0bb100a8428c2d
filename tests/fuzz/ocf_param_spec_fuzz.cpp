// libFuzzer target: the `ocf new --param` spec parser and, for specs it accepts, the generator
// (a valid spec must always render: no template placeholder may go unresolved).
#include "core/error.hpp"
#include "ocf/agent_spec.hpp"
#include "ocf/generate.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    corral::ocf::ParamSpec p;
    try {
        p = corral::ocf::parse_param_spec(text);
    } catch (const corral::Error& e) {
        if (e.kind() != corral::ErrorKind::usage) {
            std::abort(); // a rejected spec is a usage error, never anything else
        }
        return 0;
    }
    corral::ocf::AgentSpec spec;
    spec.name = "fuzz";
    spec.provider = "fuzz";
    if (p.reloadable) {
        spec.reload = true;
    }
    spec.params.push_back(p);
    try {
        corral::ocf::finalize_spec(spec);
    } catch (const corral::Error& e) {
        if (e.kind() != corral::ErrorKind::usage) {
            std::abort();
        }
        return 0;
    }
    (void)corral::ocf::generate_agent(spec); // Error::internal here would be a bug: let it escape
    return 0;
}
