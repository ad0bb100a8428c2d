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

} // namespace corral::ocf
