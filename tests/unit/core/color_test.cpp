#include "core/color.hpp"
#include "core/output.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace corral;

TEST_CASE("paint wraps text in SGR codes only when colour is on", "[color]") {
    CHECK(paint(Style::error, "error", false) == "error");
    CHECK(paint(Style::error, "error", true) == "\x1b[1;31merror\x1b[0m");
    CHECK(paint(Style::warning, "warning", true) == "\x1b[33mwarning\x1b[0m");
    CHECK(paint(Style::ok, "ok", true) == "\x1b[32mok\x1b[0m");
    CHECK(paint(Style::info, "", true).empty());

    output_settings().color = false;
    CHECK(paint(Style::fail, "FAILED") == "FAILED");
    output_settings().color = true;
    CHECK(paint(Style::fail, "FAILED") == "\x1b[1;31mFAILED\x1b[0m");
    output_settings().color = false;
}

TEST_CASE("severity words map to styles", "[color]") {
    struct Row {
        const char* word;
        Style style;
    };
    for (const Row& row :
         {Row{"error", Style::error}, Row{"warning", Style::warning}, Row{"info", Style::info},
          Row{"hint", Style::info}, Row{"other", Style::bold}}) {
        INFO(row.word);
        CHECK(severity_style(row.word) == row.style);
    }
}

TEST_CASE("painted cells keep tables aligned", "[color][table]") {
    std::string painted = paint(Style::ok, "ok", true);
    CHECK(display_width(painted) == 2);
    CHECK(strip_sgr(painted) == "ok");
    CHECK(strip_sgr("a\x1b[1;31mb\x1b[0mc\x1b[") == "abc\x1b[");
    Table t({"HOP", "RESULT"});
    t.add_row({"put", painted});
    t.add_row({"event", paint(Style::fail, "FAILED", true)});
    CHECK(strip_sgr(t.render()) == "HOP    RESULT\nput    ok\nevent  FAILED\n");
}

TEST_CASE("colour is off for NO_COLOR, TERM=dumb, --no-color and pipes", "[color]") {
    // Under ctest stdout is not a terminal, so colour is off whatever the environment says.
    CHECK_FALSE(color_wanted(true));
    ::setenv("NO_COLOR", "1", 1);
    CHECK_FALSE(color_wanted(false));
    ::setenv("NO_COLOR", "", 1);
    ::setenv("TERM", "dumb", 1);
    CHECK_FALSE(color_wanted(false));
}
