"""A plain stdlib program: urllib.request GETs a page from a local
http.server (run it traced: python -m pysock trace --pcap get.pcapng --
examples/http_get.py)."""
import http.server
import threading
import urllib.request


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello from http.server\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/hello?name=pysock" % server.server_port
    with urllib.request.urlopen(url, timeout=10) as response:
        print(response.status, response.read().decode().strip())
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
