// Fuzzes the agent --resources parser (text and JSON forms): it must reject bad input with a
// Error::input, never crash, hang or allocate without bound.
#include "mesos/resources.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string role = "*";
    // A first line starting with "role=" selects --default-role (so role validation is reached).
    if (text.rfind("role=", 0) == 0) {
        auto nl = text.find('\n');
        role = text.substr(5, nl == std::string::npos ? std::string::npos : nl - 5);
        text = nl == std::string::npos ? "" : text.substr(nl + 1);
        if (corral::mesos::validate_role(role)) {
            role = "*";
        }
    }
    try {
        std::vector<std::string> warnings;
        auto list = corral::mesos::parse_resources(text, role, &warnings);
        for (const auto& r : list) {
            (void)corral::mesos::resource_to_json(r).dump(-1, ' ', false,
                                                          corral::Json::error_handler_t::replace);
            (void)corral::mesos::format_resource_value(r);
        }
    } catch (const corral::Error&) {
    }
    return 0;
}
