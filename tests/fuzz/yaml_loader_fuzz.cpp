// libFuzzer target: the safe multi-document YAML loader and the YAML -> JSON conversion.
// Must never hang (yaml-cpp 0.7 LoadAll does on ",\n"), crash or exhaust memory.
#include "core/error.hpp"
#include "core/yaml.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    corral::InputFile input{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
    try {
        for (const auto& doc : corral::load_yaml_documents(input)) {
            (void)corral::yaml_to_json(doc.root, 100000);
        }
    } catch (const corral::Error&) {
    }
    return 0;
}
