#include "mesos/parse_report.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "mesos/attributes.hpp"
#include "mesos/resources.hpp"

namespace corral::mesos {

std::string resolve_flag_value(const std::string& value) {
    if (value.rfind("file://", 0) != 0) {
        return value;
    }
    InputFile in = read_input(value.substr(7));
    std::string content = std::move(in.content);
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
        content.pop_back();
    }
    return content;
}

namespace {
void require_utf8_value(const std::string& value, const char* field) {
    std::size_t bad = find_invalid_utf8(value);
    if (bad != std::string::npos) {
        throw Error::input("invalid UTF-8 (byte " + std::to_string(bad) + ")").field(field);
    }
}
} // namespace

Report resources_report(const std::string& value, const std::string& default_role) {
    if (auto e = validate_role(default_role)) {
        throw Error::usage("--default-role: " + *e);
    }
    std::vector<std::string> warnings;
    std::vector<Resource> resources;
    try {
        std::string text = resolve_flag_value(value);
        require_utf8_value(text, "resources");
        resources = parse_resources(text, default_role, &warnings);
    } catch (Error& e) {
        if (e.file().empty() && e.path().empty()) {
            e.field("resources"); // Mesos' own words, about the flag's value
        }
        throw;
    }
    for (const auto& w : warnings) {
        log::warn("{}", w);
    }
    Report report;
    report.data = Json::array();
    Table table({"NAME", "TYPE", "VALUE", "ROLE", "RESERVATION"});
    for (const auto& r : resources) {
        report.data.push_back(resource_to_json(r));
        std::string reservation = "-";
        if (r.reserved()) {
            reservation = std::string(reservation_type_name(r.reservations.back().type));
            if (r.reservations.back().principal) {
                reservation += " (" + *r.reservations.back().principal + ")";
            }
        }
        table.add_row({r.name, std::string(value_type_name(r.type)), format_resource_value(r),
                       r.role(), reservation});
    }
    report.text = resources.empty() ? "no resources\n" : table.render();
    return report;
}

Report attributes_report(const std::string& value) {
    std::vector<Attribute> attributes;
    try {
        std::string text = resolve_flag_value(value);
        require_utf8_value(text, "attributes");
        attributes = parse_attributes(text);
    } catch (Error& e) {
        if (e.file().empty() && e.path().empty()) {
            e.field("attributes"); // Mesos' own words, about the flag's value
        }
        throw;
    }
    Report report;
    report.data = Json::array();
    Table table({"NAME", "TYPE", "VALUE"});
    for (const auto& a : attributes) {
        report.data.push_back(attribute_to_json(a));
        table.add_row(
            {a.name, std::string(value_type_name(a.value.type)), format_attribute_value(a.value)});
    }
    report.text = attributes.empty() ? "no attributes\n" : table.render();
    return report;
}

} // namespace corral::mesos
