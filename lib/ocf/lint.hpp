// `ocf lint`: meta-data against the schema of its declared OCF version plus semantic checks
// (SPEC §1, §7). The 1.0 rules reproduce exactly what `xmllint --dtdvalid ra-api-1.dtd` checks;
// the 1.1 rules reproduce ClusterLabs/OCF-spec ra/1.1/ra-api.rng.
#pragma once

#include "core/lint.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace corral::ocf {

enum class Schema { automatic, dtd, v1_1 };

// "auto", "dtd", "1.0" (= dtd), "1.1"; Error::usage otherwise.
Schema parse_schema(std::string_view name);

// Findings' paths are XPath-like: /resource-agent/actions/action[2]/@name.
using corral::Finding;

struct LintResult {
    std::string file;
    std::string version; // declared OCF version ("1.0" when no <version>)
    std::vector<Finding> findings;
    int errors = 0;
    int warnings = 0;
};

// Lints meta-data text. Not well-formed XML is Error::input (exit 3).
LintResult lint_metadata(std::string_view xml, const std::string& file, Schema schema);

// Only the DTD verdict: true when xmllint --dtdvalid would accept `xml` (not-well-formed: false).
bool dtd_valid(std::string_view xml);

// The result as one file of a lint run (SPEC §7), with its per-verb field "version".
LintFile to_lint_file(const LintResult& r);

// `ocf lint`: every agent, meta-data file, provider:agent name, directory (agents and *.xml files
// below it) or "-" in `args`, with the shared lint input contract (core/lint_input.hpp).
LintRun lint_agents(const std::vector<std::string>& args, Schema schema, double timeout_seconds);

} // namespace corral::ocf
