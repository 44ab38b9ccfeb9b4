"""FreeBSD (amd64): the facts of the platform layer (see ``platform``).

Built from FreeBSD's headers (freebsd/freebsd-src ``sys/sys/socket.h``,
``sys/netinet/in.h``, ``sys/sys/un.h``, ``include/netdb.h``, ...):
constants in ``_constants_freebsd`` (``tools/gen_constants_bsd.py``), layouts
below; both checked against golang/sys's tables generated on real FreeBSD
hosts (``tests/test_constants_bsd.py``, ``tests/test_layout_vectors.py``).
Never run on a FreeBSD host.

What differs from Linux, for the backend: the 4.4BSD sockaddr header;
credentials are ``LOCAL_CREDS``/``LOCAL_CREDS_PERSISTENT`` with
``SCM_CREDS``/``SCM_CREDS2`` (struct sockcred, sockcred2); ``accept4``,
``SOCK_CLOEXEC`` and ``SOCK_NONBLOCK`` exist (since FreeBSD 10).

Only ctypes and the standard library may be imported by this module.
"""

from ctypes import c_int, c_uint32

from .platform import Layout, Platform

# <sys/socket.h>: "unsigned char sa_len; sa_family_t sa_family" (u8);
# socklen_t __uint32_t; msg_iovlen an int, msg_controllen and cmsg_len
# socklen_t; CMSG_ALIGN is _ALIGN (sizeof(register_t) on amd64: 8).
# <netdb.h>: ai_canonname before ai_addr.  <sys/un.h>: sun_path[104].
LAYOUT = Layout(
    sockaddr_header="len8_family8",
    sun_path_size=104,
    socklen_t=c_uint32,
    msg_iovlen_t=c_int,
    msg_controllen_t=c_uint32,
    cmsg_len_t=c_uint32,
    cmsg_alignment=8,
    addrinfo_addr_first=False,
)

#: The family codecs FreeBSD has: (pysock.families module, its AF_* name).
FAMILIES = (
    ("inet", "AF_INET"),
    ("inet6", "AF_INET6"),
    ("unix", "AF_UNIX"),
    ("bluetooth_bsd", "AF_BLUETOOTH"),
)


def platform(native, machine):
    """The FreeBSD ``Platform``."""
    from . import _constants_freebsd as table

    values = dict(table.VALUES)
    for name, value in table.ARCH_OVERRIDES.get(machine, {}).items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return Platform(
        name="freebsd",
        native=native,
        machine="amd64" if machine in ("x86_64", "amd64") else machine,
        values=values,
        errno=dict(table.ERRNO),
        layout=LAYOUT,
        error_convention="errno",
        families=FAMILIES,
        backend_modules=("posix", "netdb", "msg"),
    )
