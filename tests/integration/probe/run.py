#!/usr/bin/env python3
"""Every manifest corral probe writes must (1) validate against the Kubernetes OpenAPI schema via
npm kubernetes-models (validate.js) and (2) pass `corral probe lint` without errors. Injection
must change nothing but added lines, and those lines must be the probe corral generates.

usage: run.py CORRAL DATA_DIR   (needs `npm ci` in this folder: a missing peer is a failure)
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORRAL, DATA = sys.argv[1], sys.argv[2]
failures = []


def run(args, stdin=None, ok=(0,)):
    p = subprocess.run([CORRAL] + args, input=stdin, capture_output=True)
    if p.returncode not in ok:
        failures.append(f"corral {' '.join(args)}: rc {p.returncode}: {p.stderr.decode()}")
    return p.stdout


def node_validate(paths):
    p = subprocess.run(["node", os.path.join(HERE, "validate.js")] + paths,
                       capture_output=True, text=True)
    if p.returncode != 0:
        failures.append("kubernetes-models: " + p.stderr + p.stdout)
    return p.stdout.strip()


def lint_clean(paths):
    out = run(["probe", "lint", "-o", "json", "-q"] + paths, ok=(0,))
    report = json.loads(out or b'{"errors": -1}')
    if report["errors"] != 0:
        findings = [f for file in report["files"] for f in file["findings"]]
        failures.append("corral probe lint found errors: " + json.dumps(findings))


def split_lines(data):
    return data.splitlines(keepends=True)


def added_blocks(before, after):
    """Added line groups when `before` is a subsequence of `after`; records a failure if a line
    was changed or removed."""
    a, b = split_lines(before), split_lines(after)
    i, blocks, current = 0, [], []
    for line in b:
        if i < len(a) and line == a[i]:
            i += 1
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    if i != len(a):
        failures.append("injection changed or removed input lines")
    return blocks


def json_added_only(before, after):
    """JSON insertion: every input line is kept, in order, except that the member before the
    inserted one gains its ',' separator."""
    a, b = split_lines(before), split_lines(after)
    i = 0
    for line in b:
        if i < len(a) and (line == a[i] or line == a[i].rstrip("\r\n") + "," + a[i][len(a[i].rstrip("\r\n")):]):
            i += 1
    if i != len(a):
        failures.append("JSON injection changed or removed input lines")


def dedent(lines):
    def indent(l):
        return len(l) - len(l.lstrip(" "))
    n = min(indent(l) for l in lines if l.strip())
    return "".join(l[n:] for l in lines).replace("\r\n", "\n")


GENERATION = [
    ["http", "--kind", "liveness", "--port", "8080", "--path", "/healthz"],
    ["http", "--kind", "readiness", "--port", "http", "--scheme", "HTTPS", "--host", "10.0.0.1",
     "--header", "X-Probe: corral", "--header", "User-Agent:", "--initial-delay", "5",
     "--period", "7", "--timeout", "2", "--success-threshold", "3", "--failure-threshold", "4"],
    ["tcp", "--kind", "startup", "--port", "5432", "--failure-threshold", "30"],
    ["grpc", "--kind", "liveness", "--port", "9090", "--service", "health",
     "--termination-grace", "15"],
    ["exec", "--kind", "readiness", "--", "sh", "-c", "test -f /tmp/ready && echo on"],
    ["exec", "--kind", "liveness", "--", "true", "0755", "on", "8080"],
    ["http", "--kind", "liveness", "--port", "8080", "--slow-start", "5m"],
    ["--liveness", "--get-url", "https://:8443/live?full=1"],
    ["--readiness", "--open-tcp", "3306"],
    ["--startup", "--get-url", "http://:web/"],
]

INJECT = [
    ("deployment.yaml", ["http", "--kind", "liveness", "--port", "http", "--path", "/healthz"],
     ["--container", "app"]),
    ("deployment.yaml", ["tcp", "--kind", "readiness", "--port", "9100"], ["--container", "metrics"]),
    ("cronjob.yaml", ["tcp", "--kind", "liveness", "--port", "9901", "--slow-start", "90s"],
     ["--container", "proxy"]),
    ("crlf-pod.yaml", ["exec", "--kind", "liveness", "--", "cat", "/tmp/healthy"],
     ["--container", "app"]),
    ("realworld.yaml", ["http", "--kind", "readiness", "--port", "http", "--path", "/ready"],
     ["--container", "api"]),
    ("realworld.yaml", ["tcp", "--kind", "liveness", "--port", "6379"], ["--container", "cache"]),
    ("realworld.yaml", ["http", "--kind", "startup", "--port", "metrics", "--path", "/"],
     ["--container", "log-shipper"]),
    ("realworld.yaml", ["tcp", "--kind", "readiness", "--port", "pg"], ["--container", "postgres"]),
    ("realworld.yaml", ["grpc", "--kind", "liveness", "--port", "9090"], ["--container", "api"]),
    ("realworld.yaml", ["exec", "--kind", "liveness", "--", "pg_isready", "-U", "postgres"],
     ["--container", "postgres"]),
    ("realworld-crlf", ["http", "--kind", "liveness", "--port", "8080", "--header", "X-A: on"],
     ["--all-containers"]),
]


def main():
    if not os.path.isdir(os.path.join(HERE, "node_modules", "kubernetes-models")):
        print("missing peer: run `npm ci` in tests/integration/probe", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="corral-probe-it-") as tmp:
        written = []
        # 1. Generated probes, as printed (wrapped in a Pod by validate.js) and inside a Pod.
        for i, args in enumerate(GENERATION):
            text = run(["probe"] + args).decode()
            as_json = json.loads(run(["-o", "json", "probe"] + args))
            if not text or set(as_json) != {l.split(":")[0] for l in text.splitlines()
                                            if l and not l.startswith(" ")}:
                failures.append(f"text and json disagree for {args}")
            snippet = os.path.join(tmp, f"gen-{i}.yaml")
            with open(snippet, "w") as f:
                f.write(text)
            pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: gen\nspec:\n  containers:\n"
                   "  - name: c\n    image: x\n    ports:\n    - {name: http, containerPort: 8080}\n"
                   "    - {name: web, containerPort: 80}\n")
            pod += "".join("    " + l + "\n" for l in text.splitlines())
            pod_path = os.path.join(tmp, f"gen-pod-{i}.yaml")
            with open(pod_path, "w") as f:
                f.write(pod)
            written += [snippet, pod_path]
        # 2. Injection: only added lines, and they are the generated probe.
        with open(os.path.join(DATA, "realworld.yaml"), "rb") as f:
            crlf = f.read().replace(b"\n", b"\r\n")
        for i, (name, probe_args, select) in enumerate(INJECT):
            if name == "realworld-crlf":
                before = crlf
            else:
                with open(os.path.join(DATA, name), "rb") as f:
                    before = f.read()
            cmd = ["-q", "probe", "inject", "-f", "-"] + select + probe_args
            after = run(cmd, stdin=before)
            again = run(cmd, stdin=after)
            if again != after:
                failures.append(f"inject {name} {probe_args} is not idempotent")
            blocks = added_blocks(before.decode(), after.decode())
            expected = run(["probe"] + probe_args).decode()
            if not blocks:
                failures.append(f"inject {name} {probe_args} added nothing")
            for block in blocks:
                # Same lines in the same order; the indentation step follows the manifest's own
                # (the OpenAPI check below confirms the structure).
                if [l.strip() for l in dedent(block).splitlines()] != \
                        [l.strip() for l in expected.splitlines()]:
                    failures.append(f"inject {name} {probe_args}: added lines are not the probe:\n"
                                    + "".join(block) + "\nexpected:\n" + expected)
                if name == "realworld-crlf" and not all(l.endswith("\r\n") for l in block):
                    failures.append("CRLF lost in inserted lines")
            out = os.path.join(tmp, f"inject-{i}.yaml")
            with open(out, "wb") as f:
                f.write(after)
            written.append(out)
        # 3. JSON: injected into a JSON manifest (only added lines, still JSON, the same probe
        #    as generated) and every injection above printed with -o json (one List).
        with open(os.path.join(DATA, "deployment.json"), "rb") as f:
            before = f.read()
        for kind, handler in (("liveness", ["http", "--port", "http", "--path", "/healthz"]),
                              ("startup", ["tcp", "--port", "8080", "--slow-start", "2m"])):
            probe_args = handler + ["--kind", kind]
            after = run(["-q", "probe", "inject", "-f", "-", "--container", "app"] + probe_args,
                        stdin=before)
            json_added_only(before.decode(), after.decode())
            try:
                container = json.loads(after)["spec"]["template"]["spec"]["containers"][0]
            except ValueError as e:
                failures.append(f"inject into JSON wrote invalid JSON: {e}")
                continue
            expected = json.loads(run(["-o", "json", "probe"] + probe_args))
            for field, probe in expected.items():
                if container.get(field) != probe:
                    failures.append(f"JSON inject {probe_args}: {field} is {container.get(field)}")
            out = os.path.join(tmp, f"inject-json-{kind}.json")
            with open(out, "wb") as f:
                f.write(after)
            written.append(out)
        for i, (name, probe_args, select) in enumerate(INJECT):
            source = os.path.join(tmp, f"inject-{i}.yaml")
            listed = run(["-q", "-o", "json", "probe", "inject", "-f", source] + select + probe_args)
            try:
                if json.loads(listed).get("kind") != "List":
                    failures.append(f"inject -o json {name}: not a List")
            except ValueError as e:
                failures.append(f"inject -o json {name}: invalid JSON: {e}")
                continue
            out = os.path.join(tmp, f"inject-{i}-list.json")
            with open(out, "wb") as f:
                f.write(listed)
            written.append(out)
        # 4. Both independent checks on everything written.
        print(node_validate(written))
        lint_clean([p for p in written if "/gen-" not in p or "gen-pod" in p])
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    print(f"{len(GENERATION)} generated, {len(INJECT)} injected, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
