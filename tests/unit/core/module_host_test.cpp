// A module links its own copy of core; corral_module_attach (what the host calls after dlopen)
// must make that copy use the host's settings and log sink, so `-q` silences module output.
#include "core/log.hpp"
#include "core/output.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace corral;

namespace {

std::vector<std::string> g_lines;
OutputSettings g_host_settings;

void host_sink(std::string_view prefix, std::string_view message, bool always) {
    if (!always && g_host_settings.quiet) {
        return;
    }
    g_lines.push_back(std::string(prefix) + std::string(message));
}

} // namespace

TEST_CASE("an attached module uses the host's settings and log sink", "[module][log]") {
    g_lines.clear();
    g_host_settings = OutputSettings{};
    g_host_settings.quiet = true;
    g_host_settings.format = Format::json;
    CorralModuleHost host{corral_module_host_version, &g_host_settings, &host_sink};
    corral_module_attach(&host);

    CHECK(output_settings().format == Format::json);
    CHECK(output_settings().quiet);
    log::info("kafka: assigned {} partition(s)", 2);
    log::warn("kafka: slow");
    log::error("kafka: broken");
    g_host_settings.quiet = false;
    log::info("kafka: assigned {} partition(s)", 3);
    CHECK(g_lines == std::vector<std::string>{"kafka: broken", "kafka: assigned 3 partition(s)"});

    // Detach: back to this copy's own settings and stderr.
    CorralModuleHost none{corral_module_host_version, nullptr, nullptr};
    corral_module_attach(&none);
    CHECK(&output_settings() != &g_host_settings);
    CHECK(output_settings().format == Format::text);
}

TEST_CASE("a host of another version is ignored", "[module][log]") {
    OutputSettings other;
    other.quiet = true;
    CorralModuleHost host{corral_module_host_version + 1, &other, &host_sink};
    corral_module_attach(&host);
    CHECK(&output_settings() != &other);
}
