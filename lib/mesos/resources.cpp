#include "mesos/resources.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_set>

namespace corral::mesos {

std::string_view reservation_type_name(ReservationType type) {
    switch (type) {
    case ReservationType::statically:
        return "STATIC";
    case ReservationType::dynamically:
        return "DYNAMIC";
    case ReservationType::unset:
        break;
    }
    return "UNKNOWN";
}

bool Reservation::operator==(const Reservation& other) const {
    return type == other.type && role == other.role && principal == other.principal &&
           labels == other.labels;
}

std::string Resource::role() const {
    if (reservations.empty()) {
        return "*";
    }
    return reservations.back().role.value_or("");
}

bool Resource::dynamically_reserved() const {
    return !reservations.empty() && reservations.back().type == ReservationType::dynamically;
}

bool Resource::empty() const {
    switch (type) {
    case ValueType::scalar:
        return to_fixed(scalar) == 0;
    case ValueType::ranges:
        return ranges.empty();
    case ValueType::set:
        return set.empty();
    case ValueType::text:
        return false;
    }
    return false;
}

namespace {

// --- protobuf JSON (stout's protobuf::parse semantics: unknown fields ignored, null = unset) ---

std::string json_kind(const Json& v) {
    if (v.is_object()) {
        return "object";
    }
    if (v.is_array()) {
        return "array";
    }
    if (v.is_string()) {
        return "string";
    }
    if (v.is_boolean()) {
        return "boolean";
    }
    return "number";
}

[[noreturn]] void not_expecting(const Json& v, const std::string& field) {
    throw Error::input("Not expecting a JSON " + json_kind(v) + " for field '" + field + "'");
}

std::string pb_string(const Json& v, const std::string& field) {
    if (!v.is_string()) {
        not_expecting(v, field);
    }
    return v.get<std::string>();
}

double pb_double(const Json& v, const std::string& field) {
    if (v.is_number()) {
        return v.get<double>();
    }
    if (v.is_string()) {
        Value parsed;
        try {
            parsed = parse_value(v.get<std::string>());
        } catch (const Error&) {
        }
        if (parsed.type == ValueType::scalar) {
            return parsed.scalar;
        }
        throw Error::input("Failed to convert '" + v.get<std::string>() + "' to number");
    }
    not_expecting(v, field);
}

std::uint64_t pb_uint64(const Json& v, const std::string& field) {
    if (v.is_number_unsigned()) {
        return v.get<std::uint64_t>();
    }
    if (v.is_number_integer()) {
        return static_cast<std::uint64_t>(v.get<std::int64_t>()); // protobuf's wrap
    }
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (d >= 0 && d < 1.8e19) {
            return static_cast<std::uint64_t>(d);
        }
        return 0;
    }
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (!s.empty() &&
            std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            s.size() <= 19) {
            return std::stoull(s);
        }
        throw Error::input("Failed to convert '" + s + "' to number");
    }
    not_expecting(v, field);
}

const Json* member(const Json& object, std::string_view name) {
    if (!object.is_object()) {
        return nullptr;
    }
    // ordered_json's find(const char*) measures and compares the name against every key; a
    // Resource has a dozen optional fields looked up this way, for every resource of every agent.
    for (const auto& [key, value] : object.get_ref<const Json::object_t&>()) {
        if (key.size() == name.size() && std::memcmp(key.data(), name.data(), name.size()) == 0) {
            return value.is_null() ? nullptr : &value;
        }
    }
    return nullptr;
}

void require_object(const Json& v, const std::string& field) {
    if (!v.is_object()) {
        not_expecting(v, field);
    }
}

Reservation parse_reservation(const Json& j, const std::string& field,
                              std::vector<std::string>& missing, const std::string& prefix) {
    require_object(j, field);
    Reservation r;
    if (const Json* t = member(j, "type")) {
        if (t->is_string()) {
            const auto& s = t->get_ref<const std::string&>();
            if (s == "STATIC") {
                r.type = ReservationType::statically;
            } else if (s == "DYNAMIC") {
                r.type = ReservationType::dynamically;
            }
            // An unknown value of an optional enum is discarded (stout).
        } else if (t->is_number_integer()) {
            auto n = t->get<long long>();
            r.type = n == 1   ? ReservationType::statically
                     : n == 2 ? ReservationType::dynamically
                              : ReservationType::unset;
        } else {
            not_expecting(*t, "type");
        }
    }
    if (const Json* v = member(j, "role")) {
        r.role = pb_string(*v, "role");
    }
    if (const Json* v = member(j, "principal")) {
        r.principal = pb_string(*v, "principal");
    }
    if (const Json* v = member(j, "labels")) {
        require_object(*v, "labels");
        if (const Json* list = member(*v, "labels")) {
            if (!list->is_array()) {
                throw Error::input("Not expecting a JSON " + json_kind(*list) +
                                   " for field 'labels'");
            }
            for (std::size_t i = 0; i < list->size(); ++i) {
                const Json& label = (*list)[i];
                require_object(label, "labels");
                if (!member(label, "key")) {
                    missing.push_back(prefix + "labels.labels[" + std::to_string(i) + "].key");
                } else {
                    pb_string(label["key"], "key");
                }
                if (const Json* value = member(label, "value")) {
                    pb_string(*value, "value");
                }
            }
        }
        r.labels = *v;
    }
    return r;
}

ValueType parse_type(const Json& v) {
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (s == "SCALAR") {
            return ValueType::scalar;
        }
        if (s == "RANGES") {
            return ValueType::ranges;
        }
        if (s == "SET") {
            return ValueType::set;
        }
        if (s == "TEXT") {
            return ValueType::text;
        }
        throw Error::input("Failed to find enum for '" + s + "'");
    }
    if (v.is_number_integer()) {
        switch (v.get<long long>()) {
        case 0:
            return ValueType::scalar;
        case 1:
            return ValueType::ranges;
        case 2:
            return ValueType::set;
        case 3:
            return ValueType::text;
        default:
            throw Error::input("Failed to find enum for '" + v.dump() + "'");
        }
    }
    not_expecting(v, "type");
}

// Parses one Resource message; `missing` collects required fields that are absent.
Resource parse_resource_message(const Json& j, std::vector<std::string>& missing) {
    if (!j.is_object()) {
        throw Error::input("Not expecting a JSON " + json_kind(j) + " for field 'resources'");
    }
    Resource r;
    bool has_name = false, has_type = false;
    if (const Json* v = member(j, "name")) {
        r.name = pb_string(*v, "name");
        has_name = true;
    }
    if (const Json* v = member(j, "type")) {
        r.type = parse_type(*v);
        has_type = true;
    }
    if (const Json* v = member(j, "scalar")) {
        require_object(*v, "scalar");
        r.has_scalar = true;
        if (const Json* value = member(*v, "value")) {
            r.scalar = pb_double(*value, "value");
        } else {
            missing.push_back("scalar.value");
        }
    }
    if (const Json* v = member(j, "ranges")) {
        require_object(*v, "ranges");
        r.has_ranges = true;
        if (const Json* list = member(*v, "range")) {
            if (!list->is_array()) {
                not_expecting(*list, "range");
            }
            for (std::size_t i = 0; i < list->size(); ++i) {
                const Json& item = (*list)[i];
                require_object(item, "range");
                Range range;
                std::string at = "ranges.range[" + std::to_string(i) + "].";
                if (const Json* b = member(item, "begin")) {
                    range.begin = pb_uint64(*b, "begin");
                } else {
                    missing.push_back(at + "begin");
                }
                if (const Json* e = member(item, "end")) {
                    range.end = pb_uint64(*e, "end");
                } else {
                    missing.push_back(at + "end");
                }
                r.ranges.push_back(range);
            }
        }
    }
    if (const Json* v = member(j, "set")) {
        require_object(*v, "set");
        r.has_set = true;
        if (const Json* list = member(*v, "item")) {
            if (!list->is_array()) {
                not_expecting(*list, "item");
            }
            for (const auto& item : *list) {
                r.set.push_back(pb_string(item, "item"));
            }
        }
    }
    if (const Json* v = member(j, "text")) {
        require_object(*v, "text");
        r.has_text = true;
    }
    if (const Json* v = member(j, "role")) {
        r.legacy_role = pb_string(*v, "role");
    }
    if (const Json* v = member(j, "reservation")) {
        r.legacy_reservation = parse_reservation(*v, "reservation", missing, "reservation.");
    }
    if (const Json* v = member(j, "reservations")) {
        if (!v->is_array()) {
            not_expecting(*v, "reservations");
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            r.reservations.push_back(parse_reservation((*v)[i], "reservations", missing,
                                                       "reservations[" + std::to_string(i) + "]."));
        }
    }
    if (const Json* v = member(j, "allocation_info")) {
        require_object(*v, "allocation_info");
        if (const Json* role = member(*v, "role")) {
            r.allocation_role = pb_string(*role, "role");
        } else {
            r.allocation_role = "";
        }
    }
    if (const Json* v = member(j, "disk")) {
        require_object(*v, "disk");
        r.disk = *v;
        if (const Json* p = member(*v, "persistence")) {
            require_object(*p, "persistence");
            if (!member(*p, "id")) {
                missing.push_back("disk.persistence.id");
            }
        }
        if (const Json* s = member(*v, "source")) {
            require_object(*s, "source");
            if (!member(*s, "type")) {
                missing.push_back("disk.source.type");
            }
        }
    }
    if (const Json* v = member(j, "revocable")) {
        require_object(*v, "revocable");
        r.revocable = true;
    }
    if (const Json* v = member(j, "shared")) {
        require_object(*v, "shared");
        r.shared = true;
    }
    if (const Json* v = member(j, "provider_id")) {
        require_object(*v, "provider_id");
        if (const Json* value = member(*v, "value")) {
            r.provider_id = pb_string(*value, "value");
        } else {
            missing.push_back("provider_id.value");
        }
    }
    if (!has_name) {
        missing.insert(missing.begin(), "name");
    }
    if (!has_type) {
        missing.insert(missing.begin() + (has_name ? 0 : 1), "type");
    }
    return r;
}

// convertResourceFormat(POST_RESERVATION_REFINEMENT), which Mesos calls upgradeResource.
void upgrade(Resource& r) {
    if (!r.reservations.empty()) {
        r.legacy_role.reset();
        r.legacy_reservation.reset();
        return;
    }
    std::string role = r.legacy_role.value_or("*");
    if (role == "*") {
        if (r.legacy_reservation) {
            // Mesos CHECK-fails (aborts) here; report what its validation would have said.
            throw Error::input("Invalid reservation: role \"*\" cannot be dynamically reserved");
        }
        r.legacy_role.reset();
        return;
    }
    Reservation reservation;
    if (r.legacy_reservation) {
        reservation = *r.legacy_reservation;
        reservation.type = ReservationType::dynamically;
    } else {
        reservation.type = ReservationType::statically;
    }
    reservation.role = role;
    r.reservations.push_back(std::move(reservation));
    r.legacy_role.reset();
    r.legacy_reservation.reset();
}

bool disk_source_is(const Json& disk, const char* type) {
    auto s = disk.find("source");
    if (s == disk.end() || !s->is_object()) {
        return false;
    }
    auto t = s->find("type");
    return t != s->end() && t->is_string() && *t == type;
}

bool addable(const Resource& left, const Resource& right) {
    if (left.shared != right.shared) {
        return false;
    }
    if (left.name != right.name || left.type != right.type) {
        return false;
    }
    if (left.shared) {
        // Shared resources add only when identical (their counters add, not their values).
        return left.reservations == right.reservations && left.disk == right.disk &&
               left.scalar == right.scalar && left.ranges == right.ranges && left.set == right.set;
    }
    if (left.allocation_role != right.allocation_role) {
        return false;
    }
    if (left.reservations != right.reservations) {
        return false;
    }
    if (left.disk.is_null() != right.disk.is_null()) {
        return false;
    }
    if (!left.disk.is_null()) {
        if (left.disk != right.disk) {
            return false;
        }
        if (disk_source_is(left.disk, "BLOCK") || disk_source_is(left.disk, "MOUNT")) {
            return false;
        }
        if (disk_source_is(left.disk, "RAW") && left.disk["source"].contains("id")) {
            return false;
        }
        if (left.disk.contains("persistence")) {
            return false;
        }
    }
    if (left.revocable != right.revocable) {
        return false;
    }
    return left.provider_id == right.provider_id;
}

std::string disk_source_type(const Json& disk) {
    auto s = disk.find("source");
    if (s == disk.end() || !s->is_object()) {
        return "";
    }
    auto t = s->find("type");
    return t != s->end() && t->is_string() ? t->get<std::string>() : "UNKNOWN";
}

} // namespace

void add_resource(std::vector<Resource>& list, Resource r) {
    if (r.empty()) {
        return;
    }
    for (auto& existing : list) {
        if (addable(existing, r)) {
            if (existing.shared) {
                return;
            }
            switch (existing.type) {
            case ValueType::scalar:
                existing.scalar =
                    from_fixed(add_fixed(to_fixed(existing.scalar), to_fixed(r.scalar)));
                break;
            case ValueType::ranges:
                existing.ranges.insert(existing.ranges.end(), r.ranges.begin(), r.ranges.end());
                coalesce(existing.ranges);
                break;
            case ValueType::set: {
                std::unordered_set<std::string> have(existing.set.begin(), existing.set.end());
                for (auto& item : r.set) {
                    if (have.insert(item).second) {
                        existing.set.push_back(std::move(item));
                    }
                }
                break;
            }
            case ValueType::text:
                break;
            }
            return;
        }
    }
    list.push_back(std::move(r));
}

std::optional<std::string> validate_resource(const Resource& r) {
    if (r.name.empty()) {
        return std::string("Empty resource name");
    }
    switch (r.type) {
    case ValueType::scalar:
        if (!r.has_scalar || r.has_ranges || r.has_set) {
            return std::string("Invalid scalar resource");
        }
        if (r.scalar != 0 && to_fixed(r.scalar) <= 0) {
            return std::string("Invalid scalar resource: value <= 0");
        }
        break;
    case ValueType::ranges:
        if (r.has_scalar || !r.has_ranges || r.has_set) {
            return std::string("Invalid ranges resource");
        }
        for (std::size_t i = 0; i < r.ranges.size(); ++i) {
            if (r.ranges[i].begin > r.ranges[i].end) {
                return std::string("Invalid ranges resource: begin > end");
            }
            for (std::size_t j = i + 1; j < r.ranges.size(); ++j) {
                if (r.ranges[i].begin <= r.ranges[j].begin &&
                    r.ranges[j].begin <= r.ranges[i].end) {
                    return std::string("Invalid ranges resource: overlapping ranges");
                }
            }
        }
        break;
    case ValueType::set:
        if (r.has_scalar || r.has_ranges || !r.has_set) {
            return std::string("Invalid set resource");
        }
        {
            // Mesos compares every pair; a hash set finds the same duplicates in linear time.
            std::unordered_set<std::string_view> seen;
            for (const auto& item : r.set) {
                if (!seen.insert(item).second) {
                    return std::string("Invalid set resource: duplicated elements");
                }
            }
        }
        break;
    case ValueType::text:
        return std::string("Unsupported resource type");
    }
    if (!r.disk.is_null()) {
        if (r.name != "disk") {
            return "DiskInfo should not be set for " + r.name + " resource";
        }
        std::string source = disk_source_type(r.disk);
        if (source == "BLOCK" || source == "RAW") {
            const Json& s = r.disk["source"];
            if (s.contains("mount")) {
                return "Mount should not be set for " + source + " disk source";
            }
            if (s.contains("path")) {
                return "Path should not be set for " + source + " disk source";
            }
        } else if (!source.empty() && source != "PATH" && source != "MOUNT") {
            return "Unsupported 'DiskInfo.Source.Type' in '" + r.disk["source"].dump() + "'";
        }
    }
    if (r.reservations.empty()) {
        if (auto e = validate_role(r.legacy_role.value_or("*"))) {
            return e;
        }
    } else {
        for (const auto& reservation : r.reservations) {
            if (reservation.type == ReservationType::unset) {
                return std::string(
                    "Invalid reservation: 'Resource.ReservationInfo.type' field must be set.");
            }
            if (!reservation.role) {
                return std::string(
                    "Invalid reservation: 'Resource.ReservationInfo.role' field must be set.");
            }
            if (auto e = validate_role(*reservation.role)) {
                return e;
            }
            if (*reservation.role == "*") {
                return std::string("Invalid reservation: role \"*\" cannot be reserved");
            }
        }
        std::string ancestor = *r.reservations[0].role;
        for (std::size_t i = 1; i < r.reservations.size(); ++i) {
            if (r.reservations[i].type == ReservationType::statically) {
                return std::string(
                    "Invalid refined reservation: A refined reservation cannot be STATIC");
            }
            const std::string& descendant = *r.reservations[i].role;
            if (!is_strict_subrole(descendant, ancestor)) {
                return "Invalid refined reservation: role '" + descendant +
                       "' is not a refinement of '" + ancestor + "'";
            }
            ancestor = descendant;
        }
    }
    if (r.shared) {
        if (r.name != "disk") {
            return "Resource " + r.name + " cannot be shared";
        }
        if (r.disk.is_null() || !r.disk.contains("persistence")) {
            return std::string("Only persistent volumes can be shared");
        }
    }
    return std::nullopt;
}

namespace {

// Resources::parse(name, value, role).
Resource parse_simple(const std::string& name, const std::string& value, const std::string& role) {
    Value parsed;
    try {
        parsed = parse_value(value);
    } catch (const Error& e) {
        throw Error::input("Failed to parse resource " + name + " value " + value + " error " +
                           e.what());
    }
    Resource r;
    r.name = name;
    if (role != "*") {
        Reservation reservation;
        reservation.type = ReservationType::statically;
        reservation.role = role;
        r.reservations.push_back(std::move(reservation));
    }
    r.type = parsed.type;
    switch (parsed.type) {
    case ValueType::scalar:
        r.has_scalar = true;
        r.scalar = parsed.scalar;
        break;
    case ValueType::ranges:
        r.has_ranges = true;
        r.ranges = std::move(parsed.ranges);
        break;
    case ValueType::set:
        r.has_set = true;
        r.set = std::move(parsed.set);
        break;
    case ValueType::text:
        throw Error::input("Bad type for resource " + name + " value " + value + " type TEXT");
    }
    return r;
}

struct Parsed {
    Resource resource;
    std::string token; // for messages: the text token or "[i]" of the JSON array
};

std::vector<Parsed> from_simple_string(std::string_view text, const std::string& default_role,
                                       std::vector<std::string>* warnings) {
    std::vector<Parsed> out;
    for (const auto& token : tokenize(text, ";")) {
        std::vector<std::string> pair = tokenize(token, ":");
        if (pair.size() != 2) {
            throw Error::input("Bad value for resources, missing or extra ':' in " + token);
        }
        std::string name;
        std::string role;
        std::size_t open = pair[0].find('(');
        if (open == std::string::npos) {
            name = trim(pair[0]);
            role = default_role;
        } else {
            std::size_t close = pair[0].find(')');
            if (close == std::string::npos || close < open) {
                throw Error::input("Bad value for resources, mismatched parentheses in " + token);
            }
            name = trim(std::string_view(pair[0]).substr(0, open));
            role = trim(std::string_view(pair[0]).substr(open + 1, close - open - 1));
            if (warnings && role.find(',') != std::string::npos) {
                warnings->push_back("role '" + role + "' in '" + token +
                                    "' contains a comma: Mesos has no name(role,principal) "
                                    "syntax, the whole text is the role");
            }
        }
        out.push_back({parse_simple(name, pair[1], role), token});
    }
    return out;
}

std::vector<Parsed> from_json(const Json& array, const std::string& default_role) {
    std::vector<Parsed> out;
    for (std::size_t i = 0; i < array.size(); ++i) {
        std::vector<std::string> missing;
        Resource r;
        try {
            r = parse_resource_message(array[i], missing);
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) {
                    list += (list.empty() ? "" : ", ") + m;
                }
                throw Error::input("Missing required fields: " + list);
            }
        } catch (const Error& e) {
            throw Error::input(std::string("Some JSON resources were not formatted properly: ") +
                               e.what() + " (resource [" + std::to_string(i) + "])");
        }
        if (!r.legacy_role && r.reservations.empty()) {
            r.legacy_role = default_role;
        }
        upgrade(r);
        out.push_back({std::move(r), "[" + std::to_string(i) + "]"});
    }
    return out;
}

} // namespace

std::vector<Resource> parse_resources(std::string_view text, const std::string& default_role,
                                      std::vector<std::string>* warnings) {
    std::vector<Parsed> parsed;
    Json array = Json::parse(text.begin(), text.end(), nullptr, false);
    if (!array.is_discarded() && array.is_array()) {
        parsed = from_json(array, default_role);
    } else {
        parsed = from_simple_string(text, default_role, warnings);
    }
    std::vector<Resource> result;
    for (auto& p : parsed) {
        if (auto e = validate_resource(p.resource)) {
            throw Error::input(*e + " (resource " +
                               (p.token.front() == '[' ? p.token : "'" + p.token + "'") + ")");
        }
        add_resource(result, std::move(p.resource));
    }
    // validateCommandLineResources.
    std::map<std::string, ValueType> types;
    for (const auto& r : result) {
        if (!r.disk.is_null() && r.disk.contains("persistence")) {
            throw Error::input("Persistent volumes cannot be specified at the command line");
        }
        if (r.revocable) {
            throw Error::input("Revocable resources cannot be specified at the command line; do"
                               " not include a 'revocable' key in the resources JSON");
        }
        if (r.dynamically_reserved()) {
            throw Error::input(
                "Dynamic reservations cannot be specified at the command line; do"
                " not include a reservation with DYNAMIC type in the resources JSON");
        }
        auto [it, inserted] = types.emplace(r.name, r.type);
        if (!inserted && it->second != r.type) {
            throw Error::input("Resources with the same name ('" + r.name +
                               "') but different types are not allowed");
        }
    }
    return result;
}

std::string format_resource_value(const Resource& r) {
    switch (r.type) {
    case ValueType::scalar:
        return format_scalar(r.scalar);
    case ValueType::ranges:
        return format_ranges(r.ranges);
    case ValueType::set:
        return format_set(r.set);
    case ValueType::text:
        break;
    }
    return "";
}

Resource resource_from_json(const Json& j) {
    std::vector<std::string> missing;
    Resource r = parse_resource_message(j, missing);
    if (r.name.empty()) {
        throw Error::input("resource without a name");
    }
    // ENDPOINT format: "reservations" wins; else role + reservation (pre-1.4 masters).
    if (!r.reservations.empty()) {
        r.legacy_role.reset();
        r.legacy_reservation.reset();
    } else if (r.legacy_role && *r.legacy_role != "*") {
        Reservation reservation;
        if (r.legacy_reservation) {
            reservation = *r.legacy_reservation;
            reservation.type = ReservationType::dynamically;
        } else {
            reservation.type = ReservationType::statically;
        }
        reservation.role = *r.legacy_role;
        r.reservations.push_back(std::move(reservation));
        r.legacy_role.reset();
        r.legacy_reservation.reset();
    } else {
        r.legacy_role.reset();
        r.legacy_reservation.reset();
    }
    return r;
}

Json resource_to_json(const Resource& r) {
    Json j = Json::object();
    j["name"] = r.name;
    j["type"] = std::string(value_type_name(r.type));
    switch (r.type) {
    case ValueType::scalar:
        j["scalar"] = json_number(to_fixed(r.scalar));
        break;
    case ValueType::ranges: {
        Json ranges = Json::array();
        for (const auto& range : r.ranges) {
            ranges.push_back(Json::array({range.begin, range.end}));
        }
        j["ranges"] = std::move(ranges);
        break;
    }
    case ValueType::set:
        j["set"] = r.set;
        break;
    case ValueType::text:
        break;
    }
    j["role"] = r.role();
    Json reservations = Json::array();
    for (const auto& res : r.reservations) {
        Json o = Json::object();
        o["type"] = std::string(reservation_type_name(res.type));
        o["role"] = res.role.value_or("");
        if (res.principal) {
            o["principal"] = *res.principal;
        }
        if (!res.labels.is_null()) {
            o["labels"] = res.labels;
        }
        reservations.push_back(std::move(o));
    }
    j["reservations"] = std::move(reservations);
    if (!r.disk.is_null()) {
        j["disk"] = r.disk;
    }
    return j;
}

} // namespace corral::mesos
