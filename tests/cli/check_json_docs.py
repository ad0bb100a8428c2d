#!/usr/bin/env python3
"""Every JSON field name a golden CLI case emits is documented in its group's man page.

SPEC §7 makes JSON field names a contract; this test keeps the man pages' JSON OUTPUT sections
complete. For each tests/cli/<group>/<case>/expected-stdout that is JSON (or JSON lines), every
object key must appear in bold (*key*) in the "JSON OUTPUT" section of the group's man page
(man/corral-<group>.1.scd.in; core cases: man/corral.1.scd.in; notify-*: corral-notify). A field
whose value is an object keyed by data (resource names, roles, plugin or variable names) is
documented as a map, "*field* (map ..." (or "(map of maps" for two levels of such keys), and the
keys inside it are not field names (the objects under them are checked again). A field holding an
upstream object (a Kubernetes probe) is documented as "*field* (upstream ...", and so is not
descended into; neither is any object with both apiVersion and kind (a Kubernetes object).

  check_json_docs.py SOURCE_DIR            check, exit 1 listing every undocumented key
  check_json_docs.py SOURCE_DIR --list     print the keys each group emits, with an example case
To add a group or a page: extend PAGE_OF below.
"""
import json
import os
import re
import sys

# tests/cli/<group> -> man page source; groups not listed map to man/corral-<group>.1.scd.in.
PAGE_OF = {
    "core": "corral.1.scd.in",
    "notify-kafka": "corral-notify.1.scd.in",
    "notify-s3": "corral-notify.1.scd.in",
    "notify-verify": "corral-notify.1.scd.in",
}
SECTION = "JSON OUTPUT"


def documented(page_path):
    """(fields, maps) documented in the page's JSON OUTPUT section."""
    text = open(page_path, encoding="utf-8").read()
    m = re.search(r"^# " + SECTION + r"\n(.*?)(?=^# |\Z)", text, re.S | re.M)
    if not m:
        return None, None, None
    section = m.group(1)
    fields = set(re.findall(r"\*([A-Za-z_][A-Za-z0-9_-]*)\*", section))
    maps = {name: 2 if kind else 1 for name, kind in
            re.findall(r"\*([A-Za-z_][A-Za-z0-9_-]*)\*\s*\(map( of maps)?\b", section)}
    upstream = set(re.findall(r"\*([A-Za-z_][A-Za-z0-9_-]*)\*\s*\(upstream\b", section))
    return fields, maps, upstream


def parse_json_documents(data):
    """The JSON values in an expected-stdout: one document, or one per line (jsonl); else []."""
    text = data.strip()
    decoder = json.JSONDecoder()
    docs = []
    pos = 0
    # One document, JSON lines, or documents followed by the output of the case's other commands.
    while pos < len(text) and text[pos] in "{[":
        try:
            doc, pos = decoder.raw_decode(text, pos)
        except ValueError:
            break
        if isinstance(doc, (dict, list)):
            docs.append(doc)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return docs


def values_below(value, levels):
    """The values `levels` levels of data keys below a map field's value."""
    if levels == 0 or not isinstance(value, dict):
        return [value] if levels == 0 else []
    return [v for inner in value.values() for v in values_below(inner, levels - 1)]


def keys(value, maps, upstream, out, path="$"):
    """Collects (key, path) for every object key, skipping the data keys of map fields."""
    if isinstance(value, list):
        for item in value:
            keys(item, maps, upstream, out, path + "[]")
    elif isinstance(value, dict):
        if "apiVersion" in value and "kind" in value:
            return  # a Kubernetes object (sched config, probe inject): the upstream API's fields
        for k, v in value.items():
            out.append((k, path + "." + k))
            if k in upstream:
                continue  # an upstream object (a Kubernetes probe): documented by its API
            if k in maps:
                for inner in values_below(v, maps[k]):
                    keys(inner, maps, upstream, out, path + "." + k + ".*" * maps[k])
            else:
                keys(v, maps, upstream, out, path + "." + k)


def main():
    src = os.path.abspath(sys.argv[1])
    listing = "--list" in sys.argv[2:]
    cli = os.path.join(src, "tests", "cli")
    problems = []
    emitted = {}
    pages = {}
    for group in sorted(os.listdir(cli)):
        gdir = os.path.join(cli, group)
        if not os.path.isdir(gdir) or not any(
                os.path.isfile(os.path.join(gdir, c, "cmd")) for c in os.listdir(gdir)):
            continue  # not a group of cases (__pycache__, ...)
        page = os.path.join(src, "man", PAGE_OF.get(group, f"corral-{group}.1.scd.in"))
        if page not in pages:
            if not os.path.exists(page):
                problems.append(f"tests/cli/{group}: no man page {os.path.relpath(page, src)} "
                                "(add the group to PAGE_OF in tests/cli/check_json_docs.py)")
                continue
            pages[page] = documented(page)
        fields, maps, upstream = pages[page]
        for case in sorted(os.listdir(gdir)):
            out = os.path.join(gdir, case, "expected-stdout")
            if not os.path.isfile(out):
                continue
            with open(out, "rb") as f:
                docs = parse_json_documents(f.read().decode("utf-8", "replace"))
            if not docs:
                continue
            if fields is None and not listing:
                problems.append(f"{os.path.relpath(page, src)}: no '# {SECTION}' section, but "
                                f"tests/cli/{group}/{case} prints JSON")
                continue
            found = []
            for doc in docs:
                keys(doc, maps or {}, upstream or set(), found)
            for key, path in found:
                emitted.setdefault(os.path.basename(page), {}).setdefault(key, f"{group}/{case} {path}")
                if fields is not None and key not in fields:
                    problems.append(f"tests/cli/{group}/{case}: JSON field '{key}' ({path}) is not "
                                    f"documented in {os.path.relpath(page, src)} ({SECTION})")
    if listing:
        for page, ks in sorted(emitted.items()):
            print(f"== {page}")
            for k, where in sorted(ks.items()):
                print(f"  {k:24} {where}")
        return 0
    seen = set()
    for p in problems:
        if p not in seen:
            seen.add(p)
            print(p)
    if problems:
        print(f"{len(seen)} problem(s): document each field in the man page's {SECTION} section")
        return 1
    print(f"every JSON field of the golden cases is documented ({len(pages)} man pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
