#include "k8s/sched/model.hpp"

#include <cerrno>
#include <cstdlib>

namespace corral::k8s {

ResourceTable::ResourceTable() {
    for (const char* n : {"cpu", "memory", "ephemeral-storage", "pods"}) {
        intern(n);
    }
}

int ResourceTable::intern(const std::string& name) {
    auto it = m_index.find(name);
    if (it != m_index.end()) {
        return it->second;
    }
    int id = static_cast<int>(m_names.size());
    m_names.push_back(name);
    m_index.emplace(name, id);
    return id;
}

int ResourceTable::find(const std::string& name) const {
    auto it = m_index.find(name);
    return it == m_index.end() ? -1 : it->second;
}

bool is_extended_resource(const std::string& name) {
    // IsNativeResource: no '/' or in kubernetes.io/ domain; extended = !native && !requests. prefix
    if (name.find('/') == std::string::npos) {
        return false;
    }
    if (name.rfind("kubernetes.io/", 0) == 0 || name.find(".kubernetes.io/") != std::string::npos) {
        return false;
    }
    return name.rfind("requests.", 0) != 0;
}

bool is_scalar_resource(const std::string& name) {
    return is_extended_resource(name) || name.rfind("hugepages-", 0) == 0 ||
           name.rfind("attachable-volumes-", 0) == 0;
}

bool tolerates(const Toleration& t, const Taint& taint) {
    if (!t.effect.empty() && t.effect != taint.effect) {
        return false;
    }
    if (!t.key.empty() && t.key != taint.key) {
        return false;
    }
    if (t.op == "Exists") {
        return true;
    }
    if (t.op.empty() || t.op == "Equal") {
        return t.value == taint.value;
    }
    return false;
}

bool tolerates_any(const std::vector<Toleration>& ts, const Taint& taint) {
    for (const auto& t : ts) {
        if (tolerates(t, taint)) {
            return true;
        }
    }
    return false;
}

namespace {

bool parse_int64(const std::string& s, long long& out) {
    if (s.empty()) {
        return false;
    }
    char* end = nullptr;
    errno = 0;
    out = std::strtoll(s.c_str(), &end, 10);
    return errno == 0 && end && *end == '\0';
}

bool requirement_matches(const SelectorRequirement& r, const Labels& labels) {
    auto it = labels.find(r.key);
    bool has = it != labels.end();
    if (r.op == "In") {
        if (!has) {
            return false;
        }
        for (const auto& v : r.values) {
            if (v == it->second) {
                return true;
            }
        }
        return false;
    }
    if (r.op == "NotIn") {
        if (!has) {
            return true;
        }
        for (const auto& v : r.values) {
            if (v == it->second) {
                return false;
            }
        }
        return true;
    }
    if (r.op == "Exists") {
        return has;
    }
    if (r.op == "DoesNotExist") {
        return !has;
    }
    if (r.op == "Gt" || r.op == "Lt") {
        if (!has || r.values.size() != 1) {
            return false;
        }
        long long lv, rv;
        if (!parse_int64(it->second, lv) || !parse_int64(r.values[0], rv)) {
            return false;
        }
        return r.op == "Gt" ? lv > rv : lv < rv;
    }
    return false;
}

} // namespace

bool LabelSelector::matches(const Labels& labels) const {
    if (!present) {
        return false;
    }
    for (const auto& [k, v] : match_labels) {
        auto it = labels.find(k);
        if (it == labels.end() || it->second != v) {
            return false;
        }
    }
    for (const auto& r : match_expressions) {
        if (!requirement_matches(r, labels)) {
            return false;
        }
    }
    return true;
}

bool term_matches(const NodeSelectorTerm& term, const Node& node) {
    if (term.match_expressions.empty() && term.match_fields.empty()) {
        return false;
    }
    for (const auto& r : term.match_expressions) {
        if (!requirement_matches(r, node.labels)) {
            return false;
        }
    }
    if (!term.match_fields.empty()) {
        Labels fields{{"metadata.name", node.name}};
        for (const auto& r : term.match_fields) {
            if (!requirement_matches(r, fields)) {
                return false;
            }
        }
    }
    return true;
}

bool required_affinity_matches(const Pod& pod, const Node& node) {
    for (const auto& [k, v] : pod.node_selector) {
        auto it = node.labels.find(k);
        if (it == node.labels.end() || it->second != v) {
            return false;
        }
    }
    if (pod.required_affinity) {
        for (const auto& term : *pod.required_affinity) {
            if (term_matches(term, node)) {
                return true;
            }
        }
        return false;
    }
    return true;
}

} // namespace corral::k8s
