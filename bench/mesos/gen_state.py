#!/usr/bin/env python3
"""Writes a synthetic Mesos 1.x GET /master/state: 10,000 agents, 500 frameworks, 200,000
running tasks and some outstanding offers (110.6 MB with the defaults), in the shape of
src/master/readonly_handler.cpp (summaries, *_full arrays, tasks with statuses, offers).

Usage: gen_state.py OUT [--agents N] [--frameworks N] [--tasks N] [--seed S]
"""
import argparse
import json
import random


def summary(cpus, mem, disk, gpus=0, ports=None):
    d = {"cpus": cpus, "gpus": gpus, "mem": mem, "disk": disk}
    if ports:
        d["ports"] = ports
    return d


def full(name, value, role=None, alloc=None):
    r = {"name": name, "type": "SCALAR", "scalar": {"value": value}}
    if role:
        r["role"] = role
        r["reservations"] = [{"type": "STATIC", "role": role}]
    else:
        r["role"] = "*"
    if alloc:
        r["allocation_info"] = {"role": alloc}
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--agents", type=int, default=10000)
    ap.add_argument("--frameworks", type=int, default=500)
    ap.add_argument("--tasks", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    roles = ["web", "batch", "analytics/etl", "analytics/ml", "ops", "*"]
    master_id = "9b8b0a2e-1c5f-4f0e-8a3c-5d1f2e3a4b5c"
    agents = []
    for i in range(a.agents):
        cpus = rnd.choice([16, 32, 48, 64])
        mem = cpus * 4096
        reserved_role = roles[i % 5] if i % 3 == 0 else None
        agents.append({"id": "%s-S%d" % (master_id, i), "hostname": "agent-%05d.dc1.example.com" % i,
                       "cpus": cpus, "mem": mem, "disk": 409600, "role": reserved_role,
                       "used_cpus": 0.0, "used_mem": 0, "rack": "r%d" % (i % 40)})
    fw_ids = ["%s-%04d" % (master_id, j) for j in range(a.frameworks)]
    fw_roles = [roles[j % len(roles)] for j in range(a.frameworks)]
    tasks_by_fw = [[] for _ in range(a.frameworks)]
    for t in range(a.tasks):
        j = t % a.frameworks
        ag = agents[rnd.randrange(a.agents)]
        cpus = rnd.choice([0.1, 0.25, 0.5, 1.0])
        mem = rnd.choice([128, 256, 512])
        ag["used_cpus"] += cpus
        ag["used_mem"] += mem
        tasks_by_fw[j].append((t, ag, cpus, mem))
    with open(a.out, "w") as out:
        w = out.write
        w('{"version":"1.11.0","git_sha":"deadbeef","id":"%s","pid":"master@10.0.0.1:5050",'
          '"hostname":"master-1","activated_slaves":%d,"deactivated_slaves":0,"leader":"master@10.0.0.1:5050",'
          '"start_time":1700000000.0,"elected_time":1700000001.0,'
          '"flags":{"allocation_interval":"1secs","roles":"","weights":""},"slaves":['
          % (master_id, a.agents))
        for i, ag in enumerate(agents):
            used = summary(round(ag["used_cpus"], 3) + 1e-12, ag["used_mem"], 0)
            offered = summary(0, 0, 0)
            total = summary(ag["cpus"], ag["mem"], ag["disk"], 0, "[31000-32000]")
            reserved = {}
            reserved_full = {}
            unreserved = summary(ag["cpus"], ag["mem"], ag["disk"], 0, "[31000-32000]")
            unreserved_full = [full("cpus", ag["cpus"]), full("mem", ag["mem"]), full("disk", ag["disk"])]
            if ag["role"]:
                reserved[ag["role"]] = summary(4, 8192, 0)
                reserved_full[ag["role"]] = [full("cpus", 4, ag["role"]), full("mem", 8192, ag["role"])]
                unreserved = summary(ag["cpus"] - 4, ag["mem"] - 8192, ag["disk"], 0, "[31000-32000]")
                unreserved_full = [full("cpus", ag["cpus"] - 4), full("mem", ag["mem"] - 8192),
                                   full("disk", ag["disk"])]
            s = {"id": ag["id"], "hostname": ag["hostname"], "port": 5051, "pid": "slave(1)@10.1.%d.%d:5051" % (i // 250, i % 250),
                 "registered_time": 1700000100.5, "resources": total, "used_resources": used,
                 "offered_resources": offered, "reserved_resources": reserved,
                 "unreserved_resources": unreserved, "reserved_resources_full": reserved_full,
                 "unreserved_resources_full": unreserved_full,
                 "used_resources_full": [full("cpus", used["cpus"], None, "web"), full("mem", used["mem"], None, "web")],
                 "offered_resources_full": [],
                 "attributes": {"rack": ag["rack"], "zone": "z%d" % (i % 3), "level": i % 10},
                 "active": True, "deactivated": False, "version": "1.11.0",
                 "capabilities": ["MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT"]}
            w(("," if i else "") + json.dumps(s, separators=(",", ":")))
        w('],"frameworks":[')
        offer_n = 0
        for j in range(a.frameworks):
            fid = fw_ids[j]
            used_c = sum(t[2] for t in tasks_by_fw[j])
            used_m = sum(t[3] for t in tasks_by_fw[j])
            w(("," if j else "") + '{"id":"%s","name":"framework-%03d","pid":"scheduler-%d@10.2.0.1:1234",'
              '"used_resources":%s,"offered_resources":%s,"resources":%s,"capabilities":["MULTI_ROLE"],'
              '"hostname":"sched-%d","webui_url":"","active":true,"connected":true,"recovered":false,'
              '"user":"root","failover_timeout":604800,"checkpoint":true,"registered_time":1700000200.0,'
              '"unregistered_time":0,"principal":"fw-%d","roles":["%s"],"tasks":['
              % (fid, j, j, json.dumps(summary(round(used_c, 3), used_m, 0)),
                 json.dumps(summary(0, 0, 0)), json.dumps(summary(round(used_c, 3), used_m, 0)), j, j, fw_roles[j]))
            for k, (t, ag, cpus, mem) in enumerate(tasks_by_fw[j]):
                tid = "task-%07d.%08x" % (t, (t * 2654435761) & 0xffffffff)
                w(("," if k else "") +
                  '{"id":"%s","name":"task-%d","framework_id":"%s","executor_id":"","slave_id":"%s",'
                  '"state":"TASK_RUNNING","resources":{"cpus":%s,"disk":0,"gpus":0,"mem":%d},'
                  '"role":"%s","statuses":[{"state":"TASK_RUNNING","timestamp":1700001000.%d,'
                  '"container_status":{"network_infos":[{"ip_addresses":[{"protocol":"IPv4","ip_address":"10.1.0.%d"}]}]}}],'
                  '"labels":[{"key":"app","value":"svc-%d"}]}'
                  % (tid, t, fid, ag["id"], cpus, mem, fw_roles[j], t % 1000, t % 250, t % 97))
            w('],"completed_tasks":[],"unreachable_tasks":[],"executors":[],"offers":[')
            for o in range(2 if j % 10 == 0 else 0):
                ag = agents[rnd.randrange(a.agents)]
                w(("," if o else "") + '{"id":"%s-O%d","framework_id":"%s","slave_id":"%s",'
                  '"allocation_info":{"role":"%s"},"resources":{"cpus":2,"disk":1024,"gpus":0,"mem":4096,"ports":"[31000-31010]"}}'
                  % (master_id, 1000 + offer_n, fid, ag["id"], fw_roles[j]))
                offer_n += 1
            w(']}')
        w('],"completed_frameworks":[],"orphan_tasks":[],"unregistered_frameworks":[]}')


if __name__ == "__main__":
    main()
