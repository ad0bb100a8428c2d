"""A fake MinIO for corral's tests (SPEC §6): S3 path-style API + the admin config calls.

Every request's SigV4 signature is recomputed with botocore's own signer (S3SigV4Auth) from the
headers the client listed in SignedHeaders; MinIO's semantics are kept where they differ from
AWS (no x-amz-content-sha256 means an empty payload hash; the query is decoded then re-encoded;
admin calls accept any region). Bucket notification XML is stored and checked with MinIO's rules
(internal/event/config.go: events known and not repeated in a rule, ARN well-formed and of a
known target, no two identical rules) and answered in MinIO's GET form. Admin set-config-kv bodies
are decrypted with madmin_py (python3-cryptography + python3-argon2), independent of corral.
"""
import datetime
import hashlib
import json
import re
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import madmin_py

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
NS = "http://s3.amazonaws.com/doc/2006-03-01/"

MSG_ARN = ("A specified destination ARN does not exist or is not well-formed. "
           "Verify the destination ARN.")
MSG_OVERLAP_FILTER = ("An object key name filtering rule defined with overlapping prefixes, "
                      "overlapping suffixes, or overlapping combinations of prefixes and suffixes "
                      "for the same event types.")
MSG_OVERLAP_EVENTS = ("Configurations overlap. Configurations on the same bucket cannot share a "
                      "common event type.")
MSG_EVENT = "A specified event is not supported for notifications."

KNOWN_EVENTS = {
    "s3:BucketCreated:*", "s3:BucketRemoved:*", "s3:ObjectAccessed:*", "s3:ObjectAccessed:Get",
    "s3:ObjectAccessed:GetRetention", "s3:ObjectAccessed:GetLegalHold", "s3:ObjectAccessed:Head",
    "s3:ObjectAccessed:Attributes", "s3:ObjectCreated:*",
    "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectCreated:Copy", "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Put", "s3:ObjectCreated:PutRetention", "s3:ObjectCreated:PutLegalHold",
    "s3:ObjectCreated:PutTagging", "s3:ObjectCreated:DeleteTagging", "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRemoved:NoOP",
    "s3:ObjectRemoved:DeleteAllVersions", "s3:LifecycleDelMarkerExpiration:Delete",
    "s3:Replication:*", "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationCompletedReplication", "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed",
    "s3:ObjectTransition:*", "s3:ObjectTransition:Failed", "s3:ObjectTransition:Complete",
    "s3:Scanner:ManyVersions", "s3:Scanner:LargeVersions", "s3:Scanner:BigPrefix",
}


class S3Error(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class MinioAuth(S3SigV4Auth):
    """botocore's S3 signer, with MinIO's payload rule: no header -> hash of an empty body."""

    def payload(self, request):
        return EMPTY_SHA256


def local(tag):
    return tag.rsplit("}", 1)[-1]


def parse_arn(arn):
    tokens = arn.split(":")
    if not arn.startswith("arn:minio:sqs:") or len(tokens) != 6 or not tokens[4] or not tokens[5]:
        raise S3Error(400, "InvalidArgument", MSG_ARN)
    return tokens[3], tokens[4], tokens[5]


class State:
    def __init__(self, users, buckets, targets):
        self.lock = threading.Lock()
        self.users = users  # access -> (secret, policy: admin|rw|readonly)
        self.buckets = {b: {"notification": [], "objects": {}} for b in buckets}
        self.active_targets = set(targets)  # "ID:TYPE" known to the running server
        self.config = {}  # "notify_kafka:ID" -> config line (stored)
        self.pending_targets = set()  # set but not loaded until restart (notify_kafka is static)
        self.requests = []  # one dict per request, for the tests
        self.set_config_bodies = []  # decrypted set-config-kv bodies
        self.restarts = 0


def parse_notification(state, body):
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not "
                      "validate against our published schema. (%s)" % e)
    if local(root.tag) != "NotificationConfiguration":
        raise S3Error(400, "MalformedXML", "unexpected root element")
    queues = []
    for q in root:
        kind = local(q.tag)
        if kind in ("TopicConfiguration", "CloudFunctionConfiguration"):
            raise S3Error(400, "UnsupportedNotification", "MinIO server does not support Topic "
                          "or Cloud Function based notifications.")
        if kind != "QueueConfiguration":
            continue
        rule = {"id": "", "events": [], "filter": [], "arn": ""}
        for c in q:
            n = local(c.tag)
            if n == "Id":
                rule["id"] = c.text or ""
            elif n == "Event":
                rule["events"].append(c.text or "")
            elif n == "Queue":
                rule["arn"] = c.text or ""
            elif n == "Filter":
                seen = set()
                for key in c:
                    for fr in key:
                        name = value = ""
                        for f in fr:
                            if local(f.tag) == "Name":
                                name = f.text or ""
                            elif local(f.tag) == "Value":
                                value = f.text or ""
                        if name not in ("prefix", "suffix"):
                            raise S3Error(400, "InvalidArgument",
                                          "filter rule name must be either prefix or suffix")
                        if name in seen:
                            raise S3Error(400, "InvalidArgument",
                                          "more than one %s in filter rule" % name)
                        seen.add(name)
                        rule["filter"].append((name, value))
        if not rule["events"]:
            raise S3Error(400, "InvalidArgument", "missing event name(s)")
        seen_events = set()
        for e in rule["events"]:
            if e not in KNOWN_EVENTS:
                raise S3Error(400, "InvalidArgument", MSG_EVENT)
            if e in seen_events:
                raise S3Error(400, "InvalidArgument", MSG_OVERLAP_EVENTS)
            seen_events.add(e)
        _, tid, ttype = parse_arn(rule["arn"])
        if "%s:%s" % (tid, ttype) not in state.active_targets:
            raise S3Error(400, "InvalidArgument", MSG_ARN)
        rule["arn"] = "arn:minio:sqs::%s:%s" % (tid, ttype)  # SetRegion(server region "")
        for other in queues:
            if other == rule:
                raise S3Error(400, "InvalidArgument", MSG_OVERLAP_FILTER)
        queues.append(rule)
    return queues


def render_notification(queues):
    out = ['<NotificationConfiguration xmlns="%s">' % NS]
    esc = lambda s: (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     .replace('"', "&#34;").replace("'", "&#39;"))
    for q in queues:
        out.append("<QueueConfiguration><Id>%s</Id>" % esc(q["id"]))
        if q["filter"]:
            out.append("<Filter><S3Key>")
            for name, value in q["filter"]:
                out.append("<FilterRule><Name>%s</Name><Value>%s</Value></FilterRule>"
                           % (name, esc(value)))
            out.append("</S3Key></Filter>")
        for e in q["events"]:
            out.append("<Event>%s</Event>" % esc(e))
        out.append("<Queue>%s</Queue></QueueConfiguration>" % esc(q["arn"]))
    out.append("</NotificationConfiguration>")
    return "".join(out).encode()


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, status, body=b"", headers=None, head=False):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if "Content-Length" not in (headers or {}):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and body:
                self.wfile.write(body)

        def _error(self, err, resource, head=False):
            if resource.startswith("/minio/admin/"):
                body = json.dumps({"Code": err.code, "Message": err.message,
                                   "Resource": resource}).encode()
                ctype = "application/json"
            else:
                body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
                        "<Message>%s</Message><Resource>%s</Resource></Error>"
                        % (err.code, err.message, resource)).encode()
                ctype = "application/xml"
            self._send(err.status, body, {"Content-Type": ctype}, head=head)

        def _authenticate(self, body, split):
            auth = self.headers.get("Authorization", "")
            m = re.match(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]*)/s3/aws4_request, "
                         r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$", auth)
            if not m:
                raise S3Error(403, "AccessDenied", "Access Denied. (missing or malformed "
                              "AWS4-HMAC-SHA256 Authorization)")
            access, date, region, signed, signature = m.groups()
            if access not in state.users:
                raise S3Error(403, "InvalidAccessKeyId", "The Access Key Id you provided does "
                              "not exist in our records.")
            secret, policy = state.users[access]
            amz_date = self.headers.get("X-Amz-Date", "")
            try:
                when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
            except ValueError:
                raise S3Error(403, "AccessDenied", "missing or malformed X-Amz-Date")
            if abs((datetime.datetime.utcnow() - when).total_seconds()) > 900:
                raise S3Error(403, "RequestTimeTooSkewed", "The difference between the request "
                              "time and the server's time is too large.")
            if date != amz_date[:8]:
                raise S3Error(403, "AuthorizationHeaderMalformed", "credential date mismatch")
            content_sha = self.headers.get("X-Amz-Content-Sha256")
            if content_sha is not None and content_sha != "UNSIGNED-PAYLOAD" and \
                    content_sha != hashlib.sha256(body).hexdigest():
                raise S3Error(400, "XAmzContentSHA256Mismatch", "The provided "
                              "'x-amz-content-sha256' header does not match what was computed.")
            names = signed.split(";")
            if "host" not in names or "x-amz-date" not in names:
                raise S3Error(403, "AccessDenied", "host and x-amz-date must be signed")
            headers = {}
            for name in names:
                value = self.headers.get_all(name)
                if value is None:
                    raise S3Error(403, "AccessDenied", "signed header %s missing" % name)
                headers[name] = ",".join(value)
            url = "http://%s%s" % (self.headers["Host"], split.path)
            request = AWSRequest(method=self.command, url=url, headers=headers, data=body)
            request.params = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
            request.context["timestamp"] = amz_date
            signer = MinioAuth(Credentials(access, secret), "s3", region)
            canonical = signer.canonical_request(request)
            expected = signer.signature(signer.string_to_sign(request, canonical), request)
            ok = expected == signature
            state.requests[-1].update({"signature_ok": ok, "access": access, "region": region,
                                       "signed_headers": names,
                                       "content_sha256": content_sha})
            if not ok:
                raise S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated "
                              "does not match the signature you provided. Check your key and "
                              "signing method.")
            return access, secret, policy

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
            with state.lock:
                state.requests.append({"method": self.command, "path": split.path,
                                       "query": split.query, "body": body})
            head = self.command == "HEAD"
            try:
                with state.lock:
                    access, secret, policy = self._authenticate(body, split)
                if split.path.startswith("/minio/admin/v3/"):
                    return self._admin(split.path[len("/minio/admin/v3/"):], query, body, secret,
                                       policy)
                if policy == "readonly" and self.command not in ("GET", "HEAD"):
                    raise S3Error(403, "AccessDenied", "Access Denied.")
                return self._s3(urllib.parse.unquote(split.path), query, body, head)
            except S3Error as e:
                self._error(e, split.path, head=head)

        def _admin(self, call, query, body, secret, policy):
            if policy != "admin":
                raise S3Error(403, "AccessDenied", "Access Denied.")
            if call == "set-config-kv" and self.command == "PUT":
                if not body:
                    raise S3Error(400, "XMinioAdminConfigBadJSON", "empty body")
                try:
                    text = madmin_py.decrypt(secret.encode(), body).decode()
                except Exception as e:
                    raise S3Error(400, "XMinioAdminConfigBadJSON", "cannot decrypt: %s" % e)
                with state.lock:
                    state.set_config_bodies.append(text)
                    for line in text.splitlines():
                        target, _, rest = line.partition(" ")
                        if "unreachable" in rest:
                            raise S3Error(400, "XMinioConfigError", "Unable to set config: "
                                          "error (%s:kafka): kafka: client has run out of "
                                          "available brokers to talk to" % target.split(":")[-1])
                        state.config[target] = line
                        if target.startswith("notify_kafka:"):
                            state.pending_targets.add(target.split(":", 1)[1] + ":kafka")
                return self._send(200)
            if call == "get-config-kv" and self.command == "GET":
                key = query.get("key", "")
                with state.lock:
                    line = state.config.get(key)
                if line is None:
                    raise S3Error(404, "XMinioConfigNotFound", "config key %s not found" % key)
                # MinIO redacts secrets in get-config-kv
                line = re.sub(r'sasl_password=("[^"]*"|\S*)', "sasl_password=", line)
                return self._send(200, madmin_py.encrypt(secret.encode(), line.encode()),
                                  {"Content-Type": "application/octet-stream"})
            if call == "service" and self.command == "POST":
                if query.get("action") != "restart":
                    raise S3Error(400, "InvalidArgument", "unsupported action")
                with state.lock:
                    state.active_targets |= state.pending_targets
                    state.restarts += 1
                return self._send(200, json.dumps({"action": "restart", "dryRun": False,
                                                   "results": [{"host": "127.0.0.1"}]}).encode(),
                                  {"Content-Type": "application/json"})
            raise S3Error(400, "InvalidRequest", "unsupported admin call %s" % call)

        def _s3(self, path, query, body, head):
            parts = path.lstrip("/").split("/", 1)
            bucket = parts[0]
            key = parts[1] if len(parts) > 1 else ""
            with state.lock:
                b = state.buckets.get(bucket)
                if b is None:
                    raise S3Error(404, "NoSuchBucket", "The specified bucket does not exist")
                if not key:
                    if "notification" in query:
                        if self.command == "GET":
                            return self._send(200, render_notification(b["notification"]),
                                              {"Content-Type": "application/xml"})
                        if self.command == "PUT":
                            if not body:
                                raise S3Error(411, "MissingContentLength",
                                              "You must provide the Content-Length HTTP header.")
                            b["notification"] = parse_notification(state, body)
                            return self._send(200)
                    if self.command == "HEAD":
                        return self._send(200, head=True)
                    raise S3Error(400, "NotImplemented", "unsupported bucket call")
                if self.command == "PUT":
                    etag = hashlib.md5(body).hexdigest()
                    b["objects"][key] = (body, etag,
                                         self.headers.get("Content-Type", "binary/octet-stream"))
                    return self._send(200, headers={"ETag": '"%s"' % etag})
                if self.command == "DELETE":
                    b["objects"].pop(key, None)
                    return self._send(204)
                obj = b["objects"].get(key)
                if obj is None:
                    raise S3Error(404, "NoSuchKey", "The specified key does not exist.")
                data, etag, ctype = obj
                return self._send(200, data, {"ETag": '"%s"' % etag, "Content-Type": ctype,
                                              "Content-Length": str(len(data))}, head=head)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

    return Handler


class FakeMinio:
    def __init__(self, users, buckets=("photos",), targets=("1:kafka",)):
        self.state = State(users, buckets, targets)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.state))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
