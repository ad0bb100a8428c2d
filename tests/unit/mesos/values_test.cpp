// Restates apache/mesos src/tests/values_tests.cpp (ValuesTest.*) and role_tests.cpp
// (RoleTest.Validate, RoleTest.Ancestors, RoleTest.isStrictSubroleOf) as table tests, plus the
// rules of src/common/values.cpp those tests do not cover (derived from the code).
#include "mesos/values.hpp"

#include <catch2/catch.hpp>

using namespace corral::mesos;

namespace {
std::string ranges_of(const std::string& text) {
    return format_ranges(parse_value(text).ranges);
}
} // namespace

TEST_CASE("values::parse valid input (ValuesTest.ValidInput)", "[mesos][values]") {
    Value scalar = parse_value("45.55");
    REQUIRE(scalar.type == ValueType::scalar);
    CHECK(scalar.scalar == Approx(45.55));

    Value ranges = parse_value("[10000-20000, 30000-50000]");
    REQUIRE(ranges.type == ValueType::ranges);
    CHECK(ranges.ranges == std::vector<Range>{{10000, 20000}, {30000, 50000}});

    Value set = parse_value("{sda1, sda2}");
    REQUIRE(set.type == ValueType::set);
    CHECK(set.set == std::vector<std::string>{"sda1", "sda2"});

    // Text, and the unsupported floating point values that become text.
    struct Row {
        const char* input;
        const char* text;
    };
    for (Row row : {Row{"123abc,s", "123abc,s"}, Row{"inf", "inf"}, Row{"-inf", "-inf"},
                    Row{"infinity", "infinity"}, Row{"-infinity", "-infinity"}, Row{"nan", "nan"},
                    Row{"-nan", "-nan"},
                    // derived: negative numbers are TEXT, hexadecimal is TEXT for doubles
                    Row{"-1", "-1"}, Row{"0x10", "0x10"}, Row{"1e", "1e"}, Row{"1.2.3", "1.2.3"},
                    Row{"1e400", "1e400"}}) {
        CAPTURE(row.input);
        Value v = parse_value(row.input);
        REQUIRE(v.type == ValueType::text);
        CHECK(v.text == row.text);
    }
}

TEST_CASE("values::parse invalid input (ValuesTest.InvalidInput)", "[mesos][values]") {
    struct Row {
        const char* input;
        const char* message;
    };
    for (Row row : {
             Row{"{aa,b}}", "Mismatched brackets"},                   // '{' doesn't match
             Row{"[1-2]]", "Mismatched brackets"},                    // '[' doesn't match
             Row{"[1-2b]", "Expecting non-negative integers in '1'"}, // range not numeric
             Row{"  ", "Expecting non-empty string"},                 // empty string
             Row{"7.63918e-313", "Subnormal values not supported"},
             Row{"-7.63918e-313", "Subnormal values not supported"},
             // derived from values.cpp
             Row{"(1", "Mismatched brackets"},
             Row{"[1-2-3]", "Expecting one or more \"ranges\""},
             Row{"a[1-2]", "Unexpected '[' found"},
             Row{"{a[1]}", "Unexpected '[' found"},
             Row{"a{b}", "Unexpected '{' found"},
             Row{"[1-99999999999999999999]", "Expecting non-negative integers in '1'"},
         }) {
        CAPTURE(row.input);
        REQUIRE_THROWS_AS(parse_value(row.input), corral::Error);
        try {
            parse_value(row.input);
        } catch (const corral::Error& e) {
            CHECK(std::string(e.what()) == row.message);
        }
    }
}

TEST_CASE("values::parse scalars (derived from values.cpp and stout numify)", "[mesos][values]") {
    struct Row {
        const char* input;
        double value;
    };
    for (Row row : {Row{"1", 1}, Row{"+2", 2}, Row{"1.", 1}, Row{".5", 0.5}, Row{"1e3", 1000},
                    Row{"1E-2", 0.01}, Row{" 4 ", 4}, Row{"-0", 0}, Row{"1e-400", 0}}) {
        CAPTURE(row.input);
        Value v = parse_value(row.input);
        REQUIRE(v.type == ValueType::scalar);
        CHECK(v.scalar == row.value);
    }
}

TEST_CASE("ranges parse and coalesce (ValuesTest.RangesParse, RangesCoalesceParse)",
          "[mesos][values]") {
    struct Row {
        const char* input;
        const char* expected;
    };
    for (Row row : {
             Row{"[1-10]", "[1-10]"},                                          // RangesParse
             Row{"[4-6, 6-8, 5-9, 3-4, 2-5, 4-6, 1-1, 10-10, 4-6]", "[1-10]"}, // multiple
             Row{"[4-6, 6-8]", "[4-8]"},                                       // simple overlap
             Row{"[6-8, 4-6]", "[4-8]"},                                       // unordered
             Row{"[1-10, 8-10]", "[1-10]"},                                    // subsumed
             Row{"[1-11, 8-10]", "[1-11]"},                 // completely subsumed
             Row{"[1-4, 4-5, 7-8, 8-10]", "[1-5, 7-10]"},   // multiple overlapping
             Row{"[7-8, 1-4, [8-10], 4-5]", "[1-5, 7-10]"}, // overlap mixed
             Row{"[4-6, 7-8]", "[4-8]"},                    // neighbouring
             Row{"[4-6, 7-7]", "[4-7]"},                    // single neighbouring
             Row{"[4-6, 7-7, 8-8, 9-9]", "[4-9]"},          // into a single one
             Row{"[4-6, 7-7, 9-10, 9-11]", "[4-7, 9-11]"},  // into multiple
             Row{"[6-8, 6-8, 4-6, 6-8]", "[4-8]"},          // duplicates
             Row{"[10000-20000, 30000-50000]", "[10000-20000, 30000-50000]"}, // ValidInput
             // derived: inverted ranges survive coalescing unless swallowed by a neighbour
             Row{"[5-3]", "[5-3]"},
             Row{"[4-6, 5-3]", "[4-6]"},
             Row{"[0x10-0x1f]", "[16-31]"},
             Row{"[]", "[]"},
             Row{"[18446744073709551614-18446744073709551615, 0-1]",
                 "[0-1, 18446744073709551614-18446744073709551615]"},
         }) {
        CAPTURE(row.input);
        CHECK(ranges_of(row.input) == row.expected);
    }
}

TEST_CASE("coalesce explicit ranges (ValuesTest.RangesCoalesce)", "[mesos][values]") {
    std::vector<Range> ranges{{1, 4}, {3, 5}, {7, 8}, {8, 10}};
    coalesce(ranges);
    CHECK(ranges == std::vector<Range>{{1, 5}, {7, 10}});
}

TEST_CASE("ranges subtraction (ValuesTest.RangesSubtraction)", "[mesos][values]") {
    struct Row {
        const char* left;
        const char* right;
        const char* expected;
    };
    for (Row row : {Row{"[10000-20000, 30000-50000]", "[10000-20000]", "[30000-50000]"},
                    Row{"[1-10]", "[3-5]", "[1-2, 6-10]"}, Row{"[1-10]", "[1-10]", "[]"},
                    Row{"[1-10]", "[0-3, 9-12]", "[4-8]"}, Row{"[1-10]", "[20-30]", "[1-10]"},
                    Row{"[5-9]", "[1-5, 7-7, 9-20]", "[6-6, 8-8]"}}) {
        CAPTURE(row.left, row.right);
        CHECK(format_ranges(subtract_ranges(parse_value(row.left).ranges,
                                            parse_value(row.right).ranges)) == row.expected);
    }
}

TEST_CASE("fixed-point scalars (ResourcesTest.PrintingScalarPrecision, PrecisionRounding)",
          "[mesos][values]") {
    struct Row {
        double value;
        const char* printed;
    };
    for (Row row :
         {Row{1.234, "1.234"}, Row{1.2345, "1.235"}, Row{1.2344, "1.234"}, Row{1.1, "1.1"},
          Row{1000001, "1000001"}, Row{99999999999.9994, "99999999999.999"}, Row{1.5015, "1.502"},
          Row{1.5011, "1.501"}, Row{8.40000000000185, "8.4"}, Row{1.17950094136177e-12, "0"}}) {
        CAPTURE(row.value);
        CHECK(format_scalar(row.value) == row.printed);
    }
    CHECK(to_fixed(1.5015) == 1502);
    CHECK(from_fixed(1502) == 1.502);
    CHECK(json_scalar(8400) == 8.4);
}

TEST_CASE("roles::validate (RoleTest.Validate)", "[mesos][roles]") {
    for (const char* ok :
         {"foo", "123", "foo_123", "*", "foo-bar", "foo.bar", "foo..bar", "...", "foo/bar",
          "foo/.bar", "foo/bar/baz", "a/b/c/d/e/f/g/h", "r,p" /* commas are allowed */}) {
        CAPTURE(ok);
        CHECK_FALSE(validate_role(ok).has_value());
    }
    struct Row {
        const char* role;
        const char* message;
    };
    for (Row row : {
             Row{"", "Role names cannot be the empty string"},
             Row{".", "Role '.' cannot include '.' as a component"},
             Row{"..", "Role '..' cannot include '..' as a component"},
             Row{"-foo", "Role component '-foo' is invalid because it starts with a dash"},
             Row{"/", "Role '/' cannot start with a slash"},
             Row{"/foo", "Role '/foo' cannot start with a slash"},
             Row{"foo/", "Role 'foo/' cannot end with a slash"},
             Row{"foo//bar", "Role 'foo//bar' cannot contain two adjacent slashes"},
             Row{"foo/bar/", "Role 'foo/bar/' cannot end with a slash"},
             Row{"foo bar",
                 "Role component 'foo bar' is invalid because it contains backspace or whitespace"},
             Row{"foo\tbar", "Role component 'foo\tbar' is invalid because it contains "
                             "backspace or whitespace"},
             Row{"foo\nbar", "Role component 'foo\nbar' is invalid because it contains "
                             "backspace or whitespace"},
             Row{"./.", "Role './.' cannot include '.' as a component"},
             Row{"../..", "Role '../..' cannot include '..' as a component"},
             Row{"./foo", "Role './foo' cannot include '.' as a component"},
             Row{"../foo", "Role '../foo' cannot include '..' as a component"},
             Row{"foo/.", "Role 'foo/.' cannot include '.' as a component"},
             Row{"foo/..", "Role 'foo/..' cannot include '..' as a component"},
             Row{"foo/./bar", "Role 'foo/./bar' cannot include '.' as a component"},
             Row{"foo/../bar", "Role 'foo/../bar' cannot include '..' as a component"},
             Row{"foo/-bar", "Role component '-bar' is invalid because it starts with a dash"},
             Row{"foo/*", "Role 'foo/*' cannot include '*' as a component"},
             Row{"foo/*/bar", "Role 'foo/*/bar' cannot include '*' as a component"},
             Row{"*/foo", "Role '*/foo' cannot include '*' as a component"},
             Row{"a\x7f", "Role component 'a\x7f' is invalid because it contains backspace or "
                          "whitespace"},
         }) {
        CAPTURE(row.role);
        auto error = validate_role(row.role);
        REQUIRE(error.has_value());
        CHECK(*error == row.message);
    }
}

TEST_CASE("roles::ancestors and isStrictSubroleOf (RoleTest.Ancestors, isStrictSubroleOf)",
          "[mesos][roles]") {
    CHECK(role_ancestors("role").empty());
    CHECK(role_ancestors("a/b/c") == std::vector<std::string>{"a/b", "a"});
    CHECK(is_strict_subrole("foo/bar", "foo"));
    CHECK(is_strict_subrole("foo/bar/baz", "foo"));
    CHECK_FALSE(is_strict_subrole("foo", "foo"));
    CHECK_FALSE(is_strict_subrole("foobar", "foo"));
    CHECK_FALSE(is_strict_subrole("foo", "foo/bar"));
    CHECK_FALSE(is_strict_subrole("bar/foo", "foo"));
}
