// JSON manifests (what `kubectl get -o json` and `kubectl create --dry-run -o json` write) and
// UTF-16 files, for probe inject and lint: the layout of one JSON object in the source text, so
// that a member can be added, replaced or removed with every other byte left as it was; and the
// decoding kubectl applies to the bytes it reads.
#pragma once

#include "core/io.hpp"
#include "core/output.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s {

struct JsonMemberSpan {
    std::string key;             // decoded key
    std::size_t key_begin = 0;   // offset of the key's opening quote
    std::size_t key_end = 0;     // one past the key's closing quote
    std::size_t value_begin = 0; // offset of the value's first byte
    std::size_t value_end = 0;   // one past the value's last byte
};

struct JsonObjectSpan {
    std::size_t open = 0;  // offset of '{'
    std::size_t close = 0; // offset of the matching '}'
    std::vector<JsonMemberSpan> members;
};

// The members of the strict-JSON object whose '{' is at `open`; nullopt when the text there is
// not strict JSON (YAML flow syntax: unquoted or single-quoted keys, comments, trailing commas).
std::optional<JsonObjectSpan> scan_json_object(std::string_view text, std::size_t open);

// Edits of one object member, formatted as the object's other members are (indentation, the
// separator after keys, line ends; one line when the object is written on one line).
struct JsonSplice {
    std::size_t begin = 0, end = 0; // [begin, end) is replaced by text
    std::string text;
};
JsonSplice json_add_member(std::string_view text, const JsonObjectSpan& object,
                           const std::string& key, const Json& value);
JsonSplice json_replace_member(std::string_view text, const JsonObjectSpan& object,
                               std::size_t member, const Json& value);
JsonSplice json_remove_member(std::string_view text, const JsonObjectSpan& object,
                              std::size_t member);

// The byte encodings kubectl accepts (k8s.io/cli-runtime pkg/resource/visitor.go reads every file
// through unicode.BOMOverride(unicode.UTF8.NewDecoder())): UTF-16 LE or BE with a byte-order mark
// is decoded to UTF-8, a UTF-8 byte-order mark is dropped; anything else is read as UTF-8.
enum class TextEncoding { utf8, utf8_bom, utf16le, utf16be };

struct DecodedInput {
    InputFile file; // content in UTF-8
    TextEncoding encoding = TextEncoding::utf8;
};

// Error::input (file, byte offset as line 1) for a UTF-16 file with an odd length or an unpaired
// surrogate.
DecodedInput decode_input(const InputFile& input);
// UTF-8 text back to `encoding` (with its byte-order mark).
std::string encode_text(std::string_view utf8, TextEncoding encoding);
std::string_view encoding_name(TextEncoding encoding); // "UTF-8", "UTF-16LE", ...

// True when the first non-blank byte of the text is '{' or '[' (a JSON document, as kubectl
// tells JSON from YAML).
bool looks_like_json(std::string_view text);

} // namespace corral::k8s
