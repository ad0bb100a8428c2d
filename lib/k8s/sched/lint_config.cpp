// `sched lint` on one file: kube-scheduler's pipeline (strict decode, v1 defaults, validation,
// framework build) with every finding and error placed at its field path in the file. A
// block-style config is checked one profile at a time (ConfigTree::profiles): each profile is
// decoded, defaulted, validated, built and located while its own small tree is alive, then only
// its name (for duplicates) is kept, so a config of 1,000 profiles costs about one profile's
// memory beyond its text. The findings come out in validate_config's order either way.
#include "core/error.hpp"
#include "k8s/sched/config.hpp"
#include "k8s/sched/run.hpp"
#include "k8s/sched/validation.hpp"

#include <map>

namespace corral::k8s {

namespace {

void locate(std::vector<Finding>& findings, std::size_t from, const ManifestDocument& doc,
            NodeId root) {
    for (std::size_t i = from; i < findings.size(); ++i) {
        Finding& f = findings[i];
        if (f.line == 0 || f.col == 0) {
            Position at = locate_tree_path(doc, root, f.path);
            f.line = at.line;
            f.col = at.column;
        }
    }
}

// The profile's path in a finding ("profiles[3].plugins...") located inside its item's tree.
void locate_in_item(std::vector<Finding>& findings, std::size_t from, std::size_t index,
                    const ManifestDocument& doc, NodeId item, std::string_view rest) {
    std::string prefix = "profiles[" + std::to_string(index) + "]";
    for (std::size_t i = from; i < findings.size(); ++i) {
        Finding& f = findings[i];
        if ((f.line == 0 || f.col == 0) && f.path.starts_with(prefix)) {
            Position at =
                locate_tree_path(doc, item, std::string_view(f.path).substr(prefix.size()), rest);
            f.line = at.line;
            f.col = at.column;
        }
    }
}

// validate_config's checks, one profile at a time.
class StreamedLint {
public:
    StreamedLint(const ConfigTree& tree, int minor) : m_tree(tree), m_minor(minor) {}

    std::vector<Finding> run(const std::string& name) {
        SchedulerConfiguration cfg = parse_scheduler_config(
            name, m_tree, &m_decoded, false,
            [this](std::size_t index, ProfileConfig&& profile, const ManifestDocument& doc,
                   NodeId item) { check_profile(index, std::move(profile), doc, item); });
        std::vector<Finding> head, tail;
        FindingList head_out(head), tail_out(tail);
        validate_config_head(head_out, cfg);
        validate_config_tail(tail_out, cfg);
        std::vector<Finding> out = std::move(m_decoded);
        for (auto* part : {&head, &m_profiles, &m_queue_sort, &tail, &m_framework}) {
            std::move(part->begin(), part->end(), std::back_inserter(out));
        }
        locate(out, 0, m_tree.doc, m_tree.doc.tree.root);
        return out;
    }

private:
    const ConfigTree& m_tree;
    int m_minor;
    std::vector<Finding> m_decoded, m_profiles, m_queue_sort, m_framework;
    std::size_t m_decoded_located = 0;
    std::map<std::string, std::size_t> m_names;
    PluginSet m_canonical_queue_sort;

    void check_profile(std::size_t index, ProfileConfig&& profile, const ManifestDocument& doc,
                       NodeId item) {
        // apply_defaults: only a single profile whose schedulerName is nil gets the default name.
        if (m_tree.profiles.size() == 1 && !profile.scheduler_name_present) {
            profile.scheduler_name = "default-scheduler";
        }
        apply_profile_defaults(profile, m_minor);
        std::size_t profiles_from = m_profiles.size(), queue_from = m_queue_sort.size(),
                    framework_from = m_framework.size();
        FindingList profiles(m_profiles), queue_sort(m_queue_sort), framework(m_framework);
        // validate_profiles
        validate_profile_at(profiles, profile, index, m_minor);
        std::string path = "profiles[" + std::to_string(index) + "]";
        if (auto it = m_names.find(profile.scheduler_name); it != m_names.end()) {
            profiles.duplicate(path + ".schedulerName",
                               "profiles[" + std::to_string(it->second) + "].schedulerName");
        }
        m_names[profile.scheduler_name] = index;
        // validateCommonQueueSort
        const int queue = static_cast<int>(Point::queue_sort);
        if (index == 0) {
            m_canonical_queue_sort = profile.plugins[queue];
        }
        validate_queue_sort_at(queue_sort, m_canonical_queue_sort, profile, index);
        validate_profile_framework(framework, profile, index, m_minor);
        // Positions now, while the item's tree is alive.
        const ManifestDocument& whole = m_tree.doc;
        std::string_view rest = whole.text.substr(doc.offset - whole.offset + doc.text.size());
        locate_in_item(m_decoded, m_decoded_located, index, doc, item, rest);
        m_decoded_located = m_decoded.size();
        locate_in_item(m_profiles, profiles_from, index, doc, item, rest);
        locate_in_item(m_queue_sort, queue_from, index, doc, item, rest);
        locate_in_item(m_framework, framework_from, index, doc, item, rest);
    }
};

std::vector<Finding> lint_whole(const InputFile& input, const ConfigTree& tree, int minor) {
    std::vector<Finding> findings;
    auto cfg = parse_scheduler_config(input.name, tree, &findings);
    apply_defaults(cfg, minor);
    for (auto& finding : validate_config(cfg, minor)) {
        findings.push_back(std::move(finding));
    }
    if (tree.found) {
        locate(findings, 0, tree.doc, tree.doc.tree.root);
    }
    return findings;
}

} // namespace

std::vector<Finding> lint_scheduler_config(const InputFile& input, int minor, bool whole) {
    ConfigTree tree = load_config_tree(input, /*split_profiles=*/!whole);
    try {
        try {
            if (!tree.profiles.empty()) {
                return StreamedLint(tree, minor).run(input.name);
            }
            return lint_whole(input, tree, minor);
        } catch (const ProfilesNeedWholeDocument&) {
            tree = load_config_tree(input);
            return lint_whole(input, tree, minor);
        }
    } catch (Error& e) {
        // The parser and the validation name field paths, as kube-scheduler does: the position
        // comes from the tree.
        if (tree.found && e.column() == 0 && e.kind() == ErrorKind::input &&
            (e.line() == 0 || !e.path().empty())) {
            Position at = locate_tree_path(tree.doc, tree.doc.tree.root, e.path());
            e.at(input.name, at.line, at.column);
        }
        throw;
    }
}

} // namespace corral::k8s
