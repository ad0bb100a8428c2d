#include "k8s/sched/config_tree.hpp"

#include "core/yaml_document.hpp"

#include <charconv>

namespace corral::k8s {

namespace {

// One document into `out`: the fast path, or yaml-cpp (its checks and errors) for this document.
void read_document(const InputFile& input, const DocumentSpan& span, int index, ManifestTree& out) {
    std::string_view text = input.content;
    if (!parse_manifest_fast(text.substr(span.begin, span.end - span.begin), out)) {
        YamlDocument slow = load_yaml_document(input.name, text, span, index);
        convert_yaml_node(slow.root, out);
    }
}

Position position(const ManifestDocument& doc, NodeId id) {
    return {doc.line_of(id), doc.tree[id].column + 1};
}

} // namespace

ConfigTree load_config_tree(const InputFile& input) {
    require_utf8_text(input.name, input.content);
    ConfigTree out;
    ManifestTree scratch; // documents after the config's, read for their errors only
    std::string_view text = input.content;
    int index = 0;
    for (const auto& span : split_yaml_documents(text)) {
        std::string_view part = text.substr(span.begin, span.end - span.begin);
        if (yaml_only_comments(part)) {
            continue;
        }
        ManifestTree& tree = out.found ? scratch : out.doc.tree;
        read_document(input, span, index, tree);
        if (!tree.is_null(tree.root)) {
            if (!out.found) {
                out.found = true;
                out.doc.first_line = span.first_line;
                out.doc.offset = span.begin;
                out.doc.text = part;
                out.doc.index = index;
            } else if (out.extra_line == 0) {
                out.extra_line = span.first_line;
            }
        }
        ++index;
    }
    return out;
}

Position locate_tree_path(const ManifestDocument& doc, NodeId root, std::string_view path) {
    const ManifestTree& t = doc.tree;
    if (t.is_null(root)) {
        return {doc.first_line, 1};
    }
    NodeId node = root;
    Position at = position(doc, node);
    std::string_view rest = path;
    while (!rest.empty()) {
        std::string_view segment;
        bool bracket = rest[0] == '[';
        if (bracket) {
            std::size_t close = rest.find(']');
            if (close == std::string_view::npos) {
                break;
            }
            segment = rest.substr(1, close - 1);
            rest.remove_prefix(close + 1);
        } else {
            if (rest[0] == '.') {
                rest.remove_prefix(1);
            }
            std::size_t end = rest.find_first_of(".[");
            segment = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        }
        std::size_t index = 0;
        auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
        bool numeric = bracket && ec == std::errc() && ptr == segment.data() + segment.size();
        if (numeric && t.is_seq(node)) {
            NodeId item = t[node].first;
            for (std::size_t i = 0; item != 0 && i < index; ++i) {
                item = t[item].next;
            }
            if (item == 0) {
                break;
            }
            node = item;
            at = position(doc, node);
        } else if (t.is_map(node)) {
            NodeId key = 0;
            for (NodeId k = t[node].first; k != 0;) {
                NodeId v = t[k].next;
                if (t.is_scalar(k) && t[k].text == segment) {
                    key = k;
                    break;
                }
                k = v == 0 ? 0 : t[v].next;
            }
            if (key == 0) {
                break;
            }
            at = position(doc, key);
            node = t[key].next;
        } else {
            break;
        }
    }
    return at;
}

} // namespace corral::k8s
