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

import struct
import sys

from .. import _tlscalls, families
from .._libc import backend
from .._libc.constants import VALUES
from .._libc.platform import PLATFORM
from . import _names
from ._event import Data, Fd, data_of, escape
from ._names import Sym

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
SEND_CALLS = ("write", "writev", "sendmmsg", "send", "sendto", "sendmsg", "sendfile")

#: recv()/send() on a stream socket with no flags are read(2)/write(2) in
#: the backend (see pysock._libc.posix), recv_into(buffer) is readv(2) and
#: sendmsg(list of bytes) writev(2): a rule or filter that names the socket
#: call selects those too.
ALIASES = {"recv": ("read",), "send": ("write",), "recv_into": ("readv",),
           "sendmsg": ("writev",)}

#: The operations of the TLS layer (pysock/_tlscalls.py): the plaintext.
TLS_CALLS = _tlscalls.CALLS

_RESOLVER_PREFIXES = ("getaddrinfo", "getnameinfo", "gethost", "getserv", "getproto", "if_", "sethost")

CLASSES = {
    "%recv": lambda calls: [c for c in calls if c in RECV_CALLS],
    "%send": lambda calls: [c for c in calls if c in SEND_CALLS],
    "%io": lambda calls: [c for c in calls if c in RECV_CALLS or c in SEND_CALLS],
    "%resolve": lambda calls: [c for c in calls if c.startswith(_RESOLVER_PREFIXES)],
    "%tls": lambda calls: [c for c in calls if c in TLS_CALLS],
    "%all": lambda calls: list(calls),
}


def expand(names, available=None):
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
    include = set()
    exclude = set()
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


def _fd(ctx, fd):
    return Fd(fd, ctx.fds.get(fd))


def _set_fd(ctx, ev, fd):
    ev.fd = _fd(ctx, fd)
    ev.socket = ev.fd.sock
    return ev.fd


def _refresh_fd(ctx, ev):
    """Show the descriptor as it is after the call (bind, connect)."""
    fd = ev.fd
    if fd is None:
        return
    new = _fd(ctx, int(fd))
    ev.fd = new
    ev.socket = new.sock
    ev.params = [(k, new if v is fd else v) for k, v in ev.params]


def _family(ev):
    return ev.socket.family if ev.socket is not None else None


def _address(data, family=None):
    if data is None:
        return None
    try:
        return families.decode(data, family)
    except Exception:  # an odd address must not break the traced program
        return Data(bytes(data), len(data))


def _int_or_data(value, limit):
    if value is None:
        return Sym("NULL")
    if len(value) == 4:
        return int.from_bytes(value, sys.byteorder, signed=True)
    return data_of(value, limit)


def _set_data(ev, data, limit):
    """Put the received payload into the ``data`` parameter."""
    value = data_of(data, limit)
    ev.params = [(k, value if k == "data" else v) for k, v in ev.params]


def _drop_data(ev):
    ev.params = [(k, v) for k, v in ev.params if not (k == "data" and v is None)]


def _views_data(views, limit, total=None):
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


def _scatter_data(views, count, limit):
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


class Cmsg(tuple):
    """One ancillary item, ``(level, type, value)``: shown as
    ``(SOL_SOCKET, SCM_RIGHTS, [5, 6])``."""

    __slots__ = ()


def _control(block, limit):
    """The items of a control block (bytes), decoded where known."""
    if not block:
        return []
    try:
        from .._libc.cstructs import STRUCTURES as layout

        header = layout.cmsg_header_size
        len_size = layout.cmsg_len_size
        align = layout.cmsg_alignment
    except AttributeError:  # no control blocks on this platform
        return [data_of(block, limit)]

    def aligned(n):
        return (n + align - 1) & ~(align - 1)

    start = aligned(header)
    len_format = {4: "I", 8: "Q"}[len_size]
    items = []
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


def _b_socket(ctx, ev, a):
    # socket(family, type, proto); socketpair has the same parameters.
    ev.params = [
        ("family", _names.family(a.family)),
        ("type", _names.socktype(a.type)),
        ("proto", _names.proto(a.family, a.proto)),
    ]


def _a_socket(ctx, ev, a, fd):
    ctx.fds.created(fd, a.family, a.type & ~_SOCK_FLAG_MASK)
    ev.result = _fd(ctx, fd)


def _a_socketpair(ctx, ev, a, fds):
    for fd in fds:
        ctx.fds.created(fd, a.family, a.type & ~_SOCK_FLAG_MASK)
    ev.result = [_fd(ctx, fd) for fd in fds]


def _b_fd(ctx, ev, a):
    ev.params = [("fd", _set_fd(ctx, ev, a.fd))]


def _b_fd_address(ctx, ev, a):
    # bind(fd, sockaddr), connect(fd, sockaddr)
    fd = _set_fd(ctx, ev, a.fd)
    ev.params = [("fd", fd), ("address", _address(a.sockaddr, _family(ev)))]


def _a_bind(ctx, ev, a, result):
    ctx.fds.changed(a.fd)
    _refresh_fd(ctx, ev)
    ev.result = 0


def _a_connect(ctx, ev, a, result):
    ctx.fds.changed(a.fd)
    _refresh_fd(ctx, ev)
    ev.result = 0


def _f_connect(ctx, ev, a, code):
    if code in _CONNECTING:
        ctx.fds.changed(a.fd, connecting=True)
        _refresh_fd(ctx, ev)


def _b_listen(ctx, ev, a):
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("backlog", a.backlog)]


def _a_zero(ctx, ev, a, result):
    ev.result = 0


def _a_accept(ctx, ev, a, result):
    newfd, sockaddr = result
    peer = _address(sockaddr, _family(ev))
    ctx.fds.accepted(newfd, a.fd, peer)
    ev.result = (_fd(ctx, newfd), peer)


def _a_sockname(ctx, ev, a, sockaddr):
    ev.result = _address(sockaddr, _family(ev))
    if not isinstance(ev.result, Data):
        ctx.fds.learnt(a.fd, laddr=ev.result)


def _a_peername(ctx, ev, a, sockaddr):
    ev.result = _address(sockaddr, _family(ev))
    if not isinstance(ev.result, Data):
        ctx.fds.learnt(a.fd, raddr=ev.result)


def _b_getsockopt(ctx, ev, a):
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("level", _names.level(a.level)),
        ("option", _names.option(a.level, a.option)),
        ("buflen", a.buflen),
    ]


def _a_getsockopt(ctx, ev, a, value):
    ev.result = _int_or_data(value, ctx.strsize) if a.buflen == 4 else data_of(value, ctx.strsize)


def _b_setsockopt(ctx, ev, a):
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


def _b_shutdown(ctx, ev, a):
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("how", _names.shutdown_how(a.how))]


def _b_recv(ctx, ev, a):
    # recv(fd, nbytes, flags); recvfrom has the same parameters.
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", a.nbytes),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _a_recv(ctx, ev, a, data):
    _set_data(ev, data, ctx.strsize)
    ev.result = len(data)


def _a_recvfrom(ctx, ev, a, result):
    data, sockaddr = result
    _set_data(ev, data, ctx.strsize)
    ev.params.append(("address", _address(sockaddr, _family(ev))))
    ev.result = len(data)


def _b_read(ctx, ev, a):
    # read(fd, length): shown as recv is, its length as "nbytes".
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", None), ("nbytes", a.length)]


def _b_readv(ctx, ev, a):
    # readv(fd, buffers): shown as recv_into is, the buffers' total as nbytes.
    size = sum(memoryview(v).nbytes for v in a.buffers)
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", None), ("nbytes", size)]


def _a_readv(ctx, ev, a, count):
    data = _scatter_data(a.buffers, count, ctx.strsize)
    ev.params = [(k, data if k == "data" else v) for k, v in ev.params]
    ev.result = count


def _b_writev(ctx, ev, a):
    data = _views_data(a.buffers, ctx.strsize)
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", data), ("size", data.size)]


def _b_recv_into(ctx, ev, a):
    # recv_into(fd, buffer, nbytes, flags); recvfrom_into too.
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", a.nbytes),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _a_recv_into(ctx, ev, a, count):
    value = data_of(a.buffer, min(count, ctx.strsize), count)
    ev.params = [(k, value if k == "data" else v) for k, v in ev.params]
    ev.result = count


def _a_recvfrom_into(ctx, ev, a, result):
    count, sockaddr = result
    _a_recv_into(ctx, ev, a, count)
    ev.params.append(("address", _address(sockaddr, _family(ev))))


def _b_send(ctx, ev, a):
    # send(fd, data, flags); sendto adds its sockaddr.
    data = data_of(a.data, ctx.strsize)
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", data),
        ("size", data.size),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _b_sendto(ctx, ev, a):
    _b_send(ctx, ev, a)
    ev.params.append(("address", _address(a.sockaddr, _family(ev))))


def _b_write(ctx, ev, a):
    data = data_of(a.data, ctx.strsize)
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("data", data), ("size", data.size)]


def _a_count(ctx, ev, a, count):
    ev.result = count


def _a_close(ctx, ev, a, result):
    ctx.fds.closed(a.fd)
    ev.result = 0


def _f_close(ctx, ev, a, code):
    # Linux frees the descriptor even when close() fails (EINTR included).
    ctx.fds.closed(a.fd)


def _a_dup(ctx, ev, a, fd):
    ctx.fds.copied(fd, a.fd)
    ev.result = _fd(ctx, fd)


def _b_poll(ctx, ev, a):
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("events", _names.poll_events(a.events)),
        ("timeout_ms", a.timeout_ms),
    ]


def _a_poll(ctx, ev, a, revents):
    ev.result = _names.poll_events(revents)


def _b_blocking(ctx, ev, a):
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("value", bool(a.blocking))]


def _b_inheritable(ctx, ev, a):
    ev.params = [("fd", _set_fd(ctx, ev, a.fd)), ("value", bool(a.inheritable))]


def _a_plain(ctx, ev, a, result):
    ev.result = result


def _b_sendfile(ctx, ev, a):
    # sendfile(out_fd, in_fd, offset, count): the socket, out_fd, is "fd".
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.out_fd)),
        ("in_fd", a.in_fd),
        ("offset", a.offset),
        ("count", a.count),
    ]


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    return value


def _b_getaddrinfo(ctx, ev, a):
    ev.params = [
        ("host", _text(a.host)),
        ("port", _text(a.port)),
        ("family", _names.family(a.family)),
        ("type", _names.socktype(a.type) if a.type else 0),
        ("proto", _names.proto(a.family, a.proto) if a.proto else 0),
        ("flags", _names.ai_flags(a.flags)),
    ]


def _gai_failed(ev, code, errno_code):
    from .._libc.errors import gai_error

    ev.result = code
    if code == VALUES.get("EAI_SYSTEM") and errno_code:
        ev.errno = errno_code
        ev.error = _names.errno_name(errno_code)
        ev.strerror = __import__("os").strerror(errno_code)
    else:
        ev.error = str(_names.eai_name(code))
        ev.strerror = gai_error(code).strerror


def _a_getaddrinfo(ctx, ev, a, result):
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


def _b_getnameinfo(ctx, ev, a):
    ev.params = [("address", _address(a.sockaddr)), ("flags", _names.ni_flags(a.flags))]


def _a_getnameinfo(ctx, ev, a, result):
    if result[0]:
        _gai_failed(ev, result[0], result[1])
        return
    ev.result = (_text(result[1]), _text(result[2]))


def _b_sendmsg(ctx, ev, a):
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


def _b_recvmsg(ctx, ev, a):
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", a.nbytes),
        ("ancbufsize", a.ancbufsize),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _msg_tail(ctx, ev, control, msg_flags, sockaddr):
    ev.params.append(("control", _control(control, ctx.strsize)))
    ev.params.append(("msg_flags", _names.msg_flags(msg_flags)))
    if sockaddr:
        ev.params.append(("address", _address(sockaddr, _family(ev))))


def _a_recvmsg(ctx, ev, a, result):
    data, control, msg_flags, sockaddr = result
    _set_data(ev, data, ctx.strsize)
    _msg_tail(ctx, ev, control, msg_flags, sockaddr)
    ev.result = len(data)


def _b_recvmsg_into(ctx, ev, a):
    size = sum(memoryview(v).nbytes for v in a.views)
    ev.params = [
        ("fd", _set_fd(ctx, ev, a.fd)),
        ("data", None),
        ("nbytes", size),
        ("ancbufsize", a.ancbufsize),
        ("flags", _names.msg_flags(a.flags)),
    ]


def _a_recvmsg_into(ctx, ev, a, result):
    count, control, msg_flags, sockaddr = result
    data = _scatter_data(a.views, count, ctx.strsize)
    ev.params = [(k, data if k == "data" else v) for k, v in ev.params]
    _msg_tail(ctx, ev, control, msg_flags, sockaddr)
    ev.result = count


_H_ERRNO = {1: "HOST_NOT_FOUND", 2: "TRY_AGAIN", 3: "NO_RECOVERY", 4: "NO_DATA"}


def _packed_address(packed):
    import ipaddress

    try:
        return str(ipaddress.ip_address(bytes(packed)))
    except ValueError:
        return Data(bytes(packed), len(packed))


def _b_gethostbyname(ctx, ev, a):
    ev.params = [("name", _text(a.name))]


def _b_gethostbyaddr(ctx, ev, a):
    ev.params = [("address", _packed_address(a.packed)), ("family", _names.family(a.family))]


def _a_hostent(ctx, ev, a, result):
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


def _failed_drop_data(ctx, ev, a, code):
    _drop_data(ev)


_RECV_FAIL = _failed_drop_data


# -- the TLS layer: tls_handshake, tls_read, tls_write, tls_unwrap -------------
# Their contract is pysock._tlscalls.CONTRACT.  The channel is
# pysock.ssl._Channel: its socket gives the fd, its C object the facts.


def _channel_fd(ctx, ev, channel):
    return _set_fd(ctx, ev, channel._sock._fd)


def _b_tls_handshake(ctx, ev, a):
    channel = a.channel
    obj = channel._obj
    ev.params = [
        ("fd", _channel_fd(ctx, ev, channel)),
        ("side", Sym("server" if obj.server_side else "client")),
        ("sni", obj.server_hostname),
    ]


def _subject(cert):
    if not cert:
        return None
    parts = []
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            short = _SUBJECT_KEYS.get(key, key)
            parts.append("%s=%s" % (short, value))
    return ",".join(parts)


_SUBJECT_KEYS = {"commonName": "CN", "organizationName": "O", "countryName": "C",
                 "organizationalUnitName": "OU", "localityName": "L",
                 "stateOrProvinceName": "ST", "emailAddress": "emailAddress"}


def _a_tls_handshake(ctx, ev, a, result):
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


def _b_tls_read(ctx, ev, a):
    ev.params = [("fd", _channel_fd(ctx, ev, a.channel)), ("data", None), ("nbytes", a.nbytes)]


def _a_tls_read(ctx, ev, a, result):
    buffer = a.buffer
    if buffer is None:
        _set_data(ev, result, ctx.strsize)
        ev.result = len(result)
    else:
        value = data_of(buffer, min(result, ctx.strsize), result)
        ev.params = [(k, value if k == "data" else v) for k, v in ev.params]
        ev.result = result


def _b_tls_write(ctx, ev, a):
    data = data_of(a.data, ctx.strsize)
    ev.params = [("fd", _channel_fd(ctx, ev, a.channel)), ("data", data), ("size", data.size)]


def _b_tls_unwrap(ctx, ev, a):
    ev.params = [("fd", _channel_fd(ctx, ev, a.channel)), ("close_notify", Sym("sent"))]


def _a_tls_unwrap(ctx, ev, a, result):
    ev.params = [(k, Sym("sent+received") if k == "close_notify" else v) for k, v in ev.params]
    ev.result = 0

#: name -> (before, after, failed)
DECODERS = {
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
    "recvmsg": (_b_recvmsg, _a_recvmsg, _RECV_FAIL),
    "recvmsg_into": (_b_recvmsg_into, _a_recvmsg_into, _RECV_FAIL),
    "tls_handshake": (_b_tls_handshake, _a_tls_handshake, None),
    "tls_read": (_b_tls_read, _a_tls_read, _RECV_FAIL),
    "tls_write": (_b_tls_write, _a_count, None),
    "tls_unwrap": (_b_tls_unwrap, _a_tls_unwrap, None),
}


# -- generic: a call this module does not know -------------------------------


def generic_value(value, limit):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return data_of(value, limit)
    if isinstance(value, (tuple, list)):
        return type(value)(generic_value(v, limit) for v in value) if len(value) < 64 else Sym("[%d items]" % len(value))
    text = repr(value)
    return Sym(text if len(text) <= 80 else text[:77] + "...")


def generic_before(ctx, ev, a):
    # As given: positional arguments numbered (arg0, ...), keyword ones by
    # their names (a call outside the contract).
    limit = ctx.strsize
    ev.params = [("arg%d" % i, generic_value(v, limit)) for i, v in enumerate(a._args)]
    ev.params.extend((k, generic_value(v, limit)) for k, v in a._kwargs.items())


def generic_after(ctx, ev, a, result):
    ev.result = generic_value(result, ctx.strsize)


# -- short I/O: the arguments that make a call move at most n bytes ------------


def _cut(data, n):
    if data.__class__ is bytes:
        return data[:n]
    view = memoryview(data)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    return view[:n]


def _cut_views(views, n):
    out = []
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
SHORT_IO = {
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
def created_fds(name, result):
    if name in ("socket", "dup"):
        return [result]
    if name == "socketpair":
        return list(result)
    if name == "accept":
        return [result[0]]
    return []


__all__ = ["expand", "DECODERS", "SHORT_IO", "escape"]
