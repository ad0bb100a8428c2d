// libFuzzer target: KubeSchedulerConfiguration parsing, defaulting, validation, migration and
// the build of simulator profiles, and the --fix text edit. Bad input is corral::Error only.
// The decoder walks the manifest reader's tree (sched/config_tree.hpp): it must give the same
// findings and errors whether the fast parser or yaml-cpp built that tree, and sched lint the
// same findings whether it checks a config one profile at a time or whole.
#include "core/error.hpp"
#include "core/yaml_locate.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/fix.hpp"
#include "k8s/sched/run.hpp"

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>

namespace {

using corral::k8s::Finding;

std::string outcome(const std::function<std::vector<Finding>(std::string&)>& fn) {
    std::string raw;
    try {
        std::string out;
        for (const auto& f : fn(raw)) {
            out += f.path + "|" + f.code + "|" + f.message + "|" + std::to_string(f.line) + ":" +
                   std::to_string(f.col) + "|" + f.fix.value_or("") + "\n";
        }
        return out + raw;
    } catch (const corral::Error& e) {
        return std::string("error: ") + e.what();
    }
}

// The config document as yaml-cpp reads it, converted to the tree (the slow path for every
// document); nullopt when yaml-cpp refuses the stream.
std::optional<corral::k8s::ConfigTree> yaml_cpp_tree(const corral::InputFile& input) {
    corral::k8s::ConfigTree tree;
    try {
        for (const auto& doc : corral::load_yaml_documents(input)) {
            if (!doc.root || doc.root.IsNull()) {
                continue;
            }
            if (tree.found) {
                tree.extra_line = tree.extra_line != 0 ? tree.extra_line : doc.first_line;
                continue;
            }
            corral::k8s::convert_yaml_node(doc.root, tree.doc.tree);
            tree.found = true;
            tree.doc.first_line = doc.first_line;
            tree.doc.index = doc.index;
        }
    } catch (const corral::Error&) {
        return std::nullopt;
    }
    return tree;
}

void agreement(const corral::InputFile& input) {
    auto slow = yaml_cpp_tree(input);
    if (!slow) {
        return;
    }
    auto parse = [&](const corral::k8s::ConfigTree& tree) {
        return outcome([&](std::string& raw) {
            std::vector<Finding> findings;
            auto cfg = corral::k8s::parse_scheduler_config(input.name, tree, &findings, true);
            raw = cfg.raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            return findings;
        });
    };
    std::string fast_result;
    try {
        fast_result = parse(corral::k8s::load_config_tree(input));
    } catch (const corral::Error&) {
        std::abort(); // yaml-cpp read the stream
    }
    if (fast_result != parse(*slow)) {
        std::abort();
    }
    auto lint = [&](bool whole) {
        return outcome(
            [&](std::string&) { return corral::k8s::lint_scheduler_config(input, 34, whole); });
    };
    if (lint(false) != lint(true)) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    corral::InputFile input{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
    agreement(input);
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
