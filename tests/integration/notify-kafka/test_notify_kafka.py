#!/usr/bin/python3
"""corral notify topic|watch against librdkafka's mock cluster (real Kafka protocol on loopback).

Producers are independent of corral: kcat and python3-kafka. Covers topic check/create, watch
decoding (URL-decoded keys, undecodable messages), --exec hooks (env, stdin, secrets not passed),
a consumer group of two watchers sharing partitions, and kill -9 of a watcher mid-stream followed
by a restart that processes every event at least once.

usage: test_notify_kafka.py CORRAL MOCK KCAT SHARED_DATA_DIR
(the MinIO payloads are public fixtures, read in place from SHARED_DATA_DIR/minio; without that
folder the test is skipped with exit 77, ctest's SKIP_RETURN_CODE)
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

CORRAL, MOCK, KCAT, SHARED = sys.argv[1:5]
DATA = os.path.join(SHARED, "minio")
if not os.path.isdir(DATA):
    print(f"SKIPPED: needs the public MinIO payloads in {DATA}, which is absent "
          "(configure with -DCORRAL_SHARED_DATA=DIR)")
    sys.exit(77)
FAILURES = []
T0 = time.time()


def check(cond, what):
    if cond:
        print("ok   %5.1fs %s" % (time.time() - T0, what))
    else:
        print("FAIL " + what)
        FAILURES.append(what)


def run(args, **kw):
    kw.setdefault("timeout", 60)
    return subprocess.run([CORRAL] + args, capture_output=True, text=True, **kw)


def run_all(*arg_lists, env=None):
    """Runs several corral commands at once (each joins its own group: the mock's first join
    takes 3 s, so running them side by side keeps the test short)."""
    procs = [subprocess.Popen([CORRAL] + a, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for a in arg_lists]
    out = []
    for p in procs:
        o, e = p.communicate(timeout=90)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, o, e))
    return out


class Mock:
    def __init__(self, *args):
        self.proc = subprocess.Popen([MOCK] + list(args), stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert line.startswith("BOOTSTRAP="), line
        self.bootstrap = line.strip().split("=", 1)[1]
        ready = self.proc.stdout.readline()
        assert ready.strip() == "READY", ready

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Watcher:
    """A background `corral notify watch`; stderr is collected to see assignments."""

    def __init__(self, args, env=None):
        e = dict(os.environ)
        e.update(env or {})
        self.proc = subprocess.Popen([CORRAL, "notify", "watch"] + args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=e)
        self.err = []
        self.out = []
        self.t1 = threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True)
        self.t2 = threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True)
        self.t1.start()
        self.t2.start()

    @staticmethod
    def _read(stream, sink):
        for line in stream:
            sink.append(line)

    def wait_assigned(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any("assigned" in l and "assigned 0" not in l for l in self.err):
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def wait(self, timeout=60):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = "timeout"
        self.t1.join(2)
        self.t2.join(2)
        return rc


def kcat_produce(bootstrap, topic, lines):
    """lines: list of (key, value) produced with kcat -K TAB."""
    data = "".join(k + "\t" + v + "\n" for k, v in lines)
    r = subprocess.run([KCAT, "-b", bootstrap, "-P", "-t", topic, "-K", "\t"], input=data,
                       text=True, capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr


def py_produce(bootstrap, topic, messages, partition=None):
    import kafka
    p = kafka.KafkaProducer(bootstrap_servers=bootstrap, api_version=(2, 0, 0))
    for key, value in messages:
        p.send(topic, key=key.encode(), value=value.encode(), partition=partition)
    p.flush(20)
    p.close(5)


def event(bucket, key_escaped, name="s3:ObjectCreated:Put", size=10):
    rec = {"eventVersion": "2.0", "eventSource": "minio:s3", "awsRegion": "",
           "eventTime": "2026-01-02T03:04:05.678Z", "eventName": name,
           "s3": {"bucket": {"name": bucket},
                  "object": {"key": key_escaped, "size": size, "eTag": "e" * 32,
                             "sequencer": "18A1B2C3D4E5F602"}}}
    from urllib.parse import unquote_plus
    return json.dumps({"EventName": name, "Key": bucket + "/" + unquote_plus(key_escaped),
                       "Records": [rec]}, separators=(",", ":"))


def read(name):
    with open(os.path.join(DATA, name)) as f:
        return f.read().strip()


def main():
    tmp = tempfile.mkdtemp(prefix="corral-notify-kafka-")
    mock = Mock("--topic", "minio-events:3", "--topic", "group-topic:4", "--topic", "kill-topic:4",
                "--topic", "hook-topic:1")
    b = mock.bootstrap
    try:
        # --- topic check / create ---
        r = run(["notify", "topic", "check", "-b", b, "-t", "minio-events", "-o", "json"])
        j = json.loads(r.stdout)
        check(r.returncode == 0 and j["ok"] and j["partition_count"] == 3 and
              all(p["leader"] == 1 for p in j["partitions"]), "topic check lists 3 partitions with leaders")
        r = run(["notify", "topic", "check", "-b", b, "-t", "minio-events", "--partitions", "6"])
        check(r.returncode == 1 and "expected 6" in r.stdout, "topic check --partitions mismatch exits 1")
        r = run(["notify", "topic", "check", "-b", b, "-t", "minio-evnts"])
        check(r.returncode == 1 and "did you mean 'minio-events'" in r.stdout, "missing topic exits 1 with a hint")
        r = run(["notify", "topic", "check", "-b", b, "-t", "not-created-by-check"])
        r2 = run(["notify", "topic", "check", "-b", b, "-t", "not-created-by-check"])
        check(r2.returncode == 1, "topic check does not auto-create the topic")
        r = run(["notify", "topic", "create", "-b", b, "-t", "new-topic", "--partitions", "2", "--timeout", "1"])
        check(r.returncode == 4 and "refused CreateTopics" in r.stderr, "create on the mock: broker refusal reported, exit 4")
        r = run(["notify", "topic", "create", "-b", b, "-t", "minio-events", "--if-not-exists"])
        check(r.returncode == 0 and "already exists" in r.stdout, "create --if-not-exists accepts an existing topic")
        t0 = time.time()
        r = run(["notify", "topic", "check", "-b", "127.0.0.1:1", "-t", "x", "--timeout", "2"])
        check(r.returncode == 4 and time.time() - t0 < 6 and "Connection refused" in r.stderr,
              "unreachable broker: exit 4 within --timeout")
        r = run(["notify", "topic", "check", "-b", "kafka://h:9092", "-t", "x"])
        check(r.returncode == 2 and "scheme" in r.stderr, "broker with a scheme: usage error")
        r = run(["notify", "topic", "check", "-t", "x"], env=dict(os.environ, CORRAL_KAFKA_BROKERS="h"))
        check(r.returncode == 2 and "CORRAL_KAFKA_BROKERS: 'h' has no port" in r.stderr, "env broker without port: usage error")

        # --- watch: kcat and python3-kafka producers, decoding, bad messages ---
        kcat_produce(b, "minio-events", [
            ("photos/2024/my cat+dog.jpg", read("event-synth-put-escaped-key.json")),
            ("photos/2024/a.jpg", read("event-synth-delete.json")),
            ("junk", "this is not json"),
            ("vexination/index", read("event.json")),
        ])
        py_produce(b, "minio-events", [("bucket/trunc", read("event.json")[:200]),
                                       ("docs/x y%z.txt", event("docs", "x+y%25z.txt"))])
        # The mock makes a group's next member wait (session timeout - 1 s) after the last one
        # left: the runs sharing group w1 use a 4 s session timeout (the first join alone takes 3 s).
        r = run(["notify", "watch", "-b", b, "-t", "minio-events", "-g", "w1", "--from-beginning",
                 "--session-timeout", "4", "--idle-timeout", "1.5", "-o", "jsonl", "--timeout", "10"],
                timeout=60)
        lines = [json.loads(l) for l in r.stdout.splitlines()]
        keys = sorted(l["key"] for l in lines)
        check(r.returncode == 0 and keys == ["2024/a.jpg", "2024/my cat+dog.jpg", "index", "x y%z.txt"],
              "watch decodes kcat and python3-kafka events (keys URL-decoded): %s" % keys)
        check(r.stderr.count("skipping undecodable message") == 2 and "truncated JSON" in r.stderr,
              "non-JSON and truncated messages reported and skipped")
        hook_log = os.path.join(tmp, "hook.log")
        hook = os.path.join(tmp, "hook.sh")
        with open(hook, "w") as f:
            f.write('#!/bin/sh\nstdin=$(cat)\n'
                    'n=$(ls "%s".fail* 2>/dev/null | wc -l)\n'
                    'if [ "$CORRAL_KEY" = "retry me" ] && [ "$n" -lt 2 ]; then touch "%s.fail$n"; exit 7; fi\n'
                    'printf "%%s|%%s|%%s|%%s|%%s|%%s|%%s\\n" "$CORRAL_EVENT" "$CORRAL_BUCKET" "$CORRAL_KEY" "$CORRAL_SIZE" "$CORRAL_ETAG" '
                    '"${CORRAL_KAFKA_SASL_PASSWORD:-none}" "$(printf %%s "$stdin" | head -c 13)" >> "%s"\n'
                    % (hook_log, hook_log, hook_log))
        os.chmod(hook, 0o755)
        py_produce(b, "hook-topic", [("b/k1", event("b", "dir%2Fk+1")), ("b/retry me", event("b", "retry+me")),
                                     ("b/k3", event("b", "k3", "s3:ObjectRemoved:Delete"))])
        r_commit, r_filter, r_stop, r_hook = run_all(
            ["notify", "watch", "-b", b, "-t", "minio-events", "-g", "w1", "--from-beginning",
             "--session-timeout", "4", "--idle-timeout", "1", "-o", "jsonl"],
            ["notify", "watch", "-b", b, "-t", "minio-events", "-g", "w2", "--from-beginning",
             "--max-events", "1", "--event", "delete", "--bucket", "photos"],
            ["notify", "watch", "-b", b, "-t", "minio-events", "-g", "w3", "--from-beginning",
             "--on-error", "stop", "--idle-timeout", "5", "-o", "jsonl"],
            ["notify", "watch", "-b", b, "-t", "hook-topic", "-g", "h1", "--from-beginning",
             "--max-events", "3", "--exec", hook],
            env=dict(os.environ, CORRAL_KAFKA_SASL_PASSWORD="s3cret"))
        check(r_commit.returncode == 0 and r_commit.stdout == "",
              "offsets were committed: a restart of the group sees nothing new")
        check(r_filter.returncode == 0 and r_filter.stdout.startswith(
            "2026-01-02T03:04:06.001Z\ts3:ObjectRemoved:Delete\tphotos/2024/a.jpg\t-\t-"),
              "filters and text output: %r" % r_filter.stdout)
        check(r_stop.returncode == 3 and "stopping" in r_stop.stderr, "--on-error stop on an undecodable message exits 3")
        got = open(hook_log).read().splitlines() if os.path.exists(hook_log) else []
        check(r_hook.returncode == 0 and got == [
            "s3:ObjectCreated:Put|b|dir/k 1|10|" + "e" * 32 + "|none|{\"EventName\":",
            "s3:ObjectCreated:Put|b|retry me|10|" + "e" * 32 + "|none|{\"EventName\":",
            "s3:ObjectRemoved:Delete|b|k3|10|" + "e" * 32 + "|none|{\"EventName\":"],
              "--exec: env, JSON on stdin, secret not passed, failed hook retried: %s" % got)
        check(r_hook.stderr.count("retrying") == 2, "two failed runs were retried")

        # --- --no-group reads every partition like kcat -C, nothing committed ---
        r = run(["notify", "watch", "-b", b, "-t", "minio-events", "--no-group", "--from-beginning",
                 "--max-events", "4", "-o", "jsonl", "-q"])
        check(r.returncode == 0 and len(r.stdout.splitlines()) == 4 and r.stderr.count("undecodable") <= 2,
              "--no-group --from-beginning reads the topic without a group")

        # --- the Kafka hop of notify verify: armed before the event is produced ---
        waiter = subprocess.Popen([CORRAL, "notify", "__wait-event", "-b", b, "-t", "minio-events",
                                   "--bucket", "verify", "--key", "probe/a b.txt", "--wait", "20", "-o", "json"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        armed = waiter.stderr.readline()
        py_produce(b, "minio-events", [("verify/other", event("verify", "other")),
                                       ("verify/probe/a b.txt", event("verify", "probe%2Fa+b.txt"))])
        out, _ = waiter.communicate(timeout=30)
        j = json.loads(out) if out.strip() else {}
        check("armed" in armed and waiter.returncode == 0 and j.get("found") and j.get("messages_seen", 0) >= 1,
              "wait-event finds the probe's event after arming: %s" % j)
        r = run(["notify", "__wait-event", "-b", b, "-t", "minio-events", "--bucket", "verify",
                 "--key", "never", "--wait", "0.5"])
        check(r.returncode == 1 and "no event for verify/never" in r.stdout, "wait-event timeout exits 1")

        # --- two watchers in one group share the partitions ---
        logs = [os.path.join(tmp, "g%d.log" % i) for i in range(2)]
        ws = [Watcher(["-b", b, "-t", "group-topic", "-g", "shared", "--session-timeout", "4",
                       "--idle-timeout", "2", "--exec", 'echo "$CORRAL_KEY" >> ' + logs[i]]) for i in range(2)]
        time.sleep(0.5)
        ok = all(w.wait_assigned(40) for w in ws)
        # wait for the second rebalance to settle (both members hold partitions)
        time.sleep(1.0)
        n = 40
        py_produce(b, "group-topic", [("g/k%02d" % i, event("g", "k%02d" % i)) for i in range(n)])
        rcs = [w.wait(60) for w in ws]
        per = [set(open(l).read().split()) if os.path.exists(l) else set() for l in logs]
        check(ok and rcs == [0, 0], "both group members joined and exited 0: %s" % rcs)
        check(per[0] | per[1] == {"k%02d" % i for i in range(n)} and per[0] and per[1],
              "two watchers shared the partitions (%d + %d events, union complete)" % (len(per[0]), len(per[1])))

        # --- kill -9 mid-stream, restart: every event at least once ---
        klog = os.path.join(tmp, "kill.log")
        n = 60
        py_produce(b, "kill-topic", [("k/e%02d" % i, event("k", "e%02d" % i)) for i in range(n)])
        a = Watcher(["-b", b, "-t", "kill-topic", "-g", "killgrp", "--from-beginning", "--session-timeout", "4",
                     "--exec", 'echo "$CORRAL_KEY" >> %s; sleep 0.05' % klog])
        deadline = time.time() + 40
        while time.time() < deadline:
            if os.path.exists(klog) and len(open(klog).read().split()) >= 10:
                break
            time.sleep(0.02)
        a.proc.send_signal(signal.SIGKILL)
        a.wait(10)
        before = len(open(klog).read().split())
        t0 = time.time()
        bw = Watcher(["-b", b, "-t", "kill-topic", "-g", "killgrp", "--from-beginning", "--session-timeout", "4",
                      "--idle-timeout", "2", "--exec", 'echo "$CORRAL_KEY" >> %s' % klog])
        rc = bw.wait(90)
        seen = open(klog).read().split()
        check(10 <= before < n, "watcher killed mid-stream after %d of %d events" % (before, n))
        check(rc == 0 and set(seen) == {"e%02d" % i for i in range(n)},
              "restart after kill -9 processed every event at least once (%d hook runs, %.1f s)" % (len(seen), time.time() - t0))

        # --- SIGINT: commit, leave, exit 130; SIGTERM: exit 0 (both watchers side by side) ---
        ws = [(Watcher(["-b", b, "-t", "hook-topic", "-g", "sig%d" % want, "-o", "jsonl"]), sig, want)
              for sig, want in ((signal.SIGINT, 130), (signal.SIGTERM, 0))]
        for w, sig, want in ws:
            w.wait_assigned(30)
        for w, sig, want in ws:
            w.proc.send_signal(sig)
        for w, sig, want in ws:
            rc = w.wait(15)
            check(rc == want and any("leaving the group" in l for l in w.err),
                  "signal %d: exit %s (want %d), group left" % (sig, rc, want))
    finally:
        mock.stop()
    broker_outage()
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        sys.exit(1)
    print("all passed")


def wait_line(w, text, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if any(text in l for l in w.err):
            return time.time()
        time.sleep(0.05)
    return None


def broker_outage():
    """Issue 15: every broker gone mid-run (the mock drops connections and refuses new ones on
    SIGUSR1, accepts again on SIGUSR2): one warning, one "broker back", events flow again after
    it; with --broker-timeout the watcher gives up with exit 4 instead of waiting silently."""
    mock = Mock("--topic", "outage:1")
    b = mock.bootstrap
    try:
        keep = Watcher(["-b", b, "-t", "outage", "-g", "outage", "--from-beginning", "-o", "jsonl"])
        give_up = Watcher(["-b", b, "-t", "outage", "--no-group", "--broker-timeout", "2"])
        check(keep.wait_assigned(30), "outage: watcher assigned")
        kcat_produce(b, "outage", [("outage/a", event("outage", "before"))])
        deadline = time.time() + 10
        while time.time() < deadline and not any('"before"' in l for l in keep.out):
            time.sleep(0.05)
        check(any('"before"' in l for l in keep.out), "outage: event before the outage printed")
        mock.proc.send_signal(signal.SIGUSR1)
        t_down = time.time()
        seen = wait_line(keep, "kafka: all brokers down (" + b + ")", 15)
        check(seen is not None, "outage: 'all brokers down (%s)' warned%s" % (
            b, "" if seen is None else " after %.1f s" % (seen - t_down)))
        rc = give_up.wait(15)
        gone = time.time() - t_down
        check(rc == 4 and any("no broker up for 2 s (" + b + "): giving up (--broker-timeout)" in l
                              for l in give_up.err) and 2 <= gone < 8,
              "outage: --broker-timeout 2 gave up with exit %s after %.1f s" % (rc, gone))
        mock.proc.send_signal(signal.SIGUSR2)
        t_up = time.time()
        back = wait_line(keep, "kafka: broker back (" + b + ")", 15)
        check(back is not None, "outage: 'broker back' warned%s" % (
            "" if back is None else " after %.1f s" % (back - t_up)))
        kcat_produce(b, "outage", [("outage/b", event("outage", "after"))])
        deadline = time.time() + 20
        while time.time() < deadline and not any('"after"' in l for l in keep.out):
            time.sleep(0.05)
        check(any('"after"' in l for l in keep.out), "outage: events flow again after the outage")
        warned = [l for l in keep.err if "all brokers down" in l or "broker back" in l]
        check(len(warned) == 2, "outage: one warning each way (%d lines)" % len(warned))
        keep.proc.send_signal(signal.SIGINT)
        check(keep.wait(15) == 130, "outage: watcher still stops on SIGINT")
    finally:
        mock.stop()


if __name__ == "__main__":
    main()
