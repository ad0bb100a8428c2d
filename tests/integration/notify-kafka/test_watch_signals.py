#!/usr/bin/env python3
"""Issue 15: `notify watch --exec` and signals, the hook environment, %00 keys.

Runs over --from-file (the same loop as a live consumer, without a broker).
Usage: test_watch_signals.py CORRAL
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

CORRAL = sys.argv[1]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def event(bucket, key_escaped, name="s3:ObjectCreated:Put"):
    from urllib.parse import unquote_plus
    rec = {"eventVersion": "2.0", "eventSource": "minio:s3", "awsRegion": "",
           "eventTime": "2026-01-02T03:04:05.678Z", "eventName": name,
           "s3": {"bucket": {"name": bucket},
                  "object": {"key": key_escaped, "size": 10, "eTag": "e" * 32,
                             "sequencer": "18A1B2C3D4E5F602"}}}
    return json.dumps({"EventName": name, "Key": bucket + "/" + unquote_plus(key_escaped),
                       "Records": [rec]}, separators=(",", ":"))


def stop_after_running_hook(tmp, sig, want_rc):
    events = os.path.join(tmp, "events.jsonl")
    with open(events, "w") as f:
        for i in range(10):
            f.write(event("photos", "k%d" % i) + "\n")
    log = os.path.join(tmp, "hook-%d.log" % sig)
    hook = 'echo start $CORRAL_KEY >> %s; sleep 3; echo end $CORRAL_KEY >> %s' % (log, log)
    p = subprocess.Popen([CORRAL, "notify", "watch", "--from-file", events, "--exec", hook],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (os.path.exists(log) and open(log).read()):
        time.sleep(0.05)
    t0 = time.monotonic()
    p.send_signal(sig)
    out, err = p.communicate(timeout=20)
    took = time.monotonic() - t0
    check(p.returncode == want_rc, (sig, p.returncode, err))
    check(took < 2, "stopping took %.1f s (the batch must not run on)" % took)
    lines = open(log).read().split()
    # The running hook got the signal (its group), nothing after it started.
    check(lines == ["start", "k0"], lines)
    check("stays uncommitted" in err, err)


def hook_environment(tmp):
    events = os.path.join(tmp, "one.json")
    with open(events, "w") as f:
        f.write(event("photos", "a"))
    dump = os.path.join(tmp, "env.txt")
    env = dict(os.environ, MC_HOST_play="https://AK:SK-leak@play.min.io",
               CORRAL_MESOS_SECRET="mesos-leak", AWS_SECRET_ACCESS_KEY="aws-leak",
               MINIO_ROOT_PASSWORD="root-leak", CORRAL_KAFKA_SASL_PASSWORD="sasl-leak",
               KEEP_ME="kept")
    p = subprocess.run([CORRAL, "notify", "watch", "--from-file", events, "--exec",
                        "env > " + dump], capture_output=True, text=True, env=env, timeout=20)
    check(p.returncode == 0, p.stderr)
    dumped = open(dump).read()
    check("leak" not in dumped, dumped)
    check("KEEP_ME=kept" in dumped and "CORRAL_KEY=a" in dumped, dumped)


def nul_keys(tmp):
    events = os.path.join(tmp, "nul.jsonl")
    with open(events, "w") as f:
        f.write(event("photos", "nul%00after") + "\n" + event("photos", "fine") + "\n")
    log = os.path.join(tmp, "nul.log")
    p = subprocess.run([CORRAL, "notify", "watch", "--from-file", events, "--exec",
                        'echo "$CORRAL_KEY" >> ' + log], capture_output=True, text=True, timeout=20)
    check(p.returncode == 0, p.stderr)
    check(open(log).read() == "fine\n", open(log).read())
    check("NUL byte (%00)" in p.stderr and "skipping" in p.stderr, p.stderr)
    p = subprocess.run([CORRAL, "notify", "watch", "--from-file", events, "--on-error", "stop",
                        "--exec", "true"], capture_output=True, text=True, timeout=20)
    check(p.returncode == 3 and "NUL byte" in p.stderr, (p.returncode, p.stderr))


def main():
    with tempfile.TemporaryDirectory(prefix="corral-watch-signals-") as tmp:
        stop_after_running_hook(tmp, signal.SIGINT, 130)
        stop_after_running_hook(tmp, signal.SIGTERM, 0)
        hook_environment(tmp)
        nul_keys(tmp)
    print("ok")


if __name__ == "__main__":
    main()
