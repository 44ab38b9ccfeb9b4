"""See, and break, every system call pysock makes.

Tracing::

    import pysock
    from pysock import trace

    with trace.tracing(sys.stderr) as tracer:      # or trace.start() / trace.stop()
        ...                                          # any pysock socket code
    print(tracer.summary())                          # like strace -c
    for event in tracer.events: ...                  # Event objects

Each call becomes an ``Event``: its name, its arguments decoded (the
descriptor with its socket -- ``3<TCP:[127.0.0.1:40000->127.0.0.1:8080]>``
as strace ``-yy`` shows it --, addresses as the Python tuples the socket
API uses, flags and options by name: ``MSG_PEEK|MSG_DONTWAIT``,
``SOL_SOCKET, SO_REUSEADDR, 1``; control messages of sendmsg/recvmsg;
payloads as their size and first bytes), the result or the error (name and
message), the time spent in the system call, the thread and asyncio task,
the line of the program that made it (the first frame outside pysock) and,
with ``stack=True``, the whole Python stack.  Events are kept in memory and
written, as they complete, to a file or stream as strace-like text or as
JSON lines.

Fault injection::

    faults = [trace.Fault("recv", error="ECONNRESET", when=2),
              trace.Fault("send", bytes=1),
              "connect:delay=0.5"]                    # the same, spelled as a spec
    with trace.tracing(faults=faults): ...

See ``Fault`` for the actions (error before or after the call, short I/O,
EINTR and signals, delays, EAGAIN and spurious poll readiness), ``When``
for strace's ``first..last+step``.  Every injected fault is marked in its
event (``injected``; `` (INJECTED: ...)`` in the text).

Names of calls.  The names are those of the backend (``backend.calls``),
which are the system calls: ``socket``, ``connect``, ``accept``, ``recv``,
``recvfrom``, ``recv_into``, ``send``, ``sendto``, ``sendmsg``,
``recvmsg``, ``poll``, ``close``, ``getaddrinfo``, ...  A stream socket's
``recv()``/``send()`` without flags are made as ``read``/``write`` (the
same system call without flags, faster to reach) and shown as what they
are, ``read``/``write``; a rule or a filter written for ``recv`` also
selects ``read``, one written for ``send`` also ``write``.  Classes:
``%recv`` (every call that receives), ``%send`` (every call that sends),
``%io`` (both), ``%resolve`` (getaddrinfo, getnameinfo and the other
resolver calls), ``%tls``, ``%all``; ``!name`` leaves a call out.

TLS.  Over pysock.ssl the TLS layer's own operations are events too, beside
the ``read``/``write`` calls that carry the ciphertext: ``tls_handshake``
(side, SNI, then version, cipher, ALPN and the peer certificate's
subject), ``tls_read``/``tls_write`` (the plaintext, decoded as any
payload) and ``tls_unwrap`` (close_notify both ways); the class ``%tls``.
Faults on the system calls reach TLS as they would from the network (a
short read splits a record; ECONNRESET in the handshake), and rules may
name the TLS calls themselves.  A TLS error shows as its class and message
(``-1 SSLWantReadError (...)``), its errno being the SSL_ERROR_* code.

Exports.  ``write_perfetto(events, path)`` writes the Trace Event Format
JSON that Perfetto and ``chrome://tracing`` open; ``write_pcapng(events,
path)`` the TCP and UDP payloads as a pcapng file for Wireshark (whole
payloads need a tracer that keeps them: ``CaptureTracer``, or a large
``strsize``).

Cost.  While no tracer runs, nothing of this module is on any path: the
tracer swaps the backend's functions for wrappers when it starts and puts
them back when it stops.  Importing this module changes nothing.
"""

from typing import IO, Any, Optional, Union

from ._calls import ALIASES, CLASSES, expand
from ._event import Caller, Data, Event, Fd, SockInfo
from ._fault import Fault, When
from ._names import Sym
from ._output import Summary, SummaryRow
from ._tracer import Tracer, active
from ._perfetto import trace_events, write_perfetto
from ._pcapng import CaptureTracer, pcapng_bytes, write_pcapng

__all__ = [
    "ALIASES",
    "CLASSES",
    "CaptureTracer",
    "Caller",
    "Data",
    "Event",
    "Fault",
    "Fd",
    "SockInfo",
    "Summary",
    "SummaryRow",
    "Sym",
    "Tracer",
    "When",
    "active",
    "expand",
    "pcapng_bytes",
    "start",
    "stop",
    "trace_events",
    "tracing",
    "write_pcapng",
    "write_perfetto",
]


def tracing(
    output: Union[str, IO[str], None] = None,
    format: str = "text",
    **options: Any
) -> Tracer:
    """A ``Tracer`` to use as a context manager: tracing runs inside the
    ``with`` block.  The arguments are ``Tracer``'s."""
    return Tracer(output, format, **options)


def start(
    output: Union[str, IO[str], None] = None,
    format: str = "text",
    **options: Any
) -> Tracer:
    """Start tracing (arguments as ``Tracer``'s); return the tracer."""
    return Tracer(output, format, **options).start()


def stop() -> Optional[Tracer]:
    """Stop the running tracer, if any, and return it."""
    tracer = active()
    if tracer is not None:
        tracer.stop()
    return tracer
