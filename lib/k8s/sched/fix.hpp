// `sched lint --fix` output: the migrated configuration written into the user's own text. Only
// what the migration changed is rewritten (a scalar in place, a removed key or list item as its
// lines, a changed block re-emitted at its indentation); comments and formatting elsewhere stay.
#pragma once

#include "core/io.hpp"
#include "core/output.hpp"

#include <string>

namespace corral::k8s {

// `before` is the decoded document of `input` (its one non-empty document), `after` the migrated
// one. Returns the whole text of `input` with the edits applied.
std::string edit_scheduler_config_text(const InputFile& input, const Json& before,
                                       const Json& after);

} // namespace corral::k8s
