// Reader's field accessors (see cluster_reader.hpp).
#include "k8s/sched/cluster_reader.hpp"

#include <set>

namespace corral::k8s {

namespace cluster_detail {

std::int64_t Reader::integer(NodeId n, const std::string& path) const {
    std::string s = str(n, path);
    try {
        std::size_t used = 0;
        long long v = std::stoll(s, &used, 10);
        if (used == s.size()) {
            return v;
        }
    } catch (...) {
    }
    fail(n, path, "must be an integer, got \"" + s + "\"");
}

bool Reader::boolean(NodeId n, const std::string& path) const {
    std::string_view s = view(n, path);
    if (s == "true" || s == "True" || s == "TRUE") {
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE" || s.empty()) {
        return false;
    }
    fail(n, path, "must be a boolean, got \"" + std::string(s) + "\"");
}

Labels Reader::string_map(NodeId n, const std::string& path) const {
    Labels out;
    require_map(n, path);
    each_pair(n, [&](NodeId k, NodeId v) {
        std::string key(key_text(k));
        out[key] = str(v, path + "." + key);
    });
    return out;
}

std::vector<std::string> Reader::strings(NodeId n, const std::string& path) const {
    std::vector<std::string> out;
    require_seq(n, path);
    each_item(n, [&](std::size_t i, NodeId item) { out.push_back(str(item, idx(path, i))); });
    return out;
}

ResourceAmounts Reader::resources(NodeId n, const std::string& path, ResourceTable& table,
                                  bool allow_zero_entries) const {
    ResourceAmounts out;
    require_map(n, path);
    each_pair(n, [&](NodeId k, NodeId value) {
        std::string name(key_text(k));
        if (!t.is_scalar(value)) {
            fail(value, path + "." + name, "must be a quantity");
        }
        std::string error;
        auto q = parse_quantity(t[value].text, &error);
        if (!q) {
            fail(value, path + "." + name, error);
        }
        if (q->negative()) {
            fail(value, path + "." + name, "must be greater than or equal to 0");
        }
        std::int64_t v = name == "cpu" ? q->milli_value() : q->value();
        int id = table.intern(name);
        if (v == 0 && !allow_zero_entries) {
            return;
        }
        bool merged = false;
        for (auto& [r, amount] : out) {
            if (r == id) {
                amount = v;
                merged = true;
            }
        }
        if (!merged) {
            out.emplace_back(id, v);
        }
    });
    return out;
}

std::vector<SelectorRequirement> Reader::requirements(NodeId n, const std::string& path) const {
    std::vector<SelectorRequirement> out;
    require_seq(n, path);
    each_item(n, [&](std::size_t i, NodeId item) {
        std::string p = idx(path, i);
        SelectorRequirement r;
        r.key = str(child(item, "key"), p + ".key");
        r.op = str(child(item, "operator"), p + ".operator");
        static const std::set<std::string> ops{"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"};
        if (!ops.count(r.op)) {
            fail(child(item, "operator"), p + ".operator", "Unsupported value: \"" + r.op + "\"");
        }
        r.values = strings(child(item, "values"), p + ".values");
        out.push_back(std::move(r));
    });
    return out;
}

LabelSelector Reader::label_selector(NodeId n, const std::string& path) const {
    LabelSelector s;
    if (t.is_null(n)) {
        return s;
    }
    require_map(n, path);
    s.present = true;
    s.match_labels = string_map(child(n, "matchLabels"), path + ".matchLabels");
    s.match_expressions = requirements(child(n, "matchExpressions"), path + ".matchExpressions");
    return s;
}

NodeSelectorTerm Reader::term(NodeId n, const std::string& path) const {
    NodeSelectorTerm out;
    out.match_expressions = requirements(child(n, "matchExpressions"), path + ".matchExpressions");
    out.match_fields = requirements(child(n, "matchFields"), path + ".matchFields");
    return out;
}

} // namespace cluster_detail

} // namespace corral::k8s
