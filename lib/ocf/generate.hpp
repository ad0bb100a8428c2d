// `ocf new`: renders templates/agent.sh.in (embedded at build time) for an AgentSpec.
#pragma once

#include "ocf/agent_spec.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace corral::ocf {

// The template engine: lines "#%if FLAG" / "#%if !FLAG" / "#%else" / "#%endif" keep or drop
// blocks, "#%#" lines are template comments, "@@KEY@@" is replaced by values.at(KEY) (a missing
// key or an unbalanced block is Error::internal: the template and this file disagree).
std::string render_template(std::string_view tmpl, const std::set<std::string>& flags,
                            const std::map<std::string, std::string>& values);

// The embedded template text.
std::string_view agent_template();

// The complete agent script.
std::string generate_agent(const AgentSpec& spec);

// `pcs resource create ...` for the agent (required parameters as name=<value>).
std::string pcs_create_command(const AgentSpec& spec);

// Quoting helpers (exposed for tests): XML text; text inside an unquoted here-document
// (escapes $ ` \). Shell words use core shell_quote.
std::string xml_escape(std::string_view s);
std::string heredoc_escape(std::string_view s);

} // namespace corral::ocf
