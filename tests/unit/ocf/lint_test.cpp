// ocf lint: the DTD rules must give xmllint --dtdvalid ra-api-1.dtd's verdict. Each row was run
// through xmllint 2.9.14 (Debian 12) on this machine; the expected verdict is xmllint's.
#include "core/error.hpp"
#include "ocf/lint.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace corral;
using namespace corral::ocf;

namespace {

std::string doc(const std::string& actions, const std::string& params = "<parameters/>",
                const std::string& lang = "lang=\"en\"") {
    return "<resource-agent name=\"x\"><version>1.0</version><longdesc " + lang +
           ">a<version>x</version></longdesc><shortdesc lang=\"en\">s</shortdesc>" + params +
           "<actions>" + actions + "</actions></resource-agent>";
}

const std::string start = "<action name=\"start\" timeout=\"1\"/>";

} // namespace

TEST_CASE("DTD verdict equals xmllint --dtdvalid", "[ocf][lint]") {
    struct Row {
        const char* name;
        std::string xml;
        bool valid;
    };
    const Row rows[] = {
        {"base", doc(start), true},
        {"undeclared element in ANY longdesc",
         "<resource-agent name=\"x\"><version>1.0</version><longdesc lang=\"en\">a<b/></longdesc>"
         "<shortdesc lang=\"en\">s</shortdesc><actions/></resource-agent>",
         false},
        {"whitespace in EMPTY action", doc("<action name=\"start\" timeout=\"1\"> </action>"),
         false},
        {"comment in EMPTY action", doc("<action name=\"start\" timeout=\"1\"><!-- c --></action>"),
         false},
        {"enumeration is not whitespace-normalized", doc("<action name=\" start\" timeout=\"1\"/>"),
         false},
        {"text in element content", doc(start + " x"), false},
        {"CDATA in element content", doc(start + "<![CDATA[ ]]>"), false},
        {"namespace declaration is an undeclared attribute",
         doc("<action xmlns:a=\"u\" name=\"start\" timeout=\"1\"/>"), false},
        {"NMTOKEN with a space", doc(start, "<parameters/>", "lang=\"e n\""), false},
        {"NMTOKEN padded", doc(start, "<parameters/>", "lang=\" en \""), false},
        {"NMTOKEN empty", doc(start, "<parameters/>", "lang=\"\""), false},
        {"NMTOKEN punctuation", doc(start, "<parameters/>", "lang=\"en:x.-_\""), true},
        {"comments and PIs in element content", doc("<!-- c --><?pi a?>\n " + start), true},
        {"no parameters element", doc(start, ""), true},
        {"whitespace-only parameters", doc(start, "<parameters> </parameters>"), true},
        {"required=true",
         doc(start, "<parameters><parameter name=\"a\" required=\"true\"><longdesc/>"
                    "<shortdesc/><content type=\"string\"/></parameter></parameters>"),
         false},
        {"two longdesc and time type",
         doc(start, "<parameters><parameter name=\"a\"><longdesc/><longdesc/><shortdesc/><content "
                    "type=\"time\" default=\"\"/></parameter></parameters>"),
         true},
        {"select type (1.1 only)",
         doc(start, "<parameters><parameter name=\"a\"><longdesc/><shortdesc/><content "
                    "type=\"select\"><option value=\"x\"/></content></parameter></parameters>"),
         false},
        {"reloadable (1.1 only)",
         doc(start, "<parameters><parameter name=\"a\" reloadable=\"1\"><longdesc/><shortdesc/>"
                    "<content type=\"string\"/></parameter></parameters>"),
         false},
        {"action validate (awseip)", doc("<action name=\"validate\" timeout=\"1\"/>"), false},
        {"action reload-agent", doc("<action name=\"reload-agent\" timeout=\"1\"/>"), false},
        {"action without timeout", doc("<action name=\"start\"/>"), false},
        {"unknown action attribute", doc("<action name=\"start\" timeout=\"1\" foo=\"1\"/>"),
         false},
        {"parameter without shortdesc",
         doc(start, "<parameters><parameter name=\"a\"><longdesc/><content type=\"string\"/>"
                    "</parameter></parameters>"),
         false},
        {"root <version> alone", "<version>1</version>", true},
        {"missing top-level longdesc (pacemaker/remote)",
         "<resource-agent name=\"x\"><version>1.1</version><shortdesc lang=\"en\">s</shortdesc>"
         "<actions/></resource-agent>",
         false},
        {"no DOCTYPE is fine for --dtdvalid", "<?xml version=\"1.0\"?>\n" + doc(start), true},
        {"element in version",
         "<resource-agent name=\"x\"><version>1<b/></version><longdesc/>"
         "<shortdesc/><actions/></resource-agent>",
         false},
        {"PI, comment and CDATA in #PCDATA",
         "<resource-agent name=\"x\"><version>1<?p x?><!--c--><![CDATA[.0]]></version><longdesc/>"
         "<shortdesc/><actions/></resource-agent>",
         true},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(dtd_valid(row.xml) == row.valid);
    }
}

TEST_CASE("not well-formed meta-data is an input error", "[ocf][lint]") {
    CHECK_THROWS_AS(lint_metadata("not xml", "f.xml", Schema::automatic), Error);
    CHECK_THROWS_AS(lint_metadata("<a x=\"1\" x=\"2\"/>", "f.xml", Schema::dtd), Error);
    CHECK_FALSE(dtd_valid("<a><b></a>"));
    std::string deep;
    for (int i = 0; i < 300; ++i) {
        deep += "<longdesc>";
    }
    for (int i = 0; i < 300; ++i) {
        deep += "</longdesc>";
    }
    CHECK_THROWS_AS(lint_metadata(deep, "deep.xml", Schema::dtd), Error);
}

namespace {

bool has_code(const LintResult& r, const std::string& code) {
    for (const auto& f : r.findings) {
        if (f.code == code) {
            return true;
        }
    }
    return false;
}

const char* good11 = R"(<?xml version="1.0"?>
<resource-agent name="a" version="2">
<version>1.1</version>
<longdesc lang="en">l</longdesc><shortdesc lang="en">s</shortdesc>
<parameters>
<parameter name="mode" reloadable="1" unique-group="g">
<deprecated><replaced-with name="x"/><desc lang="en">d</desc></deprecated>
<longdesc lang="en">l</longdesc><shortdesc lang="en">s</shortdesc>
<content type="select" default="a"><option value="a"/><option value="b"/></content>
</parameter>
</parameters>
<actions>
<action name="start" timeout="20s"/><action name="stop" timeout="20s"/>
<action name="monitor" timeout="20s" interval="10s" depth="0"/>
<action name="monitor" timeout="20s" interval="11s" role="Promoted"/>
<action name="reload-agent" timeout="20s"/><action name="meta-data" timeout="5s"/>
<action name="validate-all" timeout="20s"/>
</actions>
</resource-agent>
)";

} // namespace

TEST_CASE("OCF 1.1 schema (ClusterLabs/OCF-spec ra/1.1/ra-api.rng)", "[ocf][lint]") {
    LintResult ok = lint_metadata(good11, "a.xml", Schema::automatic);
    CHECK(ok.version == "1.1");
    CHECK(ok.errors == 0);
    CHECK(ok.warnings == 0);
    std::string s = good11;
    auto variant = [&s](const std::string& from, const std::string& to) {
        std::string v = s;
        v.replace(v.find(from), from.size(), to);
        return lint_metadata(v, "a.xml", Schema::v1_1);
    };
    CHECK(has_code(
        variant(
            "type=\"select\" default=\"a\"><option value=\"a\"/><option value=\"b\"/></content>",
            "type=\"select\"></content>"),
        "rng-content"));
    CHECK(has_code(variant("reloadable=\"1\"", "reloadable=\"yes\""), "rng-attribute-value"));
    CHECK(variant("reloadable=\"1\"", "reloadable=\" 1 \"").errors == 0); // token datatype
    CHECK(has_code(variant("<parameters>", "<parameters foo=\"1\">"), "rng-unknown-attribute"));
    CHECK(has_code(
        variant("<longdesc lang=\"en\">l</longdesc><shortdesc", "<longdesc>l</longdesc><shortdesc"),
        "rng-missing-attribute"));
    CHECK(variant(
              "type=\"select\" default=\"a\"><option value=\"a\"/><option value=\"b\"/></content>",
              "type=\"time\"/>")
              .errors > 0);
}

TEST_CASE("semantic checks", "[ocf][lint]") {
    std::string s = good11;
    auto lint = [&s](const std::string& from, const std::string& to) {
        std::string v = s;
        v.replace(v.find(from), from.size(), to);
        return lint_metadata(v, "a.xml", Schema::automatic);
    };
    CHECK(has_code(lint("<action name=\"stop\" timeout=\"20s\"/>", ""), "missing-action"));
    CHECK(has_code(lint("timeout=\"5s\"", "timeout=\"5\""), "time-without-unit"));
    CHECK(has_code(lint("timeout=\"5s\"", "timeout=\"5 parsecs\""), "bad-time"));
    CHECK(has_code(lint("role=\"Promoted\"", "role=\"promoted\""), "role-spelling"));
    CHECK(has_code(lint("role=\"Promoted\"", "role=\"Master\""), "role-spelling"));
    CHECK(
        has_code(lint("name=\"validate-all\"", "name=\"validate\""), "validate-not-validate-all"));
    CHECK(has_code(lint("name=\"mode\"", "name=\"1mode\""), "parameter-name"));
    CHECK(has_code(lint("name=\"mode\"", "name=\"mo-de\""), "parameter-name"));
    CHECK(has_code(lint("reloadable=\"1\"", "required=\"1\""), "required-with-default"));
    CHECK(has_code(lint("default=\"a\"", "default=\"c\""), "default-type"));
    CHECK(has_code(lint("interval=\"10s\" depth=\"0\"", ""), "monitor-without-interval"));
    std::string dup = s;
    std::size_t p = dup.find("<parameter ");
    std::size_t e = dup.find("</parameter>") + 12;
    dup.insert(e, dup.substr(p, e - p));
    CHECK(has_code(lint_metadata(dup, "a.xml", Schema::automatic), "duplicate-parameter"));
}

TEST_CASE("DOCTYPE finding only for OCF 1.0 in auto mode", "[ocf][lint]") {
    std::string md = "<resource-agent name=\"x\"><version>1.0</version><longdesc/><shortdesc/>"
                     "<actions><action name=\"start\" timeout=\"20s\"/><action name=\"stop\" "
                     "timeout=\"20s\"/><action name=\"monitor\" timeout=\"20s\" interval=\"10s\"/>"
                     "<action name=\"meta-data\" timeout=\"5s\"/><action name=\"validate-all\" "
                     "timeout=\"5s\"/></actions></resource-agent>";
    LintResult r = lint_metadata(md, "x.xml", Schema::automatic);
    REQUIRE(r.errors == 1);
    CHECK(r.findings[0].code == "missing-doctype");
    CHECK(lint_metadata("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n" + md, "x.xml",
                        Schema::automatic)
              .errors == 0);
    CHECK(lint_metadata(md, "x.xml", Schema::dtd).errors == 0);
}

TEST_CASE("every finding has a line and a column", "[ocf][lint]") {
    // A missing action is placed on <actions> (by its XPath), an attribute's finding on the
    // element that carries it, at the column of its '<'.
    std::string md = good11;
    md.replace(md.find("<action name=\"validate-all\" timeout=\"20s\"/>"), 42, "");
    md.replace(md.find("<action name=\"stop\" timeout=\"20s\"/>"), 35,
               "<action name=\"stop\" timeout=\"20\"/>");
    LintResult r = lint_metadata(md, "a.xml", Schema::automatic);
    REQUIRE(has_code(r, "missing-validate-all"));
    REQUIRE(has_code(r, "time-without-unit"));
    for (const auto& f : r.findings) {
        INFO(f.code);
        CHECK(f.file == "a.xml");
        if (f.code == "missing-validate-all") {
            CHECK(f.line == 12);
            CHECK(f.col == 1);
        }
        if (f.code == "time-without-unit") {
            CHECK(f.line == 13);
            CHECK(f.col == 1); // the warning knows the line only: first element on it
        }
        CHECK(f.line > 0);
        CHECK(f.col > 0);
    }
}
