#!/usr/bin/env python3
"""Writes a synthetic cluster as `kubectl get -o yaml|json` would: Nodes (scheduler_perf's
SchedulingBasic node: 4 cpu, 32Gi, 110 pods, three zones) with bound Pods, and pending Pods
requesting 100m/500Mi. Deterministic (seeded), so runs compare.

  gen_cluster.py OUTDIR NODES BOUND PENDING [--json|--yaml-list]

YAML: OUTDIR/cluster.yaml and OUTDIR/pending.yaml as multi-document streams.
--yaml-list: OUTDIR/cluster.list.yaml and OUTDIR/pending.list.yaml as `kind: List` (kubectl get
-o yaml).
JSON: OUTDIR/cluster.json and OUTDIR/pending.json as `kind: List` objects (kubectl get -o json).
"""
import json
import os
import random
import sys

ZONES = ["zone-a", "zone-b", "zone-c"]


def node(i, rnd):
    name = "node-%05d" % i
    zone = ZONES[i % 3]
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "creationTimestamp": "2026-11-02T10:%02d:%02dZ" % (i // 60 % 60, i % 60),
            "labels": {
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
                "node.kubernetes.io/instance-type": "n2-standard-4",
                "topology.kubernetes.io/region": "region-1",
                "topology.kubernetes.io/zone": zone,
            },
            "name": name,
            "resourceVersion": str(100000 + i),
            "uid": "%08x-0000-4000-8000-%012x" % (rnd.getrandbits(32), i),
        },
        "spec": {"podCIDR": "10.%d.%d.0/24" % (i // 256, i % 256)},
        "status": {
            "allocatable": {"cpu": "4", "ephemeral-storage": "100Gi", "memory": "32Gi",
                            "pods": "110"},
            "capacity": {"cpu": "4", "ephemeral-storage": "100Gi", "memory": "32Gi",
                         "pods": "110"},
            "images": [
                {"names": ["registry.k8s.io/pause:3.10"], "sizeBytes": 320368},
            ],
        },
    }


def pod(name, node_name, rnd):
    spec = {
        "containers": [{
            "image": "registry.k8s.io/pause:3.10",
            "imagePullPolicy": "IfNotPresent",
            "name": "pause",
            "resources": {"limits": {"cpu": "100m", "memory": "500Mi"},
                          "requests": {"cpu": "100m", "memory": "500Mi"}},
        }],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "terminationGracePeriodSeconds": 30,
    }
    status = {"phase": "Pending", "qosClass": "Guaranteed"}
    if node_name:
        spec["nodeName"] = node_name
        status = {"phase": "Running", "podIP": "10.64.%d.%d" % (rnd.randrange(256),
                                                                rnd.randrange(256)),
                  "qosClass": "Guaranteed"}
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "labels": {"app": "bench", "pod-template-hash": "7c9f%04x" % rnd.getrandbits(16)},
            "name": name,
            "namespace": "default",
            "uid": "%08x-0000-4000-8000-%012x" % (rnd.getrandbits(32), rnd.getrandbits(40)),
        },
        "spec": spec,
        "status": status,
    }


def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    # kubectl (sigs.k8s.io/yaml) double-quotes strings a YAML 1.1 reader would not read back as
    # strings (numbers, booleans, null, timestamps) and single-quotes the other unsafe ones.
    if (s.lower() in ("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~")
            or s.replace(".", "", 1).isdigit() or (s[:4].isdigit() and s[4:5] == "-")):
        return '"' + s + '"'
    if not s or s[0] in "!&*-?[]{}|>'\"%@`#,:" or ": " in s or " #" in s:
        return "'" + s.replace("'", "''") + "'"
    return s


def yaml_lines(v, indent, out):
    """kubectl's layout: maps indented by 2, sequence items at the parent key's column."""
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict) and x:
                out.append("%s%s:" % (pad, k))
                yaml_lines(x, indent + 2, out)
            elif isinstance(x, list) and x:
                out.append("%s%s:" % (pad, k))
                yaml_lines(x, indent, out)
            else:
                out.append("%s%s: %s" % (pad, k, yaml_scalar(x) if not isinstance(x, (dict, list))
                                         else ("{}" if isinstance(x, dict) else "[]")))
    else:
        for x in v:
            sub = []
            if isinstance(x, (dict, list)):
                yaml_lines(x, indent + 2, sub)
                sub[0] = pad + "- " + sub[0][indent + 2:]
            else:
                sub.append(pad + "- " + yaml_scalar(x))
            out.extend(sub)


def write_yaml(path, objects):
    with open(path, "w") as f:
        for o in objects:
            lines = []
            yaml_lines(o, 0, lines)
            f.write("---\n" + "\n".join(lines) + "\n")


def write_yaml_list(path, objects):
    """kubectl get -o yaml: one List, items at column 0."""
    with open(path, "w") as f:
        f.write("apiVersion: v1\nitems:\n")
        for o in objects:
            lines = []
            yaml_lines(o, 2, lines)
            lines[0] = "- " + lines[0][2:]
            f.write("\n".join(lines) + "\n")
        f.write("kind: List\nmetadata:\n  resourceVersion: \"\"\n")


def write_json(path, objects):
    with open(path, "w") as f:
        json.dump({"apiVersion": "v1", "items": list(objects), "kind": "List",
                   "metadata": {"resourceVersion": ""}}, f, indent=4)
        f.write("\n")


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    out, nodes, bound, pending = sys.argv[1], *map(int, sys.argv[2:5])
    as_json = "--json" in sys.argv[5:]
    as_list = "--yaml-list" in sys.argv[5:]
    rnd = random.Random(16)
    os.makedirs(out, exist_ok=True)
    cluster = [node(i, rnd) for i in range(nodes)]
    cluster += [pod("bound-%06d" % i, "node-%05d" % (i % nodes), rnd) for i in range(bound)]
    queue = [pod("pending-%06d" % i, None, rnd) for i in range(pending)]
    write = write_json if as_json else write_yaml_list if as_list else write_yaml
    ext = "json" if as_json else "list.yaml" if as_list else "yaml"
    write(os.path.join(out, "cluster." + ext), cluster)
    write(os.path.join(out, "pending." + ext), queue)


if __name__ == "__main__":
    main()
