// probe inject on what users have (lib/k8s/manifest_json.*, probe_inject*, probe_inject_run.*):
// JSON manifests edited in their own layout, UTF-16 with a byte-order mark, flow-style containers
// that need no edit, files without workloads, and the multi-file run with --in-place and -o json.
#include "core/error.hpp"
#include "core/io.hpp"
#include "k8s/manifest_json.hpp"
#include "k8s/probe/inject.hpp"
#include "k8s/probe/inject_run.hpp"
#include "k8s/probe/lint.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace corral;
using namespace corral::k8s;

namespace {

// As `kubectl create deployment web --image=nginx -o json --dry-run=client` lays it out (4-space
// indentation), with a second container written on one line.
const std::string kubectl_json = R"({
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web"
    },
    "spec": {
        "template": {
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "resources": {}
                    },
                    {"name": "side", "image": "busybox"}
                ]
            }
        }
    }
}
)";

InjectOptions tcp(const std::string& kind, std::vector<std::string> containers) {
    ProbeOptions o;
    o.kind = kind;
    o.handler = "tcp";
    o.port = "80";
    InjectOptions i;
    i.probes = build_probes(o);
    i.containers = std::move(containers);
    return i;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

std::string utf16(const std::string& ascii, bool little_endian) {
    std::string out = little_endian ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
    for (char c : ascii) {
        out += little_endian ? std::string{c, '\0'} : std::string{'\0', c};
    }
    return out;
}

} // namespace

TEST_CASE("JSON manifests: a probe added in the file's own layout", "[inject][json]") {
    auto r = inject_probes(InputFile{"d.json", kubectl_json}, tcp("liveness", {"nginx", "side"}));
    CHECK(r.text == R"({
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web"
    },
    "spec": {
        "template": {
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "resources": {},
                        "livenessProbe": {
                            "tcpSocket": {
                                "port": 80
                            }
                        }
                    },
                    {"name": "side", "image": "busybox", "livenessProbe": {"tcpSocket": {"port": 80}}}
                ]
            }
        }
    }
}
)");
    CHECK(Json::parse(r.text)["spec"]["template"]["spec"]["containers"][1]["livenessProbe"] ==
          Json::parse(R"({"tcpSocket": {"port": 80}})"));
}

TEST_CASE("JSON manifests: replace and remove restore the input byte for byte", "[inject][json]") {
    auto added = inject_probes(InputFile{"d.json", kubectl_json}, tcp("readiness", {"nginx"}));
    InjectOptions over = tcp("readiness", {"nginx"});
    over.probes[0].probe["tcpSocket"]["port"] = 81;
    over.overwrite = true;
    auto replaced = inject_probes(InputFile{"d.json", added.text}, over);
    CHECK(replaced.changes.at(0).action == "replaced");
    CHECK(replaced.text.find("\"port\": 81\n") != std::string::npos);
    InjectOptions remove;
    remove.remove = {ProbeKind::readiness};
    remove.containers = {"nginx"};
    CHECK(inject_probes(InputFile{"d.json", replaced.text}, remove).text == kubectl_json);
    // A member that is not the last one, and the first one.
    std::string one_line = R"({"kind": "Pod", "spec": {"containers": [{"readinessProbe": )"
                           R"({"exec": {"command": ["x"]}}, "name": "a"}]}})";
    remove.containers = {"a"};
    auto removed = inject_probes(InputFile{"p.json", one_line}, remove);
    CHECK(removed.text == R"({"kind": "Pod", "spec": {"containers": [{"name": "a"}]}})");
}

TEST_CASE("JSON manifests: CRLF and minified layouts", "[inject][json]") {
    std::string crlf = "{\r\n  \"kind\": \"Pod\",\r\n  \"spec\": {\r\n    \"containers\": [\r\n"
                       "      {\r\n        \"name\": \"a\"\r\n      }\r\n    ]\r\n  }\r\n}\r\n";
    auto r = inject_probes(InputFile{"p.json", crlf}, tcp("liveness", {"a"}));
    CHECK(r.text == "{\r\n  \"kind\": \"Pod\",\r\n  \"spec\": {\r\n    \"containers\": [\r\n"
                    "      {\r\n        \"name\": \"a\",\r\n        \"livenessProbe\": {\r\n"
                    "          \"tcpSocket\": {\r\n            \"port\": 80\r\n          }\r\n"
                    "        }\r\n      }\r\n    ]\r\n  }\r\n}\r\n");
    std::string minified = R"({"kind":"Pod","spec":{"containers":[{"name":"a"}]}})";
    CHECK(
        inject_probes(InputFile{"p.json", minified}, tcp("liveness", {"a"})).text ==
        R"({"kind":"Pod","spec":{"containers":[{"name":"a","livenessProbe":{"tcpSocket":{"port":80}}}]}})");
}

TEST_CASE("JSON manifests: a UTF-8 byte-order mark and a one-member object", "[inject][json]") {
    std::string json = R"({"kind": "Pod", "spec": {"containers": [{"name": "a"}]}})";
    auto r = inject_probes(InputFile{"p.json", "\xEF\xBB\xBF" + json}, tcp("liveness", {"a"}));
    CHECK(r.text == "\xEF\xBB\xBF"
                    R"({"kind": "Pod", "spec": {"containers": [{"name": "a", )"
                    R"("livenessProbe": {"tcpSocket": {"port": 80}}}]}})");
    CHECK(r.encoding == TextEncoding::utf8_bom);
}

TEST_CASE("scan_json_object refuses what is not strict JSON", "[inject][json]") {
    CHECK(scan_json_object(R"({"a": [1, {"b": "}"}], "c": null})", 0)->members.size() == 2);
    CHECK_FALSE(scan_json_object("{a: 1}", 0));           // YAML flow key
    CHECK_FALSE(scan_json_object("{\"a\": 'x'}", 0));     // single quotes
    CHECK_FALSE(scan_json_object("{\"a\": 1,}", 0));      // trailing comma
    CHECK_FALSE(scan_json_object("{\"a\": 1 # c\n}", 0)); // comment
    CHECK_FALSE(scan_json_object("{\"a\": [1, 2}", 0));   // unbalanced
    CHECK_FALSE(scan_json_object(std::string(2000, '['), 0));
}

TEST_CASE("flow-style YAML: a no-op when the probe is there, refused when an edit is needed",
          "[inject]") {
    std::string flow = "kind: Pod\nspec:\n  containers: [{name: app, livenessProbe: {tcpSocket: "
                       "{port: 80}}}]\n";
    auto same = inject_probes(InputFile{"f.yaml", flow}, tcp("liveness", {"app"}));
    CHECK(same.text == flow);
    CHECK(same.changes.at(0).action == "unchanged");
    InjectOptions other = tcp("liveness", {"app"});
    other.probes[0].probe["tcpSocket"]["port"] = 81;
    auto kept = inject_probes(InputFile{"f.yaml", flow}, other);
    CHECK(kept.text == flow);
    CHECK(kept.changes.at(0).action == "kept");
    other.overwrite = true;
    CHECK_THROWS_AS(inject_probes(InputFile{"f.yaml", flow}, other), Error);
}

TEST_CASE("UTF-16 with a byte-order mark: read as kubectl reads it, written back in UTF-16",
          "[inject][encoding]") {
    std::string yaml = "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: x\n";
    for (bool le : {true, false}) {
        INFO(le);
        std::string raw = utf16(yaml, le);
        auto decoded = decode_input(InputFile{"u.yaml", raw});
        CHECK(decoded.file.content == yaml);
        CHECK(decoded.encoding == (le ? TextEncoding::utf16le : TextEncoding::utf16be));
        auto r = inject_probes(InputFile{"u.yaml", raw}, tcp("liveness", {"a"}));
        CHECK(r.encoding == decoded.encoding);
        CHECK(decode_input(InputFile{"o", r.text}).file.content ==
              yaml + "    livenessProbe:\n      tcpSocket:\n        port: 80\n");
        CHECK(r.text.substr(0, 2) == raw.substr(0, 2));
        // Nothing to change: the bytes as they were.
        auto same = inject_probes(InputFile{"u.yaml", raw}, tcp("liveness", {"b"}));
        CHECK(same.text == raw);
        LintReport report;
        lint_manifest(InputFile{"u.yaml", raw}, LintOptions{}, report);
        CHECK(report.objects == 1);
    }
    // Non-ASCII survives the round trip (a surrogate pair, U+1F600).
    std::string emoji = "# \xF0\x9F\x98\x80\n";
    CHECK(decode_input(InputFile{"e", encode_text(emoji, TextEncoding::utf16le)}).file.content ==
          emoji);
    CHECK_THROWS_AS(decode_input(InputFile{"odd", std::string("\xFF\xFE\x41", 3)}), Error);
    CHECK_THROWS_AS(decode_input(InputFile{"lone", std::string("\xFF\xFE\x00\xD8", 4)}), Error);
}

TEST_CASE("run_inject: files without workloads pass through, JSON in a directory, -o json",
          "[inject][run]") {
    auto dir =
        std::filesystem::temp_directory_path() / ("corral-inject-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n";
    write_file(dir / "a.json", kubectl_json);
    write_file(dir / "b.yaml", service);

    InjectRequest request;
    request.files = {(dir / "b.yaml").string()};
    request.all_containers = true;
    request.probe.kind = "liveness";
    request.probe.handler = "tcp";
    request.probe.port = "80";
    auto only_service = run_inject(request);
    CHECK(only_service.output == service);
    REQUIRE(only_service.messages.size() == 1);
    CHECK(only_service.messages[0].text.find("no workload") != std::string::npos);

    // A directory with a JSON and a YAML file, rewritten in place.
    request.files = {dir.string()};
    request.in_place = true;
    auto in_place = run_inject(request);
    CHECK(in_place.rewritten == std::vector<std::string>{(dir / "a.json").string()});
    CHECK(read_file(dir / "b.yaml") == service);
    Json edited = Json::parse(read_file(dir / "a.json"));
    CHECK(edited["spec"]["template"]["spec"]["containers"][1].contains("livenessProbe"));

    // -o json: one List of every object, whatever the number of inputs.
    request.in_place = false;
    request.json_output = true;
    Json list = Json::parse(run_inject(request).output);
    CHECK(list["kind"] == "List");
    CHECK(list["items"].size() == 2);
    CHECK(list["items"][1]["kind"] == "Service");
    request.files = {(dir / "b.yaml").string()};
    CHECK(Json::parse(run_inject(request).output)["items"].size() == 1);
    request.in_place = true;
    CHECK_THROWS_AS(run_inject(request), Error);

    // Workloads, but no container of that name: a check failure.
    request = InjectRequest{};
    request.files = {dir.string()};
    request.containers = {"nope"};
    request.probe.kind = "liveness";
    request.probe.handler = "tcp";
    request.probe.port = "80";
    CHECK_THROWS_AS(run_inject(request), Error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("inject_probes_text: a view in, released behind, the same result", "[inject][run]") {
    std::vector<std::size_t> offsets;
    auto release = [&](std::size_t offset) { offsets.push_back(offset); };
    InjectResult viewed =
        inject_probes_text("d.json", kubectl_json, tcp("liveness", {"side"}), release);
    InjectResult copied =
        inject_probes(InputFile{"d.json", kubectl_json}, tcp("liveness", {"side"}));
    CHECK(viewed.changed);
    CHECK(viewed.text == copied.text);
    CHECK(viewed.text != kubectl_json);
    REQUIRE(!offsets.empty());
    CHECK(offsets.back() == kubectl_json.size()); // the splice gives the text back to its end
    // Nothing to do: no copy of the input, changed false; inject_probes fills the bytes in.
    InjectResult none = inject_probes_text("d.json", kubectl_json, tcp("liveness", {"nope"}));
    CHECK(!none.changed);
    CHECK(none.text.empty());
    CHECK(inject_probes(InputFile{"d.json", kubectl_json}, tcp("liveness", {"nope"})).text ==
          kubectl_json);
}

TEST_CASE("run_inject: inputs written as they come, nothing out before all succeeded",
          "[inject][run]") {
    auto dir = std::filesystem::temp_directory_path() /
               ("corral-inject-stream-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
                            "  containers:\n  - name: side\n    image: x\n";
    // A flow-style container that needs an edit is refused (file:line), after a.json was done.
    const std::string flow = "apiVersion: v1\nkind: Pod\nmetadata: {name: f}\n"
                             "spec: {containers: [{name: side, image: x}]}\n";
    write_file(dir / "a.json", kubectl_json);
    write_file(dir / "b.yaml", pod);
    InjectRequest request;
    request.files = {(dir / "a.json").string(), (dir / "b.yaml").string()};
    request.containers = {"side"};
    request.probe.kind = "liveness";
    request.probe.handler = "tcp";
    request.probe.port = "80";
    // Joined as one YAML stream that does not start as JSON, each part as inject_probes gives it.
    std::string joined = run_inject(request).output;
    std::string a =
        inject_probes(InputFile{"a.json", kubectl_json}, tcp("liveness", {"side"})).text;
    std::string b = inject_probes(InputFile{"b.yaml", pod}, tcp("liveness", {"side"})).text;
    CHECK(joined == "---\n" + a + "---\n" + b);

    write_file(dir / "c.yaml", flow);
    request.files = {dir.string()};
    request.in_place = true;
    CHECK_THROWS_AS(run_inject(request), Error);
    CHECK(read_file(dir / "a.json") == kubectl_json); // staged, never renamed
    CHECK(read_file(dir / "b.yaml") == pod);
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
        ++entries;
    }
    CHECK(entries == 3); // no temporary file left behind
    request.in_place = false;
    CHECK_THROWS_AS(run_inject(request), Error);
    std::filesystem::remove_all(dir);
}
