// for_each_manifest_object: documents and the items of `kind: List` documents, streamed. A List
// of 10,000 Deployments held as one tree costs ~9x its text; read item by item it costs the
// largest item.
#include "core/yaml_document.hpp"
#include "k8s/json_tree.hpp"
#include "k8s/manifest_tree.hpp"

#include <algorithm>
#include <optional>

namespace corral::k8s {

namespace {

// The top-level line `line` (a whole line at column 0) is in the text. The text is searched
// 4 MiB at a time, with `release` (offsets in `text`) called behind each window.
bool has_top_line(std::string_view text, std::string_view line, const TextRelease& release) {
    constexpr std::size_t window = std::size_t{4} << 20;
    for (std::size_t from = 0; from < text.size(); from += window) {
        // Matches that start in [from, from + window).
        std::string_view part = text.substr(0, std::min(text.size(), from + window + line.size()));
        for (std::size_t at = part.find(line, from);
             at != std::string_view::npos && at < from + window; at = part.find(line, at + 1)) {
            std::size_t end = at + line.size();
            bool starts = at == 0 || text[at - 1] == '\n';
            bool ends = end == text.size() || text[end] == '\n' ||
                        (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n');
            if (starts && ends) {
                return true;
            }
        }
        if (release && from + window < text.size()) {
            release(from + window); // searched up to there; the next window starts at it
        }
    }
    return false;
}

std::optional<BlockSequenceLines> list_layout(std::string_view text, const TextRelease& release) {
    if (!has_top_line(text, "kind: List", release) || !has_top_line(text, "items:", release)) {
        return std::nullopt;
    }
    return block_sequence_lines(text, "items", release);
}

void each_object(const ManifestDocument& doc, NodeId root,
                 const std::function<void(const ManifestDocument&, NodeId, int)>& fn,
                 int skip = 0) {
    const ManifestTree& t = doc.tree;
    if (t.is_map(root) && t.scalar(t.get(root, "kind")) == "List") {
        int i = 0;
        for (NodeId item : t.items(t.get(root, "items"))) {
            if (i >= skip) {
                fn(doc, item, i);
            }
            ++i;
        }
        return;
    }
    fn(doc, root, -1);
}

// kubectl get -o json's List: the document read with its "items" deferred, then item by item
// (JsonTreeReader keeps the lines and columns of the whole document, so each item's tree reads as
// it would in the whole tree). Returns the number of items given; `done` is true when the
// document was given whole (a JSON document without deferred items is read once, here), false
// when it must be read the general way (not JSON the reader takes, an object with "items" that
// is not a List, or an item the reader declines: the items given are then skipped).
int json_objects(ManifestDocument& doc, ManifestDocument& item_doc, bool& done,
                 const std::function<void(const ManifestDocument&, NodeId, int)>& fn,
                 const TextRelease& release) {
    done = false;
    std::size_t first = doc.text.find_first_not_of(" \r\n");
    if (first == std::string_view::npos || doc.text[first] != '{') {
        return 0;
    }
    JsonTreeReader reader(doc.text);
    const ManifestTree& h = doc.tree;
    if (!reader.parse_document(doc.tree, "items")) {
        return 0;
    }
    if (!reader.has_deferred()) {
        done = true;
        each_object(doc, doc.tree.root, fn);
        return 0;
    }
    if (!h.is_map(h.root) || h.scalar(h.get(h.root, "kind")) != "List") {
        return 0;
    }
    item_doc.first_line = doc.first_line;
    item_doc.offset = doc.offset;
    item_doc.text = doc.text;
    item_doc.index = doc.index;
    int given = 0;
    done = reader.for_each_deferred_item(item_doc.tree, [&](NodeId item) {
        fn(item_doc, item, given);
        ++given;
        if (release) {
            release(reader.position());
        }
    });
    return given;
}

} // namespace

std::optional<BlockSequenceLines> block_sequence_lines(std::string_view text, std::string_view key,
                                                       const TextRelease& release) {
    constexpr std::size_t window = std::size_t{4} << 20;
    std::size_t released = 0;
    BlockSequenceLines out;
    std::size_t pos = 0;
    int line = 0;
    bool in_items = false;
    int column = -1;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
        std::string_view body = text.substr(pos, next - pos);
        while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) {
            body.remove_suffix(1);
        }
        if (!in_items) {
            if (body.size() == key.size() + 1 && body.substr(0, key.size()) == key &&
                body.back() == ':') {
                in_items = true;
                out.items_begin = next;
            }
        } else {
            std::size_t indent = body.find_first_not_of(' ');
            bool blank = indent == std::string_view::npos || body[indent] == '#';
            if (!blank) {
                bool dash = body.substr(indent, 2) == "- " || body.substr(indent) == "-";
                if (column < 0) {
                    if (!dash) {
                        return std::nullopt; // KEY: {} or a scalar: the general path
                    }
                    column = static_cast<int>(indent);
                }
                if (static_cast<int>(indent) < column || (indent == 0 && !dash)) {
                    // the next top-level key ("kind: List" after kubectl's items at column 0)
                    out.items_end = pos;
                    break;
                }
                if (static_cast<int>(indent) == column) {
                    if (!dash) {
                        return std::nullopt;
                    }
                    if (!out.items.empty()) {
                        out.items.back().end = pos;
                    }
                    out.items.push_back(BlockItemLines{pos, 0, line});
                }
            }
        }
        pos = next;
        ++line;
        if (release && pos >= released + window) {
            released = pos;
            release(released);
        }
    }
    if (!in_items || out.items.empty()) {
        return std::nullopt;
    }
    if (out.items_end == 0) {
        out.items_end = text.size();
    }
    out.items.back().end = out.items_end;
    return out;
}

void for_each_manifest_object(const std::string& name, std::string_view text,
                              const std::function<void(const ManifestDocument&, NodeId, int)>& fn,
                              const TextRelease& release) {
    require_utf8_text(name, text, release);
    ManifestDocument doc;
    ManifestDocument item_doc;
    int index = 0;
    YamlDocumentSplitter splitter(text);
    TextRelease release_in_document;
    for (DocumentSpan span; splitter.next(span);) {
        if (release && span.begin > 0) {
            release(span.begin);
        }
        std::string_view part = text.substr(span.begin, span.end - span.begin);
        if (yaml_only_comments(part)) {
            continue;
        }
        if (release) {
            release_in_document = [&release, begin = span.begin](std::size_t offset) {
                release(begin + offset);
            };
        }
        doc.first_line = span.first_line;
        doc.offset = span.begin;
        doc.text = part;
        doc.index = index;
        ++index;
        int given = 0; // List items already given from their own lines
        bool done = false;
        given = json_objects(doc, item_doc, done, fn, release_in_document);
        if (done) {
            continue;
        }
        if (given > 0) {
            // declined part-way: the whole List is read below, from this item on
        } else if (auto layout = list_layout(part, release_in_document)) {
            // The rest of the List (apiVersion, kind, metadata) must read as the subset too.
            std::string skeleton(part.substr(0, layout->items_begin));
            skeleton.append(part.substr(layout->items_end));
            bool ok = parse_manifest_fast(skeleton, doc.tree) && doc.tree.is_map(doc.tree.root) &&
                      doc.tree.scalar(doc.tree.get(doc.tree.root, "kind")) == "List" &&
                      doc.tree.key(doc.tree.root, "items") != 0 &&
                      doc.tree.is_null(doc.tree.get(doc.tree.root, "items"));
            for (const BlockItemLines& c : ok ? layout->items : std::vector<BlockItemLines>{}) {
                std::string_view lines = part.substr(c.begin, c.end - c.begin);
                item_doc.first_line = span.first_line + c.line;
                item_doc.offset = span.begin + c.begin;
                item_doc.text = lines;
                item_doc.index = doc.index;
                const ManifestTree& t = item_doc.tree;
                if (!parse_manifest_fast(lines, item_doc.tree) || !t.is_seq(t.root) ||
                    t[t.root].count != 1) {
                    break; // the whole List is read below, from this item on
                }
                fn(item_doc, t[t.root].first, given);
                ++given;
                if (release) {
                    release(item_doc.offset + lines.size());
                }
            }
            if (ok && given == static_cast<int>(layout->items.size())) {
                continue;
            }
        }
        if (!parse_manifest_fast(part, doc.tree)) {
            YamlDocument slow = load_yaml_document(name, text, span, doc.index);
            convert_yaml_node(slow.root, doc.tree);
        }
        each_object(doc, doc.tree.root, fn, given);
    }
    if (release) {
        release(text.size());
    }
}

} // namespace corral::k8s
