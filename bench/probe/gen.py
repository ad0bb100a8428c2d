#!/usr/bin/env python3
"""Deterministic probe-bench inputs (issue 16): Deployments as kubectl writes them.

usage: gen.py DIR
Writes DIR/files/ (400 files, ~60 MB), DIR/files-folded/ (the same with a folded ">-"
annotation in 10 % of the files), DIR/stream-30.yaml and DIR/stream-120.yaml (one
multi-document file each), DIR/list-30.yaml (one `kind: List`, `kubectl get -o yaml`) and
DIR/list-30.json (`kubectl get -o json`). Same bytes on every run; existing files are kept.
"""
import json
import os
import sys

FOLDED = (
    "    description: >-\n"
    "      Serves the public API of tenant {i}. Runs behind the shared ingress and\n"
    "      scales on request rate; pages the on-call team when the error budget\n"
    "      burns faster than two per cent an hour.\n"
)


def deployment(i: int) -> dict:
    """One Deployment (~6 KB as YAML) with three containers, env, ports, resources."""
    containers = []
    for c, name in enumerate(("app", "sidecar", "metrics")):
        containers.append({
            "name": name,
            "image": f"registry.example.com/team-{i % 97}/{name}:1.{i % 13}.{c}",
            "args": [f"--listen=:{8080 + c}", "--log-level=info", f"--shard={i % 31}"],
            "ports": [{"name": f"http-{c}", "containerPort": 8080 + c, "protocol": "TCP"},
                      {"name": f"admin-{c}", "containerPort": 9090 + c, "protocol": "TCP"}],
            "env": [{"name": f"VAR_{k}", "value": f"value-{i}-{c}-{k}"} for k in range(14)],
            "resources": {"requests": {"cpu": f"{100 + i % 400}m", "memory": f"{128 + i % 256}Mi"},
                          "limits": {"cpu": "1", "memory": f"{512 + i % 512}Mi"}},
            "volumeMounts": [{"name": "config", "mountPath": f"/etc/{name}", "readOnly": True}],
        })
    labels = {"app": f"svc-{i}", "tier": "backend", "team": f"team-{i % 97}",
              "app.kubernetes.io/version": f"1.{i % 13}.0"}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": f"svc-{i}", "namespace": f"ns-{i % 50}", "labels": labels,
                     "annotations": {"deployment.kubernetes.io/revision": str(i % 7 + 1),
                                     "owner": f"team-{i % 97}@example.com"}},
        "spec": {
            "replicas": i % 5 + 1,
            "selector": {"matchLabels": {"app": f"svc-{i}"}},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": containers,
                         "volumes": [{"name": "config", "configMap": {"name": f"svc-{i}"}}]},
            },
        },
    }


def scalar(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    s = str(v)
    # Quote what YAML would read as something else (kubectl quotes the same words).
    if s in ("", "true", "false", "on", "off", "yes", "no", "null", "~") or s[0] in "-:[{&*!|>'\"%@`#" \
            or s.replace(".", "", 1).isdigit() or ": " in s:
        return '"' + s + '"'
    return s


def to_yaml(v, indent: int, out: list) -> None:
    """Block YAML in kubectl's layout (sequences not indented under their key)."""
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{k}:\n")
                to_yaml(x, indent + (2 if isinstance(x, dict) else 0), out)
            else:
                out.append(f"{pad}{k}: {scalar(x) if not isinstance(x, (dict, list)) else '{}'}\n")
    else:
        for x in v:
            if isinstance(x, dict):
                inner: list = []
                to_yaml(x, indent + 2, inner)
                first = inner[0]
                out.append(pad + "- " + first[indent + 2:])
                out.extend(inner[1:])
            else:
                out.append(f"{pad}- {scalar(x)}\n")


def yaml_doc(i: int, folded: bool = False) -> str:
    out: list = []
    to_yaml(deployment(i), 0, out)
    text = "".join(out)
    if folded:
        text = text.replace("  annotations:\n", "  annotations:\n" + FOLDED.format(i=i), 1)
    return text


def write(path: str, text: str) -> None:
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def stream(path: str, target: int) -> None:
    if os.path.exists(path):
        return
    parts, size, i = [], 0, 0
    while size < target:
        d = yaml_doc(i)
        parts.append(d)
        size += len(d) + 4
        i += 1
    write(path, "---\n" + "---\n".join(parts))


def main() -> None:
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    per_file = 32  # 400 files x 32 Deployments ~ 62 MB
    for name, folded_every in (("files", 0), ("files-folded", 10)):
        d = os.path.join(root, name)
        if os.path.isdir(d) and len(os.listdir(d)) == 400:
            continue
        os.makedirs(d, exist_ok=True)
        for f in range(400):
            docs = [yaml_doc(f * per_file + k, folded_every and f % folded_every == 0 and k == 0)
                    for k in range(per_file)]
            write(os.path.join(d, f"deploy-{f:03d}.yaml"), "---\n" + "---\n".join(docs))
    stream(os.path.join(root, "stream-30.yaml"), 30_000_000)
    stream(os.path.join(root, "stream-120.yaml"), 120_000_000)
    n = 0
    path = os.path.join(root, "list-30.yaml")
    items = []
    while not os.path.exists(path) and sum(len(x) for x in items) < 30_000_000:
        out: list = []
        to_yaml([deployment(n)], 0, out)
        items.append("".join(out))
        n += 1
    if items:
        write(path, "apiVersion: v1\nitems:\n" + "".join(items) +
              "kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    path = os.path.join(root, "list-30.json")
    if not os.path.exists(path):
        objs, size, i = [], 0, 0
        while size < 30_000_000:
            objs.append(deployment(i))
            size += len(json.dumps(objs[-1], indent=4))
            i += 1
        doc = {"apiVersion": "v1", "items": objs, "kind": "List",
               "metadata": {"resourceVersion": ""}}
        write(path, json.dumps(doc, indent=4) + "\n")


if __name__ == "__main__":
    main()
