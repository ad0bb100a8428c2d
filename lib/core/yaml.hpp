// Safe multi-document YAML loading (SPEC §0 traps): yaml-cpp 0.7's YAML::LoadAll loops forever on
// input as small as ",\n", so it is never called on user input. The stream is split on document
// markers here and each part goes through YAML::Load, after checks that keep yaml-cpp away from
// inputs that crash it (invalid UTF-8, unbounded flow nesting).
#pragma once

#include "core/io.hpp"
#include "core/output.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace corral {

struct YamlDocument {
    YAML::Node root;        // Null for an empty document
    std::string text;       // this document's text (without its "---" line)
    std::size_t offset = 0; // byte offset of `text` in the stream
    int first_line = 1;     // 1-based line of `text`'s first line in the stream
    int index = 0;          // 0-based document number in the stream

    // 1-based line in the stream of a node of this document.
    int line_of(const YAML::Node& node) const { return first_line + node.Mark().line; }
    int column_of(const YAML::Node& node) const { return node.Mark().column + 1; }
};

struct YamlLoadOptions {
    bool keep_empty = false;           // keep documents that hold only comments/whitespace
    bool reject_duplicate_keys = true; // duplicate mapping keys are an input error (as kubectl)
    int max_depth = 512;               // nesting limit (yaml-cpp recurses per level)
};

// One entry per document, in order. Errors are Error::input with file:line:col.
std::vector<YamlDocument> load_yaml_documents(const InputFile& input,
                                              const YamlLoadOptions& options = {});

// Byte ranges [begin, end) of each document's text, split on "---" / "..." lines. Exposed for
// tools that splice text (probe inject) and must agree with the loader on boundaries.
struct DocumentSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    int first_line = 1;
};
std::vector<DocumentSpan> split_yaml_documents(std::string_view text);

// The same spans one at a time, reading the text only as far as the span it returns (a reader
// streaming a mapped 100 MB file keeps only what is ahead of it).
class YamlDocumentSplitter {
public:
    explicit YamlDocumentSplitter(std::string_view text) : m_text(text) {}
    // The next span, false past the last one.
    bool next(DocumentSpan& span);

private:
    std::string_view m_text;
    DocumentSpan m_current{0, 0, 1};
    bool m_in_document = true; // the stream starts inside an implicit document
    bool m_done = false;
    int m_line_no = 1;
    std::size_t m_pos = 0;
};

// Converts a node to JSON with Kubernetes' resolution (sigs.k8s.io/yaml, YAML 1.1 rules for plain
// scalars: true/false/yes/no/on/off, ints incl. 0x/0o, floats, null); quoted scalars stay strings.
// `budget` bounds the number of nodes produced (aliases can multiply them): Error::input past it.
Json yaml_to_json(const YAML::Node& node, std::size_t budget = 50'000'000);

// How a plain scalar resolves (exposed for linters that warn about "8080" vs 8080).
enum class ScalarType { string, boolean, integer, floating, null };
ScalarType resolve_plain_scalar(std::string_view s);
// A plain (unquoted) scalar's JSON value under that resolution, as yaml_to_json gives it.
Json plain_scalar_json(std::string_view s);
// True when the scalar was quoted in the source (yaml-cpp gives quoted scalars the tag "!").
bool scalar_was_quoted(const YAML::Node& node);

} // namespace corral
