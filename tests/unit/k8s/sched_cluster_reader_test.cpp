// The fast readers behind `sched simulate` (the manifest FastParser per YAML document, the JSON
// tree reader with List items one at a time) load exactly what the yaml-cpp path loads: the same
// cluster, field for field with file:line, or the same error, on every fixture of the project and
// on JSON renderings of them.
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/yaml.hpp"
#include "k8s/sched/cluster.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace corral::k8s;
namespace fs = std::filesystem;

namespace {

std::string quote(const std::string& s) {
    return "\"" + s + "\"";
}

void dump_labels(std::ostringstream& o, const Labels& labels) {
    o << "{";
    for (const auto& [k, v] : labels) {
        o << quote(k) << ":" << quote(v) << ",";
    }
    o << "}";
}

void dump_requirements(std::ostringstream& o, const std::vector<SelectorRequirement>& rs) {
    for (const auto& r : rs) {
        o << "[" << quote(r.key) << " " << r.op;
        for (const auto& v : r.values) {
            o << " " << quote(v);
        }
        o << "]";
    }
}

void dump_selector(std::ostringstream& o, const LabelSelector& s) {
    o << (s.present ? "sel" : "nosel");
    dump_labels(o, s.match_labels);
    dump_requirements(o, s.match_expressions);
}

void dump_pod(std::ostringstream& o, const Pod& p) {
    o << "pod " << p.key() << " sched=" << p.scheduler_name << " node=" << p.node_name
      << " pc=" << p.priority_class << " prio=" << (p.priority ? *p.priority : -1) << " labels=";
    dump_labels(o, p.labels);
    o << " req=";
    for (const auto& [id, v] : p.requests) {
        o << id << ":" << v << ",";
    }
    o << " nz=" << p.nonzero_cpu << "/" << p.nonzero_memory << " nodeSelector=";
    dump_labels(o, p.node_selector);
    if (p.required_affinity) {
        o << " required=";
        for (const auto& t : *p.required_affinity) {
            dump_requirements(o, t.match_expressions);
            o << "|";
            dump_requirements(o, t.match_fields);
            o << ";";
        }
    }
    for (const auto& t : p.preferred_affinity) {
        o << " preferred=" << t.weight;
        dump_requirements(o, t.term.match_expressions);
    }
    for (const auto& t : p.tolerations) {
        o << " tol=" << t.key << "," << t.op << "," << t.value << "," << t.effect;
    }
    for (const auto& c : p.spread) {
        o << " spread=" << c.max_skew << "," << c.topology_key << "," << c.when_unsatisfiable << ","
          << (c.min_domains ? *c.min_domains : -1) << "," << c.node_affinity_policy << ","
          << c.node_taints_policy << ",";
        dump_selector(o, c.selector);
    }
    for (const auto& h : p.host_ports) {
        o << " port=" << h.ip << "/" << h.protocol << "/" << h.port;
    }
    for (const auto& i : p.images) {
        o << " image=" << i;
    }
    o << " containers=" << p.num_containers << " podAffinity=" << p.has_pod_affinity
      << " terminating=" << p.terminating << " nominated=" << p.nominated_node
      << " owner=" << p.owner_kind << "/" << p.owner_name << " at " << *p.file << ":" << p.line
      << "\n";
}

std::string dump(const Cluster& c) {
    std::ostringstream o;
    for (int id = 0; id < c.resources.size(); ++id) {
        o << "resource " << id << " " << c.resources.name(id) << "\n";
    }
    for (const auto& n : c.nodes) {
        o << "node " << n.name << " unschedulable=" << n.unschedulable << " labels=";
        dump_labels(o, n.labels);
        for (const auto& t : n.taints) {
            o << " taint=" << t.key << "=" << t.value << ":" << t.effect;
        }
        o << " alloc=";
        for (const auto& [id, v] : n.allocatable) {
            o << id << ":" << v << ",";
        }
        for (const auto& im : n.images) {
            o << " image=" << im.size;
            for (const auto& name : im.names) {
                o << "," << name;
            }
        }
        o << " at " << *n.file << ":" << n.line << "\n";
    }
    for (const auto* pods : {&c.bound, &c.pending}) {
        for (const auto& p : *pods) {
            dump_pod(o, p);
        }
    }
    for (const auto* ws : {&c.services, &c.controllers}) {
        for (const auto& w : *ws) {
            o << "workload " << w.kind << " " << w.ns << "/" << w.name << " ";
            dump_selector(o, w.selector);
            o << "\n";
        }
    }
    for (const auto& [name, v] : c.priority_classes) {
        o << "priorityclass " << name << "=" << v << "\n";
    }
    o << "default=" << (c.global_default_priority ? *c.global_default_priority : -1)
      << " terminal=" << c.terminal_pods << "\n";
    return o.str();
}

std::string g_log;

void capture(std::string_view prefix, std::string_view message, bool) {
    g_log.append(prefix).append(message).append("\n");
}

// The loaded cluster, or the error, as text; and the warnings printed on the way.
std::string load(const corral::InputFile& input, bool pods_only, bool yaml_cpp_only) {
    Cluster c;
    LoadOptions options;
    options.pods_only = pods_only;
    options.yaml_cpp_only = yaml_cpp_only;
    g_log.clear();
    auto previous = corral::log::set_sink(capture);
    std::string out;
    try {
        load_cluster_file(input, c, options);
        out = dump(c);
    } catch (const corral::Error& e) {
        out = std::string("error: ") + e.what();
    }
    corral::log::set_sink(previous);
    return out + g_log;
}

void check_same(const corral::InputFile& input) {
    for (bool pods_only : {false, true}) {
        INFO(input.name << (pods_only ? " (--pods)" : " (--cluster)"));
        CHECK(load(input, pods_only, false) == load(input, pods_only, true));
    }
}

std::vector<fs::path> fixtures() {
    std::vector<fs::path> out;
    std::string src = CORRAL_SOURCE_DIR;
    for (const char* dir : {"/tests/data/sched", "/tests/data/probe", "/examples/sched",
                            "/tests/fuzz/corpus/sched_cluster", "/tests/fuzz/corpus/probe_manifest",
                            "/tests/cli/sched"}) {
        if (!fs::is_directory(src + dir)) {
            continue;
        }
        for (const auto& e : fs::recursive_directory_iterator(src + dir)) {
            if (e.is_regular_file() && e.file_size() < (1 << 20)) {
                out.push_back(e.path());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The documents as one List the way kubectl get -o yaml lays it out: items at column 0.
std::string kubectl_yaml_list(const std::vector<corral::YamlDocument>& docs) {
    std::string out = "apiVersion: v1\nitems:\n";
    for (const auto& d : docs) {
        std::istringstream in(d.text);
        std::string line;
        bool first = true;
        while (std::getline(in, line)) {
            out += (first ? "- " : "  ") + line + "\n";
            first = false;
        }
    }
    return out + "kind: List\nmetadata:\n  resourceVersion: \"\"\n";
}

} // namespace

TEST_CASE("sched cluster readers: fast path and yaml-cpp load the same fixtures",
          "[sched][cluster]") {
    auto files = fixtures();
    REQUIRE(files.size() > 40);
    std::size_t loaded = 0;
    for (const auto& path : files) {
        corral::InputFile input{path.filename().string(), read(path)};
        check_same(input);
        loaded += load(input, false, true).rfind("error:", 0) != 0;
    }
    CHECK(loaded > 20); // the comparison is not only between errors
}

TEST_CASE("sched cluster readers: kubectl -o json renderings of the fixtures read alike",
          "[sched][cluster]") {
    std::size_t rendered = 0;
    for (const auto& path : fixtures()) {
        corral::InputFile yaml{path.filename().string(), read(path)};
        std::vector<corral::YamlDocument> docs;
        try {
            docs = corral::load_yaml_documents(yaml);
        } catch (const corral::Error&) {
            continue;
        }
        corral::Json list = {{"apiVersion", "v1"}, {"items", corral::Json::array()}};
        for (const auto& d : docs) {
            corral::Json obj = corral::yaml_to_json(d.root);
            // One object alone, as `kubectl get pod x -o json` writes it.
            check_same({yaml.name + ".json", obj.dump(4)});
            list["items"].push_back(std::move(obj));
        }
        check_same({yaml.name + ".list.yaml", kubectl_yaml_list(docs)});
        list["kind"] = "List";
        list["metadata"] = {{"resourceVersion", ""}};
        check_same({yaml.name + ".list.json", list.dump(4)});
        check_same({yaml.name + ".compact.json", list.dump()});
        ++rendered;
    }
    CHECK(rendered > 20);
}

TEST_CASE("sched cluster readers: YAML List edge cases agree with yaml-cpp", "[sched][cluster]") {
    const std::string node = "- kind: Node\n  metadata:\n    name: n\n  status:\n    capacity:\n"
                             "      cpu: \"1\"\n";
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"typed list, items first",
         "items:\n- metadata:\n    name: a\n  spec: {}\nkind: PodList\n"},
        {"comments and blank lines between items", "kind: List\nitems:\n# first\n" + node +
                                                       "\n# second\n- kind: Pod\n  metadata:\n"
                                                       "    name: p\n  spec:\n    nodeName: n\n"},
        {"error in an item, then a folded scalar",
         "kind: List\nitems:\n- kind: Pod\n- kind: Pod\n  metadata:\n    name: >-\n      x\n"},
        {"error in an item, then a syntax error",
         "kind: List\nitems:\n- kind: Pod\n- kind: Pod\n  metadata: {name: [}\n"},
        {"no kind", "items:\n" + node},
        {"bad kind after the items (its line is past them)",
         "apiVersion: v1\nitems:\n" + node + node + "kind: [List]\n"},
        {"bad item kind after the items", "items:\n" + node + "kind:\n  a: b\nmetadata: {}\n"},
        {"items in an object that is not a List",
         "kind: Service\nmetadata:\n  name: s\nitems:\n" + node},
        {"indented items", "kind: List\nitems:\n  - kind: Pod\n    metadata:\n      name: p\n"},
        {"nested list", "kind: List\nitems:\n- kind: List\n  items: []\n"},
        {"duplicate key in an item", "kind: List\nitems:\n- kind: Pod\n  kind: Pod\n"},
        {"two documents, a List second",
         "kind: PriorityClass\nmetadata:\n  name: x\nvalue: 3\n---\nkind: List\nitems:\n" + node +
             "metadata: {}\n"},
        {"item that is not an object", "kind: List\nitems:\n- 3\n- kind: Pod\n"},
    };
    for (const auto& [name, text] : rows) {
        INFO(name);
        check_same({"t.yaml", text});
    }
}

TEST_CASE("sched cluster readers: JSON edge cases agree with yaml-cpp", "[sched][cluster]") {
    const char* pod = R"({"kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[]}})";
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"typed list", R"({"kind":"PodList","items":[{"metadata":{"name":"a"},"spec":{}}]})"},
        {"typed list, item with its own kind",
         R"({"items":[{"kind":"Node","metadata":{"name":"n"},"status":{"capacity":{"cpu":"1"}}}],
"kind":"PodList"})"},
        {"items before kind", std::string(R"({"items":[)") + pod + R"(],"kind":"List"})"},
        {"escapes", R"({"kind":"Pod","metadata":{"name":"p\u00e9\n\"x\\","labels":{"a\tb":"c"}},
"spec":{}})"},
        {"slash escape", R"({"kind":"Pod","metadata":{"name":"a\/b"},"spec":{}})"},
        {"surrogate pair", R"({"kind":"Pod","metadata":{"name":"\ud83d\ude00"},"spec":{}})"},
        {"duplicate key", R"({"kind":"Pod","kind":"Pod","metadata":{"name":"p"},"spec":{}})"},
        {"duplicate key in an item", R"({"kind":"List","items":[{"kind":"Pod","kind":"Pod"}]})"},
        {"semantic error, then a syntax error",
         R"({"kind":"List","items":[{"kind":"Pod"},{"kind":"Pod",}]})"},
        {"semantic error in the header, syntax error in the items",
         R"({"items":[{"kind":"Pod",}]})"},
        {"nested list", R"({"kind":"List","items":[{"kind":"List","items":[]}]})"},
        {"items not a list", R"({"kind":"List","items":{"a":1}})"},
        {"items on a non-list", R"({"kind":"Service","items":[1],"metadata":{"name":"s"}})"},
        {"numbers", R"({"kind":"PriorityClass","metadata":{"name":"x"},"value":-12,
"globalDefault":true})"},
        {"float where an integer goes", R"({"kind":"PriorityClass","value":1.5e3})"},
        {"null and empty", R"({"kind":"Pod","metadata":{"name":"p","namespace":null,
"labels":{}},"spec":{"nodeSelector":null,"containers":[{"image":""}]}})"},
        {"tab", "{\"kind\":\t\"Pod\"}"},
        {"CRLF", "{\r\n\"kind\": \"Pod\",\r\n\"metadata\": {\"name\": \"p\"},\r\n\"spec\": 7}"},
        {"trailing text", std::string(pod) + " x"},
        {"truncated", R"({"kind":"List","items":[{"kind":"Pod")"},
        {"top-level array", R"([{"kind":"Pod"}])"},
        {"bad number", R"({"kind":"PriorityClass","value":01})"},
    };
    for (const auto& [name, text] : rows) {
        INFO(name);
        check_same({"t.json", text});
    }
}
