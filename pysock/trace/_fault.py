"""Fault injection rules (``Fault``) and their strace-like spelling.

A rule names calls, optionally narrows them with a predicate over the
decoded ``Event``, counts the calls that match, and acts on those its
``when`` (strace's ``first[..last][+step]``) and seeded ``probability``
select.  The actions, in the order they happen:

``delay``        sleep this long before the call
``signal``       raise this signal in the process before the call (its
                 Python handler runs; combine with ``error=EINTR`` for the
                 whole of what a signal does to a blocking call)
``error``        do not make the call: the program gets this errno
                 (EINTR on connect() is delivered after the call instead,
                 as the kernel does: the connection goes on)
``spurious``     poll() only: report the asked events ready without asking
                 the kernel (the call that follows may then meet EAGAIN)
``bytes``        send or receive at most this many bytes, for real
``delay_after``  sleep this long after the call
``error_after``  the call was made (data went out, or came in and is
                 lost), then the program gets this errno
"""

import random
import re
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

from . import _names
from ._calls import SHORT_IO, expand

_WHEN = re.compile(r"^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*(\+\s*(\d+)?)?\s*$")


class When(object):
    """Which of the matching calls a rule acts on, strace's
    ``first[..last][+[step]]``: ``2`` is the second only, ``2+`` the second
    and every later one, ``2+3`` the 2nd, 5th, 8th..., ``2..4`` the 2nd to
    the 4th, ``2..10+2`` the even ones up to the 10th.  Counting starts at
    1."""

    __slots__ = ("first", "last", "step", "_text")

    def __init__(self, text: Union[str, int, None] = None) -> None:
        if text is None:
            self.first, self.last, self.step = 1, None, 1
            self._text = "1+"
            return
        if isinstance(text, int):
            text = str(text)
        match = _WHEN.match(text)
        if match is None:
            raise ValueError("when=%r: expected first[..last][+[step]]" % (text,))
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else None
        plus = match.group(3)
        step = int(match.group(4)) if match.group(4) is not None else 1
        if first < 1 or step < 1:
            raise ValueError("when=%r: first and step count from 1" % (text,))
        if plus is None and last is None:
            last = first  # "N": the Nth only
        if last is not None and last < first:
            raise ValueError("when=%r: last is before first" % (text,))
        self.first, self.last, self.step = first, last, step
        self._text = text.replace(" ", "")

    def __contains__(self, n: int) -> bool:
        if n < self.first or (self.last is not None and n > self.last):
            return False
        return (n - self.first) % self.step == 0

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return "When(%r)" % self._text


def _seconds(value: Union[str, float, int, None]) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = value.strip().lower()
        scale = 1.0
        for suffix, factor in (("us", 1e-6), ("ms", 1e-3), ("s", 1.0)):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
                scale = factor
                break
        try:
            seconds = float(text) * scale
        except ValueError:
            raise ValueError("delay %r: expected seconds (0.5, 500ms, 20us)" % (value,))
    if seconds < 0:
        raise ValueError("delay %r is negative" % (value,))
    return seconds


def _probability(value: Union[str, float, None]) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        p = float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
    else:
        p = float(value)
    if not 0.0 <= p <= 1.0:
        raise ValueError("probability %r is not between 0 and 1 (or 0%% and 100%%)" % (value,))
    return p


class Fault(object):
    """A fault injection rule: which calls, which of them, what happens.

    ``calls``: a call name, a class (``%recv``, ``%send``, ``%io``,
    ``%resolve``, ``%all``), a comma-separated list, or an iterable of
    those; ``recv`` also selects ``read`` and ``send`` also ``write``
    (what pysock's recv()/send() on a stream socket without flags become).
    ``predicate(event) -> bool`` narrows the match further; it sees the
    event as decoded before the call (arguments, ``socket``, ``peer``,
    ``payload``, ``nth_on_fd``, ``caller``, ``module``), not its result.
    ``when`` counts the matching calls (see ``When``); ``probability``
    then draws from a ``random.Random`` seeded with ``seed`` (default: the
    tracer's seed and the rule's position), so a run can be replayed.

    The actions are described in the module documentation; errors are
    given as a name (``"ECONNRESET"``) or a number.
    """

    def __init__(
        self,
        calls: Union[str, Iterable[str]],
        *,
        error: Union[str, int, None] = None,
        error_after: Union[str, int, None] = None,
        bytes: Optional[int] = None,
        delay: Union[str, float, None] = None,
        delay_after: Union[str, float, None] = None,
        signal: Union[str, int, None] = None,
        spurious: bool = False,
        when: Union[When, str, int, None] = None,
        probability: Union[str, float, None] = None,
        seed: Optional[int] = None,
        predicate: Optional[Callable[..., bool]] = None
    ) -> None:
        self.spec = calls if isinstance(calls, str) else ",".join(calls)
        self.calls = expand([self.spec])
        if not self.calls:
            raise ValueError("fault %r selects no call" % (self.spec,))
        self.error = None if error is None else _names.errno_value(error)
        self.error_after = None if error_after is None else _names.errno_value(error_after)
        if bytes is not None:
            bytes = int(bytes)
            if bytes < 0:
                raise ValueError("bytes=%d: a count cannot be negative" % bytes)
            if not self.calls & set(SHORT_IO):
                raise ValueError(
                    "bytes= applies to calls that move data (%s), not %s"
                    % (", ".join(sorted(SHORT_IO)), self.spec)
                )
        self.bytes = bytes
        self.delay = _seconds(delay)
        self.delay_after = _seconds(delay_after)
        self.signal = None if signal is None else _names.signal_value(signal)
        self.spurious = bool(spurious)
        if self.spurious and "poll" not in self.calls:
            raise ValueError("spurious applies to poll only, not %s" % (self.spec,))
        if not (
            self.error is not None
            or self.error_after is not None
            or self.bytes is not None
            or self.delay is not None
            or self.delay_after is not None
            or self.signal is not None
            or self.spurious
        ):
            raise ValueError("fault %r has no action (error=, error_after=, bytes=, delay=, delay_after=, signal=, spurious)" % (self.spec,))
        self.when = when if isinstance(when, When) else When(when)
        self.probability = _probability(probability)
        self.seed = seed
        self.predicate = predicate
        #: Calls matched so far (names and predicate), in this tracing run.
        self.matched = 0
        #: Times the fault was injected, in this tracing run.
        self.injected = 0
        self._random = None  # type: Optional[random.Random]

    def reset(self, seed: object) -> None:
        """Start counting afresh (the tracer does this when it starts)."""
        self.matched = 0
        self.injected = 0
        self._random = random.Random(self.seed if self.seed is not None else "%s" % (seed,))

    def draw(self) -> bool:
        """The coin of ``probability`` (True when there is none)."""
        if self.probability is None:
            return True
        if self._random is None:
            self.reset(0)
        assert self._random is not None
        return self._random.random() < self.probability

    # -- text -----------------------------------------------------------

    @classmethod
    def parse(cls, spec: str) -> "Fault":
        """A rule from its command-line spelling, e.g.
        ``recv:error=ECONNRESET:when=2``, ``send:bytes=1``,
        ``connect:delay=0.5``, ``%recv:error=EINTR:p=0.1:seed=7``,
        ``poll:spurious:when=1``, ``send:error_after=EPIPE``."""
        parts = spec.split(":")
        if len(parts) < 2 or not parts[0].strip():
            raise ValueError(
                "fault %r: expected CALLS:ACTION[:ACTION...][:when=N][:p=P][:seed=S]" % (spec,)
            )
        kwargs = {}  # type: Dict[str, Any]
        keys = {
            "error": "error",
            "error_after": "error_after",
            "bytes": "bytes",
            "delay": "delay",
            "delay_enter": "delay",
            "delay_after": "delay_after",
            "delay_exit": "delay_after",
            "signal": "signal",
            "when": "when",
            "p": "probability",
            "probability": "probability",
            "seed": "seed",
        }
        for part in parts[1:]:
            part = part.strip()
            if not part:
                continue
            if part == "spurious":
                kwargs["spurious"] = True
                continue
            key, sep, value = part.partition("=")
            key = key.strip()
            if not sep or key not in keys:
                raise ValueError(
                    "fault %r: unknown action %r (known: %s, spurious)"
                    % (spec, part, ", ".join(sorted(keys)))
                )
            value = value.strip()
            name = keys[key]
            if name == "bytes" or name == "seed":
                try:
                    kwargs[name] = int(value)
                except ValueError:
                    raise ValueError("fault %r: %s=%r is not an integer" % (spec, key, value))
            else:
                kwargs[name] = value
        return cls(parts[0].strip(), **kwargs)

    def actions(self) -> List[str]:
        """The actions as ``key=value`` strings (as the trace marks them)."""
        out = []
        if self.delay is not None:
            out.append("delay=%g" % self.delay)
        if self.signal is not None:
            out.append("signal=%s" % _signal_name(self.signal))
        if self.error is not None:
            out.append("error=%s" % _names.errno_name(self.error))
        if self.spurious:
            out.append("spurious")
        if self.bytes is not None:
            out.append("bytes=%d" % self.bytes)
        if self.delay_after is not None:
            out.append("delay_after=%g" % self.delay_after)
        if self.error_after is not None:
            out.append("error_after=%s" % _names.errno_name(self.error_after))
        return out

    def __str__(self) -> str:
        parts = [self.spec] + self.actions()
        if str(self.when) != "1+":
            parts.append("when=%s" % self.when)
        if self.probability is not None:
            parts.append("p=%g" % self.probability)
        if self.seed is not None:
            parts.append("seed=%d" % self.seed)
        text = ":".join(parts)
        return text + ":<predicate>" if self.predicate is not None else text

    def __repr__(self) -> str:
        return "Fault(%r)" % str(self)


def _signal_name(number: int) -> str:
    import signal as _signal

    try:
        return _signal.Signals(number).name
    except ValueError:
        return str(number)
