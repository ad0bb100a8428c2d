// The document a KubeSchedulerConfiguration file is read from, as the shared manifest reader's
// tree (k8s/manifest_tree.hpp): block YAML through its fast parser, strict JSON through its JSON
// reader, anything else through yaml-cpp for that document alone; the same checks and errors as
// load_yaml_documents. One tree serves the decoder (decode.cpp) and the positions of findings.
#pragma once

#include "core/io.hpp"
#include "k8s/manifest_tree.hpp"

#include <string_view>

namespace corral::k8s {

struct ConfigTree {
    ManifestDocument doc; // the first document whose root is not null
    bool found = false;
    int extra_line = 0; // first line of the next such document, 0 when there is none
};

// Every document of the stream is read (a bad one is Error::input, as load_yaml_documents); only
// the first non-null one is kept. `input.content` must outlive the tree (scalars are slices).
ConfigTree load_config_tree(const InputFile& input);

// The 1-based line and column of the node `path` names, as locate_yaml_path (core/yaml_locate.hpp)
// gives it for a yaml-cpp document: a mapping entry's key, a sequence item; the deepest node
// reached when the path leaves the document.
Position locate_tree_path(const ManifestDocument& doc, NodeId root, std::string_view path);

} // namespace corral::k8s
