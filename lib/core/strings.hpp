// Small string helpers every domain needs, in one place (before: trim five times, shell quoting
// three times, the YAML 1.1 bool word list three times). ASCII only: case mapping and white space
// never depend on the locale.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace corral {

inline constexpr std::string_view whitespace = " \t\r\n";

// `s` without leading and trailing characters from `chars` (default: space, tab, CR, LF).
std::string trim(std::string_view s, std::string_view chars = whitespace);
// The same as a view into `s`.
std::string_view trim_view(std::string_view s, std::string_view chars = whitespace);

// `s` trimmed of `chars`, with every run of them inside written as one space ("  a \t b " -> "a
// b").
std::string collapse_whitespace(std::string_view s, std::string_view chars = whitespace);

// `items` with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator);
// `s` split at every `separator` (empty fields kept; "" gives one empty field).
std::vector<std::string> split(std::string_view s, char separator);

// ASCII lower and upper case.
std::string lower(std::string_view s);
std::string upper(std::string_view s);

// A POSIX sh word that reads back as `s`: single-quoted, with ' written as '\''.
std::string shell_quote(std::string_view s);

// Lower-case hexadecimal of the bytes of `s` ("\x01\xff" -> "01ff").
std::string to_hex(std::string_view bytes);
// The bytes `hex` spells (either case); Error::input on an odd length or a non-hex digit.
std::string from_hex(std::string_view hex);
// The value of one hexadecimal digit (0-9, a-f, A-F), or -1.
int hex_digit_value(char c);

// YAML 1.1 (yaml-cpp, PyYAML, go-yaml v2, Kubernetes' sigs.k8s.io/yaml) resolves these plain
// scalars to booleans: y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|
// off|Off|OFF (https://yaml.org/type/bool.html).
bool yaml11_bool_word(std::string_view s);
// The true half of that list (y, yes, true, on in their three spellings).
bool yaml11_true_word(std::string_view s);
// ...and these to null: "" | ~ | null | Null | NULL (https://yaml.org/type/null.html).
bool yaml11_null_word(std::string_view s);

} // namespace corral
