// The fast manifest parser must agree with yaml-cpp (core/yaml.hpp) on every document it accepts:
// same JSON and same node positions; and it must decline what it does not handle.
#include "core/error.hpp"
#include "core/yaml.hpp"
#include "k8s/json_tree.hpp"
#include "k8s/manifest_tree.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace corral;
using namespace corral::k8s;

namespace {

void same_positions(const ManifestTree& t, NodeId id, const YAML::Node& n) {
    if (id == 0 || !n.IsDefined()) {
        return;
    }
    if (!n.IsNull()) {
        INFO("line " << t[id].line << " col " << t[id].column);
        CHECK(t[id].line == n.Mark().line);
        CHECK(t[id].column == n.Mark().column);
    }
    if (n.IsMap()) {
        for (const auto& kv : n) {
            NodeId k = t.key(id, kv.first.Scalar());
            REQUIRE(k != 0);
            CHECK(t[k].line == kv.first.Mark().line);
            same_positions(t, t[k].next, kv.second);
        }
    } else if (n.IsSequence()) {
        auto items = t.items(id);
        REQUIRE(items.size() == n.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            same_positions(t, items[i], n[i]);
        }
    }
}

// Returns whether the fast path accepted the document.
bool agree(const std::string& text) {
    ManifestTree t;
    if (!parse_manifest_fast(text, t)) {
        return false;
    }
    YAML::Node n = YAML::Load(text);
    INFO(text);
    CHECK(t.to_json(t.root).dump() == yaml_to_json(n).dump());
    same_positions(t, t.root, n);
    return true;
}

} // namespace

TEST_CASE("fast parser agrees with yaml-cpp on the test manifests", "[tree]") {
    int accepted = 0;
    int documents = 0;
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(CORRAL_TEST_DATA) + "/probe")) {
        if (e.path().extension() != ".yaml") {
            continue;
        }
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        std::string content = s.str();
        for (const auto& span : split_yaml_documents(content)) {
            std::string doc = content.substr(span.begin, span.end - span.begin);
            if (doc.find_first_not_of(" \r\n") == std::string::npos) {
                continue;
            }
            ++documents;
            accepted += agree(doc) ? 1 : 0;
        }
    }
    CHECK(documents > 10);
    CHECK(accepted >= documents - 2); // realworld.yaml's anchors and folded text go to yaml-cpp
}

TEST_CASE("fast parser constructs", "[tree]") {
    for (const char* text : {
             "a: 1\nb: two\nc: \"3\"\nd: '4'\ne: on\nf: ~\ng:\nh: 0x1F\ni: 1.5\nj: -7\n",
             "list:\n- a\n- b: 1\n  c: 2\n-\n  d: 3\n- - x\n  - y\n",
             "list:\n  - a # comment\n  - 'it''s'\n  - \"q\\\"x\\n\"\n",
             "flow: {a: 1, b: [x, \"y\", {c: d}], e: }\nempty: []\nm: {}\n",
             "k8s:\n  ports: [{containerPort: 8080, name: http}]\n  args: [\"--a=b\", -v]\n",
             "text: |\n  line one\n\n  line two\nnext: 1\n",
             "strip: |-\n    x\n    y\nkeep: |+\n  z\n\nlast: 1\n",
             "url: http://example.com:8080/x\ntime: 12:30\nneg: -1\n",
             "  indented: 1\n  also: 2\n",
             "a:\n    b:\n        c: [1, 2]\n",
             "a: x\ty\nb: z\t\n", // a tab inside or after a word is text or trailing blank
             "\"quoted key\": 1\n'single': 2\n",
             "a: b # c\n# full comment\n\nd: e\n",
             "crlf: 1\r\nlist:\r\n- x\r\n",
             "x\n",
             "- a\n- b\n",
         }) {
        CHECK(agree(text));
    }
}

TEST_CASE("fast parser declines what yaml-cpp must judge", "[tree]") {
    for (const char* text : {
             "a: &x 1\nb: *x\n",       // anchors and aliases
             "a: !!str 1\n",           // tags
             "a: \"multi\n  line\"\n", // multi-line quoted scalar
             "a: [1,\n  2]\n",         // multi-line flow
             "a: 1\na: 2\n",           // duplicate keys
             "a:\n\tb: 1\n",           // tab indentation
             "a: b: c\n",              // invalid
             "? complex\n: key\n",     // complex keys
             "a: \"\\x41\"\n",         // rare escapes
             "-\t",                    // a tab ends "-" (libFuzzer): [null], not "-"
             "a:\tb\n",                // ... and ":": {a: b}
             "a: b\t# c\n",            // ... and starts a comment
             "m\t: 1\n",               // ... and is trimmed from a key: {m: 1}
             "t: |2\n    \nk: 1\n",    // explicit indentation: that line holds "  \n"
         }) {
        ManifestTree t;
        INFO(text);
        CHECK_FALSE(parse_manifest_fast(text, t));
    }
}

TEST_CASE("load_manifest_documents falls back with yaml-cpp's errors", "[tree]") {
    auto docs = load_manifest_documents(InputFile{"m.yaml", "a: 1\n---\nb: &x 2\nc: *x\n"});
    REQUIRE(docs.size() == 2);
    CHECK(docs[1].tree.to_json(docs[1].tree.root).dump() == R"({"b":2,"c":2})");
    CHECK(docs[1].first_line == 2);
    CHECK_THROWS_AS(load_manifest_documents(InputFile{"m.yaml", "a: 1\na: 2\n"}), Error);
}

TEST_CASE("the yaml-cpp fallback converts keys as core's yaml_to_json does", "[tree]") {
    // Tagged keys keep their text; only plain null words become the key "null" (libFuzzer found
    // "!x" with no value read as "null" here and "" by yaml_to_json).
    for (const char* text : {"a: b\n!x", "!x ~: 1\n", "!!str : 1\n", "~: 1\nb: &x 2\n",
                             "null: 1\nc: &y [1]\nd: *y\n"}) {
        INFO(text);
        InputFile in{"k.yaml", text};
        auto fast = load_manifest_documents(in);
        auto slow = load_yaml_documents(in);
        REQUIRE(fast.size() == slow.size());
        CHECK(fast[0].tree.to_json(fast[0].tree.root).dump() == yaml_to_json(slow[0].root).dump());
    }
}

// Folded block scalars (YAML 1.2 spec 8.1.3, examples 8.10-8.12 without their more-indented
// lines) and multi-line plain scalars (7.3.3, example 7.12), with yaml-cpp as the oracle.
TEST_CASE("fast parser folds block and plain scalars as yaml-cpp does", "[tree]") {
    struct Case {
        const char* text;
        const char* json;
    };
    for (const Case& c : std::initializer_list<Case>{
             {"a: >\n  folded\n  text\n", R"({"a":"folded text\n"})"},
             {"a: >-\n  one\n  two\nb: 1\n", R"({"a":"one two","b":1})"},
             {"a: >+\n  one\n\n  two\nb: 1\n", R"({"a":"one\ntwo\n","b":1})"},
             {"a: >\n  p1 l1\n  p1 l2\n\n\n  p2\n# c\nb: x\n",
              R"({"a":"p1 l1 p1 l2\n\np2\n","b":"x"})"},
             {"a: >- # comment\n    x\n    y\n", R"({"a":"x y"})"},
             {"a: >\n  no newline at the end", R"({"a":"no newline at the end"})"},
             {"a: >\n  #not a comment\n  true\n", R"({"a":"#not a comment true\n"})"},
             {"l:\n- n: >-\n    x\n    y\n  m: 1\n", R"({"l":[{"n":"x y","m":1}]})"},
             {"a: plain\n  continued\n", R"({"a":"plain continued"})"},
             {"a: 1\n  2\nb: c\n", R"({"a":"1 2","b":"c"})"},
             {"a: one\n\n   two  \n\n\n  three\nb: ~\n", R"({"a":"one\ntwo\n\nthree","b":null})"},
             {"a: ~\n  x\n", R"({"a":"~ x"})"},
             {"s:\n  k: long text that\n    wraps here\n  z: 2\n",
              R"({"s":{"k":"long text that wraps here","z":2}})"},
         }) {
        INFO(c.text);
        ManifestTree t;
        REQUIRE(parse_manifest_fast(c.text, t));
        CHECK(t.to_json(t.root).dump() == c.json);
        CHECK(agree(c.text));
    }
    // What the fast path still leaves to yaml-cpp (and yaml-cpp reads as the comment says).
    for (const char* text : {
             "a: >\n  x\n    more indented\n  y\n", // more-indented lines keep their breaks
             "a: >\n\n  leading empty line\n",      // leading empty lines
             "a: >\n  x\n     \n  y\n",             // a line of spaces past the indentation
             "a: >\nb: 1\n",                        // empty folded scalar
             "a: >+\n  x\n\n\nb: 1\n",              // kept trailing lines: yaml-cpp keeps 2, not 3
             "a: x\n  # comment\n",                 // a comment ends a plain scalar
             "a: x\n  - y\n",                       // indicators on a continuation line
             "a: x\n  b: c\n",                      // ": " on a continuation line
             "a: x # c\n  y\n",                     // a continuation after a comment (invalid)
         }) {
        INFO(text);
        ManifestTree t;
        CHECK_FALSE(parse_manifest_fast(text, t));
    }
}

TEST_CASE("a document outside the fast subset costs only itself", "[tree]") {
    // The stream is read once: each document reaches fn once, in order, the odd one through
    // yaml-cpp, and a "---" inside a block scalar is text, not a document boundary.
    std::string stream = "a: 1\n---\nb: &x 2\nc: *x\n---\n# only a comment\n---\nd: |\n  ---\n"
                         "  x\ne: 3\n";
    std::vector<std::string> seen;
    std::vector<int> indexes;
    for_each_manifest_document("m.yaml", stream, [&](const ManifestDocument& doc) {
        seen.push_back(doc.tree.to_json(doc.tree.root).dump());
        indexes.push_back(doc.index);
        CHECK(stream.substr(doc.offset, doc.text.size()) == doc.text);
    });
    CHECK(seen ==
          std::vector<std::string>{R"({"a":1})", R"({"b":2,"c":2})", R"({"d":"---\nx\n","e":3})"});
    CHECK(indexes == std::vector<int>{0, 1, 2});
    // A bad third document: the first two were read, the error names the third's line.
    seen.clear();
    std::string bad = "a: 1\n---\nb: >\n  folded\n---\nc: [1,\n";
    try {
        for_each_manifest_document("m.yaml", bad, [&](const ManifestDocument& doc) {
            seen.push_back(doc.tree.to_json(doc.tree.root).dump());
        });
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.file() == "m.yaml");
        CHECK(e.line() >= 6);
    }
    CHECK(seen == std::vector<std::string>{R"({"a":1})", R"({"b":"folded\n"})"});
}

TEST_CASE("JSON documents take the fast path and read as yaml-cpp reads them", "[tree]") {
    for (const char* text : {
             "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\"kind\": \"Pod\", "
             "\"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null}\n    ],\n    \"kind\": "
             "\"List\"\n}\n",
             "{\"a\":1,\"b\":[1,2],\"c\":{},\"d\":[]}",
             "{\"esc\": \"q\\\"b\\\\s\\/n\\nt\\tu\\u003c\\u00e9\\b\\f\\r\"}\r\n",
             "[1, \"two\", {\"three\": [3]}]\n",
             "{\"k\": \"1.2.3\", \"o\": \"0755\", \"on\": \"on\", \"num\": 0755}\n",
         }) {
        INFO(text);
        ManifestTree t;
        CHECK(parse_manifest_json(text, t));
        CHECK(agree(text));
    }
    for (const char* text : {
             "{\"a\": \"\\ud83d\\ude00\"}", // yaml-cpp refuses surrogate escapes
             "{\"a\": 1, \"a\": 2}",        // duplicate keys
             "{a: 1}",                      // YAML flow, not JSON
             "{\"a\":\t1}",                 // tabs
             "{\"a\": 1} # c",              // a comment after the value
             "{\"a\": 1}\n{\"b\": 2}",      // two values
             "{\"a\": [1, 2}",              // unbalanced
             "{\"a\": \"x\\u0000\"}",       // NUL
         }) {
        INFO(text);
        ManifestTree t;
        CHECK_FALSE(parse_manifest_json(text, t));
    }
}

// parse_manifest_json is JsonTreeReader (json_tree.hpp) on the whole value; these are the rules of
// both former readers, merged (the stricter where they differed).
TEST_CASE("JSON reader: what it accepts agrees with yaml-cpp, what it declines", "[tree]") {
    auto nested = [](int depth) {
        return std::string(static_cast<std::size_t>(depth), '[') + "1" +
               std::string(static_cast<std::size_t>(depth), ']');
    };
    auto members = [](int n) {
        std::string s = "{";
        for (int i = 0; i < n; ++i) {
            s += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
        }
        return s + "}";
    };
    for (const std::string& text : std::vector<std::string>{
             "{\"a\": 01, \"b\": -007.5e+1, \"c\": 0, \"d\": -0.0E-0}", // leading zeros: plain
             "{\"url\": \"http:\\/\\/x\\/y\"}",                         // "\/" is YAML 1.2 too
             "{\"u\": \"\\u00e9\\u20ac\\u0001 \xc3\xa9\"}",
             "{\r\n  \"a\": [\r\n    1\r\n  ]\r\n}\r\n",
             "  {}  \n\n",
             "[]",
             "{\"a\":{\"b\":[{\"c\":\"d\"}]}}",
             nested(64),
             members(500),
         }) {
        INFO(text.substr(0, 80));
        ManifestTree t;
        CHECK(parse_manifest_json(text, t));
        CHECK(agree(text));
        JsonTreeReader reader(text);
        ManifestTree u;
        REQUIRE(reader.parse_document(u));
        CHECK(u.to_json(u.root).dump() == t.to_json(t.root).dump());
    }
    for (const std::string& text : std::vector<std::string>{
             nested(65),            // deeper than 64
             members(501),          // more than 500 members
             "{\"a\": \"x\x7fy\"}", // DEL
             "{\"a\": \"x\x01y\"}", // a control character
             "{\"a\": \"x\ny\"}",   // a line break in a string
             "{\"a\": \"x\ty\"}",   // a tab in a string
             "{\"a\": 1}\r",        // a CR outside CRLF
             "{\"a\": \"\\x41\"}",  // escapes JSON does not have
             "{\"a\": \"\\u00g1\"}",
             "{\"a\": \"\\udc00\"}", // a lone low surrogate
             "{\"a\": \"\\u12\"}",
             "{\"a\": 1.}", // numbers outside JSON's grammar
             "{\"a\": .5}",
             "{\"a\": 1e}",
             "{\"a\": +1}",
             "{\"a\": 1.2.3}",
             "{\"a\": 1-2}",
             "{\"a\": 0x1f}",
             "{\"a\": truex}",
             "{\"a\": nul}",
             "{\"a\": 1 2}",
             "[1,]", // trailing commas
             "{\"a\": 1,}",
             "{\"a\" 1}",
             "{\"a\"}",
             "{,}",
             "[1\n2]",
             "{\"a\": 'x'}",
             "{\"a\": \"x", // truncated
             "{\"a\": ",
             "[",
             "",
             "   ",
             "\xef\xbb\xbf{}", // a BOM
         }) {
        INFO(text.substr(0, 80));
        ManifestTree t;
        CHECK_FALSE(parse_manifest_json(text, t));
        CHECK(t.root == 0);
        JsonTreeReader reader(text);
        ManifestTree u;
        CHECK_FALSE(reader.parse_document(u));
    }
}

TEST_CASE("json tree reader: a List's items are read one at a time", "[tree]") {
    std::string text = R"({"apiVersion":"v1","items":[{"a":1},
{"b":[2,3]}],"kind":"List"})";
    JsonTreeReader reader(text);
    ManifestTree tree;
    REQUIRE(reader.parse_document(tree, "items"));
    REQUIRE(reader.has_deferred());
    NodeId items = tree.get(tree.root, "items");
    CHECK(tree.is_seq(items));
    CHECK(tree[items].count == 0);
    CHECK(tree.scalar(tree.get(tree.root, "kind")) == "List");
    std::vector<std::string> seen;
    REQUIRE(reader.for_each_deferred_item(tree, [&](NodeId item) {
        seen.push_back(tree.to_json(item).dump() + "@" + std::to_string(tree[item].line) + ":" +
                       std::to_string(tree[item].column));
    }));
    CHECK(seen == std::vector<std::string>{R"({"a":1}@0:28)", R"({"b":[2,3]}@1:0)"});
}

TEST_CASE("the items of a block-style List are read one at a time", "[tree]") {
    struct Seen {
        std::string json;
        int item;
        int line;
        std::size_t text_size;
    };
    auto objects = [](const std::string& stream) {
        std::vector<Seen> seen;
        for_each_manifest_object("l.yaml", stream,
                                 [&](const ManifestDocument& doc, NodeId root, int item) {
                                     seen.push_back({doc.tree.to_json(root).dump(), item,
                                                     doc.line_of(root), doc.text.size()});
                                 });
        return seen;
    };
    // kubectl get -o yaml: items at column 0, kind after them.
    std::string list = "a: 0\n---\napiVersion: v1\nitems:\n- kind: Pod\n  metadata:\n    name: a\n"
                       "# between\n- kind: Pod\n  spec: >-\n    x\n    y\nkind: List\n"
                       "metadata:\n  resourceVersion: \"\"\n";
    auto seen = objects(list);
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].json == R"({"a":0})");
    CHECK(seen[0].item == -1);
    CHECK(seen[1].json == R"({"kind":"Pod","metadata":{"name":"a"}})");
    CHECK(seen[1].item == 0);
    CHECK(seen[1].line == 5);
    CHECK(seen[1].text_size ==
          std::string("- kind: Pod\n  metadata:\n    name: a\n# between\n").size());
    CHECK(seen[2].json == R"({"kind":"Pod","spec":"x y"})");
    CHECK(seen[2].item == 1);
    CHECK(seen[2].line == 9);
    // Indented items, and a List that needs yaml-cpp from its second item on (an anchor): every
    // item is given once, in order, with the same trees.
    for (const std::string& text :
         {std::string("kind: List\nitems:\n  - n: 1\n  - n: 2\n    m: [1, 2]\n"),
          std::string("kind: List\nitems:\n- n: 1\n- n: &x 2\n  m: *x\n- n: 3\n"),
          std::string("items:\n- n: 1\nkind: List\nkind: x\n"), // duplicate key: an error
          std::string("kind: List\nitems: []\n"),
          std::string("kind: List\nitems:\n- 1\n- [2]\n")}) {
        INFO(text);
        std::vector<std::string> expected;
        InputFile in{"l.yaml", text};
        try {
            for (const auto& d : load_manifest_documents(in)) {
                for (NodeId item : d.tree.items(d.tree.get(d.tree.root, "items"))) {
                    expected.push_back(d.tree.to_json(item).dump());
                }
            }
        } catch (const Error&) {
            CHECK_THROWS_AS(objects(text), Error);
            continue;
        }
        std::vector<std::string> got;
        int i = 0;
        for (const auto& s : objects(text)) {
            CHECK(s.item == i++);
            got.push_back(s.json);
        }
        CHECK(got == expected);
    }
}

TEST_CASE("a streaming reader releases the text behind it and reads the same objects", "[tree]") {
    // A stream of documents, a block List of many items and a document yaml-cpp must read: the
    // objects are the same with a release callback, and its offsets only grow within a pass
    // (the UTF-8 scan, then the documents) and end at the text's end.
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        text += "---\nkind: Pod\nmetadata:\n  name: p" + std::to_string(i) + "\n";
    }
    text += "---\napiVersion: v1\nitems:\n";
    for (int i = 0; i < 3000; ++i) {
        text += "- kind: Pod\n  metadata:\n    name: l" + std::to_string(i) + "\n";
    }
    text += "kind: List\n---\na: &x 1\nb: *x\n";
    auto read = [&](const TextRelease& release) {
        std::vector<std::string> out;
        for_each_manifest_object(
            "s.yaml", text,
            [&](const ManifestDocument& doc, NodeId root, int item) {
                out.push_back(std::to_string(item) + doc.tree.to_json(root).dump());
            },
            release);
        return out;
    };
    std::vector<std::size_t> offsets;
    auto with = read([&](std::size_t offset) { offsets.push_back(offset); });
    CHECK(with == read({}));
    CHECK(with.size() == 6001);
    REQUIRE(offsets.size() > 6000); // a document or item at a time
    int passes = 1;
    for (std::size_t i = 1; i < offsets.size(); ++i) {
        CHECK(offsets[i] <= text.size());
        passes += offsets[i] < offsets[i - 1] ? 1 : 0;
    }
    CHECK(passes == 2);
    CHECK(offsets.back() == text.size());
}

TEST_CASE("a kubectl -o json List is read item by item, as the whole tree reads it", "[tree]") {
    // Each item comes from its own tree with the whole document's lines and columns; the text
    // is released behind each item; a JSON object that is not a List keeps its "items".
    std::string text = "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n";
    for (int i = 0; i < 50; ++i) {
        text += std::string(i ? ",\n" : "") +
                "    {\"kind\": \"Pod\", \"metadata\": {\"name\": " + "\"p" + std::to_string(i) +
                "\"},\n     \"spec\": {\"containers\": []}}";
    }
    text += "\n  ],\n  \"kind\": \"List\"\n}\n";
    ManifestTree whole;
    REQUIRE(parse_manifest_json(text, whole));
    std::vector<std::string> expected;
    int i = 0;
    for (NodeId item : whole.items(whole.get(whole.root, "items"))) {
        NodeId spec = whole.key(item, "spec");
        expected.push_back(std::to_string(i++) + ":" + std::to_string(1 + whole[item].line) + ":" +
                           std::to_string(whole[spec].column) + whole.to_json(item).dump());
    }
    std::vector<std::size_t> offsets;
    std::vector<std::string> got;
    for_each_manifest_object(
        "l.json", text,
        [&](const ManifestDocument& doc, NodeId root, int item) {
            CHECK(doc.tree.root == root); // the item's own tree, not the List's
            NodeId spec = doc.tree.key(root, "spec");
            got.push_back(std::to_string(item) + ":" + std::to_string(doc.line_of(root)) + ":" +
                          std::to_string(doc.tree[spec].column) + doc.tree.to_json(root).dump());
        },
        [&](std::size_t offset) { offsets.push_back(offset); });
    CHECK(got == expected);
    CHECK(offsets.size() > 50);
    CHECK(offsets.back() == text.size());

    std::string not_list = R"({"kind": "Thing", "items": [{"a": 1}, {"b": 2}]})";
    std::vector<std::string> objects;
    for_each_manifest_object(
        "t.json", not_list, [&](const ManifestDocument& doc, NodeId root, int item) {
            objects.push_back(std::to_string(item) + doc.tree.to_json(root).dump());
        });
    CHECK(objects == std::vector<std::string>{R"(-1{"kind":"Thing","items":[{"a":1},{"b":2}]})"});
}
