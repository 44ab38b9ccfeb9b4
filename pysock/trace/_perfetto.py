"""Events as the Trace Event Format (the JSON that Perfetto and
``chrome://tracing`` open).

One process; one track per thread, and per asyncio task within a thread
(``MainThread/Task-3``); one complete slice (``"ph": "X"``) per call, its
arguments decoded as the ``jsonl`` format writes them, its result or error;
a call a fault acted on is in category ``injected`` and has an instant
event (``"ph": "i"``) on its track naming the fault; the calls made on one
connection (one descriptor, from its creation to its close) are linked by
flow events (``"ph": "s"``/``"t"``/``"f"``), so Perfetto draws arrows from
one call of a connection to the next, across threads.

The format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
"""

import json
import os
from typing import IO, Any, Dict, Iterable, List, Tuple, Union

from ._event import Event
from ._output import jsonable

_PID = os.getpid()


def _made_fds(ev: Event) -> List[int]:
    """The descriptors a call made (its decoded result)."""
    result = ev.result
    if ev.call in ("socket", "dup") and isinstance(result, int):
        return [result]
    if ev.call in ("socketpair", "accept") and isinstance(result, tuple):
        found = [v for v in result if isinstance(v, int)]
        return [int(v) for v in (found if ev.call == "socketpair" else found[:1])]
    return []


def _track_name(ev: Event) -> str:
    return ev.thread if ev.task is None else "%s/%s" % (ev.thread, ev.task)


def trace_events(events: Iterable[Event], process: str = "pysock") -> Dict[str, Any]:
    """The trace of *events* as a Trace Event Format object (a dict ready
    for ``json.dump``)."""
    out = []  # type: List[Dict[str, Any]]
    tracks = {}  # type: Dict[Tuple[int, Any], int]
    # Descriptor -> (connection id, the calls on it so far); a close ends
    # the connection, a call that makes the descriptor anew starts one.
    conns = {}  # type: Dict[int, List[Any]]
    flows = []  # type: List[List[Any]]
    pid = _PID
    out.append({"ph": "M", "name": "process_name", "pid": pid, "tid": 0, "args": {"name": process}})
    for ev in sorted(events, key=lambda e: (e.time, e.seq)):
        key = (ev.thread_id, ev.task)
        tid = tracks.get(key)
        if tid is None:
            tid = len(tracks) + 1
            tracks[key] = tid
            out.append({"ph": "M", "name": "thread_name", "pid": pid, "tid": tid,
                        "args": {"name": _track_name(ev)}})
            out.append({"ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid,
                        "args": {"sort_index": tid}})
        ts = ev.time * 1e6
        dur = max(ev.duration * 1e6, 0.001)
        args = {name: jsonable(value) for name, value in ev.params}  # type: Dict[str, Any]
        if ev.error is not None:
            args["error"] = ev.error
            if ev.strerror is not None:
                args["strerror"] = ev.strerror
        else:
            args["result"] = jsonable(ev.result)
        if ev.socket is not None:
            args["socket"] = str(ev.socket)
        if ev.caller is not None:
            args["caller"] = str(ev.caller)
        if ev.injected:
            args["injected"] = list(ev.injected)
        args["seq"] = ev.seq
        out.append({
            "ph": "X", "name": ev.call, "cat": "injected" if ev.injected else "socket",
            "ts": ts, "dur": dur, "pid": pid, "tid": tid, "args": args,
        })
        if ev.injected:
            out.append({"ph": "i", "s": "t", "name": "INJECTED: " + ", ".join(ev.injected),
                        "cat": "injected", "ts": ts, "pid": pid, "tid": tid,
                        "args": {"call": ev.call, "seq": ev.seq}})
        if ev.fd is not None:
            fd = int(ev.fd)
            conn = conns.get(fd)
            if conn is None:
                conn = conns[fd] = ["fd%d.%d" % (fd, ev.seq), []]
                flows.append(conn)
            conn[1].append((ts, dur, tid))
            if ev.call == "close" and ev.error is None:
                del conns[fd]
        if ev.error is None and ev.result is not None:
            for fd in _made_fds(ev):
                conn = conns[fd] = ["fd%d.%d" % (fd, ev.seq), [(ts, dur, tid)]]
                flows.append(conn)
    for ident, calls in flows:
        if len(calls) < 2:
            continue
        last = len(calls) - 1
        for index, (ts, dur, tid) in enumerate(calls):
            phase = "s" if index == 0 else ("f" if index == last else "t")
            flow = {"ph": phase, "name": "connection", "cat": "connection", "id": ident,
                    "pid": pid, "tid": tid, "ts": ts + dur / 2}  # type: Dict[str, Any]
            if phase == "f":
                flow["bp"] = "e"  # bound to the slice around ts, not the next one
            out.append(flow)
    return {"traceEvents": out, "displayTimeUnit": "ms",
            "otherData": {"producer": "pysock.trace"}}


def write_perfetto(events: Iterable[Event], output: Union[str, "os.PathLike[str]", IO[str]]) -> None:
    """Write *events* as Trace Event Format JSON to a path or text stream."""
    document = trace_events(events)
    if isinstance(output, (str, os.PathLike)):
        with open(os.fspath(output), "w", encoding="utf-8") as stream:
            json.dump(document, stream)
            stream.write("\n")
        return
    json.dump(document, output)
    output.write("\n")
