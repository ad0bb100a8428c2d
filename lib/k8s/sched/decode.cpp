#include "k8s/sched/decode.hpp"

#include "core/error.hpp"
#include "k8s/sched/config.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <memory>

namespace corral::k8s {

namespace {

enum class Kind { string, int32, int64, boolean, number, duration, object, list, string_map, any };

// One Go type of kube-scheduler config/v1 (types.go, types_pluginargs.go) or k8s.io/api/core/v1.
struct Type {
    Kind kind = Kind::any;
    std::string go_name;
    std::vector<std::pair<std::string, const Type*>> fields; // objects
    const Type* element = nullptr;                           // lists
};

struct Types {
    Type string{Kind::string, "string", {}, nullptr};
    Type int32{Kind::int32, "int32", {}, nullptr};
    Type int64{Kind::int64, "int64", {}, nullptr};
    Type boolean{Kind::boolean, "bool", {}, nullptr};
    Type number{Kind::number, "float32", {}, nullptr};
    Type duration{Kind::duration, "metav1.Duration", {}, nullptr};
    Type string_map{Kind::string_map, "map[string]string", {}, nullptr};
    Type any{Kind::any, "runtime.RawExtension", {}, nullptr};
    std::vector<std::unique_ptr<Type>> owned;

    const Type* object(std::string go_name,
                       std::vector<std::pair<std::string, const Type*>> fields) {
        owned.push_back(std::make_unique<Type>(
            Type{Kind::object, std::move(go_name), std::move(fields), nullptr}));
        return owned.back().get();
    }
    const Type* list(const Type* element) {
        owned.push_back(
            std::make_unique<Type>(Type{Kind::list, "[]" + element->go_name, {}, element}));
        return owned.back().get();
    }
    // Args types carry TypeMeta (apiVersion, kind) inline.
    const Type* args(std::string go_name, std::vector<std::pair<std::string, const Type*>> fields) {
        fields.insert(fields.begin(), {{"apiVersion", &string}, {"kind", &string}});
        return object(std::move(go_name), std::move(fields));
    }

    const Type* configuration = nullptr;
    const Type* plugin_config = nullptr;
    const Type* profile = nullptr;
    std::map<std::string, const Type*> plugin_args;
    std::map<std::string, const Type*> removed_plugin_args;

    Types() {
        const Type* strings = list(&string);
        const Type* plugin = object("v1.Plugin", {{"name", &string}, {"weight", &int32}});
        const Type* plugin_set =
            object("v1.PluginSet", {{"enabled", list(plugin)}, {"disabled", list(plugin)}});
        std::vector<std::pair<std::string, const Type*>> points;
        for (int k = 0; k < kPointCount; ++k) {
            points.emplace_back(point_field(static_cast<Point>(k)), plugin_set);
        }
        const Type* plugins = object("v1.Plugins", points);
        plugin_config = object("v1.PluginConfig", {{"name", &string}, {"args", &any}});
        profile = object("v1.KubeSchedulerProfile", {{"schedulerName", &string},
                                                     {"percentageOfNodesToScore", &int32},
                                                     {"plugins", plugins},
                                                     {"pluginConfig", list(plugin_config)}});
        const Type* leader_election =
            object("v1.LeaderElectionConfiguration", {{"leaderElect", &boolean},
                                                      {"leaseDuration", &duration},
                                                      {"renewDeadline", &duration},
                                                      {"retryPeriod", &duration},
                                                      {"resourceLock", &string},
                                                      {"resourceName", &string},
                                                      {"resourceNamespace", &string}});
        const Type* client_connection =
            object("v1.ClientConnectionConfiguration", {{"kubeconfig", &string},
                                                        {"acceptContentTypes", &string},
                                                        {"contentType", &string},
                                                        {"qps", &number},
                                                        {"burst", &int32}});
        const Type* tls = object("v1.ExtenderTLSConfig", {{"insecure", &boolean},
                                                          {"serverName", &string},
                                                          {"certFile", &string},
                                                          {"keyFile", &string},
                                                          {"caFile", &string},
                                                          {"certData", &string},
                                                          {"keyData", &string},
                                                          {"caData", &string}});
        const Type* managed_resource = object(
            "v1.ExtenderManagedResource", {{"name", &string}, {"ignoredByScheduler", &boolean}});
        const Type* extender = object("v1.Extender", {{"urlPrefix", &string},
                                                      {"filterVerb", &string},
                                                      {"preemptVerb", &string},
                                                      {"prioritizeVerb", &string},
                                                      {"weight", &int64},
                                                      {"bindVerb", &string},
                                                      {"enableHTTPS", &boolean},
                                                      {"tlsConfig", tls},
                                                      {"httpTimeout", &duration},
                                                      {"nodeCacheCapable", &boolean},
                                                      {"managedResources", list(managed_resource)},
                                                      {"ignorable", &boolean}});
        configuration =
            object("v1.KubeSchedulerConfiguration", {{"apiVersion", &string},
                                                     {"kind", &string},
                                                     {"parallelism", &int32},
                                                     {"leaderElection", leader_election},
                                                     {"clientConnection", client_connection},
                                                     {"enableProfiling", &boolean},
                                                     {"enableContentionProfiling", &boolean},
                                                     {"percentageOfNodesToScore", &int32},
                                                     {"podInitialBackoffSeconds", &int64},
                                                     {"podMaxBackoffSeconds", &int64},
                                                     {"profiles", list(profile)},
                                                     {"extenders", list(extender)},
                                                     {"delayCacheUntilActive", &boolean}});

        // types_pluginargs.go
        const Type* resource_spec =
            object("v1.ResourceSpec", {{"name", &string}, {"weight", &int64}});
        const Type* shape_point =
            object("v1.UtilizationShapePoint", {{"utilization", &int32}, {"score", &int32}});
        const Type* ratio =
            object("v1.RequestedToCapacityRatioParam", {{"shape", list(shape_point)}});
        const Type* strategy = object("v1.ScoringStrategy", {{"type", &string},
                                                             {"resources", list(resource_spec)},
                                                             {"requestedToCapacityRatio", ratio}});
        const Type* label_requirement =
            object("metav1.LabelSelectorRequirement",
                   {{"key", &string}, {"operator", &string}, {"values", strings}});
        const Type* label_selector =
            object("metav1.LabelSelector",
                   {{"matchLabels", &string_map}, {"matchExpressions", list(label_requirement)}});
        const Type* spread_constraint =
            object("corev1.TopologySpreadConstraint", {{"maxSkew", &int32},
                                                       {"topologyKey", &string},
                                                       {"whenUnsatisfiable", &string},
                                                       {"labelSelector", label_selector},
                                                       {"minDomains", &int32},
                                                       {"nodeAffinityPolicy", &string},
                                                       {"nodeTaintsPolicy", &string},
                                                       {"matchLabelKeys", strings}});
        const Type* node_requirement =
            object("corev1.NodeSelectorRequirement",
                   {{"key", &string}, {"operator", &string}, {"values", strings}});
        const Type* node_term =
            object("corev1.NodeSelectorTerm", {{"matchExpressions", list(node_requirement)},
                                               {"matchFields", list(node_requirement)}});
        const Type* node_selector =
            object("corev1.NodeSelector", {{"nodeSelectorTerms", list(node_term)}});
        const Type* preferred_term = object("corev1.PreferredSchedulingTerm",
                                            {{"weight", &int32}, {"preference", node_term}});
        const Type* node_affinity =
            object("corev1.NodeAffinity",
                   {{"requiredDuringSchedulingIgnoredDuringExecution", node_selector},
                    {"preferredDuringSchedulingIgnoredDuringExecution", list(preferred_term)}});
        plugin_args["DefaultPreemption"] =
            args("v1.DefaultPreemptionArgs",
                 {{"minCandidateNodesPercentage", &int32}, {"minCandidateNodesAbsolute", &int32}});
        plugin_args["InterPodAffinity"] =
            args("v1.InterPodAffinityArgs", {{"hardPodAffinityWeight", &int32},
                                             {"ignorePreferredTermsOfExistingPods", &boolean}});
        plugin_args["NodeResourcesFit"] =
            args("v1.NodeResourcesFitArgs", {{"ignoredResources", strings},
                                             {"ignoredResourceGroups", strings},
                                             {"scoringStrategy", strategy}});
        plugin_args["PodTopologySpread"] =
            args("v1.PodTopologySpreadArgs",
                 {{"defaultConstraints", list(spread_constraint)}, {"defaultingType", &string}});
        plugin_args["NodeResourcesBalancedAllocation"] =
            args("v1.NodeResourcesBalancedAllocationArgs", {{"resources", list(resource_spec)}});
        plugin_args["VolumeBinding"] = args(
            "v1.VolumeBindingArgs", {{"bindTimeoutSeconds", &int64}, {"shape", list(shape_point)}});
        plugin_args["NodeAffinity"] =
            args("v1.NodeAffinityArgs", {{"addedAffinity", node_affinity}});
        plugin_args["DynamicResources"] =
            args("v1.DynamicResourcesArgs", {{"filterTimeout", &duration}});

        // The scoring plugins v1beta2 folded into NodeResourcesFit's scoringStrategy, with their
        // v1beta1 args types (kubescheduler.config.k8s.io/v1beta1 types_pluginargs.go):
        // `sched lint --fix` carries resources and shape over, so they must have these types.
        removed_plugin_args["NodeResourcesLeastAllocated"] =
            args("v1beta1.NodeResourcesLeastAllocatedArgs", {{"resources", list(resource_spec)}});
        removed_plugin_args["NodeResourcesMostAllocated"] =
            args("v1beta1.NodeResourcesMostAllocatedArgs", {{"resources", list(resource_spec)}});
        removed_plugin_args["RequestedToCapacityRatio"] =
            args("v1beta1.RequestedToCapacityRatioArgs",
                 {{"shape", list(shape_point)}, {"resources", list(resource_spec)}});
    }
};

const Types& types() {
    static const Types instance;
    return instance;
}

std::string expected(const Type& type) {
    switch (type.kind) {
    case Kind::string:
        return "a string";
    case Kind::int32:
    case Kind::int64:
        return "an integer (" + type.go_name + ")";
    case Kind::boolean:
        return "a boolean (true or false)";
    case Kind::number:
        return "a number";
    case Kind::duration:
        return "a duration string such as \"10s\"";
    case Kind::object:
        return "an object (" + type.go_name + ")";
    case Kind::list:
        return "a list of " + type.element->go_name;
    case Kind::string_map:
        return "a map of strings";
    case Kind::any:
        break;
    }
    return "any value";
}

std::string described(const Json& value) {
    if (value.is_object()) {
        return "an object";
    }
    if (value.is_array()) {
        return "a list";
    }
    if (value.is_string()) {
        return "the string " + json_quote(value.get<std::string>());
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "true" : "false";
    }
    return "the number " + value.dump();
}

// A field path ("profiles[0].plugins.score"), spelled out only when an error or a finding needs
// it: building every field's path as a string cost more than decoding the field.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;                  // ".key" (the first segment has no dot)
    std::size_t index = std::string::npos; // "[index]"
    const std::string* text = nullptr;     // the whole path, for the root

    std::string str() const {
        if (text) {
            return *text;
        }
        std::string prefix = parent ? parent->str() : std::string();
        if (index != std::string::npos) {
            return prefix + "[" + std::to_string(index) + "]";
        }
        return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
    }
};

// Walks the manifest reader's tree (k8s/manifest_tree.hpp) of the document: the same tree,
// whether the fast parser or yaml-cpp read it, so one decoder serves every input.
class Decoder {
public:
    Decoder(const std::string& file, const ManifestDocument& doc, std::vector<Finding>* unknown,
            bool removed_plugin_args, const std::function<void()>* at_profiles = nullptr)
        : m_file(file), m_doc(doc), m_tree(doc.tree), m_unknown(unknown),
          m_removed_plugin_args(removed_plugin_args), m_at_profiles(at_profiles) {}

    // Null when the node is null: nil pointers, zero values.
    Json decode(NodeId node, const Type& type, const Path& path) {
        if (m_tree.is_null(node)) {
            return Json();
        }
        spend(1, node, path);
        if (type.kind == Kind::any) {
            return raw(node, path);
        }
        if (type.kind == Kind::object) {
            return decode_object(node, type, path);
        }
        if (type.kind == Kind::list) {
            if (!m_tree.is_seq(node)) {
                mismatch(node, path, type);
            }
            Json out = Json::array();
            out.get_ref<Json::array_t&>().reserve(m_tree[node].count);
            std::size_t i = 0;
            for (NodeId item_node = m_tree[node].first; item_node != 0;
                 item_node = m_tree[item_node].next, ++i) {
                Json item = decode(item_node, *type.element, Path{&path, {}, i});
                if (item.is_null()) {
                    item = zero_value(*type.element);
                }
                out.push_back(std::move(item));
            }
            return out;
        }
        if (type.kind == Kind::string_map) {
            if (!m_tree.is_map(node)) {
                mismatch(node, path, type);
            }
            Json out = Json::object();
            for_each_entry(node, [&](NodeId key_node, NodeId value_node) {
                std::string key = key_text(key_node);
                Json value = decode(value_node, types().string, Path{&path, key});
                out[key] = value.is_null() ? Json("") : value;
            });
            return out;
        }
        return decode_scalar(node, type, path);
    }

private:
    const std::string& m_file;
    const ManifestDocument& m_doc;
    const ManifestTree& m_tree;
    std::vector<Finding>* m_unknown;
    bool m_removed_plugin_args;
    const std::function<void()>* m_at_profiles; // null or empty: profiles decoded here
    // Aliases let a small file name the same subtree many times over; every visit counts.
    std::size_t m_budget = 5'000'000;

    template <typename Fn>
    void for_each_entry(NodeId map, Fn&& fn) const {
        for (NodeId k = m_tree[map].first; k != 0;) {
            NodeId v = m_tree[k].next;
            fn(k, v);
            k = v == 0 ? 0 : m_tree[v].next;
        }
    }

    // The text yaml-cpp's Scalar() gives a key: none for a null or a collection key.
    std::string key_text(NodeId key) const {
        const TreeNode& node = m_tree[key];
        if (node.kind != TreeNode::Kind::scalar ||
            (!node.quoted && resolve_plain_scalar(node.text) == ScalarType::null)) {
            return "";
        }
        return std::string(node.text);
    }

    // A scalar's value with Kubernetes' resolution (yaml_to_json's).
    Json scalar_json(NodeId node) const {
        const TreeNode& n = m_tree[node];
        if (n.kind != TreeNode::Kind::scalar) {
            std::size_t left = m_budget;
            return tree_json(node, left);
        }
        return n.quoted ? Json(std::string(n.text)) : plain_scalar_json(n.text);
    }

    // ManifestTree::to_json with core's scalar resolution (no yaml-cpp node per number).
    Json tree_json(NodeId id, std::size_t& left) const {
        if (left == 0) {
            throw Error::input("document expands to too many nodes");
        }
        --left;
        if (id == 0) {
            return nullptr;
        }
        const TreeNode& node = m_tree[id];
        switch (node.kind) {
        case TreeNode::Kind::null:
            return nullptr;
        case TreeNode::Kind::scalar:
            return node.quoted ? Json(std::string(node.text)) : plain_scalar_json(node.text);
        case TreeNode::Kind::seq: {
            Json a = Json::array();
            a.get_ref<Json::array_t&>().reserve(node.count);
            for (NodeId c = node.first; c != 0; c = m_tree[c].next) {
                a.push_back(tree_json(c, left));
            }
            return a;
        }
        case TreeNode::Kind::map: {
            Json o = Json::object();
            o.get_ref<Json::object_t&>().reserve(node.count / 2);
            for_each_entry(id, [&](NodeId k, NodeId v) {
                // A null key ("NULL:", "~:") is "null", as core's yaml_to_json has it.
                const TreeNode& key = m_tree[k];
                bool null_key = key.kind == TreeNode::Kind::null ||
                                (key.kind == TreeNode::Kind::scalar && !key.quoted &&
                                 resolve_plain_scalar(key.text) == ScalarType::null);
                o[null_key ? std::string("null") : std::string(key.text)] = tree_json(v, left);
            });
            return o;
        }
        }
        return nullptr;
    }

    Json raw(NodeId node, const Path& path) {
        std::size_t left = m_budget;
        Json value = tree_json(node, left);
        spend(count_nodes(value), node, path);
        return value;
    }

    int line_of(NodeId node) const { return m_doc.line_of(node); }
    int column_of(NodeId node) const { return m_tree[node].column + 1; }

    void spend(std::size_t nodes, NodeId node, const Path& path) {
        if (nodes > m_budget) {
            throw Error::input("the document expands to too many values (aliases?)")
                .at(m_file, line_of(node), column_of(node))
                .field(path.str());
        }
        m_budget -= nodes;
    }

    static std::size_t count_nodes(const Json& value) {
        std::size_t count = 1;
        if (value.is_structured()) {
            for (const auto& item : value) {
                count += count_nodes(item);
            }
        }
        return count;
    }

    static Json zero_value(const Type& type) {
        switch (type.kind) {
        case Kind::string:
        case Kind::duration:
            return "";
        case Kind::int32:
        case Kind::int64:
        case Kind::number:
            return 0;
        case Kind::boolean:
            return false;
        case Kind::object:
        case Kind::string_map:
            return Json::object();
        case Kind::list:
            return Json::array();
        case Kind::any:
            break;
        }
        return Json();
    }

    [[noreturn]] void mismatch(NodeId node, const Path& path, const Type& type,
                               const std::string& detail = "") const {
        std::string got = m_tree.is_map(node)   ? "an object"
                          : m_tree.is_seq(node) ? "a list"
                                                : described(scalar_json(node));
        throw Error::input(detail.empty() ? "must be " + expected(type) + ", got " + got : detail)
            .at(m_file, line_of(node), column_of(node))
            .field(path.str());
    }

    Json decode_scalar(NodeId node, const Type& type, const Path& path) const {
        if (!m_tree.is_scalar(node)) {
            mismatch(node, path, type);
        }
        Json value = scalar_json(node);
        switch (type.kind) {
        case Kind::string:
            if (!value.is_string()) {
                mismatch(node, path, type);
            }
            return value;
        case Kind::boolean:
            if (!value.is_boolean()) {
                mismatch(node, path, type);
            }
            return value;
        case Kind::number:
            if (!value.is_number()) {
                mismatch(node, path, type);
            }
            return value;
        case Kind::duration: {
            if (!value.is_string()) {
                mismatch(node, path, type);
            }
            double seconds = 0;
            if (!parse_go_duration(value.get<std::string>(), seconds)) {
                mismatch(node, path, type,
                         "time: invalid duration " + json_quote(value.get<std::string>()));
            }
            return value;
        }
        case Kind::int32:
        case Kind::int64: {
            // Go's decoder takes 1.0 into an int (sigs.k8s.io/yaml turns it into JSON 1), not 1.5.
            double number = 0;
            if (value.is_number_integer()) {
                number = static_cast<double>(value.get<std::int64_t>());
            } else if (value.is_number_float() &&
                       value.get<double>() == std::floor(value.get<double>())) {
                number = value.get<double>();
            } else {
                mismatch(node, path, type);
            }
            double low = type.kind == Kind::int32 ? std::numeric_limits<std::int32_t>::min()
                                                  : -9.2233720368547758e18;
            double high = type.kind == Kind::int32 ? std::numeric_limits<std::int32_t>::max()
                                                   : 9.2233720368547758e18;
            if (number < low || number > high) {
                mismatch(node, path, type,
                         "the number " + value.dump() + " does not fit in " + type.go_name);
            }
            return value.is_number_integer() ? value : Json(static_cast<std::int64_t>(number));
        }
        default:
            break;
        }
        return value;
    }

    void unknown_field(const std::string& key, const Path& path, const Type& type) {
        if (!m_unknown) {
            return;
        }
        std::vector<std::string> known;
        for (const auto& [name, field_type] : type.fields) {
            known.push_back(name);
        }
        std::string message = "unknown field " + json_quote(key) + " (not in " + type.go_name + ")";
        std::string suggestion = did_you_mean(key, known);
        Finding finding{Path{&path, key}.str(), "UnknownField", "error", ""};
        if (!suggestion.empty()) {
            message += ", did you mean " + json_quote(suggestion) + "?";
            finding.fix = "rename the field to " + json_quote(suggestion);
        }
        finding.message = "strict decoding error: " + message;
        m_unknown->push_back(std::move(finding));
    }

    // The typed args of an in-tree plugin; the removed scoring plugins' when asked; else raw.
    const Type& plugin_args_type(const std::string& plugin) const {
        if (auto typed = types().plugin_args.find(plugin); typed != types().plugin_args.end()) {
            return *typed->second;
        }
        if (m_removed_plugin_args) {
            auto removed = types().removed_plugin_args.find(plugin);
            if (removed != types().removed_plugin_args.end()) {
                return *removed->second;
            }
        }
        return types().any;
    }

    Json decode_object(NodeId node, const Type& type, const Path& path) {
        if (!m_tree.is_map(node)) {
            mismatch(node, path, type);
        }
        Json out = Json::object();
        const bool is_plugin_config = &type == types().plugin_config;
        NodeId args = 0;
        for_each_entry(node, [&](NodeId key_node, NodeId value_node) {
            std::string key = key_text(key_node);
            Path field_path{&path, key};
            const Type* field_type = nullptr;
            for (const auto& [name, candidate] : type.fields) {
                if (name == key) {
                    field_type = candidate;
                }
            }
            if (!field_type) {
                unknown_field(key, path, type);
                out[key] = raw(value_node, field_path);
                return;
            }
            if (is_plugin_config && key == "args") {
                args = value_node; // decoded below, once the plugin's name is known
                return;
            }
            if (m_at_profiles && *m_at_profiles && &type == types().configuration &&
                key == "profiles" && m_tree.is_null(value_node)) {
                (*m_at_profiles)(); // read one at a time
                return;
            }
            Json value = decode(value_node, *field_type, field_path);
            if (!value.is_null()) {
                out[key] = std::move(value);
            }
        });
        if (is_plugin_config) {
            std::string plugin_name;
            if (out.contains("name")) {
                plugin_name = out["name"].get<std::string>();
            }
            const Type& args_type = plugin_args_type(plugin_name);
            Json value = decode(args, args_type, Path{&path, "args"});
            if (!value.is_null()) {
                out["args"] = std::move(value);
            }
        }
        return out;
    }
};

} // namespace

bool has_typed_args(const std::string& plugin) {
    return types().plugin_args.count(plugin) != 0;
}

DecodedConfig strict_decode_scheduler_config(const std::string& file, const ManifestDocument& doc,
                                             NodeId root, std::vector<Finding>* unknown_fields,
                                             bool removed_plugin_args,
                                             const std::function<void()>& at_profiles) {
    Decoder decoder(file, doc, unknown_fields, removed_plugin_args, &at_profiles);
    DecodedConfig out;
    out.document = decoder.decode(root, *types().configuration, Path{});
    return out;
}

Json strict_decode_profile(const std::string& file, const ManifestDocument& doc, NodeId item,
                           const std::string& path, std::vector<Finding>* unknown_fields,
                           bool removed_plugin_args) {
    Decoder decoder(file, doc, unknown_fields, removed_plugin_args);
    Json profile =
        decoder.decode(item, *types().profile, Path{nullptr, {}, std::string::npos, &path});
    return profile.is_null() ? Json::object() : profile;
}

bool parse_go_duration(const std::string& text, double& seconds) {
    // time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+, or "0".
    seconds = 0;
    std::size_t i = 0;
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        ++i;
    }
    if (text.substr(i) == "0") {
        return true;
    }
    if (i >= text.size()) {
        return false;
    }
    double total = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
            ++i;
        }
        if (start == i) {
            return false;
        }
        double amount = std::atof(text.substr(start, i - start).c_str());
        std::size_t unit_start = i;
        while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) &&
               text[i] != '.') {
            ++i;
        }
        std::string unit = text.substr(unit_start, i - unit_start);
        double multiplier = unit == "ns"                            ? 1e-9
                            : (unit == "us" || unit == "\xC2\xB5s") ? 1e-6
                            : unit == "ms"                          ? 1e-3
                            : unit == "s"                           ? 1
                            : unit == "m"                           ? 60
                            : unit == "h"                           ? 3600
                                                                    : -1;
        if (multiplier < 0) {
            return false;
        }
        total += amount * multiplier;
    }
    seconds = negative ? -total : total;
    return true;
}

} // namespace corral::k8s
