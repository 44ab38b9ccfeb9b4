"""C types shared by several calls, with their per-OS layouts.

Layouts differ between C libraries (glibc/musl put ``ai_addr`` before
``ai_canonname``, the BSDs and macOS the other way round; ``msg_iovlen`` is a
``size_t`` on Linux and an ``int`` elsewhere), so each structure is built from
the layout of the running OS, chosen once here.
"""

import ctypes
import sys
from ctypes import (
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_short,
    c_size_t,
    c_uint32,
    c_void_p,
)

LINUX = sys.platform.startswith("linux")

socklen_t = c_uint32
sa_family_t = ctypes.c_ushort if LINUX else ctypes.c_ubyte

# Big enough for any sockaddr (struct sockaddr_storage).
SOCKADDR_STORAGE_SIZE = 128


class iovec(Structure):
    """struct iovec { void *iov_base; size_t iov_len; };"""

    _fields_ = [("iov_base", c_void_p), ("iov_len", c_size_t)]


class pollfd(Structure):
    """struct pollfd { int fd; short events; short revents; };"""

    _fields_ = [("fd", c_int), ("events", c_short), ("revents", c_short)]


class addrinfo(Structure):
    """struct addrinfo, in the field order of the running C library.

    glibc/musl::

        struct addrinfo {
            int ai_flags; int ai_family; int ai_socktype; int ai_protocol;
            socklen_t ai_addrlen; struct sockaddr *ai_addr;
            char *ai_canonname; struct addrinfo *ai_next;
        };

    The BSDs and macOS swap ``ai_canonname`` and ``ai_addr``.
    """


_ai_head = [
    ("ai_flags", c_int),
    ("ai_family", c_int),
    ("ai_socktype", c_int),
    ("ai_protocol", c_int),
    ("ai_addrlen", socklen_t),
]
if LINUX:
    _ai_tail = [("ai_addr", c_void_p), ("ai_canonname", c_char_p)]
else:
    _ai_tail = [("ai_canonname", c_char_p), ("ai_addr", c_void_p)]
addrinfo._fields_ = _ai_head + _ai_tail + [("ai_next", POINTER(addrinfo))]


if LINUX:
    _msg_len_t = c_size_t
else:
    _msg_len_t = c_int


class msghdr(Structure):
    """struct msghdr (Linux: msg_iovlen and msg_controllen are size_t)::

        struct msghdr {
            void *msg_name; socklen_t msg_namelen;
            struct iovec *msg_iov; size_t msg_iovlen;
            void *msg_control; size_t msg_controllen;
            int msg_flags;
        };
    """

    _fields_ = [
        ("msg_name", c_void_p),
        ("msg_namelen", socklen_t),
        ("msg_iov", POINTER(iovec)),
        ("msg_iovlen", _msg_len_t),
        ("msg_control", c_void_p),
        ("msg_controllen", _msg_len_t if LINUX else socklen_t),
        ("msg_flags", c_int),
    ]


class cmsghdr(Structure):
    """struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; }
    (``cmsg_len`` is a socklen_t on the BSDs and macOS)."""

    _fields_ = [
        ("cmsg_len", c_size_t if LINUX else socklen_t),
        ("cmsg_level", c_int),
        ("cmsg_type", c_int),
    ]


# <netdb.h> and <net/if.h>: the same layout on every POSIX C library.


class hostent(Structure):
    """struct hostent {
        char *h_name; char **h_aliases; int h_addrtype; int h_length;
        char **h_addr_list;
    };"""

    _fields_ = [
        ("h_name", c_char_p),
        ("h_aliases", POINTER(c_char_p)),
        ("h_addrtype", c_int),
        ("h_length", c_int),
        ("h_addr_list", POINTER(c_void_p)),
    ]


class servent(Structure):
    """struct servent {
        char *s_name; char **s_aliases; int s_port; char *s_proto;
    };  (s_port in network byte order)"""

    _fields_ = [
        ("s_name", c_char_p),
        ("s_aliases", POINTER(c_char_p)),
        ("s_port", c_int),
        ("s_proto", c_char_p),
    ]


class protoent(Structure):
    """struct protoent { char *p_name; char **p_aliases; int p_proto; };"""

    _fields_ = [
        ("p_name", c_char_p),
        ("p_aliases", POINTER(c_char_p)),
        ("p_proto", c_int),
    ]


class if_nameindex(Structure):
    """struct if_nameindex { unsigned int if_index; char *if_name; };"""

    _fields_ = [("if_index", ctypes.c_uint), ("if_name", c_char_p)]
