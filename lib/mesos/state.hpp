// The cluster model behind `mesos agents|frameworks|roles|offers|fit`, loaded from the master's
// v0 GET /master/state (0.2x summaries, 1.x *_full arrays), /master/state-summary, or the v1
// GET_STATE / GET_AGENTS / GET_FRAMEWORKS responses; plus weights and quota from /master/roles,
// /master/weights, GET_ROLES, GET_QUOTA, GET_WEIGHTS.
#pragma once

#include "core/output.hpp"
#include "mesos/resource_set.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::mesos {

struct Agent {
    std::string id;
    std::string hostname;
    bool active = true;
    Json attributes = Json::object(); // {"rack":"r1","level":10,"keys":[[1000,1500]]}
    // Total resources by reservation role ("*" = unreserved), and the DYNAMIC part of each role.
    std::map<std::string, ResourceSet> total_by_role;
    std::map<std::string, ResourceSet> dynamic_by_role;
    // False when the state gives reservations only as v0 summaries (no reserved_resources_full):
    // static and dynamic cannot be told apart, and dynamic_by_role is empty for that reason.
    bool reservation_types_known = false;
    // Used and offered by reservation role ("*" = unreserved). Where the master reported only a
    // summary without roles, the amounts are charged to the agent's reservations first.
    std::map<std::string, ResourceSet> used_by_role;
    std::map<std::string, ResourceSet> offered_by_role;

    ResourceSet total() const;
    ResourceSet used() const;
    ResourceSet offered() const;
    ResourceSet reserved(const std::string& role) const; // static + dynamic
    ResourceSet free_by_role(const std::string& reservation_role) const;
    ResourceSet free() const;
};

struct Framework {
    std::string id;
    std::string name;
    std::vector<std::string> roles;
    bool active = true;
    // Allocation by allocation role.
    std::map<std::string, ResourceSet> used_by_role;
    std::map<std::string, ResourceSet> offered_by_role;
    std::size_t tasks = 0;  // non-terminal tasks
    std::size_t offers = 0; // outstanding offers

    ResourceSet used() const;
    ResourceSet offered() const;
};

struct Offer {
    std::string id;
    std::string framework_id;
    std::string agent_id;
    std::string hostname;
    std::string role;
    ResourceSet resources;
};

struct Quota {
    std::optional<ResourceSet> guarantee;
    std::optional<ResourceSet> limit;
    std::optional<ResourceSet> consumed; // as reported by the master (1.9+ /roles)
};

struct State {
    std::string shape;   // "v0", "v0-summary", "v1"
    std::string version; // master version when known
    std::vector<Agent> agents;
    std::vector<Framework> frameworks;
    std::vector<Offer> offers;
    bool offers_known = false; // v0 /master/state and v1 lists carry offers; summaries do not
    std::map<std::string, double> weights;
    std::map<std::string, Quota> quotas;
    std::vector<std::string> roles_listed; // roles named by /roles or GET_ROLES

    const Agent* agent(const std::string& id) const;
    const Framework* framework(const std::string& id) const;
};

struct LoadOptions {
    // Per-framework task counts and usage (frameworks, roles, fit). Views that show only agents
    // or offers turn this off: a v0 state's tasks (95% of a large state) are then skipped
    // unread, unless the agents carry no usage of their own (0.2x masters), which the tasks
    // then supply.
    bool task_usage = true;
};

// Parses the text of a saved or fetched state (either API). `name` is used in error messages.
// Error::input for invalid JSON (with line:col), HTML pages, and unrecognized documents.
State load_state(std::string_view text, const std::string& name, const LoadOptions& options = {});

// Merges a roles/weights/quota document into `state`: /master/roles, /master/weights,
// /master/quota, or the v1 GET_ROLES, GET_WEIGHTS, GET_QUOTA responses.
void merge_roles(State& state, std::string_view text, const std::string& name);

// Parses JSON text with only the parts the model needs kept in memory (big subtrees such as
// completed tasks, statuses and executors are dropped while parsing).
Json parse_json_document(std::string_view text, const std::string& name);

} // namespace corral::mesos
