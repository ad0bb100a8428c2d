// Diagnostics on stderr (SPEC §0: stdout carries only the result). `-q` silences info and warnings.
//
// Loadable modules (core/module.hpp) link their own copy of core, and so of these settings: when
// the host loads a module it attaches it (corral_module_attach below), after which the module's
// output_settings() is the host's and its log lines go through the host's sink, so `-q` and
// --no-color reach what modules print.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace corral {
struct OutputSettings;
}

namespace corral::log {

// Where a log line goes: prefix ("", "warning: "), message, and whether -q may drop it.
using Sink = void (*)(std::string_view prefix, std::string_view message, bool always);

void write_line(std::string_view prefix, std::string_view message, bool always);

// Replaces the sink (nullptr: the default, one write(2) of "corral: <prefix><message>\n" to
// stderr, skipped under -q unless `always`). Returns the previous one. For hosts and tests.
Sink set_sink(Sink sink);

template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
    write_line("", fmt::format(format, std::forward<Args>(args)...), false);
}

template <typename... Args>
void warn(fmt::format_string<Args...> format, Args&&... args) {
    write_line("warning: ", fmt::format(format, std::forward<Args>(args)...), false);
}

// Errors are never silenced.
template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
    write_line("", fmt::format(format, std::forward<Args>(args)...), true);
}

} // namespace corral::log

// What the host hands to every module it loads (lib/core/module.cpp). Versioned so that a module
// built from other sources is refused rather than misread.
struct CorralModuleHost {
    int version;                      // corral_module_host_version
    corral::OutputSettings* settings; // the host's -o/-q/colour settings
    corral::log::Sink write_line;     // the host's log sink
};
inline constexpr int corral_module_host_version = 1;

extern "C" {
// Defined in core (log.cpp), hence in every module that logs; the host calls it after dlopen().
void corral_module_attach(const CorralModuleHost* host);
}
