// Plugin args validation (pkg/scheduler/apis/config/validation/validation_pluginargs.go) and the
// apimachinery name rules it uses (k8s.io/apimachinery/pkg/util/validation IsQualifiedName,
// IsValidLabelValue; k8s.io/component-helpers/scheduling/corev1/nodeaffinity for addedAffinity).
#include "k8s/sched/validation.hpp"

#include "core/error.hpp"
#include "k8s/sched/decode.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace corral::k8s {

std::string value_text(const Json& value) {
    if (value.is_string()) {
        return json_quote(value.get<std::string>());
    }
    if (value.is_null()) {
        return "null";
    }
    return value.dump();
}

void FindingList::invalid(const std::string& path, const Json& value, const std::string& detail,
                          std::optional<std::string> fix) {
    Finding finding{path, "FieldValueInvalid", "error",
                    "Invalid value: " + value_text(value) + ": " + detail};
    finding.fix = std::move(fix);
    m_findings.push_back(std::move(finding));
}

void FindingList::required(const std::string& path, const std::string& detail) {
    m_findings.push_back({path, "FieldValueRequired", "error",
                          detail.empty() ? "Required value" : "Required value: " + detail});
}

void FindingList::duplicate(const std::string& path, const Json& value) {
    m_findings.push_back(
        {path, "FieldValueDuplicate", "error", "Duplicate value: " + value_text(value)});
}

void FindingList::forbidden(const std::string& path, const std::string& detail) {
    m_findings.push_back({path, "FieldValueForbidden", "error", "Forbidden: " + detail});
}

void FindingList::not_supported(const std::string& path, const Json& value,
                                const std::vector<std::string>& supported) {
    std::string message = "Unsupported value: " + value_text(value) + ": supported values: ";
    for (std::size_t i = 0; i < supported.size(); ++i) {
        message += (i ? ", " : "") + json_quote(supported[i]);
    }
    m_findings.push_back({path, "FieldValueNotSupported", "error", message});
}

void FindingList::error(const std::string& path, const std::string& code,
                        const std::string& message, std::optional<std::string> fix) {
    Finding finding{path, code, "error", message};
    finding.fix = std::move(fix);
    m_findings.push_back(std::move(finding));
}

void FindingList::warn(const std::string& path, const std::string& code, const std::string& message,
                       std::optional<std::string> fix) {
    Finding finding{path, code, "warning", message};
    finding.fix = std::move(fix);
    m_findings.push_back(std::move(finding));
}

std::optional<std::string> rename_fix(const std::string& name,
                                      const std::vector<std::string>& candidates) {
    std::string match = did_you_mean(name, candidates);
    if (match.empty()) {
        return std::nullopt;
    }
    return "rename to " + json_quote(match);
}

namespace {

const char* const kQualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* const kDnsSubdomainFormat =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

// validation.RegexError
std::string regex_error(const std::string& message, const std::string& format,
                        const std::vector<std::string>& examples) {
    std::string out = message + " (e.g. ";
    for (std::size_t i = 0; i < examples.size(); ++i) {
        out += (i ? " or " : "") + ("'" + examples[i] + "', ");
    }
    return out + "regex used for validation is '" + format + "')";
}

std::string qualified_name_regex_error() {
    return regex_error("must consist of alphanumeric characters, '-', '_' or '.', and must start "
                       "and end with an alphanumeric character",
                       kQualifiedNameFormat, {"MyName", "my.name", "123-abc"});
}

// Hand-written matchers of the two regexes (std::regex recurses per character and can overflow the
// stack on long hostile input).
bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matches_qualified_name(const std::string& text) {
    if (text.empty() || !is_alnum(text.front()) || !is_alnum(text.back())) {
        return false;
    }
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; });
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool matches_dns_subdomain(const std::string& text) {
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    std::size_t start = 0;
    while (true) {
        std::size_t dot = text.find('.', start);
        std::string label =
            text.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || !lower_alnum(label.front()) || !lower_alnum(label.back()) ||
            !std::all_of(label.begin(), label.end(),
                         [&](char c) { return lower_alnum(c) || c == '-'; })) {
            return false;
        }
        if (dot == std::string::npos) {
            return true;
        }
        start = dot + 1;
    }
}

bool is_decimal_integer(const std::string& text) {
    std::size_t first = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
    return first < text.size() &&
           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(first), text.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::vector<std::string> qualified_name_errors(const std::string& value) {
    std::vector<std::string> errors;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t slash; (slash = value.find('/', start)) != std::string::npos;) {
        parts.push_back(value.substr(start, slash - start));
        start = slash + 1;
    }
    parts.push_back(value.substr(start));
    std::string name;
    if (parts.size() == 1) {
        name = parts[0];
    } else if (parts.size() == 2) {
        const std::string& prefix = parts[0];
        name = parts[1];
        if (prefix.empty()) {
            errors.push_back("prefix part must be non-empty");
        } else {
            if (prefix.size() > 253) {
                errors.push_back("prefix part must be no more than 253 characters");
            }
            if (!matches_dns_subdomain(prefix)) {
                errors.push_back("prefix part " +
                                 regex_error("a lowercase RFC 1123 subdomain must consist of lower "
                                             "case alphanumeric characters, '-' or '.', and must "
                                             "start and end with an alphanumeric character",
                                             kDnsSubdomainFormat, {"example.com"}));
            }
        }
    } else {
        errors.push_back("a qualified name " + qualified_name_regex_error() +
                         " with an optional DNS subdomain prefix and '/' (e.g. "
                         "'example.com/MyName')");
        return errors;
    }
    if (name.empty()) {
        errors.push_back("name part must be non-empty");
    } else if (name.size() > 63) {
        errors.push_back("name part must be no more than 63 characters");
    }
    if (!matches_qualified_name(name)) {
        errors.push_back("name part " + qualified_name_regex_error());
    }
    return errors;
}

std::vector<std::string> label_value_errors(const std::string& value) {
    std::vector<std::string> errors;
    if (value.size() > 63) {
        errors.push_back("must be no more than 63 characters");
    }
    if (!value.empty() && !matches_qualified_name(value)) {
        errors.push_back(regex_error("a valid label must be an empty string or consist of "
                                     "alphanumeric characters, '-', '_' or '.', and must start and "
                                     "end with an alphanumeric character",
                                     std::string("(") + kQualifiedNameFormat + ")?",
                                     {"MyValue", "my_value", "12345"}));
    }
    return errors;
}

void validate_label_name(FindingList& out, const std::string& path, const std::string& name) {
    for (const auto& message : qualified_name_errors(name)) {
        out.invalid(path, name, message);
    }
}

const Json& field_of(const Json& object, const char* key) {
    static const Json absent;
    if (!object.is_object()) {
        return absent;
    }
    auto it = object.find(key);
    return it == object.end() ? absent : *it;
}

std::int64_t integer_field(const Json& object, const char* key, std::int64_t fallback) {
    const Json& value = field_of(object, key);
    return value.is_number_integer() ? value.get<std::int64_t>() : fallback;
}

std::string string_field(const Json& object, const char* key) {
    const Json& value = field_of(object, key);
    return value.is_string() ? value.get<std::string>() : std::string();
}

namespace {

std::string indexed(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

std::vector<std::string> strings_of(const Json& list) {
    std::vector<std::string> out;
    if (list.is_array()) {
        for (const auto& item : list) {
            out.push_back(item.is_string() ? item.get<std::string>() : std::string());
        }
    }
    return out;
}

// validateFunctionShape
void validate_function_shape(FindingList& out, const Json& shape, const std::string& path) {
    if (!shape.is_array() || shape.empty()) {
        out.required(path, "at least one point must be specified");
        return;
    }
    for (std::size_t i = 1; i < shape.size(); ++i) {
        std::int64_t previous = integer_field(shape[i - 1], "utilization", 0);
        std::int64_t current = integer_field(shape[i], "utilization", 0);
        if (previous >= current) {
            out.invalid(indexed(path, i) + ".utilization", current,
                        "values must be sorted in increasing order");
            break;
        }
    }
    for (std::size_t i = 0; i < shape.size(); ++i) {
        std::int64_t utilization = integer_field(shape[i], "utilization", 0);
        std::int64_t score = integer_field(shape[i], "score", 0);
        if (utilization < 0 || utilization > 100) {
            out.invalid(indexed(path, i) + ".utilization", utilization,
                        "not in valid range [0, 100]");
        }
        if (score < 0 || score > 10) {
            out.invalid(indexed(path, i) + ".score", score, "not in valid range [0, 10]");
        }
    }
}

// ValidateNodeResourcesFitArgs (reached through NewFit: validation.go keys it
// "NodeResourcesFitArgs", so config validation never dispatches to it; the rules are the same).
void validate_fit_args(FindingList& out, const std::string& path, const Json& args) {
    auto ignored = strings_of(field_of(args, "ignoredResources"));
    for (std::size_t i = 0; i < ignored.size(); ++i) {
        validate_label_name(out, indexed(path + ".ignoredResources", i), ignored[i]);
    }
    auto groups = strings_of(field_of(args, "ignoredResourceGroups"));
    for (std::size_t i = 0; i < groups.size(); ++i) {
        std::string group_path = indexed(path + ".ignoredResourceGroups", i);
        if (groups[i].find('/') != std::string::npos) {
            out.invalid(group_path, groups[i], "resource group name can't contain '/'");
        }
        validate_label_name(out, group_path, groups[i]);
    }
    std::string strategy_path = path + ".scoringStrategy";
    const Json& strategy = field_of(args, "scoringStrategy");
    if (!strategy.is_object()) {
        out.required(strategy_path, "ScoringStrategy field is required");
        return;
    }
    std::string type = string_field(strategy, "type");
    static const std::vector<std::string> types{"LeastAllocated", "MostAllocated",
                                                "RequestedToCapacityRatio"};
    if (std::find(types.begin(), types.end(), type) == types.end()) {
        out.not_supported(strategy_path + ".type", type, types);
    }
    const Json& resources = field_of(strategy, "resources");
    for (std::size_t i = 0; resources.is_array() && i < resources.size(); ++i) {
        std::int64_t weight = integer_field(resources[i], "weight", 0);
        if (weight <= 0 || weight > 100) {
            out.invalid(indexed(strategy_path + ".resources", i) + ".weight", weight,
                        "resource weight of " + string_field(resources[i], "name") +
                            " not in valid range (0, 100]");
        }
    }
    // 1.31-1.34 validate the shape wherever the block is present (path scoringStrategy.shape) and
    // ignore the block for the other types; without the block a RequestedToCapacityRatio strategy
    // has no shape to score with.
    const Json& ratio = field_of(strategy, "requestedToCapacityRatio");
    std::string ratio_path = strategy_path + ".requestedToCapacityRatio";
    if (type == "RequestedToCapacityRatio" && !ratio.is_object()) {
        out.required(ratio_path, "required when type is RequestedToCapacityRatio");
    }
    if (ratio.is_object() && type != "RequestedToCapacityRatio") {
        out.warn(ratio_path, "IgnoredField",
                 "kube-scheduler ignores requestedToCapacityRatio when type is " +
                     json_quote(type) + " (it is read only for RequestedToCapacityRatio)");
    }
    if (ratio.is_object()) {
        validate_function_shape(out, field_of(ratio, "shape"), strategy_path + ".shape");
    }
}

// ValidateNodeResourcesBalancedAllocationArgs
void validate_balanced_args(FindingList& out, const std::string& path, const Json& args) {
    std::set<std::string> seen;
    const Json& resources = field_of(args, "resources");
    for (std::size_t i = 0; resources.is_array() && i < resources.size(); ++i) {
        std::string name = string_field(resources[i], "name");
        std::string resource_path = indexed(path + ".resources", i);
        if (!seen.insert(name).second) {
            out.duplicate(resource_path + ".name", name);
        }
        std::int64_t weight = integer_field(resources[i], "weight", 0);
        if (weight != 1) {
            out.invalid(resource_path + ".weight", weight, "must be 1");
        }
    }
}

// ValidatePodTopologySpreadArgs
void validate_spread_args(FindingList& out, const std::string& path, const Json& args) {
    std::string defaulting = string_field(args, "defaultingType");
    if (defaulting.empty()) {
        defaulting = "System";
    }
    const Json& constraints = field_of(args, "defaultConstraints");
    bool has_constraints = constraints.is_array() && !constraints.empty();
    if (defaulting != "System" && defaulting != "List") {
        out.not_supported(path + ".defaultingType", defaulting, {"System", "List"});
    } else if (defaulting == "System" && has_constraints) {
        out.invalid(path + ".defaultingType", defaulting, "when .defaultConstraints are not empty");
    }
    if (!constraints.is_array()) {
        return;
    }
    std::string list_path = path + ".defaultConstraints";
    for (std::size_t i = 0; i < constraints.size(); ++i) {
        const Json& constraint = constraints[i];
        std::string constraint_path = indexed(list_path, i);
        std::int64_t max_skew = integer_field(constraint, "maxSkew", 0);
        if (max_skew <= 0) {
            out.invalid(constraint_path + ".maxSkew", max_skew, "not in valid range (0, inf)");
        }
        std::string key = string_field(constraint, "topologyKey");
        if (key.empty()) {
            out.required(constraint_path + ".topologyKey", "can not be empty");
        } else {
            validate_label_name(out, constraint_path + ".topologyKey", key);
        }
        std::string action = string_field(constraint, "whenUnsatisfiable");
        if (action.empty()) {
            out.required(constraint_path + ".whenUnsatisfiable", "can not be empty");
        } else if (action != "DoNotSchedule" && action != "ScheduleAnyway") {
            out.not_supported(constraint_path + ".whenUnsatisfiable", action,
                              {"DoNotSchedule", "ScheduleAnyway"});
        }
        if (field_of(constraint, "labelSelector").is_object()) {
            out.forbidden(constraint_path + ".labelSelector",
                          "constraint must not define a selector, as they deduced for each pod");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (string_field(constraints[j], "topologyKey") == key &&
                string_field(constraints[j], "whenUnsatisfiable") == action) {
                out.duplicate(constraint_path, "{" + key + ", " + action + "}");
                break;
            }
        }
    }
}

// ValidateDefaultPreemptionArgs: both minimums 0 is reported on both fields.
void validate_preemption_args(FindingList& out, const std::string& path, const Json& args) {
    std::int64_t percentage = integer_field(args, "minCandidateNodesPercentage", 10);
    std::int64_t absolute = integer_field(args, "minCandidateNodesAbsolute", 100);
    std::string percentage_path = path + ".minCandidateNodesPercentage";
    std::string absolute_path = path + ".minCandidateNodesAbsolute";
    if (percentage < 0 || percentage > 100) {
        out.invalid(percentage_path, percentage, "not in valid range [0, 100]");
    }
    if (absolute < 0) {
        out.invalid(absolute_path, absolute, "not in valid range [0, inf)");
    }
    if (percentage == 0 && absolute == 0) {
        out.invalid(percentage_path, percentage,
                    "cannot be zero at the same time as minCandidateNodesAbsolute");
        out.invalid(absolute_path, absolute,
                    "cannot be zero at the same time as minCandidateNodesPercentage");
    }
}

// ValidateInterPodAffinityArgs
void validate_interpod_args(FindingList& out, const std::string& path, const Json& args) {
    std::int64_t weight = integer_field(args, "hardPodAffinityWeight", 1);
    if (weight < 0 || weight > 100) {
        out.invalid(path + ".hardPodAffinityWeight", weight, "not in valid range [0, 100]");
    }
}

// ValidateVolumeBindingArgs: `shape` is scored only behind a gate that is off by default in
// 1.31-1.34 (VolumeCapacityPriority, alpha; replaced by StorageCapacityScoring, alpha, in 1.33:
// kubernetes.io/blog/2025/04/30/kubernetes-v1-33-storage-capacity-scoring-feature), and a shape
// with the gate off is refused so it cannot take effect silently when the gate turns on.
void validate_volume_binding_args(FindingList& out, const std::string& path, const Json& args,
                                  int minor) {
    std::int64_t timeout = integer_field(args, "bindTimeoutSeconds", 600);
    if (timeout < 0) {
        out.invalid(path + ".bindTimeoutSeconds", timeout,
                    "invalid BindTimeoutSeconds, should not be a negative value");
    }
    const Json& shape = field_of(args, "shape");
    if (shape.is_array()) {
        std::string gate = minor >= 33 ? "StorageCapacityScoring" : "VolumeCapacityPriority";
        out.invalid(path + ".shape", shape,
                    "unexpected field `shape`, remove it or turn on the feature gate " + gate);
    }
}

// k8s.io/apimachinery/pkg/labels NewRequirement, as nodeaffinity's
// nodeSelectorRequirementsAsSelector calls it.
void validate_label_requirement(FindingList& out, const std::string& path,
                                const Json& requirement) {
    static const std::vector<std::string> operators{"In",           "NotIn", "Exists",
                                                    "DoesNotExist", "Gt",    "Lt"};
    std::string op = string_field(requirement, "operator");
    if (std::find(operators.begin(), operators.end(), op) == operators.end()) {
        out.not_supported(path + ".operator", op, operators);
        return;
    }
    std::string key = string_field(requirement, "key");
    auto key_errors = qualified_name_errors(key);
    if (!key_errors.empty()) {
        std::string joined;
        for (const auto& message : key_errors) {
            joined += (joined.empty() ? "" : "; ") + message;
        }
        out.invalid(path + ".key", key, joined);
    }
    const Json& values_json = field_of(requirement, "values");
    auto values = strings_of(values_json);
    Json shown = values_json.is_array() ? values_json : Json::array();
    std::string values_path = path + ".values";
    if ((op == "In" || op == "NotIn") && values.empty()) {
        out.invalid(values_path, shown, "for 'in', 'notin' operators, values set can't be empty");
    } else if ((op == "Exists" || op == "DoesNotExist") && !values.empty()) {
        out.invalid(values_path, shown, "values set must be empty for exists and does not exist");
    } else if (op == "Gt" || op == "Lt") {
        if (values.size() != 1) {
            out.invalid(values_path, shown,
                        "for 'Gt', 'Lt' operators, exactly one value is required");
        }
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (!is_decimal_integer(values[i])) {
                out.invalid(indexed(values_path, i), values[i],
                            "for 'Gt', 'Lt' operators, the value must be an integer");
            }
        }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto errors = label_value_errors(values[i]);
        if (!errors.empty()) {
            std::string joined;
            for (const auto& message : errors) {
                joined += (joined.empty() ? "" : "; ") + message;
            }
            out.invalid(indexed(values_path, i) + "[" + key + "]", values[i], joined);
        }
    }
}

// nodeaffinity newNodeSelectorTerm: matchExpressions as label requirements, matchFields as field
// selectors (exactly one value, In or NotIn).
void validate_node_selector_term(FindingList& out, const std::string& path, const Json& term) {
    const Json& expressions = field_of(term, "matchExpressions");
    for (std::size_t i = 0; expressions.is_array() && i < expressions.size(); ++i) {
        validate_label_requirement(out, indexed(path + ".matchExpressions", i), expressions[i]);
    }
    const Json& fields = field_of(term, "matchFields");
    for (std::size_t i = 0; fields.is_array() && i < fields.size(); ++i) {
        std::string field_path = indexed(path + ".matchFields", i);
        const Json& values = field_of(fields[i], "values");
        if (!values.is_array() || values.size() != 1) {
            out.invalid(field_path + ".values", values.is_array() ? values : Json::array(),
                        "must have one element");
            continue;
        }
        std::string op = string_field(fields[i], "operator");
        if (op != "In" && op != "NotIn") {
            out.not_supported(field_path + ".operator", op, {"In", "NotIn"});
        }
    }
}

// ValidateNodeAffinityArgs: addedAffinity must parse as node selectors.
void validate_node_affinity_args(FindingList& out, const std::string& path, const Json& args) {
    const Json& affinity = field_of(args, "addedAffinity");
    std::string affinity_path = path + ".addedAffinity";
    const Json& required = field_of(affinity, "requiredDuringSchedulingIgnoredDuringExecution");
    const Json& terms = field_of(required, "nodeSelectorTerms");
    for (std::size_t i = 0; terms.is_array() && i < terms.size(); ++i) {
        validate_node_selector_term(out,
                                    indexed(affinity_path +
                                                ".requiredDuringSchedulingIgnoredDuringExecution"
                                                ".nodeSelectorTerms",
                                            i),
                                    terms[i]);
    }
    const Json& preferred = field_of(affinity, "preferredDuringSchedulingIgnoredDuringExecution");
    for (std::size_t i = 0; preferred.is_array() && i < preferred.size(); ++i) {
        validate_node_selector_term(
            out,
            indexed(affinity_path + ".preferredDuringSchedulingIgnoredDuringExecution", i) +
                ".preference",
            field_of(preferred[i], "preference"));
    }
}

} // namespace

void validate_plugin_args(FindingList& out, const std::string& plugin, const std::string& path,
                          const Json& args, int minor) {
    if (plugin == "NodeResourcesFit") {
        validate_fit_args(out, path, args);
    } else if (plugin == "NodeResourcesBalancedAllocation") {
        validate_balanced_args(out, path, args);
    } else if (plugin == "PodTopologySpread") {
        validate_spread_args(out, path, args);
    } else if (plugin == "DefaultPreemption") {
        validate_preemption_args(out, path, args);
    } else if (plugin == "InterPodAffinity") {
        validate_interpod_args(out, path, args);
    } else if (plugin == "VolumeBinding") {
        validate_volume_binding_args(out, path, args, minor);
    } else if (plugin == "NodeAffinity") {
        validate_node_affinity_args(out, path, args);
    } else if (plugin == "DynamicResources" && minor >= 34) {
        // ValidateDynamicResourcesArgs (called by the plugin's constructor). filterTimeout and its
        // DRASchedulerFilterTimeout gate (on by default) are new in 1.34 (plugins/feature
        // Features.EnableDRASchedulerFilterTimeout first appears in v1.34.0).
        double seconds = 0;
        std::string timeout = string_field(args, "filterTimeout");
        if (!timeout.empty() && parse_go_duration(timeout, seconds) && seconds < 0) {
            out.invalid(path + ".filterTimeout", timeout, "must be zero or positive");
        }
    }
}

} // namespace corral::k8s
