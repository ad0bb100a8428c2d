// probe inject (lib/k8s/probe_inject.*): the output differs from the input only by added lines,
// and those lines form the probe.
#include "core/error.hpp"
#include "k8s/probe/inject.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace corral;
using namespace corral::k8s;

namespace {

std::string data(const std::string& name) {
    std::ifstream in(std::string(CORRAL_TEST_DATA) + "/probe/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        auto nl = s.find('\n', pos);
        auto end = nl == std::string::npos ? s.size() : nl + 1;
        out.push_back(s.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

// Lines of `after` that are not in `before`, when `before` is a subsequence of `after`'s lines;
// fails the test otherwise (a changed or removed line).
std::string added_lines(const std::string& before, const std::string& after) {
    auto a = split_lines(before);
    auto b = split_lines(after);
    std::string added;
    std::size_t i = 0;
    for (const auto& line : b) {
        if (i < a.size() && line == a[i]) {
            ++i;
        } else {
            added += line;
        }
    }
    CHECK(i == a.size());
    return added;
}

InjectOptions http_liveness(std::vector<std::string> containers) {
    ProbeOptions o;
    o.kind = "liveness";
    o.handler = "http";
    o.port = "http";
    o.path = "/healthz";
    InjectOptions i;
    i.probes = build_probes(o);
    i.containers = std::move(containers);
    return i;
}

} // namespace

TEST_CASE("inject keeps comments, quotes, flow maps and block literals", "[inject]") {
    InputFile in{"deployment.yaml", data("deployment.yaml")};
    auto r = inject_probes(in, http_liveness({"app"}));
    CHECK(r.matched);
    CHECK(added_lines(in.content, r.text) == "          livenessProbe:\n"
                                             "            httpGet:\n"
                                             "              path: /healthz\n"
                                             "              port: http\n");
    // Idempotent: a second run changes nothing.
    InputFile again{"x", r.text};
    auto r2 = inject_probes(again, http_liveness({"app"}));
    CHECK(r2.text == r.text);
    REQUIRE(r2.changes.size() == 1);
    CHECK(r2.changes[0].action == "unchanged");
}

TEST_CASE("inject into every container and sidecar init containers", "[inject]") {
    InputFile in{"cronjob.yaml", data("cronjob.yaml")};
    ProbeOptions o;
    o.kind = "startup";
    o.handler = "tcp";
    o.port = "9901";
    InjectOptions i;
    i.probes = build_probes(o);
    i.all_containers = true;
    auto r = inject_probes(in, i);
    std::string block = "            startupProbe:\n"
                        "              tcpSocket:\n"
                        "                port: 9901\n";
    CHECK(added_lines(in.content, r.text) == block + block);
    CHECK(r.changes.size() == 2); // proxy (restartPolicy: Always) and job, not migrate
}

TEST_CASE("CRLF line endings are kept", "[inject]") {
    InputFile in{"crlf-pod.yaml", data("crlf-pod.yaml")};
    ProbeOptions o;
    o.kind = "readiness";
    o.handler = "exec";
    o.command = {"cat", "/tmp/ready"};
    InjectOptions i;
    i.probes = build_probes(o);
    i.containers = {"app"};
    auto r = inject_probes(in, i);
    CHECK(added_lines(in.content, r.text) ==
          "    readinessProbe:\r\n      exec:\r\n        command:\r\n          - cat\r\n"
          "          - /tmp/ready\r\n");
}

TEST_CASE("indentation follows the container (4-space style, kubectl dashes)", "[inject]") {
    std::string text = "kind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n"
                       "    - name: a\n      image: x\n      ports:\n      - containerPort: 80\n"
                       "    - name: b\n      image: y\n";
    InputFile in{"p.yaml", text};
    ProbeOptions o;
    o.kind = "liveness";
    o.handler = "tcp";
    o.port = "80";
    InjectOptions i;
    i.probes = build_probes(o);
    i.containers = {"a"};
    auto r = inject_probes(in, i);
    CHECK(r.text == "kind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n"
                    "    - name: a\n      image: x\n      ports:\n      - containerPort: 80\n"
                    "      livenessProbe:\n          tcpSocket:\n              port: 80\n"
                    "    - name: b\n      image: y\n");
}

TEST_CASE("end of file without newline, several documents", "[inject]") {
    std::string text = "kind: Service\n---\nkind: Pod\nspec:\n  containers:\n  - name: a\n"
                       "    image: x";
    InputFile in{"p.yaml", text};
    ProbeOptions o;
    o.kind = "liveness";
    o.handler = "tcp";
    o.port = "80";
    InjectOptions i;
    i.probes = build_probes(o);
    i.containers = {"a"};
    auto r = inject_probes(in, i);
    CHECK(r.text == text + "\n    livenessProbe:\n      tcpSocket:\n        port: 80");
}

TEST_CASE("inject --overwrite replaces, --remove deletes exactly the probe's lines", "[inject]") {
    InputFile in{"deployment.yaml", data("deployment.yaml")};
    auto added = inject_probes(in, http_liveness({"app"}));
    InputFile with{"d.yaml", added.text};
    ProbeOptions o;
    o.kind = "liveness";
    o.handler = "tcp";
    o.port = "8080";
    InjectOptions keep;
    keep.probes = build_probes(o);
    keep.containers = {"app"};
    auto kept = inject_probes(with, keep);
    CHECK(kept.text == with.content);
    CHECK(kept.changes[0].action == "kept");
    keep.overwrite = true;
    auto replaced = inject_probes(with, keep);
    CHECK(replaced.changes[0].action == "replaced");
    CHECK(replaced.text.find("tcpSocket:\n              port: 8080\n") != std::string::npos);
    InjectOptions remove;
    remove.remove = {ProbeKind::liveness};
    remove.containers = {"app"};
    CHECK(inject_probes(with, remove).text == in.content);
}

TEST_CASE("inject refuses what it cannot do safely", "[inject]") {
    auto error_of = [](const std::string& text, InjectOptions options) {
        try {
            inject_probes(InputFile{"f.yaml", text}, options);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error_of("kind: Pod\nspec:\n  containers: [{name: app, ports: [{name: http, "
                   "containerPort: 80}]}]\n",
                   http_liveness({"app"})) ==
          "f.yaml:3:16: spec.containers[0]: container \"app\" is written in YAML flow style "
          "({...}) that is not JSON; corral will not rewrite it: write this container in block "
          "style (or as JSON)");
    CHECK(error_of("kind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n",
                   http_liveness({"app"})) ==
          "f.yaml:4:5: spec.containers[0].ports: container \"app\" has no port named \"http\" "
          "(it names no ports)");
    CHECK(error_of("- kind: Pod\n", http_liveness({"app"})) ==
          "f.yaml:1:1: document is a list, not a Kubernetes object");
    CHECK(error_of("kind: Pod\nspec:\n  containers:\n  - image: x\n", http_liveness({"app"})) ==
          "f.yaml:4:5: spec.containers[0].name: container has no name");
    CHECK(error_of("kind: Pod\nspec:\n  ephemeralContainers:\n  - name: dbg\n    image: x\n",
                   http_liveness({"dbg"}))
              .find("ephemeral container \"dbg\" cannot have probes") != std::string::npos);
    CHECK(error_of("kind: Pod\nspec:\n  containers:\n  - name: a\n  - name: a\n    image: x\n"
                   "    image: y\n",
                   http_liveness({"a"}))
              .find("duplicate mapping key 'image'") != std::string::npos);
    CHECK(error_of("kind: Pod\nspec:\n\tcontainers: []\n", http_liveness({"a"})).find("f.yaml:") ==
          0);
}

TEST_CASE("no match reports the containers that exist", "[inject]") {
    auto r = inject_probes(InputFile{"d.yaml", data("deployment.yaml")}, http_liveness({"nope"}));
    CHECK_FALSE(r.matched);
    CHECK(r.container_names == std::vector<std::string>{"app", "metrics"});
}

TEST_CASE("inject into the items of a kind: List", "[inject]") {
    std::string text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
                       "  metadata: {name: a}\n  spec:\n    containers:\n    - name: app\n"
                       "      image: x\n      ports: [{name: http, containerPort: 80}]\n";
    auto r = inject_probes(InputFile{"l.yaml", text}, http_liveness({"app"}));
    CHECK(added_lines(text, r.text) == "      livenessProbe:\n        httpGet:\n"
                                       "          path: /healthz\n          port: http\n");
}

TEST_CASE("inject verifies its splice by parsing the result again", "[inject]") {
    // A multi-line flow sequence closed left of the container's keys: valid for yaml-cpp, but
    // a line-based insertion after it would land inside the flow. Refused, nothing written.
    std::string text =
        "kind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n"
        "    ports: [{name: http, containerPort: 80}]\n    args: [\n      \"a\",\n  ]\n";
    try {
        inject_probes(InputFile{"odd.yaml", text}, http_liveness({"app"}));
        FAIL("expected a refusal");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) ==
              "odd.yaml:4: cannot splice safely here: the layout of this container is too "
              "unusual for line-based editing (nothing was written)");
    }
}
