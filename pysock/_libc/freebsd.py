"""FreeBSD (amd64): the facts of the platform layer (see ``platform``).

Built from FreeBSD's headers (``sys/sys/socket.h``, ``sys/netinet/in.h``,
``sys/sys/un.h``, ``include/netdb.h``, ...): constants in
``_constants_freebsd`` (``tools/gen_constants_bsd.py``), layouts below; both
checked against golang/sys's tables generated on real FreeBSD hosts
(``tests/test_constants_bsd.py``, ``tests/test_platform.py``).  Never run on
a FreeBSD host.

What differs from Linux, for the backend: the 4.4BSD sockaddr header;
credentials are ``LOCAL_CREDS``/``LOCAL_CREDS_PERSISTENT`` with
``SCM_CREDS``/``SCM_CREDS2`` (struct sockcred, sockcred2); ``accept4``,
``SOCK_CLOEXEC`` and ``SOCK_NONBLOCK`` exist (since FreeBSD 10).

Only ctypes and the standard library may be imported by this module.
"""

from .platform import Platform, bsd_layout, table_values

# CMSG_ALIGN is _ALIGN: sizeof(register_t) on amd64, 8.
LAYOUT = bsd_layout(cmsg_alignment=8)

#: The family codecs FreeBSD has: (pysock.families module, its AF_* name).
FAMILIES = (
    ("inet", "AF_INET"),
    ("inet6", "AF_INET6"),
    ("unix", "AF_UNIX"),
    ("bluetooth_bsd", "AF_BLUETOOTH"),
)


def platform(native: bool, machine: str) -> Platform:
    """The FreeBSD ``Platform``."""
    from . import _constants_freebsd as table

    arch = "amd64" if machine in ("x86_64", "amd64") else machine
    return Platform(
        name="freebsd",
        native=native,
        machine=arch,
        values=table_values(table, arch),
        errno=dict(table.ERRNO),
        layout=LAYOUT,
        error_convention="errno",
        families=FAMILIES,
        backend_modules=("posix", "netdb", "msg"),
    )
