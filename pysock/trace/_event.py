"""What the tracer records: one ``Event`` per system call, and the small
value types its decoded arguments are made of.

Values keep their Python meaning (an address is the tuple the socket API
uses, a count is an int) and carry their strace-like spelling in ``repr``,
so that the text format is ``", ".join(map(repr, values))`` and a predicate
compares plain values: ``event.peer == ("127.0.0.1", 8080)``.
"""

import os
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from . import _names

# -- escaping payloads ------------------------------------------------------

def _escaped(c: int) -> str:
    if c == 0x22:
        return '\\"'
    elif c == 0x5C:
        return "\\\\"
    elif c == 0x0A:
        return "\\n"
    elif c == 0x0D:
        return "\\r"
    elif c == 0x09:
        return "\\t"
    elif 0x20 <= c < 0x7F:
        return chr(c)
    else:
        return "\\x%02x" % c


_ESCAPES = [_escaped(c) for c in range(256)]


def escape(data: bytes) -> str:
    """*data* as C-escaped ASCII text (printable bytes as they are)."""
    return "".join([_ESCAPES[c] for c in data])


class Data(object):
    """The first bytes of a payload and the payload's full size.

    Shown as strace shows a buffer: ``"GET / HTTP/1.1\\r\\n"...`` (the dots
    when bytes were left out)."""

    __slots__ = ("head", "size")

    def __init__(self, head: bytes, size: int) -> None:
        self.head = head
        self.size = size

    @property
    def truncated(self) -> bool:
        return self.size > len(self.head)

    def __repr__(self) -> str:
        return '"%s"%s' % (escape(self.head), "..." if self.truncated else "")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Data):
            return self.head == other.head and self.size == other.size
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.head, self.size))


def data_of(buffer: Any, limit: int, size: Optional[int] = None) -> Data:
    """A ``Data`` of any bytes-like *buffer* (its first *limit* bytes)."""
    if size is None:
        size = len(buffer) if buffer.__class__ is bytes else memoryview(buffer).nbytes
    if buffer.__class__ is bytes:
        head = buffer[:limit]
    else:
        view = memoryview(buffer)
        if view.format != "B" or view.ndim != 1:
            view = view.cast("B")
        head = view[: min(limit, size)].tobytes()
    return Data(head, size)


# -- sockets ----------------------------------------------------------------


def format_address(address: Any) -> str:
    """An address as it is shown inside ``fd<...>``: ``127.0.0.1:80``,
    ``[::1]:80``, a path, ``@name`` for a Linux abstract name."""
    if address is None:
        return ""
    if isinstance(address, tuple):
        if len(address) >= 2 and isinstance(address[0], str):
            host, port = address[0], address[1]
            if len(address) == 4 or ":" in host:
                return "[%s]:%s" % (host, port)
            return "%s:%s" % (host, port)
        return repr(address)
    if isinstance(address, bytes):
        if address[:1] == b"\0":
            return "@" + escape(address[1:])
        return escape(address)
    return str(address)


_KINDS = {}  # type: Dict[Tuple[int, int], str]


def _kind(family: int, type: int) -> str:
    key = (family, type)
    text = _KINDS.get(key)
    if text is None:
        fam = _names.family(family)
        kind = _names.socktype(type)
        inet = {"AF_INET": "", "AF_INET6": "v6"}.get(str(fam))
        if inet is not None and kind == "SOCK_STREAM":
            text = "TCP" + inet
        elif inet is not None and kind == "SOCK_DGRAM":
            text = "UDP" + inet
        elif inet is not None and kind == "SOCK_RAW":
            text = "RAW" + inet
        elif fam == "AF_UNIX" and isinstance(kind, str):
            text = "UNIX-" + kind[5:]
        else:
            text = "%s/%s" % (fam, kind)
        _KINDS[key] = text
    return text


class SockInfo(NamedTuple):
    """What the tracer knows of the socket behind a descriptor."""

    family: int
    type: int
    laddr: Any = None  #: local address (Python form), None if unknown/unbound
    raddr: Any = None  #: peer address, None if not connected or unknown

    @property
    def kind(self) -> str:
        """``TCP``, ``UDPv6``, ``UNIX-STREAM``, ... (strace ``-yy``)."""
        return _kind(self.family, self.type)

    def __str__(self) -> str:
        local = format_address(self.laddr)
        peer = format_address(self.raddr)
        if peer:
            return "%s:[%s->%s]" % (self.kind, local, peer)
        if local:
            return "%s:[%s]" % (self.kind, local)
        return self.kind


class Fd(int):
    """A descriptor; shown with its socket as strace ``-yy`` does:
    ``3<TCP:[127.0.0.1:40000->127.0.0.1:8080]>``."""

    sock = None  # type: Optional[SockInfo]

    def __new__(cls, fd: int, sock: Optional[SockInfo] = None) -> "Fd":
        self = int.__new__(cls, fd)
        self.sock = sock
        return self

    def __repr__(self) -> str:
        if self.sock is None:
            return int.__repr__(self)
        return "%d<%s>" % (self, self.sock)

    __str__ = __repr__


class Caller(NamedTuple):
    """One Python frame: where a call came from."""

    filename: str
    lineno: int
    function: str
    module: str

    def __str__(self) -> str:
        return "%s:%d (%s)" % (_short_path(self.filename), self.lineno, self.function)


_STDLIB = os.path.dirname(os.__file__) + os.sep


def _short_path(path: str) -> str:
    """A path as short as it stays clear: relative to the working
    directory when under it, ``<stdlib>/...`` for the standard library."""
    if path.startswith(_STDLIB):
        return "<stdlib>/" + path[len(_STDLIB) :]
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith(os.pardir) else rel


# -- the event --------------------------------------------------------------


class Event(object):
    """One system call made by pysock while tracing was on.

    Attributes:

    ``seq``        the order calls began in (1, 2, ...)
    ``call``       the backend call: ``read``, ``recv``, ``connect``, ...
    ``fd``         the descriptor it acts on (an ``Fd``), or None
    ``socket``     ``SockInfo`` of that descriptor, or None
    ``params``     the decoded arguments, ``[(name, value), ...]``
    ``result``     the decoded result (None until the call returned)
    ``errno``      the error number if the call failed, else None
    ``error``      its name (``ECONNRESET``; ``EAI_NONAME`` for the resolver)
    ``strerror``   its message
    ``time``       wall-clock start (``time.time()``)
    ``duration``   seconds spent in the system call itself
    ``thread``     name of the calling thread; ``thread_id`` its ident
    ``task``       name of the running asyncio task, or None
    ``caller``     the first Python frame outside pysock (a ``Caller``)
    ``stack``      every frame, innermost first, if asked for, else None
    ``injected``   descriptions of the faults injected into this call
    ``nth``        this is the nth call of this name (1-based)
    ``nth_on_fd``  ... and the nth of this name on this descriptor
    ``args``       the arguments of the backend call, by the contract's
                   parameter names (``ev.args.fd``, ``ev.args.nbytes``; an
                   ``Arguments``, whose ``len()`` and ``[i]`` still read the
                   positional arguments as given); set only while the call
                   runs (for fault predicates), None afterwards
    """

    __slots__ = (
        "seq",
        "call",
        "fd",
        "socket",
        "params",
        "result",
        "errno",
        "error",
        "strerror",
        "time",
        "duration",
        "thread",
        "thread_id",
        "task",
        "caller",
        "stack",
        "injected",
        "nth",
        "nth_on_fd",
        "args",
    )

    def __init__(self, seq: int, call: str) -> None:
        self.seq = seq
        self.call = call
        self.fd = None  # type: Optional[Fd]
        self.socket = None  # type: Optional[SockInfo]
        self.params = []  # type: List[Tuple[str, Any]]
        self.result = None  # type: Any
        self.errno = None  # type: Optional[int]
        self.error = None  # type: Optional[str]
        self.strerror = None  # type: Optional[str]
        self.time = 0.0
        self.duration = 0.0
        self.thread = ""
        self.thread_id = 0
        self.task = None  # type: Optional[str]
        self.caller = None  # type: Optional[Caller]
        self.stack = None  # type: Optional[List[Caller]]
        self.injected = []  # type: List[str]
        self.nth = 0
        self.nth_on_fd = 0
        # The call's Arguments (pysock.trace._arguments) while it runs.
        self.args = None  # type: Any

    # -- convenience for predicates and readers ----------------------------

    @property
    def failed(self) -> bool:
        return self.error is not None

    def param(self, name: str, default: Any = None) -> Any:
        """The decoded argument called *name*."""
        for key, value in self.params:
            if key == name:
                return value
        return default

    @property
    def address(self) -> Any:
        """The address argument (connect, bind, sendto...) or the address
        the call returned (accept, recvfrom...), as a Python address."""
        value = self.param("address")
        if value is None and isinstance(self.result, tuple) and len(self.result) == 2:
            if isinstance(self.result[0], Fd):
                return self.result[1]
        return value

    @property
    def peer(self) -> Any:
        """The remote end: the socket's peer, else the address argument of
        connect/sendto (where the call goes)."""
        if self.socket is not None and self.socket.raddr is not None:
            return self.socket.raddr
        if self.call in ("connect", "sendto", "sendmsg"):
            return self.param("address")
        return None

    @property
    def local(self) -> Any:
        """The local address of the socket, where known."""
        return self.socket.laddr if self.socket is not None else None

    @property
    def data(self) -> Optional[Data]:
        """The payload shown for the call (first bytes and full size)."""
        value = self.param("data")
        return value if isinstance(value, Data) else None

    @property
    def payload(self) -> Optional[bytes]:
        """The whole outgoing payload while the call runs (send, write,
        sendto, sendmsg); the shown first bytes otherwise."""
        args = self.args
        if args is not None and self.call in ("send", "write", "sendto"):
            return bytes(args.data)
        if args is not None and self.call == "sendmsg":
            return b"".join(bytes(view) for view in args.buffers)
        data = self.data
        return data.head if data is not None else None

    @property
    def module(self) -> Optional[str]:
        """The ``__name__`` of the module the call came from."""
        return self.caller.module if self.caller is not None else None

    def matches(self, name: str) -> bool:
        """True if a rule or filter written as *name* selects this call
        (``recv`` selects ``read`` and ``send`` selects ``write``; see
        ``pysock.trace`` for the classes such as ``%recv``)."""
        from ._calls import expand

        return self.call in expand([name])

    # -- rendering ------------------------------------------------------

    def format(self, stack: bool = True) -> str:
        """The strace-like line of this event (and its stack, if kept)."""
        from ._output import format_text

        return format_text(self, stack)

    def to_dict(self) -> Dict[str, Any]:
        """The event as JSON-ready data (what the ``jsonl`` format writes)."""
        from ._output import event_dict

        return event_dict(self)

    def __repr__(self) -> str:
        return "<Event %s>" % self.format(stack=False)
