// `ocf new` inputs: the --param grammar 'name[:type][=default][,required][,unique][,reloadable]'
// (SPEC §1) and the whole-spec checks of issue 3 ("Bad input").
#include "core/error.hpp"
#include "core/strings.hpp"
#include "ocf/agent_spec.hpp"
#include "ocf/generate.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::ocf;

TEST_CASE("param spec grammar (--param)", "[ocf][new]") {
    struct Row {
        const char* text;
        const char* name;
        const char* type;
        const char* default_value; // nullptr: none
        bool required, unique, reloadable;
    };
    const Row rows[] = {
        {"port", "port", "string", nullptr, false, false, false},
        {"port:integer", "port", "integer", nullptr, false, false, false},
        {"port:integer=8080", "port", "integer", "8080", false, false, false},
        {"port:integer=8080,unique", "port", "integer", "8080", false, true, false},
        {"conf:file,required", "conf", "file", nullptr, true, false, false},
        {"conf:file,required,unique", "conf", "file", nullptr, true, true, false},
        {"name=a,b,c", "name", "string", "a,b,c", false, false, false}, // commas in a default
        {"name=a,b,unique", "name", "string", "a,b", false, true, false},
        {"opts=", "opts", "string", "", false, false, false},
        {"level:select(low|high)=low,reloadable", "level", "select", "low", false, false, true},
        {"flag:boolean=yes", "flag", "boolean", "yes", false, false, false},
        {" spaced : integer =1", "spaced", "integer", "1", false, false, false},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        ParamSpec p = parse_param_spec(r.text);
        CHECK(p.name == r.name);
        CHECK(p.type == r.type);
        CHECK(p.default_value.has_value() == (r.default_value != nullptr));
        if (r.default_value != nullptr && p.default_value) {
            CHECK(*p.default_value == r.default_value);
        }
        CHECK(p.required == r.required);
        CHECK(p.unique == r.unique);
        CHECK(p.reloadable == r.reloadable);
    }
    ParamSpec s = parse_param_spec("m:select(a | b|c)=b");
    CHECK(s.options == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("param specs that are refused (exit 2)", "[ocf][new]") {
    const char* bad[] = {
        "1abc",                      // not a shell identifier
        "my-param",                  //
        "",                          //
        "port:int",                  // unknown type
        "port:integer=eighty",       // default not an integer
        "flag:boolean=maybe",        //
        "dir:path=relative/dir",     // path defaults are absolute
        "m:select",                  // select without options
        "m:select(a|b)=c",           // default not an option
        "m:select(a|)",              // empty option
        "m:string(a|b)",             // only select takes options
        "m:select(a|b",              // unbalanced
        "conf:file=/etc/x,required", // a required parameter's default is never used
        "port,requird",              // unknown flag
        "CRM_meta_timeout",          // reserved
        "pidfile",                   // the agent's own
        "x=\x01",                    // control character
    };
    for (const char* text : bad) {
        INFO(text);
        try {
            parse_param_spec(text);
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.exit_code() == 2);
        }
    }
    CHECK_THROWS_WITH(parse_param_spec("port,requird"), Catch::Contains("did you mean 'required'"));
}

TEST_CASE("whole-spec checks", "[ocf][new]") {
    auto base = [] {
        AgentSpec s;
        s.name = "web";
        s.provider = "acme";
        return s;
    };
    AgentSpec ok = base();
    finalize_spec(ok);
    CHECK(ok.ocf_version == "1.0");
    CHECK(ok.mode() == "state");

    AgentSpec r = base();
    r.reload = true;
    finalize_spec(r);
    CHECK(r.ocf_version == "1.1"); // reload-agent is OCF 1.1

    auto refused = [](AgentSpec s, const char* what) {
        INFO(what);
        CHECK_THROWS_AS(finalize_spec(s), Error);
    };
    AgentSpec s = base();
    s.provider = "acme/x";
    refused(s, "provider with a slash");
    s = base();
    s.name = "../x";
    refused(s, "name with a slash");
    s = base();
    s.exec = "sleep 1";
    s.pidfile = "run/x.pid";
    refused(s, "relative pid file");
    s = base();
    s.exec = "sleep 1";
    s.systemd = "x.service";
    refused(s, "exec and systemd");
    s = base();
    s.params = {parse_param_spec("a"), parse_param_spec("a:integer")};
    refused(s, "duplicate parameter");
    s = base();
    s.reload = true;
    s.ocf_version = "1.0";
    refused(s, "reload with 1.0");
    s = base();
    s.params = {parse_param_spec("a,reloadable")};
    refused(s, "reloadable without --reload");
    s = base();
    s.pidfile = "/run/x.pid";
    refused(s, "pidfile without exec");

    CHECK(parse_timeout_spec("start=30") == std::pair<std::string, int>{"start", 30});
    CHECK(parse_timeout_spec("stop=20s") == std::pair<std::string, int>{"stop", 20});
    CHECK_THROWS_WITH(parse_timeout_spec("strat=30"), Catch::Contains("did you mean 'start'"));
    CHECK_THROWS_AS(parse_timeout_spec("start=0"), Error);
    CHECK_THROWS_AS(parse_timeout_spec("start"), Error);
}

TEST_CASE("template engine", "[ocf][new]") {
    CHECK(render_template("a\n#%if X\nb @@V@@\n#%else\nc\n#%endif\n#%# note\nd\n", {"X"},
                          {{"V", "v"}}) == "a\nb v\nd\n");
    CHECK(render_template("#%if !X\nno\n#%endif\n#%if Y\n#%if X\nboth\n#%endif\n#%endif\n", {},
                          {}) == "no\n");
    CHECK_THROWS_AS(render_template("@@MISSING@@\n", {}, {}), Error);
    CHECK_THROWS_AS(render_template("#%if X\n", {}, {}), Error);
    CHECK_THROWS_AS(render_template("#%bogus\n", {}, {}), Error);
}

TEST_CASE("quoting for the generated shell and XML", "[ocf][new]") {
    CHECK(shell_quote("it's") == "'it'\\''s'");
    CHECK(xml_escape("a<b&\"c\">") == "a&lt;b&amp;&quot;c&quot;&gt;");
    CHECK(heredoc_escape("$HOME `x` \\") == "\\$HOME \\`x\\` \\\\");
}

TEST_CASE("every mode renders without leftovers", "[ocf][new]") {
    for (int mask = 0; mask < 64; ++mask) {
        AgentSpec s;
        s.name = "a";
        s.provider = "p";
        if ((mask & 1) != 0) {
            s.exec = "sleep 1000 '$x'";
            s.user = "nobody";
        } else if ((mask & 2) != 0) {
            s.systemd = "x.service";
        }
        s.promotable = (mask & 4) != 0;
        s.notify = (mask & 8) != 0;
        s.reload = (mask & 16) != 0;
        s.migrate = (mask & 32) != 0;
        s.health_cmd = (mask & 1) != 0 ? "true" : "";
        s.params = {parse_param_spec("port:integer=80"), parse_param_spec("m:select(a|b)=a")};
        finalize_spec(s);
        std::string script = generate_agent(s);
        INFO(mask);
        CHECK(script.rfind("#!/bin/sh\n", 0) == 0);
        CHECK(script.find("@@") == std::string::npos);
        CHECK(script.find("\n#%") == std::string::npos);
        CHECK((script.find("<!DOCTYPE") != std::string::npos) == !s.reload);
    }
}
