#include "core/error.hpp"
#include "core/output.hpp"

#include <catch2/catch.hpp>

using namespace corral;

TEST_CASE("yaml scalars that YAML 1.1 would misread are quoted", "[output][yaml]") {
    // Each of these changes type when written bare (research/cli.md §6, SPEC §0).
    for (const char* s :
         {"on",   "off",   "yes",  "no",         "y",     "n",   "true", "False", "null",
          "~",    "8080",  "0755", "0x1F",       "1e3",   "1.5", ".5",   "-1",    "+1",
          ".inf", "-.inf", ".nan", "2001-12-14", "12:30", "",    "<<",   "="}) {
        INFO(s);
        CHECK(yaml_needs_quotes(s));
    }
    for (const char* s : {"web", "nginx:1.25", "/healthz", "a b", "http", "liveness", "x-y",
                          "ON-call", "onion", "no-op", "v1", "Content-Type"}) {
        INFO(s);
        CHECK_FALSE(yaml_needs_quotes(s));
    }
}

TEST_CASE("yaml scalars with indicators or control characters are escaped", "[output][yaml]") {
    CHECK(yaml_scalar("- item") == "\"- item\"");
    CHECK(yaml_scalar("a: b") == "\"a: b\"");
    CHECK(yaml_scalar("a #b") == "\"a #b\"");
    CHECK(yaml_scalar("line1\nline2") == "\"line1\\nline2\"");
    CHECK(yaml_scalar("say \"hi\"") == "say \"hi\"");
    CHECK(yaml_scalar("\"hi\"") == "\"\\\"hi\\\"\"");
    CHECK(yaml_scalar("trailing ") == "\"trailing \"");
    CHECK(yaml_scalar(std::string("\x01", 1)) == "\"\\x01\"");
}

TEST_CASE("to_yaml writes block style with stable key order", "[output][yaml]") {
    Json v;
    v["name"] = "web";
    v["port"] = 8080;
    v["portName"] = "8080";
    v["enabled"] = true;
    v["tags"] = Json::array({"on", "b"});
    v["empty"] = Json::object();
    v["none"] = Json::array();
    v["items"] = Json::array({Json{{"a", 1}, {"b", Json{{"c", "d"}}}}});
    CHECK(to_yaml(v) == "name: web\n"
                        "port: 8080\n"
                        "portName: \"8080\"\n"
                        "enabled: true\n"
                        "tags:\n"
                        "- \"on\"\n"
                        "- b\n"
                        "empty: {}\n"
                        "none: []\n"
                        "items:\n"
                        "- a: 1\n"
                        "  b:\n"
                        "    c: d\n");
}

TEST_CASE("json output is one indented document", "[output][json]") {
    Json v;
    v["b"] = 1;
    v["a"] = "x";
    CHECK(to_json(v) == "{\n  \"b\": 1,\n  \"a\": \"x\"\n}\n");
    CHECK(to_json_line(v) == "{\"b\":1,\"a\":\"x\"}\n");
}

TEST_CASE("format_decimal removes float drift", "[output]") {
    CHECK(format_decimal(8.40000000000185) == "8.4");
    CHECK(format_decimal(2.0) == "2");
    CHECK(format_decimal(0.0005) == "0.001"); // half away from zero
    CHECK(format_decimal(-0.0005) == "-0.001");
    CHECK(format_decimal(0.0004) == "0");
    CHECK(format_decimal(1024) == "1024");
    CHECK(format_decimal(1.25, 1) == "1.3");
}

TEST_CASE("tables align columns and trim trailing space", "[output][table]") {
    Table t({"NAME", "CPUS", "ROLE"});
    t.align_right(1);
    t.add_row({"agent-1", "8.4", "*"});
    t.add_row({"a2", "16", ""});
    CHECK(t.render() == "NAME     CPUS  ROLE\n"
                        "agent-1   8.4  *\n"
                        "a2         16\n");
}

TEST_CASE("output formats parse with suggestions", "[output]") {
    CHECK(parse_format("json") == Format::json);
    CHECK(parse_format("yaml") == Format::yaml);
    try {
        parse_format("jsn");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 2);
        CHECK(std::string(e.what()).find("did you mean 'json'") != std::string::npos);
    }
}

TEST_CASE("errors format as one line with location and field", "[error]") {
    Error e = Error::input("must be 1");
    e.at("deploy.yaml", 12, 7).field("spec.replicas");
    CHECK(std::string(e.what()) == "deploy.yaml:12:7: spec.replicas: must be 1");
    CHECK(e.exit_code() == 3);
    CHECK(Error::remote("x").exit_code() == 4);
    CHECK(Error::usage("x").exit_code() == 2);
    CHECK(Error::check("x").exit_code() == 1);
    CHECK(Error::internal("x").exit_code() == 5);
    CHECK(std::string(Error::input("a\nb").what()) == "a b");
}

TEST_CASE("did_you_mean picks the closest name", "[error]") {
    std::vector<std::string> names{"ocf", "probe", "sched", "mesos", "notify"};
    CHECK(did_you_mean("prob", names) == "probe");
    CHECK(did_you_mean("mesoss", names) == "mesos");
    CHECK(did_you_mean("kubernetes", names).empty());
    CHECK(edit_distance("kitten", "sitting") == 3);
}
