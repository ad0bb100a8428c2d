#include "mesos/fit.hpp"
#include "core/color.hpp"
#include "core/error.hpp"
#include "mesos/state_shape.hpp"

#include <algorithm>
#include <limits>
#include <regex>

namespace corral::mesos {

namespace {
const char* const kTaskExample = " (e.g. --task cpus=1,mem=128,ports=2 or 'cpus:1;mem:128')";
}

void parse_task(const std::string& text, FitRequest& request) {
    // Two spellings: this tool's name=value list joined by ',', and the agent --resources text
    // users just typed into `mesos resources` (name:value joined by ';'). A task shape has only
    // numbers, so either separator works with either form.
    for (const auto& item : tokenize(text, ",;")) {
        auto eq = item.find_first_of("=:");
        if (eq == std::string::npos || eq == 0) {
            throw Error::usage("--task: expected name=value or name:value in '" + item + "'" +
                               kTaskExample);
        }
        std::string name = trim(item.substr(0, eq));
        std::string value = trim(item.substr(eq + 1));
        if (name.find('(') != std::string::npos) {
            throw Error::usage("--task: '" + name + "': a task shape has no role; use --role" +
                               kTaskExample);
        }
        Value v;
        try {
            v = parse_value(value);
        } catch (const Error& e) {
            throw Error::usage("--task: " + name + "=" + value + ": " + e.what() + kTaskExample);
        }
        if (v.type != ValueType::scalar || to_fixed(v.scalar) <= 0) {
            throw Error::usage("--task: " + name + " must be a number > 0 (got '" + value + "')" +
                               kTaskExample);
        }
        if (name == "ports") {
            if (v.scalar != static_cast<double>(static_cast<std::uint64_t>(v.scalar))) {
                throw Error::usage("--task: ports is a number of ports, got '" + value + "'");
            }
            request.ports = static_cast<std::uint64_t>(v.scalar);
        } else if (name == "gpus" &&
                   v.scalar != static_cast<double>(static_cast<long long>(v.scalar))) {
            // src/common/validation.cpp validateGpus
            throw Error::usage("--task: the 'gpus' resource must be an non-negative integer");
        } else {
            request.scalars[name] += to_fixed(v.scalar);
        }
    }
    if (request.scalars.empty() && request.ports == 0) {
        throw Error::usage(std::string("--task: give at least one resource") + kTaskExample);
    }
}

Constraint parse_constraint(const std::string& text) {
    auto pos = text.find_first_of("=~");
    if (pos == std::string::npos || pos == 0) {
        throw Error::usage("--constraint: expected attr=value or attr~regex, got '" + text + "'");
    }
    Constraint c;
    c.attribute = text.substr(0, pos);
    c.regex = text[pos] == '~';
    c.value = text.substr(pos + 1);
    if (c.regex) {
        try {
            std::regex re(c.value);
        } catch (const std::regex_error& e) {
            throw Error::usage("--constraint: bad regex '" + c.value + "': " + e.what());
        }
    }
    return c;
}

namespace {

// The attribute's value as text, in Mesos' notation: scalars with three decimals, ranges
// "[1000-1500]" (the model keeps them as [[b,e]] arrays).
std::optional<std::string> attribute_text(const Json& attributes, const std::string& name) {
    auto it = attributes.find(name);
    if (it == attributes.end()) {
        return std::nullopt;
    }
    return attribute_value_text(*it);
}

// SCALAR compares in fixed point, RANGES by containment, TEXT exactly (research §3.4).
bool attribute_matches(const Json& attributes, const Constraint& c, std::string& why) {
    auto text = attribute_text(attributes, c.attribute);
    if (!text) {
        why = "no attribute '" + c.attribute + "'";
        return false;
    }
    bool ok;
    if (c.regex) {
        ok = std::regex_match(*text, std::regex(c.value));
    } else {
        ok = *text == c.value;
        if (!ok) {
            try {
                Value have = parse_value(*text);
                Value want = parse_value(c.value);
                if (have.type == ValueType::scalar && want.type == ValueType::scalar) {
                    ok = to_fixed(have.scalar) == to_fixed(want.scalar);
                } else if (have.type == ValueType::ranges && want.type == ValueType::scalar) {
                    auto n = static_cast<std::uint64_t>(want.scalar);
                    ok = std::any_of(have.ranges.begin(), have.ranges.end(),
                                     [&](const Range& r) { return r.begin <= n && n <= r.end; });
                } else if (have.type == ValueType::ranges && want.type == ValueType::ranges) {
                    ok = subtract_ranges(want.ranges, have.ranges).empty();
                }
            } catch (const Error&) {
            }
        }
    }
    if (!ok) {
        why = "constraint " + c.attribute + (c.regex ? "~" : "=") + c.value + " not met (" +
              c.attribute + "=" + *text + ")";
    }
    return ok;
}

bool allocatable_to(const std::string& reservation_role, const std::string& role) {
    return reservation_role == "*" || reservation_role == role ||
           is_strict_subrole(role, reservation_role);
}

} // namespace

FitResult fit(const State& state, const FitRequest& request) {
    if (request.use != "free" && request.use != "offers") {
        throw Error::usage("--use must be offers or free");
    }
    if (request.use == "offers" && !state.offers_known) {
        throw Error::input("this state (" + state.shape + ") carries no offers; use --use free");
    }
    if (auto e = validate_role(request.role)) {
        throw Error::usage("--role: " + *e);
    }
    std::uint64_t wanted = request.count.value_or(std::numeric_limits<std::uint64_t>::max());
    std::uint64_t placed = 0;
    Json agents = Json::array();
    Table table({"HOSTNAME", "TASKS", "REASON"});
    table.align_right(1);
    for (const auto& a : state.agents) {
        std::string reason;
        std::uint64_t n = 0;
        ResourceSet pool;
        bool eligible = true;
        if (!a.active) {
            eligible = false;
            reason = "agent is not active";
        }
        for (const auto& c : request.constraints) {
            if (eligible && !attribute_matches(a.attributes, c, reason)) {
                eligible = false;
            }
        }
        if (eligible) {
            if (request.use == "free") {
                for (const auto& [res_role, set] : a.total_by_role) {
                    if (allocatable_to(res_role, request.role)) {
                        pool.add(a.free_by_role(res_role));
                    }
                }
            } else {
                bool any = false;
                for (const auto& o : state.offers) {
                    if (o.agent_id != a.id) {
                        continue;
                    }
                    const Framework* f = state.framework(o.framework_id);
                    bool for_role = request.role == "*" || o.role == request.role ||
                                    (f && std::find(f->roles.begin(), f->roles.end(),
                                                    request.role) != f->roles.end());
                    if (for_role) {
                        pool.add(o.resources);
                        any = true;
                    }
                }
                if (!any) {
                    eligible = false;
                    reason = request.role == "*" ? "no outstanding offer"
                                                 : "no outstanding offer for role " + request.role;
                }
            }
        }
        if (eligible) {
            std::uint64_t capacity = std::numeric_limits<std::uint64_t>::max();
            std::string limiting;
            for (const auto& [name, need] : request.scalars) {
                auto have = static_cast<std::uint64_t>(std::max(0LL, pool.scalar(name)));
                std::uint64_t fits = have / static_cast<std::uint64_t>(need);
                if (fits < capacity) {
                    capacity = fits;
                    limiting = name + " (" + format_fixed(static_cast<long long>(have)) +
                               " available, " + format_fixed(need) + " per task)";
                }
            }
            if (request.ports > 0) {
                std::uint64_t have = pool.count("ports");
                std::uint64_t fits = have / request.ports;
                if (fits < capacity) {
                    capacity = fits;
                    limiting = "ports (" + std::to_string(have) + " available, " +
                               std::to_string(request.ports) + " per task)";
                }
            }
            std::uint64_t left = wanted - placed;
            n = std::min(capacity, left);
            if (capacity == 0) {
                reason = "insufficient " + limiting;
            } else if (left == 0) {
                reason = "not needed: all tasks placed";
            } else if (n < capacity) {
                reason = "count reached (room for " + std::to_string(capacity) + ")";
            } else {
                reason = "limited by " + limiting;
            }
        }
        placed += n;
        Json j = Json::object();
        j["id"] = a.id;
        j["hostname"] = a.hostname;
        j["tasks"] = n;
        j["reason"] = reason;
        agents.push_back(std::move(j));
        table.add_row({a.hostname.empty() ? a.id : a.hostname, std::to_string(n), reason});
    }
    FitResult result;
    Json requested = Json::object();
    for (const auto& [name, need] : request.scalars) {
        requested[name] = json_number(need);
    }
    if (request.ports > 0) {
        requested["ports"] = request.ports;
    }
    Json& j = result.report.data;
    j = Json::object();
    j["requested"] = requested;
    j["count"] = request.count ? Json(*request.count) : Json(nullptr);
    j["placed"] = placed;
    j["role"] = request.role;
    j["use"] = request.use;
    j["agents"] = std::move(agents);
    result.all_placed = !request.count || placed >= *request.count;
    result.report.check(result.all_placed); // exit 1 when fewer fit than --count asks
    std::string shape;
    for (const auto& [name, need] : request.scalars) {
        shape += (shape.empty() ? "" : ", ") + name + " " + format_fixed(need);
    }
    if (request.ports > 0) {
        shape +=
            (shape.empty() ? "" : ", ") + std::string("ports ") + std::to_string(request.ports);
    }
    result.report.text = "task: " + shape + "; role " + request.role + "; using " +
                         (request.use == "free" ? "free resources" : "outstanding offers") + "\n";
    std::string placed_line = "placed " + std::to_string(placed) +
                              (request.count ? " of " + std::to_string(*request.count) : "");
    // Pass/fail is only a verdict when a count was asked for (exit 1 when fewer fit).
    result.report.text +=
        (request.count ? paint(result.all_placed ? Style::ok : Style::fail, placed_line)
                       : placed_line) +
        "\n";
    if (!state.agents.empty()) {
        result.report.text += table.render();
    }
    return result;
}

} // namespace corral::mesos
