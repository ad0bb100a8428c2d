#include "core/strings.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace corral;

TEST_CASE("trim, join, split, lower, upper", "[strings]") {
    struct Row {
        std::string_view in;
        std::string_view trimmed;
    };
    for (const Row& r : {Row{"", ""}, Row{"  ", ""}, Row{" a ", "a"}, Row{"\t a b\r\n", "a b"},
                         Row{"a", "a"}, Row{"\na\n", "a"}}) {
        INFO(std::string(r.in));
        CHECK(trim(r.in) == r.trimmed);
        CHECK(trim_view(r.in) == r.trimmed);
    }
    CHECK(trim(" a\n", " ") == "a\n");
    CHECK(join({}, ",").empty());
    CHECK(join({"a"}, ", ") == "a");
    CHECK(join({"a", "", "c"}, ", ") == "a, , c");
    CHECK(split("", ',') == std::vector<std::string>{""});
    CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
    CHECK(split("a,", ',') == std::vector<std::string>{"a", ""});
    CHECK(lower("Content-Type ÄB") == "content-type Äb");
    CHECK(upper("x-amz-date") == "X-AMZ-DATE");
}

TEST_CASE("collapse_whitespace trims and writes each run as one space", "[strings]") {
    CHECK(collapse_whitespace("").empty());
    CHECK(collapse_whitespace(" \t\r\n ").empty());
    CHECK(collapse_whitespace("  a \t b\n\nc  ") == "a b c");
    CHECK(collapse_whitespace("a") == "a");
    // SigV4 "Trimall" (canonical header values): spaces and tabs only.
    CHECK(collapse_whitespace(" a\n  b ", " \t") == "a\n b");
}

TEST_CASE("shell_quote reads back as the same word in sh", "[strings]") {
    struct Row {
        std::string_view in;
        std::string_view quoted;
    };
    for (const Row& r :
         {Row{"", "''"}, Row{"abc", "'abc'"}, Row{"a b", "'a b'"}, Row{"it's", "'it'\\''s'"},
          Row{"$(rm -rf /)", "'$(rm -rf /)'"}, Row{"a\nb", "'a\nb'"}, Row{"'", "''\\'''"}}) {
        INFO(std::string(r.in));
        CHECK(shell_quote(r.in) == r.quoted);
    }
}

TEST_CASE("to_hex", "[strings]") {
    CHECK(to_hex("").empty());
    CHECK(to_hex(std::string("\x00\x01\x7f\x80\xff", 5)) == "00017f80ff");
    CHECK(to_hex("abc") == "616263");
}

TEST_CASE("from_hex and hex_digit_value", "[strings]") {
    CHECK(from_hex("").empty());
    CHECK(from_hex("00017f80ff") == std::string("\x00\x01\x7f\x80\xff", 5));
    CHECK(from_hex("00017F80FF") == std::string("\x00\x01\x7f\x80\xff", 5));
    CHECK(from_hex(to_hex("round trip")) == "round trip");
    CHECK_THROWS_AS(from_hex("abc"), Error); // odd length
    CHECK_THROWS_AS(from_hex("0g"), Error);  // not a digit
    CHECK_THROWS_AS(from_hex("-1"), Error);
    CHECK(hex_digit_value('0') == 0);
    CHECK(hex_digit_value('9') == 9);
    CHECK(hex_digit_value('a') == 10);
    CHECK(hex_digit_value('F') == 15);
    CHECK(hex_digit_value('g') == -1);
    CHECK(hex_digit_value('/') == -1);
    CHECK(hex_digit_value(':') == -1);
}

TEST_CASE("YAML 1.1 bool and null words (yaml.org/type/bool.html, null.html)", "[strings]") {
    struct Row {
        std::string_view word;
        bool is_bool;
        bool is_true;
        bool is_null;
    };
    for (const Row& r : {
             Row{"y", true, true, false},       Row{"Y", true, true, false},
             Row{"yes", true, true, false},     Row{"Yes", true, true, false},
             Row{"YES", true, true, false},     Row{"true", true, true, false},
             Row{"True", true, true, false},    Row{"TRUE", true, true, false},
             Row{"on", true, true, false},      Row{"On", true, true, false},
             Row{"ON", true, true, false},      Row{"n", true, false, false},
             Row{"N", true, false, false},      Row{"no", true, false, false},
             Row{"No", true, false, false},     Row{"NO", true, false, false},
             Row{"false", true, false, false},  Row{"False", true, false, false},
             Row{"FALSE", true, false, false},  Row{"off", true, false, false},
             Row{"Off", true, false, false},    Row{"OFF", true, false, false},
             Row{"yEs", false, false, false},   Row{"oN", false, false, false},
             Row{"1", false, false, false},     Row{"0", false, false, false},
             Row{"onion", false, false, false}, Row{"", false, false, true},
             Row{"~", false, false, true},      Row{"null", false, false, true},
             Row{"Null", false, false, true},   Row{"NULL", false, false, true},
             Row{"nULL", false, false, false},  Row{"none", false, false, false},
         }) {
        INFO(std::string(r.word));
        CHECK(yaml11_bool_word(r.word) == r.is_bool);
        CHECK(yaml11_true_word(r.word) == r.is_true);
        CHECK(yaml11_null_word(r.word) == r.is_null);
    }
}
