// Private to cluster*.cpp: walks one parsed Kubernetes object (a ManifestTree from the fast YAML
// parser, the JSON reader or yaml-cpp's converted tree, all alike) with file:line:col context for
// errors. The accessors keep yaml-cpp's semantics the loader was first written against: a missing
// key and a null value both read as "", a non-scalar where a string is expected is an error.
#pragma once

#include "core/error.hpp"
#include "k8s/manifest_tree.hpp"
#include "k8s/quantity.hpp"
#include "k8s/sched/cluster.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s::cluster_detail {

struct Reader {
    const std::string& file;
    const ManifestTree& t;
    int first_line = 1; // 1-based line of the document's first line
    // Lines of the tree from `shift_from` on are `shift` lines further down in the file (a List
    // header parsed without its items).
    int shift_from = 1 << 30;
    int shift = 0;

    int line_of(NodeId id) const {
        return first_line + t[id].line + (t[id].line >= shift_from ? shift : 0);
    }

    [[noreturn]] void fail(NodeId at, const std::string& path, const std::string& message) const {
        Error e = Error::input(message);
        if (at != 0) {
            e.at(file, line_of(at), t[at].column + 1);
        } else {
            e.at(file, first_line);
        }
        if (!path.empty()) {
            e.field(path);
        }
        throw e;
    }
    NodeId child(NodeId n, std::string_view key) const { return t.get(n, key); }
    bool present(NodeId n) const { return !t.is_null(n); }
    std::string_view view(NodeId n, const std::string& path) const {
        if (t.is_null(n)) {
            return {};
        }
        if (!t.is_scalar(n)) {
            fail(n, path, "must be a string");
        }
        return t[n].text;
    }
    std::string str(NodeId n, const std::string& path) const { return std::string(view(n, path)); }
    std::int64_t integer(NodeId n, const std::string& path) const;
    bool boolean(NodeId n, const std::string& path) const;
    void require_map(NodeId n, const std::string& path) const {
        if (!t.is_null(n) && !t.is_map(n)) {
            fail(n, path, "must be an object");
        }
    }
    void require_seq(NodeId n, const std::string& path) const {
        if (!t.is_null(n) && !t.is_seq(n)) {
            fail(n, path, "must be a list");
        }
    }
    // Children of a sequence (none for anything else).
    template <class Fn>
    void each_item(NodeId seq, Fn&& fn) const {
        if (!t.is_seq(seq)) {
            return;
        }
        std::size_t i = 0;
        for (NodeId c = t[seq].first; c != 0; c = t[c].next) {
            fn(i++, c);
        }
    }
    // Key/value pairs of a map (none for anything else).
    template <class Fn>
    void each_pair(NodeId map, Fn&& fn) const {
        if (!t.is_map(map)) {
            return;
        }
        for (NodeId k = t[map].first; k != 0;) {
            NodeId v = t[k].next;
            fn(k, v);
            k = v == 0 ? 0 : t[v].next;
        }
    }
    // Key text as yaml-cpp's Scalar() gives it ("" for a null key).
    std::string_view key_text(NodeId k) const { return t.is_scalar(k) ? t[k].text : ""; }

    Labels string_map(NodeId n, const std::string& path) const;
    std::vector<std::string> strings(NodeId n, const std::string& path) const;
    // A resource list; cpu becomes millicores, everything else Value() (both round up).
    ResourceAmounts resources(NodeId n, const std::string& path, ResourceTable& table,
                              bool allow_zero_entries = false) const;
    std::vector<SelectorRequirement> requirements(NodeId n, const std::string& path) const;
    LabelSelector label_selector(NodeId n, const std::string& path) const;
    NodeSelectorTerm term(NodeId n, const std::string& path) const;
};

inline std::string idx(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
}

void load_pod(const Reader& r, NodeId obj, Cluster& cluster, bool pending_only, int minor);

} // namespace corral::k8s::cluster_detail
