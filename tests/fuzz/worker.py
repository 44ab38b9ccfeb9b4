"""One fuzz worker: ``python worker.py socket|pysock``.

Reads cases (JSON, one a line) on its stdin, runs each on a fresh socket of
the asked kind with the module it was started for, and writes the outcome
(JSON, one a line) on its stdout.  The protocol pipes are moved to high
descriptors and 0/1/2 point at /dev/null, so a fuzzed ``close(0)`` or
``socket(fileno=1)`` cannot cut the worker off.

An outcome, already normalised (ports, descriptors, object addresses):
  {"res": "ok", "value": repr} | {"res": "raise", "exc": [name, errno, str,
  args]} | {"res": "blocked"} (the call still blocked after BLOCK_S seconds),
  plus "warnings": [[category, message], ...], "fd_delta": int, "argerr".
"""

import gc
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import pools  # noqa: E402

BLOCK_S = 0.25
STARTUP_FDS = set()
PROTO_FD_BASE = 900


class Blocked(BaseException):
    pass


def _on_alarm(signum, frame):
    raise Blocked()


class Ctx:
    def __init__(self, mod, tmpdir, tag):
        self.mod = mod
        self.tmpdir = tmpdir
        self.objects = []
        self.sock = None
        self.peer = None
        self.fd = -1
        self.self_addr = None
        self.peer_addr = None
        self.family = mod.AF_INET
        self.type = mod.SOCK_STREAM
        self.ports = set()
        self.fds = {}
        self.map_fds = False  # only values that are descriptors
        self.abstract = "\0fz-%s-%d" % (tag, os.getpid())

    def keep(self, s):
        self.objects.append(s)
        return s

    def note(self, s):
        try:
            name = s.getsockname()
            if isinstance(name, tuple) and len(name) >= 2 and isinstance(name[1], int) and name[1] > 1024:
                self.ports.add(name[1])
        except Exception:
            pass

    def other_socket(self):
        import socket as std
        other = std if self.mod is not std else __import__("pysock")
        return self.keep(other.socket())


def _tcp_pair(ctx, fam, host, data=True):
    m = ctx.mod
    srv = ctx.keep(m.socket(fam, m.SOCK_STREAM))
    srv.bind((host, 0))
    srv.listen()
    c = ctx.keep(m.socket(fam, m.SOCK_STREAM))
    c.connect(srv.getsockname())
    p, _ = srv.accept()
    ctx.keep(p)
    srv.close()
    for s in (c, p):
        ctx.note(s)
    if data:
        p.sendall(b"hello world")
    return c, p


def setup(ctx, kind):
    m = ctx.mod
    if kind == "-":
        return
    if kind in ("tcp4", "tcp6", "closed", "detached", "timeout", "nonblocking"):
        fam, host = (m.AF_INET6, "::1") if kind == "tcp6" else (m.AF_INET, "127.0.0.1")
        c, p = _tcp_pair(ctx, fam, host, data=kind in ("tcp4", "tcp6"))
        ctx.sock, ctx.peer = c, p
        ctx.family, ctx.type = fam, m.SOCK_STREAM
    elif kind == "tcp4_listen":
        srv = ctx.keep(m.socket())
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        c = ctx.keep(m.socket())
        c.connect(srv.getsockname())
        ctx.note(srv)
        ctx.note(c)
        ctx.sock, ctx.peer = srv, c
    elif kind == "tcp4_new":
        ctx.sock = ctx.keep(m.socket())
    elif kind in ("udp4", "udp6"):
        fam, host = (m.AF_INET6, "::1") if kind == "udp6" else (m.AF_INET, "127.0.0.1")
        a = ctx.keep(m.socket(fam, m.SOCK_DGRAM))
        b = ctx.keep(m.socket(fam, m.SOCK_DGRAM))
        a.bind((host, 0))
        b.bind((host, 0))
        a.connect(b.getsockname())
        b.sendto(b"hello world", a.getsockname())
        ctx.note(a)
        ctx.note(b)
        ctx.sock, ctx.peer = a, b
        ctx.family, ctx.type = fam, m.SOCK_DGRAM
    elif kind == "udp4_new":
        ctx.sock = ctx.keep(m.socket(m.AF_INET, m.SOCK_DGRAM))
        ctx.type = m.SOCK_DGRAM
    elif kind.startswith("unix_") and not kind.endswith("_new"):
        t = {"unix_stream": m.SOCK_STREAM, "unix_dgram": m.SOCK_DGRAM,
             "unix_seqpacket": m.SOCK_SEQPACKET}[kind]
        a, b = m.socketpair(m.AF_UNIX, t)
        ctx.keep(a)
        ctx.keep(b)
        b.send(b"hello world")
        ctx.sock, ctx.peer = a, b
        ctx.family, ctx.type = m.AF_UNIX, t
    elif kind == "unix_dgram_new":
        ctx.sock = ctx.keep(m.socket(m.AF_UNIX, m.SOCK_DGRAM))
        ctx.family, ctx.type = m.AF_UNIX, m.SOCK_DGRAM
    elif kind == "netlink":
        ctx.sock = ctx.keep(m.socket(m.AF_NETLINK, m.SOCK_RAW, m.NETLINK_ROUTE))
        ctx.family, ctx.type = m.AF_NETLINK, m.SOCK_RAW
    else:
        raise ValueError("unknown kind %r" % kind)
    s = ctx.sock
    ctx.fd = s.fileno()
    try:
        ctx.self_addr = s.getsockname()
    except OSError:
        ctx.self_addr = None
    if ctx.peer is not None:
        try:
            ctx.peer_addr = ctx.peer.getsockname()
        except OSError:
            pass
    if ctx.family == m.AF_INET6 and ctx.peer_addr is None:
        ctx.peer_addr = ("::1", 9)
    elif ctx.family == m.AF_INET and ctx.peer_addr is None:
        ctx.peer_addr = ("127.0.0.1", 9)
    elif ctx.family == m.AF_NETLINK:
        ctx.peer_addr = (0, 0)
    elif ctx.family == m.AF_UNIX and not ctx.peer_addr:
        ctx.peer_addr = ctx.abstract
    if kind == "closed":
        s.close()
    elif kind == "detached":
        ctx.fds[s.detach()] = "FD_SELF"
        os.close(ctx.fd)
    elif kind == "timeout":
        s.settimeout(0.05)
    elif kind == "nonblocking":
        s.setblocking(False)
    if ctx.fd >= 0:
        ctx.fds.setdefault(ctx.fd, "FD_SELF")
    if ctx.peer is not None:
        ctx.fds[ctx.peer.fileno()] = "FD_PEER"


# --- normalisation ----------------------------------------------------------

_HEX = re.compile(r"0x[0-9a-fA-F]{6,}")
_FD = re.compile(r"fd=\d+")
_NUM = re.compile(r"(?<![\w.])\d{4,5}(?![\w.])")


def _norm_str(ctx, s):
    s = s.replace("pysock.socket", "socket.socket")
    s = s.replace(ctx.abstract, "\\0ABSTRACT")
    s = s.replace(repr(ctx.abstract)[1:-1], "\\x00ABSTRACT")
    s = _HEX.sub("0xADDR", s)
    s = _FD.sub("fd=N", s)
    if ctx.ports:
        s = _NUM.sub(lambda mo: "PORT" if int(mo.group()) in ctx.ports else mo.group(), s)
    return s


def _is_socket(v):
    return hasattr(v, "fileno") and hasattr(v, "getsockname") and hasattr(v, "family")


def norm(ctx, v, depth=0, returned=None):
    if depth > 6:
        return "..."
    if returned is not None and (_is_socket(v) or hasattr(v, "close")) and not isinstance(v, type):
        returned.append(v)
    if _is_socket(v):
        try:
            fam, typ, proto = repr(v.family), repr(v.type), v.proto
        except Exception as e:
            fam = typ = proto = "<%s>" % type(e).__name__
        try:
            to, closed = v.gettimeout(), v.fileno() == -1
        except Exception as e:
            to, closed = type(e).__name__, None
        return "<socket %s %s proto=%s timeout=%r closed=%r>" % (fam, typ, proto, to, closed)
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, int):
        if type(v) is int and v in ctx.ports:
            return "PORT"
        if type(v) is int and ctx.map_fds and v >= 0:
            return ctx.fds.get(v, "FD_NEW")
        return "%s(%s)" % (type(v).__name__, _norm_str(ctx, repr(v))) if type(v) is not int else repr(v)
    if isinstance(v, (tuple, list)):
        inner = ", ".join(norm(ctx, x, depth + 1, returned) for x in v)
        if isinstance(v, list):
            return "[%s]" % inner
        name = "" if type(v) is tuple else type(v).__name__
        return "%s(%s%s)" % (name, inner, "," if len(v) == 1 else "")
    if isinstance(v, (str, bytes, bytearray, float)):
        r = repr(v)
        if len(r) > 200:
            r = r[:200] + "...(%d)" % len(v)
        return _norm_str(ctx, r) if isinstance(v, str) else r
    if hasattr(v, "close") and hasattr(v, "mode"):
        return "<%s mode=%r>" % (type(v).__name__, getattr(v, "mode", None))
    return "<%s %s>" % (type(v).__name__, _norm_str(ctx, repr(v))[:200])


def exc_name(e):
    t = type(e)
    # By name: PyPy's ArgumentError lives in _ctypes.basics, not ctypes.
    if t.__module__ in ("ctypes", "_ctypes.basics") and t.__name__ == "ArgumentError":
        return "ctypes.ArgumentError"
    if sys.version_info < (3, 10) and t.__name__ == "timeout":
        return "TimeoutError"
    return t.__name__


PYPY = sys.implementation.name == "pypy"


def _fd_list():
    return set(int(x) for x in os.listdir("/proc/self/fd"))


def run_case(mod, case, tmpdir, tag):
    ctx = Ctx(mod, tmpdir, tag)
    out = {}
    base = _fd_list()
    warns = []
    returned = []
    try:
        setup(ctx, case["kind"])
    except Exception as e:
        out = {"res": "setup-error", "exc": [exc_name(e), getattr(e, "errno", None), _norm_str(ctx, str(e)), ""]}
        ctx.sock = None
    if not out:
        with warnings.catch_warnings(record=True) as wl:
            warnings.simplefilter("always")
            try:
                if case["target"].startswith("."):
                    fn = getattr(ctx.sock, case["target"][1:])
                else:
                    fn = getattr(mod, case["target"])
                args = [pools.make(t, ctx) for t in case["args"]]
                kwargs = {k: pools.make(t, ctx) for k, t in case["kwargs"].items()}
                signal.setitimer(signal.ITIMER_REAL, BLOCK_S)
                try:
                    value = fn(*args, **kwargs)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                ctx.map_fds = case["target"] in (".fileno", ".detach", "dup")
                out = {"res": "ok", "value": norm(ctx, value, returned=returned)}
                ctx.map_fds = False
            except Blocked:
                out = {"res": "blocked"}
            except Exception as e:
                out = {"res": "raise", "exc": [exc_name(e), getattr(e, "errno", None),
                                               _norm_str(ctx, str(e)),
                                               _norm_str(ctx, norm(ctx, e.args))]}
                if out["exc"][0] == "ctypes.ArgumentError":
                    out["argerr"] = True
            if ctx.sock is not None:
                try:
                    out["state"] = "timeout=%r blocking=%r fileno=%s" % (
                        ctx.sock.gettimeout(), ctx.sock.getblocking(),
                        ctx.fds.get(ctx.sock.fileno(), ctx.sock.fileno()))
                except Exception as e:
                    out["state"] = "state: " + exc_name(e)
            value = args = kwargs = fn = None
            for obj in returned + ctx.objects:
                try:
                    obj.close()
                except Exception:
                    pass
            returned = []
            ctx.objects = []
            ctx.sock = ctx.peer = None
            gc.collect()
            if PYPY:
                gc.collect()  # PyPy runs finalizers after the collection that found them
            warns = [[w.category.__name__, _norm_str(ctx, str(w.message))] for w in wl]
    out["warnings"] = sorted(warns)
    after = _fd_list()
    out["fd_delta"] = len(after) - len(base)
    # Keep the worker clean for the next case.
    # Keep the descriptor layout the same case after case (a fuzzed close(N)
    # may have closed a descriptor the worker had at start; fds opened since
    # are all closed), so both workers stay alike.
    for fd in _fd_list() - STARTUP_FDS:
        if fd not in (0, 1, 2):
            try:
                os.close(fd)
            except OSError:
                pass
    _fix_std_fds()
    mod.setdefaulttimeout(None)
    for name in os.listdir(tmpdir):
        p = os.path.join(tmpdir, name)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p, ignore_errors=True)
        else:
            os.unlink(p)
    return out


def _fix_std_fds():
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def plant(mod, spec):
    """Plant a difference into pysock (tests show the fuzzer catches it)."""
    import ctypes
    what, _, name = spec.partition(":")
    target = mod.socket if name.startswith(".") else mod
    attr = name.lstrip(".")
    orig = getattr(target, attr)

    def wrapper(*a, **k):
        if what == "value":
            r = orig(*a, **k)
            return r + 1 if isinstance(r, int) else r
        if what == "message":
            try:
                return orig(*a, **k)
            except Exception as e:
                e.args = tuple(a if not isinstance(a, str) else a + "!" for a in e.args)
                raise
        if what == "leak":
            os.dup(2)
            return orig(*a, **k)
        if what == "crash":
            os.abort()
        if what == "argerr":
            raise ctypes.ArgumentError("argument 1: planted")
        if what == "hang":
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            time.sleep(3600)
        if what == "warn":
            warnings.warn("planted", DeprecationWarning)
            return orig(*a, **k)
        raise AssertionError(spec)
    setattr(target, attr, wrapper)


def main():
    which = sys.argv[1]
    rfd = os.dup(0)
    wfd = os.dup(1)
    fcntl = __import__("fcntl")
    # PyPy 3.9's fcntl has F_DUPFD but not F_DUPFD_CLOEXEC.
    rfd2 = fcntl.fcntl(rfd, fcntl.F_DUPFD, PROTO_FD_BASE)
    wfd2 = fcntl.fcntl(wfd, fcntl.F_DUPFD, PROTO_FD_BASE + 1)
    os.set_inheritable(rfd2, False)
    os.set_inheritable(wfd2, False)
    os.close(rfd)
    os.close(wfd)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    inp = os.fdopen(rfd2, "r")
    outp = os.fdopen(wfd2, "w")
    if which == "socket":
        import socket as mod
    else:
        import pysock as mod
        if os.environ.get("PYSOCK_FUZZ_PLANT"):
            plant(mod, os.environ["PYSOCK_FUZZ_PLANT"])
    import resource
    lim = 1 << 30
    resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    signal.signal(signal.SIGALRM, _on_alarm)
    tmpdir = tempfile.mkdtemp(prefix="pysock-fuzz-%s-" % which)
    os.chdir(tmpdir)
    global STARTUP_FDS
    STARTUP_FDS = _fd_list()
    outp.write(json.dumps({"ready": which, "pid": os.getpid()}) + "\n")
    outp.flush()
    try:
        for line in inp:
            case = json.loads(line)
            try:
                out = run_case(mod, case, tmpdir, which)
            except MemoryError:
                out = {"res": "worker-error", "exc": ["MemoryError", None, "", ""],
                       "warnings": [], "fd_delta": 0}
            outp.write(json.dumps(out) + "\n")
            outp.flush()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
