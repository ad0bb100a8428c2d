// Restates apache/mesos src/tests/resources_tests.cpp parsing cases (ResourcesTest.Parsing,
// ParsingWithRoles, ParseError, ParsingFromJSON, ParsingFromJSONWithRoles, ParsingFromJSONError,
// PrecisionLost, PrecisionRounding, VerySmallValue, AbsentResources) as table tests; the rows
// marked "derived" come from reading src/common/resources.cpp.
#include "mesos/resources.hpp"

#include <catch2/catch.hpp>

using namespace corral::mesos;

namespace {

// A compact rendering to compare against: "name(role):value" joined by ";".
std::string show(const std::vector<Resource>& resources) {
    std::string s;
    for (const auto& r : resources) {
        if (!s.empty()) {
            s += ";";
        }
        s += r.name;
        if (r.reserved()) {
            s += "(" + r.role() + ")";
        }
        s += ":" + format_resource_value(r);
    }
    return s;
}

std::string error_of(const std::string& text, const std::string& role = "*") {
    try {
        parse_resources(text, role);
    } catch (const corral::Error& e) {
        return e.message(); // Mesos' words, before the one-line formatting of what()
    }
    return "";
}

} // namespace

TEST_CASE("text resources parse and normalize", "[mesos][resources]") {
    struct Row {
        const char* test;
        const char* input;
        const char* default_role;
        const char* expected;
    };
    for (Row row : {
             Row{"Parsing", "cpus:45.55;ports:[10000-20000, 30000-50000];disks:{sda1}", "*",
                 "cpus:45.55;ports:[10000-20000, 30000-50000];disks:{sda1}"},
             Row{"ParsingWithRoles", "cpus(role1):2;mem(role1):3", "*",
                 "cpus(role1):2;mem(role1):3"},
             Row{"ParsingWithRoles", "cpus(role1):2.5;ports(role2):[0-100]", "*",
                 "cpus(role1):2.5;ports(role2):[0-100]"},
             Row{"ParsingWithRoles (default role)", "cpus:2.5;ports(role2):[0-100]", "role1",
                 "cpus(role1):2.5;ports(role2):[0-100]"},
             Row{"PrecisionLost", "cpus:1.5011", "*", "cpus:1.501"},
             Row{"PrecisionRounding", "cpus:1.5015", "*", "cpus:1.502"},
             Row{"AbsentResources", "gpus:0", "*", ""},
             // derived
             Row{"same name adds up", "cpus:1;cpus:2", "*", "cpus:3"},
             Row{"fixed-point addition", "cpus:1.5015;cpus:1.5015", "*", "cpus:3.004"},
             Row{"roles do not merge", "cpus:1;cpus(a):2;cpus(a):1", "*", "cpus:1;cpus(a):3"},
             Row{"ranges merge", "ports:[1-2];ports:[3-5,10-11]", "*", "ports:[1-5, 10-11]"},
             Row{"sets union", "d:{a,b};d:{b,c}", "*", "d:{a, b, c}"},
             Row{"empty tokens ignored", ";cpus:1;;", "*", "cpus:1"},
             Row{"spaces removed from values, names trimmed", " cpus : 1 ;mem: 2 5", "*",
                 "cpus:1;mem:25"},
             Row{"empty colon token dropped by tokenize", "cpus::1", "*", "cpus:1"},
             Row{"role trimmed", "cpus( web ):1", "*", "cpus(web):1"},
             Row{"comma is part of the role", "cpus(r,p):1", "*", "cpus(r,p):1"},
             Row{"star role is unreserved", "cpus(*):1", "role1", "cpus:1"},
             Row{"hierarchical role", "cpus(eng/dev):1", "*", "cpus(eng/dev):1"},
             Row{"empty set and ranges vanish", "d:{};p:[]", "*", ""},
             Row{"zero then ranges of another type", "foo:0;foo:[1-2]", "*", "foo:[1-2]"},
             Row{"very small value rounding up", "cpus:0.0005", "*", "cpus:0.001"},
         }) {
        CAPTURE(row.test, row.input);
        CHECK(show(parse_resources(row.input, row.default_role)) == row.expected);
    }
}

TEST_CASE("text resources errors", "[mesos][resources]") {
    struct Row {
        const char* test;
        const char* input;
        const char* message;
    };
    for (Row row : {
             Row{"ParseError missing colon", "cpus(role1)",
                 "Bad value for resources, missing or extra ':' in cpus(role1)"},
             Row{"ParseError mismatched parentheses", "cpus(role1:1",
                 "Bad value for resources, mismatched parentheses in cpus(role1:1"},
             Row{"ParseError mismatched parentheses", "cpus)(role1:1",
                 "Bad value for resources, mismatched parentheses in cpus)(role1:1"},
             Row{"ParseError same name different types", "foo(role1):1;foo(role2):[0-1]",
                 "Resources with the same name ('foo') but different types are not allowed"},
             Row{"VerySmallValue", "cpus:0.00001",
                 "Invalid scalar resource: value <= 0 (resource 'cpus:0.00001')"},
             // derived
             Row{"negative is TEXT", "cpus:-1", "Bad type for resource cpus value -1 type TEXT"},
             Row{"word is TEXT", "cpus:many", "Bad type for resource cpus value many type TEXT"},
             Row{"extra colon", "cpus:1:2",
                 "Bad value for resources, missing or extra ':' in cpus:1:2"},
             Row{"inverted range", "ports:[5-3]",
                 "Invalid ranges resource: begin > end (resource 'ports:[5-3]')"},
             Row{"duplicate set item", "disk:{a,a}",
                 "Invalid set resource: duplicated elements (resource 'disk:{a,a}')"},
             Row{"scalar then ranges", "cpus:1;cpus:[1-2]",
                 "Resources with the same name ('cpus') but different types are not allowed"},
             Row{"bad role", "cpus(a//b):1",
                 "Role 'a//b' cannot contain two adjacent slashes (resource 'cpus(a//b):1')"},
             Row{"empty role", "cpus():1",
                 "Role names cannot be the empty string (resource 'cpus():1')"},
             Row{"empty name", "(r):1", "Empty resource name (resource '(r):1')"},
             Row{"bad value", "ports:[1-x]",
                 "Failed to parse resource ports value [1-x] error Expecting non-negative "
                 "integers in '1'"},
             Row{"newline is not a separator", "cpus:1\nmem:2",
                 "Bad value for resources, missing or extra ':' in cpus:1\nmem:2"},
             Row{"parse errors win over earlier validation errors", "cpus:0.00001;mem:x",
                 "Bad type for resource mem value x type TEXT"},
         }) {
        CAPTURE(row.test, row.input);
        CHECK(error_of(row.input) == row.message);
    }
}

TEST_CASE("JSON resources (ResourcesTest.ParsingFromJSON, ParsingFromJSONWithRoles)",
          "[mesos][resources]") {
    struct Row {
        const char* test;
        const char* input;
        const char* expected;
    };
    for (
        Row row : {
            Row{"scalar", R"([{"name":"cpus","type":"SCALAR","scalar":{"value":45.55}}])",
                "cpus:45.55"},
            Row{"ranges",
                R"([{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":10000,"end":20000},{"begin":30000,"end":50000}]}}])",
                "ports:[10000-20000, 30000-50000]"},
            Row{"set", R"([{"name":"pandas","type":"SET","set":{"item":["lun_lun","yang_yang"]}}])",
                "pandas:{lun_lun, yang_yang}"},
            Row{"with roles",
                R"([{"name":"cpus","type":"SCALAR","scalar":{"value":45.55},"role":"role1"},{"name":"cpus","type":"SCALAR","scalar":{"value":54.44},"role":"*"},{"name":"cpus","type":"SCALAR","scalar":{"value":45.55},"role":"role1"}])",
                "cpus(role1):91.1;cpus:54.44"},
            Row{"reservations format",
                R"([{"name":"mem","type":"SCALAR","scalar":{"value":64},"reservations":[{"type":"STATIC","role":"eng"}]}])",
                "mem(eng):64"},
            Row{"unknown fields ignored, null is unset",
                R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":null,"colour":"red"}])",
                "cpus:1"},
        }) {
        CAPTURE(row.test);
        CHECK(show(parse_resources(row.input)) == row.expected);
    }
    // The default role applies to JSON entries without role/reservations.
    CHECK(show(parse_resources(R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1}}])",
                               "web")) == "cpus(web):1");
}

TEST_CASE("JSON resources errors (ResourcesTest.ParsingFromJSONError)", "[mesos][resources]") {
    struct Row {
        const char* test;
        const char* input;
        const char* message_start;
    };
    for (
        Row row : {
            // A single object, not an array, falls through to the text parser.
            Row{"single object",
                R"({"name":"sad_pandas","type":"SET","set":{"item":["bai_yun","gao_gao"]}})",
                "Bad value for resources, missing or extra ':'"},
            Row{"missing comma in array",
                R"([{"name":"a","type":"SET","set":{"item":["x"]}} {"name":"b","type":"SET","set":{"item":["y"]}}])",
                "Bad value for resources"},
            Row{"missing comma in set", R"([{"name":"a","type":"SET","set":{"item":["x" "y"]}}])",
                "Bad value for resources"},
            Row{"array of arrays", R"([[{"name":"a","type":"SET","set":{"item":["x"]}}]])",
                "Some JSON resources were not formatted properly: Not expecting a JSON array"},
            Row{"extraneous text",
                R"([{"name":"a","type":"SET","set":{"item":["x"]}}]once upon a time)",
                "Bad value for resources"},
            Row{"wrong bracket", R"([{"name":"pandas","type":"SET","set":{])",
                "Bad value for resources"},
            Row{"missing type", R"([{"name":"pandas","set":{"item":["x"]}}])",
                "Some JSON resources were not formatted properly: Missing required fields: type"},
            Row{"empty name", R"([{"name":"","type":"SET","set":{"item":["x"]}}])",
                "Empty resource name"},
            Row{"unrecognized type",
                R"([{"name":"pandas","type":"FLOATINGPOINT","set":{"item":["x"]}}])",
                "Some JSON resources were not formatted properly: Failed to find enum for "
                "'FLOATINGPOINT'"},
            Row{"negative resources",
                R"([{"name":"panda_power","type":"SCALAR","scalar":{"value":-1}}])",
                "Invalid scalar resource: value <= 0"},
            Row{"same name different types",
                R"([{"name":"panda","type":"SCALAR","scalar":{"value":1}},{"name":"panda","type":"SET","set":{"item":["x"]},"role":"role1"}])",
                "Resources with the same name ('panda') but different types are not allowed"},
            Row{"persistent volume",
                R"([{"name":"disk","type":"SCALAR","scalar":{"value":10},"role":"role1","disk":{"persistence":{"id":"v1"},"volume":{"container_path":"/v","mode":"RW"}}}])",
                "Persistent volumes cannot be specified at the command line"},
            Row{"dynamic reservation",
                R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"role1","reservation":{"principal":"p"}}])",
                "Dynamic reservations cannot be specified at the command line"},
            Row{"revocable",
                R"([{"name":"cpus","type":"SCALAR","scalar":{"value":1},"revocable":{}}])",
                "Revocable resources cannot be specified at the command line"},
            // derived
            Row{"overlapping JSON ranges",
                R"([{"name":"p","type":"RANGES","ranges":{"range":[{"begin":1,"end":5},{"begin":3,"end":8}]}}])",
                "Invalid ranges resource: overlapping ranges"},
            Row{"TEXT type", R"([{"name":"t","type":"TEXT","text":{"value":"x"}}])",
                "Unsupported resource type"},
            Row{"scalar type with set", R"([{"name":"c","type":"SCALAR","set":{"item":["x"]}}])",
                "Invalid scalar resource"},
            Row{"refined STATIC",
                R"([{"name":"c","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"STATIC","role":"a"},{"type":"STATIC","role":"a/b"}]}])",
                "Invalid refined reservation: A refined reservation cannot be STATIC"},
            Row{"reserving star",
                R"([{"name":"c","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"STATIC","role":"*"}]}])",
                "Invalid reservation: role \"*\" cannot be reserved"},
            Row{"wrong JSON type", R"([{"name":1,"type":"SCALAR","scalar":{"value":1}}])",
                "Some JSON resources were not formatted properly: Not expecting a JSON number "
                "for field 'name'"},
        }) {
        CAPTURE(row.test);
        std::string message = error_of(row.input);
        CAPTURE(message);
        CHECK(message.rfind(row.message_start, 0) == 0);
    }
}

TEST_CASE("resource JSON output follows SPEC §7", "[mesos][resources]") {
    auto list = parse_resources("cpus(web):1.5;ports:[1-3];d:{a}");
    corral::Json j = corral::Json::array();
    for (const auto& r : list) {
        j.push_back(resource_to_json(r));
    }
    CHECK(
        j.dump() ==
        R"([{"name":"cpus","type":"SCALAR","scalar":1.5,"role":"web","reservations":[{"type":"STATIC","role":"web"}]},)"
        R"({"name":"ports","type":"RANGES","ranges":[[1,3]],"role":"*","reservations":[]},)"
        R"({"name":"d","type":"SET","set":["a"],"role":"*","reservations":[]}])");
}

TEST_CASE("endpoint-format resources from masters", "[mesos][resources]") {
    // research §1.5: reservations wins; reservation alone means DYNAMIC; role alone STATIC.
    auto a = resource_from_json(corral::Json::parse(
        R"({"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"r","reservation":{"principal":"p"},"reservations":[{"type":"DYNAMIC","role":"r","principal":"p"}]})"));
    CHECK(a.role() == "r");
    CHECK(a.dynamically_reserved());
    auto b = resource_from_json(corral::Json::parse(
        R"({"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"r","reservation":{"principal":"p"}})"));
    CHECK(b.dynamically_reserved());
    auto c = resource_from_json(
        corral::Json::parse(R"({"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"r"})"));
    CHECK(c.role() == "r");
    CHECK_FALSE(c.dynamically_reserved());
    auto d = resource_from_json(
        corral::Json::parse(R"({"name":"cpus","type":"SCALAR","scalar":{"value":1},"role":"*"})"));
    CHECK_FALSE(d.reserved());
}
