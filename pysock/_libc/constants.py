"""The socket constants of this system, chosen once at import.

``VALUES`` maps every constant name pysock knows on this platform (the
stdlib ``socket`` module's, what newer CPythons added, and Linux names the
stdlib lacks) to its value on this machine: an ``int``, or a ``str`` for
``BDADDR_ANY``/``BDADDR_LOCAL``.

The numbers come from tables generated at development time from the C
headers (``tools/gen_constants.py``); nothing is compiled or probed here.
Linux has one table for x86_64 plus the differences of the CPU families
whose kernel ABI numbers some constants otherwise (alpha, mips, parisc,
powerpc, sparc: ``SOL_SOCKET``, ``SO_*``, ``SOCK_NONBLOCK``, ioctl numbers,
``EAGAIN`` on alpha).  ``select(machine)`` builds the mapping for any CPU,
so the tables of other machines can be tested here.

Only ctypes and the standard library may be imported by this module.
"""

import ctypes
import os
import sys

__all__ = ["VALUES", "select", "arch_family"]

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


def arch_family(machine):
    """The ARCH_OVERRIDES key for a machine name, or None for generic CPUs."""
    machine = machine.lower()
    for prefix, family in _FAMILY_PREFIXES:
        if machine.startswith(prefix):
            return family
    return None


def _linux_table():
    from . import _constants_linux
    return _constants_linux


def select(machine, long_bits=64):
    """Return a new dict of the Linux constants for CPU ``machine``.

    ``machine`` is a value of ``os.uname().machine`` (``"x86_64"``,
    ``"mips64"``, ``"sparc64"``, ``"ppc64le"``, ...).  ``long_bits`` is the
    width of a C long of the interpreter: CPython stores its constants as C
    longs, so on a 32-bit build the few that are 2**31 or more
    (``INADDR_NONE``, ``CAN_EFF_FLAG``, ``VMADDR_CID_ANY``, ...) read as
    negative numbers, and pysock gives the same ones the same values.
    """
    table = _linux_table()
    values = dict(table.VALUES)
    family = arch_family(machine)
    if family is not None:
        for name, value in table.ARCH_OVERRIDES[family].items():
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
    if long_bits == 32:
        for name in table.CPYTHON_C_LONG_NAMES:
            value = values.get(name)
            if isinstance(value, int) and 2 ** 31 <= value < 2 ** 32:
                values[name] = value - 2 ** 32
    elif long_bits != 64:
        raise ValueError("long_bits must be 32 or 64, not %r" % (long_bits,))
    return values


def _this_machine():
    if sys.platform.startswith("linux"):
        return select(os.uname().machine, ctypes.sizeof(ctypes.c_long) * 8)
    # macOS, the BSDs and Windows number many constants differently; their
    # tables are not written yet.
    raise ImportError("pysock has no constant table for platform %r yet"
                      % (sys.platform,))


VALUES = _this_machine()
