#!/usr/bin/env python3
"""A tiny Heroku-flavour add-on provider on 127.0.0.1 for scripts/fuzz, so that provisioning, plan
changes and removals succeed without anything leaving the machine. It keeps nothing: every provision
answers a fresh id and config, every change and removal succeeds. Prints its port, then serves until
killed."""
import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = sys.argv[1] if len(sys.argv) > 1 else "FUZZ"


class Provider(BaseHTTPRequestHandler):
    def _answer(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drain(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_POST(self):  # provision
        self._drain()
        resource = str(uuid.uuid4())
        self._answer(201, {"id": resource, "config": {f"{PREFIX}_URL": f"http://127.0.0.1/{resource}"},
                           "message": "ready"})

    def do_PUT(self):  # plan change
        self._drain()
        self._answer(200, {"message": "plan changed"})

    def do_DELETE(self):  # deprovision
        self._drain()
        self._answer(204)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
print(server.server_address[1], flush=True)
server.serve_forever()
