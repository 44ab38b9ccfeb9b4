"""recvmmsg/recvmmsg_into/sendmmsg, pysock additions (README): what a batch
gives is what the stdlib's one-at-a-time calls give for the same datagrams."""

import errno
import socket as std

import pytest

import pysock
from pysock import trace
from pysock._libc import backend

pytestmark = [
    pytest.mark.usefixtures("no_tracer_left"),
    pytest.mark.skipif(not hasattr(backend, "recvmmsg"), reason="no recvmmsg/sendmmsg in this C library"),
]


FAMILIES = [(pysock.AF_INET, "127.0.0.1"), (pysock.AF_INET6, "::1")]


def _pair(family, host):
    receiver = pysock.socket(family, pysock.SOCK_DGRAM)
    receiver.bind((host, 0))
    sender = pysock.socket(family, pysock.SOCK_DGRAM)
    sender.bind((host, 0))
    return sender, receiver


def test_hasattr_tells_the_truth():
    assert hasattr(pysock.socket, "recvmmsg") and hasattr(pysock.socket, "sendmmsg")
    assert hasattr(pysock.socket, "recvmmsg_into")
    assert not hasattr(std.socket, "recvmmsg")  # an addition: the stdlib has none


@pytest.mark.parametrize("family,host", FAMILIES)
def test_batch_matches_one_at_a_time(family, host):
    payloads = [b"", b"a", b"bc" * 40, bytes(range(256)) * 4]
    sender, receiver = _pair(family, host)
    # The oracle: the same datagrams through the stdlib, one call each.
    std_receiver = std.socket(family, std.SOCK_DGRAM)
    std_receiver.bind((host, 0))
    with sender, receiver, std_receiver:
        assert sender.sendmmsg(payloads, receiver.getsockname()) == len(payloads)
        for payload in payloads:
            sender.sendto(payload, std_receiver.getsockname())
        receiver.settimeout(5)
        got = []
        while len(got) < len(payloads):
            got += receiver.recvmmsg(10, 100)
        expected = [std_receiver.recvfrom(100) for _ in payloads]
        assert got == expected[:0] + [(data, sender.getsockname()) for data, _ in expected]
        assert [data for data, _ in got] == [p[:100] for p in payloads]


def test_recvmmsg_into_buffers():
    sender, receiver = _pair(pysock.AF_INET, "127.0.0.1")
    with sender, receiver:
        sender.sendmmsg([b"first", b"second!"], receiver.getsockname())
        receiver.settimeout(5)
        buffers = [bytearray(4), memoryview(bytearray(10)), bytearray(3)]
        got = receiver.recvmmsg_into(buffers)
        while len(got) < 2:  # the second may come a moment later
            got += receiver.recvmmsg_into(buffers[len(got):])
        assert got == [(4, sender.getsockname()), (7, sender.getsockname())]
        assert bytes(buffers[0]) == b"firs" and bytes(buffers[1][:7]) == b"second!"


def test_sendmmsg_to_many_addresses_and_connected():
    sender, first = _pair(pysock.AF_INET, "127.0.0.1")
    second = pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM)
    second.bind(("127.0.0.1", 0))
    with sender, first, second:
        sent = sender.sendmmsg([(b"one", first.getsockname()), (bytearray(b"two"), second.getsockname()),
                                (memoryview(b"three"), first.getsockname())])
        assert sent == 3
        first.settimeout(5)
        second.settimeout(5)
        assert first.recvfrom(10)[0] == b"one" and first.recvfrom(10)[0] == b"three"
        assert second.recvfrom(10)[0] == b"two"
        sender.connect(second.getsockname())
        assert sender.sendmmsg([b"x", b"y"]) == 2
        assert [second.recv(5), second.recv(5)] == [b"x", b"y"]
        assert sender.sendmmsg([]) == 0


def test_timeout_nonblocking_and_closed():
    sender, receiver = _pair(pysock.AF_INET, "127.0.0.1")
    with sender:
        receiver.settimeout(0.02)
        with pytest.raises(TimeoutError):
            receiver.recvmmsg(4, 100)
        receiver.setblocking(False)
        with pytest.raises(BlockingIOError):
            receiver.recvmmsg(4, 100)
        with pytest.raises(BlockingIOError):
            receiver.recvmmsg_into([bytearray(4)])
        receiver.close()
        with pytest.raises(OSError) as info:
            receiver.recvmmsg(4, 100)
        assert info.value.errno == errno.EBADF
        with pytest.raises(OSError) as info:
            sender.sendmmsg([b"x"])  # not connected, no address
        assert info.value.errno == errno.EDESTADDRREQ


def test_bad_arguments():
    sender, receiver = _pair(pysock.AF_INET, "127.0.0.1")
    with sender, receiver:
        with pytest.raises(ValueError):
            receiver.recvmmsg(0, 100)
        with pytest.raises(ValueError):
            receiver.recvmmsg(1, -1)
        with pytest.raises(TypeError):
            receiver.recvmmsg("1", 100)
        with pytest.raises(TypeError):
            receiver.recvmmsg_into([b"read-only"])
        with pytest.raises(TypeError):
            sender.sendmmsg(5)
        with pytest.raises(TypeError):
            sender.sendmmsg(["text"], receiver.getsockname())
        with pytest.raises(TypeError):
            sender.sendmmsg([(b"x",)])
        with pytest.raises(OverflowError):
            sender.sendmmsg([b"x"], ("127.0.0.1", 70000))


def test_traced_and_injectable():
    sender, receiver = _pair(pysock.AF_INET, "127.0.0.1")
    with sender, receiver:
        receiver.settimeout(5)
        address = receiver.getsockname()
        with trace.tracing(faults=[trace.Fault("recvmmsg", error="ECONNREFUSED", when=1)]) as tracer:
            # (sizes that the kernel cannot segment: sendmmsg(2) itself)
            assert sender.sendmmsg([b"p", b"qq"], address) == 2
            with pytest.raises(ConnectionRefusedError):
                receiver.recvmmsg(2, 10)
            got = receiver.recvmmsg(2, 10)
            while len(got) < 2:
                got += receiver.recvmmsg(2, 10)
        assert [d for d, _ in got] == [b"p", b"qq"]
        names = [e.call for e in tracer.events if e.call != "poll"]
        assert names[0] == "sendmmsg" and names[1:] == ["recvmmsg"] * (len(names) - 1)
        assert {"recvmmsg", "recvmmsg_into"} <= trace.expand("%recv") and "sendmmsg" in trace.expand("%send")
        assert [e.error for e in tracer.events if e.call == "recvmmsg"][0] == "ECONNREFUSED"
