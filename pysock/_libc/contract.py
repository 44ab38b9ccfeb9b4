"""The backend contract: every call a backend may provide, with its
parameters and what it means.

The socket layer, the tracer (which decodes a call's arguments by these
names) and every backend module read this one table; ``tests/test_platform.py``
checks each backend module against it (names, parameters, required calls).

A backend function takes and returns Python values: a socket handle (an
``int``; the platform says its C type and invalid value), ``bytes`` for a
sockaddr or a payload, ints for numbers.  It raises ``OSError`` through the
one error path (``errors``), EINTR included: retrying belongs to the socket
layer.

A call marked optional may be absent from a backend.  Then every public
name that needs it is absent too (``hasattr(socket.socket, "sendmsg")`` is
false), or the stdlib's fallback serves (``socketpair`` over a listening
socket; ``sendfile`` over ``send``; stream ``recv``/``send`` over ``recv``/
``send`` instead of ``read``/``write``).

Only the standard library may be imported by this module.
"""

from typing import Dict, Tuple

__all__ = ["CALLS", "REQUIRED", "OPTIONAL", "params"]

# name -> (parameters, required, meaning).  A parameter written "name=value"
# has that default.
CALLS: Dict[str, Tuple[Tuple[str, ...], bool, str]] = {
    # -- sockets ---------------------------------------------------------------
    "socket": (("family", "type", "proto"), True,
               "a new socket handle, not inheritable (PEP 446)"),
    "socketpair": (("family", "type", "proto"), False,
                   "two connected new handles, not inheritable"),
    "close": (("fd",), True, "release the handle"),
    "dup": (("fd",), True, "a new, non-inheritable handle on the same socket"),
    "bind": (("fd", "sockaddr"), True, "bind to the sockaddr bytes"),
    "connect": (("fd", "sockaddr"), True,
                "connect; a non-blocking one in progress raises the error the "
                "platform's connect_in_progress() recognises"),
    "listen": (("fd", "backlog"), True, "listen"),
    "accept": (("fd", "want_address=True"), True,
               "(new non-inheritable handle, peer sockaddr bytes); with "
               "want_address false no address is asked for (b'')"),
    "getsockname": (("fd",), True, "the local sockaddr bytes"),
    "getpeername": (("fd",), True, "the peer's sockaddr bytes"),
    "getsockopt": (("fd", "level", "option", "buflen"), True,
                   "the option's bytes, at most buflen"),
    "setsockopt": (("fd", "level", "option", "value", "optlen=0"), True,
                   "set the option to the bytes value; None: NULL with optlen"),
    "shutdown": (("fd", "how"), True, "shut down one or both directions"),
    # -- data ------------------------------------------------------------------
    "recv": (("fd", "nbytes", "flags"), True, "the bytes received, at most nbytes"),
    "recvfrom": (("fd", "nbytes", "flags"), True, "(bytes, sender sockaddr bytes)"),
    "recv_into": (("fd", "buffer", "nbytes", "flags"), True,
                  "receive into the first nbytes of a writable buffer: the count"),
    "recvfrom_into": (("fd", "buffer", "nbytes", "flags"), True,
                      "(count, sender sockaddr bytes)"),
    "send": (("fd", "data", "flags"), True, "send a bytes-like: the count sent"),
    "sendto": (("fd", "data", "flags", "sockaddr"), True, "send to an address: the count"),
    "read": (("fd", "length"), False,
             "recv with no flags on a stream socket, faster (POSIX read(2))"),
    "write": (("fd", "data"), False,
              "send with no flags on a stream socket, faster (POSIX write(2))"),
    "readv": (("fd", "buffers"), False,
              "recv_into with no flags on a stream socket, faster: readv(2) "
              "into the writable buffers, the count"),
    "writev": (("fd", "buffers"), False,
               "sendmsg of bytes alone (no control block, flags or address) on "
               "a stream socket, faster: writev(2), the count"),
    "sendmsg": (("fd", "buffers", "control", "flags", "sockaddr"), False,
                "gather buffers with a packed control block: the count"),
    "recvmsg": (("fd", "nbytes", "ancbufsize", "flags"), False,
                "(bytes, control block bytes, msg_flags, sender sockaddr bytes)"),
    "recvmsg_into": (("fd", "views", "ancbufsize", "flags"), False,
                     "(count, control block bytes, msg_flags, sender sockaddr bytes)"),
    "recvmmsg": (("fd", "count", "bufsize", "flags"), False,
                 "recvmmsg(2): up to count datagrams of at most bufsize bytes, "
                 "[(bytes, sender sockaddr bytes), ...]"),
    "recvmmsg_into": (("fd", "views", "flags"), False,
                      "recvmmsg(2) of one datagram into each writable view: "
                      "[(count, sender sockaddr bytes), ...]"),
    "sendmmsg": (("fd", "messages", "flags"), False,
                 "sendmmsg(2) of [(bytes-like, sockaddr bytes or None), ...]: "
                 "the number of messages sent"),
    "sendmsg_gso": (("fd", "data", "segment", "flags", "sockaddr"), False,
                    "Linux: sendmsg(2) of one bytes-like with a UDP_SEGMENT item: "
                    "datagrams of segment bytes (the last the rest) to the "
                    "sockaddr bytes or None; the count of bytes sent"),
    "sendfile": (("out_fd", "in_fd", "offset", "count"), False,
                 "send from a file, in the kernel: the count"),
    # -- modes -----------------------------------------------------------------
    "poll": (("fd", "events", "timeout_ms"), True,
             "wait until the handle is ready for events (the platform's WAIT_* "
             "bits) or timeout_ms passes (-1: no limit): the ready events, 0 on "
             "timeout"),
    "set_blocking": (("fd", "blocking"), True, "blocking or non-blocking mode"),
    "get_blocking": (("fd",), True, "True if in blocking mode"),
    "set_inheritable": (("fd", "inheritable"), True, "inheritable by child processes"),
    "get_inheritable": (("fd",), True, "True if inheritable"),
    # -- names -----------------------------------------------------------------
    "getaddrinfo": (("host", "port", "family", "type", "proto", "flags"), True,
                    "(0, [(family, type, proto, canonname bytes|None, sockaddr "
                    "bytes), ...]) or (EAI code, errno)"),
    "getnameinfo": (("sockaddr", "flags", "hostlen=1025", "servlen=32"), True,
                    "(0, host bytes, serv bytes) or (EAI code, errno, None)"),
    "gethostbyname": (("name",), False, "(h_errno, hostent tuple|None)"),
    "gethostbyaddr": (("packed", "family"), False, "(h_errno, hostent tuple|None)"),
    "hstrerror": (("code",), False, "the message of an h_errno code"),
    "getservbyname": (("name", "proto"), False, "(name, port, proto) or None"),
    "getservbyport": (("port", "proto"), False, "(name, port, proto) or None"),
    "getprotobyname": (("name",), False, "the protocol number, or None"),
    "gethostname": ((), True, "the host name, bytes"),
    "sethostname": (("name",), False, "set the host name"),
    "if_nameindex": ((), False, "[(index, name bytes), ...]"),
    "if_nametoindex": (("name",), False, "the index, 0 if none"),
    "if_indextoname": (("index",), False, "the name bytes; OSError if none"),
    # -- one OS's own ----------------------------------------------------------
    "inet_pton": (("family", "text"), False,
                  "Windows: the system's inet_pton of the bytes text: the packed "
                  "bytes, None if it is no address of the family"),
    "inet_ntop": (("family", "packed"), False,
                  "Windows: the system's inet_ntop of the packed bytes: the text, bytes"),
    "inet_aton": (("text",), False,
                  "Windows: the stdlib's inet_aton there (inet_addr): packed bytes "
                  "of the bytes text, or None"),
    "ioctl": (("fd", "control", "value"), False,
              "Windows: WSAIoctl(control) with the input bytes value, no output"),
    "share": (("fd", "pid"), False,
              "Windows: the WSAPROTOCOL_INFOW bytes that let process pid make "
              "the socket (WSADuplicateSocketW)"),
    "fromshare": (("info",), False,
                  "Windows: (new handle, family, type, proto) from share()'s bytes"),
    "ctl_getinfo": (("name",), False,
                    "macOS: the id of the kernel control named name (bytes), "
                    "CTLIOCGINFO; OSError if none"),
}

REQUIRED = frozenset(name for name, (_, required, _) in CALLS.items() if required)
OPTIONAL = frozenset(CALLS) - REQUIRED


def params(name: str) -> Tuple[str, ...]:
    """The parameter names of call *name*, defaults stripped."""
    return tuple(p.split("=", 1)[0] for p in CALLS[name][0])
