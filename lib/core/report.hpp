// The one result type of a verb: what `-o json|yaml` prints (data), what text prints (text), and
// the exit status (an ErrorKind value: 0 ok, 1 check failed). A library function builds it and
// never prints; cli/ prints it once (cli/context.hpp on_run) in the format the user chose.
#pragma once

#include "core/error.hpp"
#include "core/output.hpp"

#include <string>
#include <string_view>

namespace corral {

struct Report {
    Json data = Json::object(); // printed by -o json|yaml|jsonl, key order as inserted
    std::string text;           // printed by -o text (ends with a newline when not empty)
    int exit = 0;               // static_cast<int>(ErrorKind): 0, or 1 when a check failed
    // A line for stderr once the result is out (a lint run's "N errors, M warnings in K files"):
    // logged as info after stdout is written, so a terminal shows it last; -q silences it.
    std::string summary{};

    // Sets `exit` to ErrorKind::check when `passed` is false (keeps a worse status).
    Report& check(bool passed) {
        if (!passed && exit == 0) {
            exit = exit_code(ErrorKind::check);
        }
        return *this;
    }
};

// Writes the report in `format` to stdout: JSON and YAML print `data`, jsonl one line per element
// of an array (or the one value), text prints `text`; then logs `summary`. Returns report.exit.
int print_report(const Report& report, Format format);
// The same in output_settings().format.
int print_report(const Report& report);
// The writer behind both (and print_result in core/output.hpp).
void print_formatted(const Json& data, std::string_view text, Format format);

// Output formats a verb accepts: "text,json,yaml" (the default), or a subset/superset such as
// "text" or "text,jsonl". format_listed answers whether `format` is one of them.
bool format_listed(std::string_view formats, std::string_view format);

} // namespace corral
