#include "k8s/sched/report.hpp"

#include "k8s/quantity.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace corral::k8s {

std::string format_amount(const std::string& resource, std::int64_t value) {
    if (resource == "cpu") {
        return format_cpu_millis(value);
    }
    if (resource == "memory" || resource == "ephemeral-storage" ||
        resource.rfind("hugepages-", 0) == 0) {
        return format_bytes(value);
    }
    return std::to_string(value);
}

namespace {

// Resources shown per node: every allocatable entry, then anything requested beyond it.
std::vector<int> shown_resources(const Cluster& c) {
    std::set<int> ids;
    for (const auto& n : c.nodes) {
        for (const auto& [r, v] : n.allocatable) {
            ids.insert(r);
        }
    }
    return {ids.begin(), ids.end()};
}

struct Frag {
    std::string resource;
    std::int64_t free_total = 0, largest = 0;
    bool blocks =
        false; // an unschedulable pod needs more than the largest hole but not more than the total
};

std::vector<Frag> fragmentation(const Cluster& c, const SimRun& run) {
    std::vector<Frag> out;
    for (int r : shown_resources(c)) {
        if (r == kPods) {
            continue;
        }
        Frag f;
        f.resource = c.resources.name(r);
        for (std::size_t i = 0; i < c.nodes.size(); ++i) {
            if (c.nodes[i].unschedulable) {
                continue;
            }
            std::int64_t alloc = 0;
            for (const auto& [id, v] : c.nodes[i].allocatable) {
                if (id == r) {
                    alloc = v;
                }
            }
            std::int64_t free = std::max<std::int64_t>(0, alloc - run.result.usage[i].requested[r]);
            f.free_total += free;
            f.largest = std::max(f.largest, free);
        }
        for (std::size_t p = 0; p < run.result.placements.size(); ++p) {
            if (run.result.placements[p].node >= 0) {
                continue;
            }
            std::int64_t want = c.pending[p].request(r);
            if (want > f.largest && want <= f.free_total) {
                f.blocks = true;
            }
        }
        out.push_back(f);
    }
    return out;
}

Json amounts_json(const Cluster& c, const std::vector<std::pair<int, std::int64_t>>& list) {
    Json j = Json::object();
    for (const auto& [r, v] : list) {
        j[c.resources.name(r)] = v;
    }
    return j;
}

} // namespace

Json simulate_json(const Cluster& c, const SimRun& run) {
    const SimResult& res = run.result;
    Json j;
    j["config"] = run.config_name;
    Json placements = Json::array();
    for (const auto& p : res.placements) {
        Json pj;
        pj["pod"] = p.pod;
        pj["node"] = p.node >= 0 ? Json(c.nodes[p.node].name) : Json();
        pj["reasons"] = p.reasons;
        if (!p.message.empty()) {
            pj["message"] = p.message;
        }
        placements.push_back(pj);
    }
    j["placements"] = placements;
    auto ids = shown_resources(c);
    Json nodes = Json::array();
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        Json nj;
        nj["name"] = c.nodes[i].name;
        nj["allocatable"] = amounts_json(c, c.nodes[i].allocatable);
        Json req = Json::object();
        for (int r : ids) {
            if (r != kPods) {
                req[c.resources.name(r)] = res.usage[i].requested[r];
            }
        }
        for (int r = 0; r < c.resources.size(); ++r) {
            if (r != kPods && res.usage[i].requested[r] != 0 &&
                !req.contains(c.resources.name(r))) {
                req[c.resources.name(r)] = res.usage[i].requested[r];
            }
        }
        req["pods"] = res.usage[i].pods;
        nj["requested"] = req;
        nj["unschedulable"] = c.nodes[i].unschedulable;
        nodes.push_back(nj);
    }
    j["nodes"] = nodes;
    Json frag = Json::array();
    for (const auto& f : fragmentation(c, run)) {
        frag.push_back({{"resource", f.resource},
                        {"free_total", f.free_total},
                        {"largest_free_on_one_node", f.largest},
                        {"blocks_pending_pods", f.blocks}});
    }
    j["fragmentation"] = frag;
    if (!res.explain.empty()) {
        Json scores = Json::array();
        for (const auto& ex : res.explain) {
            Json ej;
            ej["pod"] = ex.pod;
            Json feasible = Json::array();
            for (int n : ex.feasible) {
                feasible.push_back(c.nodes[n].name);
            }
            ej["feasible"] = feasible;
            Json nodes_j = Json::array();
            for (const auto& nd : ex.nodes) {
                Json plugins = Json::object();
                for (const auto& p : nd.plugins) {
                    plugins[p.plugin] = {
                        {"raw", p.raw}, {"normalized", p.normalized}, {"weighted", p.weighted}};
                }
                nodes_j.push_back(
                    {{"node", c.nodes[nd.node].name}, {"plugins", plugins}, {"total", nd.total}});
            }
            ej["nodes"] = nodes_j;
            ej["skipped"] = ex.skipped;
            if (!ex.note.empty()) {
                ej["note"] = ex.note;
            }
            scores.push_back(ej);
        }
        j["scores"] = scores;
    }
    std::size_t scheduled = 0;
    for (const auto& p : res.placements) {
        scheduled += p.node >= 0;
    }
    Json stats;
    stats["pods"] = res.placements.size();
    stats["scheduled"] = scheduled;
    stats["unschedulable"] = res.placements.size() - scheduled;
    stats["load_seconds"] = std::round(run.load_seconds * 1e6) / 1e6;
    stats["schedule_seconds"] = std::round(res.schedule_seconds * 1e6) / 1e6;
    stats["pods_per_second"] =
        res.schedule_seconds > 0
            ? std::round(static_cast<double>(res.placements.size()) / res.schedule_seconds)
            : 0.0;
    j["stats"] = stats;
    return j;
}

std::string simulate_text(const Cluster& c, const SimRun& run) {
    const SimResult& res = run.result;
    std::string out;
    Table placements({"POD", "NODE", "REASON"});
    for (const auto& p : res.placements) {
        placements.add_row({p.pod, p.node >= 0 ? c.nodes[p.node].name : "<none>", p.message});
    }
    out += placements.render();
    out += "\n";
    auto ids = shown_resources(c);
    std::vector<std::string> headers{"NODE", "PODS"};
    for (int r : ids) {
        if (r != kPods) {
            headers.push_back(c.resources.name(r));
        }
    }
    Table nodes(headers);
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        std::int64_t max_pods = 0;
        for (const auto& [id, v] : c.nodes[i].allocatable) {
            if (id == kPods) {
                max_pods = v;
            }
        }
        std::vector<std::string> row{
            c.nodes[i].name + (c.nodes[i].unschedulable ? " (cordoned)" : ""),
            std::to_string(res.usage[i].pods) + "/" + std::to_string(max_pods)};
        for (int r : ids) {
            if (r == kPods) {
                continue;
            }
            std::int64_t alloc = 0;
            for (const auto& [id, v] : c.nodes[i].allocatable) {
                if (id == r) {
                    alloc = v;
                }
            }
            const std::string& name = c.resources.name(r);
            std::string cell =
                format_amount(name, res.usage[i].requested[r]) + "/" + format_amount(name, alloc);
            if (alloc > 0) {
                cell += " (" + std::to_string(res.usage[i].requested[r] * 100 / alloc) + "%)";
            }
            row.push_back(cell);
        }
        nodes.add_row(row);
    }
    out += nodes.render();
    out += "\n";
    Table frag({"RESOURCE", "FREE TOTAL", "LARGEST ON ONE NODE", "NOTE"});
    for (const auto& f : fragmentation(c, run)) {
        frag.add_row(
            {f.resource, format_amount(f.resource, f.free_total),
             format_amount(f.resource, f.largest),
             f.blocks ? "fragmented: a pending pod fits the total but no single node" : ""});
    }
    out += frag.render();
    for (const auto& ex : res.explain) {
        out += "\nscores for " + ex.pod + " (cells: raw->normalized x weight = weighted):";
        if (!ex.note.empty()) {
            out += " " + ex.note;
        }
        out += "\n";
        if (ex.nodes.empty()) {
            continue;
        }
        std::vector<std::string> h{"NODE"};
        for (const auto& p : ex.nodes[0].plugins) {
            h.push_back(p.plugin);
        }
        h.push_back("TOTAL");
        Table t(h);
        for (const auto& nd : ex.nodes) {
            std::vector<std::string> row{c.nodes[nd.node].name};
            for (const auto& p : nd.plugins) {
                row.push_back(std::to_string(p.raw) + "->" + std::to_string(p.normalized) + "x" +
                              std::to_string(p.weight) + "=" + std::to_string(p.weighted));
            }
            row.push_back(std::to_string(nd.total));
            t.add_row(row);
        }
        out += t.render();
        if (!ex.skipped.empty()) {
            out += "skipped (PreScore):";
            for (const auto& s : ex.skipped) {
                out += " " + s;
            }
            out += "\n";
        }
    }
    std::size_t scheduled = 0;
    for (const auto& p : res.placements) {
        scheduled += p.node >= 0;
    }
    out += "\n" + std::to_string(scheduled) + "/" + std::to_string(res.placements.size()) +
           " pods scheduled\n";
    return out;
}

Json compare_json(const Cluster& c, const SimRun& a, const SimRun& b) {
    Json j = simulate_json(c, a);
    j["compare"] = simulate_json(c, b);
    Json diffs = Json::array();
    for (std::size_t i = 0; i < a.result.placements.size(); ++i) {
        int na = a.result.placements[i].node, nb = b.result.placements[i].node;
        if (na == nb) {
            continue;
        }
        diffs.push_back({{"pod", a.result.placements[i].pod},
                         {"node", na >= 0 ? Json(c.nodes[na].name) : Json()},
                         {"compare_node", nb >= 0 ? Json(c.nodes[nb].name) : Json()}});
    }
    j["differences"] = diffs;
    return j;
}

std::string compare_text(const Cluster& c, const SimRun& a, const SimRun& b) {
    Table t({"POD", a.config_name, b.config_name});
    for (std::size_t i = 0; i < a.result.placements.size(); ++i) {
        int na = a.result.placements[i].node, nb = b.result.placements[i].node;
        t.add_row({a.result.placements[i].pod, na >= 0 ? c.nodes[na].name : "<none>",
                   nb >= 0 ? c.nodes[nb].name : "<none>"});
    }
    std::string out = t.render();
    auto count = [](const SimRun& r) {
        std::size_t n = 0;
        for (const auto& p : r.result.placements) {
            n += p.node >= 0;
        }
        return n;
    };
    out += "\n" + a.config_name + ": " + std::to_string(count(a)) + "/" +
           std::to_string(a.result.placements.size()) + " scheduled; " + b.config_name + ": " +
           std::to_string(count(b)) + "/" + std::to_string(b.result.placements.size()) +
           " scheduled\n";
    for (const auto* run : {&a, &b}) {
        for (const auto& p : run->result.placements) {
            if (p.node < 0) {
                out += run->config_name + ": " + p.pod + ": " + p.message + "\n";
            }
        }
    }
    return out;
}

} // namespace corral::k8s
