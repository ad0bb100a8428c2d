// A compact, read-only document tree for linting at speed. yaml-cpp parses manifests at ~5 MB/s;
// the lint target is 50 MB/s. parse_manifest_fast() handles the block-YAML subset manifests are
// written in (block maps and sequences, single-line plain and quoted scalars, single-line flow
// collections, literal and folded block scalars, comments) and declines anything else (anchors,
// tags, multi-line plain or quoted scalars, duplicate keys, ...), in which case that document
// alone goes through yaml-cpp (load_yaml_document, with its error messages) and is converted. Both
// paths give the same tree; a fuzz target checks that they agree.
#pragma once

#include "core/io.hpp"
#include "core/output.hpp"
#include "core/yaml.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s {

using NodeId = std::uint32_t; // 0 is "no node"

struct TreeNode {
    enum class Kind : std::uint8_t { null, scalar, map, seq };
    Kind kind = Kind::null;
    bool quoted = false; // scalar written in quotes (or as a block scalar)
    bool flow = false;   // collection written in flow style
    int line = 0;        // 0-based line in the document text (as yaml-cpp's Mark)
    int column = 0;      // 0-based column
    std::string_view text;
    NodeId first = 0; // first child (maps: key, value, key, value, ...)
    NodeId next = 0;  // next sibling
    NodeId last = 0;  // last child (while building)
    std::uint32_t count = 0;
};

class ManifestTree {
public:
    ManifestTree() { m_nodes.emplace_back(); }
    NodeId root = 0;

    const TreeNode& operator[](NodeId id) const { return m_nodes[id]; }
    bool is_map(NodeId id) const { return id != 0 && m_nodes[id].kind == TreeNode::Kind::map; }
    bool is_seq(NodeId id) const { return id != 0 && m_nodes[id].kind == TreeNode::Kind::seq; }
    bool is_scalar(NodeId id) const {
        return id != 0 && m_nodes[id].kind == TreeNode::Kind::scalar;
    }
    bool is_null(NodeId id) const { return id == 0 || m_nodes[id].kind == TreeNode::Kind::null; }
    // Value of `key` in a map, or 0.
    NodeId get(NodeId map, std::string_view key) const;
    // The key node of `key` in a map, or 0.
    NodeId key(NodeId map, std::string_view key) const;
    // Scalar text, "" for anything else.
    std::string_view scalar(NodeId id) const { return is_scalar(id) ? m_nodes[id].text : ""; }
    // Children of a sequence.
    std::vector<NodeId> items(NodeId seq) const;
    // As yaml_to_json would convert it (Kubernetes' YAML 1.1 scalar resolution).
    Json to_json(NodeId id, std::size_t budget = 1'000'000) const;

    // Building.
    NodeId add(TreeNode node);
    void append(NodeId parent, NodeId child);
    std::string_view store(std::string s);
    void set_scalar(NodeId id, std::string_view text) {
        m_nodes[id].kind = TreeNode::Kind::scalar;
        m_nodes[id].text = text;
    }
    void clear();

private:
    std::vector<TreeNode> m_nodes;
    // Scalars that are not slices of the input. Shared, so that copies of the tree keep their
    // string_views valid; and the tree stays nothrow-movable for std::vector.
    std::shared_ptr<std::deque<std::string>> m_strings =
        std::make_shared<std::deque<std::string>>();
};

struct ManifestDocument {
    ManifestTree tree;
    int first_line = 1;     // 1-based line of the document's first line in the stream
    std::size_t offset = 0; // byte offset of `text` in the stream
    std::string_view text;  // the document's text (a slice of the stream)
    int index = 0;          // 0-based number among the non-empty documents (as YamlDocument)
    int line_of(NodeId id) const { return first_line + tree[id].line; }
};

// Fast path for one document's text; false when it uses YAML outside the subset. A document that
// starts with '{' or '[' is tried as strict JSON first (parse_manifest_json).
bool parse_manifest_fast(std::string_view text, ManifestTree& out);
// Strict JSON (kubectl get -o json) into the tree as yaml-cpp reads it; false for anything else.
bool parse_manifest_json(std::string_view text, ManifestTree& out);
// Converts a yaml-cpp node (the slow path). Error::input past `budget` nodes (alias bombs).
void convert_yaml_node(const YAML::Node& node, ManifestTree& out, std::size_t budget = 10'000'000);

// Every non-empty document of the input, fast path when possible. Errors as load_yaml_documents.
std::vector<ManifestDocument> load_manifest_documents(const InputFile& input);

// Streams the non-empty documents of `text` through `fn`, one at a time in one reused tree:
// each document is read by the fast path, or, when it uses YAML outside the subset, by yaml-cpp
// (that document alone, with load_yaml_documents' checks and errors). The first bad document
// throws Error::input naming `name`; the documents before it have been given to `fn`. `text`
// must stay alive during the call (the tree's scalars are slices of it).
void for_each_manifest_document(const std::string& name, std::string_view text,
                                const std::function<void(const ManifestDocument&)>& fn);

// The Kubernetes objects of `text`, one at a time: the root of each non-empty document (item
// -1; whatever it is, null or not a mapping included), and for a document that is a `kind: List`
// mapping, each of its items instead (item 0, 1, ...; `doc.index` is the List's). A List written
// in block style (kubectl get -o yaml) is read item by item: each item's lines are parsed alone,
// so memory follows the largest item, not the List; anything unusual in it (an item outside the
// fast subset, anchors across items) reads the List as one document, the items not yet given.
// Errors as for_each_manifest_document.
//
// `release`, when given, is called with offsets the reader has gone past and will not read again
// (unless a document must be re-read as a whole): a caller streaming a mapped file hands it to
// InputView::release_before, and then holds about one document (or List item) of the file in
// memory instead of all of it. The tree's scalars are slices of `text`: `fn` copies what it
// keeps (a released page still reads correctly, it just comes back into memory).
using TextRelease = std::function<void(std::size_t offset)>;
void for_each_manifest_object(
    const std::string& name, std::string_view text,
    const std::function<void(const ManifestDocument&, NodeId object, int item)>& fn,
    const TextRelease& release = {});

// The items of a block sequence under a column-0 `KEY:` line (`items:` of a kubectl List,
// `profiles:` of a scheduler config): the lines after it, split where a line starts with "- " at
// the items' column, up to the next top-level key. nullopt for any other layout (flow style,
// `KEY: []`, a scalar, no such line). `release` (offsets in `text`) is called every 4 MiB read.
struct BlockItemLines {
    std::size_t begin = 0, end = 0; // offsets in `text`
    int line = 0;                   // 0-based line of `begin` in `text`
};
struct BlockSequenceLines {
    std::size_t items_begin = 0, items_end = 0; // the item lines, in `text`
    std::vector<BlockItemLines> items;
};
std::optional<BlockSequenceLines> block_sequence_lines(std::string_view text, std::string_view key,
                                                       const TextRelease& release = {});

// core's require_utf8 over a view (same message): Error::input naming file:line:col.
void require_utf8_text(const std::string& name, std::string_view text);
// The same, window by window, calling `release` behind each window (see TextRelease).
void require_utf8_text(const std::string& name, std::string_view text, const TextRelease& release);

// The same over an InputFile. `restart` is kept for callers written for the former
// whole-stream replay; it is never called now that the fallback is per document.
void for_each_manifest_document(const InputFile& input,
                                const std::function<void(const ManifestDocument&)>& fn,
                                const std::function<void()>& restart);

} // namespace corral::k8s
