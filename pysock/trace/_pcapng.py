"""The payloads of traced TCP and UDP conversations as a pcapng file.

No packet was captured: the packets are made up from the calls, with
Ethernet, IPv4/IPv6 and TCP/UDP headers consistent enough for Wireshark to
follow each TCP stream and dissect the application protocol (HTTP, DNS,
Redis, ...): a TCP conversation opens with a three-way handshake, each
chunk of data is a segment whose sequence and acknowledgement numbers
follow the bytes sent each way, a close is a FIN; a UDP datagram is one
packet.  The times are those of the calls.

Where both ends of a conversation were traced (a client and a server in
one process), each byte would be seen twice, sent and received: a
direction written by a traced send keeps those, one with no traced send
keeps the receives.  Payloads are what the events kept: a tracer started
with a small ``strsize`` keeps only the first bytes of each, and the
sequence numbers still count the whole, so Wireshark shows the rest as
not captured.

With the TLS layer traced (``tls_write``/``tls_read`` events), a
connection's packets carry the plaintext those calls moved instead of the
TLS records: Wireshark dissects the protocol inside (on port 443, tell it
with *Decode As*).

Why no library: pcapng is three block types here (section header,
interface description, enhanced packet; the pcapng draft,
draft-ietf-opsawg-pcapng) and the headers are fixed layouts that
``struct`` writes in a few lines; the libraries that write it (scapy,
dpkt, python-pcapng) would be a dependency of the tracer for a hundred
lines of output code.
"""

import ipaddress
import os
import struct
from typing import IO, Any, Dict, FrozenSet, Iterable, List, Optional, Tuple, Union

from ._calls import RECV_CALLS, SEND_CALLS

# The TLS layer's calls (pysock.ssl, when the tracer has them): their data
# is the plaintext inside a TCP connection's TLS.
_TLS_SEND = ("tls_write",)
_TLS_RECV = ("tls_read",)
from ._event import Data, Event
from ._tracer import Tracer

_SHB = 0x0A0D0D0A
_IDB = 0x00000001
_EPB = 0x00000006
_LINKTYPE_ETHERNET = 1
_TCP, _UDP = 6, 17
_FIN, _SYN, _PSH, _ACK = 0x01, 0x02, 0x08, 0x10
_MSS = 65000  # one segment's payload at most: IPv4's total length is 16 bits

Endpoint = Tuple[str, int]


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _ip(host: str) -> Any:
    return ipaddress.ip_address(host.split("%")[0])


def _mac(ip: Any) -> bytes:
    # A locally administered address made of the IP's last four bytes.
    packed: bytes = ip.packed
    return b"\x02\x00" + packed[-4:]


def packet(proto: int, src: Endpoint, dst: Endpoint, payload: bytes,
           seq: int = 0, ack: int = 0, flags: int = 0, ident: int = 0) -> bytes:
    """An Ethernet frame carrying a TCP segment or a UDP datagram."""
    s, d = _ip(src[0]), _ip(dst[0])
    if s.version != d.version:  # an IPv4 peer of an IPv6 socket
        s = ipaddress.ip_address("::ffff:%s" % s) if s.version == 4 else s
        d = ipaddress.ip_address("::ffff:%s" % d) if d.version == 4 else d
    if proto == _TCP:
        header = struct.pack("!HHIIBBHHH", src[1], dst[1], seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                             5 << 4, flags, 65535, 0, 0)
    else:
        header = struct.pack("!HHHH", src[1], dst[1], 8 + len(payload), 0)
    segment = header + payload
    if s.version == 4:
        pseudo = s.packed + d.packed + struct.pack("!BBH", 0, proto, len(segment))
    else:
        pseudo = s.packed + d.packed + struct.pack("!IxxxB", len(segment), proto)
    check = _checksum(pseudo + segment)
    if proto == _UDP and check == 0:
        check = 0xFFFF
    offset = 16 if proto == _TCP else 6
    segment = segment[:offset] + struct.pack("!H", check) + segment[offset + 2:]
    if s.version == 4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(segment), ident & 0xFFFF, 0x4000,
                         64, proto, 0, s.packed, d.packed)
        ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
        ethertype = 0x0800
    else:
        ip = struct.pack("!IHBB16s16s", 6 << 28, len(segment), proto, 64, s.packed, d.packed)
        ethertype = 0x86DD
    return _mac(d) + _mac(s) + struct.pack("!H", ethertype) + ip + segment


def _block(kind: int, body: bytes) -> bytes:
    body += b"\0" * (-len(body) % 4)
    length = 12 + len(body)
    return struct.pack("<II", kind, length) + body + struct.pack("<I", length)


def _option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def pcapng_header() -> bytes:
    """A section header block and one Ethernet interface (timestamps in
    microseconds, the default resolution)."""
    shb = _block(_SHB, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)
                 + _option(4, b"pysock.trace") + _option(0, b""))
    idb = _block(_IDB, struct.pack("<HHI", _LINKTYPE_ETHERNET, 0, 0)
                 + _option(2, b"pysock") + _option(0, b""))
    return shb + idb


def pcapng_packet(stamp: float, frame: bytes) -> bytes:
    """An enhanced packet block of *frame* at *stamp* (seconds)."""
    micros = int(round(stamp * 1e6))
    return _block(_EPB, struct.pack("<IIIII", 0, micros >> 32, micros & 0xFFFFFFFF,
                                    len(frame), len(frame)) + frame)


# -- from events to conversations --------------------------------------------


def _endpoint(address: Any) -> Optional[Endpoint]:
    if isinstance(address, tuple) and len(address) >= 2 and isinstance(address[0], str):
        try:
            _ip(address[0])
        except ValueError:
            return None
        return (address[0], int(address[1]))
    return None


def _kind(ev: Event) -> Optional[str]:
    sock = ev.socket
    if sock is None:
        return None
    kind = sock.kind
    if kind.startswith("TCP"):
        return "tcp"
    if kind.startswith("UDP"):
        return "udp"
    return None


def _moved(ev: Event, payloads: Optional[Dict[int, bytes]] = None) -> Optional[bytes]:
    """The bytes the call moved, as far as the event (or *payloads*, by
    the event's ``seq``) kept them."""
    data = ev.data
    if data is None or ev.error is not None:
        return None
    flags = str(ev.param("flags", ""))
    if "MSG_PEEK" in flags:
        return None  # read again by a later call
    head = payloads.get(ev.seq, data.head) if payloads is not None else data.head
    count = ev.result if isinstance(ev.result, int) else data.size
    return head[:count]


class _Stream(object):
    """One TCP conversation: its two ends, who opened it, the data each
    way (from sends and from receives, kept apart), and its closes."""

    def __init__(self, client: Endpoint, server: Endpoint, stamp: float) -> None:
        self.client = client
        self.server = server
        self.start = stamp
        # (src, dst) -> {"send": [(time, bytes, size)], "recv": [...]}
        self.data = {}  # type: Dict[Tuple[Endpoint, Endpoint], Dict[str, List[Tuple[float, bytes, int]]]]
        self.fins = {}  # type: Dict[Endpoint, float]


def conversations(events: Iterable[Event], payloads: Optional[Dict[int, bytes]] = None) -> Tuple[List[_Stream], List[Tuple[float, Endpoint, Endpoint, bytes, str]]]:
    """The TCP streams and the UDP datagrams (time, src, dst, payload,
    side) the events show."""
    streams = {}  # type: Dict[FrozenSet[Endpoint], _Stream]
    order = []  # type: List[_Stream]
    datagrams = []  # type: List[Tuple[float, Endpoint, Endpoint, bytes, str]]
    for ev in sorted(events, key=lambda e: (e.time, e.seq)):
        kind = _kind(ev)
        if kind is None:
            continue
        sock = ev.socket
        local = _endpoint(sock.laddr) if sock is not None else None
        peer = _endpoint(sock.raddr) if sock is not None else None
        if kind == "tcp":
            if local is None or peer is None:
                continue
            key = frozenset((local, peer))
            stream = streams.get(key)
            if stream is None:
                # Who opened it: the side that connected; seen first on
                # another call, the end with the higher (ephemeral) port.
                if ev.call == "connect" or local[1] > peer[1]:
                    client, server = local, peer
                else:
                    client, server = peer, local
                stream = streams[key] = _Stream(client, server, ev.time)
                order.append(stream)
            if ev.call in ("close", "shutdown") and ev.error is None:
                how = str(ev.param("how", "SHUT_WR"))
                if ev.call == "close" or how != "SHUT_RD":
                    stream.fins.setdefault(local, ev.time)
                continue
            payload = _moved(ev, payloads)
            if payload is None:
                continue
            size = ev.result if isinstance(ev.result, int) else len(payload)
            layer = "tls " if ev.call in _TLS_SEND or ev.call in _TLS_RECV else ""
            if ev.call in SEND_CALLS or ev.call in _TLS_SEND:
                stream.data.setdefault((local, peer), {}).setdefault(layer + "send", []).append(
                    (ev.time, payload, size))
            elif (ev.call in RECV_CALLS or ev.call in _TLS_RECV) and size:
                stream.data.setdefault((peer, local), {}).setdefault(layer + "recv", []).append(
                    (ev.time, payload, size))
        else:
            payload = _moved(ev, payloads)
            if payload is None:
                continue
            if ev.call in SEND_CALLS:
                dst = _endpoint(ev.param("address")) or peer
                src = local or ("0.0.0.0" if dst is None or ":" not in dst[0] else "::", 0)
                if dst is not None:
                    datagrams.append((ev.time, src, dst, payload, "send"))
            elif ev.call in RECV_CALLS:
                sender = _endpoint(ev.param("address")) or peer
                if sender is not None and local is not None:
                    datagrams.append((ev.time, sender, local, payload, "recv"))
    return order, datagrams


def pcapng_bytes(events: Iterable[Event], payloads: Optional[Dict[int, bytes]] = None) -> bytes:
    """The pcapng file of the TCP and UDP payloads in *events* (whole
    payloads by ``seq`` in *payloads*, where the events keep less)."""
    streams, datagrams = conversations(events, payloads)
    frames = []  # type: List[Tuple[float, int, bytes]]
    ident = [0]

    def add(stamp: float, proto: int, src: Endpoint, dst: Endpoint, payload: bytes = b"",
            seq: int = 0, ack: int = 0, flags: int = 0) -> None:
        ident[0] += 1
        frames.append((stamp, len(frames), packet(proto, src, dst, payload, seq, ack, flags, ident[0])))

    for number, stream in enumerate(streams):
        a, b = stream.client, stream.server
        nxt = {a: 1000 + number * 0x10000, b: 5000 + number * 0x10000}
        t0 = stream.start
        add(t0, _TCP, a, b, seq=nxt[a], flags=_SYN)
        add(t0, _TCP, b, a, seq=nxt[b], ack=nxt[a] + 1, flags=_SYN | _ACK)
        nxt[a] += 1
        nxt[b] += 1
        add(t0, _TCP, a, b, seq=nxt[a], ack=nxt[b], flags=_ACK)
        chunks = []  # type: List[Tuple[float, Endpoint, Endpoint, bytes, int]]
        # A connection with TLS shows its plaintext: the records the TLS
        # layer wrote and read, not the bytes of the socket calls.
        tls = any(key.startswith("tls ") for sides in stream.data.values() for key in sides)
        prefix = "tls " if tls else ""
        for (src, dst), sides in stream.data.items():
            for stamp, payload, size in sides.get(prefix + "send") or sides.get(prefix + "recv") or ():
                chunks.append((stamp, src, dst, payload, size))
        chunks.sort(key=lambda c: c[0])
        for stamp, src, dst, payload, size in chunks:
            offset = 0
            while offset < size:
                piece = payload[offset:offset + _MSS]
                step = min(_MSS, size - offset)
                add(stamp, _TCP, src, dst, piece, nxt[src], nxt[dst], _PSH | _ACK)
                nxt[src] += step
                offset += step
        for end, stamp in sorted(stream.fins.items(), key=lambda item: item[1]):
            other = b if end == a else a
            add(stamp, _TCP, end, other, seq=nxt[end], ack=nxt[other], flags=_FIN | _ACK)
            nxt[end] += 1
            add(stamp, _TCP, other, end, seq=nxt[other], ack=nxt[end], flags=_ACK)
    # A datagram seen sent and received (both ends traced) is kept once,
    # as sent; a sender not bound yet (port 0 in the trace) gets the source
    # its receiver saw.
    received = [d for d in datagrams if d[4] == "recv"]
    kept = []
    for stamp, src, dst, payload, side in datagrams:
        if side != "send":
            continue
        match = next((r for r in received if r[2] == dst and r[3] == payload
                      and (r[1] == src or src[1] == 0)), None)
        if match is not None:
            received.remove(match)
            src = match[1]
        kept.append((stamp, src, dst, payload))
    kept += [(stamp, src, dst, payload) for stamp, src, dst, payload, _side in received]
    for stamp, src, dst, payload in kept:
        add(stamp, _UDP, src, dst, payload)
    frames.sort(key=lambda f: (f[0], f[1]))
    return pcapng_header() + b"".join(pcapng_packet(stamp, frame) for stamp, _n, frame in frames)


def write_pcapng(events: Iterable[Event], output: Union[str, "os.PathLike[str]", IO[bytes]],
                 payloads: Optional[Dict[int, bytes]] = None) -> None:
    """Write the pcapng file of *events* to a path or binary stream."""
    data = pcapng_bytes(events, payloads)
    if isinstance(output, (str, os.PathLike)):
        with open(os.fspath(output), "wb") as stream:
            stream.write(data)
        return
    output.write(data)


# -- a tracer that keeps what the exports need ---------------------------------

_KEPT = frozenset(RECV_CALLS + SEND_CALLS + _TLS_SEND + _TLS_RECV + ("connect", "close", "shutdown"))


class CaptureTracer(Tracer):
    """A ``Tracer`` for the exports: it keeps the events of TCP and UDP
    sockets with their whole payloads (for ``pcapng``) while its output
    shows *strsize* bytes of each, as any tracer's does.

    ``capture_events`` and ``capture_payloads`` are what ``write_pcapng``
    takes."""

    def __init__(self, *args: Any, strsize: int = 32, **kwargs: Any) -> None:
        super().__init__(*args, strsize=1 << 62, **kwargs)
        self.shown_size = int(strsize)
        # The --calls filter decides what is written, not what is seen.
        self._shown = self._record
        self._record = None
        self.capture_events = []  # type: List[Event]
        self.capture_payloads = {}  # type: Dict[int, bytes]

    def _emit(self, ev: Event) -> None:
        if ev.call in _KEPT and _kind(ev) is not None:
            data = ev.data
            if data is not None:
                self.capture_payloads[ev.seq] = data.head
                shown = Data(data.head[: self.shown_size], data.size)
                ev.params = [(k, shown if k == "data" else v) for k, v in ev.params]
            self.capture_events.append(ev)
        if self._shown is not None and ev.call not in self._shown and not ev.injected:
            return
        emit: Any = super()._emit  # Tracer's, not annotated
        emit(ev)
