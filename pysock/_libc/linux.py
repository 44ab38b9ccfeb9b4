"""Linux: the facts of the platform layer (see ``platform``).

Constants come from ``_constants_linux`` (generated from the headers by
``tools/gen_constants.py``): one table for x86_64, which every CPU that
uses the kernel's generic numbers shares, plus the differences of the CPU
families whose ABI numbers some constants otherwise (alpha, mips, parisc,
powerpc, sparc).  ``select(machine)`` builds the values for any CPU, so the
tables of other machines can be tested here.

Only ctypes and the standard library may be imported by this module.
"""

import ctypes
import errno as _errno_module
import os
import sys
from ctypes import c_size_t, c_uint32
from typing import Any, Dict, Optional, Tuple

from .platform import Layout, Platform, table_values

# os.uname().machine prefixes -> the CPU families of ARCH_OVERRIDES.  Every
# other Linux CPU (x86, arm, arm64, riscv, s390, m68k, loongarch, ...) uses
# the generic numbers of include/uapi/asm-generic/ and glibc's generic
# bits/socket_type.h, which are the x86_64 ones.
_FAMILY_PREFIXES = (
    ("alpha", "alpha"),
    ("mips", "mips"),        # mips, mipsel, mips64, mips64el, mipsisa*
    ("parisc", "parisc"),    # parisc, parisc64
    ("hppa", "parisc"),
    ("ppc", "powerpc"),      # ppc, ppcle, ppc64, ppc64le
    ("powerpc", "powerpc"),
    ("sparc", "sparc"),      # sparc, sparc64, sparcv9
)


def arch_family(machine: str) -> Optional[str]:
    """The ARCH_OVERRIDES key for a machine name, or None for generic CPUs."""
    machine = machine.lower()
    for prefix, family in _FAMILY_PREFIXES:
        if machine.startswith(prefix):
            return family
    return None


def select(machine: str, long_bits: int = 64) -> Dict[str, Any]:
    """Return a new dict of the Linux constants for CPU *machine*.

    *machine* is a value of ``os.uname().machine`` (``"x86_64"``,
    ``"mips64"``, ``"sparc64"``, ``"ppc64le"``, ...).  *long_bits* is the
    width of a C long of the interpreter: CPython stores its constants as C
    longs, so on a 32-bit build the few that are 2**31 or more
    (``INADDR_NONE``, ``CAN_EFF_FLAG``, ``VMADDR_CID_ANY``, ...) read as
    negative numbers, and pysock gives the same ones the same values.
    """
    from . import _constants_linux as table

    values = table_values(table, arch_family(machine))
    if long_bits == 32:
        for name in table.CPYTHON_C_LONG_NAMES:
            value = values.get(name)
            if isinstance(value, int) and 2 ** 31 <= value < 2 ** 32:
                values[name] = value - 2 ** 32
    elif long_bits != 64:
        raise ValueError("long_bits must be 32 or 64, not %r" % (long_bits,))
    return values


# The generic errno numbers (include/uapi/asm-generic/errno-base.h and
# errno.h), used when Linux is loaded on another OS; on Linux itself the
# running interpreter's errno module is read instead, which also has the
# numbers of the CPUs that differ (alpha, mips, parisc, sparc).
GENERIC_ERRNO = {
    "EPERM": 1, "ENOENT": 2, "ESRCH": 3, "EINTR": 4, "EIO": 5, "ENXIO": 6,
    "E2BIG": 7, "ENOEXEC": 8, "EBADF": 9, "ECHILD": 10, "EAGAIN": 11,
    "EWOULDBLOCK": 11, "ENOMEM": 12, "EACCES": 13, "EFAULT": 14, "ENOTBLK": 15,
    "EBUSY": 16, "EEXIST": 17, "EXDEV": 18, "ENODEV": 19, "ENOTDIR": 20,
    "EISDIR": 21, "EINVAL": 22, "ENFILE": 23, "EMFILE": 24, "ENOTTY": 25,
    "ETXTBSY": 26, "EFBIG": 27, "ENOSPC": 28, "ESPIPE": 29, "EROFS": 30,
    "EMLINK": 31, "EPIPE": 32, "EDOM": 33, "ERANGE": 34, "EDEADLK": 35,
    "EDEADLOCK": 35, "ENAMETOOLONG": 36, "ENOLCK": 37, "ENOSYS": 38,
    "ENOTEMPTY": 39, "ELOOP": 40, "ENOMSG": 42, "EIDRM": 43, "ECHRNG": 44,
    "EL2NSYNC": 45, "EL3HLT": 46, "EL3RST": 47, "ELNRNG": 48, "EUNATCH": 49,
    "ENOCSI": 50, "EL2HLT": 51, "EBADE": 52, "EBADR": 53, "EXFULL": 54,
    "ENOANO": 55, "EBADRQC": 56, "EBADSLT": 57, "EBFONT": 59, "ENOSTR": 60,
    "ENODATA": 61, "ETIME": 62, "ENOSR": 63, "ENONET": 64, "ENOPKG": 65,
    "EREMOTE": 66, "ENOLINK": 67, "EADV": 68, "ESRMNT": 69, "ECOMM": 70,
    "EPROTO": 71, "EMULTIHOP": 72, "EDOTDOT": 73, "EBADMSG": 74,
    "EOVERFLOW": 75, "ENOTUNIQ": 76, "EBADFD": 77, "EREMCHG": 78,
    "ELIBACC": 79, "ELIBBAD": 80, "ELIBSCN": 81, "ELIBMAX": 82, "ELIBEXEC": 83,
    "EILSEQ": 84, "ERESTART": 85, "ESTRPIPE": 86, "EUSERS": 87, "ENOTSOCK": 88,
    "EDESTADDRREQ": 89, "EMSGSIZE": 90, "EPROTOTYPE": 91, "ENOPROTOOPT": 92,
    "EPROTONOSUPPORT": 93, "ESOCKTNOSUPPORT": 94, "ENOTSUP": 95,
    "EOPNOTSUPP": 95, "EPFNOSUPPORT": 96, "EAFNOSUPPORT": 97, "EADDRINUSE": 98,
    "EADDRNOTAVAIL": 99, "ENETDOWN": 100, "ENETUNREACH": 101, "ENETRESET": 102,
    "ECONNABORTED": 103, "ECONNRESET": 104, "ENOBUFS": 105, "EISCONN": 106,
    "ENOTCONN": 107, "ESHUTDOWN": 108, "ETOOMANYREFS": 109, "ETIMEDOUT": 110,
    "ECONNREFUSED": 111, "EHOSTDOWN": 112, "EHOSTUNREACH": 113,
    "EALREADY": 114, "EINPROGRESS": 115, "ESTALE": 116, "EUCLEAN": 117,
    "ENOTNAM": 118, "ENAVAIL": 119, "EISNAM": 120, "EREMOTEIO": 121,
    "EDQUOT": 122, "ENOMEDIUM": 123, "EMEDIUMTYPE": 124, "ECANCELED": 125,
    "ENOKEY": 126, "EKEYEXPIRED": 127, "EKEYREVOKED": 128, "EKEYREJECTED": 129,
    "EOWNERDEAD": 130, "ENOTRECOVERABLE": 131, "ERFKILL": 132,
}

# glibc and musl: the same shapes on every Linux CPU; only the widths of
# size_t and pointers follow the CPU (ctypes measures them).
LAYOUT = Layout(
    sockaddr_header="family16",
    sun_path_size=108,
    socklen_t=c_uint32,
    msg_iovlen_t=c_size_t,
    msg_controllen_t=c_size_t,
    cmsg_len_t=c_size_t,
    cmsg_alignment=ctypes.sizeof(c_size_t),  # CMSG_ALIGN: sizeof(size_t) (musl: long)
    addrinfo_addr_first=True,
)

#: The family codecs Linux has: (pysock.families module, its AF_* name);
#: each is registered when the constant table has that number.
FAMILIES: Tuple[Tuple[str, str], ...] = tuple(
    (module, "AF_" + module.upper())
    for module in ("inet", "inet6", "unix", "netlink", "packet", "can", "vsock",
                   "alg", "tipc", "bluetooth", "qipcrtr", "rds", "xdp", "mctp")
)


def _musl() -> bool:
    """True under musl, whose CMSG_NXTHDR wants one byte past a header."""
    if sys.platform == "win32":  # never native there (and os has no confstr)
        return False
    try:
        return not os.confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):
        return True


def platform(native: bool, machine: str) -> Platform:
    """The Linux ``Platform`` for CPU *machine*; *native*: this is Linux."""
    layout = LAYOUT
    errorcode: Optional[Dict[int, str]] = None
    if native:
        values = select(machine, ctypes.sizeof(ctypes.c_long) * 8)
        errno = {name: getattr(_errno_module, name)
                 for name in dir(_errno_module) if name.startswith("E")}
        errorcode = dict(_errno_module.errorcode)
        if _musl():
            layout = Layout(**dict(LAYOUT.__dict__, cmsg_nxthdr_strict=True))
    else:
        values = select(machine)
        errno = dict(GENERIC_ERRNO)
    return Platform(
        name="linux",
        native=native,
        machine=machine,
        values=values,
        errno=errno,
        layout=layout,
        error_convention="errno",
        families=FAMILIES,
        backend_modules=("posix", "netdb", "msg", "gso"),
        abstract_unix=True,
        errorcode=errorcode,
    )
