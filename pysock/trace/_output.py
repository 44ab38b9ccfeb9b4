"""Events as text (strace-like lines) or JSON, and the ``strace -c``
summary."""

import json
import time
from typing import Any, Dict, Iterable, Iterator, List, NamedTuple, Optional

from ._event import Caller, Data, Event, Fd, SockInfo, escape
from ._names import Sym

# -- text -------------------------------------------------------------------


def _clock(stamp: float) -> str:
    seconds = int(stamp)
    return "%s.%06d" % (
        time.strftime("%H:%M:%S", time.localtime(seconds)),
        int((stamp - seconds) * 1e6),
    )


def result_text(ev: Event) -> str:
    """What follows ``=``: the result, or the error as strace shows it."""
    if ev.error is not None:
        if ev.strerror is None:  # not an OSError: KeyboardInterrupt, ...
            return "? " + ev.error
        if ev.errno is None:  # the resolver's own code (EAI_*, h_errno)
            return "%s %s (%s)" % (ev.result, ev.error, ev.strerror)
        return "-1 %s (%s)" % (ev.error, ev.strerror)
    if ev.result is None:
        return "0"
    return repr(ev.result)


def format_text(ev: Event, stack: bool = True) -> str:
    who = ev.thread if ev.task is None else "%s/%s" % (ev.thread, ev.task)
    args = ", ".join(["NULL" if v is None else repr(v) for _k, v in ev.params])
    line = "%s [%s] %s(%s) = %s" % (_clock(ev.time), who, ev.call, args, result_text(ev))
    if ev.injected:
        line += " (INJECTED: %s)" % ", ".join(ev.injected)
    line += " <%.6f>" % ev.duration
    if ev.caller is not None:
        line += " @ %s" % (ev.caller,)
    if stack and ev.stack:
        line += "".join(["\n  > %s" % (frame,) for frame in ev.stack])
    return line


# -- JSON -------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """*value* as JSON data: names as strings, payloads as escaped text."""
    if value is None or value.__class__ in (bool, int, float, str):
        return value
    if isinstance(value, Fd):
        return int(value)
    if isinstance(value, Sym):
        return str(value)
    if isinstance(value, Data):
        return {"bytes": escape(value.head), "size": value.size}
    if isinstance(value, SockInfo):
        return {
            "kind": value.kind,
            "family": jsonable(_name_or_int("family", value.family)),
            "type": jsonable(_name_or_int("type", value.type)),
            "laddr": jsonable(value.laddr),
            "raddr": jsonable(value.raddr),
        }
    if isinstance(value, Caller):
        return {
            "file": value.filename,
            "line": value.lineno,
            "function": value.function,
            "module": value.module,
        }
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return escape(bytes(value))
    if isinstance(value, (int, float, str)):
        return value
    return repr(value)


def _name_or_int(kind: str, value: int) -> Any:
    from . import _names

    return _names.family(value) if kind == "family" else _names.socktype(value)


def event_dict(ev: Event) -> Dict[str, Any]:
    out = {
        "seq": ev.seq,
        "time": ev.time,
        "call": ev.call,
        "fd": None if ev.fd is None else int(ev.fd),
        "socket": jsonable(ev.socket),
        "args": {k: jsonable(v) for k, v in ev.params},
        "result": jsonable(ev.result),
        "errno": ev.errno,
        "error": ev.error,
        "strerror": ev.strerror,
        "duration": ev.duration,
        "thread": ev.thread,
        "thread_id": ev.thread_id,
        "task": ev.task,
        "caller": jsonable(ev.caller),
        "injected": list(ev.injected),
        "nth": ev.nth,
        "nth_on_fd": ev.nth_on_fd,
    }
    if ev.stack is not None:
        out["stack"] = [jsonable(frame) for frame in ev.stack]
    return out


def format_json(ev: Event) -> str:
    return json.dumps(event_dict(ev), separators=(",", ":"))


# -- the summary ------------------------------------------------------------


class SummaryRow(NamedTuple):
    """Totals of one call: how many, how many failed, seconds spent."""

    call: str
    calls: int
    errors: int
    seconds: float

    @property
    def mean(self) -> float:
        """Mean seconds per call."""
        return self.seconds / self.calls if self.calls else 0.0


class Summary(object):
    """Per-call counts, errors and time, as ``strace -c`` prints them.

    ``summary["recv"]`` is the row of one call (KeyError if it was never
    made), ``summary.rows`` every row, most time first; ``str(summary)`` is
    the table.
    """

    def __init__(self, rows: Iterable[SummaryRow]) -> None:
        self.rows = sorted(rows, key=lambda r: (-r.seconds, -r.calls, r.call))  # type: List[SummaryRow]
        self._by_call = {row.call: row for row in self.rows}

    def __getitem__(self, call: str) -> SummaryRow:
        return self._by_call[call]

    def get(self, call: str) -> Optional[SummaryRow]:
        return self._by_call.get(call)

    def __contains__(self, call: object) -> bool:
        return call in self._by_call

    def __iter__(self) -> Iterator[SummaryRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def total(self) -> SummaryRow:
        return SummaryRow(
            "total",
            sum(r.calls for r in self.rows),
            sum(r.errors for r in self.rows),
            sum(r.seconds for r in self.rows),
        )

    def to_dict(self) -> Dict[str, Any]:
        return {
            row.call: {
                "calls": row.calls,
                "errors": row.errors,
                "seconds": row.seconds,
                "mean": row.mean,
            }
            for row in self.rows + [self.total]
        }

    def __str__(self) -> str:
        total = self.total
        rule = "------ ----------- ----------- --------- --------- ----------------"
        lines = ["% time     seconds  usecs/call     calls    errors syscall", rule]
        for row in self.rows + [None, total]:
            if row is None:
                lines.append(rule)
                continue
            share = 100.0 * row.seconds / total.seconds if total.seconds else 0.0
            lines.append(
                "%6.2f %11.6f %11d %9d %9s %s"
                % (
                    share,
                    row.seconds,
                    int(round(row.mean * 1e6)),
                    row.calls,
                    row.errors or "",
                    row.call,
                )
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return "<Summary %d calls, %d errors>" % (self.total.calls, self.total.errors)
