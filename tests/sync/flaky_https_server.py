"""An HTTPS file server for relais-sync's tests, on loopback only.

    flaky_https_server.py ROOT PORT CERT KEY

GET /plain/NAME serves ROOT/NAME (with Range support, so downloads can resume);
GET /cut-once/NAME sends half of the body then drops the connection the first time, then serves normally;
GET /cut-always/NAME always drops the connection half-way;
GET /pages/NAME?page=N serves ROOT/NAME-N.json (a paged API).
"""
import http.server
import os
import ssl
import sys

root, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
requests_seen = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        target, _, query = self.path.partition("?")
        mode, _, name = target.lstrip("/").partition("/")
        if mode == "pages":
            page = dict(p.partition("=")[::2] for p in query.split("&")).get("page", "1")
            name = f"{name}-{page}.json"
        path = os.path.join(root, os.path.basename(name))
        if mode not in ("plain", "cut-once", "cut-always", "pages") or not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            data = f.read()
        start = 0
        wanted = self.headers.get("Range", "")
        if wanted.startswith("bytes="):
            start = int(wanted[6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        seen = requests_seen.get(self.path, 0)
        requests_seen[self.path] = seen + 1
        if mode == "cut-always" or (mode == "cut-once" and seen == 0):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.close()
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
