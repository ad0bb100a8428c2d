#include "mesos/attributes.hpp"

namespace corral::mesos {

std::vector<Attribute> parse_attributes(std::string_view text) {
    std::vector<Attribute> out;
    for (const auto& token : tokenize(text, ";\n")) {
        // strings::split(token, ":", 2): the key is everything before the first ':'.
        std::size_t colon = token.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == token.size()) {
            throw Error::input("Invalid attribute key:value pair '" + token + "'");
        }
        std::string name = token.substr(0, colon);
        std::string raw = token.substr(colon + 1);
        Value value;
        try {
            value = parse_value(raw);
        } catch (const Error& e) {
            throw Error::input("Failed to parse attribute " + name + " text " + raw + " error " +
                               e.what());
        }
        if (value.type == ValueType::set) {
            throw Error::input("Bad type for attribute " + name + " text " + raw +
                               " type SET (attributes may be scalars, ranges or text)");
        }
        out.push_back({std::move(name), std::move(value)});
    }
    return out;
}

std::string format_attribute_value(const Value& v) {
    switch (v.type) {
    case ValueType::scalar:
        return format_scalar(v.scalar);
    case ValueType::ranges:
        return format_ranges(v.ranges);
    case ValueType::set:
        return format_set(v.set);
    case ValueType::text:
        return v.text;
    }
    return "";
}

Json attribute_to_json(const Attribute& a) {
    Json j = Json::object();
    j["name"] = a.name;
    j["type"] = std::string(value_type_name(a.value.type));
    switch (a.value.type) {
    case ValueType::scalar:
        j["scalar"] = json_number(to_fixed(a.value.scalar));
        break;
    case ValueType::ranges: {
        Json ranges = Json::array();
        for (const auto& r : a.value.ranges) {
            ranges.push_back(Json::array({r.begin, r.end}));
        }
        j["ranges"] = std::move(ranges);
        break;
    }
    case ValueType::text:
        j["text"] = a.value.text;
        break;
    case ValueType::set:
        break;
    }
    return j;
}

} // namespace corral::mesos
