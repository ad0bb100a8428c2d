#include "core/error.hpp"
#include "core/io.hpp"
#include "core/yaml.hpp"

#include "unit/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

using namespace corral;
namespace fs = std::filesystem;

namespace {

using corral::test::TempDir;

int error_line(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.line();
    }
    return -1;
}

} // namespace

TEST_CASE("yaml streams split on document markers with line numbers", "[yaml]") {
    InputFile in{"m.yaml", "# leading comment\n"
                           "---\n"
                           "kind: Pod\n"
                           "metadata:\n"
                           "  name: a\n"
                           "---\n"
                           "# only a comment\n"
                           "---   \n"
                           "kind: Service\n"
                           "...\n"
                           "---\n"
                           "kind: Job\n"};
    auto docs = load_yaml_documents(in);
    REQUIRE(docs.size() == 3);
    CHECK(docs[0].root["kind"].as<std::string>() == "Pod");
    CHECK(docs[0].line_of(docs[0].root["metadata"]["name"]) == 5);
    CHECK(docs[1].root["kind"].as<std::string>() == "Service");
    CHECK(docs[1].line_of(docs[1].root["kind"]) == 9);
    CHECK(docs[2].line_of(docs[2].root["kind"]) == 12);
    CHECK(docs[2].index == 2);
}

TEST_CASE("yaml document spans: markers, ends and the incremental splitter agree", "[yaml]") {
    struct Case {
        const char* text;
        std::vector<std::tuple<std::size_t, std::size_t, int>> spans; // begin, end, first line
    };
    const Case cases[] = {
        {"", {{0, 0, 1}}},
        {"a: 1", {{0, 4, 1}}},
        {"---\na: 1\n", {{0, 0, 1}, {3, 9, 1}}},
        {"a: 1\n---\nb: 2\n", {{0, 5, 1}, {8, 14, 2}}},
        {"a: 1\n...\n", {{0, 5, 1}}},
        {"a: 1\n...\nignored: x\n---\nb: 2", {{0, 5, 1}, {23, 28, 4}}},
        {"--- a: 1\n--- \r\n", {{0, 0, 1}, {3, 9, 1}, {12, 15, 2}}},
        {"---x\n---\n", {{0, 5, 1}, {8, 9, 2}}}, // "---x" is not a marker
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto spans = split_yaml_documents(c.text);
        REQUIRE(spans.size() == c.spans.size());
        YamlDocumentSplitter splitter(c.text);
        for (std::size_t i = 0; i < spans.size(); ++i) {
            CHECK(spans[i].begin == std::get<0>(c.spans[i]));
            CHECK(spans[i].end == std::get<1>(c.spans[i]));
            CHECK(spans[i].first_line == std::get<2>(c.spans[i]));
            DocumentSpan one;
            REQUIRE(splitter.next(one));
            CHECK((one.begin == spans[i].begin && one.end == spans[i].end));
        }
        DocumentSpan past;
        CHECK_FALSE(splitter.next(past));
        CHECK_FALSE(splitter.next(past));
    }
}

TEST_CASE("yaml-cpp LoadAll hang input is handled", "[yaml]") {
    // yaml-cpp 0.7 LoadAll loops forever on ",\n" (jbeder/yaml-cpp#1040).
    InputFile in{"x.yaml", ",\n"};
    try {
        auto docs = load_yaml_documents(in);
        CHECK(docs.size() <= 1);
    } catch (const Error& e) {
        CHECK(e.exit_code() == 3);
    }
}

TEST_CASE("yaml errors carry file, line and column", "[yaml]") {
    InputFile bad{"bad.yaml", "a: 1\n---\nb: [1, 2\nc: 3\n"};
    CHECK(error_line([&] { load_yaml_documents(bad); }) >= 3);
    InputFile dup{"dup.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n"};
    try {
        load_yaml_documents(dup);
        FAIL("duplicate key accepted");
    } catch (const Error& e) {
        CHECK(e.line() == 4);
        CHECK(e.path() == "b.c");
        CHECK(std::string(e.what()).find("duplicate mapping key 'c'") != std::string::npos);
    }
    InputFile tabs{"tabs.yaml", "a:\n\tb: 1\n"};
    CHECK(error_line([&] { load_yaml_documents(tabs); }) == 2);
    InputFile deep{"deep.yaml", std::string(100000, '[')};
    CHECK_THROWS_AS(load_yaml_documents(deep), Error);
    InputFile binary{"bin", std::string("\xff\xfe\x00\x01", 4)};
    CHECK(error_line([&] { load_yaml_documents(binary); }) == 1);
}

TEST_CASE("yaml aliases: shared nodes load, cycles and collection keys are rejected", "[yaml]") {
    // Shared anchors (the alias-bomb shape, small) are fine and convert once per reference.
    InputFile shared{"s.yaml", "a: &x [1, 2]\nb: [*x, *x]\nc: *x\n"};
    auto docs = load_yaml_documents(shared);
    CHECK(yaml_to_json(docs[0].root).dump() == R"({"a":[1,2],"b":[[1,2],[1,2]],"c":[1,2]})");
    // A collection that contains itself (found by libFuzzer: it overflowed the stack). Go's
    // yaml.v2 rejects it with "anchor 'x' value contains itself".
    for (const char* text : {"k: &x\n- *x\n", "a: 1\nk: &x {b: [1, *x]}\n", "&r [a, *r]\n"}) {
        INFO(text);
        InputFile cyclic{"c.yaml", text};
        try {
            load_yaml_documents(cyclic);
            FAIL("cycle accepted");
        } catch (const Error& e) {
            CHECK(e.exit_code() == 3);
            CHECK(std::string(e.what()).find("anchor value contains itself") != std::string::npos);
        }
    }
    // sigs.k8s.io/yaml has no JSON form for a collection key ("Unsupported map key").
    InputFile complex_key{"k.yaml", "a: 1\n? [x, y]\n: 2\n"};
    CHECK(error_line([&] { load_yaml_documents(complex_key); }) == 2);
}

TEST_CASE("yaml to json follows Kubernetes' resolution", "[yaml]") {
    InputFile in{"r.yaml", "a: on\nb: \"on\"\nc: 8080\nd: \"8080\"\ne: 0x1F\nf: 1.5\ng: ~\nh: yes\n"
                           "i: 012\nj: 1e3\nk: web\nl: !!str 5\n"};
    auto docs = load_yaml_documents(in);
    Json j = yaml_to_json(docs[0].root);
    CHECK(j["a"] == true);
    CHECK(j["b"] == "on");
    CHECK(j["c"] == 8080);
    CHECK(j["d"] == "8080");
    CHECK(j["e"] == 31);
    CHECK(j["f"] == 1.5);
    CHECK(j["g"].is_null());
    CHECK(j["h"] == true);
    CHECK(j["i"] == 10);
    CHECK(j["j"] == 1000.0);
    CHECK(j["k"] == "web");
    CHECK(j["l"] == "5");
    CHECK(scalar_was_quoted(docs[0].root["d"]));
    CHECK_FALSE(scalar_was_quoted(docs[0].root["c"]));
}

TEST_CASE("alias bombs are bounded", "[yaml]") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
                prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
        prev = c;
    }
    InputFile in{"bomb.yaml", bomb};
    // Refused at load (issue 15), before any walk could expand it...
    CHECK_THROWS_AS(load_yaml_documents(in), Error);
    // ...and yaml_to_json keeps its own budget for nodes built elsewhere.
    YAML::Node root = YAML::Load(bomb);
    CHECK_THROWS_AS(yaml_to_json(root, 1000000), Error);
}

TEST_CASE("utf-8 validation finds the first bad byte", "[io]") {
    CHECK(find_invalid_utf8("plain ascii") == std::string_view::npos);
    CHECK(find_invalid_utf8("caf\xc3\xa9") == std::string_view::npos);
    CHECK(find_invalid_utf8("ab\xc3") == 2);
    CHECK(find_invalid_utf8("ab\xc0\xaf") == 2);   // overlong
    CHECK(find_invalid_utf8("\xed\xa0\x80") == 0); // surrogate
    CHECK(find_invalid_utf8("ok\n\xff") == 3);
    Position p = position_of("ab\ncd\xff", 5);
    CHECK(p.line == 2);
    CHECK(p.column == 3);
}

TEST_CASE("inputs: files, directories, missing paths", "[io]") {
    TempDir dir;
    fs::create_directories(dir.path / "sub");
    std::ofstream(dir.path / "b.yaml") << "b: 1\n";
    std::ofstream(dir.path / "sub" / "a.yml") << "a: 1\n";
    std::ofstream(dir.path / "notes.txt") << "x\n";
    auto files = expand_inputs({dir.path.string()});
    REQUIRE(files.size() == 2);
    CHECK(files[0] == (dir.path / "b.yaml").string());
    CHECK(files[1] == (dir.path / "sub" / "a.yml").string());
    CHECK_THROWS_AS(expand_inputs({(dir.path / "missing").string()}), Error);
    try {
        read_input(dir.path.string());
        FAIL("directory read as file");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("is a directory") != std::string::npos);
        CHECK(e.exit_code() == 3);
    }
}

TEST_CASE("input views map large files and read the rest", "[io]") {
    TempDir dir;
    std::string big(3 << 20, 'x'); // above the 1 MiB mapping threshold
    big.back() = '\n';
    std::ofstream(dir.path / "big.json", std::ios::binary) << big;
    std::ofstream(dir.path / "small.json", std::ios::binary) << "{}\n";
    std::ofstream(dir.path / "empty.json", std::ios::binary);
    {
        InputView view((dir.path / "big.json").string());
        CHECK(view.text() == big);
        CHECK(view.name() == (dir.path / "big.json").string());
    }
    CHECK(InputView((dir.path / "small.json").string()).text() == "{}\n");
    CHECK(InputView((dir.path / "empty.json").string()).text().empty());
    for (const char* bad : {"missing.json", "."}) {
        INFO(bad);
        try {
            InputView view((dir.path / bad).string());
            FAIL("read");
        } catch (const Error& e) {
            CHECK(e.exit_code() == 3);
            CHECK(std::string(e.what()).find((dir.path / bad).string()) == 0);
        }
    }
    ::setenv("CORRAL_MAX_INPUT_BYTES", "1048576", 1);
    CHECK_THROWS_AS(InputView((dir.path / "big.json").string()), Error);
    ::unsetenv("CORRAL_MAX_INPUT_BYTES");
}

namespace {

// Resident kB of the mapping that holds `p` (/proc/self/smaps), -1 when not found.
long resident_kb(const void* p) {
    std::ifstream smaps("/proc/self/smaps");
    auto at = reinterpret_cast<std::uintptr_t>(p);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        unsigned long lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2) { // a mapping's first line
            inside = at >= lo && at < hi;
        } else if (inside && line.rfind("Rss:", 0) == 0) {
            return std::stol(line.substr(4));
        }
    }
    return -1;
}

} // namespace

TEST_CASE("input views give back the pages behind a reader and still read them", "[io]") {
    TempDir dir;
    std::string big;
    for (int i = 0; big.size() < (std::size_t{8} << 20); ++i) {
        big += "line " + std::to_string(i) + "\n";
    }
    std::ofstream(dir.path / "big.yaml", std::ios::binary) << big;
    InputView view((dir.path / "big.yaml").string());
    std::string_view text = view.text();
    std::size_t sum = 0;
    for (char ch : text) { // every page in memory
        sum += static_cast<unsigned char>(ch);
    }
    long before = resident_kb(text.data());
    REQUIRE(before >= 7 * 1024);
    view.release_before(text.size() / 2);
    long half = resident_kb(text.data());
    CHECK(half <= before - 3 * 1024);
    view.release_before(text.size());
    CHECK(resident_kb(text.data()) < 64);
    CHECK(text == big); // read back from the page cache
    // A smaller offset starts a new pass: what it read again is given back again.
    view.release_before(1);
    std::size_t again = 0;
    for (char ch : text) {
        again += static_cast<unsigned char>(ch);
    }
    CHECK(again == sum);
    view.release_before(text.size());
    CHECK(resident_kb(text.data()) < 64);
    // A copied input (stdin, small files) ignores it.
    std::ofstream(dir.path / "small.yaml", std::ios::binary) << "a: 1\n";
    InputView small((dir.path / "small.yaml").string());
    small.release_before(5);
    CHECK(small.text() == "a: 1\n");
}

TEST_CASE("atomic writes refuse to overwrite and leave no partial file", "[io]") {
    TempDir dir;
    std::string path = (dir.path / "agent").string();
    write_file_atomic(path, "#!/bin/sh\n", {false, 0755});
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0755);
    try {
        write_file_atomic(path, "new", {});
        FAIL("overwrote without force");
    } catch (const Error& e) {
        CHECK(e.exit_code() == 2);
        CHECK(std::string(e.what()).find("--force") != std::string::npos);
    }
    write_file_atomic(path, "new", {true, 0644});
    std::ifstream in(path);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(content == "new");
    CHECK_THROWS_AS(write_file_atomic((dir.path / "no" / "such" / "dir").string(), "x"), Error);
    std::size_t entries = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(dir.path)) {
        ++entries;
    }
    CHECK(entries == 1); // no temp files left behind
}
