#include "mesos/resource_set.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <unordered_set>

namespace corral::mesos {

void ResourceSet::add(const std::string& name, const Quantity& q) {
    auto it = m_items.find(name);
    if (it == m_items.end()) {
        m_items.emplace(name, q);
        return;
    }
    Quantity& cur = it->second;
    if (cur.type != q.type) {
        return; // same name, different type: Mesos rejects it on agents; keep the first
    }
    switch (q.type) {
    case ValueType::scalar:
        cur.fixed = add_fixed(cur.fixed, q.fixed);
        break;
    case ValueType::ranges:
        cur.ranges.insert(cur.ranges.end(), q.ranges.begin(), q.ranges.end());
        coalesce(cur.ranges);
        break;
    case ValueType::set: {
        std::unordered_set<std::string> have(cur.set.begin(), cur.set.end());
        for (const auto& item : q.set) {
            if (have.insert(item).second) {
                cur.set.push_back(item);
            }
        }
        break;
    }
    case ValueType::text:
        break;
    }
}

void ResourceSet::add(const ResourceSet& other) {
    for (const auto& [name, q] : other.m_items) {
        add(name, q);
    }
}

void ResourceSet::add(const Resource& r) {
    Quantity q;
    q.type = r.type;
    switch (r.type) {
    case ValueType::scalar:
        q.fixed = to_fixed(r.scalar);
        break;
    case ValueType::ranges:
        q.ranges = r.ranges;
        coalesce(q.ranges);
        break;
    case ValueType::set:
        q.set = r.set;
        break;
    case ValueType::text:
        return;
    }
    add(r.revocable ? r.name + "_revocable" : r.name, q);
}

void ResourceSet::subtract(const ResourceSet& other) {
    for (const auto& [name, q] : other.m_items) {
        auto it = m_items.find(name);
        if (it == m_items.end() || it->second.type != q.type) {
            continue;
        }
        Quantity& cur = it->second;
        switch (q.type) {
        case ValueType::scalar:
            cur.fixed = std::max(0LL, sub_fixed(cur.fixed, q.fixed));
            break;
        case ValueType::ranges:
            cur.ranges = subtract_ranges(cur.ranges, q.ranges);
            break;
        case ValueType::set: {
            std::unordered_set<std::string> drop(q.set.begin(), q.set.end());
            cur.set.erase(std::remove_if(cur.set.begin(), cur.set.end(),
                                         [&](const std::string& s) { return drop.count(s) > 0; }),
                          cur.set.end());
            break;
        }
        case ValueType::text:
            break;
        }
    }
}

long long ResourceSet::scalar(const std::string& name) const {
    auto it = m_items.find(name);
    return it == m_items.end() || it->second.type != ValueType::scalar ? 0 : it->second.fixed;
}

std::uint64_t ResourceSet::count(const std::string& name) const {
    auto it = m_items.find(name);
    if (it == m_items.end()) {
        return 0;
    }
    if (it->second.type == ValueType::ranges) {
        return ranges_size(it->second.ranges);
    }
    if (it->second.type == ValueType::set) {
        return it->second.set.size();
    }
    return 0;
}

bool ResourceSet::empty() const {
    for (const auto& [name, q] : m_items) {
        if ((q.type == ValueType::scalar && q.fixed != 0) ||
            (q.type == ValueType::ranges && !q.ranges.empty()) ||
            (q.type == ValueType::set && !q.set.empty())) {
            return false;
        }
    }
    return true;
}

namespace {
const char* const kBase[] = {"cpus", "gpus", "mem", "disk"};
bool is_base(const std::string& n) {
    return std::find(std::begin(kBase), std::end(kBase), n) != std::end(kBase);
}
Json quantity_json(const Quantity& q) {
    switch (q.type) {
    case ValueType::scalar:
        return json_number(q.fixed);
    case ValueType::ranges: {
        // [[b,e],..] as `mesos resources -o json` prints them (SPEC §7), not the master's
        // "[b-e, ...]" summary string.
        Json list = Json::array();
        for (const auto& r : q.ranges) {
            list.push_back(Json::array({r.begin, r.end}));
        }
        return list;
    }
    case ValueType::set:
        return q.set;
    case ValueType::text:
        break;
    }
    return nullptr;
}
// Text keeps Mesos' own notation: "[31000-32000]", "{a, b}".
std::string quantity_text(const Quantity& q) {
    switch (q.type) {
    case ValueType::scalar:
        return format_fixed(q.fixed);
    case ValueType::ranges:
        return format_ranges(q.ranges);
    case ValueType::set:
        return format_set(q.set);
    case ValueType::text:
        break;
    }
    return "";
}
} // namespace

std::string format_fixed(long long fixed) {
    return format_scalar(from_fixed(fixed));
}

Json ResourceSet::to_json() const {
    // Appended in place (names are unique): j[name] = v looks every name up first and grows the
    // member vector by copying it.
    Json j = Json::object();
    auto& object = j.get_ref<Json::object_t&>();
    object.reserve(std::size(kBase) + m_items.size());
    for (const char* base : kBase) {
        auto it = m_items.find(base);
        object.emplace_back(base, it == m_items.end() ? Json(0) : quantity_json(it->second));
    }
    for (const auto& [name, q] : m_items) {
        if (!is_base(name)) {
            object.emplace_back(name, quantity_json(q));
        }
    }
    return j;
}

std::string ResourceSet::to_text(bool scalars_only) const {
    std::string s;
    auto append = [&](const std::string& name, const Quantity& q) {
        if (scalars_only && q.type != ValueType::scalar) {
            return;
        }
        if ((q.type == ValueType::scalar && q.fixed == 0) ||
            (q.type == ValueType::ranges && q.ranges.empty()) ||
            (q.type == ValueType::set && q.set.empty())) {
            return;
        }
        s += (s.empty() ? "" : ", ") + name + " " + quantity_text(q);
    };
    for (const char* base : kBase) {
        auto it = m_items.find(base);
        if (it != m_items.end()) {
            append(base, it->second);
        }
    }
    for (const auto& [name, q] : m_items) {
        if (!is_base(name)) {
            append(name, q);
        }
    }
    return s.empty() ? "-" : s;
}

ResourceSet resource_set_from_summary(const Json& summary, const std::string& where) {
    ResourceSet set;
    if (summary.is_null()) {
        return set;
    }
    if (!summary.is_object()) {
        throw Error::input("expected an object of resources").field(where);
    }
    for (const auto& [name, v] : summary.items()) {
        Quantity q;
        if (v.is_number()) {
            q.type = ValueType::scalar;
            q.fixed = to_fixed(v.get<double>());
        } else if (v.is_string()) {
            Value parsed;
            try {
                parsed = parse_value(v.get<std::string>());
            } catch (const Error& e) {
                throw Error::input(e.what()).field(where + "." + name);
            }
            if (parsed.type == ValueType::text) {
                continue;
            }
            q.type = parsed.type;
            q.fixed = parsed.type == ValueType::scalar ? to_fixed(parsed.scalar) : 0;
            q.ranges = std::move(parsed.ranges);
            q.set = std::move(parsed.set);
        } else {
            continue;
        }
        set.add(name, q);
    }
    return set;
}

} // namespace corral::mesos
