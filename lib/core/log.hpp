// Diagnostics on stderr (SPEC §0: stdout carries only the result). `-q` silences info and warnings.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace corral::log {

void write_line(std::string_view prefix, std::string_view message, bool always);

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
