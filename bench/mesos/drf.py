#!/usr/bin/env python3
"""The peer the bench compares with: json.load of a /master/state plus agents and DRF role
shares, the way an operator's script would do it. Prints one line per role."""
import json
import sys

state = json.load(open(sys.argv[1]))
totals = {}
for s in state["slaves"]:
    for k, v in s["resources"].items():
        if isinstance(v, (int, float)):
            totals[k] = totals.get(k, 0) + v
alloc = {}
for f in state["frameworks"]:
    roles = f.get("roles") or [f.get("role", "*")]
    a = alloc.setdefault(roles[0], {})
    for part in ("used_resources", "offered_resources"):
        for k, v in f.get(part, {}).items():
            if isinstance(v, (int, float)):
                a[k] = a.get(k, 0) + v
free = 0
for s in state["slaves"]:
    free += s["resources"]["cpus"] - s.get("used_resources", {}).get("cpus", 0)
for role, a in sorted(alloc.items()):
    share = max((a.get(k, 0) / t for k, t in totals.items() if t > 0), default=0)
    print("%s %.4f" % (role, share))
print("free cpus %.1f" % free)
