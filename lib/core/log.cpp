#include "core/log.hpp"

#include "core/output.hpp"

#include <atomic>
#include <string>
#include <unistd.h>

namespace corral {

// Set in a module once the host attaches it (core/output.cpp reads it).
OutputSettings* host_output_settings = nullptr;

namespace log {

namespace {

std::atomic<Sink> g_sink{nullptr};

void write_stderr(std::string_view prefix, std::string_view message, bool always) {
    if (!always && output_settings().quiet) {
        return;
    }
    std::string line = "corral: ";
    line += prefix;
    // Messages echo input (file contents, server answers): escaped as text output is (issue 15).
    line += terminal_text(message, output_settings().color);
    line += '\n';
    // One write so concurrent writers do not interleave within a line.
    [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace

void write_line(std::string_view prefix, std::string_view message, bool always) {
    if (Sink sink = g_sink.load(std::memory_order_acquire); sink != nullptr) {
        sink(prefix, message, always);
        return;
    }
    write_stderr(prefix, message, always);
}

Sink set_sink(Sink sink) {
    return g_sink.exchange(sink, std::memory_order_acq_rel);
}

} // namespace log
} // namespace corral

extern "C" void corral_module_attach(const CorralModuleHost* host) {
    if (host == nullptr || host->version != corral_module_host_version) {
        return;
    }
    corral::host_output_settings = host->settings;
    corral::log::set_sink(host->write_line);
}
