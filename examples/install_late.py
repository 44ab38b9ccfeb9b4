"""pysock switched on inside a program that imported the stdlib first."""
import http.client
import http.server
import socket
import socketserver
import threading

import pysock
from pysock import trace


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


with pysock.install():  # socket, http.client, socketserver now make pysock sockets
    server = socketserver.TCPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with trace.tracing() as tracer:
        conn = http.client.HTTPConnection(*server.server_address, timeout=10)
        conn.request("GET", "/")
        made_by = type(conn.sock).__module__
        print(conn.getresponse().status, made_by)
        conn.close()
    server.shutdown()
    server.server_close()
print([ev.call for ev in tracer.events if ev.module == "http.client"])
print(type(socket.socket()).__module__)  # uninstalled: the stdlib's again
