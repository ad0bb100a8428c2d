#include "k8s/sched/cluster.hpp"

#include "core/log.hpp"
#include "core/yaml.hpp"
#include "k8s/json_tree.hpp"
#include "k8s/manifest_json.hpp"
#include "k8s/sched/cluster_reader.hpp"

#include <algorithm>

namespace corral::k8s {

namespace {

using cluster_detail::idx;
using cluster_detail::Reader;

void load_node(const Reader& r, NodeId obj, Cluster& cluster) {
    Node node;
    NodeId meta = r.child(obj, "metadata");
    node.name = r.str(r.child(meta, "name"), "metadata.name");
    if (node.name.empty()) {
        r.fail(meta != 0 ? meta : obj, "metadata.name", "Required value: name is required");
    }
    node.labels = r.string_map(r.child(meta, "labels"), "metadata.labels");
    NodeId spec = r.child(obj, "spec");
    node.unschedulable = r.boolean(r.child(spec, "unschedulable"), "spec.unschedulable");
    NodeId taints = r.child(spec, "taints");
    r.require_seq(taints, "spec.taints");
    r.each_item(taints, [&](std::size_t i, NodeId taint) {
        std::string p = idx("spec.taints", i);
        Taint t{r.str(r.child(taint, "key"), p + ".key"),
                r.str(r.child(taint, "value"), p + ".value"),
                r.str(r.child(taint, "effect"), p + ".effect")};
        if (t.effect != "NoSchedule" && t.effect != "PreferNoSchedule" && t.effect != "NoExecute") {
            r.fail(r.child(taint, "effect"), p + ".effect",
                   "Unsupported value: \"" + t.effect +
                       "\": supported values: \"NoExecute\", \"NoSchedule\", "
                       "\"PreferNoSchedule\"");
        }
        node.taints.push_back(std::move(t));
    });
    NodeId status = r.child(obj, "status");
    NodeId alloc = r.child(status, "allocatable");
    if (!r.present(alloc)) {
        // The API server defaults status.allocatable to status.capacity.
        NodeId capacity = r.child(status, "capacity");
        if (!r.present(capacity)) {
            r.fail(status != 0 ? status : obj, "status.allocatable",
                   "Required value: node \"" + node.name +
                       "\" has neither status.allocatable nor status.capacity");
        }
        node.allocatable = r.resources(capacity, "status.capacity", cluster.resources);
    } else {
        node.allocatable = r.resources(alloc, "status.allocatable", cluster.resources);
    }
    NodeId images = r.child(status, "images");
    r.require_seq(images, "status.images");
    r.each_item(images, [&](std::size_t i, NodeId image) {
        std::string p = idx("status.images", i);
        Node::Image im;
        im.names = r.strings(r.child(image, "names"), p + ".names");
        im.size = r.integer(r.child(image, "sizeBytes"), p + ".sizeBytes");
        node.images.push_back(std::move(im));
    });
    node.file = cluster.file_name(r.file);
    node.line = r.line_of(obj);
    cluster.nodes.push_back(std::move(node));
}

void load_workload(const Reader& r, NodeId obj, const std::string& kind, Cluster& cluster) {
    Workload w;
    w.kind = kind;
    NodeId meta = r.child(obj, "metadata");
    w.name = r.str(r.child(meta, "name"), "metadata.name");
    w.ns = r.str(r.child(meta, "namespace"), "metadata.namespace");
    if (w.ns.empty()) {
        w.ns = "default";
    }
    NodeId sel = r.child(r.child(obj, "spec"), "selector");
    if (kind == "Service" || kind == "ReplicationController") {
        w.selector.present = r.t.is_map(sel) && r.t[sel].count > 0;
        w.selector.match_labels = r.string_map(sel, "spec.selector");
    } else {
        w.selector = r.label_selector(sel, "spec.selector");
    }
    (kind == "Service" ? cluster.services : cluster.controllers).push_back(std::move(w));
}

bool is_list_kind(std::string_view kind) {
    return kind == "List" || (kind.size() > 4 && kind.substr(kind.size() - 4) == "List");
}

// One file's loading: what it added to the cluster (to undo when the reader falls back to
// yaml-cpp and replays the file) and its warnings (printed once, whichever path finished).
struct FileLoader {
    const std::string& name;
    std::string_view text; // the file; what is kept is copied (the pages are released behind)
    const TextRelease& release;
    Cluster& cluster;
    const LoadOptions& options;
    std::vector<std::string> warnings;

    struct Mark {
        std::size_t nodes, bound, pending, services, controllers;
        int terminal;
        std::map<std::string, std::int32_t> priority_classes;
        std::optional<std::int32_t> global_default;
    } mark;

    FileLoader(const std::string& n, std::string_view t, const TextRelease& rel, Cluster& c,
               const LoadOptions& o)
        : name(n), text(t), release(rel), cluster(c),
          options(o), mark{c.nodes.size(),     c.bound.size(),           c.pending.size(),
                           c.services.size(),  c.controllers.size(),     c.terminal_pods,
                           c.priority_classes, c.global_default_priority} {}

    void rollback() {
        cluster.nodes.resize(mark.nodes);
        cluster.bound.resize(mark.bound);
        cluster.pending.resize(mark.pending);
        cluster.services.resize(mark.services);
        cluster.controllers.resize(mark.controllers);
        cluster.terminal_pods = mark.terminal;
        cluster.priority_classes = mark.priority_classes;
        cluster.global_default_priority = mark.global_default;
        warnings.clear();
    }
    void flush_warnings() {
        for (const auto& w : warnings) {
            log::warn("{}", w);
        }
        warnings.clear();
    }

    // `kind_override`: the item kind of a typed list (kubectl's PodList items omit kind).
    void object(const Reader& r, NodeId obj, int depth, std::string_view kind_override = {});
    // A List's top level (everything but its items); the item kind for typed lists, or nullopt
    // when `obj` is not a List.
    std::optional<std::string> list_header(const Reader& r, NodeId obj, int depth);
    void document(const Reader& r) { object(r, r.t.root, 0); }
    bool json();          // false when the JSON reader declined
    bool yaml_streamed(); // false when the fast parser declined a document or item
    void yaml();
    void yaml_cpp();
};

std::optional<std::string> FileLoader::list_header(const Reader& r, NodeId obj, int depth) {
    if (r.t.is_null(obj)) {
        return std::nullopt;
    }
    if (!r.t.is_map(obj)) {
        r.fail(obj, "", "expected a Kubernetes object (a mapping with kind)");
    }
    std::string kind = r.str(r.child(obj, "kind"), "kind");
    if (kind.empty()) {
        r.fail(obj, "kind", "Required value: object has no kind");
    }
    if (!is_list_kind(kind)) {
        return std::nullopt;
    }
    if (depth > 0) {
        r.fail(obj, "items", "nested lists are not supported");
    }
    r.require_seq(r.child(obj, "items"), "items");
    return kind == "List" ? std::string() : kind.substr(0, kind.size() - 4);
}

void FileLoader::object(const Reader& r, NodeId obj, int depth, std::string_view kind_override) {
    if (r.t.is_null(obj)) {
        return;
    }
    if (!r.t.is_map(obj)) {
        r.fail(obj, "", "expected a Kubernetes object (a mapping with kind)");
    }
    NodeId kind_node = r.child(obj, "kind");
    std::string kind = kind_node == 0 && !kind_override.empty() ? std::string(kind_override)
                                                                : r.str(kind_node, "kind");
    if (kind.empty()) {
        r.fail(obj, "kind", "Required value: object has no kind");
    }
    if (is_list_kind(kind)) {
        auto item_kind = list_header(r, obj, depth);
        r.each_item(r.child(obj, "items"), [&](std::size_t, NodeId item) {
            object(r, item, depth + 1, r.t.is_map(item) ? *item_kind : std::string());
        });
        return;
    }
    if (kind == "Pod") {
        return cluster_detail::load_pod(r, obj, cluster, options.pods_only, options.minor);
    }
    if (options.pods_only) {
        r.fail(kind_node, "kind", "--pods takes Pod objects, got " + kind);
    }
    if (kind == "Node") {
        return load_node(r, obj, cluster);
    }
    if (kind == "Service" || kind == "ReplicaSet" || kind == "StatefulSet" ||
        kind == "ReplicationController") {
        return load_workload(r, obj, kind, cluster);
    }
    if (kind == "PriorityClass") {
        std::string name = r.str(r.child(r.child(obj, "metadata"), "name"), "metadata.name");
        auto v = static_cast<std::int32_t>(r.integer(r.child(obj, "value"), "value"));
        cluster.priority_classes[name] = v;
        if (r.boolean(r.child(obj, "globalDefault"), "globalDefault")) {
            cluster.global_default_priority = v;
        }
        return;
    }
    warnings.push_back(name + ":" + std::to_string(r.line_of(obj)) + ": ignoring " + kind +
                       " (sched simulate reads Node, Pod, Service, ReplicaSet, StatefulSet, "
                       "ReplicationController and PriorityClass)");
}

// A JSON file (kubectl get -o json): a List's items are read one at a time. Errors found while
// loading are held until the whole text has parsed, so that a syntax error later in the file
// still wins (through yaml-cpp), as when the file was parsed before it was loaded.
bool FileLoader::json() {
    JsonTreeReader reader(text);
    reader.set_release(release);
    ManifestTree tree;
    if (!reader.parse_document(tree, "items")) {
        return false;
    }
    Reader r{name, tree, 1};
    std::exception_ptr failed;
    std::optional<std::string> item_kind;
    try {
        item_kind = list_header(r, tree.root, 0);
    } catch (const Error&) {
        failed = std::current_exception();
    }
    if (!failed && !item_kind) {
        if (reader.has_deferred() && !reader.parse_document(tree)) { // not a List: read it whole
            return false;
        }
        document(r);
        return true;
    }
    ManifestTree item_tree;
    Reader ir{name, item_tree, 1};
    bool parsed = reader.for_each_deferred_item(item_tree, [&](NodeId item) {
        if (failed) {
            return;
        }
        try {
            object(ir, item, 1, item_tree.is_map(item) ? *item_kind : std::string());
        } catch (const Error&) {
            failed = std::current_exception();
        }
    });
    if (!parsed) {
        return false;
    }
    if (failed) {
        std::rethrow_exception(failed);
    }
    return true;
}

// kubectl get -o yaml's layout of a List: a line "items:" at column 0, then items starting with
// "- " at column 0, up to the next top-level key. The header is the document with the items
// replaced by "items: []"; what follows them is `items_lines` lines further down in the file
// (blank lines in their place cost the fast parser a line record each: 200 MB for 150,000 pods).
struct ListLayout {
    std::string header;
    int after_items = 0; // 0-based header line where the text after the items starts
    int items_lines = 0;
    struct Item {
        std::size_t begin, end;
        int line; // 0-based line in the document
    };
    std::vector<Item> items;
};

// `release` (offsets in `text`) is called behind every 4 MiB scanned.
std::optional<ListLayout> split_list(std::string_view text, const TextRelease& release) {
    constexpr std::size_t window = std::size_t{4} << 20;
    std::size_t key = std::string_view::npos, block_end = text.size(), next_release = window;
    int line = 0, key_line = 0;
    ListLayout out;
    for (std::size_t b = 0; b < text.size(); ++line) {
        if (release && b >= next_release) {
            release(b);
            next_release = b + window;
        }
        std::size_t nl = text.find('\n', b);
        std::size_t e = nl == std::string_view::npos ? text.size() : nl;
        std::string_view l = text.substr(b, e - b);
        if (key == std::string_view::npos) {
            if (l == "items:") {
                key = b;
                key_line = line;
            }
        } else if (l.substr(0, 2) == "- ") {
            if (!out.items.empty()) {
                out.items.back().end = b;
            }
            out.items.push_back({b, text.size(), line});
        } else if (!(l.empty() || l[0] == ' ' || l[0] == '#')) {
            block_end = b;
            break;
        } else if (out.items.empty() && !l.empty() && l[0] == ' ') {
            return std::nullopt; // indented items: not kubectl's layout
        }
        b = e + 1;
    }
    if (out.items.empty()) {
        return std::nullopt;
    }
    out.items.back().end = block_end;
    out.items_lines = line - key_line - 1;
    out.after_items = key_line + 1;
    out.header.reserve(key + (text.size() - block_end) + 10);
    out.header.append(text.substr(0, key)).append("items: []\n");
    out.header.append(text.substr(block_end));
    return out;
}

// YAML through the fast parser alone, a List (kubectl get -o yaml) one item at a time, so that
// memory follows the largest item. Loading errors are held until the file has parsed.
bool FileLoader::yaml_streamed() {
    std::exception_ptr failed;
    ManifestTree tree;
    auto attempt = [&](auto&& fn) {
        if (failed) {
            return;
        }
        try {
            fn();
        } catch (const Error&) {
            failed = std::current_exception();
        }
    };
    YamlDocumentSplitter splitter(this->text);
    TextRelease release_in_document;
    for (DocumentSpan span; splitter.next(span);) {
        if (release) {
            release(span.begin);
            release_in_document = [this, begin = span.begin](std::size_t offset) {
                release(begin + offset);
            };
        }
        std::string_view text = this->text.substr(span.begin, span.end - span.begin);
        auto list = split_list(text, release_in_document);
        std::optional<std::string> item_kind;
        if (list) {
            if (!parse_manifest_fast(list->header, tree)) {
                return false;
            }
            bool was_failed = static_cast<bool>(failed);
            attempt([&] {
                Reader header{name, tree, span.first_line, list->after_items, list->items_lines};
                item_kind = list_header(header, tree.root, 0);
            });
            if (!item_kind && failed == nullptr && !was_failed) {
                list.reset(); // "items:" in an object that is not a List: read it whole
            }
        }
        if (!list) {
            if (!parse_manifest_fast(text, tree)) {
                return false;
            }
            attempt([&] { document(Reader{name, tree, span.first_line}); });
            continue;
        }
        for (const auto& it : list->items) {
            if (!parse_manifest_fast(text.substr(it.begin, it.end - it.begin), tree) ||
                !tree.is_seq(tree.root) || tree[tree.root].count != 1) {
                return false;
            }
            NodeId item = tree[tree.root].first;
            attempt([&] {
                object(Reader{name, tree, span.first_line + it.line}, item, 1,
                       tree.is_map(item) ? *item_kind : std::string());
            });
            if (release) {
                release(span.begin + it.end);
            }
        }
    }
    if (release) {
        release(this->text.size());
    }
    if (failed) {
        std::rethrow_exception(failed);
    }
    return true;
}

// YAML, one document at a time through the fast parser; a document it declines goes through
// yaml-cpp alone (for_each_manifest_document).
void FileLoader::yaml() {
    std::exception_ptr failed;
    for_each_manifest_document(name, text, [&](const ManifestDocument& doc) {
        if (failed) {
            return; // keep parsing: a later syntax error is reported first
        }
        try {
            document(Reader{name, doc.tree, doc.first_line});
        } catch (const Error&) {
            failed = std::current_exception();
        }
    });
    if (failed) {
        std::rethrow_exception(failed);
    }
}

void FileLoader::yaml_cpp() {
    ManifestTree tree;
    for (const auto& doc : load_yaml_documents(InputFile{name, std::string(text)})) {
        tree.clear();
        convert_yaml_node(doc.root, tree);
        try {
            document(Reader{name, tree, doc.first_line});
        } catch (const YAML::Exception& e) {
            throw Error::input(std::string("unexpected structure: ") + e.what())
                .at(name, doc.first_line);
        }
    }
}

} // namespace

void load_cluster_file(const InputFile& input, Cluster& cluster, const LoadOptions& options) {
    load_cluster_text(input.name, input.content, cluster, options);
}

void load_cluster_text(const std::string& name, std::string_view text, Cluster& cluster,
                       const LoadOptions& options, const TextRelease& release) {
    require_utf8_text(name, text, release);
    FileLoader loader(name, text, release, cluster, options);
    try {
        if (options.yaml_cpp_only) {
            loader.yaml_cpp();
        } else if (looks_like_json(text) ? !loader.json() : !loader.yaml_streamed()) {
            loader.rollback();
            loader.yaml();
        }
    } catch (...) {
        loader.flush_warnings();
        throw;
    }
    loader.flush_warnings();
}

void finish_cluster(Cluster& cluster) {
    std::map<std::string, const Node*> by_name;
    for (const auto& n : cluster.nodes) {
        auto [it, fresh] = by_name.emplace(n.name, &n);
        if (!fresh) {
            throw Error::input("Duplicate value: node \"" + n.name + "\" also defined at " +
                               *it->second->file + ":" + std::to_string(it->second->line))
                .at(*n.file, n.line)
                .field("metadata.name");
        }
    }
    std::map<std::string, const Pod*> pods;
    auto check_dup = [&](const Pod& p) {
        auto [it, fresh] = pods.emplace(p.key(), &p);
        if (!fresh) {
            throw Error::input("Duplicate value: pod \"" + p.key() + "\" also defined at " +
                               *it->second->file + ":" + std::to_string(it->second->line))
                .at(*p.file, p.line)
                .field("metadata.name");
        }
    };
    for (const auto& p : cluster.bound) {
        check_dup(p);
        if (!by_name.count(p.node_name)) {
            throw Error::input("pod \"" + p.key() + "\" is bound to node \"" + p.node_name +
                               "\", which is not among the nodes")
                .at(*p.file, p.line)
                .field("spec.nodeName");
        }
    }
    for (const auto& p : cluster.pending) {
        check_dup(p);
    }
    auto resolve = [&](Pod& p) {
        if (p.priority) {
            return;
        }
        if (!p.priority_class.empty()) {
            auto it = cluster.priority_classes.find(p.priority_class);
            if (it != cluster.priority_classes.end()) {
                p.priority = it->second;
                return;
            }
            if (p.priority_class == "system-node-critical") {
                p.priority = 2000001000;
            } else if (p.priority_class == "system-cluster-critical") {
                p.priority = 2000000000;
            } else {
                log::warn("pod {}: priorityClassName \"{}\" not found; using priority 0", p.key(),
                          p.priority_class);
            }
            if (p.priority) {
                return;
            }
        }
        p.priority = cluster.global_default_priority.value_or(0);
    };
    for (auto& p : cluster.bound) {
        resolve(p);
    }
    for (auto& p : cluster.pending) {
        resolve(p);
    }
    // Sorting the Pods themselves moved each ~17 times (150,000 pods: 0.3 s); sort their indices
    // and move each once, and not at all when the queue is in order (one priority).
    auto higher = [](const Pod& a, const Pod& b) { return *a.priority > *b.priority; };
    auto& queue = cluster.pending;
    if (std::is_sorted(queue.begin(), queue.end(), higher)) {
        return;
    }
    std::vector<std::size_t> order(queue.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return higher(queue[a], queue[b]); });
    std::vector<Pod> sorted;
    sorted.reserve(queue.size());
    for (std::size_t i : order) {
        sorted.push_back(std::move(queue[i]));
    }
    queue = std::move(sorted);
}

} // namespace corral::k8s
