"""Per-call knowledge: how each backend call's arguments and result read,
what it teaches about descriptors, how to make it short, and the names
rules and filters may use for groups of calls.

A backend function takes Python values (see ``pysock._libc.posix``); here
each known call has a ``before`` (decode the arguments, before the call is
made: fault predicates see this), an ``after`` (decode the result and what
came back in buffers) and maybe a ``failed`` (what a failed call still
teaches).

Decoders read a call's arguments by the names the backend contract gives its
parameters (``pysock._libc.contract.CALLS``), never by position: they get
an ``Arguments`` (``pysock.trace._arguments``) that the tracer binds once per
call, positional and keyword arguments alike, the contract's defaults filled
in -- ``a.fd``, ``a.nbytes``, ``a.sockaddr``, ``a.optlen``...  The short-I/O
table (``SHORT_IO``) changes arguments by those names too.  A decoder may
read only names its call has in the contract (``tests/test_trace.py``
checks).  A call without an entry -- one the contract has but this module
does not decode, or one outside the contract -- is shown generically: its
positional arguments numbered (``arg0``...), its keyword ones by name, as
reprs, bytes as escaped text.
"""

from __future__ import annotations

import struct
import sys
from typing import (TYPE_CHECKING, Any, Callable, Collection, Dict, FrozenSet, Iterable, List,
                    Mapping, Optional, Set, Tuple, TypeVar, Union)

from .. import _tlscalls, families
from .._libc import backend
from .._libc.constants import VALUES
from .._libc.platform import PLATFORM
from . import _names
from ._event import Data, Event, Fd, data_of, escape
from ._names import Sym

if TYPE_CHECKING:
    from typing import Protocol

    from _typeshed import ReadableBuffer

    from ..ssl import _Channel
    from ._arguments import Arguments
    from ._fds import FdTable

    class Context(Protocol):
        """What a decoder reads of the tracer that calls it."""

        fds: FdTable
        strsize: int

    #: before(ctx, ev, a): decode the arguments.
    Before = Callable[[Context, Event, Arguments], None]
    #: after(ctx, ev, a, result): decode the result (its type is the call's).
    After = Callable[[Context, Event, Arguments, Any], None]
    #: failed(ctx, ev, a, errno).
    Failed = Callable[[Context, Event, Arguments, int], None]

    _T = TypeVar("_T")

_SOCK_FLAG_MASK = VALUES.get("SOCK_NONBLOCK", 0) | VALUES.get("SOCK_CLOEXEC", 0)
_SOL_SOCKET = VALUES["SOL_SOCKET"]
_SCM_RIGHTS = VALUES.get("SCM_RIGHTS")
_SCM_CREDENTIALS = VALUES.get("SCM_CREDENTIALS")
_CONNECTING = frozenset(
    PLATFORM.errno[name] for name in ("EINPROGRESS", "EINTR", "EALREADY", "EAGAIN")
)

# -- names of groups of calls ----------------------------------------------

#: Calls that receive data.
RECV_CALLS = ("read", "readv", "recv", "recvfrom", "recv_into", "recvfrom_into", "recvmsg",
              "recvmsg_into", "recvmmsg", "recvmmsg_into")
#: Calls that send data.
SEND_CALLS = ("write", "writev", "sendmmsg", "sendmsg_gso", "send", "sendto", "sendmsg",
              "sendfile")

#: recv()/send() on a stream socket with no flags are read(2)/write(2) in
#: the backend (see pysock._libc.posix), recv_into(buffer) is readv(2) and
#: sendmsg(list of bytes) writev(2), and sendmmsg() of datagrams of one
#: size to one place is sendmsg_gso (UDP segmentation, Linux): a rule or
#: filter that names the socket call selects those too.
ALIASES: Dict[str, Tuple[str, ...]] = {"recv": ("read",), "send": ("write",),
                                       "recv_into": ("readv",), "sendmsg": ("writev",),
                                       "sendmmsg": ("sendmsg_gso",)}

#: The operations of the TLS layer (pysock/_tlscalls.py): the plaintext.
TLS_CALLS = _tlscalls.CALLS

_RESOLVER_PREFIXES = ("getaddrinfo", "getnameinfo", "gethost", "getserv", "getproto", "if_", "sethost")

CLASSES: Dict[str, Callable[[Collection[str]], List[str]]] = {
    "%recv": lambda calls: [c for c in calls if c in RECV_CALLS],
    "%send": lambda calls: [c for c in calls if c in SEND_CALLS],
    "%io": lambda calls: [c for c in calls if c in RECV_CALLS or c in SEND_CALLS],
    "%resolve": lambda calls: [c for c in calls if c.startswith(_RESOLVER_PREFIXES)],
    "%tls": lambda calls: [c for c in calls if c in TLS_CALLS],
    "%all": lambda calls: list(calls),
}


def expand(names: Union[str, Iterable[str]], available: Optional[Collection[str]] = None) -> FrozenSet[str]:
    """The set of backend calls that *names* select.

    Each item is a call name (``recv`` also selects ``read``, ``send`` also
    ``write``), a class (``%recv``, ``%send``, ``%io``, ``%resolve``,
    ``%all`` or ``all``), a comma-separated list of those, or any of them
    after ``!`` to leave them out (``%all,!poll``; only ``!`` items start
    from every call).  An unknown name is a ValueError that lists the calls
    this backend makes.
    """
    if available is None:
        available = backend.calls + TLS_CALLS
    if isinstance(names, str):
        names = [names]
    include: Set[str] = set()
    exclude: Set[str] = set()
    positive = False
    for raw in names:
        for item in str(raw).split(","):
            item = item.strip()
            if not item:
                continue
            negative = item.startswith("!")
            item = item.lstrip("!").strip()
            if item == "all":
                item = "%all"
            if item.startswith("%"):
                pick = CLASSES.get(item)
                if pick is None:
                    raise ValueError(
                        "unknown class of calls %r (known: %s)"
                        % (item, ", ".join(sorted(CLASSES)))
                    )
                chosen = set(pick(available))
            elif item in available:
                chosen = {item}
                chosen.update(a for a in ALIASES.get(item, ()) if a in available)
            else:
                raise ValueError(
                    "pysock makes no call %r (it makes: %s)"
                    % (item, ", ".join(sorted(available)))
                )
            if negative:
                exclude |= chosen
            else:
                positive = True
                include |= chosen
    if not positive and exclude:
        include = set(available)
    return frozenset(include - exclude)


# -- helpers ----------------------------------------------------------------


def _fd(ctx: Context, fd: int) -> Fd:
    return Fd(fd, ctx.fds.get(fd))


def _set_fd(ctx: Context, ev: Event, fd: int) -> Fd:
    ev.fd = _fd(ctx, fd)
    ev.socket = ev.fd.sock
    return ev.fd


def _refresh_fd(ctx: Context, ev: Event) -> None:
    """Show the descriptor as it is after the call (bind, connect)."""
    fd = ev.fd
    if fd is None:
        return
    new = _fd(ctx, int(fd))
    ev.fd = new
    ev.socket = new.sock
    ev.params = [(k, new if v is fd else v) for k, v in ev.params]


def _family(ev: Event) -> Optional[int]:
    return ev.socket.family if ev.socket is not None else None


def _address(data: Optional[bytes], family: Optional[int] = None) -> Any:
    if data is None:
        return None
    try:
        return families.decode(data, family)
    except Exception:  # an odd address must not break the traced program
        return Data(bytes(data), len(data))


def _int_or_data(value: Optional[bytes], limit: int) -> Union[Sym, int, Data]:
    if value is None:
        return Sym("NULL")
    if len(value) == 4:
        return int.from_bytes(value, sys.byteorder, signed=True)
    return data_of(value, limit)


def _set_data(ev: Event, data: bytes, limit: int) -> None:
    """Put the received payload into the ``data`` parameter."""
    value = data_of(data, limit)
    ev.params = [(k, value if k == "data" else v) for k, v in ev.params]


def _drop_data(ev: Event) -> None:
    ev.params = [(k, v) for k, v in ev.params if not (k == "data" and v is None)]


def _views_data(views: Iterable[ReadableBuffer], limit: int, total: Optional[int] = None) -> Data:
    head = bytearray()
    size = 0
    for view in views:
        n = memoryview(view).nbytes
        if len(head) < limit:
            head += data_of(view, limit - len(head), n).head
        size += n
    if total is not None:
        size = total
        head = head[:total]
    return Data(bytes(head), size)


def _scatter_data(views: Iterable[ReadableBuffer], count: int, limit: int) -> Data:
    """The first bytes of *count* received into *views*."""
    head = bytearray()
    left = min(count, limit)
    for view in views:
        if left <= 0:
            break
        part = data_of(view, left).head
        head += part
        left -= len(part)
    return Data(bytes(head), count)


if TYPE_CHECKING:
    _CmsgTuple = Tuple[Union[Sym, int], Union[Sym, int], Union[List[int], Tuple[int, ...], Data]]
else:
    _CmsgTuple = tuple  # a plain tuple subclass at run time (no typing.Generic base)


class Cmsg(_CmsgTuple):
    """One ancillary item, ``(level, type, value)``: shown as
    ``(SOL_SOCKET, SCM_RIGHTS, [5, 6])``."""

    __slots__ = ()


def _control(block: Optional[bytes], limit: int) -> Union[List[Cmsg], List[Data]]:
    """The items of a control block (bytes), decoded where known."""
    if not block:
        return []
    try:
        from .._libc.cstructs import STRUCTURES as layout

        header = layout.cmsg_header_size
        len_size = layout.cmsg_len_size
        align: int = layout.cmsg_alignment
    except AttributeError:  # no control blocks on this platform
        return [data_of(block, limit)]

    def aligned(n: int) -> int:
        return (n + align - 1) & ~(align - 1)

    start = aligned(header)
    len_format = {4: "I", 8: "Q"}[len_size]
    items: List[Cmsg] = []
    pos = 0
    while pos + header <= len(block):
        (length,) = struct.unpack_from("=" + len_format, block, pos)
        level, kind = struct.unpack_from("=ii", block, pos + len_size)
        if length < header:
            break
        body = bytes(block[pos + start : pos + length])
        if level == _SOL_SOCKET:
            kind_name = _names.name("SCM_", kind)
        else:
            kind_name = _names.option(level, kind)
        value: Union[List[int], Tuple[int, ...], Data]
        if level == _SOL_SOCKET and kind == _SCM_RIGHTS:
            value = list(struct.unpack("=%di" % (len(body) // 4), body[: len(body) // 4 * 4]))
        elif level == _SOL_SOCKET and kind == _SCM_CREDENTIALS and len(body) >= 12:
            value = struct.unpack_from("=iII", body)
        else:
            value = data_of(body, limit)
        items.append(Cmsg((_names.level(level), kind_name, value)))
        pos += aligned(length)
    return items


# -- the calls --------------------------------------------------------------
# a: the call's Arguments, read by the contract's parameter names.
# before(ctx, ev, a): decode the arguments (the call is not made yet).
# after(ctx, ev, a, result): decode the result; learn about descriptors.
# failed(ctx, ev, a, errno): what a failed call still teaches.


def _b_socket(ctx: Context, ev: Event, a: Arguments) -> None:
    # socket(family, type, proto); socketpair has the same parameters.
    ev.params = [
        ("family", _names.family(a.family)),
        ("type", _names.socktype(a.type)),
        ("proto", _names.proto(a.family, a.proto)),
    ]


def _a_socket(ctx: Context, ev: Event, a: Arguments, fd: int) -> None:
    ctx.fds.created(fd, a.family, a.type & ~_SOCK_FLAG_MASK)
    ev.result = _fd(ctx, fd)


def _a_socketpair(ctx: Context, ev: Event, a: Arguments, fds: Tuple[int, int]) -> None:
    for fd in fds:
        ctx.fds.created(fd, a.family, a.type & ~_SOCK_FLAG_MASK)
    ev.result = [_fd(ctx, fd) for fd in fds]


def _b_fd(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _set_fd(ctx, ev, a.fd))]


def _b_fd_address(ctx: Context, ev: Event, a: Arguments) -> None:
    # bind(fd, sockaddr), connect(fd, sockaddr)
    fd = _set_fd(ctx, ev, a.fd)
    ev.params = [("fd", fd), ("address", _address(a.sockaddr, _family(ev)))]


def _a_bind(ctx: Context, ev: Event, a: Arguments, result: None) -> None:
    ctx.fds.changed(a.fd)
    _refresh_fd(ctx, ev)
    ev.result = 0


def _a_connect(ctx: Context, ev: Event, a: Arguments, result: None) -> None:
    ctx.fds.changed(a.fd)
    _refresh_fd(ctx, ev)
    ev.result = 0


def _f_connect(ctx: Context, ev: Event, a: Arguments, code: int) -> None:
    if code in _CONNECTING:
        ctx.fds.changed(a.fd, connecting=True)
        _refresh_fd(ctx, ev)


def _b_listen(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("backlog", a.backlog)]


def _a_zero(ctx: Context, ev: Event, a: Arguments, result: None) -> None:
    ev.result = 0


def _a_accept(ctx: Context, ev: Event, a: Arguments, result: Tuple[int, bytes]) -> None:
    newfd, sockaddr = result
    peer = _address(sockaddr, _family(ev))
    ctx.fds.accepted(newfd, a.fd, peer)
    ev.result = (_fd(ctx, newfd), peer)


def _a_sockname(ctx: Context, ev: Event, a: Arguments, sockaddr: bytes) -> None:
    ev.result = _address(sockaddr, _family(ev))
    if not isinstance(ev.result, Data):
        ctx.fds.learnt(a.fd, laddr=ev.result)


def _a_peername(ctx: Context, ev: Event, a: Arguments, sockaddr: bytes) -> None:
    ev.result = _address(sockaddr, _family(ev))
    if not isinstance(ev.result, Data):
        ctx.fds.learnt(a.fd, raddr=ev.result)


def _b_getsockopt(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("level", _names.level(a.level)),
        ("option", _names.option(a.level, a.option)),
        ("buflen", a.buflen),
    ]


def _a_getsockopt(ctx: Context, ev: Event, a: Arguments, value: bytes) -> None:
    ev.result = _int_or_data(value, ctx.strsize) if a.buflen == 4 else data_of(value, ctx.strsize)


def _b_setsockopt(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("level", _names.level(a.level)),
        ("option", _names.option(a.level, a.option)),
        ("value", _int_or_data(a.value, ctx.strsize)),
    ]
    # A NULL value: its length is what the kernel reads (the contract's
    # default, 0, where the caller gave none).
    if a.value is None:
        ev.params.append(("optlen", a.optlen))


def _b_shutdown(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("how", _names.shutdown_how(a.how))]


def _b_recv(ctx: Context, ev: Event, a: Arguments) -> None:
    # recv(fd, nbytes, flags); recvfrom has the same parameters.
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", a.nbytes),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _a_recv(ctx: Context, ev: Event, a: Arguments, data: bytes) -> None:
    _set_data(ev, data, ctx.strsize)
    ev.result = len(data)


def _a_recvfrom(ctx: Context, ev: Event, a: Arguments, result: Tuple[bytes, bytes]) -> None:
    data, sockaddr = result
    _set_data(ev, data, ctx.strsize)
    ev.params.append(("address", _address(sockaddr, _family(ev))))
    ev.result = len(data)


def _b_read(ctx: Context, ev: Event, a: Arguments) -> None:
    # read(fd, length): shown as recv is, its length as "nbytes".
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", None), ("nbytes", a.length)]


def _b_readv(ctx: Context, ev: Event, a: Arguments) -> None:
    # readv(fd, buffers): shown as recv_into is, the buffers' total as nbytes.
    size = sum(memoryview(v).nbytes for v in a.buffers)
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", None), ("nbytes", size)]


def _a_readv(ctx: Context, ev: Event, a: Arguments, count: int) -> None:
    data = _scatter_data(a.buffers, count, ctx.strsize)
    ev.params = [(k, data if k == "data" else v) for k, v in ev.params]
    ev.result = count


def _b_writev(ctx: Context, ev: Event, a: Arguments) -> None:
    data = _views_data(a.buffers, ctx.strsize)
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", data), ("size", data.size)]


def _b_recv_into(ctx: Context, ev: Event, a: Arguments) -> None:
    # recv_into(fd, buffer, nbytes, flags); recvfrom_into too.
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", a.nbytes),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _a_recv_into(ctx: Context, ev: Event, a: Arguments, count: int) -> None:
    value = data_of(a.buffer, min(count, ctx.strsize), count)
    ev.params = [(k, value if k == "data" else v) for k, v in ev.params]
    ev.result = count


def _a_recvfrom_into(ctx: Context, ev: Event, a: Arguments, result: Tuple[int, bytes]) -> None:
    count, sockaddr = result
    _a_recv_into(ctx, ev, a, count)
    ev.params.append(("address", _address(sockaddr, _family(ev))))


def _b_send(ctx: Context, ev: Event, a: Arguments) -> None:
    # send(fd, data, flags); sendto adds its sockaddr.
    data = data_of(a.data, ctx.strsize)
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", data),
        ("size", data.size),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _b_sendto(ctx: Context, ev: Event, a: Arguments) -> None:
    _b_send(ctx, ev, a)
    ev.params.append(("address", _address(a.sockaddr, _family(ev))))


def _b_write(ctx: Context, ev: Event, a: Arguments) -> None:
    data = data_of(a.data, ctx.strsize)
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", data), ("size", data.size)]


def _a_count(ctx: Context, ev: Event, a: Arguments, count: int) -> None:
    ev.result = count


def _a_close(ctx: Context, ev: Event, a: Arguments, result: None) -> None:
    ctx.fds.closed(a.fd)
    ev.result = 0


def _f_close(ctx: Context, ev: Event, a: Arguments, code: int) -> None:
    # Linux frees the descriptor even when close() fails (EINTR included).
    ctx.fds.closed(a.fd)


def _a_dup(ctx: Context, ev: Event, a: Arguments, fd: int) -> None:
    ctx.fds.copied(fd, a.fd)
    ev.result = _fd(ctx, fd)


def _b_poll(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("events", _names.poll_events(a.events)),
        ("timeout_ms", a.timeout_ms),
    ]


def _a_poll(ctx: Context, ev: Event, a: Arguments, revents: int) -> None:
    ev.result = _names.poll_events(revents)


def _b_blocking(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("value", bool(a.blocking))]


def _b_inheritable(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("value", bool(a.inheritable))]


def _a_plain(ctx: Context, ev: Event, a: Arguments, result: Optional[bool]) -> None:
    ev.result = result


def _b_sendfile(ctx: Context, ev: Event, a: Arguments) -> None:
    # sendfile(out_fd, in_fd, offset, count): the socket, out_fd, is "fd".
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.out_fd)),
        ("in_fd", a.in_fd),
        ("offset", a.offset),
        ("count", a.count),
    ]


def _text(value: Union[bytes, _T]) -> Union[str, _T]:
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return value


def _b_getaddrinfo(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [
        ("host", _text(a.host)),
        ("port", _text(a.port)),
        ("family", _names.family(a.family)),
        ("type", _names.socktype(a.type) if a.type else 0),
        ("proto", _names.proto(a.family, a.proto) if a.proto else 0),
        ("flags", _names.ai_flags(a.flags)),
    ]


def _gai_failed(ev: Event, code: int, errno_code: int) -> None:
    from .._libc.errors import gai_error

    ev.result = code
    if code == VALUES.get("EAI_SYSTEM") and errno_code:
        ev.errno = errno_code
        ev.error = _names.errno_name(errno_code)
        ev.strerror = __import__("os").strerror(errno_code)
    else:
        ev.error = str(_names.eai_name(code))
        ev.strerror = gai_error(code).strerror


def _a_getaddrinfo(ctx: Context, ev: Event, a: Arguments, result: Tuple[int, Any]) -> None:
    # result: (0, [(family, type, proto, canonname, sockaddr), ...]) or
    # (EAI_* code, errno): which, the code tells.
    code, value = result
    if code:
        _gai_failed(ev, code, value)
        return
    ev.result = [
        (
            _names.family(family),
            _names.socktype(kind),
            _names.proto(family, proto),
            _text(canon),
            _address(sockaddr),
        )
        for family, kind, proto, canon, sockaddr in value
    ]


def _b_getnameinfo(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("address", _address(a.sockaddr)), ("flags", _names.ni_flags(a.flags))]


def _a_getnameinfo(ctx: Context, ev: Event, a: Arguments, result: Tuple[Any, ...]) -> None:
    # result: (0, host, service) or (EAI_* code, errno).
    if result[0]:
        _gai_failed(ev, result[0], result[1])
        return
    ev.result = (_text(result[1]), _text(result[2]))


def _b_sendmsg(ctx: Context, ev: Event, a: Arguments) -> None:
    sockaddr = a.sockaddr
    data = _views_data(a.buffers, ctx.strsize)
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", data),
        ("size", data.size),
        ("control", _control(a.control, ctx.strsize)),
        ("flags", _names.msg_flags(a.flags)),
    ]
    if sockaddr is not None:
        ev.params.append(("address", _address(sockaddr, _family(ev))))


def _b_recvmsg(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", a.nbytes),
        ("ancbufsize", a.ancbufsize),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _msg_tail(ctx: Context, ev: Event, control: bytes, msg_flags: int, sockaddr: bytes) -> None:
    ev.params.append(("control", _control(control, ctx.strsize)))
    ev.params.append(("msg_flags", _names.msg_flags(msg_flags)))
    if sockaddr:
        ev.params.append(("address", _address(sockaddr, _family(ev))))


def _a_recvmsg(ctx: Context, ev: Event, a: Arguments, result: Tuple[bytes, bytes, int, bytes]) -> None:
    data, control, msg_flags, sockaddr = result
    _set_data(ev, data, ctx.strsize)
    _msg_tail(ctx, ev, control, msg_flags, sockaddr)
    ev.result = len(data)


def _b_recvmsg_into(ctx: Context, ev: Event, a: Arguments) -> None:
    size = sum(memoryview(v).nbytes for v in a.views)
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", size),
        ("ancbufsize", a.ancbufsize),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _a_recvmsg_into(ctx: Context, ev: Event, a: Arguments, result: Tuple[int, bytes, int, bytes]) -> None:
    count, control, msg_flags, sockaddr = result
    data = _scatter_data(a.views, count, ctx.strsize)
    ev.params = [(k, data if k == "data" else v) for k, v in ev.params]
    _msg_tail(ctx, ev, control, msg_flags, sockaddr)
    ev.result = count


def _b_sendmmsg(ctx: Context, ev: Event, a: Arguments) -> None:
    # [(payload, sockaddr or None), ...]: the count, the bytes of all, the
    # first payload's head, and the destination when all have one.
    messages = a.messages
    sizes = [memoryview(payload).nbytes for payload, _ in messages]
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("messages", len(messages)),
        ("data", _views_data([p for p, _ in messages[:1]], ctx.strsize)),
        ("size", sum(sizes)),
        ("flags", _names.msg_flags(a.flags)),
    ]
    places = {where for _, where in messages}
    if len(places) == 1:
        where = places.pop()
        if where is not None:
            ev.params.append(("address", _address(where, _family(ev))))
    elif places:
        ev.params.append(("addresses", len(places)))


def _b_sendmsg_gso(ctx: Context, ev: Event, a: Arguments) -> None:
    # What the kernel gets: one payload, the segment size it cuts it by,
    # and so how many datagrams leave.
    data = data_of(a.data, ctx.strsize)
    segment = a.segment
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", data),
        ("size", data.size),
        ("segment", segment),
        ("datagrams", -(-data.size // segment) if segment > 0 else 1),
        ("flags", _names.msg_flags(a.flags)),
    ]
    if a.sockaddr is not None:
        ev.params.append(("address", _address(a.sockaddr, _family(ev))))


_H_ERRNO = {1: "HOST_NOT_FOUND", 2: "TRY_AGAIN", 3: "NO_RECOVERY", 4: "NO_DATA"}


def _packed_address(packed: bytes) -> Union[str, Data]:
    import ipaddress

    try:
        return str(ipaddress.ip_address(bytes(packed)))
    except ValueError:
        return Data(bytes(packed), len(packed))


def _b_gethostbyname(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("name", _text(a.name))]


def _b_gethostbyaddr(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("address", _packed_address(a.packed)), ("family", _names.family(a.family))]


def _a_hostent(ctx: Context, ev: Event, a: Arguments, result: Tuple[int, Optional[Tuple[bytes, List[bytes], int, List[bytes]]]]) -> None:
    code, entry = result
    if entry is None:
        # h_errno, not errno: the resolver's own numbers and messages.
        ev.result = code
        ev.error = _H_ERRNO.get(code, "h_errno %d" % code)
        try:
            ev.strerror = backend.originals["hstrerror"](code)
        except Exception:
            ev.strerror = "host not found"
        return
    name, aliases, family, addresses = entry
    ev.result = (
        _text(name),
        [_text(alias) for alias in aliases],
        _names.family(family),
        [_packed_address(p) for p in addresses],
    )


def _failed_drop_data(ctx: Context, ev: Event, a: Arguments, code: int) -> None:
    _drop_data(ev)


_RECV_FAIL = _failed_drop_data


# -- the TLS layer: tls_handshake, tls_read, tls_write, tls_unwrap -------------
# Their contract is pysock._tlscalls.CONTRACT.  The channel is
# pysock.ssl._Channel: its socket gives the fd, its C object the facts.


def _channel_fd(ctx: Context, ev: Event, channel: _Channel) -> Fd:
    return _set_fd(ctx, ev, channel._sock._fd)


def _b_tls_handshake(ctx: Context, ev: Event, a: Arguments) -> None:
    channel = a.channel
    obj = channel._obj
    ev.params = [
        ("fd", _channel_fd(ctx, ev, channel)),
        ("side", Sym("server" if obj.server_side else "client")),
        ("sni", obj.server_hostname),
    ]


def _subject(cert: Optional[Mapping[str, Any]]) -> Optional[str]:
    if not cert:
        return None
    parts: List[str] = []
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            short = _SUBJECT_KEYS.get(key, key)
            parts.append("%s=%s" % (short, value))
    return ",".join(parts)


_SUBJECT_KEYS: Dict[str, str] = {"commonName": "CN", "organizationName": "O", "countryName": "C",
                 "organizationalUnitName": "OU", "localityName": "L",
                 "stateOrProvinceName": "ST", "emailAddress": "emailAddress"}


def _a_tls_handshake(ctx: Context, ev: Event, a: Arguments, result: None) -> None:
    obj = a.channel._obj
    cipher = obj.cipher()
    try:
        # The form given by position: PyPy's _ssl requires it.
        peer = _subject(obj.getpeercert(False))
        if peer is None and obj.getpeercert(True) is not None:
            peer = Sym("(not verified)")
    except ValueError:
        peer = None
    ev.params += [
        ("version", obj.version()),
        ("cipher", cipher[0] if cipher else None),
        ("alpn", obj.selected_alpn_protocol()),
        ("peer", peer),
    ]
    ev.result = 0


def _b_tls_read(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _channel_fd(ctx, ev, a.channel)), ("data", None), ("nbytes", a.nbytes)]


def _a_tls_read(ctx: Context, ev: Event, a: Arguments, result: Any) -> None:
    # result: the bytes read, or with a buffer the count read into it.
    buffer = a.buffer
    if buffer is None:
        _set_data(ev, result, ctx.strsize)
        ev.result = len(result)
    else:
        value = data_of(buffer, min(result, ctx.strsize), result)
        ev.params = [(k, value if k == "data" else v) for k, v in ev.params]
        ev.result = result


def _b_tls_write(ctx: Context, ev: Event, a: Arguments) -> None:
    data = data_of(a.data, ctx.strsize)
    ev.params = [("fd", _channel_fd(ctx, ev, a.channel)), ("data", data), ("size", data.size)]


def _b_tls_unwrap(ctx: Context, ev: Event, a: Arguments) -> None:
    ev.params = [("fd", _channel_fd(ctx, ev, a.channel)), ("close_notify", Sym("sent"))]


def _a_tls_unwrap(ctx: Context, ev: Event, a: Arguments, result: object) -> None:
    ev.params = [(k, Sym("sent+received") if k == "close_notify" else v) for k, v in ev.params]
    ev.result = 0

#: name -> (before, after, failed)
DECODERS: Dict[str, Tuple[Before, After, Optional[Failed]]] = {
    "socket": (_b_socket, _a_socket, None),
    "socketpair": (_b_socket, _a_socketpair, None),
    "bind": (_b_fd_address, _a_bind, None),
    "connect": (_b_fd_address, _a_connect, _f_connect),
    "listen": (_b_listen, _a_zero, None),
    "accept": (_b_fd, _a_accept, None),
    "getsockname": (_b_fd, _a_sockname, None),
    "getpeername": (_b_fd, _a_peername, None),
    "getsockopt": (_b_getsockopt, _a_getsockopt, None),
    "setsockopt": (_b_setsockopt, _a_zero, None),
    "shutdown": (_b_shutdown, _a_zero, None),
    "recv": (_b_recv, _a_recv, _RECV_FAIL),
    "recvfrom": (_b_recv, _a_recvfrom, _RECV_FAIL),
    "recv_into": (_b_recv_into, _a_recv_into, _RECV_FAIL),
    "recvfrom_into": (_b_recv_into, _a_recvfrom_into, _RECV_FAIL),
    "read": (_b_read, _a_recv, _RECV_FAIL),
    "send": (_b_send, _a_count, None),
    "sendto": (_b_sendto, _a_count, None),
    "write": (_b_write, _a_count, None),
    "readv": (_b_readv, _a_readv, _RECV_FAIL),
    "writev": (_b_writev, _a_count, None),
    "close": (_b_fd, _a_close, _f_close),
    "dup": (_b_fd, _a_dup, None),
    "poll": (_b_poll, _a_poll, None),
    "set_blocking": (_b_blocking, _a_plain, None),
    "set_inheritable": (_b_inheritable, _a_plain, None),
    "get_blocking": (_b_fd, _a_plain, None),
    "get_inheritable": (_b_fd, _a_plain, None),
    "sendfile": (_b_sendfile, _a_count, None),
    "getaddrinfo": (_b_getaddrinfo, _a_getaddrinfo, None),
    "getnameinfo": (_b_getnameinfo, _a_getnameinfo, None),
    "gethostbyname": (_b_gethostbyname, _a_hostent, None),
    "gethostbyaddr": (_b_gethostbyaddr, _a_hostent, None),
    "sendmsg": (_b_sendmsg, _a_count, None),
    "sendmmsg": (_b_sendmmsg, _a_count, None),
    "sendmsg_gso": (_b_sendmsg_gso, _a_count, None),
    "recvmsg": (_b_recvmsg, _a_recvmsg, _RECV_FAIL),
    "recvmsg_into": (_b_recvmsg_into, _a_recvmsg_into, _RECV_FAIL),
    "tls_handshake": (_b_tls_handshake, _a_tls_handshake, None),
    "tls_read": (_b_tls_read, _a_tls_read, _RECV_FAIL),
    "tls_write": (_b_tls_write, _a_count, None),
    "tls_unwrap": (_b_tls_unwrap, _a_tls_unwrap, None),
}


# -- generic: a call this module does not know -------------------------------


def generic_value(value: object, limit: int) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return data_of(value, limit)
    if isinstance(value, (tuple, list)):
        return type(value)(generic_value(v, limit) for v in value) if len(value) < 64 else Sym("[%d items]" % len(value))
    text = repr(value)
    return Sym(text if len(text) <= 80 else text[:77] + "...")


def generic_before(ctx: Context, ev: Event, a: Arguments) -> None:
    # As given: positional arguments numbered (arg0, ...), keyword ones by
    # their names (a call outside the contract).
    limit = ctx.strsize
    ev.params = [("arg%d" % i, generic_value(v, limit)) for i, v in enumerate(a._args)]
    ev.params.extend((k, generic_value(v, limit)) for k, v in a._kwargs.items())


def generic_after(ctx: Context, ev: Event, a: Arguments, result: Any) -> None:
    ev.result = generic_value(result, ctx.strsize)


# -- short I/O: the arguments that make a call move at most n bytes ------------


def _cut(data: ReadableBuffer, n: int) -> ReadableBuffer:
    if type(data) is bytes:  # type(), not __class__: what every checker narrows by
        return data[:n]
    view = memoryview(data)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    return view[:n]


def _cut_views(views: Iterable[ReadableBuffer], n: int) -> List[ReadableBuffer]:
    out: List[ReadableBuffer] = []
    for view in views:
        size = memoryview(view).nbytes
        if size <= n:
            out.append(view)
            n -= size
        else:
            out.append(_cut(view, n))
            n = 0
    return out


#: name -> function(arguments, n) giving the ``Arguments`` for at most n
#: bytes (each changed value goes where the caller put it: its position, or
#: its keyword).
SHORT_IO: Dict[str, Callable[[Arguments, int], Arguments]] = {
    "read": lambda a, n: a._replace(length=min(a.length, n)),
    "recv": lambda a, n: a._replace(nbytes=min(a.nbytes, n)),
    "recvfrom": lambda a, n: a._replace(nbytes=min(a.nbytes, n)),
    "recv_into": lambda a, n: a._replace(nbytes=min(a.nbytes, n)),
    "recvfrom_into": lambda a, n: a._replace(nbytes=min(a.nbytes, n)),
    "recvmsg": lambda a, n: a._replace(nbytes=min(a.nbytes, n)),
    "recvmsg_into": lambda a, n: a._replace(views=_cut_views(a.views, n)),
    "write": lambda a, n: a._replace(data=_cut(a.data, n)),
    "readv": lambda a, n: a._replace(buffers=_cut_views(a.buffers, n)),
    "writev": lambda a, n: a._replace(buffers=_cut_views(a.buffers, n)),
    "send": lambda a, n: a._replace(data=_cut(a.data, n)),
    "sendto": lambda a, n: a._replace(data=_cut(a.data, n)),
    "sendmsg": lambda a, n: a._replace(buffers=_cut_views(a.buffers, n)),
    "sendfile": lambda a, n: a._replace(count=n if a.count is None else min(a.count, n)),
}

#: Calls whose result holds descriptors the program never sees when an
#: error is injected after them: the tracer closes those.
def created_fds(name: str, result: Any) -> List[int]:
    if name in ("socket", "dup"):
        return [result]
    if name == "socketpair":
        return list(result)
    if name == "accept":
        return [result[0]]
    return []


__all__ = ["expand", "DECODERS", "SHORT_IO", "escape"]
