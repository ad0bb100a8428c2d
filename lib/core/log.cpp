#include "core/log.hpp"

#include "core/output.hpp"

#include <string>
#include <unistd.h>

namespace corral::log {

void write_line(std::string_view prefix, std::string_view message, bool always) {
    if (!always && output_settings().quiet) {
        return;
    }
    std::string line = "corral: ";
    line += prefix;
    line += message;
    line += '\n';
    // One write so concurrent writers do not interleave within a line.
    [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace corral::log
