// `sched lint --fix`: the migration is written into the user's text; comments, blank lines, key
// order and quoting outside the changed nodes stay byte for byte.
#include "k8s/sched/config.hpp"
#include "k8s/sched/fix.hpp"
#include "k8s/sched/run.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;

namespace {

std::string fix(const std::string& text) {
    corral::InputFile input{"c.yaml", text};
    auto cfg = parse_scheduler_config(input);
    return edit_scheduler_config_text(input, cfg.raw, migrate_config(cfg.raw));
}

} // namespace

TEST_CASE("lint --fix keeps comments and formatting outside what it changes", "[sched][fix]") {
    SECTION("apiVersion only: one scalar replaced, comments and quoting kept") {
        const std::string text = "# scheduler for the batch pool\n"
                                 "apiVersion: 'kubescheduler.config.k8s.io/v1beta3'   # old\n"
                                 "kind: KubeSchedulerConfiguration\n"
                                 "\n"
                                 "profiles:\n"
                                 "  # the only profile\n"
                                 "  - schedulerName: \"batch\"\n"
                                 "    percentageOfNodesToScore: 30\n";
        std::string expected = text;
        expected.replace(expected.find("v1beta3"), 7, "v1");
        CHECK(fix(text) == expected);
    }
    SECTION("a removed plugin: its list item's lines go, the rest stays") {
        const std::string text = "apiVersion: kubescheduler.config.k8s.io/v1\n"
                                 "kind: KubeSchedulerConfiguration\n"
                                 "profiles:\n"
                                 "- schedulerName: default-scheduler\n"
                                 "  plugins:\n"
                                 "    score:\n"
                                 "      enabled:\n"
                                 "      # keep the image locality high\n"
                                 "      - name: ImageLocality\n"
                                 "        weight: 5\n"
                                 "      - name: SelectorSpread   # removed in 1.26\n"
                                 "      - name: TaintToleration\n";
        CHECK(fix(text) == "apiVersion: kubescheduler.config.k8s.io/v1\n"
                           "kind: KubeSchedulerConfiguration\n"
                           "profiles:\n"
                           "- schedulerName: default-scheduler\n"
                           "  plugins:\n"
                           "    score:\n"
                           "      enabled:\n"
                           "      # keep the image locality high\n"
                           "      - name: ImageLocality\n"
                           "        weight: 5\n"
                           "      - name: TaintToleration\n");
    }
    SECTION("a changed block is re-emitted at its indentation; a trailing comment survives") {
        const std::string text = "apiVersion: kubescheduler.config.k8s.io/v1beta2\n"
                                 "kind: KubeSchedulerConfiguration\n"
                                 "profiles:\n"
                                 "- schedulerName: default-scheduler\n"
                                 "  plugins:\n"
                                 "    score:\n"
                                 "      enabled:\n"
                                 "      - name: NodeResourcesMostAllocated\n"
                                 "# end of file\n";
        CHECK(fix(text) == "apiVersion: kubescheduler.config.k8s.io/v1\n"
                           "kind: KubeSchedulerConfiguration\n"
                           "profiles:\n"
                           "- schedulerName: default-scheduler\n"
                           "  pluginConfig:\n"
                           "  - name: NodeResourcesFit\n"
                           "    args:\n"
                           "      scoringStrategy:\n"
                           "        type: MostAllocated\n"
                           "# end of file\n");
    }
    SECTION("nothing to migrate: the text is unchanged") {
        const std::string text = "apiVersion: kubescheduler.config.k8s.io/v1\n"
                                 "kind: KubeSchedulerConfiguration   # as is\n"
                                 "parallelism: 8\n";
        CHECK(fix(text) == text);
    }
    SECTION("JSON input (flow style) is re-emitted as YAML") {
        CHECK(fix("{\"apiVersion\": \"kubescheduler.config.k8s.io/v1beta3\", \"kind\": "
                  "\"KubeSchedulerConfiguration\"}\n") ==
              "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n");
    }
    SECTION("the fixed text passes lint") {
        corral::InputFile input{"c.yaml", fix("apiVersion: kubescheduler.config.k8s.io/v1beta2\n"
                                              "kind: KubeSchedulerConfiguration\n"
                                              "profiles:\n- plugins:\n    score:\n      enabled:\n"
                                              "      - name: NodeResourcesMostAllocated\n")};
        CHECK(lint_scheduler_config(input, 34).empty());
    }
}
