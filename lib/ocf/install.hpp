// `ocf install`: copy an agent into $root/resource.d/PROVIDER/ with mode 0755, atomically.
#pragma once

#include <string>

namespace corral::ocf {

struct InstallOptions {
    std::string agent;
    std::string provider;
    std::string root; // empty: $OCF_ROOT or /usr/lib/ocf
    bool force = false;
};

// Returns the installed path.
std::string install_agent(const InstallOptions& options);

// Pacemaker's controller reads meta-data as user hacluster: when that user exists and cannot reach
// `installed` (a directory on the way not searchable by it), a sentence saying so (reloads would
// silently become restarts); "" otherwise.
std::string hacluster_reach_warning(const std::string& installed);

} // namespace corral::ocf
