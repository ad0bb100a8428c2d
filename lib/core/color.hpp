// Colour on a terminal only (SPEC §0, clig.dev): severities and pass/fail are painted with SGR
// codes when output_settings().color is on, which cli/ resolves once from the TTY, NO_COLOR,
// TERM=dumb and --no-color (color_wanted in core/output.hpp). Everywhere else paint() returns the
// text as is, so renderers call it unconditionally and golden output stays byte-stable.
#pragma once

#include <string>
#include <string_view>

namespace corral {

enum class Style {
    error,   // severity "error", a failed check: bold red
    warning, // severity "warning": yellow
    info,    // severity "info"/"hint": cyan
    ok,      // a passed check: green
    fail,    // a failed check ("FAILED"): bold red
    bold,    // headings
};

// `text` wrapped in the style's SGR sequence and a reset when colour is on, else `text` unchanged.
std::string paint(Style style, std::string_view text);
// The same with an explicit switch (tests, or output that goes to stderr).
std::string paint(Style style, std::string_view text, bool enabled);

// The style for a finding severity word ("error", "warning", "info"/"hint"/"notice"); Style::bold
// for anything else.
Style severity_style(std::string_view severity);

// Length of the SGR sequence (ESC [ digits/; m) starting at s[i], or 0 when none starts there.
std::size_t sgr_length(std::string_view s, std::size_t i);
// `s` without SGR escape sequences (ESC [ ... m), for measuring painted table cells.
std::string strip_sgr(std::string_view s);

} // namespace corral
