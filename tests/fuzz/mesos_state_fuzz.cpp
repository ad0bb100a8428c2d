// Fuzzes the master state loader (v0, state-summary, v1) and the views over what it loads, plus
// the roles/weights/quota documents. Bad documents must be corral::Error, never a crash.
#include "core/error.hpp"
#include "mesos/fit.hpp"
#include "mesos/state.hpp"
#include "mesos/views.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    using namespace corral::mesos;
    try {
        State state = load_state(text, "fuzz");
        Filters none;
        (void)agents_view(state, none);
        (void)frameworks_view(state, none);
        (void)roles_view(state, none);
        if (state.offers_known) {
            (void)offers_view(state, none);
        }
        FitRequest request;
        request.scalars["cpus"] = 1000;
        request.ports = 1;
        (void)fit(state, request);
    } catch (const corral::Error&) {
    }
    try {
        State state;
        merge_roles(state, text, "fuzz");
        (void)role_rows(state);
    } catch (const corral::Error&) {
    }
    return 0;
}
