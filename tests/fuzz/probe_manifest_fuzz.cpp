// Fuzzes manifest loading, probe lint and inject planning on arbitrary bytes: they may reject the
// input (corral::Error) but must never crash, hang or grow without bound. Injection must keep
// every input line (only added lines).
#include "core/error.hpp"
#include "k8s/manifest_json.hpp"
#include "k8s/manifest_tree.hpp"
#include "k8s/probe/inject.hpp"
#include "k8s/probe/lint.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

bool keeps_all_lines(const std::string& before, const std::string& after) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < before.size()) {
        std::size_t ei = before.find('\n', i);
        ei = ei == std::string::npos ? before.size() : ei + 1;
        std::string_view line(before.data() + i, ei - i);
        bool found = false;
        while (j < after.size()) {
            std::size_t ej = after.find('\n', j);
            ej = ej == std::string::npos ? after.size() : ej + 1;
            std::string_view other(after.data() + j, ej - j);
            j = ej;
            // The last input line may gain a newline when a probe is appended after it.
            if (other == line || (ei == before.size() && other.substr(0, line.size()) == line)) {
                found = true;
                break;
            }
        }
        if (!found) {
            return false;
        }
        i = ei;
    }
    return true;
}

// JSON containers are edited inside their lines (", \"livenessProbe\": ..."): every input byte is
// still there, in order.
bool keeps_all_bytes(const std::string& before, const std::string& after) {
    std::size_t j = 0;
    for (char c : before) {
        while (j < after.size() && after[j] != c) {
            ++j;
        }
        if (j == after.size()) {
            return false;
        }
        ++j;
    }
    return true;
}

} // namespace

// The fast manifest parser must agree with yaml-cpp on every document it accepts.
void differential(const corral::InputFile& input) {
    std::vector<corral::YamlDocument> slow;
    try {
        slow = corral::load_yaml_documents(input);
    } catch (const corral::Error&) {
        return;
    }
    std::vector<corral::k8s::ManifestDocument> fast;
    try {
        fast = corral::k8s::load_manifest_documents(input);
    } catch (const corral::Error&) {
        std::abort(); // yaml-cpp accepted it
    }
    if (fast.size() != slow.size()) {
        std::abort();
    }
    for (std::size_t i = 0; i < fast.size(); ++i) {
        try {
            auto a = fast[i].tree.to_json(fast[i].tree.root, 100000).dump();
            auto b = corral::yaml_to_json(slow[i].root, 100000).dump();
            if (a != b) {
                std::abort();
            }
        } catch (const corral::Error&) {
        } catch (const nlohmann::json::exception&) {
        }
    }
    // The objects streamed one at a time (a block-style List item by item) are the documents'
    // roots and the Lists' items, as the whole trees have them.
    std::vector<std::string> whole;
    std::vector<std::string> streamed;
    try {
        for (const auto& d : fast) {
            const auto& t = d.tree;
            bool list = t.is_map(t.root) && t.scalar(t.get(t.root, "kind")) == "List";
            for (auto id : list ? t.items(t.get(t.root, "items")) : std::vector{t.root}) {
                whole.push_back(t.to_json(id, 100000).dump());
            }
        }
        corral::k8s::for_each_manifest_object(
            input.name, input.content,
            [&](const corral::k8s::ManifestDocument& d, corral::k8s::NodeId id, int) {
                streamed.push_back(d.tree.to_json(id, 100000).dump());
            });
    } catch (const corral::Error&) {
        return;
    } catch (const nlohmann::json::exception&) {
        return;
    }
    if (whole != streamed) {
        std::abort();
    }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    corral::InputFile input{"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)};
    differential(input);
    try {
        corral::k8s::LintReport report;
        corral::k8s::lint_manifest(input, {}, report);
    } catch (const corral::Error&) {
    }
    try {
        corral::k8s::ProbeOptions o;
        o.kind = "liveness";
        o.handler = "tcp";
        o.port = "8080";
        o.slow_start = "1m";
        corral::k8s::InjectOptions options;
        options.probes = corral::k8s::build_probes(o);
        options.all_containers = true;
        auto result = corral::k8s::inject_probes(input, options);
        // UTF-16 input is written back in UTF-16: compare the decoded texts.
        std::string before = corral::k8s::decode_input(input).file.content;
        std::string after =
            corral::k8s::decode_input(corral::InputFile{"out", result.text}).file.content;
        if (!keeps_all_lines(before, after) && !keeps_all_bytes(before, after)) {
            std::abort();
        }
        options.probes.clear();
        options.remove = {corral::k8s::ProbeKind::liveness};
        corral::k8s::inject_probes(corral::InputFile{"fuzz.yaml", result.text}, options);
    } catch (const corral::Error&) {
    }
    return 0;
}
