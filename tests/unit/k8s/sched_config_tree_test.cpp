// The config reader of sched/config_tree.hpp: the profiles of a block-style config read one at a
// time, with the lines of the file; and sched lint giving the same findings and errors that way
// as with the document read whole (lint_scheduler_config's `whole`).
#include "k8s/sched/config_tree.hpp"

#include "core/error.hpp"
#include "k8s/sched/run.hpp"

#include <catch2/catch.hpp>

using namespace corral::k8s;
using corral::InputFile;

namespace {

const std::string kHead =
    "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

std::string outcome(const std::string& text, bool whole) {
    try {
        std::string out;
        for (const auto& f : lint_scheduler_config(InputFile{"c.yaml", text}, 34, whole)) {
            out += std::to_string(f.line) + ":" + std::to_string(f.col) + " " + f.path + " " +
                   f.code + " " + f.message + "\n";
        }
        return out;
    } catch (const corral::Error& e) {
        return std::string("error: ") + e.what();
    }
}

} // namespace

TEST_CASE("a block-style config keeps its profiles apart, with the file's lines") {
    std::string text = kHead + "profiles:\n"
                               "- schedulerName: a\n"
                               "  percentageOfNodesToScore: 10\n"
                               "# between\n"
                               "- schedulerName: b\n"
                               "parallelism: 4\n";
    InputFile input{"c.yaml", text};
    ConfigTree tree = load_config_tree(input, true);
    REQUIRE(tree.found);
    REQUIRE(tree.profiles.size() == 2);
    const ManifestTree& t = tree.doc.tree;
    CHECK(t.is_null(t.get(t.root, "profiles")));
    // parallelism is on line 8 of the file, after the 4 lines of items.
    CHECK(tree.doc.line_of(t.key(t.root, "parallelism")) == 8);
    CHECK(locate_tree_path(tree.doc, t.root, "parallelism").line == 8);
    std::vector<std::pair<int, std::string>> items;
    for_each_profile(tree, [&](std::size_t, const ManifestDocument& doc, NodeId item) {
        items.emplace_back(doc.line_of(item),
                           std::string(doc.tree.scalar(doc.tree.get(item, "schedulerName"))));
        CHECK(locate_tree_path(doc, item, ".schedulerName").column == 3);
    });
    CHECK(items == std::vector<std::pair<int, std::string>>{{4, "a"}, {7, "b"}});
    // Without splitting, the same document whole.
    ConfigTree whole = load_config_tree(input);
    CHECK(whole.profiles.empty());
    CHECK(whole.doc.tree.items(whole.doc.tree.get(whole.doc.tree.root, "profiles")).size() == 2);
}

TEST_CASE("other layouts of profiles read the document whole") {
    for (const std::string& body : {
             std::string("profiles: [{schedulerName: a}]\n"),
             std::string("profiles: # comment\n- schedulerName: a\n"),
             std::string("profiles:\n  schedulerName: a\n"),
             std::string("leaderElection:\n  leaderElect: false\n"),
         }) {
        InputFile input{"c.yaml", kHead + body};
        ConfigTree tree = load_config_tree(input, true);
        CHECK(tree.found);
        CHECK(tree.profiles.empty());
    }
    std::string json = R"({"apiVersion": "kubescheduler.config.k8s.io/v1",
"kind": "KubeSchedulerConfiguration", "profiles": [{"schedulerName": "a"}]})";
    InputFile input{"c.json", json};
    CHECK(load_config_tree(input, true).profiles.empty());
}

TEST_CASE("an item that does not read alone asks for the whole document") {
    std::string text = kHead + "profiles:\n"
                               "- schedulerName: &name a\n"
                               "- schedulerName: *name\n";
    InputFile input{"c.yaml", text};
    ConfigTree tree = load_config_tree(input, true);
    REQUIRE(tree.profiles.size() == 2);
    CHECK_FALSE(profiles_read_alone(tree, 0));
    CHECK_THROWS_AS(for_each_profile(tree, [](std::size_t, const ManifestDocument&, NodeId) {}),
                    ProfilesNeedWholeDocument);
    // sched lint then reads it whole: the duplicate name is found through the alias.
    std::string result = outcome(text, false);
    CHECK(result.find("profiles[1].schedulerName") != std::string::npos);
    CHECK(result == outcome(text, true));
}

TEST_CASE("sched lint finds the same one profile at a time as whole") {
    const std::string profile = "- schedulerName: s{i}\n"
                                "  plugins:\n"
                                "    score:\n"
                                "      enabled:\n"
                                "      - name: NodeResourcesFit\n"
                                "        weight: {w}\n";
    auto profiles = [&](int count) {
        std::string out = "profiles:\n";
        for (int i = 0; i < count; ++i) {
            std::string p = profile;
            p.replace(p.find("{i}"), 3, std::to_string(i));
            p.replace(p.find("{w}"), 3, std::to_string(i % 3 - 1));
            out += p;
        }
        return out;
    };
    struct Case {
        std::string name, text;
        bool has_findings;
    };
    std::vector<Case> cases = {
        {"negative weights warn", kHead + profiles(4), true},
        {"unknown fields before, in and after the profiles",
         kHead + "bogus: 1\n" + profiles(3) + "- schedulerName: x\n  plugns: {}\nother: 2\n", true},
        {"duplicate names and a queueSort that differs",
         kHead + profiles(2) +
             "- schedulerName: s0\n  plugins:\n    queueSort:\n      enabled:\n"
             "      - name: PrioritySort\n      disabled:\n      - name: '*'\n",
         true},
        {"global fields after the profiles",
         kHead + profiles(2) +
             "parallelism: 0\npodInitialBackoffSeconds: 5\n"
             "podMaxBackoffSeconds: 1\n",
         true},
        {"a single profile without a name gets the default one",
         kHead + "profiles:\n- plugins:\n    score:\n      disabled:\n      - name: '*'\n", false},
        {"a null item is an empty profile", kHead + "profiles:\n- schedulerName: a\n-\n", true},
        {"a type error in a profile", kHead + profiles(2) + "- schedulerName: [x]\n", true},
        {"a type error before an item yaml-cpp must read",
         kHead + "profiles:\n- percentageOfNodesToScore: x\n- schedulerName: \"a\n  b\"\n", true},
        {"a wrong kind before a profile with a duplicate key",
         "apiVersion: kubescheduler.config.k8s.io/v1\nkind: Policy\nprofiles:\n"
         "- schedulerName: a\n  schedulerName: b\n",
         true},
        {"a removed API version",
         profiles(1) + "apiVersion: kubescheduler.config.k8s.io/v1beta3\n"
                       "kind: KubeSchedulerConfiguration\n",
         true},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        std::string streamed = outcome(c.text, false);
        CHECK(streamed == outcome(c.text, true));
        CHECK(streamed.empty() != c.has_findings);
    }
}

TEST_CASE("an empty profile item is where yaml-cpp marks it: at the next token") {
    std::string text = kHead + "profiles:\n"
                               "  - schedulerName: a\n"
                               "  -   # c\n"
                               "\n"
                               "  - schedulerName: b\n"
                               "  -\n";
    for (bool whole : {false, true}) {
        CHECK(outcome(text, whole) ==
              "7:3 profiles[1].schedulerName FieldValueRequired Required value\n"
              "9:1 profiles[3].schedulerName FieldValueRequired Required value\n"
              "9:1 profiles[3].schedulerName FieldValueDuplicate Duplicate value: "
              "\"profiles[1].schedulerName\"\n");
    }
}
