#include "core/report.hpp"

#include "core/log.hpp"

namespace corral {

void print_formatted(const Json& data, std::string_view text, Format format) {
    switch (format) {
    case Format::json:
        write_stdout(to_json(data));
        break;
    case Format::jsonl:
        if (data.is_array()) {
            std::string out;
            for (const auto& item : data) {
                out += to_json_line(item);
            }
            write_stdout(out);
        } else {
            write_stdout(to_json_line(data));
        }
        break;
    case Format::yaml:
        write_stdout(to_yaml(data));
        break;
    case Format::text:
        // Escapes what renderers let through: no input byte may drive the terminal (issue 15).
        write_stdout(terminal_text(text, output_settings().color));
        break;
    }
}

int print_report(const Report& report, Format format) {
    print_formatted(report.data, report.text, format);
    if (!report.summary.empty()) {
        log::info("{}", report.summary);
    }
    return report.exit;
}

int print_report(const Report& report) {
    return print_report(report, output_settings().format);
}

bool format_listed(std::string_view formats, std::string_view format) {
    while (!formats.empty()) {
        std::size_t comma = formats.find(',');
        if (formats.substr(0, comma) == format) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        formats.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace corral
