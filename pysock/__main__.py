"""Run an unmodified program on pysock, traced or not.

    python -m pysock run   [--] script.py [args...]
    python -m pysock run   [--] -m module [args...]
    python -m pysock trace [options] [--] script.py|-m module [args...]

``run`` calls ``pysock.install()`` before the program starts: the names of
the stdlib ``socket`` module become pysock's, so the program's ``import
socket`` -- and that of every module it imports: selectors, asyncio,
http.client, socketserver, smtplib, ... -- makes its sockets with pysock.  ``trace``
does the same with pysock.trace on, strace-like.  The exit status is the
program's.

TLS follows: ``pysock.install()`` switches the stdlib ``ssl`` module to pysock's SSLSocket
(``pysock.ssl.install_tls()``), so ``SSLContext.wrap_socket()`` -- the
program's and that of urllib, http.client, requests, ... -- runs TLS over
pysock, the ciphertext through pysock's system calls.

What cannot follow: other C code that wants the C socket type itself.  A
module that imports ``_socket`` directly, and any module
imported before pysock was installed (e.g. by ``sitecustomize``), keeps
the C implementation; ``trace`` warns when a module captured a name of the
stdlib ``socket`` module (``from socket import socket``) before.
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys
import types
from typing import IO, TYPE_CHECKING, Callable, List, Optional, Sequence, Tuple, Type, Union

if TYPE_CHECKING:
    from types import TracebackType
    from typing import TypedDict

    from .trace import Tracer

    class Options(TypedDict):
        """The options of ``trace`` (``parse``'s second item)."""

        output: Optional[str]
        format: str
        stack: bool
        summary: Optional[str]  # None, "also" or "only"
        calls: Optional[List[str]]
        inject: List[str]
        strsize: int
        seed: Union[int, str]
        pcap: Optional[str]

USAGE = """\
usage: python -m pysock run   [--] (script.py | -m module) [args...]
       python -m pysock trace [options] [--] (script.py | -m module) [args...]

Run a program with pysock as its socket module; `trace` also traces every
system call pysock makes (to stderr unless -o is given).

trace options:
  -o, --output FILE      write the trace to FILE
  --format FORMAT        text: strace-like lines (default); jsonl: one JSON
                         object per line; perfetto: the Trace Event Format
                         JSON (Perfetto, chrome://tracing), written at exit
  --pcap FILE            also write the TCP and UDP payloads as pcapng
                         (Wireshark), with made-up link/IP/TCP/UDP headers
  --stack                the whole Python stack of every call
  -C, --summary          the events, then a summary table (like strace -C)
  -c, --summary-only     only the summary table (like strace -c)
  --calls LIST           record only these calls: names and classes, comma-
                         separated (recv,send,connect; %recv, %send, %io,
                         %resolve, %tls, %all; !poll leaves poll out)
  --inject SPEC          a fault, e.g. recv:error=ECONNRESET:when=2,
                         send:bytes=1, connect:delay=0.5 (may repeat)
  -s, --strsize N        payload bytes shown per call (default 32)
  --seed N               seed of the faults' probabilities (default 0)
"""


class UsageError(Exception):
    pass


def _take_value(argv: Sequence[str], i: int, option: str) -> Tuple[str, int]:
    """The value of *option* at argv[i] (``--opt=value`` or ``--opt value``)."""
    arg = argv[i]
    if "=" in arg and arg.startswith("--"):
        return arg.split("=", 1)[1], i + 1
    if i + 1 >= len(argv):
        raise UsageError("%s needs a value" % option)
    return argv[i + 1], i + 2


def parse(argv: Sequence[str]) -> Tuple[str, Options, Tuple[bool, str, Sequence[str]]]:
    """(command, options dict, (module?, target, args)) from *argv*."""
    if not argv or argv[0] in ("-h", "--help", "help"):
        raise UsageError(None)
    command = argv[0]
    if command not in ("run", "trace"):
        raise UsageError("unknown command %r" % command)
    opts: Options = {
        "output": None,
        "format": "text",
        "stack": False,
        "summary": None,  # None, "also" or "only"
        "calls": None,
        "inject": [],
        "strsize": 32,
        "seed": 0,
        "pcap": None,
    }
    tracing = command == "trace"
    i = 1
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if arg == "--":
            i += 1
            break
        if arg == "-m" or not arg.startswith("-") or arg == "-":
            break
        if arg in ("-h", "--help"):
            raise UsageError(None)
        if not tracing:
            raise UsageError("unknown option %r for run" % arg)
        if name in ("-o", "--output"):
            opts["output"], i = _take_value(argv, i, name)
        elif name == "--format":
            opts["format"], i = _take_value(argv, i, name)
            if opts["format"] not in ("text", "jsonl", "perfetto"):
                raise UsageError("--format is text, jsonl or perfetto, not %r" % opts["format"])
        elif name == "--pcap":
            opts["pcap"], i = _take_value(argv, i, name)
        elif arg in ("--stack", "-k"):
            opts["stack"] = True
            i += 1
        elif arg in ("-C", "--summary"):
            opts["summary"] = "also"
            i += 1
        elif arg in ("-c", "--summary-only"):
            opts["summary"] = "only"
            i += 1
        elif name == "--calls":
            value, i = _take_value(argv, i, name)
            opts["calls"] = (opts["calls"] or []) + [value]
        elif name == "--inject":
            value, i = _take_value(argv, i, name)
            opts["inject"].append(value)
        elif name in ("-s", "--strsize"):
            value, i = _take_value(argv, i, name)
            try:
                opts["strsize"] = int(value)
            except ValueError:
                raise UsageError("%s takes a number, not %r" % (name, value))
        elif name == "--seed":
            value, i = _take_value(argv, i, name)
            opts["seed"] = value
        else:
            raise UsageError("unknown option %r" % arg)
    rest = argv[i:]
    if not rest:
        raise UsageError("no program to run")
    if rest[0] == "-m":
        if len(rest) < 2:
            raise UsageError("-m needs a module name")
        return command, opts, (True, rest[1], rest[2:])
    return command, opts, (False, rest[0], rest[1:])


# -- making pysock the socket module -------------------------------------------


def install() -> List[str]:
    """Switch the stdlib ``socket`` module to pysock (``pysock.install()``,
    the same mechanism a program can use itself).  Returns the names of
    modules that captured one of its objects before and keep it."""
    import pysock
    from pysock import _install

    pysock.install()
    return _install.holders()


# -- running the program ---------------------------------------------------------


def run_program(is_module: bool, target: str, args: Sequence[str]) -> None:
    """Run *target* as ``python script.py`` / ``python -m module`` would."""
    if is_module:
        sys.argv = [target] + list(args)
        run_as_main = getattr(runpy, "_run_module_as_main", None)
        if run_as_main is not None:
            run_as_main(target, alter_argv=True)
        else:  # pragma: no cover - every CPython 3.8-3.13 has it
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        return
    sys.argv = [target] + list(args)
    script_dir = os.path.dirname(os.path.abspath(target))
    if sys.path and sys.path[0] in ("", os.getcwd()):
        sys.path[0] = script_dir    # what `python -m` put there: the script's now
    else:
        # No such entry (-P, -I, an embeddable build's ._pth, whose first
        # entry is the standard library's zip): add the script's.
        sys.path.insert(0, script_dir)
    if not os.path.exists(target):
        # As python itself says it, with its exit status.
        sys.stderr.write(
            "%s: can't open file %r: [Errno 2] No such file or directory\n"
            % (os.path.basename(sys.executable), os.path.abspath(target))
        )
        raise SystemExit(2)
    import zipfile

    if not os.path.isfile(target) or zipfile.is_zipfile(target):
        # A directory or zip file with a __main__.py.
        runpy.run_path(target, run_name="__main__")
        return
    import builtins

    main = types.ModuleType("__main__")
    main.__file__ = target
    # (through __dict__: typeshed's ModuleType declares neither of these)
    main.__dict__["__builtins__"] = builtins
    main.__spec__ = None
    main.__loader__ = None
    main.__dict__["__cached__"] = None
    open_code = getattr(__import__("io"), "open_code", None) or (lambda p: open(p, "rb"))
    with open_code(target) as f:
        source = f.read()
    code = compile(source, target, "exec", dont_inherit=True)
    # The program's module is __main__ for good (pickle, multiprocessing),
    # as under `python script.py`.
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


def _user_traceback(tb: Optional[TracebackType]) -> Optional[TracebackType]:
    """*tb* without the frames of this runner and of runpy."""
    here = os.path.normcase(os.path.abspath(__file__))
    while tb is not None:
        frame = tb.tb_frame
        filename = frame.f_code.co_filename
        if (
            frame.f_globals.get("__name__") == "runpy"
            or "<frozen runpy>" in filename
            or os.path.normcase(os.path.abspath(filename)) == here
        ):
            tb = tb.tb_next
            continue
        break
    return tb


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        command, opts, (is_module, target, args) = parse(argv)
    except UsageError as exc:
        if exc.args[0] is None:
            sys.stdout.write(USAGE)
            return 0
        sys.stderr.write("pysock: %s\n\n%s" % (exc.args[0], USAGE))
        return 2

    finish = None
    if command == "trace":
        try:
            finish = start_tracing(opts)
        except (ValueError, OSError) as exc:
            sys.stderr.write("pysock: %s\n" % (exc,))
            return 2
        atexit.register(finish)

    holders = install()
    if holders and command == "trace":
        sys.stderr.write(
            "pysock: these modules took names from the stdlib socket module "
            "before pysock was installed and keep them: %s\n" % ", ".join(holders)
        )

    try:
        run_program(is_module, target, args)
    except SystemExit:
        raise
    except KeyboardInterrupt as exc:
        # Python's own exit for it: the traceback, then death by SIGINT.
        raise exc.with_traceback(_user_traceback(exc.__traceback__))
    except BaseException as exc:
        tb = _user_traceback(exc.__traceback__)
        # The hook prints the exception's own __traceback__: set it.
        sys.excepthook(type(exc), exc.with_traceback(tb), tb)
        return 1
    return 0


def start_tracing(opts: Options) -> Callable[[], None]:
    """Start the tracer the options ask for; return the function that
    stops it and writes the summary (run at exit, after the program's
    threads have ended)."""
    from . import trace

    only_summary = opts["summary"] == "only"
    stream: IO[str] = sys.stderr
    own: Optional[IO[str]] = None
    if opts["output"] is not None:
        own = open(opts["output"], "w", encoding="utf-8")
        stream = own
    faults = [trace.Fault.parse(spec) for spec in opts["inject"]]
    perfetto = opts["format"] == "perfetto"
    pcap = opts["pcap"]
    # Opened now: a path that cannot be written is a usage error before
    # the program runs, not a lost capture after.
    pcap_file = open(pcap, "wb") if pcap is not None else None
    factory: Type[Tracer] = trace.CaptureTracer if pcap is not None else trace.Tracer
    tracer = factory(
        None if only_summary or perfetto else stream,
        "text" if perfetto else opts["format"],
        calls=opts["calls"],
        faults=faults,
        stack=opts["stack"],
        keep=perfetto,
        strsize=opts["strsize"],
        seed=opts["seed"],
    )
    tracer.start()
    done: List[bool] = []

    def finish() -> None:
        if done:
            return
        done.append(True)
        tracer.stop()
        if pcap_file is not None and isinstance(tracer, trace.CaptureTracer):
            with pcap_file:
                trace.write_pcapng(tracer.capture_events, pcap_file, tracer.capture_payloads)
        if perfetto and not only_summary:
            try:
                trace.write_perfetto(tracer.events, stream)
                stream.flush()
            except (OSError, ValueError):
                pass
        if opts["summary"] is not None:
            summary = tracer.summary()
            if opts["format"] != "text":
                import json

                text = json.dumps({"summary": summary.to_dict()})
            else:
                text = str(summary)
            # After a Perfetto document the stream must stay one JSON value.
            where = sys.stderr if perfetto else stream
            try:
                where.write(text + "\n")
                where.flush()
            except (OSError, ValueError):
                pass
        if own is not None:
            own.close()

    return finish


if __name__ == "__main__":
    sys.exit(main())
