#include "mesos/views.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace corral::mesos {

ResourceSet cluster_totals(const State& state) {
    ResourceSet totals;
    for (const auto& a : state.agents) {
        for (const auto& [role, set] : a.total_by_role) {
            for (const auto& [name, q] : set.items()) {
                if (q.type == ValueType::scalar) {
                    totals.add(name, q);
                }
            }
        }
    }
    return totals;
}

Share dominant_share(const ResourceSet& allocation, const ResourceSet& totals, double weight) {
    Share best;
    for (const auto& [name, q] : totals.items()) {
        if (q.type != ValueType::scalar || q.fixed <= 0) {
            continue;
        }
        double share = static_cast<double>(allocation.scalar(name)) / static_cast<double>(q.fixed);
        if (share > best.value) {
            best.value = share;
            best.resource = name;
        }
    }
    if (weight > 0) {
        best.value /= weight;
    }
    return best;
}

double round_share(double share) {
    return std::round(share * 1e6) / 1e6;
}

namespace {

bool in_subtree(const std::string& role, const std::string& root) {
    return role == root || is_strict_subrole(role, root);
}

std::string percent(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", share * 100);
    return buf;
}

std::string fraction(long long part, long long whole) {
    return format_fixed(part) + "/" + format_fixed(whole);
}

bool matches_agent(const Agent& a, const std::string& filter) {
    return filter.empty() || a.id == filter || a.hostname == filter;
}

bool matches_framework(const Framework& f, const std::string& filter) {
    return filter.empty() || f.id == filter || f.name == filter;
}

Json optional_set(const std::optional<ResourceSet>& s) {
    return s ? s->to_json() : Json(nullptr);
}

} // namespace

std::vector<RoleRow> role_rows(const State& state) {
    // Which roles exist (Master::knownRoles): framework roles, reservation roles, roles with a
    // weight or quota, roles the master listed, and all their ancestors.
    std::set<std::string> names;
    for (const auto& f : state.frameworks) {
        for (const auto& r : f.roles) {
            names.insert(r);
        }
        for (const auto& [r, s] : f.used_by_role) {
            names.insert(r);
        }
        for (const auto& [r, s] : f.offered_by_role) {
            names.insert(r);
        }
    }
    for (const auto& a : state.agents) {
        for (const auto& [r, s] : a.total_by_role) {
            if (r != "*") {
                names.insert(r);
            }
        }
    }
    for (const auto& [r, w] : state.weights) {
        names.insert(r);
    }
    for (const auto& [r, q] : state.quotas) {
        names.insert(r);
    }
    for (const auto& r : state.roles_listed) {
        names.insert(r);
    }
    for (const auto& r : std::vector<std::string>(names.begin(), names.end())) {
        for (const auto& ancestor : role_ancestors(r)) {
            names.insert(ancestor);
        }
    }
    names.erase("");

    ResourceSet totals = cluster_totals(state);
    std::map<std::string, RoleRow> rows;
    for (const auto& name : names) {
        RoleRow row;
        row.name = name;
        if (auto it = state.weights.find(name); it != state.weights.end()) {
            row.weight = it->second;
        }
        row.depth = name == "*" ? 0 : static_cast<int>(std::count(name.begin(), name.end(), '/'));
        rows.emplace(name, std::move(row));
    }
    // Allocation walks up to the root (the sorter's allocated()).
    auto charge_up = [&](const std::string& role, auto member, const ResourceSet& set) {
        if (auto it = rows.find(role); it != rows.end()) {
            (it->second.*member).add(set);
        }
        if (role == "*") {
            return;
        }
        for (const auto& ancestor : role_ancestors(role)) {
            if (auto it = rows.find(ancestor); it != rows.end()) {
                (it->second.*member).add(set);
            }
        }
    };
    for (const auto& f : state.frameworks) {
        for (const auto& [r, s] : f.used_by_role) {
            charge_up(r, &RoleRow::allocated, s);
        }
        for (const auto& [r, s] : f.offered_by_role) {
            charge_up(r, &RoleRow::offered, s);
        }
        std::size_t count = f.tasks + f.offers;
        for (const auto& r : f.roles) {
            if (auto it = rows.find(r); it != rows.end()) {
                it->second.allocations += count;
            }
        }
    }
    std::map<std::string, ResourceSet> used_from_reserved;
    for (const auto& a : state.agents) {
        for (const auto& [r, s] : a.total_by_role) {
            if (r != "*") {
                charge_up(r, &RoleRow::reserved, s);
            }
        }
        for (const auto& [r, s] : a.used_by_role) {
            if (r != "*") {
                used_from_reserved[r].add(s);
            }
        }
    }
    for (auto& [name, row] : rows) {
        ResourceSet allocation = row.allocated;
        allocation.add(row.offered);
        row.share = dominant_share(allocation, totals, row.weight);
        if (auto it = state.quotas.find(name); it != state.quotas.end()) {
            row.guarantee = it->second.guarantee;
            row.limit = it->second.limit;
            if (it->second.consumed) {
                row.consumed = *it->second.consumed;
                row.consumed_reported = true;
            }
        }
        if (!row.consumed_reported && name != "*") {
            // consumedQuota = reservations of the subtree (allocated or not) + the unreserved
            // part of its allocation; offers are not charged (docs/quota.md).
            ResourceSet unreserved_used = row.allocated;
            for (const auto& [r, s] : used_from_reserved) {
                if (in_subtree(r, name)) {
                    unreserved_used.subtract(s);
                }
            }
            row.consumed = row.reserved;
            row.consumed.add(unreserved_used);
        }
    }
    // Pre-order walk, siblings in DRF order.
    std::map<std::string, std::vector<std::string>> children;
    std::vector<std::string> top;
    for (const auto& [name, row] : rows) {
        auto ancestors = role_ancestors(name);
        if (name == "*" || ancestors.empty()) {
            top.push_back(name);
        } else {
            children[ancestors.front()].push_back(name);
        }
    }
    auto by_drf = [&](const std::string& l, const std::string& r) {
        const RoleRow& a = rows.at(l);
        const RoleRow& b = rows.at(r);
        if (a.share.value != b.share.value) {
            return a.share.value < b.share.value;
        }
        if (a.allocations != b.allocations) {
            return a.allocations < b.allocations;
        }
        return l < r;
    };
    std::vector<RoleRow> out;
    std::function<void(std::vector<std::string>&)> walk = [&](std::vector<std::string>& level) {
        std::sort(level.begin(), level.end(), by_drf);
        for (const auto& name : level) {
            out.push_back(rows.at(name));
            if (auto it = children.find(name); it != children.end()) {
                walk(it->second);
            }
        }
    };
    walk(top);
    return out;
}

Report agents_view(const State& state, const Filters& filters, ViewParts parts) {
    const bool data = parts != ViewParts::text, text = parts != ViewParts::data;
    Report report;
    Json list = Json::array();
    bool gpus = cluster_totals(state).scalar("gpus") > 0;
    std::vector<std::string> headers{"HOSTNAME", "ACTIVE", "CPUS FREE/TOTAL", "MEM FREE/TOTAL",
                                     "DISK FREE/TOTAL"};
    if (gpus) {
        headers.push_back("GPUS FREE/TOTAL");
    }
    headers.push_back("RESERVED");
    Table table(headers);
    for (int c = 2; c <= (gpus ? 5 : 4); ++c) {
        table.align_right(static_cast<std::size_t>(c));
    }
    ResourceSet sum_total, sum_used, sum_offered;
    std::size_t shown = 0;
    for (const auto& a : state.agents) {
        if (!matches_agent(a, filters.agent)) {
            continue;
        }
        if (!filters.role.empty() && a.total_by_role.count(filters.role) == 0) {
            continue;
        }
        ++shown;
        ResourceSet total = a.total(), used = a.used(), offered = a.offered(), free = a.free();
        sum_total.add(total);
        sum_used.add(used);
        sum_offered.add(offered);
        if (text) {
            auto cell = [&](const char* name) {
                return fraction(free.scalar(name), total.scalar(name));
            };
            std::vector<std::string> row{a.hostname.empty() ? a.id : a.hostname,
                                         a.active ? "yes" : "no", cell("cpus"), cell("mem"),
                                         cell("disk")};
            if (gpus) {
                row.push_back(cell("gpus"));
            }
            std::string reserved_text;
            for (const auto& [role, set] : a.total_by_role) {
                if (role != "*") {
                    reserved_text +=
                        (reserved_text.empty() ? "" : "; ") + role + ": " + set.to_text();
                }
            }
            row.push_back(reserved_text.empty() ? "-" : reserved_text);
            table.add_row(std::move(row));
        }
        if (!data) {
            continue;
        }
        // The eleven members appended in place: j[key] = v would grow the member vector by
        // copying the resource objects already in it.
        Json j = Json::object();
        auto& object = j.get_ref<Json::object_t&>();
        object.reserve(11);
        object.emplace_back("id", a.id);
        object.emplace_back("hostname", a.hostname);
        object.emplace_back("active", a.active);
        object.emplace_back("total", total.to_json());
        object.emplace_back("used", used.to_json());
        object.emplace_back("offered", offered.to_json());
        object.emplace_back("unreserved", a.reserved("*").to_json());
        Json reserved = Json::object();
        Json dynamic = Json::object();
        for (const auto& [role, set] : a.total_by_role) {
            if (role == "*") {
                continue;
            }
            reserved[role] = set.to_json();
            Json split = Json::object();
            if (a.reservation_types_known) {
                ResourceSet dyn;
                if (auto it = a.dynamic_by_role.find(role); it != a.dynamic_by_role.end()) {
                    dyn = it->second;
                }
                ResourceSet stat = set;
                stat.subtract(dyn);
                split["static"] = stat.to_json();
                split["dynamic"] = dyn.to_json();
            } else {
                // v0 summaries (no reserved_resources_full) do not say how a reservation was
                // made: calling it static would be a guess.
                split["unknown"] = set.to_json();
            }
            dynamic[role] = std::move(split);
        }
        object.emplace_back("reserved", std::move(reserved));
        object.emplace_back("reserved_by_type", std::move(dynamic));
        object.emplace_back("free", free.to_json());
        object.emplace_back("attributes", a.attributes);
        list.push_back(std::move(j));
    }
    report.data = Json::object();
    report.data["agents"] = std::move(list);
    if (shown == 0) {
        report.text = "no agents\n";
        return report;
    }
    if (!text) {
        return report;
    }
    report.text = table.render();
    report.text += std::to_string(shown) + (shown == 1 ? " agent" : " agents") + "; total " +
                   sum_total.to_text(true) + "; used " + sum_used.to_text(true) + "; offered " +
                   sum_offered.to_text(true) + "\n";
    return report;
}

Report frameworks_view(const State& state, const Filters& filters) {
    ResourceSet totals = cluster_totals(state);
    Report report;
    Json list = Json::array();
    Table table({"NAME", "ID", "ROLES", "ACTIVE", "TASKS", "OFFERS", "CPUS", "MEM", "DISK",
                 "DOMINANT SHARE"});
    for (std::size_t c : {4u, 5u, 6u, 7u, 8u}) {
        table.align_right(c);
    }
    for (const auto& f : state.frameworks) {
        if (!matches_framework(f, filters.framework)) {
            continue;
        }
        if (!filters.role.empty() &&
            std::find(f.roles.begin(), f.roles.end(), filters.role) == f.roles.end()) {
            continue;
        }
        ResourceSet used = f.used(), offered = f.offered();
        ResourceSet allocation = used;
        allocation.add(offered);
        Share share = dominant_share(allocation, totals); // framework weights are always 1
        Json j = Json::object();
        j["id"] = f.id;
        j["name"] = f.name;
        j["roles"] = f.roles;
        j["active"] = f.active;
        j["tasks"] = f.tasks;
        j["offers"] = f.offers;
        j["allocated"] = used.to_json();
        j["offered"] = offered.to_json();
        j["dominant_share"] = round_share(share.value);
        j["dominant_resource"] = share.resource.empty() ? Json(nullptr) : Json(share.resource);
        list.push_back(std::move(j));
        std::string roles;
        for (const auto& r : f.roles) {
            roles += (roles.empty() ? "" : ",") + r;
        }
        table.add_row({f.name, f.id, roles, f.active ? "yes" : "no", std::to_string(f.tasks),
                       std::to_string(f.offers), format_fixed(allocation.scalar("cpus")),
                       format_fixed(allocation.scalar("mem")),
                       format_fixed(allocation.scalar("disk")),
                       share.resource.empty() ? "0" : percent(share.value) + " " + share.resource});
    }
    report.data = Json::object();
    report.data["frameworks"] = std::move(list);
    report.text = report.data["frameworks"].empty() ? "no frameworks\n" : table.render();
    return report;
}

Report roles_view(const State& state, const Filters& filters) {
    Report report;
    Json list = Json::array();
    Table table(
        {"ROLE", "WEIGHT", "CPUS", "MEM", "DISK", "GPUS", "RESERVED", "DOMINANT SHARE", "QUOTA"});
    for (std::size_t c : {1u, 2u, 3u, 4u, 5u}) {
        table.align_right(c);
    }
    for (const auto& row : role_rows(state)) {
        if (!filters.role.empty() && !in_subtree(row.name, filters.role)) {
            continue;
        }
        Json j = Json::object();
        j["name"] = row.name;
        j["weight"] = row.weight == std::floor(row.weight) && std::fabs(row.weight) < 1e15
                          ? Json(static_cast<long long>(row.weight))
                          : Json(row.weight);
        j["allocated"] = row.allocated.to_json();
        j["offered"] = row.offered.to_json();
        j["reserved"] = row.reserved.to_json();
        j["dominant_share"] = round_share(row.share.value);
        j["dominant_resource"] =
            row.share.resource.empty() ? Json(nullptr) : Json(row.share.resource);
        Json quota = Json::object();
        quota["guarantee"] = optional_set(row.guarantee);
        quota["limit"] = optional_set(row.limit);
        quota["consumed"] = row.name == "*" ? Json(nullptr) : row.consumed.to_json();
        j["quota"] = std::move(quota);
        list.push_back(std::move(j));
        ResourceSet allocation = row.allocated;
        allocation.add(row.offered);
        std::string quota_text = "-";
        if (row.limit || row.guarantee) {
            quota_text.clear();
            if (row.guarantee) {
                quota_text += "guarantee " + row.guarantee->to_text();
            }
            if (row.limit) {
                quota_text +=
                    std::string(quota_text.empty() ? "" : "; ") + "limit " + row.limit->to_text();
            }
            quota_text += "; consumed " + row.consumed.to_text();
        }
        table.add_row(
            {std::string(static_cast<std::size_t>(row.depth) * 2, ' ') + row.name,
             format_decimal(row.weight), format_fixed(allocation.scalar("cpus")),
             format_fixed(allocation.scalar("mem")), format_fixed(allocation.scalar("disk")),
             format_fixed(allocation.scalar("gpus")), row.reserved.to_text(),
             row.share.resource.empty() ? "0" : percent(row.share.value) + " " + row.share.resource,
             quota_text});
    }
    report.data = Json::object();
    report.data["roles"] = std::move(list);
    report.text = report.data["roles"].empty() ? "no roles\n" : table.render();
    return report;
}

Report offers_view(const State& state, const Filters& filters) {
    if (!state.offers_known) {
        throw Error::input("this state (" + state.shape +
                           ") carries no offers: outstanding offers appear only in GET "
                           "/master/state (v0) and v1 GET_STATE/GET_FRAMEWORKS");
    }
    Report report;
    Json list = Json::array();
    Table table({"ID", "FRAMEWORK", "HOSTNAME", "ROLE", "RESOURCES"});
    for (const auto& o : state.offers) {
        const Framework* f = state.framework(o.framework_id);
        const Agent* a = state.agent(o.agent_id);
        if (!filters.framework.empty() &&
            !(o.framework_id == filters.framework || (f && f->name == filters.framework))) {
            continue;
        }
        if (!filters.agent.empty() &&
            !(o.agent_id == filters.agent || o.hostname == filters.agent ||
              (a && a->hostname == filters.agent))) {
            continue;
        }
        if (!filters.role.empty() && o.role != filters.role) {
            continue;
        }
        Json j = Json::object();
        j["id"] = o.id;
        j["framework_id"] = o.framework_id;
        j["framework"] = f ? Json(f->name) : Json(nullptr);
        j["agent_id"] = o.agent_id;
        j["hostname"] = o.hostname;
        j["role"] = o.role;
        j["resources"] = o.resources.to_json();
        // Mesos publishes no offer creation time; the master's offer counter orders offers by age
        // (a lower number is an older offer).
        auto pos = o.id.rfind("-O");
        if (pos != std::string::npos) {
            try {
                j["sequence"] = std::stoull(o.id.substr(pos + 2));
            } catch (const std::exception&) {
            }
        }
        list.push_back(std::move(j));
        table.add_row(
            {o.id, f ? f->name : o.framework_id, o.hostname, o.role, o.resources.to_text()});
    }
    report.data = Json::object();
    report.data["offers"] = std::move(list);
    report.text = report.data["offers"].empty() ? "no outstanding offers\n" : table.render();
    return report;
}

} // namespace corral::mesos
