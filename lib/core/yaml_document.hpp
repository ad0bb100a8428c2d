// One document at a time from a YAML stream, for readers that must not hold every document of a
// 100 MB stream at once (k8s/manifest_tree's per-document fallback). Same checks and errors as
// load_yaml_documents (core/yaml.hpp), which is built on it.
#pragma once

#include "core/yaml.hpp"

#include <string>
#include <string_view>

namespace corral {

// Document `index` of a stream: `span` is one of split_yaml_documents(stream). Its root is Null
// when it holds only comments. The stream must be valid UTF-8 (require_utf8).
YamlDocument load_yaml_document(const std::string& name, std::string_view stream,
                                const DocumentSpan& span, int index,
                                const YamlLoadOptions& options = {});

// True when the text holds only comments and whitespace (an empty document).
bool yaml_only_comments(std::string_view text);

} // namespace corral
