// Fuzzes the agent --attributes parser and values::parse.
#include "mesos/attributes.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        for (const auto& a : corral::mesos::parse_attributes(text)) {
            (void)corral::mesos::attribute_to_json(a).dump(-1, ' ', false,
                                                           corral::Json::error_handler_t::replace);
        }
    } catch (const corral::Error&) {
    }
    try {
        auto v = corral::mesos::parse_value(text);
        (void)corral::mesos::format_ranges(v.ranges);
    } catch (const corral::Error&) {
    }
    return 0;
}
