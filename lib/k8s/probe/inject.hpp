// probe inject: adds (or replaces, or removes) probes in Kubernetes manifests by splicing text at
// positions found from the parsed document. Nothing is re-emitted: every byte outside the
// inserted or removed lines stays as it was (comments, quoting, flow maps, key order, CRLF).
#pragma once

#include "core/io.hpp"
#include "k8s/manifest_json.hpp"
#include "k8s/manifest_tree.hpp"
#include "k8s/probe/probe.hpp"

#include <string>
#include <vector>

namespace corral::k8s {

struct InjectOptions {
    std::vector<GeneratedProbe> probes;  // what to add (empty with remove)
    std::vector<ProbeKind> remove;       // kinds to delete
    std::vector<std::string> containers; // names; empty with all_containers
    bool all_containers = false;         // regular containers and sidecar init containers
    bool overwrite = false;              // replace an existing probe of that kind
};

struct InjectChange {
    std::string object;    // "Deployment/web"
    std::string container; // "app"
    std::string field;     // "livenessProbe"
    std::string action;    // added | replaced | removed | unchanged | kept
    int line = 0;          // where, in the input
};

struct InjectResult {
    std::string text; // the new content (identical to the input when nothing changed)
    std::vector<InjectChange> changes;
    std::vector<std::string> container_names;   // every container name seen (for error messages)
    bool matched = false;                       // some container matched the selection
    int workloads = 0;                          // objects with a pod template in the input
    TextEncoding encoding = TextEncoding::utf8; // of the input (text is written back in it)
    bool changed = false;                       // some edit was made (text differs from input)
};

// Plans and applies the edits for one input (YAML, JSON, UTF-16 with a byte-order mark). JSON
// containers are edited in their own layout; UTF-16 input is written back in UTF-16. Error::input
// (file:line) for what cannot be done safely (YAML flow-style containers that need an edit, probes
// on plain init or ephemeral containers, unknown named ports, malformed documents).
InjectResult inject_probes(const InputFile& input, const InjectOptions& options);
// The same over text read elsewhere (a mapped file: core InputView), calling `release` behind the
// reader as for_each_manifest_object does (while planning, then while the output is spliced). An
// input left unchanged gives an empty `text` (changed false): its bytes are the output, not copied.
InjectResult inject_probes_text(const std::string& name, std::string_view text,
                                const InjectOptions& options, const TextRelease& release = {});

} // namespace corral::k8s
