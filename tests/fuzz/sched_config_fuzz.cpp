// libFuzzer target: KubeSchedulerConfiguration parsing, defaulting, validation, migration and
// the build of simulator profiles, and the --fix text edit. Bad input is corral::Error only.
#include "core/error.hpp"
#include "core/yaml_locate.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/fix.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    corral::InputFile input{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
    try {
        std::vector<corral::k8s::Finding> findings;
        // As `sched lint --fix` reads it (the removed plugins' args typed for the migration).
        auto cfg = corral::k8s::parse_scheduler_config(input, &findings, true);
        (void)corral::k8s::edit_scheduler_config_text(input, cfg.raw,
                                                      corral::k8s::migrate_config(cfg.raw));
        corral::k8s::apply_defaults(cfg, 34);
        (void)corral::k8s::validate_config(cfg, 34);
        (void)corral::k8s::build_sim_config(cfg, 31);
    } catch (const corral::Error&) {
    }
    // sched lint's positions: every finding's path located in the document it came from.
    try {
        std::vector<corral::k8s::Finding> findings;
        auto docs = corral::load_yaml_documents(input);
        auto cfg = corral::k8s::parse_scheduler_config(input, &findings);
        corral::k8s::apply_defaults(cfg, 34);
        for (auto& f : corral::k8s::validate_config(cfg, 34)) {
            findings.push_back(std::move(f));
        }
        corral::TextColumns columns(input.content);
        for (const auto& f : findings) {
            for (const auto& doc : docs) {
                (void)corral::locate_yaml_path(doc, f.path);
            }
            (void)columns.first_on(f.line);
        }
    } catch (const corral::Error&) {
    }
    return 0;
}
