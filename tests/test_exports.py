"""The trace exports: Perfetto's Trace Event Format JSON and pcapng.

The pcapng files are read back by tshark (Wireshark's dissectors; the
Debian package, installed by .ci/run) and the dissected fields checked;
the JSON is checked against a JSON Schema of the Trace Event Format
written from its specification, and for its tracks, slices and flows.
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import threading

import jsonschema
import pytest

import pysock
from pysock import trace

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_cli(*args, timeout=60):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "pysock"] + list(args),
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=timeout,
    )


def tshark(path, *args):
    exe = shutil.which("tshark")
    assert exe is not None, "tshark is needed (Debian package tshark; .ci/run installs it)"
    proc = subprocess.run([exe, "-r", str(path)] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def fields(path, display_filter, *names, decode_as=()):
    extra = []
    for rule in decode_as:
        extra += ["-d", rule]
    out = tshark(path, *extra, "-Y", display_filter, "-T", "fields", *sum((["-e", n] for n in names), []))
    return [line.split("\t") for line in out.splitlines() if line.strip()]


# -- pcapng ----------------------------------------------------------------------


def test_pcap_of_a_urllib_get_shows_method_uri_and_status(tmp_path):
    # The issue's case: urllib.request against a local http.server, traced
    # from the command line (examples/http_get.py, the README's example).
    pcap = tmp_path / "get.pcapng"
    proc = run_cli("trace", "-o", str(tmp_path / "get.txt"), "--pcap", str(pcap), "--", "examples/http_get.py")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "200 hello from http.server\n"
    requests = fields(pcap, "http.request", "http.request.method", "http.request.uri", "http.host")
    assert len(requests) == 1
    method, uri, host = requests[0]
    assert (method, uri) == ("GET", "/hello?name=pysock")
    assert host.startswith("127.0.0.1:")
    [(code, ctype, body)] = fields(pcap, "http.response", "http.response.code", "http.content_type",
                                   "http.file_data")
    assert (code, ctype) == ("200", "text/plain")
    # The body as text (tshark 4.0) or as hex (later versions).
    assert "hello from http.server" in body or b"hello from http.server".hex() in body.replace(":", "")
    # The stream is whole and consistent: one TCP conversation, a
    # handshake, no segment Wireshark finds lost, out of order or repeated.
    assert len(fields(pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 0", "tcp.stream")) == 1
    assert fields(pcap, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number") == []
    # The text trace shows payloads at the default 32 bytes while the
    # capture kept them whole.
    text = (tmp_path / "get.txt").read_text()
    assert '"GET /hello?name=pysock HTTP/1.1' in text and '..., ' in text


def test_pcap_both_ends_traced_keeps_each_byte_once(tmp_path):
    # Client and server in one process: each payload is sent by one and
    # received by the other; the capture has it once.
    tracer = trace.CaptureTracer()
    with tracer:
        srv = pysock.create_server(("127.0.0.1", 0))
        c = pysock.create_connection(srv.getsockname(), timeout=5)
        s, _ = srv.accept()
        c.sendall(b"PING\r\n" * 3)
        assert s.recv(100, pysock.MSG_PEEK)  # a peek moves nothing
        got = b""
        while len(got) < 18:
            got += s.recv(100)
        s.sendall(b"+PONG\r\n")
        assert c.recv(100) == b"+PONG\r\n"
        for x in (c, s, srv):
            x.close()
    path = tmp_path / "redis.pcapng"
    trace.write_pcapng(tracer.capture_events, str(path), tracer.capture_payloads)
    data = fields(path, "tcp.len > 0", "tcp.srcport", "tcp.dstport", "tcp.payload")
    assert [bytes.fromhex(row[2].replace(":", "")) for row in data] == [b"PING\r\n" * 3, b"+PONG\r\n"]
    # Decoded as Redis (RESP) when told the port, as a user would in
    # Wireshark's "Decode As".
    server_port = data[0][1]
    redis = fields(path, "resp", "resp.string", decode_as=["tcp.port==%s,resp" % server_port])
    assert redis == [["PONG"]]


def test_pcap_udp_dns_query_is_dissected(tmp_path):
    # A DNS query and answer over UDP on loopback (a hand-made DNS server).
    query = bytes.fromhex("1234 0100 0001 0000 0000 0000".replace(" ", "")) + \
        b"\x07example\x03com\x00" + b"\x00\x01\x00\x01"
    answer = query[:2] + b"\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00" + query[12:] + \
        b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04" + bytes([93, 184, 216, 34])
    tracer = trace.CaptureTracer()
    with tracer:
        server = pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM)
        server.bind(("127.0.0.1", 0))
        client = pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM)
        client.settimeout(5)
        client.sendto(query, server.getsockname())
        data, peer = server.recvfrom(512)
        server.sendto(answer, peer)
        assert client.recvfrom(512)[0] == answer
        client.close()
        server.close()
    path = tmp_path / "dns.pcapng"
    trace.write_pcapng(tracer.capture_events, str(path), tracer.capture_payloads)
    rows = fields(path, "udp", "udp.srcport", "udp.dstport")
    assert len(rows) == 2  # each datagram once though both ends were traced
    dns = fields(path, "dns", "dns.qry.name", "dns.flags.response", "dns.a",
                 decode_as=["udp.port==%s,dns" % rows[0][1]])
    assert [row[0] for row in dns] == ["example.com", "example.com"]
    assert dns[1][1] in ("1", "True") and dns[1][2] == "93.184.216.34"


def test_pcap_ipv6(tmp_path):
    if not pysock.has_ipv6:
        pytest.fail("IPv6 is needed for this test")
    tracer = trace.CaptureTracer()
    with tracer:
        srv = pysock.create_server(("::1", 0), family=pysock.AF_INET6)
        port = srv.getsockname()[1]
        c = pysock.create_connection(srv.getsockname()[:2], timeout=5)
        s, _ = srv.accept()
        c.sendall(b"GET /v6 HTTP/1.0\r\n\r\n")
        s.recv(100)
        for x in (c, s, srv):
            x.close()
    path = tmp_path / "v6.pcapng"
    trace.write_pcapng(tracer.capture_events, str(path), tracer.capture_payloads)
    assert fields(path, "http.request", "ipv6.src", "http.request.uri",
                  decode_as=["tcp.port==%d,http" % port]) == [["::1", "/v6"]]


# -- Perfetto --------------------------------------------------------------------

# The Trace Event Format (the "JSON Object Format" of its specification):
# what each phase this exporter writes must carry.
TRACE_EVENT_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["traceEvents"],
    "properties": {
        "displayTimeUnit": {"enum": ["ms", "ns"]},
        "otherData": {"type": "object"},
        "traceEvents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["ph", "name", "pid"],
                "properties": {
                    "ph": {"enum": ["B", "E", "X", "i", "I", "C", "b", "n", "e", "s", "t", "f",
                                    "P", "N", "O", "D", "M", "R", "c", "(", ")"]},
                    "name": {"type": "string"},
                    "cat": {"type": "string"},
                    "pid": {"type": "integer"},
                    "tid": {"type": "integer"},
                    "ts": {"type": "number"},
                    "dur": {"type": "number", "minimum": 0},
                    "args": {"type": "object"},
                    "s": {"enum": ["g", "p", "t"]},
                    "id": {"type": ["string", "integer"]},
                    "bp": {"enum": ["e"]},
                },
                "allOf": [
                    {"if": {"properties": {"ph": {"const": "X"}}},
                     "then": {"required": ["ts", "dur", "tid"]}},
                    {"if": {"properties": {"ph": {"enum": ["i", "I"]}}},
                     "then": {"required": ["ts", "s"]}},
                    {"if": {"properties": {"ph": {"enum": ["s", "t", "f"]}}},
                     "then": {"required": ["ts", "id", "cat", "tid"]}},
                    {"if": {"properties": {"ph": {"const": "M"}}},
                     "then": {"required": ["args"],
                              "properties": {"name": {"enum": ["process_name", "process_labels",
                                                               "process_sort_index", "thread_name",
                                                               "thread_sort_index"]}}}},
                ],
            },
        },
    },
}


def _check(document):
    jsonschema.validate(document, TRACE_EVENT_SCHEMA)
    events = document["traceEvents"]
    names = {e["tid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "thread_name"}
    slices = [e for e in events if e["ph"] == "X"]
    # Every slice is on a named track.
    assert {e["tid"] for e in slices} <= set(names)
    return events, names, slices


def test_the_schema_refuses_what_the_format_does_not_allow():
    # The check can fail: a slice without its duration, a bad phase.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"traceEvents": [{"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 0}]},
                            TRACE_EVENT_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"traceEvents": [{"ph": "Q", "name": "a", "pid": 1}]}, TRACE_EVENT_SCHEMA)


def test_perfetto_from_the_command_line_one_track_per_thread(tmp_path):
    out = tmp_path / "trace.json"
    proc = run_cli("trace", "--format", "perfetto", "-o", str(out),
                   "--inject", "%recv:delay=0.001:when=1", "--", "examples/http_get.py")
    assert proc.returncode == 0, proc.stderr
    events, names, slices = _check(json.loads(out.read_text()))
    # The program's main thread (the client) and the server's thread
    # ("Thread-1", with " (serve_forever)" from Python 3.10).
    main, server = sorted(names.values())
    assert main == "MainThread" and server.startswith("Thread-1")
    by_track = {}
    for e in slices:
        by_track.setdefault(names[e["tid"]], []).append(e["name"])
    assert "connect" in by_track[main] and "accept" in by_track[server]
    connect = next(e for e in slices if e["name"] == "connect")
    assert connect["args"]["address"][0] == "127.0.0.1" and connect["args"]["caller"]
    # The injected fault: its slice's category and an instant event.
    injected = [e for e in slices if e["cat"] == "injected"]
    assert len(injected) == 1 and injected[0]["args"]["injected"] == ["delay=0.001"]
    marks = [e for e in events if e["ph"] == "i"]
    assert [m["name"] for m in marks] == ["INJECTED: delay=0.001"]
    assert marks[0]["ts"] == injected[0]["ts"] and marks[0]["tid"] == injected[0]["tid"]


def test_perfetto_links_each_connections_calls():
    with trace.tracing() as tracer:
        srv = pysock.create_server(("127.0.0.1", 0))
        c = pysock.create_connection(srv.getsockname(), timeout=5)
        s, _ = srv.accept()

        def serve():
            s.sendall(s.recv(10).upper())
            s.close()

        t = threading.Thread(target=serve, name="server")
        t.start()
        c.sendall(b"abc")
        assert c.recv(10) == b"ABC"
        t.join()
        c.close()
        srv.close()
    events, names, slices = _check(trace.trace_events(tracer.events))
    flows = {}
    for e in events:
        if e["ph"] in "stf":
            flows.setdefault(e["id"], []).append(e)
    for chain in flows.values():
        assert [e["ph"] for e in chain] == ["s"] + ["t"] * (len(chain) - 2) + ["f"]
        assert [e["ts"] for e in chain] == sorted(e["ts"] for e in chain)
        for e in chain:  # each flow point lies inside a slice of its track
            assert any(x["tid"] == e["tid"] and x["ts"] <= e["ts"] <= x["ts"] + x["dur"] for x in slices)
    # The accepted socket's connection: accept on the main thread, then
    # recv/send/close on the server thread -- one chain across two tracks.
    chains = [[(names[e["tid"]]) for e in chain] for chain in flows.values()]
    assert any(ch[0] == "MainThread" and "server" in ch[1:] for ch in chains)
    assert sum(1 for ch in chains) >= 3  # listener, client, accepted


def test_perfetto_one_track_per_asyncio_task():
    async def main():
        async def one(tag):
            a, b = pysock.socketpair()
            a.setblocking(False)
            b.setblocking(False)
            loop = asyncio.get_running_loop()
            await loop.sock_sendall(a, tag)
            await loop.sock_recv(b, 10)
            a.close()
            b.close()

        await asyncio.gather(
            asyncio.ensure_future(one(b"1")), asyncio.ensure_future(one(b"2"))
        )

    with pysock.install():
        with trace.tracing() as tracer:
            asyncio.run(main())
    events, names, slices = _check(trace.trace_events(tracer.events))
    tasks = sorted(n for n in names.values() if "/" in n)
    assert len(tasks) == 2 and all(n.startswith("MainThread/Task-") for n in tasks)
    for tid, name in names.items():
        if "/" in name:
            assert {e["name"] for e in slices if e["tid"] == tid} >= {"socketpair", "close"}


def test_pcap_of_a_tls_connection_carries_the_plaintext(tmp_path):
    # The TLS layer's events (tls_write/tls_read, from pysock's TLS when it
    # is traced), made here by hand on a TCP connection to port 443: the
    # capture carries their plaintext, not the records of the socket calls.
    from pysock.trace import Data, Event, SockInfo

    sock = SockInfo(pysock.AF_INET, pysock.SOCK_STREAM, ("10.0.0.1", 50000), ("10.0.0.2", 443))
    request = b"GET /secret HTTP/1.1\r\nHost: example.org\r\n\r\n"
    response = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    records = [b"\x17\x03\x03\x00\x40" + bytes(64), b"\x17\x03\x03\x00\x30" + bytes(48)]
    events = []
    for seq, (call, data) in enumerate([("connect", None), ("write", records[0]), ("tls_write", request),
                                        ("read", records[1]), ("tls_read", response), ("close", None)], 1):
        ev = Event(seq, call)
        ev.time = 1700000000.0 + seq / 1000.0
        ev.socket = sock
        ev.params = [("fd", 3)] + ([("data", Data(data, len(data)))] if data is not None else [])
        ev.result = len(data) if data is not None else None
        events.append(ev)
    path = tmp_path / "tls.pcapng"
    trace.write_pcapng(events, str(path))
    rows = fields(path, "http", "http.request.method", "http.request.uri", "http.response.code",
                  decode_as=["tcp.port==443,http"])
    assert [r for r in rows if r[0]] == [["GET", "/secret", ""]]
    assert [r[2] for r in rows if r[2]] == ["200"]
    payloads = [bytes.fromhex(r[0].replace(":", "")) for r in fields(path, "tcp.len > 0", "tcp.payload")]
    assert payloads == [request, response]
