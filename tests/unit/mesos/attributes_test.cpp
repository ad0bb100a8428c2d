// Restates apache/mesos src/tests/attributes_tests.cpp (AttributesTest.Parsing, Equality) and the
// rules of src/common/attributes.cpp (where Mesos LOG(FATAL)s, corral reports an error).
#include "mesos/attributes.hpp"

#include <catch2/catch.hpp>

using namespace corral::mesos;

namespace {
std::string show(const std::vector<Attribute>& attributes) {
    std::string s;
    for (const auto& a : attributes) {
        s += (s.empty() ? "" : ";") + a.name + "=" + std::string(value_type_name(a.value.type)) +
             ":" + format_attribute_value(a.value);
    }
    return s;
}
std::string error_of(const std::string& text) {
    try {
        parse_attributes(text);
    } catch (const corral::Error& e) {
        return e.what();
    }
    return "";
}
} // namespace

TEST_CASE("attributes parse", "[mesos][attributes]") {
    struct Row {
        const char* test;
        const char* input;
        const char* expected;
    };
    for (Row row : {
             Row{"Parsing", "cpus:45.55;ports:[10000-20000, 30000-50000];rack:rack1,rack2",
                 "cpus=SCALAR:45.55;ports=RANGES:[10000-20000, 30000-50000];rack=TEXT:rack1,rack2"},
             Row{"Parsing (first colon)",
                 "attr1:foo:bar;attr2:baz:qux:", "attr1=TEXT:foo:bar;attr2=TEXT:baz:qux:"},
             Row{"Equality (spaces)", "cpus:45.55;ports:[10000-20000,30000-50000]",
                 "cpus=SCALAR:45.55;ports=RANGES:[10000-20000, 30000-50000]"},
             Row{"Equality (duplicates allowed)", "dedicated:customer1;dedicated:customer2",
                 "dedicated=TEXT:customer1;dedicated=TEXT:customer2"},
             Row{"Equality (empty)", "", ""},
             // derived
             Row{"newline separates", "a:1\nb:x", "a=SCALAR:1;b=TEXT:x"},
             Row{"spaces stripped from values", "os:centos 5", "os=TEXT:centos5"},
             Row{"negative is text", "level:-1", "level=TEXT:-1"},
         }) {
        CAPTURE(row.test);
        CHECK(show(parse_attributes(row.input)) == row.expected);
    }
}

TEST_CASE("attributes errors", "[mesos][attributes]") {
    struct Row {
        const char* input;
        const char* message;
    };
    for (Row row : {
             Row{"rack", "Invalid attribute key:value pair 'rack'"},
             Row{"rack:", "Invalid attribute key:value pair 'rack:'"},
             Row{":r1", "Invalid attribute key:value pair ':r1'"},
             Row{"disks:{a,b}", "Bad type for attribute disks text {a,b} type SET (attributes "
                                "may be scalars, ranges or text)"},
             Row{"p:[1-2", "Failed to parse attribute p text [1-2 error Mismatched brackets"},
             Row{"p: ", "Failed to parse attribute p text   error Expecting non-empty string"},
         }) {
        CAPTURE(row.input);
        CHECK(error_of(row.input) == row.message);
    }
}

TEST_CASE("attributes JSON follows SPEC §7", "[mesos][attributes]") {
    auto list = parse_attributes("rack:r1;level:10;p:[1-2]");
    corral::Json j = corral::Json::array();
    for (const auto& a : list) {
        j.push_back(attribute_to_json(a));
    }
    CHECK(j.dump() == R"([{"name":"rack","type":"TEXT","text":"r1"},)"
                      R"({"name":"level","type":"SCALAR","scalar":10},)"
                      R"({"name":"p","type":"RANGES","ranges":[[1,2]]}])");
}
