#include "mesos/state_shape.hpp"

#include "mesos/values.hpp"

#include <algorithm>

namespace corral::mesos {

std::string v0_shape(const std::set<std::string>& keys) {
    auto has = [&keys](const char* k) { return keys.count(k) != 0; };
    if (!has("slaves") || !has("frameworks")) {
        return "";
    }
    // ReadOnlyHandler::state() writes "version" (MESOS_VERSION) and "pid" unconditionally, as
    // /state.json did since 0.x (the 0.22 and 0.28 recordings have both).
    if (has("version") && has("pid")) {
        return "v0";
    }
    // ReadOnlyHandler::stateSummary() writes "hostname", then "cluster" if set, "slaves" and
    // "frameworks": no pid, no version.
    if (has("hostname") && !has("pid")) {
        return "v0-summary";
    }
    return "";
}

bool is_v1_state(const Json& doc) {
    if (!doc.is_object()) {
        return false;
    }
    auto type = doc.find("type");
    std::string t = type != doc.end() && type->is_string() ? type->get<std::string>() : "";
    auto part = [&doc](const char* key) {
        auto it = doc.find(key);
        return it != doc.end() && it->is_object();
    };
    if (part("get_state")) {
        const Json& s = doc["get_state"];
        return (t.empty() || t == "GET_STATE") &&
               (s.contains("get_agents") || s.contains("get_frameworks"));
    }
    return (part("get_agents") && (t.empty() || t == "GET_AGENTS")) ||
           (part("get_frameworks") && (t.empty() || t == "GET_FRAMEWORKS")) ||
           (part("get_tasks") && (t.empty() || t == "GET_TASKS"));
}

std::string describe_document(const Json& doc) {
    if (doc.is_array()) {
        return "a JSON array";
    }
    if (!doc.is_object()) {
        return "a JSON " + std::string(doc.type_name());
    }
    auto has = [&doc](const char* k) { return doc.contains(k); };
    if (has("network") && has("agents")) {
        // dcos/mesos-modules overlay/overlay.proto State {network, agents}.
        return "the DC/OS overlay network state (GET /overlay-master/state: 'network', "
               "'agents')";
    }
    if (auto t = doc.find("type"); t != doc.end() && t->is_string()) {
        return "a v1 " + t->get<std::string>() + " response";
    }
    if (has("roles")) {
        return "a roles document (GET /master/roles; give it with --roles)";
    }
    // (The DOM this sees has completed_frameworks and recovered_slaves dropped already.)
    if (has("frameworks") && !has("slaves")) {
        auto pid = doc.find("pid");
        if (pid != doc.end() && pid->is_string() &&
            pid->get<std::string>().rfind("slave(", 0) == 0) {
            return "an agent's GET /slave(1)/state";
        }
        return "GET /master/frameworks";
    }
    if (has("slaves") && !has("frameworks")) {
        return "GET /master/slaves";
    }
    std::size_t shown = 0;
    std::string keys;
    bool metrics = !doc.empty();
    for (const auto& [k, v] : doc.items()) {
        metrics = metrics && k.find('/') != std::string::npos;
        if (shown < 6) {
            keys += (shown == 0 ? "" : ", ") + ("'" + k + "'");
        }
        ++shown;
    }
    if (metrics) {
        return "GET /metrics/snapshot";
    }
    if (shown == 0) {
        return "an empty JSON object";
    }
    return "a JSON object with keys " + keys + (shown > 6 ? ", ..." : "");
}

std::string not_a_state_message(const Json& doc) {
    return "not a Mesos master state: this looks like " + describe_document(doc) +
           "; expected GET /master/state ('version', 'pid', 'slaves', 'frameworks'), "
           "/master/state-summary ('hostname', 'slaves', 'frameworks') or a v1 GET_STATE "
           "response ('get_state')";
}

Json attribute_value_json(const Json& v) {
    if (!v.is_string()) {
        return v;
    }
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || (s.front() != '[' && s.front() != '{')) {
        return v;
    }
    try {
        Value parsed = parse_value(s);
        if (parsed.type == ValueType::ranges) {
            Json out = Json::array();
            for (const auto& r : parsed.ranges) {
                out.push_back(Json::array({r.begin, r.end}));
            }
            return out;
        }
        if (parsed.type == ValueType::set) {
            return parsed.set;
        }
    } catch (const Error&) {
    }
    return v;
}

std::string attribute_value_text(const Json& v) {
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_number()) {
        return format_scalar(v.get<double>());
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "true" : "false";
    }
    if (v.is_array() && std::all_of(v.begin(), v.end(), [](const Json& r) {
            return r.is_array() && r.size() == 2 && r[0].is_number_unsigned() &&
                   r[1].is_number_unsigned();
        })) {
        std::vector<Range> ranges;
        for (const auto& r : v) {
            ranges.push_back({r[0].get<std::uint64_t>(), r[1].get<std::uint64_t>()});
        }
        return format_ranges(ranges);
    }
    if (v.is_array() &&
        std::all_of(v.begin(), v.end(), [](const Json& i) { return i.is_string(); })) {
        return format_set(v.get<std::vector<std::string>>());
    }
    return v.dump();
}

} // namespace corral::mesos
