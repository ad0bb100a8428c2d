// `ocf lint`: meta-data against the schema of its declared OCF version plus semantic checks
// (SPEC §1, §7). The 1.0 rules reproduce exactly what `xmllint --dtdvalid ra-api-1.dtd` checks;
// the 1.1 rules reproduce ClusterLabs/OCF-spec ra/1.1/ra-api.rng.
#pragma once

#include "core/output.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace corral::ocf {

enum class Schema { automatic, dtd, v1_1 };

// "auto", "dtd", "1.0" (= dtd), "1.1"; Error::usage otherwise.
Schema parse_schema(std::string_view name);

struct Finding {
    std::string code;
    std::string severity; // "error" | "warning"
    std::string path;     // XPath-like: /resource-agent/actions/action[2]/@name
    std::string message;
    int line = 0;
};

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

Json lint_to_json(const LintResult& r);
std::string lint_to_text(const LintResult& r);

} // namespace corral::ocf
