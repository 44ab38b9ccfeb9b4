"""AF_RDS (Reliable Datagram Sockets): ``(host, port)``, as AF_INET.

RDS sockets are addressed with a ``struct sockaddr_in`` whose family is
AF_INET (the stdlib parses an RDS address exactly as an AF_INET one, with
the AF_INET messages); what the kernel reports back is AF_INET too, and is
decoded by the AF_INET codec.
"""

from .._libc.constants import VALUES
from . import inet

FAMILY = VALUES["AF_RDS"]

sockaddr_in = inet.sockaddr_in
SIZE = inet.SIZE
encode = inet.encode
decode = inet.decode
