// Strict JSON (what `kubectl get -o json` writes) read straight into a ManifestTree: the same
// nodes, text, quoting and positions that yaml-cpp's tree converted by convert_yaml_node() gives
// for the same text, without yaml-cpp (which reads JSON as flow YAML at ~5 MB/s and holds the
// whole document). The reader declines, and the caller then goes through yaml-cpp, wherever it
// cannot promise the same tree: tabs, a CR outside CRLF, control characters and DEL, escapes other
// than \" \\ \/ \n \t \r \b \f and non-NUL, non-surrogate \uXXXX, numbers outside JSON's grammar
// (but for leading zeros, which yaml-cpp reads as the same plain scalar), duplicate keys, objects
// of more than 500 members, nesting deeper than 64, text after the value.
// parse_manifest_json (manifest_tree.hpp) is this reader on a whole document.
//
// A top-level object's array member (a List's "items") can be left out of the document and read
// element by element afterwards, so that memory follows the largest element, not the file.
#pragma once

#include "k8s/manifest_tree.hpp"

#include <cstddef>
#include <functional>
#include <string_view>
#include <utility>

namespace corral::k8s {

class JsonTreeReader {
public:
    explicit JsonTreeReader(std::string_view text) : m_text(text) {}

    // Parses the whole text as one value into `out` (cleared first); false when declined. With a
    // `deferred_member`, a top-level object's member of that name whose value is an array is
    // parsed as an empty sequence (at the array's position) and read by for_each_deferred_item.
    bool parse_document(ManifestTree& out, std::string_view deferred_member = {});
    bool has_deferred() const { return m_deferred_at != kNone; }
    // Each element of the deferred array, parsed into `out` (cleared per element) and passed to
    // `fn`; false when declined (after `fn` saw the elements before the declined one).
    bool for_each_deferred_item(ManifestTree& out, const std::function<void(NodeId)>& fn);
    // Called with offsets the reader has gone past: every few MiB while parse_document skips the
    // deferred array, and after each deferred item (see TextRelease in manifest_tree.hpp).
    void set_release(TextRelease release) { m_release = std::move(release); }
    // Offset in the text just past what has been read (after an item: its end).
    std::size_t position() const { return m_pos; }

private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    bool ws();
    bool value(ManifestTree& t, NodeId& out, int depth, std::string_view deferred_member);
    bool string(ManifestTree& t, TreeNode& node);
    bool skip_array();
    TreeNode here(TreeNode::Kind kind) const;

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_line = 0;
    std::size_t m_line_start = 0;
    std::size_t m_deferred_at = kNone; // offset of the deferred array's '['
    int m_deferred_line = 0;
    std::size_t m_deferred_line_start = 0;
    TextRelease m_release;
    std::size_t m_next_release = std::size_t{4} << 20;
};

} // namespace corral::k8s
