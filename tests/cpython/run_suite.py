#!/usr/bin/env python3
"""Run CPython's own ``test.test_socket`` with the stdlib and with pysock.

CPython's suite is the judge: the running interpreter's ``test_socket`` runs
twice through the same machinery, once as is and once with ``socket`` and
``_socket`` mapped to ``pysock``.  Every test that passes with the stdlib and
does not pass with pysock is named, and its count is held by a ratchet
(``ratchet.json``) so that it can only go down.

Why worker processes: a test may hang (on this sandboxed kernel the vsock test
hangs even with the stdlib, and a young pysock may hang anywhere), and
a hung thread cannot be stopped from inside the interpreter.  So workers run
the tests one by one and report each start and each result on a pipe as soon
as it is known; this parent process kills a worker whose current test runs past
the time limit, records that test as "hung" (with the worker's stack dump) and
starts a fresh worker on what is left.  Test classes are handed out one at a
time to ``-j`` workers.

This file is also the worker program (``--worker``).  A pysock worker must map
``socket`` before anything imports the stdlib one, so the imports at the top
of this file are limited to modules that do not import ``socket`` (on 3.8,
even ``import unittest`` does, through asyncio; on PyPy ``import hashlib``
does); the worker checks this.

    python tests/cpython/run_suite.py            # both runs, side by side
    python tests/cpython/run_suite.py --check    # and hold the ratchet
    python tests/cpython/run_suite.py -k GeneralModuleTests --only pysock
"""

import argparse
import collections
import errno
import faulthandler
import functools
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
EXCLUDED_FILE = os.path.join(HERE, "excluded.txt")
RATCHET_FILE = os.path.join(HERE, "ratchet.json")

TEST_MODULE = "test.test_socket"
# The suites this runner knows (--module): test_socket, and for TLS over
# pysock (pysock.ssl) the suites of ssl and of http.client.  Each but
# test_socket has its own excluded list and ratchet beside these files.
MODULES = ("test.test_socket", "test.test_ssl", "test.test_httplib")


def select_module(name):
    """Make *name* the suite this process runs (and its files)."""
    global TEST_MODULE, EXCLUDED_FILE, RATCHET_FILE
    TEST_MODULE = name
    if name != "test.test_socket":
        short = name.rsplit(".", 1)[-1]
        EXCLUDED_FILE = os.path.join(HERE, "excluded.%s.txt" % short)
        RATCHET_FILE = os.path.join(HERE, "ratchet.%s.json" % short)
RERUN_LIMIT = 20        # more losses than this are not flakes: no re-run
SIDES = ("stdlib", "pysock")
# Every way a test can end; "hung" and "crashed" are decided by the parent.
OUTCOMES = ("passed", "failed", "error", "skipped", "hung", "crashed")
COUNT_COLUMNS = ("run",) + OUTCOMES

DEFAULT_TIMEOUT = 60.0
DETAIL_LIMIT = 6000          # characters of traceback kept per test
# test_socket itself uses SIGALRM/SIGUSR1; Windows has no SIGUSR2 (no dump).
STACK_DUMP_SIGNAL = getattr(signal, "SIGUSR2", None)
STACK_DUMP_WAIT = 1.0        # seconds given to faulthandler before SIGKILL
EXIT_GRACE = 10.0            # seconds a finished worker gets to exit
MAX_FRUITLESS_RESTARTS = 3   # workers lost in a row before giving up

# What `python -m test -u all` enables: libregrtest's ALL_RESOURCES, used when
# libregrtest cannot be imported here (its location moved in 3.11).
FALLBACK_ALL_RESOURCES = ("audio", "curses", "largefile", "network", "decimal",
                          "cpu", "subprocess", "urlfetch", "gui", "walltime")


# --wine MINOR: the workers are that Windows CPython under Wine
# (tools/wine/winepy.py); this parent runs on Linux.  Set by main().
WINE = None
WINE_RATCHET_FILE = os.path.join(HERE, "ratchet_windows.json")
WINE_EXCLUDED_FILE = os.path.join(HERE, "excluded_windows.txt")


def _winepy():
    sys.path.insert(0, os.path.join(REPO_ROOT, "tools", "wine"))
    import winepy
    return winepy


def python_key():
    if WINE is not None:
        return WINE
    # PyPy runs its own copy of test_socket (pypy3-lib-testsuite): its own
    # ratchet entry, "pypy3.9".
    if sys.implementation.name == "pypy":
        return "pypy%d.%d" % sys.version_info[:2]
    return "%d.%d" % sys.version_info[:2]


def guard_testcapi():
    """Debian's PyPy ships _testcapi.py but not the C file it builds from:
    ``import _testcapi`` raises FileNotFoundError there.  The suite expects
    an ImportError (it skips what needs the module): make it one, for both
    sides alike."""
    try:
        import _testcapi  # noqa: F401
    except ImportError:
        pass
    except OSError:
        sys.modules["_testcapi"] = None     # `import _testcapi` raises ImportError


def clip(text, limit=DETAIL_LIMIT):
    if text is None or len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + "\n[... %d characters cut ...]\n" % (len(text) - limit) + text[-half:]


def class_of(test_id):
    return test_id.rsplit(".", 1)[0]


def short_id(test_id):
    prefix = TEST_MODULE + "."
    return test_id[len(prefix):] if test_id.startswith(prefix) else test_id


# ---------------------------------------------------------------------------
# Worker side
# ---------------------------------------------------------------------------

def _socket_twin(pysock):
    """The ``_socket`` module as pysock provides it: pysock's public names,
    with ``socket`` bound to the base type ``pysock.SocketType``."""
    import types
    twin = types.ModuleType("_socket", "pysock in the role of the C _socket module")
    names = {name: value for name, value in vars(pysock).items()
             if not name.startswith("__")}
    vars(twin).update(names)
    twin.socket = pysock.SocketType
    return twin


def install_pysock_as_socket(tls=False):
    """Make ``import socket`` give ``pysock`` and ``import _socket`` its twin.

    This is what ``import pysock as socket`` means, done for code we do not
    own (test_socket, test.support, and on 3.8 asyncio through unittest).

    ``_socket`` maps to ``_socket_twin(pysock)``: a module with pysock's
    names in which ``socket`` is pysock's base type ``pysock.SocketType``,
    as the C ``_socket`` module holds the C base type under that name (the
    stdlib ``socket`` is ``from _socket import *`` plus the Python layer).
    test_socket uses ``_socket`` for constants and ``hasattr`` probes, as the
    source namespace of the enum tests, and for checks of the base type
    (its repr, ``socket.SocketType is _socket.socket``).  test.support does
    not use ``_socket``.

    ``ssl`` cannot work here: the C ``_ssl`` module takes the capsule
    ``_socket.CAPI`` from whatever ``sys.modules["_socket"]`` is, and fails
    with an AttributeError, which asyncio's ``try: import ssl / except
    ImportError`` does not catch (on 3.8-3.10 ``import unittest`` imports
    asyncio).  So ``_ssl`` is made to raise ImportError, the way a Python
    built without OpenSSL behaves; test_socket does not use ssl.
    """
    for name in ("socket", "_socket"):
        if name in sys.modules:
            raise RuntimeError(
                "the stdlib %r module was imported before pysock could take "
                "its place; the worker must map it first" % name)
    if REPO_ROOT not in sys.path:
        sys.path.insert(0, REPO_ROOT)
    import pysock
    if getattr(pysock, "__file__", None) is None:
        raise ImportError(
            "pysock is only a namespace package here (no pysock/__init__.py "
            "under %s): nothing to test yet" % list(getattr(pysock, "__path__", [])))
    notes = []
    for name in ("socket", "_socket"):
        stdlib_module = sys.modules.get(name)
        if stdlib_module is None:
            continue
        holders = sorted(
            module_name for module_name, module in list(sys.modules.items())
            if any(value is stdlib_module for value in vars(module).values()))
        if any(h == "pysock" or h.startswith("pysock.") for h in holders):
            raise RuntimeError(
                "pysock uses the stdlib %r module (held by %s); a comparison "
                "with the stdlib would be meaningless" % (name, ", ".join(holders)))
        # E.g. typing_extensions imports _socket only to find the capsule
        # type (exceptiongroup, which pysock uses before 3.11, imports it).
        notes.append("importing pysock loaded the stdlib %r module (held by %s); "
                     "replaced in sys.modules" % (name, ", ".join(holders) or "nobody"))
    sys.modules["socket"] = pysock
    sys.modules["_socket"] = _socket_twin(pysock)
    if tls:
        # TLS over pysock: _ssl finds its capsule on the twin (pysock.CAPI,
        # the C module's own) and the stdlib ssl module wraps sockets into
        # pysock.ssl.SSLSocket.  PyPy's _socket has no capsule (nor pysock
        # there): its _ssl is Python over cffi and imports none.
        if sys.implementation.name != "pypy":
            sys.modules["_socket"].CAPI = pysock.CAPI
        import pysock.ssl
        pysock.ssl.install_tls()
        notes.append("TLS: ssl imported over pysock, pysock.ssl.install_tls()")
        return pysock, notes
    if "_ssl" in sys.modules:
        notes.append("importing pysock imported _ssl: ssl uses the stdlib's "
                     "_socket in this run")
    else:
        sys.modules["_ssl"] = None      # `import _ssl` raises ImportError
    return pysock, notes


def prepare_test_support(resources):
    """Set up test.support as regrtest does before it imports a test module.

    The resources must be in place before test_socket is imported: some of
    its skip decorators call ``support.is_resource_enabled`` at import time.
    """
    from test import support
    support.use_resources = list(resources)
    # `python -m test` without -v; verbose only changes what gets printed.
    support.verbose = 0
    support.failfast = False
    if hasattr(support, "record_original_stdout"):
        support.record_original_stdout(sys.stdout)
    return support


def load_tests(module, support):
    """The TestCase instances that regrtest would run for ``module``.

    regrtest calls ``test_main()`` when a module has one (test_socket on 3.8,
    whose test_main lists the classes to run; a plain loader would also pick
    up base classes that are not meant to run), otherwise it uses
    ``loadTestsFromModule`` (which honours ``load_tests``).
    """
    import unittest
    loader = unittest.TestLoader()
    if hasattr(module, "test_main"):
        captured = []
        original = support.run_unittest
        support.run_unittest = lambda *classes: captured.extend(classes)
        try:
            module.test_main()
        finally:
            support.run_unittest = original
        suite = unittest.TestSuite()
        for item in captured:
            if isinstance(item, str):
                suite.addTest(loader.loadTestsFromModule(sys.modules[item]))
            elif isinstance(item, (unittest.TestSuite, unittest.TestCase)):
                suite.addTest(item)
            else:
                suite.addTest(loader.loadTestsFromTestCase(item))
    else:
        suite = loader.loadTestsFromModule(module)
        if getattr(loader, "errors", None):
            raise ImportError("loading %s failed:\n%s"
                              % (module.__name__, "\n".join(loader.errors)))

    def flatten(node):
        for item in node:
            if isinstance(item, unittest.TestSuite):
                yield from flatten(item)
            else:
                yield item

    tests = collections.OrderedDict()
    for test in flatten(suite):
        tests[test.id()] = test
    return tests


class EventWriter:
    """JSON lines on the event pipe, one write per event."""

    def __init__(self, fd):
        self.fd = fd

    def send(self, **event):
        data = (json.dumps(event) + "\n").encode("utf-8")
        while data:
            try:
                written = os.write(self.fd, data)
            except InterruptedError:
                continue
            data = data[written:]


def die_with_parent():
    """Best effort: have Linux kill this worker if the parent process dies.

    Without it a worker stuck in a hung test would outlive a parent killed
    by SIGKILL (a CI time limit, say).  A worker otherwise exits on its own
    when the parent goes away: its command pipe reaches end of file.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def run_worker(side, event_fd, command_fd, resources):
    """Load test_socket, then run the batches of test ids the parent sends."""
    die_with_parent()
    if event_fd is None:
        # --stdio (a Windows worker under Wine): events on stdout, commands
        # on stdin; what the tests print goes to stderr, the log.
        event_fd = os.dup(1)
        command_fd = os.dup(0)
        os.dup2(2, 1)
    os.set_inheritable(event_fd, False)
    os.set_inheritable(command_fd, False)
    events = EventWriter(event_fd)
    commands = os.fdopen(command_fd, "rb")
    # A crash or a stack-dump request prints every thread's stack to the log,
    # which the parent quotes in the test's details.
    faulthandler.enable(all_threads=True)
    if STACK_DUMP_SIGNAL is not None:
        faulthandler.register(STACK_DUMP_SIGNAL, all_threads=True, chain=False)

    module_file = None
    notes = []
    try:
        if side == "pysock":
            pysock, notes = install_pysock_as_socket(
                tls=TEST_MODULE != "test.test_socket")
            module_file = pysock.__file__
        # After pysock took socket's place: the attempt may import socket.
        guard_testcapi()
        import importlib
        import unittest
        support = prepare_test_support(resources)
        module = importlib.import_module(TEST_MODULE)
        if side == "stdlib":
            module_file = sys.modules["socket"].__file__
        tests = load_tests(module, support)
    except BaseException:
        events.send(ev="load_error", detail=clip(traceback.format_exc()))
        return 0
    events.send(ev="ready", ids=list(tests), module=module_file,
                test_module=module.__file__, notes=notes)

    def format_err(err):
        return "".join(traceback.format_exception(*err))

    class EventResult(unittest.TestResult):
        """Turns unittest's callbacks into one "result" event per test."""

        def __init__(self):
            super().__init__()
            self.record = None
            self.reported = set()
            self.setup_failure = None       # class-level, reset per batch
            self.module_setup_failure = None

        def _fixture(self, test, outcome, detail):
            # unittest reports setUpClass / setUpModule / tearDown* problems
            # on an _ErrorHolder named e.g. "setUpClass (test.test_socket.X)".
            name = str(test)
            events.send(ev="fixture", name=name, outcome=outcome, detail=clip(detail))
            if name.startswith("setUpModule"):
                self.module_setup_failure = (outcome, name, detail)
            elif name.startswith("setUpClass"):
                self.setup_failure = (outcome, name, detail)

        def _note(self, outcome, detail):
            if self.record is None:
                # 3.12.0 and 3.12.1 report a skipped test with addSkip() and
                # stopTest() but no startTest() (it is not counted as run).
                self.record = collections.defaultdict(list)
                self.test_started = time.monotonic()
            self.record[outcome].append(detail)

        def startTest(self, test):
            super().startTest(test)
            self.record = collections.defaultdict(list)
            self.test_started = time.monotonic()
            events.send(ev="start", id=test.id())

        def stopTest(self, test):
            super().stopTest(test)
            record, self.record = self.record, None
            if record is None:
                record = collections.defaultdict(list)
                self.test_started = time.monotonic()
            for outcome in ("error", "failed", "passed", "skipped"):
                if record.get(outcome):
                    break
            else:
                outcome = "error"
                record[outcome] = ["unittest reported no outcome for this test"]
            self.reported.add(test.id())
            events.send(ev="result", id=test.id(), outcome=outcome,
                        detail=clip("\n".join(record[outcome])),
                        seconds=round(time.monotonic() - self.test_started, 3))

        def addSuccess(self, test):
            super().addSuccess(test)
            self._note("passed", "")

        def addFailure(self, test, err):
            super().addFailure(test, err)
            if isinstance(test, unittest.TestCase):
                self._note("failed", format_err(err))
            else:
                self._fixture(test, "failed", format_err(err))

        def addError(self, test, err):
            super().addError(test, err)
            if isinstance(test, unittest.TestCase):
                self._note("error", format_err(err))
            else:
                self._fixture(test, "error", format_err(err))

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            if isinstance(test, unittest.TestCase):
                self._note("skipped", reason)
            else:
                self._fixture(test, "skipped", reason)

        def addExpectedFailure(self, test, err):
            super().addExpectedFailure(test, err)
            self._note("passed", "expected failure:\n" + format_err(err))

        def addUnexpectedSuccess(self, test):
            super().addUnexpectedSuccess(test)
            self._note("failed", "unexpected success of a test marked expectedFailure")

        def addSubTest(self, test, subtest, err):
            super().addSubTest(test, subtest, err)
            if err is not None:
                kind = "failed" if issubclass(err[0], test.failureException) else "error"
                self._note(kind, "%s\n%s" % (subtest, format_err(err)))

    result = EventResult()
    batch = []

    def finish_batch():
        # Tests that unittest never started: their setUpClass/setUpModule
        # failed or skipped, and unittest then silently passes over them.
        blocker = result.module_setup_failure or result.setup_failure
        for test_id in batch:
            if test_id in result.reported:
                continue
            if blocker is not None:
                outcome, name, detail = blocker
                outcome = "skipped" if outcome == "skipped" else "error"
                detail = "not run: %s %s\n%s" % (name, outcome, detail)
            else:
                outcome, detail = "error", "not run by unittest (no reason given)"
            result.reported.add(test_id)
            events.send(ev="result", id=test_id, outcome=outcome, detail=clip(detail))

    def next_batch():
        finish_batch()
        del batch[:]
        result.setup_failure = None
        events.send(ev="idle")
        line = commands.readline()
        if not line:
            return None
        command = json.loads(line.decode("utf-8"))
        if command.get("cmd") != "run":
            return None
        runnable = []
        for test_id in command["ids"]:
            batch.append(test_id)
            if test_id in tests:
                runnable.append(tests.pop(test_id))
            else:
                result.reported.add(test_id)
                events.send(ev="result", id=test_id, outcome="error",
                            detail="this test does not exist when %s is imported "
                                   "with %s" % (TEST_MODULE, side))
        return runnable

    class FeedingSuite(unittest.TestSuite):
        """A suite that asks the parent for its next class of tests.

        One TestSuite.run() over all batches keeps unittest's own fixture
        handling: setUpModule once, setUpClass/tearDownClass per class.
        """

        def __init__(self):
            super().__init__()
            # TestSuite.run() drops each finished test through self._tests;
            # it accepts a suite that keeps none (it catches the TypeError).
            self._tests = None

        def __iter__(self):
            while True:
                runnable = next_batch()
                if runnable is None:
                    return
                yield from runnable

    FeedingSuite().run(result)
    events.send(ev="bye", tests_run=result.testsRun)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    # Threads left behind by tests must not keep the worker alive.
    os._exit(0)


# ---------------------------------------------------------------------------
# Parent side: workers, scheduling, time limits
# ---------------------------------------------------------------------------

def regrtest_all_resources():
    """The resources `python -m test -u all` enables on this Python."""
    # Imported here, in the parent only: on 3.8/3.9 libregrtest imports ssl,
    # which cannot be imported once _socket is pysock.
    for where in ("test.libregrtest.utils", "test.libregrtest.cmdline"):
        try:
            module = __import__(where, fromlist=["ALL_RESOURCES"])
            return tuple(module.ALL_RESOURCES)
        except (ImportError, AttributeError):
            continue
    return FALLBACK_ALL_RESOURCES


@functools.lru_cache(maxsize=None)
def _own_uts_namespace():
    """The command prefix that gives a worker its own UTS namespace, where it
    can: as root, CPython's test_sethostname really sets the hostname (and
    sets it back), which other processes on the machine must not see.
    ``unshare`` execs the worker in place, so its pid stays the one we kill."""
    unshare = shutil.which("unshare")
    if unshare and hasattr(os, "geteuid") and os.geteuid() == 0:
        probe = subprocess.run([unshare, "--uts", "true"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if probe.returncode == 0:
            return (unshare, "--uts")
    return ()


class Worker:
    """One worker process, seen from the parent."""

    def __init__(self, side, resources, number):
        self.side = side
        self.number = number
        self.tmpdir = tempfile.mkdtemp(prefix="pysock-suite-%s-" % side)
        cwd = os.path.join(self.tmpdir, "cwd")
        os.mkdir(cwd)       # the temp cwd regrtest gives each test process
        self.log_path = os.path.join(self.tmpdir, "worker.log")
        event_r, event_w = os.pipe()
        command_r, command_w = os.pipe()
        argv = [sys.executable, os.path.abspath(__file__),
                "--worker", side, "--event-fd", str(event_w),
                "--command-fd", str(command_r),
                "--resources", ",".join(resources), "--module", TEST_MODULE]
        if WINE is not None:
            self._start_wine(side, resources, cwd, event_r, event_w, command_r, command_w)
            return
        argv = list(_own_uts_namespace()) + argv
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, pass_fds=(event_w, command_r),
                start_new_session=True)
        os.close(event_w)
        os.close(command_r)
        self.event_fd = event_r
        os.set_blocking(self.event_fd, False)
        self.command_fd = command_w
        self.buffer = b""
        self.state = "loading"          # loading, ready, idle, busy, stopping, done
        self.started = time.monotonic()
        self.last_event = self.started
        self.batch = []                 # ids sent and not yet reported
        self.current = None             # the test started and not finished
        self.current_since = None
        self.eof = False

    def _start_wine(self, side, resources, cwd, event_r, event_w, command_r, command_w):
        """The worker as the Windows CPython WINE under Wine: its stdio must
        be pipes; stdout carries the events, stdin the commands, and stderr
        is copied into the log by a thread."""
        import threading
        for fd in (event_r, event_w, command_r, command_w):
            os.close(fd)
        winepy = _winepy()
        env = winepy.wine_env()
        env["PYTHONIOENCODING"] = "utf-8"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        argv = ["wine", winepy.python_exe(WINE), "-X", "faulthandler",
                winepy.windows_path(os.path.abspath(__file__)), "--worker", side,
                "--stdio", "--resources", ",".join(resources)]
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     start_new_session=True)

        def copy_log(stream, path):
            with open(path, "ab") as log:
                for chunk in iter(lambda: stream.read1(65536), b""):
                    log.write(chunk)
                    log.flush()

        threading.Thread(target=copy_log, args=(self.proc.stderr, self.log_path),
                         daemon=True).start()
        self.event_fd = self.proc.stdout.fileno()
        os.set_blocking(self.event_fd, False)
        self.command_fd = self.proc.stdin.fileno()
        self.buffer = b""
        self.state = "loading"
        self.started = time.monotonic()
        self.last_event = self.started
        self.batch = []
        self.current = None
        self.current_since = None
        self.eof = False

    def send(self, command):
        try:
            os.write(self.command_fd, (json.dumps(command) + "\n").encode("utf-8"))
        except OSError:
            pass            # the worker died; its exit is handled elsewhere

    def read_events(self):
        """Events that arrived, as dicts; sets self.eof at end of stream."""
        out = []
        while True:
            try:
                data = os.read(self.event_fd, 1 << 16)
            except BlockingIOError:
                break
            except OSError as exc:
                if exc.errno == errno.EINTR:
                    continue
                raise
            if not data:
                self.eof = True
                break
            self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            if line.strip():
                out.append(json.loads(line.decode("utf-8")))
        return out

    def log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except OSError:
            return 0

    def log_text(self, start=0, limit=DETAIL_LIMIT):
        try:
            with open(self.log_path, "rb") as log:
                log.seek(start)
                data = log.read()
        except OSError:
            return ""
        return clip(data.decode("utf-8", "replace"), limit)

    def dump_stacks(self):
        """Ask faulthandler in the worker for every thread's stack."""
        start = self.log_size()
        if STACK_DUMP_SIGNAL is None or WINE is not None:
            return ""
        try:
            os.kill(self.proc.pid, STACK_DUMP_SIGNAL)
        except OSError:
            return ""
        deadline = time.monotonic() + STACK_DUMP_WAIT
        size = start
        while time.monotonic() < deadline:
            time.sleep(0.1)
            new_size = self.log_size()
            if new_size > start and new_size == size:
                break       # it wrote something and stopped writing
            size = new_size
        return self.log_text(start)

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()

    def close(self):
        if WINE is not None:
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            return
        for fd in (self.event_fd, self.command_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.tmpdir, ignore_errors=True)


class SideRun:
    """Everything known about one run (stdlib or pysock)."""

    def __init__(self, side):
        self.side = side
        self.outcomes = {}          # test id -> outcome
        self.details = {}           # test id -> text, for what did not pass
        self.started = set()        # ids unittest started ("run")
        self.seconds = {}           # test id -> duration, as the worker saw it
        self.fixtures = []          # setUpClass & co. problems
        self.load_error = None
        self.module_file = None
        self.notes = []             # what the worker noticed while loading
        self.ids = None             # as collected in this run's workers
        self.wall = 0.0
        self.workers_started = 0
        self.from_cache = False

    def record(self, test_id, outcome, detail=""):
        self.outcomes[test_id] = outcome
        if outcome != "passed" and detail:
            self.details[test_id] = detail
        elif outcome == "passed":
            self.details.pop(test_id, None)

    def counts(self, ids=None):
        ids = self.outcomes if ids is None else ids
        counts = dict.fromkeys(COUNT_COLUMNS, 0)
        for test_id in ids:
            outcome = self.outcomes.get(test_id)
            if outcome is not None:
                counts[outcome] += 1
            if test_id in self.started:
                counts["run"] += 1
        return counts

    def to_json(self):
        by_outcome = {outcome: [] for outcome in OUTCOMES}
        for test_id, outcome in self.outcomes.items():
            by_outcome[outcome].append(test_id)
        return {
            "wall_seconds": round(self.wall, 1),
            "from_cache": self.from_cache,
            "module_file": self.module_file,
            "notes": self.notes,
            "load_error": self.load_error,
            "counts": self.counts(),
            "outcomes": by_outcome,
            "started": sorted(self.started),
            "details": self.details,
            "seconds": self.seconds,
            "fixtures": self.fixtures,
            "workers_started": self.workers_started,
        }

    @classmethod
    def from_json(cls, side, data):
        run = cls(side)
        for outcome, ids in data["outcomes"].items():
            for test_id in ids:
                run.outcomes[test_id] = outcome
        run.details = dict(data.get("details", {}))
        run.started = set(data.get("started", []))
        run.seconds = dict(data.get("seconds", {}))
        run.fixtures = list(data.get("fixtures", []))
        run.load_error = data.get("load_error")
        run.module_file = data.get("module_file")
        run.wall = data.get("wall_seconds", 0.0)
        return run

    def restrict(self, ids):
        """A copy holding only ``ids``."""
        run = SideRun(self.side)
        for test_id in ids:
            if test_id in self.outcomes:
                run.outcomes[test_id] = self.outcomes[test_id]
                if test_id in self.details:
                    run.details[test_id] = self.details[test_id]
                if test_id in self.started:
                    run.started.add(test_id)
                if test_id in self.seconds:
                    run.seconds[test_id] = self.seconds[test_id]
        run.fixtures = self.fixtures
        run.load_error = self.load_error
        run.module_file = self.module_file
        run.wall = self.wall
        run.from_cache = self.from_cache
        run.workers_started = self.workers_started
        return run


def group_by_class(ids):
    batches = collections.OrderedDict()
    for test_id in ids:
        batches.setdefault(class_of(test_id), []).append(test_id)
    return list(batches.values())


def select_ids(ids, patterns):
    if not patterns:
        return list(ids)
    return [test_id for test_id in ids if any(p in test_id for p in patterns)]


def run_side(side, opts, resources, known_ids=None, progress=None):
    """Run test_socket for one side through worker processes.

    ``known_ids`` are the ids to run when this side cannot list its own (its
    module does not import); the ids a side lists are run too, so a test
    defined only with the stdlib is reported as an error for pysock.
    """
    run = SideRun(side)
    began = time.monotonic()
    selector = selectors.DefaultSelector()
    workers = []
    queue = None                  # deque of batches, once the ids are known
    fruitless = [0]               # workers lost in a row with no test to blame

    def log(message):
        if progress:
            progress("[%s] %s" % (side, message))

    def spawn():
        worker = Worker(side, resources, run.workers_started)
        run.workers_started += 1
        workers.append(worker)
        selector.register(worker.event_fd, selectors.EVENT_READ, worker)
        return worker

    def retire(worker):
        try:
            selector.unregister(worker.event_fd)
        except (KeyError, ValueError):
            pass
        workers.remove(worker)
        worker.close()

    def build_queue(listed):
        nonlocal queue
        ids = list(known_ids or [])
        seen = set(ids)
        ids.extend(i for i in listed if i not in seen)
        queue = collections.deque(group_by_class(select_ids(ids, opts.patterns)))
        log("%d tests in %d classes" % (sum(map(len, queue)), len(queue)))

    def dispatch(worker):
        if queue:
            worker.batch = list(queue.popleft())
            worker.state = "busy"
            worker.last_event = time.monotonic()
            worker.send({"cmd": "run", "ids": worker.batch})
        else:
            worker.state = "stopping"
            worker.last_event = time.monotonic()
            worker.send({"cmd": "stop"})

    def give_up_on(worker, outcome, why):
        """Kill ``worker``; blame its current test; requeue the rest."""
        for event in worker.read_events():
            handle(worker, event)
        if worker.current is not None:
            victim = worker.current
        elif worker.batch:
            # Stuck between tests (a fixture): blame the next test, so that a
            # fixture that always hangs or crashes still lets the run end.
            victim = worker.batch[0]
        else:
            victim = None
        stacks = worker.dump_stacks() if worker.proc.poll() is None else ""
        worker.kill()
        if victim is not None:
            text = why
            if stacks:
                text += "\n\nstacks of the worker's threads:\n" + stacks
            elif outcome == "crashed":
                text += "\n\nend of the worker's output:\n" + worker.log_text(
                    max(0, worker.log_size() - 4000))
            run.record(victim, outcome, clip(text))
            log("%s %s" % (outcome, short_id(victim)))
            rest = [i for i in worker.batch if i != victim]
            if rest:
                queue.appendleft(rest)
            fruitless[0] = 0
        else:
            fruitless[0] += 1
            if fruitless[0] > MAX_FRUITLESS_RESTARTS and run.load_error is None:
                run.load_error = ("%d workers in a row were lost before running "
                                  "any test; the last said:\n%s"
                                  % (fruitless[0], worker.log_text()))
        # Results written just before the end still count (a late truth
        # replaces the "hung" verdict).
        for event in worker.read_events():
            handle(worker, event)
        retire(worker)

    def handle(worker, event):
        kind = event["ev"]
        worker.last_event = time.monotonic()
        if kind == "ready":
            # The worker asks for its first batch with an "idle" event next.
            worker.state = "ready"
            if run.ids is None:
                run.ids = event["ids"]
                run.module_file = event.get("module")
                run.notes = event.get("notes") or []
                build_queue(run.ids)
        elif kind == "load_error":
            worker.state = "done"
            if run.load_error is None:
                run.load_error = event["detail"]
        elif kind == "start":
            worker.current = event["id"]
            worker.current_since = worker.last_event
            run.started.add(event["id"])
        elif kind == "result":
            test_id = event["id"]
            run.record(test_id, event["outcome"], event.get("detail") or "")
            if "seconds" in event:
                run.seconds[test_id] = event["seconds"]
            if worker.current == test_id:
                worker.current = None
            if test_id in worker.batch:
                worker.batch.remove(test_id)
        elif kind == "fixture":
            run.fixtures.append({k: event.get(k) for k in ("name", "outcome", "detail")})
        elif kind == "idle":
            worker.batch = []
            worker.current = None
            if worker.state in ("ready", "busy"):
                worker.state = "idle"
        elif kind == "bye":
            worker.state = "done"

    try:
        for _ in range(max(1, opts.jobs)):
            spawn()
        while workers:
            for key, _ in selector.select(timeout=0.2):
                worker = key.data
                for event in worker.read_events():
                    handle(worker, event)
            now = time.monotonic()
            for worker in list(workers):
                if run.load_error is not None:
                    worker.kill()
                    retire(worker)
                    continue
                exited = worker.proc.poll() is not None
                if exited:
                    for event in worker.read_events():
                        handle(worker, event)
                    if worker.state in ("done", "stopping") and not worker.batch:
                        worker.kill()       # its forked children, if any
                        retire(worker)
                    elif worker.state in ("loading", "ready"):
                        run.load_error = ("worker exited with code %s while "
                                          "loading %s:\n%s" % (worker.proc.returncode, TEST_MODULE,
                                                               worker.log_text()))
                        retire(worker)
                    else:
                        give_up_on(worker, "crashed",
                                   "the worker died (exit code %s)" % worker.proc.returncode)
                    continue
                if worker.state == "idle" and queue is not None:
                    dispatch(worker)
                elif worker.state in ("loading", "ready"):
                    if now - worker.started > max(opts.timeout, 120.0):
                        stacks = worker.dump_stacks()
                        worker.kill()
                        run.load_error = ("worker did not finish importing %s in %.0f s; "
                                          "its stacks:\n%s" % (TEST_MODULE, now - worker.started, stacks))
                        retire(worker)
                elif worker.state == "busy":
                    if worker.current is not None:
                        if now - worker.current_since > opts.timeout:
                            give_up_on(worker, "hung",
                                       "no result after %.0f s (--timeout)" % opts.timeout)
                    elif now - worker.last_event > opts.timeout:
                        give_up_on(worker, "hung",
                                   "worker stuck %.0f s between tests (in a fixture?)"
                                   % opts.timeout)
                elif worker.state in ("stopping", "done"):
                    if now - worker.last_event > EXIT_GRACE + opts.timeout:
                        worker.kill()
                        retire(worker)
            if run.load_error is None and queue:
                busy = sum(1 for w in workers if w.state != "done")
                for _ in range(min(opts.jobs - busy, len(queue))):
                    spawn()
    finally:
        for worker in list(workers):
            worker.kill()
            retire(worker)
        selector.close()

    if run.load_error is not None:
        ids = list(known_ids or [])
        seen = set(ids)
        ids.extend(i for i in (run.ids or []) if i not in seen)
        for test_id in select_ids(ids, opts.patterns):
            if test_id not in run.outcomes:
                run.record(test_id, "error",
                           "%s could not be imported with %s:\n%s"
                           % (TEST_MODULE, side, run.load_error))
        log("load error: " + run.load_error.strip().splitlines()[-1])
    if queue:
        for batch in queue:
            for test_id in batch:
                run.outcomes.setdefault(test_id, "error")
                run.details.setdefault(test_id, "never run (internal error of the runner)")
    run.wall = time.monotonic() - began
    return run


def collect_stdlib_ids(opts, resources):
    """The stdlib's list of test ids, without running anything."""
    listing = argparse.Namespace(**vars(opts))
    listing.jobs = 1
    listing.patterns = ["\0nothing matches this\0"]
    run = run_side("stdlib", listing, resources)
    if run.ids is None:
        raise SystemExit("cannot list the tests of %s with the stdlib:\n%s"
                         % (TEST_MODULE, run.load_error))
    return run.ids


# ---------------------------------------------------------------------------
# The stdlib cache (opt-in), excluded tests, comparison, ratchet
# ---------------------------------------------------------------------------

def cache_key(opts):
    import importlib.util
    spec = importlib.util.find_spec(TEST_MODULE)
    with open(spec.origin, "rb") as source:
        import hashlib  # here: PyPy's hashlib imports socket (see the docstring)

        digest = hashlib.sha256(source.read()).hexdigest()
    return {"executable": os.path.realpath(sys.executable), "version": sys.version,
            "test_module_sha256": digest}


def load_stdlib_cache(path, key, wanted_patterns):
    try:
        with open(path) as cache:
            data = json.load(cache)
    except (OSError, ValueError):
        return None
    if data.get("key") != key or data.get("patterns") != wanted_patterns and data.get("patterns"):
        return None
    run = SideRun.from_json("stdlib", data["run"])
    run.ids = data["ids"]
    run.from_cache = True
    return run


def save_stdlib_cache(path, key, patterns, run):
    data = {"key": key, "patterns": patterns, "ids": run.ids, "run": run.to_json()}
    with open(path, "w") as cache:
        json.dump(data, cache)


def read_excluded(path=EXCLUDED_FILE):
    """{test id: reason} from excluded.txt (``Class.method  # reason``)."""
    excluded = {}
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                entry, _, reason = line.partition("#")
                entry = entry.strip()
                if not entry:
                    continue
                if not entry.startswith(TEST_MODULE + "."):
                    entry = TEST_MODULE + "." + entry
                excluded[entry] = reason.strip()
    except FileNotFoundError:
        pass
    return excluded


def compare(stdlib, pysock, excluded):
    stdlib_passed = [i for i, o in stdlib.outcomes.items() if o == "passed"]
    counted = [i for i in stdlib_passed if i not in excluded]
    regressions = [i for i in counted if pysock.outcomes.get(i) != "passed"]
    excluded_regressions = [i for i in stdlib_passed
                            if i in excluded and pysock.outcomes.get(i) != "passed"]
    kept = len(counted) - len(regressions)
    return {
        "stdlib_passed": len(counted),
        "pysock_passed_of_those": kept,
        "percent": round(100.0 * kept / len(counted), 2) if counted else None,
        "regressions": regressions,
        "excluded_regressions": excluded_regressions,
        "excluded_present": sorted(i for i in excluded if i in stdlib.outcomes),
        "pysock_only_passes": sorted(i for i, o in pysock.outcomes.items()
                                     if o == "passed" and stdlib.outcomes.get(i) != "passed"),
    }


def read_ratchet(path=RATCHET_FILE):
    try:
        with open(path) as ratchet:
            return json.load(ratchet)
    except FileNotFoundError:
        return {}


def _ratchet_order(key):
    """CPython keys ("3.8") by version, then other implementations
    ("pypy3.9") by name and version."""
    name = key.rstrip("0123456789.")
    return (name, tuple(int(p) for p in key[len(name):].split(".")))


def write_ratchet(data, path=RATCHET_FILE):
    ordered = collections.OrderedDict(
        sorted(data.items(), key=lambda kv: _ratchet_order(kv[0])))
    with open(path, "w") as ratchet:
        json.dump(ordered, ratchet, indent=2)
        ratchet.write("\n")


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

def first_line(detail, outcome=None):
    """The line of a traceback that says what went wrong."""
    lines = [l for l in (detail or "").strip().splitlines() if l.strip()]
    if outcome in ("hung", "crashed") and lines:
        return lines[0].strip()[:160]      # the runner's own verdict
    for line in reversed(lines):
        if not line.startswith((" ", "\t")) and not line.startswith("Traceback"):
            return line.strip()[:160]
    return lines[-1].strip()[:160] if lines else ""


def print_report(runs, comparison, opts, out=sys.stdout):
    w = out.write
    if WINE is not None:
        w("CPython's %s on Windows CPython %s under Wine (%s; the parent: %s)\n" % (
            TEST_MODULE, _winepy().VERSIONS[WINE], _winepy().python_exe(WINE),
            sys.executable))
    else:
        w("CPython's %s on Python %s (%s)\n" % (
            TEST_MODULE, sys.version.split()[0], sys.executable))
    if opts.patterns:
        w("selected with -k: %s\n" % ", ".join(map(repr, opts.patterns)))
    w("\n%-8s %6s %7s %7s %7s %8s %5s %8s %8s\n" % (
        "", "run", "passed", "failed", "errors", "skipped", "hung", "crashed", "wall"))
    for side in SIDES:
        run = runs.get(side)
        if run is None:
            continue
        c = run.counts()
        wall = "cached" if run.from_cache else "%.1fs" % run.wall
        w("%-8s %6d %7d %7d %7d %8d %5d %8d %8s\n" % (
            side, c["run"], c["passed"], c["failed"], c["error"], c["skipped"],
            c["hung"], c["crashed"], wall))
    for side in SIDES:
        run = runs.get(side)
        if run is not None and run.load_error:
            w("\n%s: %s does not import; every test counts as an error:\n%s\n"
              % (side, TEST_MODULE, "\n".join(
                  "    " + l for l in run.load_error.strip().splitlines()[-12:])))
    if "pysock" in runs and runs["pysock"].module_file:
        w("\npysock from %s\n" % runs["pysock"].module_file)
        for note in runs["pysock"].notes:
            w("note: %s\n" % note)
    stdlib_hangs = [i for i, o in runs["stdlib"].outcomes.items() if o == "hung"] \
        if "stdlib" in runs else []
    if stdlib_hangs:
        w("hung with the stdlib too (not counted): %s\n" % ", ".join(map(short_id, stdlib_hangs)))
    if comparison is None:
        return
    pysock = runs["pysock"]

    def listing(ids, title):
        if not ids:
            return
        w("\n%s (%d):\n" % (title, len(ids)))
        for klass, members in group_by_class_keyed(ids):
            w("  %s (%d)\n" % (short_id(klass), len(members)))
            for test_id in members:
                outcome = pysock.outcomes.get(test_id, "not run")
                why = first_line(pysock.details.get(test_id), outcome)
                w("    %-40s %-8s %s\n" % (test_id.rsplit(".", 1)[1], outcome, why))
                if opts.list_failures and pysock.details.get(test_id):
                    for line in pysock.details[test_id].rstrip().splitlines():
                        w("        | %s\n" % line)

    listing(comparison["regressions"], "Pass with the stdlib, not with pysock")
    listing(comparison["excluded_regressions"],
            "Same, but excluded in excluded.txt (not counted)")
    if comparison["pysock_only_passes"]:
        w("\nPass with pysock only (%d): %s\n" % (
            len(comparison["pysock_only_passes"]),
            ", ".join(map(short_id, comparison["pysock_only_passes"]))))
    percent = comparison["percent"]
    w("\nSummary: pysock passes %d of the %d tests that pass with the stdlib (%s); "
      "%d do not pass; %d excluded.\n" % (
          comparison["pysock_passed_of_those"], comparison["stdlib_passed"],
          "n/a" if percent is None else "%.1f%%" % percent,
          len(comparison["regressions"]), len(comparison["excluded_present"])))


def group_by_class_keyed(ids):
    grouped = collections.OrderedDict()
    for test_id in sorted(ids):
        grouped.setdefault(class_of(test_id), []).append(test_id)
    return grouped.items()


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Run CPython's test_socket with the stdlib and with pysock "
                    "and compare.")
    parser.add_argument("-j", "--jobs", type=int, default=2,
                        help="worker processes per run (default 2)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds one test may take before it counts as hung "
                             "(default %(default)s)")
    parser.add_argument("--only", choices=SIDES,
                        help="run one side only (pysock is compared with "
                             "--stdlib-cache if that holds a run)")
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        metavar="PATTERN",
                        help="run only tests whose id contains PATTERN (repeatable)")
    parser.add_argument("--list-failures", action="store_true",
                        help="print the traceback (or stacks) of every test "
                             "that passes with the stdlib and not with pysock")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if more tests fail with pysock than "
                             "ratchet.json allows for this Python")
    parser.add_argument("--update-ratchet", action="store_true",
                        help="record the current count in ratchet.json if it "
                             "is lower than the recorded one (or none is)")
    parser.add_argument("--json", metavar="FILE",
                        help="write the results (test ids per outcome) as JSON")
    parser.add_argument("--stdlib-cache", metavar="FILE",
                        help="reuse (or write) the stdlib run from FILE; off by "
                             "default, for local iteration")
    parser.add_argument("--no-rerun", dest="rerun", action="store_false",
                        help="do not re-run, once, the tests lost with pysock")
    parser.add_argument("--module", choices=MODULES, default=MODULES[0],
                        help="the suite to run (default %(default)s)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress lines on stderr")
    # The worker half of this program.
    parser.add_argument("--wine", metavar="MINOR",
                        help="run the workers on that Windows CPython under Wine "
                             "(tools/wine/winepy.py), with ratchet_windows.json and "
                             "excluded_windows.txt")
    parser.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--stdio", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--event-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--command-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--resources", default="", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.jobs < 1:
        parser.error("-j must be at least 1")
    if opts.timeout <= 0:
        parser.error("--timeout must be positive")
    if (opts.check or opts.update_ratchet) and opts.patterns:
        parser.error("--check/--update-ratchet need the whole suite (no -k)")
    if (opts.check or opts.update_ratchet) and opts.only == "stdlib":
        parser.error("--check/--update-ratchet need the pysock run")
    return opts


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    select_module(opts.module)
    if opts.worker:
        resources = [r for r in opts.resources.split(",") if r]
        return run_worker(opts.worker, opts.event_fd, opts.command_fd, resources)

    # SIGTERM must still run the clean-up that kills the workers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    def progress(message):
        if not opts.quiet:
            sys.stderr.write(message + "\n")
            sys.stderr.flush()

    global WINE, RATCHET_FILE
    excluded_file = EXCLUDED_FILE
    if opts.wine:
        WINE = opts.wine
        RATCHET_FILE = WINE_RATCHET_FILE
        excluded_file = WINE_EXCLUDED_FILE
        _winepy().prepare([WINE], site_packages=False)
    resources = regrtest_all_resources()
    excluded = read_excluded(excluded_file)
    runs = {}

    stdlib = None
    key = None
    if opts.stdlib_cache:
        key = cache_key(opts)
        stdlib = load_stdlib_cache(opts.stdlib_cache, key, opts.patterns)
        if stdlib is not None:
            progress("[stdlib] reusing %s" % opts.stdlib_cache)
        elif opts.only == "pysock":
            progress("[stdlib] %s holds no usable run (other interpreter, "
                     "test file or -k): no comparison" % opts.stdlib_cache)
    if stdlib is None and opts.only != "pysock":
        stdlib = run_side("stdlib", opts, resources, progress=progress)
        if opts.stdlib_cache and stdlib.load_error is None:
            save_stdlib_cache(opts.stdlib_cache, key, opts.patterns, stdlib)
    if stdlib is not None:
        stdlib = stdlib.restrict(select_ids(stdlib.ids or list(stdlib.outcomes),
                                            opts.patterns))
        runs["stdlib"] = stdlib
        if stdlib.load_error:
            raise SystemExit("%s does not import with the stdlib:\n%s"
                             % (TEST_MODULE, stdlib.load_error))

    if opts.only != "stdlib":
        known = list(stdlib.outcomes) if stdlib is not None else \
            collect_stdlib_ids(opts, resources)
        runs["pysock"] = run_side("pysock", opts, resources, known_ids=known,
                                  progress=progress)

    comparison = None
    recovered = []
    if "stdlib" in runs and "pysock" in runs:
        comparison = compare(runs["stdlib"], runs["pysock"], excluded)
        lost = comparison["regressions"]
        if opts.rerun and lost and len(lost) <= RERUN_LIMIT:
            # As regrtest's --rerun: a test lost once is run once more, alone
            # in a fresh worker; a pass then is a flake of load or timing,
            # not of pysock, and is reported as such.
            progress("[pysock] re-running %d lost test(s) once" % len(lost))
            rerun_opts = argparse.Namespace(**vars(opts))
            rerun_opts.patterns = list(lost)
            rerun = run_side("pysock", rerun_opts, resources, known_ids=list(lost),
                             progress=progress)
            recovered = [i for i in lost if rerun.outcomes.get(i) == "passed"]
            for test_id in recovered:
                runs["pysock"].outcomes[test_id] = "passed"
            comparison = compare(runs["stdlib"], runs["pysock"], excluded)
    print_report(runs, comparison, opts)
    if recovered:
        print("Passed when re-run once (flaky; counted as passes): %s"
              % ", ".join(short_id(i) for i in recovered))

    status = 0
    ratchet_note = None
    if comparison is None and (opts.check or opts.update_ratchet):
        print("RATCHET FAIL: no stdlib run to compare with (--only pysock needs "
              "a usable --stdlib-cache)")
        status = 1
    if comparison is not None and (opts.check or opts.update_ratchet):
        ratchet = read_ratchet(RATCHET_FILE)
        current = len(comparison["regressions"])
        recorded = ratchet.get(python_key())
        if opts.update_ratchet:
            if recorded is None or current < recorded:
                ratchet[python_key()] = current
                write_ratchet(ratchet, RATCHET_FILE)
                print("ratchet.json: %s %s -> %d" % (python_key(), recorded, current))
                recorded = current
            else:
                print("ratchet.json: %s stays %d (current %d)" % (python_key(), recorded, current))
        if opts.check:
            if recorded is None:
                print("RATCHET FAIL: ratchet.json has no entry for Python %s; run "
                      "with --update-ratchet on this Python to record %d"
                      % (python_key(), current))
                status = 1
            elif current > recorded:
                print("RATCHET FAIL: %d tests pass with the stdlib and not with pysock "
                      "on Python %s; ratchet.json allows %d"
                      % (current, python_key(), recorded))
                status = 1
            elif current < recorded:
                print("ratchet OK: %d < %d recorded for Python %s; lower it with "
                      "--update-ratchet" % (current, recorded, python_key()))
            else:
                print("ratchet OK: %d for Python %s" % (current, python_key()))
        ratchet_note = {"python": python_key(), "recorded": recorded, "current": current}

    if opts.json:
        data = {
            "python": sys.version.split()[0],
            "python_key": python_key(),
            "executable": sys.executable,
            "timeout": opts.timeout,
            "jobs": opts.jobs,
            "patterns": opts.patterns,
            "excluded": excluded,
            "runs": {side: run.to_json() for side, run in runs.items()},
            "comparison": comparison,
            "ratchet": ratchet_note,
        }
        with open(opts.json, "w") as out:
            json.dump(data, out, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
