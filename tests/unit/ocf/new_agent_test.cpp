// `ocf new` request -> spec merging (flags over a YAML spec), --out creation, -q, and the
// generated reload-agent / systemd stop (issue 13); `ocf install`'s directory chain (issue 15).
#include "core/error.hpp"
#include "ocf/agent_runner.hpp"
#include "ocf/generate.hpp"
#include "ocf/install.hpp"
#include "ocf/new_agent.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <pwd.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace corral;
using namespace corral::ocf;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        char tmpl[] = "/tmp/corral-unit-ocf-XXXXXX";
        REQUIRE(::mkdtemp(tmpl) != nullptr);
        path = tmpl;
    }
    ~TempDir() { [[maybe_unused]] int rc = std::system(("rm -rf '" + path + "'").c_str()); }
    std::string write(const std::string& name, const std::string& text) const {
        std::string p = path + "/" + name;
        std::ofstream(p) << text;
        return p;
    }
};

std::string read(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("ocf new: flags override a --from spec, switches only add, params append", "[ocf][new]") {
    TempDir t;
    std::string yaml = t.write("spec.yaml", "name: fromyaml\nprovider: acme\nexec: sleep 100\n"
                                            "promotable: true\ntimeouts:\n  start: 30\n"
                                            "params:\n  - port:integer=80\n");
    NewRequest r;
    r.from = yaml;
    r.name = "fromflags";
    r.exec = "sleep 200";
    r.notify = true;
    r.timeouts = {"start=40", "stop=7"};
    r.params = {"extra=x"};
    AgentSpec s = build_agent_spec(r);
    CHECK(s.name == "fromflags");
    CHECK(s.provider == "acme");
    CHECK(s.exec == "sleep 200");
    CHECK(s.promotable); // from the spec, not switched off by an absent flag
    CHECK(s.notify);     // from the flag
    CHECK(s.timeouts.at("start") == 40);
    CHECK(s.timeouts.at("stop") == 7);
    REQUIRE(s.params.size() == 2);
    CHECK(s.params[0].name == "port");
    CHECK(s.params[1].name == "extra");
    CHECK(s.ocf_version == "1.0");

    NewRequest empty_flag;
    empty_flag.from = yaml;
    empty_flag.name = ""; // an empty flag value keeps the spec's
    CHECK(build_agent_spec(empty_flag).name == "fromyaml");
}

TEST_CASE("ocf new: errors name the spec file (exit 3) or the flag (exit 2)", "[ocf][new]") {
    TempDir t;
    NewRequest r;
    r.from = t.write("bad.yaml", "name: x\nprovider: acme\nexec: a\nsystemd: b.service\n");
    try {
        build_agent_spec(r);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 3);
        CHECK(e.file() == r.from);
    }
    NewRequest f;
    f.name = "x";
    f.provider = "acme";
    f.params = {"p,reloadable"};
    try {
        build_agent_spec(f);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 2);
        CHECK(std::string(e.what()).find("add --reload") != std::string::npos);
    }
}

TEST_CASE("ocf new: --out is created, -q leaves out the next steps", "[ocf][new]") {
    TempDir t;
    NewRequest r;
    r.name = "agent";
    r.provider = "acme";
    r.out = t.path + "/a/b/c";
    Report res = run_new(r);
    std::string path = res.data["path"];
    CHECK(path == t.path + "/a/b/c/agent");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0755);
    CHECK(res.text.find("next steps:") != std::string::npos);
    r.force = true;
    r.quiet = true;
    res = run_new(r);
    CHECK(res.text == "wrote " + path + " (state agent, OCF 1.0)\n");
    CHECK(res.data["test"] == "corral ocf test " + path); // JSON keeps every field

    NewRequest file_out = r;
    file_out.out = path; // a file, not a directory
    CHECK_THROWS_AS(run_new(file_out), Error);
}

TEST_CASE("generated reload-agent applies what it declares reloadable", "[ocf][new]") {
    AgentSpec daemon;
    daemon.name = "web";
    daemon.provider = "acme";
    daemon.exec = "srv --port $OCF_RESKEY_port";
    daemon.reload = true;
    daemon.params = {parse_param_spec("port:integer=80,reloadable")};
    finalize_spec(daemon);
    std::string text = generate_agent(daemon);
    std::size_t fn = text.find("agent_reload_agent() {");
    REQUIRE(fn != std::string::npos);
    std::string body = text.substr(fn, text.find("\n}\n", fn) - fn);
    // The daemon reads the port only when it starts: reload-agent restarts it.
    CHECK(body.find("service_stop \"$grace\"") != std::string::npos);
    CHECK(body.find("agent_start\n") != std::string::npos);
    CHECK(body.find("port=$OCF_RESKEY_port") != std::string::npos);

    AgentSpec state = daemon;
    state.exec.clear();
    std::string st = generate_agent(state);
    std::size_t sfn = st.find("agent_reload_agent() {");
    std::string sbody = st.substr(sfn, st.find("\n}\n", sfn) - sfn);
    CHECK(sbody.find("service_stop") == std::string::npos); // nothing runs with the parameters
}

TEST_CASE("generated systemd stop checks the unit's state first", "[ocf][new]") {
    AgentSpec s;
    s.name = "unit";
    s.provider = "acme";
    s.systemd = "demo.service";
    finalize_spec(s);
    std::string text = generate_agent(s);
    std::size_t fn = text.find("service_stop() {");
    REQUIRE(fn != std::string::npos);
    std::string body = text.substr(fn, text.find("\n}\n", fn) - fn);
    std::size_t state = body.find("systemctl is-active");
    std::size_t stop = body.find("systemctl stop");
    REQUIRE(state != std::string::npos);
    REQUIRE(stop != std::string::npos);
    CHECK(state < stop);
}

TEST_CASE("unsearchable_directory names the directory that stops a user", "[ocf][test]") {
    TempDir t;
    std::string dir = t.path + "/private";
    REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
    std::string agent = t.write("private/agent", "#!/bin/sh\n");
    REQUIRE(::chmod(t.path.c_str(), 0755) == 0);
    // uid/gid that own nothing here: only the "other" bits count.
    CHECK(unsearchable_directory(agent, 65534, 65534) == dir + " (mode 0700)");
    REQUIRE(::chmod(dir.c_str(), 0711) == 0);
    CHECK(unsearchable_directory(agent, 65534, 65534).empty());
    // The owner's bits count for the owner.
    REQUIRE(::chmod(dir.c_str(), 0700) == 0);
    CHECK(unsearchable_directory(agent, ::geteuid(), 65534).empty());
}

TEST_CASE("missing_library_hint names a missing ocf-shellfuncs", "[ocf][test]") {
    TempDir t;
    ::setenv("OCF_ROOT", t.path.c_str(), 1);
    std::string hint = missing_library_hint("agent: 18: .: cannot open " + t.path +
                                            "/lib/heartbeat/ocf-shellfuncs: No such file");
    ::unsetenv("OCF_ROOT");
    CHECK(hint.find(t.path + "/lib/heartbeat/ocf-shellfuncs does not exist") == 0);
    CHECK(hint.find("OCF_ROOT=" + t.path) != std::string::npos);
    CHECK(missing_library_hint("some other failure").empty());
}

TEST_CASE("ocf install walks the directory chain without following foreign links",
          "[ocf][install]") {
    TempDir t;
    std::string agent = t.write("agent", "#!/bin/sh\nexit 0\n");
    std::string root = t.path + "/root";
    REQUIRE(::mkdir(root.c_str(), 0755) == 0);
    InstallOptions o;
    o.agent = agent;
    o.provider = "acme";
    o.root = root;
    CHECK(install_agent(o) == root + "/resource.d/acme/agent");
    CHECK(read(root + "/resource.d/acme/agent") == "#!/bin/sh\nexit 0\n");

    // A dangling symbolic link at the target is an existing entry: --force is needed.
    REQUIRE(::symlink("/nonexistent/target", (root + "/resource.d/acme/dangling").c_str()) == 0);
    InstallOptions d = o;
    d.agent = t.write("dangling", "#!/bin/sh\n");
    CHECK_THROWS_WITH(install_agent(d), Catch::Contains("a symbolic link exists; use --force"));
    d.force = true;
    install_agent(d);
    struct stat st {};
    REQUIRE(::lstat((root + "/resource.d/acme/dangling").c_str(), &st) == 0);
    CHECK(S_ISREG(st.st_mode)); // the link itself was replaced, nothing written through it

    // A provider directory that is a link we own (or root owns) is followed.
    std::string elsewhere = t.path + "/elsewhere";
    REQUIRE(::mkdir(elsewhere.c_str(), 0755) == 0);
    REQUIRE(::symlink(elsewhere.c_str(), (root + "/resource.d/linked").c_str()) == 0);
    InstallOptions l = o;
    l.provider = "linked";
    install_agent(l);
    CHECK(read(elsewhere + "/agent") == "#!/bin/sh\nexit 0\n");

    // A link owned by another user is refused (needs root to chown a link).
    if (::geteuid() == 0) {
        std::string trap = t.path + "/trap";
        REQUIRE(::mkdir(trap.c_str(), 0755) == 0);
        std::string link = root + "/resource.d/evil";
        REQUIRE(::symlink(trap.c_str(), link.c_str()) == 0);
        REQUIRE(::lchown(link.c_str(), 65534, 65534) == 0);
        InstallOptions e = o;
        e.provider = "evil";
        CHECK_THROWS_WITH(install_agent(e), Catch::Contains("owned by uid 65534, not root"));
        CHECK(::access((trap + "/agent").c_str(), F_OK) != 0);
    }
    // hacluster (Pacemaker's controller) must reach the agent.
    if (::getpwnam("hacluster") != nullptr) {
        REQUIRE(::chmod(t.path.c_str(), 0755) == 0);
        CHECK(hacluster_reach_warning(root + "/resource.d/acme/agent").empty() ==
              unsearchable_directory(root, ::getpwnam("hacluster")->pw_uid,
                                     ::getpwnam("hacluster")->pw_gid)
                  .empty());
        REQUIRE(::chmod(root.c_str(), 0700) == 0);
        CHECK_THAT(hacluster_reach_warning(root + "/resource.d/acme/agent"),
                   Catch::Contains("directory " + root + " (mode 0700)"));
        REQUIRE(::chmod(root.c_str(), 0755) == 0);
    }
    // No temporary file is left anywhere.
    CHECK(std::system(("test -z \"$(find '" + root + "' -name '.*corral-*')\"").c_str()) == 0);
}
