// libFuzzer target: OCF meta-data parsing, the normalized model, and lint under every schema.
// Agents' meta-data is untrusted text: never crash, hang or recurse without bound.
#include "core/error.hpp"
#include "ocf/lint.hpp"
#include "ocf/metadata.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    try {
        corral::ocf::Metadata md = corral::ocf::parse_metadata(xml, "fuzz.xml");
        (void)corral::ocf::metadata_to_json(md).dump();
        (void)corral::ocf::metadata_to_text(md);
    } catch (const corral::Error&) {
    }
    for (auto schema :
         {corral::ocf::Schema::automatic, corral::ocf::Schema::dtd, corral::ocf::Schema::v1_1}) {
        try {
            auto r = corral::ocf::lint_metadata(xml, "fuzz.xml", schema);
            corral::LintRun run;
            run.add(corral::ocf::to_lint_file(r));
            (void)run.to_json().dump();
            (void)run.to_text();
        } catch (const corral::Error&) {
        }
    }
    (void)corral::ocf::parse_ocf_time(xml.substr(0, 64));
    return 0;
}
