"""The socket constants of the platform, chosen once (``platform``).

``VALUES`` maps every constant name pysock knows on the platform (the
stdlib ``socket`` module's there, what newer CPythons added, and the OS's
names the stdlib lacks) to its value: an ``int``, or a ``str`` for
``BDADDR_ANY``/``BDADDR_LOCAL``.

The numbers come from tables generated at development time from each OS's
C headers (``tools/gen_constants.py`` for Linux, ``tools/gen_constants_bsd.py``
for macOS and FreeBSD); nothing is compiled or probed here.

Only ctypes and the standard library may be imported by this module.
"""

from .linux import arch_family, select
from .platform import PLATFORM

__all__ = ["VALUES", "select", "arch_family"]

VALUES = PLATFORM.values
