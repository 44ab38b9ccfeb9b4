import http.server, ssl, sys, threading, json, urllib.request, socket
D = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello " + self.path.encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_POST(self):
        n = int(self.headers["Content-Length"]); body = self.rfile.read(n).upper()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); sctx.load_cert_chain(D+"/server.pem", D+"/server.key")
srv.socket = sctx.wrap_socket(srv.socket, server_side=True)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = "https://localhost:%d/path" % srv.server_address[1]
ctx = ssl.create_default_context(cafile=D+"/ca.pem")
out = {"socket": socket.socket.__module__, "srvsock": type(srv.socket).__module__,
       "isinstance": isinstance(srv.socket, ssl.SSLSocket),
       "sslsocket_class": ssl.SSLContext.sslsocket_class is ssl.SSLSocket}
out["urllib_get"] = urllib.request.urlopen(url, context=ctx).read().decode()
out["urllib_post"] = urllib.request.urlopen(urllib.request.Request(url, data=b"posted"), context=ctx).read().decode()
try:
    import requests
    out["requests_get"] = requests.get(url, verify=D+"/ca.pem").text
    out["requests_post"] = requests.post(url, data=b"rposted", verify=D+"/ca.pem").text
    import urllib3
    pool = urllib3.PoolManager(ca_certs=D+"/ca.pem")
    out["urllib3_get"] = pool.request("GET", url).data.decode()
except ImportError as e:
    out["requests"] = str(e)
srv.shutdown()
print(json.dumps(out, sort_keys=True))
