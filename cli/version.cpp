// corral version: the version alone (as fast as the process can start), and with -o json|yaml the
// versions of the libraries it links (compile-time) and loads (its modules, asked at run time).
#include "cli/context.hpp"
#include "core/log.hpp"
#include "core/module.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#ifndef CORRAL_VERSION
#define CORRAL_VERSION "0.0.0"
#endif
#ifndef CORRAL_YAML_CPP_VERSION
#define CORRAL_YAML_CPP_VERSION "unknown"
#endif

namespace corral::cli {

namespace {

std::string dotted(int major, int minor, int patch) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

// Adds the "name<TAB>version" lines a module reports; a module that cannot be loaded is named
// with a warning (the rest of the answer is still true).
void add_module_versions(Json& libraries, const char* module) {
    try {
        using Fn = const char*();
        // corral_<module>_library_versions: one name per module, as unit tests link several
        // modules' code statically into one executable.
        std::string symbol = "corral_" + std::string(module) + "_library_versions";
        for (char& c : symbol) {
            c = c == '-' ? '_' : c;
        }
        const char* lines = module_function<Fn>(module, symbol.c_str())();
        std::string_view rest = lines;
        while (!rest.empty()) {
            std::size_t end = rest.find('\n');
            std::string_view line = rest.substr(0, end);
            std::size_t tab = line.find('\t');
            if (tab != std::string_view::npos) {
                libraries[std::string(line.substr(0, tab))] = std::string(line.substr(tab + 1));
            }
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        }
    } catch (const Error& e) {
        log::warn("{}", e.what());
    }
}

Report version_report(bool with_libraries) {
    Report report;
    report.data["version"] = CORRAL_VERSION;
    report.text = std::string("corral ") + CORRAL_VERSION + "\n";
    if (!with_libraries) {
        return report;
    }
    Json libraries = Json::object();
    libraries["CLI11"] = CLI11_VERSION;
    libraries["fmt"] = dotted(FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
    libraries["nlohmann-json"] = dotted(NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                        NLOHMANN_JSON_VERSION_PATCH);
    libraries["pugixml"] =
        std::to_string(PUGIXML_VERSION / 1000) + "." + std::to_string(PUGIXML_VERSION / 10 % 100);
    libraries["yaml-cpp"] = CORRAL_YAML_CPP_VERSION;
    add_module_versions(libraries, "http");
    add_module_versions(libraries, "kafka");
    add_module_versions(libraries, "notify-crypto");
    report.data["libraries"] = std::move(libraries);
    return report;
}

} // namespace

void add_version(CLI::App& app, Context& ctx) {
    auto* sub = app.add_subcommand("version",
                                   "Print corral's version (and its libraries with -o json|yaml)");
    sub->footer("\nExample:\n  corral version -o json | jq -r .libraries.librdkafka");
    // Modules are loaded only for -o json|yaml: plain `corral version` stays a 2 ms start.
    on_run(*sub, ctx, "text,json,yaml",
           [] { return version_report(output_settings().format != Format::text); });
}

} // namespace corral::cli
