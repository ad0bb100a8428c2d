// libFuzzer target: bucket notification XML as a MinIO (or anything answering on its port) sends
// it. Parsing must never crash, hang or allocate without bound; whatever parses must render to
// XML that parses back to the same rules (the PUT body corral writes is built from it).
#include "core/error.hpp"
#include "notify/s3/bucket_rules.hpp"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace corral::notify;
    std::string_view xml(reinterpret_cast<const char*>(data), size);
    NotificationConfig config;
    try {
        config = parse_notification_xml(xml);
    } catch (const corral::Error&) {
        return 0;
    }
    std::string rendered = render_notification_xml(config);
    NotificationConfig again;
    try {
        again = parse_notification_xml(rendered);
    } catch (const corral::Error&) {
        std::abort(); // corral's own output must parse
    }
    if (render_notification_xml(again) != rendered) {
        std::abort();
    }
    try {
        validate_config(config);
        (void)rules_json(config).dump();
        (void)rules_text(config);
    } catch (const corral::Error&) {
    }
    return 0;
}
