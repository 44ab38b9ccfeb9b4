"""Backend functions of sendmsg(2)/recvmsg(2): scatter/gather buffers and
ancillary data, Python values in and out.

Their prototypes are in ``posix.SIGNATURES``.
"""

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = ()
