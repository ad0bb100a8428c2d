#include "k8s/sched/config_tree.hpp"

#include "core/yaml_document.hpp"
#include "core/yaml_locate.hpp"

#include <algorithm>

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

// A copy of the subtree `id` whose nodes at or after line `from` are `shift` lines further down.
// Texts are stored in `to` (the text parsed goes away).
NodeId shifted_copy(const ManifestTree& from, NodeId id, ManifestTree& to, int line, int shift) {
    TreeNode node = from[id];
    if (node.line >= line) {
        node.line += shift;
    }
    node.first = node.next = node.last = 0;
    node.count = 0;
    if (!node.text.empty()) {
        node.text = to.store(std::string(node.text));
    }
    NodeId copy = to.add(node);
    for (NodeId child = from[id].first; child != 0; child = from[child].next) {
        to.append(copy, shifted_copy(from, child, to, line, shift));
    }
    return copy;
}

// The config document without its profile items, when that and the layout read as the subset.
bool split_profiles_of(std::string_view part, ConfigTree& out) {
    auto layout = block_sequence_lines(part, "profiles");
    if (!layout) {
        return false;
    }
    const std::size_t items_begin = layout->items_begin, items_end = layout->items_end;
    // Parsed without the items' lines (a blank line costs the fast parser as much as a short
    // one); the nodes after them are then moved down by that many lines.
    std::string_view items = part.substr(items_begin, items_end - items_begin);
    const int items_line =
        static_cast<int>(std::count(part.begin(), part.begin() + items_begin, '\n'));
    const int removed = static_cast<int>(std::count(items.begin(), items.end(), '\n'));
    std::string skeleton(part.substr(0, items_begin));
    skeleton.append(part.substr(items_end));
    ManifestTree parsed;
    if (!parse_manifest_fast(skeleton, parsed) || !parsed.is_map(parsed.root) ||
        parsed.key(parsed.root, "profiles") == 0 ||
        !parsed.is_null(parsed.get(parsed.root, "profiles"))) {
        return false;
    }
    ManifestTree& t = out.doc.tree;
    t.clear();
    t.root = shifted_copy(parsed, parsed.root, t, items_line, removed);
    out.profiles = std::move(layout->items);
    return true;
}

bool read_alone(const ConfigTree& tree, std::size_t i, ManifestDocument& item) {
    const ProfileChunk& c = tree.profiles[i];
    item.first_line = tree.doc.first_line + c.line;
    item.offset = tree.doc.offset + c.begin;
    item.text = tree.doc.text.substr(c.begin, c.end - c.begin);
    item.index = tree.doc.index;
    const ManifestTree& t = item.tree;
    return parse_manifest_fast(item.text, item.tree) && t.is_seq(t.root) && t[t.root].count == 1;
}

Position position(const ManifestDocument& doc, NodeId id) {
    return {doc.line_of(id), doc.tree[id].column + 1};
}

// yaml-cpp marks an empty sequence item ("-" and nothing) where the next token starts: after
// the dash, past blanks, line ends and comments; `rest` is the text after the document's (the
// stream's next lines, for an item read alone). Any other node: its own position.
Position empty_item_position(const ManifestDocument& doc, NodeId id, std::string_view rest) {
    std::string_view text = doc.text;
    std::size_t at = 0;
    for (int line = 0; line < doc.tree[id].line && at < text.size(); ++at) {
        line += text[at] == '\n';
    }
    std::size_t line_start = at;
    while (at < text.size() && text[at] == ' ') {
        ++at; // the fast parser gives such an item column 0
    }
    if (at >= text.size() || text[at] != '-') {
        return position(doc, id);
    }
    int line = doc.first_line + doc.tree[id].line;
    int column = static_cast<int>(at - line_start) + 1;
    auto char_at = [&](std::size_t i) { return i < text.size() ? text[i] : rest[i - text.size()]; };
    const std::size_t end = text.size() + rest.size();
    for (std::size_t i = at + 1; i < end; ++i) {
        char c = char_at(i);
        ++column;
        if (c == ' ' || c == '\t' || c == '\r') {
            continue;
        }
        if (c == '#') {
            while (i + 1 < end && char_at(i + 1) != '\n') {
                ++i;
            }
            continue;
        }
        if (c == '\n') {
            ++line;
            column = 0;
            continue;
        }
        return {line, column};
    }
    return {line, column + 1};
}

} // namespace

ConfigTree load_config_tree(const InputFile& input, bool split_profiles) {
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
        bool split = !out.found && split_profiles && split_profiles_of(part, out);
        if (!split) {
            read_document(input, span, index, tree);
        }
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

void for_each_profile(const ConfigTree& tree,
                      const std::function<void(std::size_t, const ManifestDocument&, NodeId)>& fn) {
    ManifestDocument item;
    for (std::size_t i = 0; i < tree.profiles.size(); ++i) {
        if (!read_alone(tree, i, item)) {
            throw ProfilesNeedWholeDocument{};
        }
        fn(i, item, item.tree[item.tree.root].first);
    }
}

bool profiles_read_alone(const ConfigTree& tree, std::size_t first) {
    ManifestDocument item;
    for (std::size_t i = first; i < tree.profiles.size(); ++i) {
        if (!read_alone(tree, i, item)) {
            return false;
        }
    }
    return true;
}

Position locate_tree_path(const ManifestDocument& doc, NodeId root, std::string_view path,
                          std::string_view after) {
    const ManifestTree& t = doc.tree;
    if (root == 0 || (root == t.root && t.is_null(root))) {
        return {doc.first_line, 1};
    }
    auto position_of = [&](NodeId id) {
        const TreeNode& n = t[id];
        return n.kind == TreeNode::Kind::null && n.text.empty()
                   ? empty_item_position(doc, id, after)
                   : position(doc, id);
    };
    NodeId node = root;
    Position at = position_of(node);
    std::string_view rest = path;
    for (PathSegment seg; next_path_segment(rest, seg);) {
        if (seg.numeric && t.is_seq(node)) {
            NodeId item = t[node].first;
            for (std::size_t i = 0; item != 0 && i < seg.index; ++i) {
                item = t[item].next;
            }
            if (item == 0) {
                break;
            }
            node = item;
            at = position_of(node);
        } else if (t.is_map(node)) {
            NodeId key = 0;
            for (NodeId k = t[node].first; k != 0;) {
                NodeId v = t[k].next;
                if (t.is_scalar(k) && t[k].text == seg.name) {
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
