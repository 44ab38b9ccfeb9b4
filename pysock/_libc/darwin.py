"""macOS (x86_64 and arm64): the facts of the platform layer (see
``platform``).

Built from Apple's headers (apple-oss-distributions/xnu ``bsd/sys/socket.h``,
``bsd/netinet/in.h``, ``bsd/sys/un.h``, ``bsd/sys/kern_control.h``, ...):
constants in ``_constants_darwin`` (``tools/gen_constants_bsd.py``), layouts
below; both checked against golang/sys's tables generated on real Macs
(``tests/test_constants_bsd.py``, ``tests/test_layout_vectors.py``).  Never
run on a macOS host.

What differs from Linux, for the backend: no ``accept4``, ``SOCK_CLOEXEC``
or ``SOCK_NONBLOCK`` (the flags are set after the call); no
``MSG_NOSIGNAL`` (CPython ignores SIGPIPE at start-up, so a write to a
closed peer is EPIPE); ``TCP_KEEPALIVE`` is the idle time.

Only ctypes and the standard library may be imported by this module.
"""

from ctypes import c_int, c_uint32

from .platform import Layout, Platform

# <sys/socket.h>: "u_char sa_len; sa_family_t sa_family" (u8); socklen_t
# is __uint32_t; msg_iovlen an int, msg_controllen and cmsg_len socklen_t;
# CMSG_ALIGN is __DARWIN_ALIGN32 (4) on x86_64 and arm64 alike.  <netdb.h>:
# ai_canonname before ai_addr.  <sys/un.h>: sun_path[104].
LAYOUT = Layout(
    sockaddr_header="len8_family8",
    sun_path_size=104,
    socklen_t=c_uint32,
    msg_iovlen_t=c_int,
    msg_controllen_t=c_uint32,
    cmsg_len_t=c_uint32,
    cmsg_alignment=4,
    addrinfo_addr_first=False,
)

#: The family codecs macOS has: (pysock.families module, its AF_* name).
FAMILIES = (
    ("inet", "AF_INET"),
    ("inet6", "AF_INET6"),
    ("unix", "AF_UNIX"),
    ("system", "AF_SYSTEM"),
)


def select(machine):
    """The macOS constants for CPU *machine* (``x86_64`` or ``arm64``)."""
    from . import _constants_darwin as table

    values = dict(table.VALUES)
    for name, value in table.ARCH_OVERRIDES.get(_arch(machine), {}).items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return values


def _arch(machine):
    return "arm64" if machine.lower() in ("arm64", "aarch64") else "x86_64"


def platform(native, machine):
    """The macOS ``Platform`` for CPU *machine*."""
    from . import _constants_darwin as table

    return Platform(
        name="darwin",
        native=native,
        machine=_arch(machine),
        values=select(machine),
        errno=dict(table.ERRNO),
        layout=LAYOUT,
        error_convention="errno",
        families=FAMILIES,
        backend_modules=("posix", "netdb", "msg", "kern_control"),
    )
