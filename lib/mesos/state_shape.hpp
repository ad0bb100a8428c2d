// Which document a saved or fetched master answer is. A master state is recognised by the fields
// Mesos always writes for that endpoint (src/master/readonly_handler.cpp ReadOnlyHandler::state()
// and stateSummary(); src/master/http.cpp Master::Http::state() before 1.7; v1:
// include/mesos/v1/master/master.proto Response.GetState, built in src/master/http.cpp), so other
// JSON (DC/OS overlay-network state, an agent's /state, /metrics/snapshot, ...) is refused with a
// description of what it looks like instead of being read as an empty cluster.
#pragma once

#include "core/output.hpp"

#include <set>
#include <string>

namespace corral::mesos {

// "v0" (GET /master/state: always 'version', 'pid', 'slaves', 'frameworks'), "v0-summary"
// (GET /master/state-summary: always 'hostname', 'slaves', 'frameworks', never 'pid'), or ""
// when the top-level keys are neither.
std::string v0_shape(const std::set<std::string>& top_level_keys);

// v1 GET_STATE: {"type":"GET_STATE","get_state":{"get_tasks","get_executors","get_frameworks",
// "get_agents"}}; also the GET_AGENTS / GET_FRAMEWORKS / GET_TASKS parts on their own.
bool is_v1_state(const Json& doc);

// What a JSON document that is not a master state looks like, for the error message:
// "the DC/OS overlay network state (GET /overlay-master/state)", "a v1 GET_HEALTH response",
// "a JSON object with keys a, b, c".
std::string describe_document(const Json& doc);

// The one message for a document that is not a master state.
std::string not_a_state_message(const Json& doc);

// Agent attributes in the views' representation: v0 summary strings "[1000-1500]" and "{a,b}"
// become [[1000,1500]] and ["a","b"] (as `mesos attributes` and SPEC §7 show ranges); scalars
// and text stay as they are.
Json attribute_value_json(const Json& v0_value);
// The Mesos text form of an attribute value in that representation ("[1000-1500]", "10", "r1").
std::string attribute_value_text(const Json& value);

} // namespace corral::mesos
