// Strict decoding of a KubeSchedulerConfiguration document against the
// kubescheduler.config.k8s.io/v1 types, as kube-scheduler loads its --config: the scheme's codec
// factory is built with serializer.EnableStrict (pkg/scheduler/apis/config/scheme/scheme.go), and
// the args of in-tree plugins are decoded into their typed Args (v1
// PluginConfig.decodeNestedObjects). Unknown fields are strict-decoding errors (findings, so every
// one is listed); a value of the wrong JSON type is a decoding error (Error::input naming
// file:line:col and the field path).
#pragma once

#include "core/lint.hpp"
#include "core/output.hpp"
#include "k8s/manifest_tree.hpp"

#include <functional>
#include <string>
#include <vector>

namespace corral::k8s {

using corral::Finding;

struct DecodedConfig {
    // The document with every typed field checked: objects where the types have structs, lists of
    // the element type, integers as integers (integral floats folded, as Go's decoder accepts
    // them); explicit nulls are dropped (nil pointers and zero values, which the defaults then
    // fill). Unknown fields and the args of out-of-tree plugins are kept as written.
    Json document;
};

// `unknown_fields` receives one "UnknownField" finding per field the v1 types lack (nullptr: not
// collected). Throws Error::input on a type mismatch. With `removed_plugin_args`, the args of
// NodeResourcesLeastAllocated, NodeResourcesMostAllocated and RequestedToCapacityRatio (removed
// in v1beta2) are decoded with their v1beta1 types too, as the migration to v1 reads them.
// `root` is the document's root node in `doc.tree`.
// With `at_profiles`, a `profiles` field whose value is null (a ConfigTree whose profiles are read
// one at a time) is not decoded: `at_profiles` is called at its place in the field order instead,
// and the document has no "profiles".
DecodedConfig strict_decode_scheduler_config(const std::string& file, const ManifestDocument& doc,
                                             NodeId root, std::vector<Finding>* unknown_fields,
                                             bool removed_plugin_args = false,
                                             const std::function<void()>& at_profiles = nullptr);
// One item of `profiles` (v1.KubeSchedulerProfile) at `path` ("profiles[3]"), as the whole
// document's decode reads it: a null item is an empty profile.
Json strict_decode_profile(const std::string& file, const ManifestDocument& doc, NodeId item,
                           const std::string& path, std::vector<Finding>* unknown_fields,
                           bool removed_plugin_args);

// The names of the in-tree plugins whose args have a registered type (NodeResourcesFitArgs, ...):
// their pluginConfig args are decoded strictly; other names keep their args as raw objects.
bool has_typed_args(const std::string& plugin);

// time.ParseDuration: "1h30m", "10s", "-1.5ms", "0"; false when Go refuses the text.
bool parse_go_duration(const std::string& text, double& seconds);

} // namespace corral::k8s
