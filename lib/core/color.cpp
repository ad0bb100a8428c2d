#include "core/color.hpp"

#include "core/output.hpp"

namespace corral {

namespace {

std::string_view sgr(Style style) {
    switch (style) {
    case Style::error:
    case Style::fail:
        return "\x1b[1;31m";
    case Style::warning:
        return "\x1b[33m";
    case Style::info:
        return "\x1b[36m";
    case Style::ok:
        return "\x1b[32m";
    case Style::bold:
        break;
    }
    return "\x1b[1m";
}

} // namespace

std::string paint(Style style, std::string_view text, bool enabled) {
    if (!enabled || text.empty()) {
        return std::string(text);
    }
    std::string out(sgr(style));
    out += text;
    out += "\x1b[0m";
    return out;
}

std::string paint(Style style, std::string_view text) {
    return paint(style, text, output_settings().color);
}

Style severity_style(std::string_view severity) {
    if (severity == "error" || severity == "fatal") {
        return Style::error;
    }
    if (severity == "warning" || severity == "warn") {
        return Style::warning;
    }
    if (severity == "info" || severity == "hint" || severity == "notice") {
        return Style::info;
    }
    return Style::bold;
}

std::size_t sgr_length(std::string_view s, std::size_t i) {
    if (i + 1 >= s.size() || s[i] != '\x1b' || s[i + 1] != '[') {
        return 0;
    }
    std::size_t j = i + 2;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')) {
        ++j;
    }
    return j < s.size() && s[j] == 'm' ? j + 1 - i : 0;
}

std::string strip_sgr(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (std::size_t n = sgr_length(s, i)) {
            i += n - 1;
            continue;
        }
        out += s[i];
    }
    return out;
}

} // namespace corral
