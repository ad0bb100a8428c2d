// `corral probe inject` as one request over several inputs: generation of the probe, the inputs
// (files, directories with *.yaml, *.yml and *.json, stdin), injection into each, then either one
// output stream or the files rewritten in place. Nothing is written unless every input succeeded.
#pragma once

#include "core/output.hpp"
#include "k8s/probe/inject.hpp"
#include "k8s/probe/probe.hpp"

#include <string>
#include <vector>

namespace corral::k8s {

struct InjectRequest {
    std::vector<std::string> files;      // -f (repeatable; "-" is stdin)
    std::vector<std::string> containers; // --container
    bool all_containers = false;
    bool in_place = false;
    bool overwrite = false;
    bool remove = false;
    ProbeOptions probe;       // the probe flags (handler "" with --remove)
    bool json_output = false; // -o json: every object as one JSON List (not with --in-place)
};

struct InjectMessage {
    bool warning = false; // else informational (silenced by -q)
    std::string text;     // "deploy.yaml:12: added livenessProbe Deployment/web container app"
};

struct InjectReport {
    std::string output; // for stdout; empty with in_place
    std::vector<InjectMessage> messages;
    std::vector<std::string> rewritten; // files written in place
};

// Error::usage for contradictory requests, Error::check when workloads exist but no container
// matches, Error::input for inputs that cannot be edited safely. A file without any workload
// (Service, ConfigMap, ...) is passed through unchanged with a note, so `inject -f all.yaml |
// kubectl apply -f -` keeps every object.
InjectReport run_inject(const InjectRequest& request);

// The documents of `text` as one JSON List (`{"apiVersion":"v1","kind":"List","items":[...]}`,
// the shape kubectl prints for several objects); the items of a List document are spliced in.
Json manifests_as_list(const InputFile& text);

} // namespace corral::k8s
