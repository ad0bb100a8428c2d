// The document a KubeSchedulerConfiguration file is read from, as the shared manifest reader's
// tree (k8s/manifest_tree.hpp): block YAML through its fast parser, strict JSON through its JSON
// reader, anything else through yaml-cpp for that document alone; the same checks and errors as
// load_yaml_documents. One tree serves the decoder (decode.cpp) and the positions of findings.
#pragma once

#include "core/io.hpp"
#include "k8s/manifest_tree.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace corral::k8s {

// The lines of one item of a block-style `profiles:` sequence, in the document's text.
using ProfileChunk = BlockItemLines;

struct ConfigTree {
    ManifestDocument doc; // the first document whose root is not null
    bool found = false;
    int extra_line = 0; // first line of the next such document, 0 when there is none
    // When the profiles are read one at a time: `doc.tree` is the document without the items of
    // its column-0 `profiles:` (which reads as null there; its own scalars, lines as in the
    // file), `profiles` the items' lines; each reads alone (for_each_profile), so memory follows
    // one profile.
    std::vector<ProfileChunk> profiles;
};

// Every document of the stream is read (a bad one is Error::input, as load_yaml_documents); only
// the first non-null one is kept. `input.content` must outlive the tree (scalars are slices).
// With `split_profiles`, a block-style config whose profiles and the rest read as the fast
// subset keeps its profiles apart (ConfigTree::profiles); anything unusual reads it whole.
ConfigTree load_config_tree(const InputFile& input, bool split_profiles = false);
// A temporary input would leave the tree's scalars dangling.
ConfigTree load_config_tree(InputFile&& input, bool split_profiles = false) = delete;

// Thrown by for_each_profile when an item does not read alone as the fast subset (an alias to
// another item, YAML yaml-cpp must judge): the caller reads the document whole instead.
struct ProfilesNeedWholeDocument {};

// The items of a split `profiles:` in order, each in its own tree (one tree, reused): `fn` gets
// the item's document (lines numbered in the stream) and its node. Throws
// ProfilesNeedWholeDocument (see above) before giving an item that does not read alone.
void for_each_profile(const ConfigTree& tree,
                      const std::function<void(std::size_t, const ManifestDocument&, NodeId)>& fn);
// True when the items from `first` on all read alone: an error found in an earlier item may be
// reported as it is (the whole document would not fail earlier).
bool profiles_read_alone(const ConfigTree& tree, std::size_t first);

// The 1-based line and column of the node `path` names, as locate_yaml_path (core/yaml_locate.hpp)
// gives it for a yaml-cpp document: a mapping entry's key, a sequence item; the deepest node
// reached when the path leaves the document. An empty sequence item is where yaml-cpp marks it,
// at the next token; `rest` is the text after `doc.text` (the stream's next lines, when `doc` is
// an item read alone).
Position locate_tree_path(const ManifestDocument& doc, NodeId root, std::string_view path,
                          std::string_view rest = {});

} // namespace corral::k8s
