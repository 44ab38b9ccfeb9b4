"""Backend functions of the resolver and the interface calls (<netdb.h>,
<net/if.h>): gethostbyname_r & co, getservby*_r, getprotobyname_r,
gethostname/sethostname, if_nameindex & co.

Their prototypes are in ``posix.SIGNATURES``; this module turns each into a
backend function with Python values in and out.
"""

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = ()
