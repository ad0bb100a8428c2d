// Reports of the offline parsers: `corral mesos resources` and `corral mesos attributes`.
#pragma once

#include "core/report.hpp"

#include <string>

namespace corral::mesos {

// The one result type of corral (core/report.hpp): data for -o json|yaml, text, exit.
using Report = corral::Report;

// Parses an agent --resources value (a "file://PATH" value is read from PATH, like Mesos flags).
// Errors: Error::input with Mesos' message.
Report resources_report(const std::string& value, const std::string& default_role);
Report attributes_report(const std::string& value);

// Mesos flags accept "file:///path" for any value: returns the file content (trailing newline
// stripped) or the value itself.
std::string resolve_flag_value(const std::string& value);

} // namespace corral::mesos
