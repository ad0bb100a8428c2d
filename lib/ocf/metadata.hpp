// The meta-data of an OCF resource agent: XML parsed once into plain structs (SPEC §1, §7 `ocf
// meta`).
#pragma once

#include "core/output.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::ocf {

struct Parameter {
    std::string name;
    std::string type; // string|integer|boolean|time|select (as written)
    std::optional<std::string> default_value;
    bool required = false;
    bool unique = false;
    bool reloadable = false;
    bool deprecated = false;
    std::string unique_group;
    std::string shortdesc;
    std::string longdesc;
    std::vector<std::string> options; // type select
    int line = 0;
};

struct Action {
    std::string name;
    std::string timeout; // as written ("20s"); empty when absent
    std::string interval;
    std::string depth;
    std::string role;
    std::string start_delay;
    int line = 0;
};

struct Metadata {
    std::string name;        // <resource-agent name=>
    std::string version;     // <resource-agent version=> (the agent's own version)
    std::string ocf_version; // <version> text; "1.0" when absent
    bool has_version_element = false;
    bool has_doctype = false;
    std::string shortdesc;
    std::string longdesc;
    std::vector<Parameter> parameters;
    std::vector<Action> actions;

    const Action* action(std::string_view name) const;
    const Parameter* parameter(std::string_view name) const;
    bool has_action(std::string_view name) const { return action(name) != nullptr; }
};

// Parses meta-data XML. Not well-formed XML, or a root other than <resource-agent>, is
// Error::input naming `source` and the line.
Metadata parse_metadata(std::string_view xml, const std::string& source);

// Pacemaker's crm_get_msec() units: bare number = seconds; ms, msec, us, usec, s, sec, m, min,
// h, hr. Returns seconds, or nullopt when the text is not a time.
std::optional<double> parse_ocf_time(std::string_view text);

// §7 `ocf meta` JSON.
Json metadata_to_json(const Metadata& md);
std::string metadata_to_text(const Metadata& md);

// Collapses runs of whitespace into one space and trims (descriptions).
std::string squash_whitespace(std::string_view s);

} // namespace corral::ocf
