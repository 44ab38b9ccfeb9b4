"""The differential fuzzer: generate cases, run each through the stdlib and
pysock in separate worker processes, compare, classify, report.

Entry points: ``Runner`` (the two workers), ``cases()`` (a hypothesis
strategy), ``fuzz(n, seed)``, ``compare()``, ``Known`` (the known-differences
list), ``table()``, ``totals()``.
"""

import fnmatch
import json
import os
import re
import select
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import pools as P  # noqa: E402

KNOWN_FILE = os.path.join(HERE, "known_differences.json")
WORKER = os.path.join(HERE, "worker.py")

SOCK_KINDS = ["tcp4", "tcp6", "tcp4_listen", "tcp4_new", "udp4", "udp6",
              "udp4_new", "unix_stream", "unix_dgram", "unix_seqpacket",
              "unix_dgram_new", "netlink", "closed", "detached", "timeout",
              "nonblocking"]

# target -> (kinds, [(name, pool)...]); a name in CAPS means the parameter is
# positional-only in the stdlib (it is still tried as a keyword sometimes).
M = None  # marker: method on every socket kind
TARGETS = {
    ".accept": (M, []),
    ".bind": (M, [("address", P.ADDRS)]),
    ".close": (M, []),
    ".connect": (M, [("address", P.ADDRS)]),
    ".connect_ex": (M, [("address", P.ADDRS)]),
    ".detach": (M, []),
    ".dup": (M, []),
    ".fileno": (M, []),
    ".get_inheritable": (M, []),
    ".set_inheritable": (M, [("inheritable", P.BOOLS)]),
    ".getpeername": (M, []),
    ".getsockname": (M, []),
    ".getsockopt": (M, [("level", P.LEVELS), ("optname", P.OPTNAMES), ("buflen", P.BUFLENS)]),
    ".setsockopt": (M, [("level", P.LEVELS), ("optname", P.OPTNAMES), ("value", P.OPTVALS), ("optlen", P.BUFLENS)]),
    ".gettimeout": (M, []),
    ".settimeout": (M, [("value", P.TIMEOUTS)]),
    ".getblocking": (M, []),
    ".setblocking": (M, [("flag", P.BOOLS)]),
    ".listen": (M, [("backlog", P.BACKLOGS)]),
    ".makefile": (M, [("mode", P.MODES), ("buffering", P.COUNTS), ("encoding", ["None", "'utf-8'", "'nosuch'", "1"]),
                      ("errors", ["None", "'strict'", "1"]), ("newline", ["None", "''", "'\\n'", "'x'", "1"])]),
    ".recv": (M, [("bufsize", P.SIZES), ("flags", P.FLAGS)]),
    ".recvfrom": (M, [("bufsize", P.SIZES), ("flags", P.FLAGS)]),
    ".recv_into": (M, [("buffer", P.RBUFS), ("nbytes", P.SIZES), ("flags", P.FLAGS)]),
    ".recvfrom_into": (M, [("buffer", P.RBUFS), ("nbytes", P.SIZES), ("flags", P.FLAGS)]),
    ".recvmsg": (M, [("bufsize", P.SIZES), ("ancbufsize", P.SIZES), ("flags", P.FLAGS)]),
    ".recvmsg_into": (M, [("buffers", P.RBUFLISTS), ("ancbufsize", P.SIZES), ("flags", P.FLAGS)]),
    ".send": (M, [("data", P.DATA), ("flags", P.FLAGS)]),
    ".sendall": (M, [("data", P.DATA), ("flags", P.FLAGS)]),
    ".sendto": (M, [("data", P.DATA), ("flags_or_address", P.FLAGS + P.ADDRS[:12]), ("address", P.ADDRS)]),
    ".sendmsg": (M, [("buffers", P.BUFLISTS), ("ancdata", P.ANC), ("flags", P.FLAGS), ("address", P.ADDRS)]),
    ".sendfile": (M, [("file", P.FILES), ("offset", P.OFFSETS), ("count", P.COUNTS)]),
    ".shutdown": (M, [("how", P.HOWS)]),
    ".__repr__": (M, []),
    ".__enter__": (M, []),
    ".__exit__": (M, [("a", ["None"]), ("b", ["None"]), ("c", ["None"])]),
    ".__getstate__": (M, []),
    ".__reduce_ex__": (M, [("protocol", ["2", "4", "-1", "None"])]),
    ".family": (M, []),  # attribute access is called: property -> TypeError
    # module functions that use a socket of the kind
    "socket": (SOCK_KINDS, [("family", P.FAMILIES), ("type", P.TYPES), ("proto", P.PROTOS), ("fileno", P.FDS)]),
    "fromfd": (SOCK_KINDS, [("fd", P.FDS), ("family", P.FAMILIES), ("type", P.TYPES), ("proto", P.PROTOS)]),
    "close": (SOCK_KINDS, [("FD", P.FDS)]),
    "dup": (SOCK_KINDS, [("FD", P.FDS)]),
    "send_fds": (SOCK_KINDS, [("sock", ["SELF", "None", "FD"]), ("buffers", P.BUFLISTS),
                             ("fds", ["[]", "ANC_RIGHTS", "[FD]", "[-1]", "[2**31]", "None", "['x']", "[1.5]"]),
                             ("flags", P.FLAGS), ("address", P.ADDRS)]),
    "recv_fds": (SOCK_KINDS, [("sock", ["SELF", "None"]), ("bufsize", P.SIZES), ("maxfds", P.COUNTS), ("flags", P.FLAGS)]),
    "create_connection": (["tcp4_listen", "tcp4", "udp4"], [("address", P.ADDRS + ["ADDR_SELF"] * 6), ("timeout", P.TIMEOUTS),
                                                           ("source_address", P.ADDRS + ["None"] * 6), ("all_errors", P.BOOL_KW)]),
    "create_server": (["-"], [("address", ["('127.0.0.1', 0)", "('::1', 0)", "('', 0)", "ABSTRACT"] + P.ADDRS),
                             ("family", P.FAMILIES), ("backlog", P.BACKLOGS + ["None"] * 4), ("reuse_port", P.BOOL_KW),
                             ("dualstack_ipv6", P.BOOL_KW)]),
    "socketpair": (["-"], [("family", P.FAMILIES), ("type", P.TYPES), ("proto", P.PROTOS)]),
    # pure functions
    "getaddrinfo": (["-"], [("host", P.HOSTS), ("port", P.PORTS), ("family", P.FAMILIES), ("type", P.TYPES),
                           ("proto", P.PROTOS), ("flags", ["0", "AI_PASSIVE", "AI_CANONNAME|AI_NUMERICHOST", "-1", "2**31", "2**64", "None"])]),
    "getnameinfo": (["-"], [("SOCKADDR", P.NIADDRS), ("FLAGS", ["0", "NI_NUMERICHOST|NI_NUMERICSERV", "NI_NAMEREQD", "-1", "2**31", "2**64", "None", "1.5"])]),
    "gethostbyname": (["-"], [("HOST", P.HOSTS)]),
    "gethostbyname_ex": (["-"], [("HOST", P.HOSTS)]),
    "gethostbyaddr": (["-"], [("HOST", P.HOSTS)]),
    "getservbyname": (["-"], [("SERVICENAME", P.NAMES), ("PROTOCOLNAME", P.NAMES)]),
    "getservbyport": (["-"], [("PORT", P.PORTS), ("PROTOCOLNAME", P.NAMES)]),
    "getprotobyname": (["-"], [("NAME", P.NAMES)]),
    "getfqdn": (["-"], [("name", P.HOSTS)]),
    "gethostname": (["-"], []),
    "inet_aton": (["-"], [("STRING", P.HOSTS)]),
    "inet_ntoa": (["-"], [("PACKED", P.PACKED4)]),
    "inet_pton": (["-"], [("FAMILY", P.FAMILIES), ("STRING", P.HOSTS)]),
    "inet_ntop": (["-"], [("FAMILY", P.FAMILIES), ("PACKED", P.PACKED4)]),
    "htons": (["-"], [("X", P.INTS + P.FLOATS)]),
    "ntohs": (["-"], [("X", P.INTS + P.FLOATS)]),
    "htonl": (["-"], [("X", P.INTS + P.FLOATS)]),
    "ntohl": (["-"], [("X", P.INTS + P.FLOATS)]),
    "if_nametoindex": (["-"], [("OIFNAME", P.IFS)]),
    "if_indextoname": (["-"], [("IF_INDEX", P.IFS)]),
    "if_nameindex": (["-"], []),
    "getdefaulttimeout": (["-"], []),
    "setdefaulttimeout": (["-"], [("TIMEOUT", P.TIMEOUTS)]),
    "CMSG_LEN": (["-"], [("LENGTH", P.SIZES + P.INTS)]),
    "CMSG_SPACE": (["-"], [("LENGTH", P.SIZES + P.INTS)]),
    "has_dualstack_ipv6": (["-"], []),
}
P.V["[FD]"] = lambda ctx: [ctx.fd]
P.V["[-1]"] = lambda ctx: [-1]
P.V["[2**31]"] = lambda ctx: [2 ** 31]
P.V["['x']"] = lambda ctx: ["x"]
P.V["[1.5]"] = lambda ctx: [1.5]
P.V["'nosuch'"] = lambda ctx: "nosuch"

# Calls that may bind fixed ports or names: the two workers run them one after
# the other, not at the same time.
SERIAL = {".bind", "create_server", ".connect", ".connect_ex", "create_connection", ".sendto", ".sendmsg", "send_fds", ".listen"}


def _check_tokens():
    for target, (_, slots) in TARGETS.items():
        for _, pool in slots:
            for t in pool:
                if t not in P.V:
                    compile(t, t, "eval")


_check_tokens()


def case_kinds(target):
    kinds = TARGETS[target][0]
    return SOCK_KINDS if kinds is None else kinds


# --- generation (hypothesis) -----------------------------------------------

def cases():
    """A hypothesis strategy of cases (plain dicts of tokens)."""
    from hypothesis import strategies as st

    @st.composite
    def case(draw):
        target = draw(st.sampled_from(sorted(TARGETS)))
        kind = draw(st.sampled_from(case_kinds(target)))
        slots = TARGETS[target][1]
        n = len(slots)
        mode = draw(st.integers(0, 9))
        if mode < 6:        # a natural count
            nargs = draw(st.integers(0, n))
        else:               # 0..5 extra, or none
            nargs = draw(st.integers(0, n + 5))
        args = []
        for i in range(nargs):
            if i < n and draw(st.integers(0, 9)) < 7:
                args.append(draw(st.sampled_from(slots[i][1])))
            else:
                args.append(draw(st.sampled_from(P.GENERAL)))
        kwargs = {}
        k = draw(st.integers(0, 19))
        if k < 3 and args and len(args) <= n:   # last positional as keyword
            kwargs[slots[len(args) - 1][0].lower()] = args.pop()
        elif k == 3:
            kwargs["bogus"] = draw(st.sampled_from(P.GENERAL))
        elif k == 4 and len(args) < n:          # skip ahead with a keyword
            j = draw(st.integers(len(args), n - 1))
            kwargs[slots[j][0].lower()] = draw(st.sampled_from(slots[j][1]))
        return {"target": target, "kind": kind, "args": args, "kwargs": kwargs}

    return case()


def case_repr(case):
    parts = list(case["args"]) + ["%s=%s" % kv for kv in sorted(case["kwargs"].items())]
    return "(%s)" % ", ".join(parts)


# --- the workers -----------------------------------------------------------

class Worker:
    def __init__(self, which, env=None):
        self.which = which
        self.env = env
        self.proc = None

    def start(self):
        env = dict(os.environ)
        env.pop("PYTHONWARNINGS", None)
        if self.env:
            env.update(self.env)
        if self.which == "socket":
            env.pop("PYSOCK_FUZZ_PLANT", None)
        python = sys.executable
        if self.which == "socket":
            # PYSOCK_FUZZ_STDLIB_PYTHON: the stdlib side run by another
            # interpreter (on PyPy, a CPython: PyPy's _socket is not the
            # reference, tests/oracle.py).
            python = os.environ.get("PYSOCK_FUZZ_STDLIB_PYTHON") or python
        self.proc = subprocess.Popen([python, WORKER, self.which], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.buf = b""
        ready = self._read(30.0)
        if ready is None or "ready" not in ready:
            raise RuntimeError("worker %s did not start: %r" % (self.which, ready))

    def send(self, case):
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        self.proc.stdin.write((json.dumps(case) + "\n").encode())
        self.proc.stdin.flush()

    def _read(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return "hang"
            r, _, _ = select.select([fd], [], [], left)
            if r:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return json.loads(line)

    def receive(self, timeout):
        got = self._read(timeout)
        if isinstance(got, dict):
            return got
        if got == "hang":
            self.proc.kill()
            self.proc.wait()
            self._release()
            return {"res": "crash", "crash": "hang (> %gs)" % timeout, "warnings": [], "fd_delta": 0}
        rc = self.proc.wait()
        self._release()
        how = ("signal %s" % signal.Signals(-rc).name) if rc < 0 else "exit %d" % rc
        return {"res": "crash", "crash": how, "warnings": [], "fd_delta": 0}

    def stop(self):
        if self.proc is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self._release()

    def _release(self):
        """Close the pipes of the worker that ended (not left to the garbage
        collector: on PyPy its ResourceWarnings would surface in a later
        test)."""
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass  # a dead worker's stdin: the buffered write fails
        self.proc = None


class Runner:
    """The two workers, stdlib and pysock; ``run(case)`` -> (std, ours)."""

    def __init__(self, plant=None, hang_limit=10.0):
        env = {"PYSOCK_FUZZ_PLANT": plant} if plant else None
        self.std = Worker("socket")
        self.ours = Worker("pysock", env)
        self.hang_limit = hang_limit

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.std.stop()
        self.ours.stop()

    def run(self, case):
        if case["target"] in SERIAL:
            self.std.send(case)
            a = self.std.receive(self.hang_limit)
            self.ours.send(case)
            b = self.ours.receive(self.hang_limit)
        else:
            self.std.send(case)
            self.ours.send(case)
            a = self.std.receive(self.hang_limit)
            b = self.ours.receive(self.hang_limit)
        return a, b


# --- comparison ------------------------------------------------------------

def summary(out):
    res = out["res"]
    if res == "ok":
        s = "-> " + out["value"]
    elif res in ("raise", "setup-error", "worker-error"):
        name, err, msg, args = out["exc"]
        s = "%s%s: %s" % (name, "" if err is None else "[%s]" % err, msg)
        if res != "raise":
            s = res + " " + s
    elif res == "crash":
        s = "CRASH " + out["crash"]
    else:
        s = res
    if res == "raise" and out.get("show_args"):
        s += " args=" + out["exc"][3]
    if out.get("warnings"):
        s += " +warn" + repr([tuple(w) for w in out["warnings"]])
    if out.get("fd_delta"):
        s += " fds%+d" % out["fd_delta"]
    return s


# TypeError messages about the call's shape (argument count, keywords).
_SIGNATURE = re.compile(r"takes (no|exactly|at (least|most)|\d+|from)|argument.*\(pos \d+\)|"
                        r"keyword argument|positional argument|required argument|given by name|"
                        r"\d+ (or|to) \d+ arguments|takes no arguments|expected at (most|least)")


def compare(a, b):
    """The categories in which *b* (pysock) differs from *a* (stdlib)."""
    cats = []
    if b["res"] == "crash" and a["res"] != "crash":
        cats.append("crash")
    elif b.get("argerr"):
        cats.append("ArgumentError")
    elif a["res"] != b["res"]:
        cats.append("outcome")
    elif a["res"] == "ok":
        if a["value"] != b["value"]:
            cats.append("value")
    elif a["res"] in ("raise", "setup-error", "worker-error"):
        if a["exc"][0] != b["exc"][0]:
            cats.append("exception type")
        elif a["exc"][1] != b["exc"][1]:
            cats.append("errno")
        elif a["exc"][2] != b["exc"][2]:
            cats.append("message")
        elif a["exc"][3] != b["exc"][3]:
            cats.append("args")
    if cats and a["res"] == "raise" and a["exc"][0] == "TypeError" and _SIGNATURE.search(a["exc"][2]):
        cats[0] = "signature"
    if a.get("state") != b.get("state"):
        cats.append("state")
    if a.get("warnings") != b.get("warnings"):
        cats.append("warnings")
    if a.get("fd_delta") != b.get("fd_delta"):
        cats.append("leak")
    return cats


class Diff:
    def __init__(self, case, std, ours, cats):
        self.case, self.std, self.ours, self.cats = case, std, ours, cats
        self.call = case["target"]
        self.kind = case["kind"]
        self.args = case_repr(case)
        if cats[0] == "args":
            std, ours = dict(std, show_args=True), dict(ours, show_args=True)
        self.std_s = summary(std)
        self.ours_s = summary(ours)
        if "state" in cats:  # the socket's mode after the call
            self.std_s += " [%s]" % std.get("state")
            self.ours_s += " [%s]" % ours.get("state")

    def key(self):
        # De-duplication: same call, category and outcome texts.
        return (self.call, self.cats[0], self.std_s, self.ours_s)


# --- the known-differences list --------------------------------------------

def _py_matches(spec):
    if not spec:
        return True
    for part in spec.split(","):
        part = part.strip()
        for op in ("<=", ">=", "<", ">", "=="):
            if part.startswith(op):
                v = tuple(int(x) for x in part[len(op):].split("."))
                cur = sys.version_info[:len(v)]
                ok = {"<": cur < v, "<=": cur <= v, ">": cur > v, ">=": cur >= v, "==": cur == v}[op]
                if not ok:
                    return False
                break
    return True


class Known:
    """Entries: {call, kind?, category, stdlib?, pysock?, python?,
    implementation? (sys.implementation.name: "pypy" for PyPy only), reason,
    repro?: {kind, args, kwargs?} | unreproducible?: why}.  Patterns are
    fnmatch patterns on the call, kind, category and the outcome texts."""

    def __init__(self, entries):
        self.entries = [e for e in entries if _py_matches(e.get("python"))
                        and e.get("implementation", sys.implementation.name) == sys.implementation.name]

    @classmethod
    def load(cls, path=KNOWN_FILE):
        with open(path) as f:
            return cls(json.load(f)["differences"])

    @staticmethod
    def matches(entry, d):
        return (fnmatch.fnmatchcase(d.call, entry["call"])
                and fnmatch.fnmatchcase(d.kind, entry.get("kind", "*"))
                and entry["category"] in d.cats
                and fnmatch.fnmatchcase(d.std_s, entry.get("stdlib", "*"))
                and fnmatch.fnmatchcase(d.ours_s, entry.get("pysock", "*")))

    def find(self, d):
        for e in self.entries:
            if self.matches(e, d):
                return e
        return None

    def stale(self, runner):
        """Entries whose reproducer no longer shows the listed difference."""
        gone = []
        for e in self.entries:
            r = e.get("repro")
            if not r:
                continue
            case = {"target": r.get("call", e["call"]), "kind": r.get("kind", "-"), "args": r.get("args", []),
                    "kwargs": r.get("kwargs", {})}
            a, b = runner.run(case)
            cats = compare(a, b)
            if not cats or not self.matches(e, Diff(case, a, b, cats)):
                gone.append((e, summary(a), summary(b)))
        return gone


# --- running and reporting -------------------------------------------------

class Stats:
    def __init__(self):
        self.calls = 0
        self.crashes = 0
        self.std_crashes = 0
        self.argerrs = 0
        self.leaks = 0
        self.by_cat = {}
        self.diffs = []

    def add(self, case, a, b):
        self.calls += 1
        if b["res"] == "crash":
            self.crashes += 1
        if a["res"] == "crash":
            self.std_crashes += 1
        if b.get("argerr"):
            self.argerrs += 1
        if (b.get("fd_delta") or 0) > (a.get("fd_delta") or 0):
            self.leaks += 1
        cats = compare(a, b)
        if cats:
            for c in cats:
                self.by_cat[c] = self.by_cat.get(c, 0) + 1
            self.diffs.append(Diff(case, a, b, cats))


def fuzz(n, seed, runner, stats=None, cases_list=None):
    """Run *n* generated cases (hypothesis, seeded) through *runner*."""
    stats = stats or Stats()
    if cases_list is not None:
        for case in cases_list:
            stats.add(case, *runner.run(case))
        return stats
    from hypothesis import given, settings, seed as hseed, HealthCheck, Phase

    @hseed(seed)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=False)
    @given(case=cases())
    def body(case):
        stats.add(case, *runner.run(case))

    body()
    return stats


def table(diffs, limit=200):
    """A readable, de-duplicated table of differences."""
    groups = {}
    for d in diffs:
        groups.setdefault(d.key(), []).append(d)
    rows = []
    order = lambda kv: (kv[0][1] == "signature", kv[0][1], kv[0][0])  # noqa: E731
    for key, ds in sorted(groups.items(), key=order):
        d = ds[0]
        kinds = sorted(set(x.kind for x in ds))
        rows.append("%-14s %-18s x%-4d %s%s %s\n    args:   %s\n    stdlib: %s\n    pysock: %s" % (
            ",".join(d.cats), d.call, len(ds), d.kind,
            "" if len(kinds) == 1 else " (+%d kinds)" % (len(kinds) - 1), "",
            d.args[:300], d.std_s[:400], d.ours_s[:400]))
    head = "%d difference(s), %d distinct:" % (len(diffs), len(groups))
    return "\n".join([head] + rows[:limit] + (["... %d more" % (len(rows) - limit)] if len(rows) > limit else []))


def totals(stats, elapsed):
    lines = ["calls: %d in %.1fs (%.0f/s)" % (stats.calls, elapsed, stats.calls / max(elapsed, 1e-9)),
             "pysock crashes/hangs: %d (stdlib: %d)" % (stats.crashes, stats.std_crashes),
             "ctypes.ArgumentError: %d" % stats.argerrs,
             "descriptor leaks (pysock more fds left open than the stdlib): %d" % stats.leaks,
             "cases with a difference: %d" % len(stats.diffs),
             "differences by category: " + ", ".join("%s=%d" % kv for kv in sorted(stats.by_cat.items()))]
    return "\n".join(lines)
