#!/usr/bin/env python3
"""A fake Mesos master replaying recorded responses, on 127.0.0.1: the public recorded states in
$CORRAL_SHARED_DATA/mesos (read in place) and the project's own fixtures in tests/data/mesos.

Modes:
  leader     GET /master/state, /master/state-summary, /master/roles, /master/weights,
             /master/redirect; POST /master/api/v1 and /api/v1 (GET_STATE, GET_ROLES, GET_QUOTA,
             GET_WEIGHTS) with Mesos' checks: POST only (405), Content-Type exactly
             application/json or application/x-protobuf (415), JSON body (400).
             Optional HTTP basic auth (401 with WWW-Authenticate: Basic realm=...).
  follower   answers every path with 307 and a scheme-relative Location to the leader, as a
             non-leading master does (libprocess http.cpp redirect).
  hang       accepts connections and never answers.
  truncated  200 with the first 4000 bytes of a state.
  html       200 text/html from a proxy login page.
Run directly to serve in the foreground: fake_master.py MODE [--leader PORT] [--auth P:S]
"""
import base64
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
OWN = os.path.join(HERE, "..", "..", "data", "mesos")
SHARED = os.path.join(os.environ.get("CORRAL_SHARED_DATA",
                                     os.path.join(HERE, "..", "..", "..", "..", "shared", "data")),
                      "mesos")


def data(name):
    own = os.path.join(OWN, name)
    with open(own if os.path.exists(own) else os.path.join(SHARED, name), "rb") as f:
        return f.read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Mesos/1.11.0"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", ctype="application/json", headers=()):
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def authorized(self, realm):
        auth = self.server.cfg.get("auth")
        if not auth:
            return True
        header = self.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(auth.encode()).decode()
        if header == expected:
            return True
        self.send(401, b"", headers=[("WWW-Authenticate", 'Basic realm="%s"' % realm)])
        return False

    def handle_any(self, method):
        cfg = self.server.cfg
        cfg["requests"].append({"method": method, "path": self.path,
                                "content_type": self.headers.get("Content-Type"),
                                "authorization": self.headers.get("Authorization")})
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        mode = cfg["mode"]
        path = self.path.split("?")[0]
        if mode == "follower":
            leader = cfg["leader"]
            scheme = cfg.get("leader_scheme")  # absolute Location (e.g. https -> http) when set
            prefix = scheme + ":" if scheme else ""
            return self.send(307, b"", headers=[("Location", "%s//127.0.0.1:%d%s" % (prefix, leader, self.path))])
        if mode == "truncated":
            return self.send(200, data("master-state-0.28-reserved-marathon.json")[:4000])
        if mode == "html":
            return self.send(200, data("proxy-login.html"), ctype="text/html; charset=utf-8")
        if path in ("/master/api/v1", "/api/v1"):
            if not self.authorized("mesos-master-readwrite"):
                return
            if method != "POST":
                return self.send(405, b"Expecting a 'POST' request, received '%s'" % method.encode(),
                                 ctype="text/plain")
            ctype = self.headers.get("Content-Type")
            if ctype not in ("application/json", "application/x-protobuf"):
                return self.send(415, b"Expecting 'Content-Type' of application/json or "
                                 b"application/x-protobuf", ctype="text/plain")
            try:
                call = json.loads(body)
            except ValueError:
                return self.send(400, b"Failed to parse body into JSON", ctype="text/plain")
            files = {"GET_STATE": cfg.get("v1_state", "v1-get-state-1.8.json"),
                     "GET_ROLES": "doc-v1-get-roles.json",
                     "GET_QUOTA": "constructed-v1-get-quota-per-proto.json",
                     "GET_WEIGHTS": "doc-v1-get-weights.json"}
            if call.get("type") not in files:
                return self.send(501, b"Unsupported call", ctype="text/plain")
            return self.send(200, data(files[call["type"]]))
        if not self.authorized("mesos-master-readonly"):
            return
        if method != "GET":
            return self.send(405, b"", ctype="text/plain")
        files = {"/master/state": cfg.get("v0_state", "master-state-0.22-offers.json"),
                 "/state": cfg.get("v0_state", "master-state-0.22-offers.json"),
                 "/master/state-summary": "master-state-summary-dcos-reserved.json",
                 "/master/roles": "doc-master-roles-quota.json",
                 "/master/weights": "doc-master-weights.json"}
        if path == "/master/redirect":
            return self.send(307, b"", headers=[("Location", "//127.0.0.1:%d" % self.server.server_port)])
        if path == "/master/health":
            return self.send(200, b"")
        if path in files:
            return self.send(200, data(files[path]))
        return self.send(404, b"", ctype="text/plain")

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")


def start(mode, **cfg):
    """Starts a fake master in a daemon thread; returns (port, cfg)."""
    cfg = dict(cfg, mode=mode, requests=[])
    if mode == "hang":
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        held = []

        def accept():
            while True:
                conn, _ = sock.accept()
                held.append(conn)  # never answered, never closed
        threading.Thread(target=accept, daemon=True).start()
        return sock.getsockname()[1], cfg
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if cfg.get("tls"):  # (certfile, keyfile): an https master
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*cfg["tls"])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    server.cfg = cfg
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port, cfg


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "leader"
    opts = {}
    args = sys.argv[2:]
    while args:
        if args[0] == "--leader":
            opts["leader"] = int(args[1])
        elif args[0] == "--auth":
            opts["auth"] = args[1]
        args = args[2:]
    port, _ = start(mode, **opts)
    print(port, flush=True)
    while True:
        time.sleep(3600)
