"""sendmmsg() as UDP segmentation offload (Linux UDP_SEGMENT, see
pysock/_mmsg.py): a stdlib receiver gets from pysock's sendmmsg exactly what
it gets from the stdlib's sendto loop of the same payloads -- data, source
address, count, order -- whether the kernel got segmented sends or
sendmmsg(2); the trace says which it got."""

import errno
import json
import os
import shutil
import socket as std
import subprocess
import sys

import pytest

import pysock
from pysock import trace
from pysock._libc import backend

pytestmark = [
    pytest.mark.usefixtures("no_tracer_left"),
    pytest.mark.skipif(not hasattr(backend, "sendmsg_gso"), reason="no UDP segmentation offload on this OS"),
]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOL_UDP = 17
UDP_SEGMENT = 103
UDP_CORK = 1
FAMILIES = [(std.AF_INET, "127.0.0.1"), (std.AF_INET6, "::1")]


def _receiver(family, host):
    sock = std.socket(family, std.SOCK_DGRAM)
    try:  # room for every datagram of a test: none may be dropped
        sock.setsockopt(std.SOL_SOCKET, 33, 1 << 23)  # SO_RCVBUFFORCE (root)
    except OSError:
        sock.setsockopt(std.SOL_SOCKET, std.SO_RCVBUF, 1 << 23)
    sock.bind((host, 0))
    sock.settimeout(5)
    return sock


def _drain(sock, count):
    got = [sock.recvfrom(70000) for _ in range(count)]
    sock.settimeout(0)
    with pytest.raises(BlockingIOError):  # and nothing more
        sock.recvfrom(70000)
    return got


def _oracle(family, host, payloads, flags=0, options=(), count=None):
    """What a stdlib receiver gets from a stdlib sendto loop: [(data,
    sent from the sender's address?)]."""
    receiver = _receiver(family, host)
    sender = std.socket(family, std.SOCK_DGRAM)
    with sender, receiver:
        sender.bind((host, 0))
        for level, option, value in options:
            sender.setsockopt(level, option, value)
        for payload in payloads:
            sender.sendto(payload, flags, receiver.getsockname())
        here = sender.getsockname()
        got = _drain(receiver, len(payloads) if count is None else count)
        return [(data, source == here) for data, source in got]


def _through_pysock(family, host, payloads, flags=0, options=()):
    """The same through pysock's sendmmsg: (what arrived, the events)."""
    receiver = _receiver(family, host)
    sender = pysock.socket(family, pysock.SOCK_DGRAM)
    with sender, receiver:
        sender.bind((host, 0))
        for level, option, value in options:
            sender.setsockopt(level, option, value)
        with trace.tracing() as tracer:
            assert sender.sendmmsg(payloads, receiver.getsockname(), flags) == len(payloads)
        here = sender.getsockname()
        got = [(data, source == here) for data, source in _drain(receiver, len(payloads))]
        return got, [e for e in tracer.events if e.call in ("sendmsg_gso", "sendmmsg")]


def _params(event):
    return dict(event.params)


SHAPES = {
    "64 of 64 B": [bytes([i]) * 64 for i in range(64)],
    "last shorter": [bytes([i]) * 100 for i in range(9)] + [b"end"],
    "200: chunks of 64": [i.to_bytes(4, "big") * 8 for i in range(199)] + [b"tail"],
    "two": [b"ab", b"c"],
    "memoryviews": [memoryview(bytearray(b"%03d" % i)) for i in range(10)],
}


@pytest.mark.parametrize("family,host", FAMILIES)
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_segmented_sends_deliver_what_a_sendto_loop_delivers(family, host, shape):
    payloads = SHAPES[shape]
    got, events = _through_pysock(family, host, payloads)
    assert got == _oracle(family, host, [bytes(p) for p in payloads])
    assert all(here for _, here in got)
    # The kernel got segmented sends, 64 datagrams at most each.
    assert [e.call for e in events] == ["sendmsg_gso"] * -(-len(payloads) // 64)
    sizes = [len(p) for p in payloads]
    assert [_params(e)["segment"] for e in events] == [sizes[0]] * len(events)
    assert sum(_params(e)["datagrams"] for e in events) == len(payloads)
    assert all(e.result == _params(e)["size"] for e in events)


@pytest.mark.parametrize("family,host", FAMILIES)
def test_chunked_by_size_too(family, host):
    payloads = [bytes([i]) * 5000 for i in range(20)]  # 100,000 bytes: two sends
    got, events = _through_pysock(family, host, payloads)
    assert got == _oracle(family, host, payloads)
    counts = [_params(e)["datagrams"] for e in events]
    assert [e.call for e in events] == ["sendmsg_gso"] * 2 and sum(counts) == 20
    assert all(_params(e)["size"] <= 65535 - 48 for e in events)


@pytest.mark.parametrize("payloads", [
    [b"a", b"bb", b"a"],             # a longer one after the first
    [b"aa", b"b", b"aa"],            # a shorter one not last
    [b"aa", b"aa", b""],             # an empty last
    [b"", b""],
    [b"single"],
], ids=["longer", "shorter-inside", "empty-last", "empties", "one"])
def test_other_shapes_are_plain_sendmmsg(payloads):
    got, events = _through_pysock(std.AF_INET, "127.0.0.1", payloads)
    assert got == _oracle(std.AF_INET, "127.0.0.1", payloads)
    assert [e.call for e in events] == ["sendmmsg"]


def test_many_destinations_are_plain_sendmmsg():
    first, second = _receiver(std.AF_INET, "127.0.0.1"), _receiver(std.AF_INET, "127.0.0.1")
    with first, second, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        sender.bind(("127.0.0.1", 0))
        with trace.tracing() as tracer:
            assert sender.sendmmsg([(b"one", first.getsockname()), (b"two", second.getsockname()),
                                    (b"333", first.getsockname())]) == 3
        assert [d for d, _ in _drain(first, 2)] == [b"one", b"333"]
        assert [d for d, _ in _drain(second, 1)] == [b"two"]
        # One destination given per message, the same each time: segmented.
        with trace.tracing() as same:
            assert sender.sendmmsg([(b"abc", first.getsockname()),
                                    (b"def", first.getsockname())]) == 2
        assert _drain(first, 2) == [(b"abc", sender.getsockname()), (b"def", sender.getsockname())]
    assert [e.call for e in tracer.events if "send" in e.call] == ["sendmmsg"]
    assert [e.call for e in same.events if "send" in e.call] == ["sendmsg_gso"]


@pytest.mark.parametrize("family,host", FAMILIES)
def test_connected_socket_without_address(family, host):
    receiver = _receiver(family, host)
    with receiver, pysock.socket(family, pysock.SOCK_DGRAM) as sender:
        sender.connect(receiver.getsockname())
        payloads = [b"xy" * 10] * 70 + [b"z"]
        with trace.tracing() as tracer:
            assert sender.sendmmsg(payloads) == 71
        assert _drain(receiver, 71) == [(p, sender.getsockname()) for p in payloads]
    events = [e for e in tracer.events if e.call == "sendmsg_gso"]
    assert [_params(e)["datagrams"] for e in events] == [64, 7]
    assert all("address" not in _params(e) for e in events)


def test_the_sockets_own_segment_size_is_not_overridden():
    # The socket cuts every message by its UDP_SEGMENT of 16: sendmmsg(2)
    # does so, a segmented send of 40 would not.
    options = [(SOL_UDP, UDP_SEGMENT, 16)]
    payloads = [b"a" * 40, b"b" * 40]
    expected = _oracle(std.AF_INET, "127.0.0.1", payloads, options=options, count=6)
    assert [len(d) for d, _ in expected] == [16, 16, 8, 16, 16, 8]
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        sender.bind(("127.0.0.1", 0))
        sender.setsockopt(SOL_UDP, UDP_SEGMENT, 16)
        with trace.tracing() as tracer:
            assert sender.sendmmsg(payloads, receiver.getsockname()) == 2
        here = sender.getsockname()
        assert [(d, s == here) for d, s in _drain(receiver, 6)] == expected
    assert "sendmsg_gso" not in [e.call for e in tracer.events]


def test_a_corked_socket_is_not_segmented():
    # Corked, the messages make one datagram when the cork comes out.
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender, \
            std.socket(std.AF_INET, std.SOCK_DGRAM) as oracle:
        for sock in (oracle, sender):
            sock.setsockopt(SOL_UDP, UDP_CORK, 1)
        for payload in (b"1234", b"5678", b"9"):
            oracle.sendto(payload, receiver.getsockname())
        oracle.setsockopt(SOL_UDP, UDP_CORK, 0)
        with trace.tracing() as tracer:
            assert sender.sendmmsg([b"1234", b"5678", b"9"], receiver.getsockname()) == 3
        sender.setsockopt(SOL_UDP, UDP_CORK, 0)
        assert [d for d, _ in _drain(receiver, 2)] == [b"123456789"] * 2
    assert "sendmsg_gso" not in [e.call for e in tracer.events]


def test_flags_that_cork_are_plain_sendmmsg():
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        with trace.tracing() as tracer:
            assert sender.sendmmsg([b"ab", b"cd"], receiver.getsockname(), pysock.MSG_MORE) == 2
            assert sender.sendmmsg([b"ef"], receiver.getsockname()) == 1
        assert [d for d, _ in _drain(receiver, 1)] == [b"abcdef"]
        got, events = _through_pysock(std.AF_INET, "127.0.0.1", [b"ab", b"cd"], pysock.MSG_DONTWAIT)
        assert [d for d, _ in got] == [b"ab", b"cd"] and events[0].call == "sendmsg_gso"
    assert "sendmsg_gso" not in [e.call for e in tracer.events]


def test_not_udp():
    # UDP-Lite (its own protocol number) and stream sockets take sendmmsg(2).
    try:
        lite = pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM, 136)
    except OSError:
        pytest.skip("no UDP-Lite in this kernel")
    receiver = std.socket(std.AF_INET, std.SOCK_DGRAM, 136)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    with lite, receiver:
        with trace.tracing() as tracer:
            assert lite.sendmmsg([b"ab", b"cd"], receiver.getsockname()) == 2
        assert [receiver.recv(10), receiver.recv(10)] == [b"ab", b"cd"]
    assert [e.call for e in tracer.events if "send" in e.call] == ["sendmmsg"]


def test_refused_segmentation_falls_back_to_sendmmsg():
    # EIO is what a kernel says to a route or device that cannot segment.
    payloads = [b"%02d" % i for i in range(80)]
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        sender.bind(("127.0.0.1", 0))
        with trace.tracing(faults=[trace.Fault("sendmsg_gso", error="EIO", when=2)]) as tracer:
            assert sender.sendmmsg(payloads, receiver.getsockname()) == 80
        assert _drain(receiver, 80) == [(p, sender.getsockname()) for p in payloads]
    calls = [(e.call, e.error) for e in tracer.events if "send" in e.call]
    assert calls == [("sendmsg_gso", None), ("sendmsg_gso", "EIO"), ("sendmmsg", None)]
    assert dict(tracer.events[-1].params)["messages"] == 16


def test_other_errors_are_sendmmsgs():
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    payloads = [b"p"] * 100
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        address = receiver.getsockname()
        # The first send fails: the error, as sendmmsg(2) raises it.
        with trace.tracing(faults=[trace.Fault("sendmmsg", error="ENOBUFS", when=1)]) as tracer:
            with pytest.raises(OSError) as info:
                sender.sendmmsg(payloads, address)
        assert info.value.errno == errno.ENOBUFS
        assert [e.call for e in tracer.events if "send" in e.call] == ["sendmsg_gso"]
        # A later one fails: the count sent before it, no error.
        with trace.tracing(faults=[trace.Fault("sendmsg_gso", error="ECONNREFUSED", when=2)]):
            assert sender.sendmmsg(payloads, address) == 64
        assert len(_drain(receiver, 64)) == 64


def test_timeout_and_nonblocking_modes():
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        for mode in (0.5, 0.0):
            sender.settimeout(mode)
            with trace.tracing() as tracer:
                assert sender.sendmmsg([b"ab"] * 3, receiver.getsockname()) == 3
            assert [d for d, _ in _drain(receiver, 3)] == [b"ab"] * 3
            receiver.settimeout(5)
            assert "sendmsg_gso" in [e.call for e in tracer.events]
        # A full send buffer: sendmmsg(2) sends what fits of the batch.
        with trace.tracing(faults=[trace.Fault("sendmsg_gso", error="EAGAIN")]) as tracer:
            assert sender.sendmmsg([b"cd"] * 3, receiver.getsockname()) == 3
        assert [e.call for e in tracer.events if "send" in e.call] == ["sendmsg_gso", "sendmmsg"]
        sender.close()
        with pytest.raises(OSError) as info:
            sender.sendmmsg([b"x"] * 3, receiver.getsockname())
        assert info.value.errno == errno.EBADF


SMALL_MTU_SCRIPT = r"""
import json, socket as std, subprocess, sys
sys.path.insert(0, sys.argv[1])
subprocess.run(["ip", "link", "set", "lo", "mtu", "1280", "up"], check=True)
import pysock
from pysock import trace
receiver = std.socket(std.AF_INET, std.SOCK_DGRAM)
receiver.bind(("127.0.0.1", 0))
receiver.settimeout(5)
sender = pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM)
sender.bind(("127.0.0.1", 0))
payloads = [bytes([i]) * 1400 for i in range(4)]
with trace.tracing() as tracer:
    sent = sender.sendmmsg(payloads, receiver.getsockname())
got = [receiver.recvfrom(4000) for _ in payloads]
print(json.dumps({
    "sent": sent,
    "same": [d == p and s == sender.getsockname() for (d, s), p in zip(got, payloads)],
    "calls": [[e.call, e.error] for e in tracer.events if "send" in e.call],
}))
"""


def test_a_segment_over_the_mtu_falls_back_to_sendmmsg():
    # A network namespace whose loopback has a 1280-byte MTU: a segment of
    # 1400 does not fit (EMSGSIZE; EINVAL on older kernels); sendmmsg(2)
    # sends fragmented datagrams, which arrive whole.
    if shutil.which("unshare") is None or shutil.which("ip") is None or os.geteuid() != 0:
        pytest.skip("needs unshare(1), ip(8) and root")
    result = subprocess.run(["unshare", "--net", sys.executable, "-c", SMALL_MTU_SCRIPT, ROOT],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, timeout=120)
    if result.returncode != 0 and result.stderr.startswith("unshare:"):
        pytest.skip("no network namespace here: %s" % result.stderr.strip()[:200])
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["sent"] == 4 and report["same"] == [True] * 4
    assert report["calls"][0][0] == "sendmsg_gso" and report["calls"][0][1] in ("EMSGSIZE", "EINVAL")
    assert report["calls"][1:] == [["sendmmsg", None]]


def test_a_kernel_without_udp_segment_gets_sendmmsg():
    # Before Linux 4.18 getsockopt(SOL_UDP, UDP_SEGMENT) is ENOPROTOOPT (and
    # a UDP_SEGMENT item would be ignored: one big datagram): sendmmsg(2),
    # once.
    payloads = [b"ab", b"cd", b"e"]
    receiver = _receiver(std.AF_INET, "127.0.0.1")
    with receiver, pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM) as sender:
        sender.bind(("127.0.0.1", 0))
        with trace.tracing(faults=[trace.Fault("getsockopt", error="ENOPROTOOPT")]) as tracer:
            assert sender.sendmmsg(payloads, receiver.getsockname()) == 3
        assert _drain(receiver, 3) == [(p, sender.getsockname()) for p in payloads]
        # An error of the sendmmsg(2) made instead is raised, not retried.
        sender.setsockopt(SOL_UDP, UDP_SEGMENT, 1000)
        with trace.tracing(faults=[trace.Fault("sendmmsg", error="ECONNREFUSED", when=1)]) as failing:
            with pytest.raises(ConnectionRefusedError):
                sender.sendmmsg(payloads, receiver.getsockname())
        receiver.settimeout(0)
        with pytest.raises(BlockingIOError):
            receiver.recvfrom(10)
    assert [e.call for e in tracer.events if "send" in e.call] == ["sendmmsg"]
    assert [e.call for e in failing.events if "send" in e.call] == ["sendmmsg"]


def test_a_socket_without_udp_checksums_falls_back_to_sendmmsg():
    # SO_NO_CHECK: the kernel refuses to segment (EINVAL, udp_send_skb);
    # sendmmsg(2) sends the datagrams, checksum-less, as a sendto loop does.
    so_no_check = 11
    payloads = [b"ab", b"cd", b"e"]
    options = [(std.SOL_SOCKET, so_no_check, 1)]
    got, events = _through_pysock(std.AF_INET, "127.0.0.1", payloads, options=options)
    assert got == _oracle(std.AF_INET, "127.0.0.1", payloads, options=options)
    assert [(e.call, e.error) for e in events] == [("sendmsg_gso", "EINVAL"), ("sendmmsg", None)]
