#!/usr/bin/python3
"""Integration test of `corral notify verify` (SPEC §5, issue 7).

Peers: the fake MinIO of tests/integration/notify-s3 (fake_s3.FakeMinio, SigV4 checked with
botocore's signer) and librdkafka's mock cluster (notify_kafka_mock, real Kafka protocol). This
script plays MinIO's notification role: its handler subclass produces the MinIO event JSON to the
topic (python3-kafka) after each PUT/DELETE of an object, unless the hook is switched off.

usage: test_notify_verify.py CORRAL NOTIFY_KAFKA_MOCK
"""
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import quote_plus

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "notify-s3"))
import fake_s3  # noqa: E402
import kafka  # noqa: E402

CORRAL, MOCK = sys.argv[1], sys.argv[2]
AK, SK = "corral-admin", "corral/secret+key=="
TOPIC = "minio-events"
FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


class Hook:
    """MinIO's side of the notification: produce the event of each object PUT/DELETE."""

    def __init__(self, bootstrap):
        self.producer = kafka.KafkaProducer(bootstrap_servers=bootstrap, api_version=(2, 0, 0))
        self.enabled = True
        self.lock = threading.Lock()
        self.produced = []

    def __call__(self, method, bucket, key):
        if not self.enabled or not key or method not in ("PUT", "DELETE"):
            return
        name = "s3:ObjectCreated:Put" if method == "PUT" else "s3:ObjectRemoved:Delete"
        rec = {"eventVersion": "2.0", "eventSource": "minio:s3", "awsRegion": "",
               "eventTime": "2026-01-02T03:04:05.678Z", "eventName": name,
               "userIdentity": {"principalId": AK},
               "s3": {"s3SchemaVersion": "1.0", "configurationId": "Config",
                      "bucket": {"name": bucket, "arn": "arn:aws:s3:::" + bucket},
                      "object": {"key": quote_plus(key), "sequencer": "18A1B2C3D4E5F602"}}}
        value = json.dumps({"EventName": name, "Key": bucket + "/" + key, "Records": [rec]})
        with self.lock:
            self.producer.send(TOPIC, key=(bucket + "/" + key).encode(), value=value.encode())
            self.producer.flush(10)
            self.produced.append((name, key))


HOOK = None
HANG = set()  # methods whose answer the fake MinIO holds back (after doing the work) for 30 s
_base_make_handler = fake_s3.make_handler


def make_handler(state):
    base = _base_make_handler(state)

    class Handler(base):
        def _s3(self, path, query, body, head):
            hang = self.command in HANG
            if hang:  # do the work now, hold the answer back
                real, self.wfile = self.wfile, io.BytesIO()
            result = base._s3(self, path, query, body, head)
            parts = path.lstrip("/").split("/", 1)
            if HOOK is not None:
                HOOK(self.command, parts[0], parts[1] if len(parts) > 1 else "")
            if hang:
                time.sleep(30)
                answer, self.wfile = self.wfile.getvalue(), real
                self.wfile.write(answer)
            return result

    return Handler


fake_s3.make_handler = make_handler


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(args, env_extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "MINIO_", "MC_", "CORRAL_S3", "CORRAL_KAFKA"))}
    env["MC_CONFIG_DIR"] = "/nonexistent-corral-verify"
    env.update(env_extra)
    return subprocess.run([CORRAL] + args, capture_output=True, text=True, env=env, timeout=60)


def main():
    global HOOK
    mock = subprocess.Popen([MOCK, "--topic", TOPIC + ":3"], stdout=subprocess.PIPE, text=True)
    line = mock.stdout.readline()
    assert line.startswith("BOOTSTRAP="), line
    bootstrap = line.strip().split("=", 1)[1]
    assert mock.stdout.readline().strip() == "READY"
    server = fake_s3.FakeMinio({AK: (SK, "admin")})
    HOOK = Hook(bootstrap)
    host_url = server.url.replace("http://", "http://%s:%s@" % (quote_plus(AK), quote_plus(SK)))
    env = {"MC_HOST_local": host_url}
    try:
        # Success: five hops, object gone afterwards.
        r = run(["notify", "verify", "local/photos", "-b", bootstrap, "-t", TOPIC,
                 "--timeout", "15", "-o", "json"], env)
        j = json.loads(r.stdout) if r.stdout.strip() else {}
        check(r.returncode == 0, "success path exits 0 (%d: %s)" % (r.returncode, r.stderr.strip()))
        check([h["name"] for h in j.get("hops", [])] ==
              ["connect", "put", "event-put", "delete", "event-delete"] and
              all(h["ok"] for h in j["hops"]) and j["passed"] is True,
              "five ok hops in JSON")
        check(j.get("key", "").startswith(".corral-verify/") and j.get("bucket") == "photos" and
              j.get("topic") == TOPIC, "bucket, topic, key reported")
        check(not server.state.buckets["photos"]["objects"], "probe object deleted")

        # Text output, custom prefix.
        r = run(["notify", "verify", "local/photos", "-b", bootstrap, "-t", TOPIC,
                 "--timeout", "15", "--key-prefix", "probes/ci"], env)
        check(r.returncode == 0 and "verify passed: photos -> minio-events (5 hops ok" in r.stdout
              and "probes/ci/" in r.stdout, "text table and verdict (%s)" % r.stderr.strip())

        # No event: exit 1 naming event-put, the object is still deleted.
        HOOK.enabled = False
        before = len(server.state.requests)
        r = run(["notify", "verify", "local/photos", "-b", bootstrap, "-t", TOPIC,
                 "--timeout", "3", "-o", "json"], env)
        j = json.loads(r.stdout) if r.stdout.strip() else {}
        check(r.returncode == 1 and r.stderr.startswith("corral: verify failed at event-put: no "
                                                        "s3:ObjectCreated event for photos/"),
              "missing event: exit 1 naming event-put (%d: %s)" % (r.returncode, r.stderr.strip()))
        check(len(r.stderr.strip().splitlines()) == 1, "one-line stderr")
        check([h["name"] for h in j.get("hops", [])] == ["connect", "put", "event-put", "delete"]
              and j["hops"][3]["ok"] and not j["passed"], "delete still attempted")
        methods = [q["method"] for q in server.state.requests[before:]]
        check("DELETE" in methods and not server.state.buckets["photos"]["objects"],
              "probe object deleted after the failed event hop")
        HOOK.enabled = True

        # Unreachable endpoint: exit 4 at connect.
        dead = "http://%s:%s@127.0.0.1:%d" % (quote_plus(AK), quote_plus(SK), free_port())
        r = run(["notify", "verify", "dead/photos", "-b", bootstrap, "-t", TOPIC,
                 "--connect-timeout", "3"], {"MC_HOST_dead": dead})
        check(r.returncode == 4 and "verify failed at connect" in r.stderr,
              "unreachable endpoint: exit 4 (%d: %s)" % (r.returncode, r.stderr.strip()))

        # Wrong secret: S3 403 at connect -> exit 4.
        bad = server.url.replace("http://", "http://%s:wrong@" % quote_plus(AK))
        r = run(["notify", "verify", "bad/photos", "-b", bootstrap, "-t", TOPIC],
                {"MC_HOST_bad": bad})
        check(r.returncode == 4 and "403" in r.stderr,
              "S3 403: exit 4 (%d: %s)" % (r.returncode, r.stderr.strip()))

        # Unreachable brokers: exit 4 at connect, nothing written.
        before = len(server.state.requests)
        r = run(["notify", "verify", "local/photos", "-b", "127.0.0.1:%d" % free_port(), "-t",
                 TOPIC, "--connect-timeout", "3"], env)
        check(r.returncode == 4 and "verify failed at connect" in r.stderr,
              "unreachable brokers: exit 4 (%d: %s)" % (r.returncode, r.stderr.strip()))
        check(all(q["method"] != "PUT" for q in server.state.requests[before:]),
              "no PUT when the connect hop fails")

        # Missing bucket: exit 1 at connect.
        r = run(["notify", "verify", "local/nosuchbucket", "-b", bootstrap, "-t", TOPIC], env)
        check(r.returncode == 1 and "verify failed at connect" in r.stderr,
              "missing bucket: exit 1 (%d: %s)" % (r.returncode, r.stderr.strip()))

        interrupts(server, bootstrap, env)
    finally:
        server.close()
        mock.send_signal(signal.SIGTERM)
        try:
            mock.wait(10)
        except subprocess.TimeoutExpired:
            mock.kill()
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    return 0


def interrupts(server, bootstrap, env):
    """Issue 15: Ctrl-C while waiting for the event, and while an S3 request hangs, exits 130
    within 2 s and still deletes the probe object."""
    e = {k: v for k, v in os.environ.items()
         if not k.startswith(("AWS_", "MINIO_", "MC_", "CORRAL_S3", "CORRAL_KAFKA"))}
    e["MC_CONFIG_DIR"] = "/nonexistent-corral-verify"
    e.update(env)
    for what, hang, hook in (("waiting for the event", set(), False),
                             ("during a hanging PUT", {"PUT"}, True)):
        HANG.clear()
        HANG.update(hang)
        HOOK.enabled = hook
        before = len(server.state.requests)
        p = subprocess.Popen([CORRAL, "notify", "verify", "local/photos", "-b", bootstrap, "-t",
                              TOPIC, "--timeout", "30"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=e)
        deadline = time.time() + 20
        while time.time() < deadline and not any(
                q["method"] == "PUT" for q in server.state.requests[before:]):
            time.sleep(0.05)
        time.sleep(0.5)  # well inside the wait (or the held-back PUT answer)
        t0 = time.time()
        p.send_signal(signal.SIGINT)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        took = time.time() - t0
        HANG.clear()
        check(p.returncode == 130 and took < 2,
              "SIGINT %s: exit %s after %.2f s (%s)" % (what, p.returncode, took, err.strip()))
        methods = [q["method"] for q in server.state.requests[before:]]
        check("DELETE" in methods and not server.state.buckets["photos"]["objects"],
              "SIGINT %s: probe object deleted (%s)" % (what, methods))
    HOOK.enabled = True


if __name__ == "__main__":
    sys.exit(main())
