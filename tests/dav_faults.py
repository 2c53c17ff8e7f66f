"""A loopback proxy in front of Radicale that misbehaves on demand, for the CardDAV fault
tests: a 5xx, a 412 on the n-th PUT (someone else changed the card), an answer that never
comes (timeout), a connection dropped half-way, no sync-collection (a server without
RFC 6578), or a huge card."""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Faults:
    def __init__(self) -> None:
        self.fail_5xx = False
        self.put_412_at = 0  # the n-th PUT from now answers 412 (0: never)
        self.stall = 0.0  # seconds to wait before answering
        self.drop = False  # close the connection without an answer
        self.no_sync_collection = False
        self.hang_put_at = 0  # the n-th PUT from now never gets an answer (for kill -9)
        self.puts = 0


def start_proxy(target: str) -> tuple[str, Faults, ThreadingHTTPServer]:
    faults = Faults()
    upstream = urlsplit(target)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if faults.stall:
                time.sleep(faults.stall)
            if faults.drop:
                self.connection.shutdown(2)
                return
            if faults.fail_5xx:
                self._answer(503, b"down")
                return
            if self.command == "PUT":
                faults.puts += 1
                if faults.put_412_at and faults.puts == faults.put_412_at:
                    self._answer(412, b"")
                    return
                if faults.hang_put_at and faults.puts >= faults.hang_put_at:
                    time.sleep(60)
                    return
            if (
                self.command == "REPORT"
                and faults.no_sync_collection
                and b"sync-collection" in body
            ):
                self._answer(501, b"")
                return
            conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
            }
            conn.request(self.command, self.path, body, headers)
            r = conn.getresponse()
            data = r.read()
            self.send_response(r.status)
            for k, v in r.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        def _answer(self, status: int, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", faults, server
