"""C types shared by several calls, built from the platform's layout.

Layouts differ between C libraries (glibc/musl put ``ai_addr`` before
``ai_canonname``, the BSDs and macOS the other way round; ``msg_iovlen`` is a
``size_t`` on Linux and an ``int`` elsewhere): ``structures(layout)`` builds
them for any ``platform.Layout``, and the module's names are those of the
platform chosen at import.
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any, List, Optional, Tuple, Type, Union, cast
from ctypes import (
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_short,
    c_size_t,
    c_void_p,
)

from .platform import PLATFORM, Layout

if TYPE_CHECKING:
    from .platform import CInt

    # An entry of a structure's _fields_: (name, ctypes type).
    Field = Tuple[
        str, Type[Union[ctypes._SimpleCData[Any], ctypes._Pointer[Any], Structure]]
    ]


class iovec(Structure):
    """struct iovec { void *iov_base; size_t iov_len; };"""

    _fields_ = [("iov_base", c_void_p), ("iov_len", c_size_t)]
    iov_base: Optional[int]
    iov_len: int


class pollfd(Structure):
    """struct pollfd { int fd; short events; short revents; };"""

    _fields_ = [("fd", c_int), ("events", c_short), ("revents", c_short)]
    fd: int
    events: int
    revents: int


class Structures(object):
    """The layout-dependent structures of one platform, as attributes:
    ``sa_family_t``, ``socklen_t``, ``addrinfo``, ``msghdr`` and ``cmsghdr``
    (the last two None where the platform has no sendmsg/recvmsg)."""

    socklen_t: CInt
    sa_family_t: CInt
    addrinfo: Type[Structure]
    msghdr: Optional[Type[Structure]]
    cmsghdr: Optional[Type[Structure]]
    cmsg_header_size: int
    cmsg_len_size: int
    cmsg_alignment: int
    cmsg_nxthdr_strict: bool

    def __init__(self, layout: Layout) -> None:
        self.socklen_t = socklen_t = layout.socklen_t
        if layout.sockaddr_header == "family16":
            self.sa_family_t = ctypes.c_ushort
        else:
            self.sa_family_t = ctypes.c_ubyte  # after the u8 sa_len

        class addrinfo(Structure):
            """struct addrinfo, in the field order of the C library.

            glibc/musl::

                struct addrinfo {
                    int ai_flags; int ai_family; int ai_socktype; int ai_protocol;
                    socklen_t ai_addrlen; struct sockaddr *ai_addr;
                    char *ai_canonname; struct addrinfo *ai_next;
                };

            The BSDs, macOS and Windows swap ``ai_canonname`` and ``ai_addr``.
            """

        tail: List[Field] = [("ai_addr", c_void_p), ("ai_canonname", c_char_p)]
        if not layout.addrinfo_addr_first:
            tail.reverse()
        fields: List[Field] = [
            ("ai_flags", c_int),
            ("ai_family", c_int),
            ("ai_socktype", c_int),
            ("ai_protocol", c_int),
            ("ai_addrlen", socklen_t),
        ]
        addrinfo._fields_ = fields + tail + [("ai_next", POINTER(addrinfo))]
        self.addrinfo = addrinfo

        iovlen_t = layout.msg_iovlen_t
        controllen_t = layout.msg_controllen_t
        cmsg_len_t = layout.cmsg_len_t
        if iovlen_t is None or controllen_t is None or cmsg_len_t is None:
            self.msghdr = self.cmsghdr = None
            return
        # Not None from here (the class bodies below do not see a narrowing).
        msg_iovlen_t: CInt = iovlen_t
        msg_controllen_t: CInt = controllen_t
        cmsg_len_type: CInt = cmsg_len_t

        class msghdr(Structure):
            """struct msghdr::

                struct msghdr {
                    void *msg_name; socklen_t msg_namelen;
                    struct iovec *msg_iov; <size_t|int> msg_iovlen;
                    void *msg_control; <size_t|socklen_t> msg_controllen;
                    int msg_flags;
                };
            """

            _fields_ = [
                ("msg_name", c_void_p),
                ("msg_namelen", socklen_t),
                ("msg_iov", POINTER(iovec)),
                ("msg_iovlen", msg_iovlen_t),
                ("msg_control", c_void_p),
                ("msg_controllen", msg_controllen_t),
                ("msg_flags", c_int),
            ]

        class cmsghdr(Structure):
            """struct cmsghdr { <size_t|socklen_t> cmsg_len; int cmsg_level;
            int cmsg_type; }"""

            _fields_ = [
                ("cmsg_len", cmsg_len_type),
                ("cmsg_level", c_int),
                ("cmsg_type", c_int),
            ]

        self.msghdr = msghdr
        self.cmsghdr = cmsghdr
        # The control block (CMSG_* macros): where a cmsghdr ends, the width
        # of cmsg_len, what CMSG_ALIGN rounds to, CMSG_NXTHDR's end test.
        self.cmsg_header_size = ctypes.sizeof(cmsghdr)
        self.cmsg_len_size = ctypes.sizeof(cmsg_len_t)
        self.cmsg_alignment = layout.cmsg_alignment
        self.cmsg_nxthdr_strict = layout.cmsg_nxthdr_strict


#: The structures of the platform chosen at import.
STRUCTURES = Structures(PLATFORM.layout)
socklen_t = STRUCTURES.socklen_t
sa_family_t = STRUCTURES.sa_family_t
addrinfo = STRUCTURES.addrinfo
# None where the platform has no sendmsg/recvmsg (Windows), whose backend
# never imports these two names: the POSIX modules (posix, msg) do, and
# only where the layout has them.
msghdr = cast("Type[Structure]", STRUCTURES.msghdr)
cmsghdr = cast("Type[Structure]", STRUCTURES.cmsghdr)

#: Big enough for any sockaddr (struct sockaddr_storage).
SOCKADDR_STORAGE_SIZE = PLATFORM.layout.sockaddr_storage_size


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
    h_name: Optional[bytes]
    h_aliases: ctypes._Pointer[c_char_p]
    h_addrtype: int
    h_length: int
    h_addr_list: ctypes._Pointer[c_void_p]


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
    s_name: Optional[bytes]
    s_aliases: ctypes._Pointer[c_char_p]
    s_port: int
    s_proto: Optional[bytes]


class protoent(Structure):
    """struct protoent { char *p_name; char **p_aliases; int p_proto; };"""

    _fields_ = [
        ("p_name", c_char_p),
        ("p_aliases", POINTER(c_char_p)),
        ("p_proto", c_int),
    ]
    p_name: Optional[bytes]
    p_aliases: ctypes._Pointer[c_char_p]
    p_proto: int


class if_nameindex(Structure):
    """struct if_nameindex { unsigned int if_index; char *if_name; };"""

    _fields_ = [("if_index", ctypes.c_uint), ("if_name", c_char_p)]
    if_index: int
    if_name: Optional[bytes]
