// Field path -> position in a parsed YAML document, for findings whose producers know only the
// path (kube-scheduler's field.Path strings: "profiles[0].plugins.score.enabled[1].weight").
#pragma once

#include "core/io.hpp"
#include "core/yaml.hpp"

#include <string_view>

namespace corral {

// The 1-based line and column of the node `path` names in `doc`: for a mapping entry the position
// of its key, for a sequence item the item's. A path that leaves the document (a missing field, an
// index past the end) gives the position of the deepest node it reaches; the empty path gives the
// root's. Segments: ".name" or a leading "name", "[N]" (sequence index), "[key]" (mapping key).
Position locate_yaml_path(const YamlDocument& doc, std::string_view path);

// One segment of such a path, taken off the front of `rest`: `name` is the field name, the index's
// digits or the bracketed key; `index` is set (and true returned in `numeric`) for "[N]". False
// when `rest` is empty or holds an unclosed "[".
struct PathSegment {
    std::string_view name;
    bool numeric = false;
    std::size_t index = 0;
};
bool next_path_segment(std::string_view& rest, PathSegment& out);

} // namespace corral
