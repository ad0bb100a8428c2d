// Output writers: every data command builds one nlohmann::ordered_json value (insertion order is
// the stable key order) and prints it as JSON, YAML or a text rendering of its own. Text tables use
// Table. Nothing here writes to stderr; diagnostics go through core/log.hpp.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace corral {

using Json = nlohmann::ordered_json;

enum class Format { text, json, yaml, jsonl };

// Parses "text|json|yaml|jsonl"; throws Error::usage naming the closest choice.
Format parse_format(std::string_view name);
std::string_view format_name(Format format);

// JSON: one document, two-space indent, trailing newline, UTF-8 passed through.
std::string to_json(const Json& value);
// One line, for jsonl streams (with trailing newline).
std::string to_json_line(const Json& value);
// YAML block style. Strings are double-quoted whenever a YAML 1.1 or 1.2 reader would resolve the
// plain form to anything but that string (bool, int, float, null, "on", "0755", "1e3", ...), or
// when it holds characters that plain scalars cannot carry.
std::string to_yaml(const Json& value);

// True when `s` written as a plain YAML scalar would not read back as the same string.
bool yaml_needs_quotes(std::string_view s);
// `s` as a YAML scalar: plain when safe, double-quoted and escaped otherwise.
std::string yaml_scalar(std::string_view s);
// `s` as a JSON string literal with quotes.
std::string json_quote(std::string_view s);

// Fixed-point decimal without float drift: 8.40000000000185 -> "8.4", 2.0 -> "2".
std::string format_decimal(double value, int max_decimals = 3);

// Aligned text table; columns separated by two spaces, header row in upper case as given.
class Table {
public:
    explicit Table(std::vector<std::string> headers) : m_headers(std::move(headers)) {}
    void add_row(std::vector<std::string> cells);
    bool empty() const { return m_rows.empty(); }
    // Right-align a column (numbers).
    void align_right(std::size_t column);
    std::string render() const;

private:
    std::vector<std::string> m_headers;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<bool> m_right;
};

// Text for a terminal: C0 and C1 controls, DEL and bytes that are not UTF-8 become \xNN (as
// `notify watch -o text` prints keys). Table cells go through it. SGR colour sequences
// (ESC [ digits;... m, what paint() writes) are kept: they can only colour, never move the
// cursor, clear the screen or start a line.
std::string visible_text(std::string_view s);
bool needs_visible_escape(std::string_view s);

// The last line of defence for whole text outputs and stderr lines (issue 15: a master's strings
// cleared the screen and forged table rows): like visible_text, but line feeds and tabs are kept
// (they are the layout), and SGR colour sequences only when `keep_sgr` (colour is on). Text that
// needs no escape comes back unchanged. Renderers still escape fields that could hold a newline.
std::string terminal_text(std::string_view s, bool keep_sgr);

// Display width of UTF-8 text (code points; no East Asian width tables; SGR colour codes count 0).
std::size_t display_width(std::string_view s);

// Process-wide output settings, set once by cli/ after parsing.
struct OutputSettings {
    Format format = Format::text;
    bool quiet = false;
    bool color = false; // resolved: TTY && !NO_COLOR && !--no-color
};
OutputSettings& output_settings();

// Decides colour per SPEC §0: only when stdout is a TTY, NO_COLOR unset or empty, and not disabled.
bool color_wanted(bool no_color_flag);

// Writes the whole string to stdout (loops over partial writes; EPIPE ends quietly).
void write_stdout(std::string_view s);

// Prints `value` in the selected format; `text` is used for Format::text.
void print_result(const Json& value, const std::string& text);

} // namespace corral
