"""pysock.trace: tracing and fault injection, on real sockets; and the
command line (python -m pysock run/trace) end to end."""

import asyncio
import errno
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

import pysock
from pysock import trace
from pysock._libc import backend

pytestmark = pytest.mark.usefixtures("no_tracer_left")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.basename(__file__)
ADDR = r"\('127\.0\.0\.1', (\d+)\)"


def tcp_pair():
    """(listener, client, server side) over loopback."""
    listener = pysock.create_server(("127.0.0.1", 0))
    client = pysock.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    return listener, client, conn


def close_all(*socks):
    for sock in socks:
        sock.close()


def calls(tracer, name=None):
    return [e for e in tracer.events if name is None or e.call == name]


# -- tracing -----------------------------------------------------------------


def test_tcp_echo_decoded_text():
    out = io.StringIO()
    with trace.tracing(out) as tracer:
        listener = pysock.socket(pysock.AF_INET, pysock.SOCK_STREAM)
        listener.setsockopt(pysock.SOL_SOCKET, pysock.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = pysock.socket()
        client.connect(("127.0.0.1", port))
        conn, peer = listener.accept()
        client.send(b"hello")
        assert conn.recv(1024, pysock.MSG_PEEK) == b"hello"
        assert conn.recv(1024) == b"hello"
        conn.sendall(b"hello")
        assert client.recv(1024) == b"hello"
        close_all(client, conn, listener)
    text = out.getvalue()
    lines = text.splitlines()
    assert len(lines) == len(tracer.events)
    cport = peer[1]

    def line(pattern):
        found = [l for l in lines if re.search(pattern, l)]
        assert found, "no line matches %r in:\n%s" % (pattern, text)
        return found[0]

    line(r"socket\(AF_INET, SOCK_STREAM, IPPROTO_IP\) = \d+<TCP>")
    line(r"setsockopt\(\d+<TCP>, SOL_SOCKET, SO_REUSEADDR, 1\) = 0")
    line(r"bind\(\d+<TCP:\[127\.0\.0\.1:%d\]>, \('127\.0\.0\.1', 0\)\) = 0" % port)
    # connect: the socket after the call, with its ephemeral port, and the
    # address as the Python tuple.
    connect = line(r"connect\(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, \('127\.0\.0\.1', %d\)\) = 0"
                   % (cport, port, port))
    assert re.search(r"<\d+\.\d{6}> @ .*%s:\d+ \(test_tcp_echo_decoded_text\)" % HERE, connect)
    line(r"accept\(\d+<TCP:\[127\.0\.0\.1:%d\]>\) = \(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, "
         r"\('127\.0\.0\.1', %d\)\)" % (port, port, cport, cport))
    # send() without flags on a stream socket is write(2), recv() is read(2)
    # (where the backend has them; Winsock: send and recv with flags 0).
    if hasattr(backend, "write"):
        line(r'write\(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, "hello", 5\) = 5' % (cport, port))
    else:
        line(r'send\(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, "hello", 5, 0\) = 5' % (cport, port))
    line(r'recv\(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, "hello", 1024, MSG_PEEK\) = 5' % (port, cport))
    if hasattr(backend, "read"):
        line(r'read\(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, "hello", 1024\) = 5' % (port, cport))
    else:
        line(r'recv\(\d+<TCP:\[127\.0\.0\.1:%d->127\.0\.0\.1:%d\]>, "hello", 1024, 0\) = 5' % (port, cport))
    line(r"close\(\d+<TCP:\[127\.0\.0\.1:%d\]>\) = 0" % port)

    connect_ev = calls(tracer, "connect")[0]
    assert connect_ev.address == ("127.0.0.1", port)
    assert connect_ev.peer == ("127.0.0.1", port)
    assert connect_ev.socket.laddr == ("127.0.0.1", cport)
    assert connect_ev.caller.function == "test_tcp_echo_decoded_text"
    assert connect_ev.caller.module == __name__
    assert connect_ev.thread == threading.current_thread().name
    accept_ev = calls(tracer, "accept")[0]
    assert accept_ev.address == ("127.0.0.1", cport)
    read_ev = calls(tracer, "read")[0]
    assert read_ev.data.head == b"hello" and read_ev.data.size == 5 and read_ev.result == 5
    assert read_ev.matches("recv") and read_ev.matches("%recv") and not read_ev.matches("send")
    assert [e.seq for e in tracer.events] == sorted(e.seq for e in tracer.events)


def test_payload_escaped_and_truncated():
    a, b = pysock.socketpair()
    payload = b'line "1"\n\x00\xff' + b"x" * 100
    with trace.tracing(strsize=11) as tracer:
        a.sendall(payload)
        assert b.recv(1024) == payload
    ev = calls(tracer, "write")[0]
    assert repr(ev.data) == '"line \\"1\\"\\n\\x00\\xff"...'
    assert ev.data.size == len(payload) and ev.data.truncated
    assert "write(%d<UNIX-STREAM>, " % a.fileno() in ev.format()
    close_all(a, b)


def test_flags_and_options_by_name():
    a, b = pysock.socketpair()
    with trace.tracing() as tracer:
        a.send(b"x", pysock.MSG_DONTWAIT | pysock.MSG_NOSIGNAL)
        b.recv(10, pysock.MSG_PEEK | pysock.MSG_DONTWAIT)
        a.getsockopt(pysock.SOL_SOCKET, pysock.SO_TYPE)
        a.shutdown(pysock.SHUT_WR)
    text = "\n".join(e.format() for e in tracer.events)
    assert 'send(%d<UNIX-STREAM>, "x", 1, MSG_DONTWAIT|MSG_NOSIGNAL) = 1' % a.fileno() in text
    assert "MSG_PEEK|MSG_DONTWAIT) = 1" in text
    assert "getsockopt(%d<UNIX-STREAM>, SOL_SOCKET, SO_TYPE, 4) = %d" % (a.fileno(), pysock.SOCK_STREAM) in text
    assert "shutdown(%d<UNIX-STREAM>, SHUT_WR) = 0" % a.fileno() in text
    flags = calls(tracer, "recv")[0].param("flags")
    assert "MSG_PEEK" in flags
    close_all(a, b)


def test_error_by_name_and_message():
    a, b = pysock.socketpair()
    b.setblocking(False)
    with trace.tracing() as tracer:
        with pytest.raises(BlockingIOError):
            b.recv(10)
    ev = calls(tracer, "read")[-1]
    assert (ev.errno, ev.error, ev.strerror) == (errno.EAGAIN, "EAGAIN", os.strerror(errno.EAGAIN))
    assert ev.failed and ev.data is None
    assert "= -1 EAGAIN (%s)" % os.strerror(errno.EAGAIN) in ev.format()
    close_all(a, b)


def test_stack_on_request_and_thread_names():
    a, b = pysock.socketpair()

    def worker():
        a.sendall(b"from a thread")

    with trace.tracing(stack=True) as tracer:
        t = threading.Thread(target=worker, name="sender")
        t.start()
        t.join()
        b.recv(100)
    write = calls(tracer, "write")[0]
    assert write.thread == "sender" and write.thread_id == t.ident
    assert write.caller.function == "worker"
    functions = [frame.function for frame in write.stack]
    assert functions[0] == "sendall" and "worker" in functions
    read = calls(tracer, "read")[0]
    assert read.stack[1].function == "test_stack_on_request_and_thread_names"
    assert "\n  > " in read.format()
    close_all(a, b)


def test_asyncio_task_name():
    async def main():
        a, b = pysock.socketpair()
        a.setblocking(False)
        b.setblocking(False)
        loop = asyncio.get_running_loop()

        async def talk():
            await loop.sock_sendall(a, b"ping")
            return await loop.sock_recv(b, 10)

        task = asyncio.ensure_future(talk())
        task.set_name("talker") if hasattr(task, "set_name") else None
        try:
            return await task
        finally:
            close_all(a, b)

    with trace.tracing() as tracer:
        assert asyncio.run(main()) == b"ping"
    write = calls(tracer, "write")[0]
    assert write.task == "talker"
    assert "[MainThread/talker] write(" in write.format()


def test_jsonl_output(tmp_path):
    path = tmp_path / "trace.jsonl"
    listener, client, conn = tcp_pair()
    with trace.tracing(str(path), "jsonl"):
        client.sendall(b"hi")
        conn.recv(10)
    records = [json.loads(l) for l in path.read_text().splitlines()]
    assert [r["call"] for r in records] == ["write", "read"]
    write = records[0]
    assert write["args"]["data"] == {"bytes": "hi", "size": 2}
    assert write["socket"]["kind"] == "TCP" and write["socket"]["raddr"] == list(listener.getsockname())
    assert write["result"] == 2 and write["error"] is None
    assert write["caller"]["function"] == "test_jsonl_output"
    close_all(listener, client, conn)


def test_calls_filter_and_aliases():
    a, b = pysock.socketpair()
    with trace.tracing(calls="recv") as tracer:
        a.sendall(b"x")
        b.recv(1)
        a.send(b"y", pysock.MSG_DONTWAIT)
        b.recv(1, pysock.MSG_DONTWAIT)
    assert [e.call for e in tracer.events] == ["read", "recv"]
    assert trace.expand("send") == {"send", "write"}
    assert "recv_into" in trace.expand("%recv") and "write" not in trace.expand("%recv")
    assert "poll" not in trace.expand("!poll") and "read" in trace.expand("!poll")
    with pytest.raises(ValueError, match="makes no call 'frobnicate'"):
        trace.expand("frobnicate")
    close_all(a, b)


def test_summary_counts_match_the_calls():
    a, b = pysock.socketpair()
    # EIO is not retried: each failing recv() is one failing read(2).
    with trace.tracing(faults=["recv:error=EIO:when=2..3"]) as tracer:
        for _ in range(3):
            a.sendall(b"abc")
        assert b.recv(9) == b"abcabcabc"
        for _ in range(2):
            with pytest.raises(OSError) as info:
                b.recv(9)
            assert info.value.errno == errno.EIO
        a.close()
    summary = tracer.summary()
    assert (summary["write"].calls, summary["write"].errors) == (3, 0)
    assert (summary["read"].calls, summary["read"].errors) == (3, 2)
    assert (summary["close"].calls, summary["close"].errors) == (1, 0)
    assert "poll" not in summary
    assert summary.total.calls == len(tracer.events) == 7
    assert summary.total.errors == 2
    for row in summary:
        mine = calls(tracer, row.call)
        assert row.calls == len(mine)
        assert row.errors == len([e for e in mine if e.failed])
        assert row.seconds == pytest.approx(sum(e.duration for e in mine))
        assert row.mean == pytest.approx(row.seconds / row.calls)
    table = str(summary).splitlines()
    assert table[0].split() == ["%", "time", "seconds", "usecs/call", "calls", "errors", "syscall"]
    assert table[-1].split()[-3:] == ["7", "2", "total"]
    assert [l.split()[-1] for l in table[2:-2]] == [row.call for row in summary]
    b.close()


def test_stop_restores_the_backend_and_import_changes_nothing():
    before = dict(backend.__dict__)
    tracer = trace.start()
    assert trace.active() is tracer
    assert all(getattr(backend, name) is not before[name] for name in backend.calls)
    assert all(getattr(backend, name).__wrapped__ is before[name] for name in backend.calls)
    with pytest.raises(RuntimeError):
        trace.Tracer().start()
    assert trace.stop() is tracer
    assert trace.active() is None and not tracer.active
    assert dict(backend.__dict__) == before


# -- fault injection ---------------------------------------------------------


def test_econnreset_on_the_second_recv():
    listener, client, conn = tcp_pair()
    with trace.tracing(faults=[trace.Fault("recv", error="ECONNRESET", when=2)]) as tracer:
        client.sendall(b"one")
        assert conn.recv(10) == b"one"
        client.sendall(b"two")
        with pytest.raises(ConnectionResetError) as info:
            conn.recv(10)
        assert info.value.errno == errno.ECONNRESET
        # The injected call was not made: the data is still there.
        assert conn.recv(10) == b"two"
    reads = calls(tracer, "read")
    assert [e.error for e in reads] == [None, "ECONNRESET", None]
    assert reads[1].injected == ["error=ECONNRESET"]
    assert "(INJECTED: error=ECONNRESET)" in reads[1].format()
    assert tracer.faults[0].injected == 1 and tracer.faults[0].matched == 3
    close_all(listener, client, conn)


def test_sendall_completes_under_one_byte_writes():
    listener, client, conn = tcp_pair()
    payload = bytes(range(256)) * 4
    with trace.tracing(faults=["send:bytes=1"]) as tracer:
        client.sendall(payload)
        client.sendall(memoryview(payload)[:10], pysock.MSG_NOSIGNAL)
    got = b""
    conn.settimeout(5)
    while len(got) < len(payload) + 10:
        got += conn.recv(65536)
    assert got == payload + payload[:10]
    writes = calls(tracer, "write")
    sends = calls(tracer, "send")
    assert len(writes) == len(payload) and len(sends) == 10
    assert all(e.result == 1 and e.injected == ["bytes=1"] for e in writes + sends)
    assert writes[1].data.size == len(payload) - 1
    close_all(listener, client, conn)


def test_short_receive():
    a, b = pysock.socketpair()
    a.sendall(b"abcdef")
    with trace.tracing(faults=["%recv:bytes=2"]):
        assert b.recv(100) == b"ab"
        buf = bytearray(10)
        assert b.recv_into(buf) == 2 and buf[:2] == b"cd"
        assert b.recvfrom(100)[0] == b"ef"
    close_all(a, b)


def test_eintr_is_retried_by_the_socket_layer():
    a, b = pysock.socketpair()
    a.sendall(b"data")
    faults = [trace.Fault("recv", error="EINTR", when="1..3"), "send:error=EINTR:when=1"]
    with trace.tracing(faults=faults) as tracer:
        assert b.recv(10) == b"data"
        a.sendall(b"more")
        b.settimeout(2.0)
        assert b.recv(10) == b"more"
    reads = calls(tracer, "read")
    assert [e.error for e in reads] == ["EINTR", "EINTR", "EINTR", None, None]
    assert [e.error for e in calls(tracer, "write")] == ["EINTR", None]
    close_all(a, b)


def test_signal_handler_runs_and_its_exception_stops_the_retry():
    a, b = pysock.socketpair()
    a.sendall(b"data")
    seen = []
    previous = signal.signal(signal.SIGUSR1, lambda signum, frame: seen.append(signum))
    try:
        with trace.tracing(faults=["recv:signal=SIGUSR1:error=EINTR:when=1"]) as tracer:
            assert b.recv(10) == b"data"
        assert seen == [signal.SIGUSR1]
        assert calls(tracer, "read")[0].injected == ["signal=SIGUSR1", "error=EINTR"]

        def stop(signum, frame):
            raise KeyError("from the handler")

        signal.signal(signal.SIGUSR1, stop)
        a.sendall(b"again")
        with trace.tracing(faults=["recv:signal=SIGUSR1:error=EINTR:when=1"]):
            with pytest.raises(KeyError):
                b.recv(10)
        assert b.recv(10) == b"again"  # PEP 475: the handler's error wins
    finally:
        signal.signal(signal.SIGUSR1, previous)
        close_all(a, b)


def test_timeout_is_honoured_under_eintr():
    a, b = pysock.socketpair()
    b.settimeout(0.3)
    # A signal every 50 ms interrupts each wait: the socket layer retries
    # with what is left of the one deadline, and still times out.
    faults = [trace.Fault("poll", error="EINTR", delay=0.05)]
    with trace.tracing(faults=faults) as tracer:
        start = time.monotonic()
        with pytest.raises(TimeoutError):
            b.recv(10)
        elapsed = time.monotonic() - start
    assert elapsed >= 0.3  # the deadline is not cut short by the signals
    polls = calls(tracer, "poll")
    # ...nor reset by them: each wait costs the fault's 50 ms, so no more
    # than 0.3 / 0.05 + 1 waits can start before the one deadline passes.
    assert 4 <= len(polls) <= 7 and all(e.error == "EINTR" for e in polls)
    timeouts = [e.param("timeout_ms") for e in polls]
    assert timeouts == sorted(timeouts, reverse=True) and timeouts[0] <= 300
    close_all(a, b)


def test_error_after_the_call_data_went_out():
    listener, client, conn = tcp_pair()
    with trace.tracing(faults=["send:error_after=ECONNRESET:when=1"]) as tracer:
        with pytest.raises(ConnectionResetError):
            client.send(b"committed")
    conn.settimeout(5)
    assert conn.recv(100) == b"committed"
    ev = calls(tracer, "write")[0]
    assert ev.error == "ECONNRESET" and ev.injected == ["error_after=ECONNRESET"]
    assert ev.result == 9  # what the kernel did, though the caller saw an error
    close_all(listener, client, conn)


def test_eagain_and_spurious_readiness():
    a, b = pysock.socketpair()
    b.settimeout(5)
    a.sendall(b"ready")
    with trace.tracing(faults=["recv:error=EAGAIN:when=1"]) as tracer:
        assert b.recv(10) == b"ready"  # EAGAIN: the socket layer waits, retries
    assert [(e.call, e.error) for e in tracer.events] == [
        ("read", "EAGAIN"), ("poll", None), ("read", None)]

    timer = threading.Timer(0.2, a.sendall, (b"late",))
    with trace.tracing(faults=["poll:spurious:when=1"]) as tracer:
        timer.start()
        assert b.recv(10) == b"late"
    timer.join()
    seq = [(e.call, e.error, e.injected) for e in tracer.events if e.call in ("read", "poll")]
    spurious = seq.index(("poll", None, ["spurious"]))
    # Readiness was a lie: the read after it meets EAGAIN for real.
    assert seq[spurious + 1] == ("read", "EAGAIN", [])
    assert seq[-1] == ("read", None, [])
    close_all(a, b)


def test_delay_before_and_after():
    a, b = pysock.socketpair()
    with trace.tracing(faults=["send:delay=0.1:delay_after=100ms"]) as tracer:
        start = time.monotonic()
        a.sendall(b"x")
        assert time.monotonic() - start >= 0.2
    assert calls(tracer, "write")[0].injected == ["delay=0.1", "delay_after=0.1"]
    close_all(a, b)


def test_predicate_picks_a_peer_and_the_nth_call_on_a_socket():
    l1, c1, s1 = tcp_pair()
    l2, c2, s2 = tcp_pair()
    target = l2.getsockname()
    fault = trace.Fault("send", error="EPIPE",
                        predicate=lambda e: e.peer == target and e.nth_on_fd == 2)
    with trace.tracing(faults=[fault]) as tracer:
        c1.sendall(b"a")
        c1.sendall(b"b")
        c2.sendall(b"c")
        with pytest.raises(BrokenPipeError):
            c2.sendall(b"d")
        c2.sendall(b"e")
    assert [e.error for e in calls(tracer, "write")] == [None, None, None, "EPIPE", None]
    assert fault.matched == 1
    seen = []
    with trace.tracing(faults=[trace.Fault("recv", delay=0, predicate=lambda e: seen.append(
            (e.module, e.payload)) or False)]):
        c1.sendall(b"z")
        s1.recv(10)
    assert seen == [(__name__, None)]
    close_all(l1, c1, s1, l2, c2, s2)


def test_probability_is_seeded():
    a, b = pysock.socketpair()

    def run(seed):
        fault = trace.Fault("send", error="EAGAIN", probability=0.5)
        pattern = []
        with trace.tracing(faults=[fault], seed=seed):
            for _ in range(40):
                try:
                    a.send(b"x")
                    pattern.append(1)
                except BlockingIOError:
                    pattern.append(0)
        b.recv(100)
        return pattern

    first = run(1)
    assert first == run(1)
    assert 5 < sum(first) < 35
    assert first != run(2)
    close_all(a, b)


def test_connect_eintr_is_delivered_after_the_call():
    listener = pysock.create_server(("127.0.0.1", 0))
    client = pysock.socket()
    with trace.tracing(faults=["connect:error=EINTR"]) as tracer:
        client.connect(listener.getsockname())  # waits for the connection
    ev = calls(tracer, "connect")[0]
    assert ev.injected == ["error_after=EINTR"]
    assert client.getpeername() == listener.getsockname()
    close_all(client, listener)


def test_fault_specs():
    f = trace.Fault.parse("recv:error=ECONNRESET:when=2")
    assert f.calls == {"recv", "read"} and f.error == errno.ECONNRESET
    assert str(f) == "recv:error=ECONNRESET:when=2"
    f = trace.Fault.parse("%send:bytes=1:p=25%:seed=3")
    assert f.bytes == 1 and f.probability == 0.25 and f.seed == 3
    assert trace.Fault.parse("connect:delay=0.5").delay == 0.5
    assert trace.Fault.parse("connect:delay=20us").delay == pytest.approx(20e-6)
    assert trace.Fault.parse("send:error_after=32").error_after == 32
    w = trace.When("2..10+3")
    assert [n for n in range(1, 15) if n in w] == [2, 5, 8]
    assert [n for n in range(1, 6) if n in trace.When("3+")] == [3, 4, 5]
    assert [n for n in range(1, 6) if n in trace.When(3)] == [3]
    assert [n for n in range(1, 8) if n in trace.When("2+2")] == [2, 4, 6]
    for bad in ("recv", "recv:error=ENOSUCH", "nosuchcall:error=EINTR", "recv:when=0:error=EINTR",
                "connect:bytes=1", "recv:spurious", "recv:frob=1", "recv:when=3..1:error=EIO"):
        with pytest.raises(ValueError):
            trace.Fault.parse(bad)


@pytest.mark.skipif(not hasattr(pysock.socket, "sendmsg") or not hasattr(pysock, "SCM_RIGHTS"),
                    reason="sendmsg/recvmsg not in pysock yet")
def test_control_messages_decoded():
    import array

    a, b = pysock.socketpair()
    r, w = os.pipe()
    try:
        with trace.tracing() as tracer:
            a.sendmsg([b"fds"], [(pysock.SOL_SOCKET, pysock.SCM_RIGHTS, array.array("i", [r, w]))])
            msg, anc, flags, addr = b.recvmsg(10, pysock.CMSG_SPACE(8))
        for fd in array.array("i", anc[0][2]):
            os.close(fd)
        send = calls(tracer, "sendmsg")[0]
        assert send.param("control") == [("SOL_SOCKET", "SCM_RIGHTS", [r, w])]
        assert "(SOL_SOCKET, SCM_RIGHTS, [%d, %d])" % (r, w) in send.format()
        recv = calls(tracer, "recvmsg")[0]
        assert recv.data.head == b"fds" and recv.param("control")[0][1] == "SCM_RIGHTS"
    finally:
        os.close(r)
        os.close(w)
        close_all(a, b)


# -- arguments by the contract's names ----------------------------------------


def test_keyword_arguments_are_decoded_by_name():
    from pysock._libc.contract import CALLS

    a, b = pysock.socketpair()
    fa, fb = a.fileno(), b.fileno()
    seen = []
    spy = trace.Fault("recv", delay=0, predicate=lambda e: seen.append(
        (e.args.fd, e.args.nbytes, e.args.flags, len(e.args))) or False)
    with trace.tracing(faults=[spy]) as tracer:
        assert backend.send(fa, flags=0, data=b"hello") == 5
        assert backend.recv(fb, nbytes=3, flags=pysock.MSG_PEEK) == b"hel"
        assert backend.recv(fb, 5, flags=0) == b"hello"
        backend.setsockopt(fa, pysock.SOL_SOCKET, option=pysock.SO_SNDBUF,
                           value=(65536).to_bytes(4, sys.byteorder))
        with pytest.raises(OSError):  # a NULL value of the default length, 0
            backend.setsockopt(fa, level=pysock.SOL_SOCKET, option=pysock.SO_SNDBUF, value=None)
    send, peek, recv = calls(tracer, "send") + calls(tracer, "recv")
    assert send.params == [("fd", send.fd), ("data", send.data), ("size", 5), ("flags", 0)]
    assert int(send.fd) == fa and send.data.head == b"hello"
    assert peek.params[2:] == [("nbytes", 3), ("flags", peek.param("flags"))]
    assert str(peek.param("flags")) == "MSG_PEEK" and peek.data.head == b"hel"
    assert recv.param("nbytes") == 5 and recv.data.head == b"hello"
    setopt, null = calls(tracer, "setsockopt")
    assert [str(v) for _k, v in setopt.params[1:]] == ["SOL_SOCKET", "SO_SNDBUF", "65536"]
    # optlen not given: the contract's default, 0.
    assert [(k, str(v)) for k, v in null.params[3:]] == [("value", "NULL"), ("optlen", "0")]
    assert "optlen=0" in CALLS["setsockopt"][0][4]
    # Fault predicates read the same names; len() and [i] are the positional
    # arguments as given.
    assert seen == [(fb, 3, pysock.MSG_PEEK, 1), (fb, 5, 0, 2)]
    close_all(a, b)


def test_short_io_changes_keyword_arguments_where_they_were_given():
    a, b = pysock.socketpair()
    fa, fb = a.fileno(), b.fileno()
    with trace.tracing(faults=["send:bytes=2", "recv:bytes=1"]) as tracer:
        assert backend.send(fa, data=b"abcdef", flags=0) == 2
        assert backend.recv(fb, nbytes=100, flags=0) == b"a"
        assert backend.recv(fb, 100, 0) == b"b"
    assert [e.injected for e in tracer.events] == [["bytes=2"], ["bytes=1"], ["bytes=1"]]
    # What the program asked for is shown; what the kernel was asked, cut.
    assert [(e.param("nbytes"), e.result, e.data.head) for e in calls(tracer, "recv")] == [
        (100, 1, b"a"), (100, 1, b"b")]
    assert calls(tracer, "send")[0].result == 2
    close_all(a, b)


def test_arguments_bind_names_defaults_and_keywords():
    from pysock._libc import contract
    from pysock.trace import _arguments

    for call in contract.CALLS:
        names, defaults = _arguments.SPECS[call]
        assert names == contract.params(call)
        assert set(defaults) <= set(names)
    bind = _arguments.binder("accept")
    assert bind((7,), {}).want_address is True
    assert bind((7,), {"want_address": False}).want_address is False
    args = _arguments.binder("getnameinfo")((b"sa",), {"flags": 3})
    assert (args.sockaddr, args.flags, args.hostlen, args.servlen) == (b"sa", 3, 1025, 32)
    assert args._items() == [("sockaddr", b"sa"), ("flags", 3), ("hostlen", 1025), ("servlen", 32)]
    short = args._replace(sockaddr=b"x", servlen=8)
    assert short._args == (b"x",) and short._kwargs == {"flags": 3, "servlen": 8}
    assert args._args == (b"sa",) and args.servlen == 32  # the original is unchanged
    with pytest.raises(TypeError):
        args._replace(nbytes=1)
    missing = _arguments.binder("recv")((3,), {})
    with pytest.raises(AttributeError):
        missing.nbytes  # neither given nor defaulted: the decoder falls back
    # A call outside the contract: numbered positional, keywords by name.
    from pysock.trace import _calls
    from pysock.trace._event import Event

    foreign = _arguments.binder("frobnicate")((1, "x"), {"level": 2})
    assert foreign._fields == () and not foreign.__dict__
    ev = Event(1, "frobnicate")
    _calls.generic_before(trace.Tracer(), ev, foreign)
    assert ev.params == [("arg0", 1), ("arg1", "x"), ("level", 2)]


def _names_read(source_path):
    """For each function of a module: (the names read as attributes of its
    arguments parameter ``a``, the functions it hands ``a`` to, whether it
    reads ``a`` by position)."""
    import ast

    with open(source_path) as f:
        tree = ast.parse(f.read())
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        params = [p.arg for p in node.args.args]
        if "a" not in params:
            continue
        names, callees, positional = set(), set(), False
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "a":
                names.add(sub.attr)
            elif isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == "a":
                positional = True
            elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                if any(isinstance(x, ast.Name) and x.id == "a" for x in sub.args):
                    if sub.func.id in ("len", "tuple", "list", "iter", "enumerate"):
                        positional = True
                    else:
                        callees.add(sub.func.id)
        found[node.name] = (names, callees, positional)
    return found, tree


def test_every_decoder_reads_only_its_calls_names_in_the_contract():
    import ast

    from pysock._libc import contract
    from pysock.trace import _calls

    found, tree = _names_read(_calls.__file__)

    def reads(function_name, seen=()):
        names, callees, positional = found[function_name]
        assert not positional, "%s reads its arguments by position" % function_name
        names = {n for n in names if not n.startswith("_")}
        for callee in callees - set(seen):
            if callee in found:
                names |= reads(callee, seen + (function_name,))
        return names

    from pysock import _tlscalls

    def params(call):
        # The system calls' contract, and the TLS layer's own.
        if call in _tlscalls.CONTRACT:
            return [p.split("=", 1)[0] for p in _tlscalls.CONTRACT[call][0]]
        return contract.params(call)

    checked = 0
    for call, hooks in _calls.DECODERS.items():
        assert call in contract.CALLS or call in _tlscalls.CONTRACT, (
            "%s: a decoder for a call outside the contract" % call)
        allowed = set(params(call))
        for hook in hooks:
            if hook is None:
                continue
            extra = reads(hook.__name__) - allowed
            assert not extra, "%s for %s() reads %s, not in its contract's params(%r) = %s" % (
                hook.__name__, call, sorted(extra), call, sorted(allowed))
            checked += 1
    assert checked >= 2 * len(_calls.DECODERS)

    # The short-I/O table: lambda a, n: a._replace(name=...a.name...)
    # (SHORT_IO = {...}, or annotated: SHORT_IO: Dict[...] = {...})
    table = next(node.value for node in tree.body
                 if isinstance(node, (ast.Assign, ast.AnnAssign))
                 and any(isinstance(t, ast.Name) and t.id == "SHORT_IO"
                         for t in (node.targets if isinstance(node, ast.Assign) else [node.target])))
    assert sorted(k.value for k in table.keys) == sorted(_calls.SHORT_IO)
    for key, value in zip(table.keys, table.values):
        names = set()
        for sub in ast.walk(value):
            if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and sub.value.id == "a":
                pytest.fail("SHORT_IO[%r] reads its arguments by position" % key.value)
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "a":
                names.add(sub.attr)
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "_replace":
                names.update(k.arg for k in sub.keywords)
        names = {n for n in names if not n.startswith("_")}
        assert names and names <= set(contract.params(key.value)), (key.value, names)


# -- the command line ----------------------------------------------------------


def run_cli(*args, cwd=REPO, timeout=60):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "pysock"] + list(args),
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=timeout,
    )


def test_cli_trace_echo_example():
    proc = run_cli("trace", "--", "examples/echo.py")
    assert proc.returncode == 0, proc.stderr
    assert "echo: 3 lines" in proc.stdout
    err = proc.stderr
    port = re.search(r"listen\(\d+<TCP:\[127\.0\.0\.1:(\d+)\]>", err).group(1)
    assert re.search(r"connect\(\d+<TCP:\[127\.0\.0\.1:\d+->127\.0\.0\.1:%s\]>, \('127\.0\.0\.1', %s\)\)"
                     % (port, port), err)
    assert re.search(r"accept\(\d+<TCP:\[127\.0\.0\.1:%s\]>\) = \(\d+<TCP:" % port, err)
    assert re.search(r'write\(\d+<TCP:\[[^]]*\]>, "hello, echo\\n", 12\) = 12 <[\d.]+> @ examples/echo\.py:\d+ \(main\)', err)
    assert len(re.findall(r"\] read\(", err)) == 6


def test_cli_injected_reset_reaches_the_program():
    proc = run_cli("trace", "--inject", "recv:error=ECONNRESET:when=2", "--summary",
                   "examples/echo.py")
    assert proc.returncode == 1
    assert "ConnectionResetError" in proc.stderr
    assert 'File "examples/echo.py"' in proc.stderr
    assert "pysock/__main__.py" not in proc.stderr.split("Traceback")[1].split("\n")[1]
    assert len(re.findall(r"read\(.*\(INJECTED: error=ECONNRESET\)", proc.stderr)) == 1
    assert "client got" not in proc.stdout  # the client's first recv failed
    assert re.search(r"\s2\s+1 read$", proc.stderr, re.M)


def test_cli_exit_status_and_socket_module(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(
        "import socket, sys\n"
        "print(socket.__name__, socket.socket.__module__, sys.argv[1:])\n"
        "sys.exit(int(sys.argv[1]))\n"
    )
    proc = run_cli("run", str(script), "3", "x")
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.split("\n")[0] == "socket pysock ['3', 'x']"
    proc = run_cli("trace", "-c", "--", str(script), "0")
    assert proc.returncode == 0
    assert "% time" in proc.stderr and "total" in proc.stderr
    proc = run_cli("run", "-m", "json.tool", "--help")
    assert proc.returncode == 0 and "json.tool" in proc.stdout


def test_cli_jsonl_to_a_file_and_calls(tmp_path):
    out = tmp_path / "t.jsonl"
    proc = run_cli("trace", "-o", str(out), "--format", "jsonl", "--calls", "connect,accept",
                   "--", "examples/echo.py")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(l) for l in out.read_text().splitlines()]
    assert [r["call"] for r in records] == ["connect", "accept"]
    assert records[0]["caller"]["file"].endswith("echo.py")


def test_cli_usage_errors():
    assert run_cli().returncode == 0
    proc = run_cli("trace", "--inject", "recv:bogus", "examples/echo.py")
    assert proc.returncode == 2 and "unknown action" in proc.stderr
    proc = run_cli("trace", "--frob", "x.py")
    assert proc.returncode == 2 and "unknown option" in proc.stderr
