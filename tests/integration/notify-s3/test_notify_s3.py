#!/usr/bin/python3
"""Integration tests of `corral notify target --apply` and `notify event add|list|remove` against
fake_s3.FakeMinio (127.0.0.1, random port). boto3 reads back what corral wrote.

usage: test_notify_s3.py CASE CLIENT_CHECK_BINARY   (CORRAL = path of the corral binary)
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import fake_s3  # noqa: E402

CORRAL = os.environ.get("CORRAL")
AK, SK = "corral-admin", "corral/secret+key=="
RO_AK, RO_SK = "reader", "reader-secret-key"
ARN = "arn:minio:sqs::1:kafka"
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)


class Env:
    def __init__(self):
        self.server = fake_s3.FakeMinio({AK: (SK, "admin"), RO_AK: (RO_SK, "readonly")})
        self.tmp = tempfile.TemporaryDirectory(prefix="corral-notify-s3-")
        self.home = self.tmp.name
        os.makedirs(os.path.join(self.home, ".mc"))
        with open(os.path.join(self.home, ".mc", "config.json"), "w") as f:
            json.dump({"version": "10", "aliases": {
                "local": {"url": self.server.url, "accessKey": AK, "secretKey": SK,
                          "api": "s3v4", "path": "auto"},
                "ro": {"url": self.server.url, "accessKey": RO_AK, "secretKey": RO_SK,
                       "api": "s3v4", "path": "auto"}}}, f)
        self.boto = boto3.client("s3", endpoint_url=self.server.url, aws_access_key_id=AK,
                                 aws_secret_access_key=SK, region_name="us-east-1",
                                 config=Config(s3={"addressing_style": "path"}))

    def run(self, *args, env=None, timeout=60):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith(("AWS_", "MINIO_", "MC_", "CORRAL_S3", "CORRAL_KAFKA"))}
        e["HOME"] = self.home
        e.update(env or {})
        start = time.monotonic()
        p = subprocess.run([CORRAL] + list(args), capture_output=True, text=True, env=e,
                           timeout=timeout)
        p.seconds = time.monotonic() - start
        return p

    def puts(self, path_suffix="notification"):
        return [r for r in self.server.state.requests
                if r["method"] == "PUT" and r["query"].startswith(path_suffix)]

    def all_signed(self):
        reqs = self.server.state.requests
        return bool(reqs) and all(r.get("signature_ok") and r.get("content_sha256")
                                  for r in reqs)

    def close(self):
        self.server.close()
        self.tmp.cleanup()


def case_event_rules(env, _):
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "put,delete",
                "--prefix", "photos dir/", "--suffix", ".jpg")
    check(p.returncode == 0, "event add rc 0 (%s)" % p.stderr.strip())
    conf = env.boto.get_bucket_notification_configuration(Bucket="photos")
    queues = conf.get("QueueConfigurations", [])
    check(len(queues) == 1, "boto3 reads one queue configuration")
    if queues:
        q = queues[0]
        check(q["QueueArn"] == ARN, "boto3: ARN")
        check(q["Events"] == ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], "boto3: events")
        rules = {r["Name"].lower(): r["Value"] for r in q["Filter"]["Key"]["FilterRules"]}
        check(rules == {"prefix": "photos dir/", "suffix": ".jpg"}, "boto3: filter %s" % rules)
    body = env.puts()[-1]["body"].decode()
    check(body.startswith("<NotificationConfiguration><QueueConfiguration><Event>"),
          "PUT body in mc's form")

    n = len(env.puts())
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "put,delete",
                "--prefix", "photos dir/", "--suffix", ".jpg")
    check(p.returncode == 3 and "overlapping prefixes" in p.stderr,
          "identical rule refused client-side with MinIO's words (rc %d)" % p.returncode)
    check(len(env.puts()) == n, "nothing written for a refused rule")
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "put,delete",
                "--prefix", "photos dir/", "--suffix", ".jpg", "--ignore-existing")
    check(p.returncode == 0 and len(env.puts()) == n, "--ignore-existing: no-op")
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "put,put")
    check(p.returncode == 2 and "Configurations overlap" in p.stderr, "same event twice")
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "put, delete")
    check(p.returncode == 2 and "no spaces" in p.stderr, "--event with a space")
    p = env.run("notify", "event", "add", "local/photos", "--arn", "arn:minio:sqs:1:kafka")
    check(p.returncode == 2 and "not well-formed" in p.stderr, "five-field ARN")
    p = env.run("notify", "event", "add", "local/photos", "--arn", "arn:minio:sqs::9:kafka")
    check(p.returncode == 4 and "InvalidArgument" in p.stderr and
          "does not exist or is not well-formed" in p.stderr,
          "server refuses an unknown target: rc 4 with the S3 code (%s)" % p.stderr.strip())

    n = len(env.puts())
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "get",
                "--dry-run")
    check(p.returncode == 0 and p.stdout.count("<QueueConfiguration>") == 2,
          "--dry-run prints the merged XML")
    check(len(env.puts()) == n, "--dry-run writes nothing")

    p = env.run("-o", "json", "notify", "event", "list", "local/photos")
    got = json.loads(p.stdout) if p.returncode == 0 else None
    check(got == {"rules": [{"id": "", "arn": ARN,
                             "events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
                             "prefix": "photos dir/", "suffix": ".jpg"}]},
          "event list -o json: %s" % got)

    # boto3 writes the AWS form with an Id; corral reads and extends it
    env.boto.put_bucket_notification_configuration(Bucket="photos", NotificationConfiguration={
        "QueueConfigurations": [{"Id": "mine", "QueueArn": ARN, "Events": ["s3:ObjectCreated:Put"],
                                 "Filter": {"Key": {"FilterRules": [
                                     {"Name": "suffix", "Value": ".png"}]}}}]})
    p = env.run("-o", "json", "notify", "event", "list", "local/photos")
    check(p.returncode == 0 and json.loads(p.stdout)["rules"][0]["id"] == "mine",
          "reads boto3's configuration")
    p = env.run("notify", "event", "add", "local/photos", "--arn", ARN, "--event", "delete")
    conf = env.boto.get_bucket_notification_configuration(Bucket="photos")
    check(p.returncode == 0 and [q.get("Id") for q in conf["QueueConfigurations"]] == ["mine", ""]
          or [q.get("Id") for q in conf["QueueConfigurations"]] == ["mine", None],
          "existing rules kept on add: %s" % conf.get("QueueConfigurations"))

    p = env.run("notify", "event", "remove", "local/photos", "--arn", ARN, "--event", "delete")
    conf = env.boto.get_bucket_notification_configuration(Bucket="photos")
    check(p.returncode == 0 and len(conf.get("QueueConfigurations", [])) == 1,
          "remove by ARN and event set")
    p = env.run("notify", "event", "remove", "local/photos")
    check(p.returncode == 2, "remove without --arn or --force is a usage error")
    p = env.run("notify", "event", "remove", "local/photos", "--force")
    conf = env.boto.get_bucket_notification_configuration(Bucket="photos")
    check(p.returncode == 0 and not conf.get("QueueConfigurations"), "remove --force")
    check(env.puts()[-1]["body"] == b"<NotificationConfiguration></NotificationConfiguration>",
          "empty configuration as mc sends it")
    check(env.all_signed(), "every request carried x-amz-content-sha256 and a valid signature")


def case_aliases(env, _):
    host_url = env.server.url.replace("http://", "http://%s:%s@" % (AK, SK.replace("/", "%2F")
                                                                       .replace("+", "%2B")
                                                                       .replace("=", "%3D")))
    p = env.run("notify", "event", "add", "envalias/photos", "--arn", ARN,
                env={"MC_HOST_envalias": host_url})
    check(p.returncode == 0, "MC_HOST_<alias> URL (%s)" % p.stderr.strip())
    p = env.run("-o", "json", "notify", "event", "list", "--endpoint", env.server.url, "--bucket",
                "photos", env={"AWS_ACCESS_KEY_ID": AK, "AWS_SECRET_ACCESS_KEY": SK})
    check(p.returncode == 0 and len(json.loads(p.stdout)["rules"]) == 1,
          "--endpoint with AWS_* keys")
    p = env.run("-o", "json", "notify", "event", "list", "photos",
                env={"CORRAL_S3_ENDPOINT": env.server.url, "MINIO_ROOT_USER": AK,
                     "MINIO_ROOT_PASSWORD": SK})
    check(p.returncode == 2, "CORRAL_S3_ENDPOINT alone needs ALIAS/BUCKET or --bucket")
    p = env.run("-o", "json", "notify", "event", "list", "--bucket", "photos",
                env={"CORRAL_S3_ENDPOINT": env.server.url, "MINIO_ROOT_USER": AK,
                     "MINIO_ROOT_PASSWORD": SK})
    check(p.returncode == 0, "CORRAL_S3_ENDPOINT + MINIO_ROOT_* (%s)" % p.stderr.strip())
    p = env.run("notify", "event", "list", "local/photos", "--region", "eu-central-1")
    check(p.returncode == 0 and env.server.state.requests[-1]["region"] == "eu-central-1",
          "--region is the signing region")
    check(all(r["region"] == "us-east-1" for r in env.server.state.requests[:-1]),
          "us-east-1 by default")
    p = env.run("notify", "event", "list", "nosuch/photos")
    check(p.returncode == 2 and "unknown mc alias" in p.stderr, "unknown alias")
    check(env.all_signed(), "every request signed correctly")


def case_errors(env, _):
    p = env.run("notify", "event", "list", "bad/photos",
                env={"MC_HOST_bad": env.server.url.replace("http://", "http://%s:wrong@" % AK)})
    check(p.returncode == 4 and "SignatureDoesNotMatch" in p.stderr,
          "wrong secret: rc 4 with SignatureDoesNotMatch (%s)" % p.stderr.strip())
    p = env.run("notify", "event", "add", "ro/photos", "--arn", ARN)
    check(p.returncode == 4 and "AccessDenied" in p.stderr and "403" in p.stderr,
          "403 from S3: rc 4 with the S3 error code (%s)" % p.stderr.strip())
    p = env.run("notify", "event", "list", "local/nosuchbucket")
    check(p.returncode == 4 and "NoSuchBucket" in p.stderr, "missing bucket: NoSuchBucket")

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed_port = s.getsockname()[1]
    s.close()
    p = env.run("notify", "event", "list", "--endpoint", "http://127.0.0.1:%d" % closed_port,
                "--bucket", "photos", "--timeout", "3",
                env={"AWS_ACCESS_KEY_ID": AK, "AWS_SECRET_ACCESS_KEY": SK})
    check(p.returncode == 4 and p.seconds < 10, "refused endpoint: rc 4 (%.1f s)" % p.seconds)

    # accepts connections, never answers
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(16)
    p = env.run("notify", "event", "list", "--endpoint",
                "http://127.0.0.1:%d" % hole.getsockname()[1], "--bucket", "photos",
                "--timeout", "2", env={"AWS_ACCESS_KEY_ID": AK, "AWS_SECRET_ACCESS_KEY": SK})
    hole.close()
    check(p.returncode == 4 and p.seconds < 6 and "timed out" in p.stderr,
          "silent endpoint: rc 4 within --timeout (%.1f s, %s)" % (p.seconds, p.stderr.strip()))
    p = env.run("notify", "event", "list", "--endpoint", env.server.url, "--bucket", "photos")
    check(p.returncode == 2 and "AWS_ACCESS_KEY_ID" in p.stderr, "--endpoint without keys")


def case_admin(env, _):
    p = env.run("notify", "target", "--id", "1", "--brokers", "127.0.0.1:9092", "--topic",
                "bucketevents", "--apply", "--alias", "local")
    bodies = env.server.state.set_config_bodies
    check(p.returncode == 0, "target --apply rc 0 (%s)" % p.stderr.strip())
    check(bodies == ['notify_kafka:1 enable=on brokers="127.0.0.1:9092" topic=bucketevents'],
          "fake admin decrypted the set-config-kv body: %s" % bodies)
    check("mc admin service restart local" in p.stdout, "restart advice")

    secret = "kafka-pa55 word"
    p = env.run("-o", "json", "notify", "target", "--id", "2", "--brokers", "k1:9093", "--topic",
                "t", "--sasl", "scram-sha-512", "--sasl-username", "alice", "--tls", "--apply",
                "--alias", "local", env={"CORRAL_KAFKA_SASL_PASSWORD": secret})
    check(p.returncode == 0, "apply with SASL (%s)" % p.stderr.strip())
    check('sasl_password="kafka-pa55 word"' in bodies[-1] and "sasl_mechanism=sha512" in
          bodies[-1], "password and SCRAM mechanism reach the server: %s" % bodies[-1])
    check(secret not in p.stdout and secret not in p.stderr, "password never printed")
    if p.returncode == 0:
        j = json.loads(p.stdout)
        check(j["keys"]["sasl_password"] == "***" and j["readback_mismatch"] == [] and
              j["readback"]["topic"] == "t", "JSON: masked, read back through get-config-kv")

    pwfile = os.path.join(env.home, "pw")
    with open(pwfile, "w") as f:
        f.write("from-file\n")
    p = env.run("notify", "target", "--id", "3", "--brokers", "k1:9093", "--topic", "t",
                "--sasl", "plain", "--sasl-username", "bob", "--tls", "--sasl-password-file",
                pwfile, "--apply", "--endpoint", env.server.url,
                env={"MINIO_ROOT_USER": AK, "MINIO_ROOT_PASSWORD": SK})
    check(p.returncode == 0 and "sasl_password=from-file" in bodies[-1],
          "--sasl-password-file with --endpoint and MINIO_ROOT_*")

    p = env.run("notify", "target", "--id", "4", "--brokers", "unreachable.invalid:9092",
                "--topic", "t", "--apply", "--alias", "local")
    check(p.returncode == 4 and "XMinioConfigError" in p.stderr,
          "server refusal (brokers unreachable): rc 4 (%s)" % p.stderr.strip())

    p = env.run("notify", "event", "add", "local/photos", "--arn", "arn:minio:sqs::7:kafka")
    check(p.returncode == 4, "ARN of a target not loaded yet is refused by the server")
    p = env.run("notify", "target", "--id", "7", "--brokers", "k1:9092", "--topic", "t",
                "--apply", "--restart", "--alias", "local")
    check(p.returncode == 0 and env.server.state.restarts == 1, "--restart")
    p = env.run("notify", "event", "add", "local/photos", "--arn", "arn:minio:sqs::7:kafka")
    check(p.returncode == 0, "after the restart the ARN is accepted (%s)" % p.stderr.strip())

    p = env.run("notify", "target", "--id", "5", "--brokers", "k1:9092", "--topic", "t",
                "--apply", "--alias", "ro")
    check(p.returncode == 4 and "AccessDenied" in p.stderr, "non-admin user: rc 4 AccessDenied")
    check(all(r.get("signature_ok") for r in env.server.state.requests), "admin calls signed")


def case_client_api(env, binary):
    p = subprocess.run([binary, env.server.url, AK, SK, "photos", "probe dir/a+b%.txt"],
                       capture_output=True, text=True, timeout=60)
    out = dict(tok.split("=", 1) for line in p.stdout.split("\n") for tok in line.split(" ")
               if "=" in tok)
    check(p.returncode == 0, "client check rc 0 (%s)" % p.stderr.strip())
    check(out.get("bucket_exists") == "1" and out.get("missing_bucket_exists") == "0",
          "HEAD bucket")
    import hashlib
    check(out.get("etag") == hashlib.md5(b"probe body").hexdigest(), "PUT object ETag")
    check(out.get("head_size") == "10" and out.get("head_type") == "text/plain", "HEAD object")
    check(out.get("after_delete") == "gone", "DELETE object")
    keys = [r["path"] for r in env.server.state.requests if r["method"] == "PUT"]
    check(keys == ["/photos/probe%20dir/a%2Bb%25.txt"], "key with space, + and %% encoded: %s"
          % keys)
    check(env.all_signed(), "object calls signed")


def main():
    case, binary = sys.argv[1], sys.argv[2]
    if not CORRAL:
        print("CORRAL is not set")
        return 1
    env = Env()
    try:
        globals()["case_" + case](env, binary)
    finally:
        env.close()
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
