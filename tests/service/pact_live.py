"""Helpers of the PACT conformance tests: a self-signed certificate for 127.0.0.1, `alcarbon
serve` over HTTPS in a subprocess, a recording HTTPS receiver for asynchronous event answers,
and the v3.0 OpenAPI schema validators."""

from __future__ import annotations

import functools
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parents[2] / "src"
#: the v3.0 OpenAPI of the research folder (WBCSD's licence allows reproducing it, not sharing
#: it, so it is not copied into the repository); $ALCARBON_PACT_OPENAPI points elsewhere
OPENAPI = Path(os.environ.get("ALCARBON_PACT_OPENAPI", "/work/shared/research/pact/openapi.yaml"))
#: the v2.3 OpenAPI of the same folder ($ALCARBON_PACT_OPENAPI_V2 points elsewhere)
OPENAPI_V2 = Path(os.environ.get("ALCARBON_PACT_OPENAPI_V2",
                                 "/work/shared/research/pact/openapi_v2_3.yaml"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_cert(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True,
                   capture_output=True)
    return cert, key


class Server:
    """`alcarbon serve --ssl-certfile ... --ssl-keyfile ...` on loopback."""

    def __init__(self, db_url: str, cert: Path, key: Path, log: Path):
        self.port = free_port()
        self.base = f"https://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONPATH=str(SRC), SSL_CERT_FILE=str(cert))
        self.log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "alcarbon.cli.main", "serve", "--db", db_url, "--port",
             str(self.port), "--ssl-certfile", str(cert), "--ssl-keyfile", str(key)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, log.read_text(errors="replace")[-2000:]
            try:
                ctx = ssl.create_default_context(cafile=str(cert))
                if httpx.get(f"{self.base}/api/health", timeout=2,
                             verify=ctx).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise AssertionError("server did not answer within 120 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self.log.close()


class Receiver:
    """A data recipient's PACT host stand-in: /auth/token for one client, and /3/events that
    records every event (with the Authorization header it came with)."""

    CLIENT, SECRET, TOKEN = "our-client", "our-secret", "receiver-token"

    def __init__(self, cert: Path, key: Path, port: int = 0):
        self.events: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _reply(self, status: int, body: dict | None = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802 - http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/auth/token":
                    import base64

                    want = base64.b64encode(f"{outer.CLIENT}:{outer.SECRET}".encode()).decode()
                    if self.headers.get("Authorization") != f"Basic {want}":
                        return self._reply(401, {"error": "invalid_client"})
                    return self._reply(200, {"access_token": outer.TOKEN,
                                             "token_type": "Bearer"})
                if self.path == "/3/events":
                    outer.events.append((self.headers.get("Authorization", ""),
                                         json.loads(body)))
                    return self._reply(200)
                return self._reply(404, {"code": "NotFound", "message": self.path})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}/3/events"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, request_id: str, timeout: float = 60) -> tuple[str, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for auth, ev in self.events:
                if ev.get("data", {}).get("requestEventId") == request_id:
                    return auth, ev
            time.sleep(0.2)
        raise AssertionError(f"no answer to event {request_id} within {timeout} s")

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@functools.lru_cache(maxsize=2)
def _openapi(path: Path = OPENAPI) -> dict:
    import yaml

    assert path.exists(), (f"{path}: the PACT OpenAPI document is needed to validate the "
                           "served documents; set ALCARBON_PACT_OPENAPI(_V2) to its path")
    return yaml.safe_load(path.read_text("utf-8"))


def validate(name: str, instance: object, spec: Path = OPENAPI) -> None:
    """Raise jsonschema.ValidationError unless ``instance`` is valid against the OpenAPI
    schema ``components/schemas/<name>`` (JSON Schema 2020-12, OpenAPI 3.1) of ``spec`` (v3.0
    unless given)."""
    import jsonschema

    root = {**_openapi(spec), "$ref": f"#/components/schemas/{name}"}
    jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(instance)


def validate_v2(name: str, instance: object) -> None:
    """:func:`validate` against the v2.3 OpenAPI (openapi_v2_3.yaml)."""
    validate(name, instance, OPENAPI_V2)
