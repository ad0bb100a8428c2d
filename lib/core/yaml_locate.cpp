#include "core/yaml_locate.hpp"

#include <charconv>

namespace corral {

namespace {

Position position(const YamlDocument& doc, const YAML::Node& node) {
    return {doc.line_of(node), doc.column_of(node)};
}

// The key and value nodes of `key` in mapping `map`. YAML::Node's operator= writes through to the
// node it refers to (it would edit the document); reset() rebinds.
bool find_key(const YAML::Node& map, std::string_view key, YAML::Node& key_node,
              YAML::Node& value) {
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key) {
            key_node.reset(it->first);
            value.reset(it->second);
            return true;
        }
    }
    return false;
}

} // namespace

bool next_path_segment(std::string_view& rest, PathSegment& out) {
    if (rest.empty()) {
        return false;
    }
    bool bracket = rest[0] == '[';
    if (bracket) {
        std::size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        out.name = rest.substr(1, close - 1);
        rest.remove_prefix(close + 1);
    } else {
        if (rest[0] == '.') {
            rest.remove_prefix(1);
        }
        std::size_t end = rest.find_first_of(".[");
        out.name = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    }
    out.index = 0;
    auto [ptr, ec] = std::from_chars(out.name.data(), out.name.data() + out.name.size(), out.index);
    out.numeric = bracket && ec == std::errc() && ptr == out.name.data() + out.name.size();
    return true;
}

Position locate_yaml_path(const YamlDocument& doc, std::string_view path) {
    YAML::Node node;
    node.reset(doc.root);
    if (!node || node.IsNull()) {
        return {doc.first_line, 1};
    }
    Position at = position(doc, node);
    std::string_view rest = path;
    for (PathSegment seg; next_path_segment(rest, seg);) {
        if (seg.numeric && node.IsSequence()) {
            if (seg.index >= node.size()) {
                break;
            }
            YAML::Node item = node[seg.index];
            node.reset(item);
            at = position(doc, node);
        } else if (node.IsMap()) {
            YAML::Node key, value;
            if (!find_key(node, seg.name, key, value)) {
                break;
            }
            at = position(doc, key);
            node.reset(value);
        } else {
            break;
        }
    }
    return at;
}

} // namespace corral
