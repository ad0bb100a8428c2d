#include "mesos/state.hpp"

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/log.hpp"
#include "mesos/json_reader.hpp"
#include "mesos/state_shape.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace corral::mesos {

namespace {

// Sum of a per-role split (agents' and frameworks' total/used/offered).
ResourceSet sum_over_roles(const std::map<std::string, ResourceSet>& by_role) {
    ResourceSet s;
    for (const auto& [role, set] : by_role) {
        s.add(set);
    }
    return s;
}

} // namespace

ResourceSet Agent::total() const {
    return sum_over_roles(total_by_role);
}

ResourceSet Agent::used() const {
    return sum_over_roles(used_by_role);
}

ResourceSet Agent::offered() const {
    return sum_over_roles(offered_by_role);
}

ResourceSet Agent::reserved(const std::string& role) const {
    auto it = total_by_role.find(role);
    return it == total_by_role.end() ? ResourceSet{} : it->second;
}

ResourceSet Agent::free_by_role(const std::string& reservation_role) const {
    ResourceSet s = reserved(reservation_role);
    if (auto it = used_by_role.find(reservation_role); it != used_by_role.end()) {
        s.subtract(it->second);
    }
    if (auto it = offered_by_role.find(reservation_role); it != offered_by_role.end()) {
        s.subtract(it->second);
    }
    return s;
}

ResourceSet Agent::free() const {
    ResourceSet s;
    for (const auto& [role, set] : total_by_role) {
        s.add(free_by_role(role));
    }
    return s;
}

ResourceSet Framework::used() const {
    return sum_over_roles(used_by_role);
}

ResourceSet Framework::offered() const {
    return sum_over_roles(offered_by_role);
}

const Agent* State::agent(const std::string& id) const {
    for (const auto& a : agents) {
        if (a.id == id) {
            return &a;
        }
    }
    return nullptr;
}

const Framework* State::framework(const std::string& id) const {
    for (const auto& f : frameworks) {
        if (f.id == id) {
            return &f;
        }
    }
    return nullptr;
}

// --- JSON parsing ---

// Subtrees the views never read; dropping them while parsing keeps memory near the input size.
const std::set<std::string, std::less<>>& drop_keys() {
    static const std::set<std::string, std::less<>> keys = {"completed_tasks",
                                                            "completed_frameworks",
                                                            "completed_executors",
                                                            "statuses",
                                                            "executors",
                                                            "get_executors",
                                                            "container",
                                                            "discovery",
                                                            "health_check",
                                                            "check",
                                                            "command",
                                                            "kill_policy",
                                                            "labels",
                                                            "unreachable_tasks",
                                                            "orphan_tasks",
                                                            "unregistered_frameworks",
                                                            "recovered_slaves",
                                                            "capabilities",
                                                            "domain",
                                                            "leader_info",
                                                            "executor_info",
                                                            "inverse_offers",
                                                            "offer_constraints",
                                                            "data",
                                                            "environment",
                                                            "uris",
                                                            "volumes",
                                                            "network_infos",
                                                            "resource_providers",
                                                            "drain_info",
                                                            "url",
                                                            "executor_ids",
                                                            "unreachable_slaves",
                                                            "unreachable_agents",
                                                            "recovered_agents"};
    return keys;
}

Json parse_json_document(std::string_view text, const std::string& name) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        throw Error::input("empty document, expected a Mesos master state (JSON)").at(name);
    }
    if (text[first] == '<') {
        Position p = position_of(text, first);
        throw Error::input("got HTML, not JSON: a proxy, login or error page answered instead of a "
                           "Mesos master")
            .at(name, p.line, p.column);
    }
    const auto& drop = drop_keys();
    Json::parser_callback_t filter = [&drop](int depth, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::key && depth >= 1 && parsed.is_string()) {
            return drop.find(parsed.get_ref<const std::string&>()) == drop.end();
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), filter, true, false);
    } catch (const nlohmann::json::parse_error& e) {
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
        std::size_t colon = what.find(": ");
        std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
        std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
        if (byte >= text.size()) {
            detail = "truncated JSON (" + detail + ")";
        }
        Position p = position_of(text, std::min(byte, text.size()));
        throw Error::input("invalid JSON: " + detail).at(name, p.line, p.column);
    } catch (const nlohmann::json::exception& e) {
        // e.g. out_of_range.406: a number too large for a double
        std::string what = e.what();
        std::size_t bracket = what.find("] ");
        throw Error::input("invalid JSON: " +
                           (bracket == std::string::npos ? what : what.substr(bracket + 2)))
            .at(name);
    }
}

namespace {

const Json& at(const Json& j, std::string_view key) {
    static const Json null_value;
    if (!j.is_object()) {
        return null_value;
    }
    // By length and bytes: ordered_json's find(const char*) measures the key for every member.
    for (const auto& [name, value] : j.get_ref<const Json::object_t&>()) {
        if (name.size() == key.size() && std::memcmp(name.data(), key.data(), key.size()) == 0) {
            return value;
        }
    }
    return null_value;
}

std::string str(const Json& j, const char* key) {
    const Json& v = at(j, key);
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_object() && at(v, "value").is_string()) {
        return v["value"].get<std::string>(); // v1 {"value": "..."} identifiers
    }
    return "";
}

bool flag(const Json& j, const char* key, bool fallback) {
    const Json& v = at(j, key);
    return v.is_boolean() ? v.get<bool>() : fallback;
}

bool terminal_or_gone(const std::string& state) {
    static const std::set<std::string, std::less<>> gone = {
        "TASK_FINISHED",    "TASK_FAILED",  "TASK_KILLED", "TASK_LOST",
        "TASK_ERROR",       "TASK_DROPPED", "TASK_GONE",   "TASK_GONE_BY_OPERATOR",
        "TASK_UNREACHABLE", "TASK_UNKNOWN"};
    return gone.count(state) > 0;
}

std::vector<std::string> framework_roles(const Json& info) {
    std::vector<std::string> roles;
    const Json& list = at(info, "roles");
    if (list.is_array()) {
        for (const auto& r : list) {
            if (r.is_string()) {
                roles.push_back(r.get<std::string>());
            }
        }
    }
    if (roles.empty()) {
        std::string role = str(info, "role");
        roles.push_back(role.empty() ? "*" : role);
    }
    return roles;
}

// A full Resource, tolerant of what masters emit (throws Error::input naming `where`).
Resource full_resource(const Json& j, const std::string& where) {
    try {
        return resource_from_json(j);
    } catch (const Error& e) {
        throw Error::input(e.what()).field(where);
    }
}

// Charges an amount whose reservation roles are unknown (a v0 summary): to the agent's
// reservations first (exactly for ranges and sets, greedily in role order for scalars), the rest
// to the unreserved pool.
void charge(const Agent& agent, std::map<std::string, ResourceSet>& by_role,
            const ResourceSet& amount) {
    ResourceSet rest = amount;
    for (const auto& [role, reserved] : agent.total_by_role) {
        if (role == "*") {
            continue;
        }
        ResourceSet room = reserved;
        if (auto it = by_role.find(role); it != by_role.end()) {
            room.subtract(it->second);
        }
        ResourceSet take;
        for (const auto& [name, q] : rest.items()) {
            auto r = room.items().find(name);
            if (r == room.items().end() || r->second.type != q.type) {
                continue;
            }
            Quantity t;
            t.type = q.type;
            if (q.type == ValueType::scalar) {
                t.fixed = std::min(q.fixed, r->second.fixed);
            } else if (q.type == ValueType::ranges) {
                // intersection = q - (q - room)
                t.ranges = subtract_ranges(q.ranges, subtract_ranges(q.ranges, r->second.ranges));
            } else if (q.type == ValueType::set) {
                for (const auto& item : q.set) {
                    if (std::find(r->second.set.begin(), r->second.set.end(), item) !=
                        r->second.set.end()) {
                        t.set.push_back(item);
                    }
                }
            }
            take.add(name, t);
        }
        if (!take.empty()) {
            by_role[role].add(take);
            rest.subtract(take);
        }
    }
    by_role["*"].add(rest);
}

Json v1_attributes(const Json& list) {
    Json out = Json::object();
    if (!list.is_array()) {
        return out;
    }
    for (const auto& a : list) {
        std::string name = str(a, "name");
        std::string type = str(a, "type");
        if (type == "SCALAR") {
            out[name] = json_number(to_fixed(at(at(a, "scalar"), "value").is_number()
                                                 ? a["scalar"]["value"].get<double>()
                                                 : 0.0));
        } else if (type == "RANGES") {
            std::vector<Range> ranges;
            for (const auto& r : at(at(a, "ranges"), "range")) {
                ranges.push_back({at(r, "begin").is_number() ? r["begin"].get<std::uint64_t>() : 0,
                                  at(r, "end").is_number() ? r["end"].get<std::uint64_t>() : 0});
            }
            Json list = Json::array();
            for (const auto& r : ranges) {
                list.push_back(Json::array({r.begin, r.end}));
            }
            out[name] = std::move(list);
        } else if (type == "TEXT") {
            out[name] = str(at(a, "text"), "value");
        } else if (type == "SET") {
            std::vector<std::string> items;
            for (const auto& i : at(at(a, "set"), "item")) {
                if (i.is_string()) {
                    items.push_back(i.get<std::string>());
                }
            }
            out[name] = items;
        }
    }
    return out;
}

void add_full_list(const Json& list, const std::string& where,
                   std::map<std::string, ResourceSet>& by_role,
                   std::map<std::string, ResourceSet>* dynamic_by_role = nullptr,
                   std::map<std::string, ResourceSet>* by_allocation = nullptr,
                   const std::string& default_allocation = "") {
    if (!list.is_array()) {
        return;
    }
    std::size_t i = 0;
    for (const auto& item : list) {
        Resource r = full_resource(item, where + "[" + std::to_string(i++) + "]");
        by_role[r.role()].add(r);
        if (dynamic_by_role && r.dynamically_reserved()) {
            (*dynamic_by_role)[r.role()].add(r);
        }
        if (by_allocation) {
            std::string role = r.allocation_role.value_or(default_allocation);
            (*by_allocation)[role.empty() ? default_allocation : role].add(r);
        }
    }
}

// An offer's id, framework, agent and allocation role, as v0 (slave_id) and v1 (agent_id) name
// them; the framework and its main role stand in for what older masters leave out.
Offer offer_identity(const Json& offer, const std::string& framework_id,
                     const std::string& main_role) {
    Offer off;
    off.id = str(offer, "id");
    off.framework_id = str(offer, "framework_id");
    if (off.framework_id.empty()) {
        off.framework_id = framework_id;
    }
    off.agent_id = str(offer, "slave_id");
    if (off.agent_id.empty()) {
        off.agent_id = str(offer, "agent_id");
    }
    off.role = str(at(offer, "allocation_info"), "role");
    if (off.role.empty()) {
        off.role = main_role;
    }
    return off;
}

struct TaskUse {
    std::string agent_id;
    std::string framework_id;
    std::string role; // allocation role when known
    ResourceSet resources;
    std::map<std::string, ResourceSet> by_reservation; // v1 full resources
    bool full = false;
};

// What a framework's tasks add up to, accumulated while they stream by (no per-task objects).
struct TaskTotals {
    std::size_t active = 0;
    std::map<std::string, ResourceSet> by_role; // "" = the framework's main role
};

// A state that lists an agent twice (DC/OS state-summaries do, around re-registration) would
// count its resources twice: keep the first entry and say so.
void warn_duplicate_agent(const std::string& file, const std::string& where, const char* list,
                          std::size_t first, const std::string& id) {
    log::warn("{}: {}: agent {} is listed again (first as {}[{}]); counted once", file, where, id,
              list, first);
}

// Builds the model from a v0 /master/state or /master/state-summary one agent and one framework
// at a time, so that a 100 MB state never exists as a DOM.
struct V0Loader {
    State& state;
    std::string name;
    LoadOptions options;
    std::unordered_map<std::string, std::size_t> index;
    bool agents_have_used = false;
    bool agents_have_offered = false;
    std::vector<std::size_t> agent_source; // slaves[] position of each agent kept

    void slave(const Json& s, std::size_t i) {
        std::string where = "slaves[" + std::to_string(i) + "]";
        Agent a;
        a.id = str(s, "id");
        if (auto seen = index.find(a.id); seen != index.end()) {
            warn_duplicate_agent(name, where, "slaves", agent_source[seen->second], a.id);
            return;
        }
        a.hostname = str(s, "hostname");
        a.active = flag(s, "active", true);
        if (at(s, "attributes").is_object()) {
            for (const auto& [key, value] : s["attributes"].items()) {
                a.attributes[key] = attribute_value_json(value);
            }
        }
        if (at(s, "reserved_resources_full").is_object() ||
            at(s, "unreserved_resources_full").is_array()) {
            a.reservation_types_known = true;
            for (const auto& [role, list] : at(s, "reserved_resources_full").items()) {
                add_full_list(list, where + ".reserved_resources_full." + role, a.total_by_role,
                              &a.dynamic_by_role);
            }
            add_full_list(at(s, "unreserved_resources_full"), where + ".unreserved_resources_full",
                          a.total_by_role);
        } else {
            ResourceSet total = resource_set_from_summary(at(s, "resources"), where + ".resources");
            ResourceSet reserved_sum;
            for (const auto& [role, summary] : at(s, "reserved_resources").items()) {
                ResourceSet r =
                    resource_set_from_summary(summary, where + ".reserved_resources." + role);
                reserved_sum.add(r);
                a.total_by_role[role] = std::move(r);
            }
            if (at(s, "unreserved_resources").is_object()) {
                a.total_by_role["*"] = resource_set_from_summary(s["unreserved_resources"],
                                                                 where + ".unreserved_resources");
            } else {
                total.subtract(reserved_sum);
                a.total_by_role["*"] = total;
            }
        }
        if (at(s, "used_resources_full").is_array()) {
            add_full_list(s["used_resources_full"], where + ".used_resources_full", a.used_by_role);
            agents_have_used = true;
        } else if (at(s, "used_resources").is_object()) {
            charge(a, a.used_by_role,
                   resource_set_from_summary(s["used_resources"], where + ".used_resources"));
            agents_have_used = true;
        }
        if (at(s, "offered_resources_full").is_array()) {
            add_full_list(s["offered_resources_full"], where + ".offered_resources_full",
                          a.offered_by_role);
            agents_have_offered = true;
        } else if (at(s, "offered_resources").is_object()) {
            charge(a, a.offered_by_role,
                   resource_set_from_summary(s["offered_resources"], where + ".offered_resources"));
            agents_have_offered = true;
        }
        index[a.id] = state.agents.size();
        agent_source.push_back(i);
        state.agents.push_back(std::move(a));
    }

    void framework(const Json& f, const TaskTotals& tasks, std::size_t i) {
        std::string where = "frameworks[" + std::to_string(i) + "]";
        Framework fw;
        fw.id = str(f, "id");
        fw.name = str(f, "name");
        fw.roles = framework_roles(f);
        fw.active = flag(f, "active", true);
        const std::string& main_role = fw.roles.front();
        // Tasks: count, per-role split for multi-role frameworks, and agent usage for 0.2x.
        std::map<std::string, ResourceSet> task_use_by_role;
        fw.tasks = tasks.active;
        for (const auto& [role, set] : tasks.by_role) {
            task_use_by_role[role.empty() ? main_role : role].add(set);
        }
        std::map<std::string, ResourceSet> offer_by_role;
        if (at(f, "offers").is_array()) {
            state.offers_known = true;
            std::size_t o = 0;
            for (const auto& offer : f["offers"]) {
                std::string owhere = where + ".offers[" + std::to_string(o++) + "]";
                Offer off = offer_identity(offer, fw.id, main_role);
                off.resources =
                    resource_set_from_summary(at(offer, "resources"), owhere + ".resources");
                auto it = index.find(off.agent_id);
                if (it != index.end()) {
                    off.hostname = state.agents[it->second].hostname;
                    if (!agents_have_offered) {
                        Agent& a = state.agents[it->second];
                        charge(a, a.offered_by_role, off.resources);
                    }
                }
                offer_by_role[off.role].add(off.resources);
                ++fw.offers;
                state.offers.push_back(std::move(off));
            }
        }
        // Allocation by role: the summaries are authoritative; split them by role only when the
        // framework has several roles and the tasks/offers say how.
        ResourceSet used =
            at(f, "used_resources").is_object()
                ? resource_set_from_summary(f["used_resources"], where + ".used_resources")
                : ResourceSet{};
        ResourceSet offered =
            at(f, "offered_resources").is_object()
                ? resource_set_from_summary(f["offered_resources"], where + ".offered_resources")
                : ResourceSet{};
        if (!at(f, "used_resources").is_object()) {
            for (const auto& [role, set] : task_use_by_role) {
                used.add(set);
            }
        }
        if (!at(f, "offered_resources").is_object()) {
            for (const auto& [role, set] : offer_by_role) {
                offered.add(set);
            }
        }
        if (fw.roles.size() > 1 && !task_use_by_role.empty()) {
            fw.used_by_role = task_use_by_role;
        } else {
            fw.used_by_role[main_role] = used;
        }
        if (fw.roles.size() > 1 && !offer_by_role.empty()) {
            fw.offered_by_role = offer_by_role;
        } else {
            fw.offered_by_role[main_role] = offered;
        }
        state.frameworks.push_back(std::move(fw));
    }

    void flags(const Json& flags) {
        // Old masters publish weights as a flag: --weights=role1=2,role2=3.
        const Json& weights = at(flags, "weights");
        if (weights.is_string()) {
            for (const auto& pair : tokenize(weights.get<std::string>(), ",")) {
                auto eq = pair.find('=');
                if (eq != std::string::npos) {
                    try {
                        state.weights[trim(pair.substr(0, eq))] = std::stod(pair.substr(eq + 1));
                    } catch (const std::exception&) {
                        throw Error::input("bad weight '" + pair + "'")
                            .at(name)
                            .field("flags.weights");
                    }
                }
            }
        }
    }
};

bool dropped_key(std::string_view key) {
    static const std::unordered_set<std::string_view> keys = [] {
        std::unordered_set<std::string_view> k;
        for (const auto& name : drop_keys()) {
            k.insert(name);
        }
        return k;
    }();
    return keys.count(key) > 0;
}

// A v0 resource summary ({"cpus":1,"ports":"[1-2]"}) read straight into a ResourceSet.
void read_summary_into(JsonReader& reader, ResourceSet& set) {
    if (reader.peek() != JsonReader::Kind::object) {
        reader.skip();
        return;
    }
    std::string key;
    reader.begin_object();
    while (reader.next_key(key)) {
        JsonReader::Kind kind = reader.peek();
        if (kind == JsonReader::Kind::number) {
            Quantity q;
            q.fixed = to_fixed(reader.read_number());
            set.add(key, q);
        } else if (kind == JsonReader::Kind::string) {
            std::size_t at = reader.offset();
            std::string text = reader.read_string();
            Value parsed;
            try {
                parsed = parse_value(text);
            } catch (const Error& e) {
                Position p = position_of(reader.text(), at);
                throw Error::input(std::string(e.what()) + " in '" + text + "'")
                    .at("", p.line, p.column)
                    .field(key);
            }
            if (parsed.type == ValueType::text) {
                continue;
            }
            Quantity q;
            q.type = parsed.type;
            q.fixed = parsed.type == ValueType::scalar ? to_fixed(parsed.scalar) : 0;
            q.ranges = std::move(parsed.ranges);
            q.set = std::move(parsed.set);
            set.add(key, q);
        } else {
            reader.skip();
        }
    }
}

// Reads one task, adding its resources to `totals` (and, for 0.2x states whose agents carry no
// usage, to its agent). Buffers are reused across tasks.
struct TaskReader {
    V0Loader& loader;
    // False when only the count of active tasks is needed (see tasks_amounts_needed): then only
    // "state" is read.
    bool amounts = true;
    std::string key, state, agent_id, role;
    ResourceSet resources;

    void read(JsonReader& reader, TaskTotals& totals) {
        state.clear();
        agent_id.clear();
        role.clear();
        resources = ResourceSet();
        bool has_resources = false;
        std::size_t resources_at = 0;
        reader.begin_object();
        while (reader.next_key(key)) {
            std::string_view k = key; // compares sizes first, unlike std::string == const char*
            if (k == "state") {
                state = reader.read_string();
            } else if (!amounts) {
                reader.skip();
            } else if (k == "slave_id" || k == "agent_id") {
                agent_id = reader.read_string();
            } else if (k == "role") {
                role = reader.read_string();
            } else if (k == "resources") {
                has_resources = true;
                resources_at = reader.offset();
                reader.skip();
            } else {
                reader.skip();
            }
        }
        if (terminal_or_gone(state)) {
            return;
        }
        ++totals.active;
        if (!amounts || !has_resources) {
            return;
        }
        // Read the summary straight into the role's total (one pass, no temporaries), unless the
        // agent needs the task's own amounts too.
        JsonReader again(reader.text(), "");
        again.skip_to(resources_at);
        if (loader.agents_have_used) {
            read_summary_into(again, totals.by_role[role]);
            return;
        }
        ResourceSet own;
        read_summary_into(again, own);
        totals.by_role[role].add(own);
        auto it = loader.index.find(agent_id);
        if (it != loader.index.end()) {
            Agent& a = loader.state.agents[it->second];
            charge(a, a.used_by_role, own);
        }
    }
};

// Whether the tasks' own amounts matter to V0Loader::framework(), judged from the framework's
// members read before its "tasks" (Mesos writes "used_resources" and "roles" first): they do not
// when the agents carry their usage, the framework has one role (so no per-role split) and its
// "used_resources" summary, which is authoritative, is there. Otherwise they are read.
bool tasks_amounts_needed(const V0Loader& loader, const JsonMembers& members) {
    if (!loader.agents_have_used) {
        return true;
    }
    bool summary = false, one_role = false;
    for (const auto& [key, value] : members) {
        if (key == "used_resources") {
            summary = value.is_object();
        } else if (key == "roles") {
            std::size_t names = 0;
            if (value.is_array()) {
                for (const auto& r : value) {
                    names += r.is_string() ? 1 : 0;
                }
            }
            one_role = names <= 1; // none: the one "role" (or "*") stands in
        }
    }
    return !(summary && one_role);
}

void read_frameworks(V0Loader& loader, JsonReader& reader) {
    std::size_t i = 0;
    std::string key;
    reader.begin_array();
    while (reader.next_element()) {
        std::string where = "frameworks[" + std::to_string(i) + "]";
        JsonMembers members;
        TaskTotals tasks;
        TaskReader task_reader{loader, true, {}, {}, {}, {}, {}};
        reader.begin_object();
        while (reader.next_key(key)) {
            if (std::string_view(key) == "tasks" && !loader.options.task_usage &&
                loader.agents_have_used) {
                reader.skip(); // nothing asked for needs them (see LoadOptions)
            } else if (std::string_view(key) == "tasks") {
                task_reader.amounts = tasks_amounts_needed(loader, members);
                reader.begin_array();
                while (reader.next_element()) {
                    task_reader.read(reader, tasks);
                }
            } else if (dropped_key(key)) {
                reader.skip();
            } else {
                members.emplace_back(key, reader.read_json(dropped_key));
            }
        }
        loader.framework(json_object(std::move(members)), tasks, i++);
    }
}

// One agent of a v0 state as a Json, without building the resource summaries that slave() will
// not read: Mesos 1.x agents carry each amount twice, as a summary ("used_resources") and in full
// ("used_resources_full"), and slave() prefers the full form. Summaries are skipped, remembered,
// and read only when their full form is missing (0.2x masters, /master/state-summary).
Json read_agent(JsonReader& reader) {
    static const std::array<std::string_view, 5> summary_keys = {
        "resources", "reserved_resources", "unreserved_resources", "used_resources",
        "offered_resources"};
    // The other members V0Loader::slave() reads.
    static const std::array<std::string_view, 8> agent_keys = {"id",
                                                               "hostname",
                                                               "active",
                                                               "attributes",
                                                               "reserved_resources_full",
                                                               "unreserved_resources_full",
                                                               "used_resources_full",
                                                               "offered_resources_full"};
    JsonMembers members;
    std::vector<std::pair<std::string, std::size_t>> summaries;
    std::string key;
    reader.begin_object();
    while (reader.next_key(key)) {
        if (std::find(summary_keys.begin(), summary_keys.end(), key) != summary_keys.end()) {
            summaries.emplace_back(key, reader.offset());
            reader.skip();
        } else if (std::find(agent_keys.begin(), agent_keys.end(), key) == agent_keys.end()) {
            reader.skip(); // pid, port, version, registered_time, ...: no view shows them
        } else {
            members.emplace_back(key, reader.read_json(dropped_key));
        }
    }
    Json agent = json_object(std::move(members));
    bool full_totals = at(agent, "reserved_resources_full").is_object() ||
                       at(agent, "unreserved_resources_full").is_array();
    for (const auto& [name, offset] : summaries) {
        bool needed = name == "used_resources" ? !at(agent, "used_resources_full").is_array()
                      : name == "offered_resources"
                          ? !at(agent, "offered_resources_full").is_array()
                          : !full_totals;
        if (needed) {
            JsonReader again(reader.text(), "");
            again.skip_to(offset);
            agent[name] = again.read_json(dropped_key);
        }
    }
    return agent;
}

// Returns false when the document is not a v0 state (a v1 response, or other JSON): the caller
// falls back to the DOM path, which reads v1 or says what the document is.
bool load_v0(State& state, std::string_view text, const std::string& name,
             const LoadOptions& options) {
    JsonReader reader(text, name);
    if (reader.peek() != JsonReader::Kind::object) {
        return false;
    }
    V0Loader loader{state, name, options, {}, false, false, {}};
    std::set<std::string> keys;
    std::optional<std::size_t> frameworks_at;
    std::string key;
    reader.begin_object();
    while (reader.next_key(key)) {
        if (key == "get_state" || key == "get_agents" || key == "get_frameworks" ||
            key == "get_tasks") {
            return false;
        }
        bool array = reader.peek() == JsonReader::Kind::array;
        if ((key == "slaves" || key == "frameworks") && !array) {
            return false; // not what Mesos writes: let the DOM path describe the document
        }
        keys.insert(key);
        if (key == "slaves") {
            std::size_t i = 0;
            reader.begin_array();
            while (reader.next_element()) {
                loader.slave(read_agent(reader), i++);
            }
        } else if (key == "frameworks") {
            if (keys.count("slaves") != 0) {
                read_frameworks(loader, reader);
            } else {
                frameworks_at = reader.offset(); // offers and tasks refer to agents: read later
                reader.skip();
            }
        } else if (key == "version") {
            Json v = reader.read_json();
            if (v.is_string()) {
                state.version = v.get<std::string>();
            }
        } else if (key == "flags") {
            loader.flags(reader.read_json());
        } else {
            reader.skip();
        }
    }
    reader.finish();
    state.shape = v0_shape(keys);
    if (state.shape.empty()) {
        return false;
    }
    // GET /master/state writes every framework's "offers" (FullFrameworkWriter): with no
    // frameworks there are no outstanding offers, which is an answer, not missing data.
    if (state.shape == "v0") {
        state.offers_known = true;
    }
    if (frameworks_at) {
        JsonReader again(text, name);
        // Re-read only the frameworks array, now that the agents are known.
        again.skip_to(*frameworks_at);
        read_frameworks(loader, again);
    }
    return true;
}

void load_v1(State& state, const Json& get_state, const std::string& name) {
    state.shape = "v1";
    state.offers_known = true;
    std::unordered_map<std::string, std::size_t> index;
    const Json& agents = at(at(get_state, "get_agents"), "agents");
    std::vector<bool> has_allocated;
    std::vector<const Json*> agent_json; // the get_agents entry of each agent kept
    std::vector<std::size_t> agent_source;
    std::size_t i = 0;
    for (const auto& s : agents) {
        std::size_t source = i;
        std::string where = "get_agents.agents[" + std::to_string(i++) + "]";
        Agent a;
        const Json& info = at(s, "agent_info");
        a.id = str(info, "id");
        if (auto seen = index.find(a.id); seen != index.end()) {
            warn_duplicate_agent(name, where, "get_agents.agents", agent_source[seen->second],
                                 a.id);
            continue;
        }
        a.reservation_types_known = true;
        a.hostname = str(info, "hostname");
        a.active = flag(s, "active", true);
        a.attributes = v1_attributes(at(info, "attributes"));
        if (state.version.empty()) {
            state.version = str(s, "version");
        }
        const Json& total =
            at(s, "total_resources").is_array() ? s["total_resources"] : at(info, "resources");
        add_full_list(total, where + ".total_resources", a.total_by_role, &a.dynamic_by_role);
        bool allocated = at(s, "allocated_resources").is_array();
        add_full_list(at(s, "allocated_resources"), where + ".allocated_resources", a.used_by_role);
        add_full_list(at(s, "offered_resources"), where + ".offered_resources", a.offered_by_role);
        // allocated_resources covers used + offered in GET_AGENTS; take offers out of it.
        if (allocated && at(s, "offered_resources").is_array()) {
            for (auto& [role, set] : a.used_by_role) {
                if (auto it = a.offered_by_role.find(role); it != a.offered_by_role.end()) {
                    set.subtract(it->second);
                }
            }
        }
        has_allocated.push_back(allocated);
        agent_json.push_back(&s);
        agent_source.push_back(source);
        index[a.id] = state.agents.size();
        state.agents.push_back(std::move(a));
    }

    // Tasks (for per-framework usage and for agents without allocated_resources).
    std::map<std::string, std::map<std::string, ResourceSet>> task_use; // framework -> role -> set
    std::map<std::string, std::size_t> task_count;
    i = 0;
    for (const auto& task : at(at(get_state, "get_tasks"), "tasks")) {
        std::string where = "get_tasks.tasks[" + std::to_string(i++) + "]";
        if (terminal_or_gone(str(task, "state"))) {
            continue;
        }
        std::string fid = str(task, "framework_id");
        ++task_count[fid];
        std::map<std::string, ResourceSet> by_reservation;
        std::map<std::string, ResourceSet> by_allocation;
        add_full_list(at(task, "resources"), where + ".resources", by_reservation, nullptr,
                      &by_allocation, "");
        for (auto& [role, set] : by_allocation) {
            task_use[fid][role].add(set);
        }
        auto it = index.find(str(task, "agent_id"));
        if (it != index.end() && !has_allocated[it->second]) {
            for (auto& [role, set] : by_reservation) {
                state.agents[it->second].used_by_role[role].add(set);
            }
        }
    }

    i = 0;
    for (const auto& f : at(at(get_state, "get_frameworks"), "frameworks")) {
        std::string where = "get_frameworks.frameworks[" + std::to_string(i++) + "]";
        Framework fw;
        const Json& info = at(f, "framework_info");
        fw.id = str(info, "id");
        fw.name = str(info, "name");
        fw.roles = framework_roles(info);
        fw.active = flag(f, "active", true);
        const std::string& main_role = fw.roles.front();
        fw.tasks = task_count[fw.id];
        if (at(f, "allocated_resources").is_array()) {
            std::map<std::string, ResourceSet> ignored;
            add_full_list(f["allocated_resources"], where + ".allocated_resources", ignored,
                          nullptr, &fw.used_by_role, main_role);
        } else {
            for (auto& [role, set] : task_use[fw.id]) {
                fw.used_by_role[role.empty() ? main_role : role].add(set);
            }
        }
        if (at(f, "offered_resources").is_array()) {
            std::map<std::string, ResourceSet> ignored;
            add_full_list(f["offered_resources"], where + ".offered_resources", ignored, nullptr,
                          &fw.offered_by_role, main_role);
            if (at(f, "allocated_resources").is_array()) {
                for (auto& [role, set] : fw.used_by_role) {
                    if (auto it = fw.offered_by_role.find(role); it != fw.offered_by_role.end()) {
                        set.subtract(it->second);
                    }
                }
            }
        }
        std::size_t o = 0;
        for (const auto& offer : at(f, "offers")) {
            std::string owhere = where + ".offers[" + std::to_string(o++) + "]";
            Offer off = offer_identity(offer, fw.id, main_role);
            off.hostname = str(offer, "hostname");
            std::map<std::string, ResourceSet> by_reservation;
            add_full_list(at(offer, "resources"), owhere + ".resources", by_reservation);
            for (const auto& [role, set] : by_reservation) {
                off.resources.add(set);
            }
            auto it = index.find(off.agent_id);
            if (it != index.end()) {
                Agent& a = state.agents[it->second];
                if (off.hostname.empty()) {
                    off.hostname = a.hostname;
                }
                if (!at(*agent_json[it->second], "offered_resources").is_array()) {
                    for (const auto& [role, set] : by_reservation) {
                        a.offered_by_role[role].add(set);
                    }
                }
            }
            if (!at(f, "offered_resources").is_array()) {
                fw.offered_by_role[off.role].add(off.resources);
            }
            ++fw.offers;
            state.offers.push_back(std::move(off));
        }
        state.frameworks.push_back(std::move(fw));
    }
}

} // namespace

State load_state(std::string_view text, const std::string& name, const LoadOptions& options) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '{') {
        State state;
        try {
            if (load_v0(state, text, name, options)) {
                return state;
            }
        } catch (Error& e) {
            if (e.file().empty()) {
                e.at(name);
            }
            throw;
        } catch (const nlohmann::json::exception& e) {
            throw Error::input(std::string("unexpected value in the state: ") + e.what()).at(name);
        }
    }
    Json doc = parse_json_document(text, name);
    State state;
    try {
        if (!doc.is_object()) {
            throw Error::input("expected a JSON object (GET /master/state or a v1 GET_STATE "
                               "response), got " +
                               std::string(doc.is_array() ? "an array" : "a scalar"))
                .at(name);
        }
        if (!is_v1_state(doc)) {
            throw Error::input(not_a_state_message(doc)).at(name);
        }
        load_v1(state, doc.contains("get_state") ? doc["get_state"] : doc, name);
    } catch (Error& e) {
        if (e.file().empty()) {
            e.at(name);
        }
        throw;
    } catch (const nlohmann::json::exception& e) {
        throw Error::input(std::string("unexpected value in the state: ") + e.what()).at(name);
    }
    return state;
}

namespace {

std::optional<ResourceSet> quota_map(const Json& j, const std::string& where) {
    if (j.is_null()) {
        return std::nullopt;
    }
    if (j.is_array()) { // [Resource]
        ResourceSet s;
        std::size_t i = 0;
        for (const auto& r : j) {
            s.add(full_resource(r, where + "[" + std::to_string(i++) + "]"));
        }
        return s;
    }
    if (j.is_object()) {
        // {"cpus": 2} or v1 {"cpus": {"value": 2}}
        ResourceSet s;
        for (const auto& [name, v] : j.items()) {
            Quantity q;
            if (v.is_number()) {
                q.fixed = to_fixed(v.get<double>());
            } else if (v.is_object() && at(v, "value").is_number()) {
                q.fixed = to_fixed(v["value"].get<double>());
            } else {
                continue;
            }
            s.add(name, q);
        }
        return s;
    }
    throw Error::input("expected resources").field(where);
}

void merge_quota_status(State& state, const Json& status) {
    auto configs = [&](const Json& list) {
        for (const auto& c : list) {
            std::string role = str(c, "role");
            Quota& q = state.quotas[role];
            if (auto g = quota_map(at(c, "guarantees"), "configs.guarantees")) {
                q.guarantee = g;
            }
            if (auto l = quota_map(at(c, "limits"), "configs.limits")) {
                q.limit = l;
            }
        }
    };
    for (const auto& info : at(status, "infos")) {
        if (at(info, "configs").is_array()) { // the operator-http-api.md example's nesting
            configs(info["configs"]);
            continue;
        }
        std::string role = str(info, "role");
        if (auto g = quota_map(at(info, "guarantee"), "infos.guarantee")) {
            state.quotas[role].guarantee = g;
        }
    }
    configs(at(status, "configs"));
}

} // namespace

void merge_roles(State& state, std::string_view text, const std::string& name) {
    Json doc = parse_json_document(text, name);
    try {
        if (doc.is_array()) { // GET /master/weights
            for (const auto& w : doc) {
                if (at(w, "weight").is_number()) {
                    state.weights[str(w, "role")] = w["weight"].get<double>();
                }
            }
            return;
        }
        if (doc.contains("get_weights")) {
            for (const auto& w : at(doc["get_weights"], "weight_infos")) {
                if (at(w, "weight").is_number()) {
                    state.weights[str(w, "role")] = w["weight"].get<double>();
                }
            }
            return;
        }
        if (doc.contains("get_quota")) {
            merge_quota_status(state, at(doc["get_quota"], "status"));
            return;
        }
        if (doc.contains("infos") || doc.contains("configs")) { // GET /master/quota
            merge_quota_status(state, doc);
            return;
        }
        const Json& roles =
            doc.contains("get_roles") ? at(doc["get_roles"], "roles") : at(doc, "roles");
        if (!roles.is_array()) {
            throw Error::input("not a roles, weights or quota document (expected /master/roles, "
                               "/master/weights, /master/quota or a v1 GET_ROLES/GET_WEIGHTS/"
                               "GET_QUOTA response)");
        }
        std::size_t i = 0;
        for (const auto& r : roles) {
            std::string where = "roles[" + std::to_string(i++) + "]";
            std::string role = str(r, "name");
            state.roles_listed.push_back(role);
            if (at(r, "weight").is_number()) {
                state.weights[role] = r["weight"].get<double>();
            }
            const Json& quota = at(r, "quota");
            if (quota.is_object()) {
                Quota& q = state.quotas[role];
                if (auto g = quota_map(at(quota, "guarantee"), where + ".quota.guarantee")) {
                    q.guarantee = g;
                }
                if (auto l = quota_map(at(quota, "limit"), where + ".quota.limit")) {
                    q.limit = l;
                }
                if (auto c = quota_map(at(quota, "consumed"), where + ".quota.consumed")) {
                    q.consumed = c;
                }
            }
        }
    } catch (Error& e) {
        if (e.file().empty()) {
            e.at(name);
        }
        throw;
    } catch (const nlohmann::json::exception& e) {
        throw Error::input(std::string("unexpected value: ") + e.what()).at(name);
    }
}

} // namespace corral::mesos
