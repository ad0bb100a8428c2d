#include "core/error.hpp"
#include "ocf/metadata.hpp"

#include <catch2/catch.hpp>

using namespace corral;
using namespace corral::ocf;

TEST_CASE("OCF times as Pacemaker's crm_get_msec reads them", "[ocf][meta]") {
    CHECK(parse_ocf_time("20s") == 20);
    CHECK(parse_ocf_time("20") == 20);
    CHECK(parse_ocf_time(" 20 ") == 20);
    CHECK(parse_ocf_time("2min") == 120);
    CHECK(parse_ocf_time("2m") == 120);
    CHECK(parse_ocf_time("1h") == 3600);
    CHECK(parse_ocf_time("1500ms") == 1.5);
    CHECK_FALSE(parse_ocf_time(""));
    CHECK_FALSE(parse_ocf_time("s"));
    CHECK_FALSE(parse_ocf_time("20 parsecs"));
    CHECK_FALSE(parse_ocf_time("1.2.3s"));
}

TEST_CASE("meta-data model", "[ocf][meta]") {
    const char* xml = R"(<?xml version="1.0"?>
<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
<resource-agent name="demo" version="0.3">
<version>1.0</version>
<longdesc lang="de">lang</longdesc><longdesc lang="en">long
text</longdesc>
<shortdesc lang="en">Short   one</shortdesc>
<parameters>
<parameter name="port" required="1" unique="1">
<longdesc lang="en">p</longdesc><shortdesc lang="en">Port &amp; more</shortdesc>
<content type="integer"/>
</parameter>
</parameters>
<actions>
<action name="start" timeout="20s"/>
<action name="monitor" timeout="20" interval="10s" depth="10" role="Promoted"/>
</actions>
</resource-agent>)";
    Metadata md = parse_metadata(xml, "demo.xml");
    CHECK(md.name == "demo");
    CHECK(md.has_doctype);
    CHECK(md.shortdesc == "Short one");
    CHECK(md.longdesc == "long\ntext");
    REQUIRE(md.parameters.size() == 1);
    CHECK(md.parameters[0].shortdesc == "Port & more");
    CHECK(md.parameters[0].required);
    CHECK_FALSE(md.parameters[0].default_value);
    Json j = metadata_to_json(md);
    CHECK(j["parameters"][0]["default"].is_null());
    CHECK(j["actions"][1]["timeout"] == 20);
    CHECK(j["actions"][1]["interval"] == 10);
    CHECK(j["actions"][1]["depth"] == 10);
    CHECK(j["actions"][1]["role"].get<std::string>() == "Promoted");
    CHECK(j["actions"][0]["interval"].is_null());
    CHECK(j.dump().find("\"ocf_version\":\"1.0\"") != std::string::npos);
}

TEST_CASE("meta-data that is not an OCF document", "[ocf][meta]") {
    CHECK_THROWS_WITH(parse_metadata("hello", "x"), Catch::Contains("not well-formed XML"));
    CHECK_THROWS_WITH(parse_metadata("<foo/>", "x"), Catch::Contains("expected <resource-agent>"));
}

TEST_CASE("meta-data must be UTF-8 (fuzzing found JSON output throwing)", "[ocf][meta]") {
    CHECK_THROWS_WITH(parse_metadata("<resource-agent name=\"\xff\"/>", "x"),
                      Catch::Contains("not valid UTF-8"));
}
