"""Integer fields of the addresses pysock adds beyond the stdlib.

The stdlib's codecs mask out-of-range numbers silently (``I``, ``H``, ``B``
units); for the families it does not have, pysock refuses them instead,
with the stdlib's wording for a port ("%s(): port must be 0-65535.").
"""

from typing import Any
import operator

from .._args import type_name


def field(value: Any, name: str, bits: int, caller: str, family_name: str) -> int:
    """*value* as an unsigned integer of *bits* bits, or the error."""
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(
            "%s(): %s %s must be an integer, not %s"
            % (caller, family_name, name, type_name(value))
        ) from None
    top = (1 << bits) - 1
    if not 0 <= value <= top:
        raise OverflowError(
            "%s(): %s %s must be 0-%d." % (caller, family_name, name, top)
        )
    return int(value)
