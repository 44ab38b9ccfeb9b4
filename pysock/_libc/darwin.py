"""macOS (x86_64 and arm64): the facts of the platform layer (see
``platform``).

Built from Apple's headers (apple-oss-distributions/xnu ``bsd/sys/socket.h``,
``bsd/netinet/in.h``, ``bsd/sys/un.h``, ``bsd/sys/kern_control.h``, ...):
constants in ``_constants_darwin`` (``tools/gen_constants_bsd.py``), layouts
below; both checked against golang/sys's tables generated on real Macs
(``tests/test_constants_bsd.py``, ``tests/test_platform.py``).  Never run on
a macOS host.

What differs from Linux, for the backend: no ``accept4``, ``SOCK_CLOEXEC``
or ``SOCK_NONBLOCK`` (the flags are set after the call); ``TCP_KEEPALIVE``
is the idle time; ``PF_SYSTEM`` control names are looked up with an ioctl
(``kern_control``).

Only ctypes and the standard library may be imported by this module.
"""

from .platform import Platform, bsd_layout, table_values

# CMSG_ALIGN is __DARWIN_ALIGN32 (4), on x86_64 and arm64 alike.
LAYOUT = bsd_layout(cmsg_alignment=4)

#: The family codecs macOS has: (pysock.families module, its AF_* name).
FAMILIES = (
    ("inet", "AF_INET"),
    ("inet6", "AF_INET6"),
    ("unix", "AF_UNIX"),
    ("system", "AF_SYSTEM"),
)


def _arch(machine: str) -> str:
    return "arm64" if machine.lower() in ("arm64", "aarch64") else "x86_64"


def platform(native: bool, machine: str) -> Platform:
    """The macOS ``Platform`` for CPU *machine* (``x86_64`` or ``arm64``)."""
    from . import _constants_darwin as table

    arch = _arch(machine)
    return Platform(
        name="darwin",
        native=native,
        machine=arch,
        values=table_values(table, arch),
        errno=dict(table.ERRNO),
        layout=LAYOUT,
        error_convention="errno",
        families=FAMILIES,
        backend_modules=("posix", "netdb", "msg", "kern_control"),
    )
