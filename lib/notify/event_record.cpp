#include "notify/event_record.hpp"

#include <nlohmann/json.hpp>

namespace corral::notify {

std::string one_record_message(std::string_view payload, std::size_t record,
                               const MinioEvent& event) {
    // ordered_json keeps the producer's member order, so the hook sees a message shaped like
    // MinIO's own (EventName, Key, Records).
    nlohmann::ordered_json doc =
        nlohmann::ordered_json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
        return std::string(payload);
    }
    auto records = doc.find("Records");
    if (records == doc.end() || !records->is_array() || records->size() < 2 ||
        record >= records->size()) {
        return std::string(payload);
    }
    nlohmann::ordered_json one = nlohmann::ordered_json::array({(*records)[record]});
    *records = std::move(one);
    for (const char* name : {"EventName", "EventType"}) {
        if (auto it = doc.find(name); it != doc.end()) {
            *it = event.event;
        }
    }
    if (auto it = doc.find("Key"); it != doc.end()) {
        *it = event.bucket + "/" + event.key;
    }
    return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace corral::notify
