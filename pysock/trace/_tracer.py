"""The tracer: wraps every function of the backend object, records each
call as an ``Event`` and applies fault rules.

Starting swaps each ``backend.<call>`` for a wrapper around whatever was
there (the set of calls is read from ``backend.calls`` at that moment);
stopping puts the saved functions back.  Nothing of this exists on the
untraced path: ``pysock._socket`` looks ``backend.<call>`` up at call time
and finds the plain function again.
"""

import os
import signal as _signal
import sys
import threading
import time
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Type, Union, cast

from .. import _tlscalls
from .._libc import backend
from .._libc.errors import oserror, strerror
from .._libc.platform import PLATFORM
from . import _calls, _names
from ._arguments import Arguments, Binder, binder
from ._event import Caller, Event
from ._fault import Fault
from ._fds import FdTable
from ._output import Summary, SummaryRow, format_json, format_text

if TYPE_CHECKING:
    from ssl import SSLError

_EINTR = PLATFORM.EINTR
_TABLES = (backend, _tlscalls.tls)

_PACKAGE = __name__.split(".")[0]  # "pysock"
# The command-line runner (python -m pysock): where a program's stack ends.
_RUNNER = os.sep + os.path.join(_PACKAGE, "__main__.py")

_state = threading.Lock()
_active = None  # type: Optional[Tracer]

# Per thread: True while the tracer itself runs (decoding, predicates,
# writing).  A backend call made then -- a predicate that uses a socket, an
# output stream that is one -- goes straight through, untraced.
_local = threading.local()

_perf = time.perf_counter
_now = time.time
_getframe = sys._getframe


def _ours(frame: FrameType) -> bool:
    name: str = frame.f_globals.get("__name__", "")
    return name == _PACKAGE or (name.startswith(_PACKAGE + ".") and name != _PACKAGE + ".__main__")


def _frame(frame: FrameType) -> Caller:
    code = frame.f_code
    return Caller(code.co_filename, frame.f_lineno, code.co_name, frame.f_globals.get("__name__", "?"))


def _task_name() -> Optional[str]:
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return None
    try:
        loop = asyncio._get_running_loop()
        if loop is None:
            return None
        task = asyncio.current_task(loop)
    except Exception:
        return None
    if task is None:
        return None
    get_name = getattr(task, "get_name", None)
    return get_name() if get_name is not None else "Task-%x" % id(task)


class Tracer(object):
    """Traces (and breaks, if given faults) every system call pysock makes.

    ``output``  where to write each event as it completes: a path (opened
                for writing, closed on stop), a text stream, or None to keep
                events in memory only
    ``format``  ``"text"`` (strace-like lines) or ``"jsonl"`` (one JSON
                object per line)
    ``calls``   which calls to record: names and classes as for ``Fault``
                (default: all); a call a fault acted on is recorded anyway
    ``faults``  ``Fault`` rules, or their spec strings
    ``stack``   record the whole Python stack of each call
    ``keep``    keep events in ``self.events`` (the summary is kept anyway)
    ``strsize`` how many payload bytes an event keeps (strace ``-s``)
    ``seed``    seeds the probability of the faults that have no seed
    ``ask_fds`` ask the kernel for the addresses of descriptors the trace
                has not seen created (a few untraced calls per descriptor)

    Use it as a context manager, or ``start()``/``stop()``.  One tracer can
    run at a time.
    """

    def __init__(
        self,
        output: Union[str, "os.PathLike[str]", IO[str], None] = None,
        format: str = "text",
        *,
        calls: Union[str, Iterable[str], None] = None,
        faults: Iterable[Union[Fault, str]] = (),
        stack: bool = False,
        keep: bool = True,
        strsize: int = 32,
        seed: object = 0,
        ask_fds: bool = True
    ) -> None:
        if format not in ("text", "jsonl"):
            raise ValueError("format must be 'text' or 'jsonl', not %r" % (format,))
        self.output = output
        self.format = format
        self.calls = calls
        self.faults = [f if isinstance(f, Fault) else Fault.parse(f) for f in faults]
        self.stack = bool(stack)
        self.keep = bool(keep)
        self.strsize = int(strsize)
        self.seed = seed
        self.ask_fds = ask_fds
        #: The recorded events, oldest first (if ``keep``).
        self.events = []  # type: List[Event]
        self._record = _calls.expand(calls) if calls is not None else None
        self._on = False
        self._saved = {}  # type: Dict[str, Optional[Callable[..., Any]]]
        self._wrappers = {}  # type: Dict[str, Callable[..., Any]]
        self._stream = None  # type: Optional[IO[str]]
        self._own_stream = False
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.fds = FdTable(self.ask_fds)
        self._seq = 0
        self._nth = {}  # type: Dict[str, int]
        self._nth_fd = {}  # type: Dict[int, Dict[str, int]]
        self._totals = {}  # type: Dict[str, List[Any]]
        for index, fault in enumerate(self.faults):
            fault.reset("%s:%d" % (self.seed, index))

    # -- on and off -------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._on

    def start(self) -> "Tracer":
        """Wrap the backend: from now on every call is traced."""
        global _active
        with _state:
            if _active is not None:
                raise RuntimeError("pysock.trace: a tracer is already active")
            self._reset()
            self.events = []
            self._open()
            self._saved = {}
            self._wrappers = {}
            # The system calls, and the TLS layer's calls (the plaintext).
            for table in _TABLES:
                for name in table.calls:
                    self._saved[name] = table.__dict__.get(name)
                    wrapper = self._wrap(name, getattr(table, name))
                    self._wrappers[name] = wrapper
                    setattr(table, name, wrapper)
            self._on = True
            _active = self
        return self

    def stop(self) -> None:
        """Put the backend back as it was; flush (and close) the output."""
        global _active
        with _state:
            if not self._on:
                return
            self._on = False
            for name, saved in self._saved.items():
                table = _tlscalls.tls if name in _tlscalls.CALLS else backend
                # A wrapper someone put over ours stays; it calls through
                # ours, which is inert now.
                if table.__dict__.get(name) is self._wrappers[name]:
                    if saved is None:
                        del table.__dict__[name]
                    else:
                        table.__dict__[name] = saved
            self._saved = {}
            self._wrappers = {}
            if _active is self:
                _active = None
        self._close()

    def __enter__(self) -> "Tracer":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    # -- output -----------------------------------------------------------

    def _open(self) -> None:
        out = self.output
        if out is None:
            self._stream = None
        elif hasattr(out, "write"):
            # Casts to what hasattr() told: not every checker narrows by it
            # (the path is cast from self.output, which none narrowed).
            self._stream = cast("IO[str]", out)
            self._own_stream = False
        else:
            path = cast("Union[str, os.PathLike[str]]", self.output)
            self._stream = open(os.fspath(path), "w", encoding="utf-8")
            self._own_stream = True

    def _close(self) -> None:
        stream = self._stream
        if stream is None:
            return
        with self._write_lock:
            try:
                if self._own_stream:
                    stream.close()
                else:
                    stream.flush()
            except (OSError, ValueError):
                pass
            self._stream = None

    # -- results ----------------------------------------------------------

    def summary(self) -> Summary:
        """Counts, errors and time per call so far (``strace -c``)."""
        with self._lock:
            rows = [SummaryRow(name, c, e, s) for name, (c, e, s) in self._totals.items()]
        return Summary(rows)

    # -- the wrapper ----------------------------------------------------

    def _wrap(self, name: str, inner: Callable[..., Any]) -> Callable[..., Any]:
        invoke = self._invoke
        # How this call's arguments read by the contract's names: made once
        # per call name, here, not per call.
        bind = binder(name)

        def traced(*args: Any, **kwargs: Any) -> Any:
            if not self._on:
                return inner(*args, **kwargs)
            result = invoke(name, inner, bind, args, kwargs)
            if result.__class__ is _Injected:
                # Raised here, so the program's traceback ends one frame
                # below pysock's own, not deep inside the tracer.
                raise result.error
            return result

        traced.__name__ = name
        traced.__qualname__ = "traced." + name
        traced.__doc__ = inner.__doc__
        setattr(traced, "__wrapped__", inner)  # as functools.update_wrapper does
        return traced

    def _begin(self, name: str, args: Arguments) -> Event:
        """A new event for a call about to be made (decoded arguments);
        *args* is the call's ``Arguments``."""
        with self._lock:
            self._seq += 1
            seq = self._seq
            nth = self._nth.get(name, 0) + 1
            self._nth[name] = nth
        ev = Event(seq, name)
        ev.nth = nth
        ev.args = args
        ev.time = _now()
        decoder = _calls.DECODERS.get(name)
        try:
            (decoder[0] if decoder else _calls.generic_before)(self, ev, args)
        except Exception:
            _calls.generic_before(self, ev, args)
        if ev.fd is not None:
            fd = int(ev.fd)
            with self._lock:
                per_fd = self._nth_fd.setdefault(fd, {})
                ev.nth_on_fd = per_fd[name] = per_fd.get(name, 0) + 1
        thread = threading.current_thread()
        ev.thread = thread.name
        ev.thread_id = thread.ident or 0
        ev.task = _task_name()
        frame: Optional[FrameType] = _getframe(3)
        while frame is not None and _ours(frame):
            frame = frame.f_back
        if frame is not None:
            ev.caller = _frame(frame)
        if self.stack:
            frames = []
            frame = _getframe(3)
            while frame is not None and not frame.f_code.co_filename.endswith(_RUNNER):
                frames.append(_frame(frame))
                frame = frame.f_back
            ev.stack = frames
        return ev

    def _decide(self, ev: Event) -> List[Fault]:
        """The faults that act on this call."""
        fired: List[Fault] = []
        for fault in self.faults:
            if ev.call not in fault.calls:
                continue
            if fault.predicate is not None and not fault.predicate(ev):
                continue
            with self._lock:
                fault.matched += 1
                if fault.matched not in fault.when or not fault.draw():
                    continue
                fault.injected += 1
            fired.append(fault)
        return fired

    def _after(self, ev: Event, args: Arguments, result: Any) -> None:
        decoder = _calls.DECODERS.get(ev.call)
        try:
            (decoder[1] if decoder else _calls.generic_after)(self, ev, args, result)
        except Exception:
            _calls.generic_after(self, ev, args, result)
        # A descriptor closed or made anew starts its nth_on_fd from 1.
        if ev.call == "close":
            self._forget(args.fd)
        else:
            for fd in _calls.created_fds(ev.call, result):
                self._forget(fd)

    def _forget(self, fd: int) -> None:
        with self._lock:
            self._nth_fd.pop(fd, None)

    def _failed(self, ev: Event, args: Arguments, exc: BaseException) -> None:
        # ssl is looked up, never imported (that would import the stdlib
        # socket): a program with a TLS error has loaded it.
        ssl = sys.modules.get("ssl")
        ssl_error: Optional[Type[SSLError]] = getattr(ssl, "SSLError", None) if ssl is not None else None
        if ssl_error is not None and isinstance(exc, ssl_error):
            # A TLS call's error: its errno is the SSL_ERROR_* code.
            ev.errno = exc.errno
            ev.error = type(exc).__name__
            ev.strerror = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
        elif isinstance(exc, OSError) and exc.errno is not None:
            ev.errno = exc.errno
            ev.error = _names.errno_name(exc.errno)
            ev.strerror = exc.strerror if exc.strerror is not None else strerror(exc.errno)
        else:
            ev.error = type(exc).__name__
        decoder = _calls.DECODERS.get(ev.call)
        if decoder and decoder[2] is not None and ev.errno is not None:
            try:
                decoder[2](self, ev, args, ev.errno)
            except Exception:
                pass

    def _invoke(
        self,
        name: str,
        inner: Callable[..., Any],
        bind: Binder,
        args: Tuple[Any, ...],
        kwargs: Dict[str, Any],
    ) -> Any:
        local = _local
        if getattr(local, "busy", False):
            return inner(*args, **kwargs)
        local.busy = True
        try:
            # Bound once: every decoder and fault below reads this.
            arguments = bind(args, kwargs)
            ev = self._begin(name, arguments)
            fired: Sequence[Fault] = self._decide(ev) if self.faults else ()
        finally:
            local.busy = False
        record = self._record is None or name in self._record or bool(fired)
        try:
            if fired:
                return self._faulty(ev, fired, inner, arguments, record)
            start = _perf()
            try:
                result = inner(*args, **kwargs)
            except BaseException as exc:
                ev.duration = _perf() - start
                local.busy = True
                try:
                    self._failed(ev, arguments, exc)
                    if record:
                        self._emit(ev)
                finally:
                    local.busy = False
                raise
            ev.duration = _perf() - start
            local.busy = True
            try:
                self._after(ev, arguments, result)
                if record:
                    self._emit(ev)
            finally:
                local.busy = False
            return result
        finally:
            ev.args = None

    def _faulty(
        self,
        ev: Event,
        fired: Sequence[Fault],
        inner: Callable[..., Any],
        args: Arguments,
        record: bool,
    ) -> Any:
        """The call with the actions of the *fired* faults around it (*args*:
        its ``Arguments``)."""
        name = ev.call
        delay = sum(f.delay for f in fired if f.delay is not None)
        delay_after = sum(f.delay_after for f in fired if f.delay_after is not None)
        error = next((f.error for f in fired if f.error is not None), None)
        error_after = next((f.error_after for f in fired if f.error_after is not None), None)
        signals = [f.signal for f in fired if f.signal is not None]
        spurious = name == "poll" and any(f.spurious for f in fired)
        limits = [f.bytes for f in fired if f.bytes is not None]
        limit = min(limits) if limits and name in _calls.SHORT_IO else None
        marks = ev.injected

        if delay:
            marks.append("delay=%g" % delay)
            time.sleep(delay)
        for number in signals:
            marks.append("signal=%s" % _fault_signal_name(number))
            _raise_signal(number)
        if error is not None and name == "connect" and error == _EINTR:
            # A signal does not stop a connection under way: the kernel
            # goes on connecting and the caller waits for it (bpo-23618).
            error_after = error_after if error_after is not None else error
            error = None
        if error is not None:
            marks.append("error=%s" % _names.errno_name(error))
            exc = oserror(error)
            self._finish_failed(ev, args, exc, record)
            return _Injected(exc)
        if spurious:
            marks.append("spurious")
            result = args.events
            self._finish(ev, args, result, record)
            return result
        real_args = args
        if limit is not None:
            marks.append("bytes=%d" % limit)
            real_args = _calls.SHORT_IO[name](args, limit)
        start = _perf()
        try:
            result = inner(*real_args._args, **real_args._kwargs)
        except BaseException as exc:
            ev.duration = _perf() - start
            self._finish_failed(ev, real_args, exc, record)
            raise
        ev.duration = _perf() - start
        if delay_after:
            marks.append("delay_after=%g" % delay_after)
            time.sleep(delay_after)
        if error_after is not None:
            marks.append("error_after=%s" % _names.errno_name(error_after))
            # Descriptors the call made would leak: the program never
            # learns them.
            for fd in _calls.created_fds(name, result):
                try:
                    backend.originals["close"](fd)
                except OSError:
                    pass
            late = oserror(error_after)
            self._finish(ev, real_args, result, False)
            self._finish_failed(ev, real_args, late, record)
            return _Injected(late)
        self._finish(ev, real_args, result, record)
        return result

    def _finish(self, ev: Event, args: Arguments, result: Any, record: bool) -> None:
        _local.busy = True
        try:
            self._after(ev, args, result)
            if record:
                self._emit(ev)
        finally:
            _local.busy = False

    def _finish_failed(self, ev: Event, args: Arguments, exc: BaseException, record: bool) -> None:
        _local.busy = True
        try:
            self._failed(ev, args, exc)
            if record:
                self._emit(ev)
        finally:
            _local.busy = False

    def _emit(self, ev: Event) -> None:
        with self._lock:
            totals = self._totals.get(ev.call)
            if totals is None:
                totals = self._totals[ev.call] = [0, 0, 0.0]
            totals[0] += 1
            if ev.error is not None:
                totals[1] += 1
            totals[2] += ev.duration
            if self.keep:
                self.events.append(ev)
        stream = self._stream
        if stream is not None:
            try:
                line = format_text(ev, True) if self.format == "text" else format_json(ev)
            except Exception as exc:  # a decoding bug must not break the program
                line = "%s(...) <pysock.trace could not format this call: %r>" % (ev.call, exc)
            with self._write_lock:
                try:
                    stream.write(line + "\n")
                    stream.flush()
                except (OSError, ValueError):
                    pass  # a closed or broken output must not break the program

    def __repr__(self) -> str:
        return "<pysock.trace.Tracer %s, %d events>" % (
            "active" if self._on else "inactive",
            len(self.events),
        )


class _Injected(object):
    """An injected error, handed from the tracer to the wrapper to raise."""

    __slots__ = ("error",)

    def __init__(self, error: OSError) -> None:
        self.error = error


def _fault_signal_name(number: int) -> str:
    from ._fault import _signal_name

    return _signal_name(number)


def _raise_signal(number: int) -> None:
    raise_signal = getattr(_signal, "raise_signal", None)
    if raise_signal is not None:
        raise_signal(number)
    else:  # pragma: no cover - Python < 3.8
        os.kill(os.getpid(), number)


def active() -> Optional[Tracer]:
    """The running tracer, or None."""
    return _active
