// Shared by the kube-scheduler config validators (lint.cpp, args.cpp): findings with
// field.ErrorType names as codes and upstream's message wording ("Invalid value: 0: ...").
#pragma once

#include "k8s/sched/config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corral::k8s {

// How field.Invalid prints a value: strings quoted, everything else as JSON.
std::string value_text(const Json& value);

class FindingList {
public:
    explicit FindingList(std::vector<Finding>& findings) : m_findings(findings) {}

    // `fix`: the one mechanical change that repairs it (Finding::fix), when there is one.
    void invalid(const std::string& path, const Json& value, const std::string& detail,
                 std::optional<std::string> fix = std::nullopt);
    void required(const std::string& path, const std::string& detail);
    void duplicate(const std::string& path, const Json& value);
    void forbidden(const std::string& path, const std::string& detail);
    void not_supported(const std::string& path, const Json& value,
                       const std::vector<std::string>& supported);
    void error(const std::string& path, const std::string& code, const std::string& message,
               std::optional<std::string> fix = std::nullopt);
    void warn(const std::string& path, const std::string& code, const std::string& message,
              std::optional<std::string> fix = std::nullopt);

private:
    std::vector<Finding>& m_findings;
};

// Messages of k8s.io/apimachinery/pkg/util/validation IsQualifiedName (empty: valid).
std::vector<std::string> qualified_name_errors(const std::string& name);
// The fix of a name with a close known spelling (did_you_mean over `candidates`): "rename to
// \"X\"", or nullopt when nothing is close.
std::optional<std::string> rename_fix(const std::string& name,
                                      const std::vector<std::string>& candidates);

// IsValidLabelValue (empty: valid).
std::vector<std::string> label_value_errors(const std::string& value);
// metav1validation.ValidateLabelName: one Invalid finding per message.
void validate_label_name(FindingList& out, const std::string& path, const std::string& name);

// A field of a decoded object, or null (the decoded document has no other shapes).
const Json& field_of(const Json& object, const char* key);
std::int64_t integer_field(const Json& object, const char* key, std::int64_t fallback);
std::string string_field(const Json& object, const char* key);

// validation.go validatePluginConfig's dispatch: the args validator of one in-tree plugin.
void validate_plugin_args(FindingList& out, const std::string& plugin, const std::string& path,
                          const Json& args, int minor);

// The framework build rules (framework.cpp), after validation.
void validate_framework(FindingList& out, const SchedulerConfiguration& cfg, int minor);

// validate_config in pieces, for profiles checked one at a time (lint_config.cpp); in its order:
// head; each profile (validate_profile_at, then the schedulerName duplicates); the queueSort
// checks of every profile against the first's (validate_queue_sort_at); tail; each profile's
// framework build (validate_profile_framework).
void validate_config_head(FindingList& out, const SchedulerConfiguration& cfg);
void validate_profile_at(FindingList& out, const ProfileConfig& profile, std::size_t index,
                         int minor);
void validate_queue_sort_at(FindingList& out, const PluginSet& canonical,
                            const ProfileConfig& profile, std::size_t index);
void validate_config_tail(FindingList& out, const SchedulerConfiguration& cfg);
void validate_profile_framework(FindingList& out, const ProfileConfig& profile, std::size_t index,
                                int minor);

} // namespace corral::k8s
