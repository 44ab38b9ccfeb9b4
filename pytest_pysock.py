"""pysock's pytest plugin: tests that see, break and fence their sockets.

Loaded by pytest from the ``pytest11`` entry point; inert unless asked: it
only adds options, markers and fixtures, and imports pysock only when one
of them is used (a module of its own, outside the ``pysock`` package, so
that even importing pysock waits until then).

``pytest --pysock``
    the whole session runs on pysock (``pysock.install()`` at start,
    ``uninstall()`` at the end).

``pysock_trace`` (fixture)
    traces the test: ``pysock_trace.calls("connect", peer=(host, port))``,
    ``.count("recv")``, ``.names()``, ``.assert_order("connect", "write",
    "read")``, ``.summary()``; every ``Event`` in ``.events``.

``pysock_faults`` (fixture), ``@pytest.mark.pysock_inject(*faults)``
    inject faults for the test's duration: spec strings as ``--inject``
    takes them (``"recv:error=ECONNRESET:when=2"``) or ``pysock.trace.Fault``
    objects with predicates.

``--pysock-allow-hosts=LIST``, ``@pytest.mark.pysock_allow_hosts(*hosts)``
    a network policy: a connection or datagram to an address outside the
    list is refused with ``NetworkBlocked`` naming the destination and the
    test.  Entries: an address (``127.0.0.1``, ``::1``), a network
    (``10.0.0.0/8``), a host name (resolved once), each optionally with a
    port (``localhost:8080``, ``[::1]:53``, ``*:443``).  Unix sockets are
    allowed apart (``--pysock-block-unix`` or ``unix=False`` refuses them).

Whatever needs a tracer or a policy installs pysock for the test, so the
code under test may use the stdlib ``socket`` module as it always does.
"""

from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import pytest

_KEY = "_pysock_control"


# -- options and markers ------------------------------------------------------


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("pysock", "pysock: sockets through pysock")
    group.addoption(
        "--pysock", action="store_true", default=False,
        help="run the session on pysock (pysock.install())",
    )
    group.addoption(
        "--pysock-allow-hosts", action="append", default=None, metavar="LIST",
        help="refuse network destinations outside LIST (comma-separated "
        "addresses, networks, host names, each with an optional :port); "
        "an empty LIST refuses every network destination",
    )
    group.addoption(
        "--pysock-block-unix", action="store_true", default=False,
        help="with a network policy, refuse Unix sockets too",
    )
    group.addoption(
        "--pysock-inject", action="append", default=[], metavar="SPEC",
        help="a fault for every test, as `python -m pysock trace --inject` takes it",
    )


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers",
        "pysock_inject(*faults): inject faults (spec strings or pysock.trace.Fault "
        "objects) into the test's socket calls",
    )
    config.addinivalue_line(
        "markers",
        "pysock_allow_hosts(*hosts, unix=True): refuse network destinations "
        "outside hosts for this test",
    )
    if config.getoption("--pysock"):
        import pysock

        pysock.install()
        setattr(config, _INSTALLED, True)


def pytest_unconfigure(config: Any) -> None:
    if getattr(config, _INSTALLED, False):
        import pysock

        pysock.uninstall()
        setattr(config, _INSTALLED, False)


# Set on the config when --pysock installed pysock for the session (an
# attribute rather than a StashKey: older pytests load this plugin too).
_INSTALLED = "_pysock_installed"


def pytest_report_header(config: Any) -> Optional[str]:
    if config.getoption("--pysock"):
        import pysock

        return "pysock: the session runs on pysock (%s)" % (pysock.__file__,)
    return None


# -- the network policy --------------------------------------------------------


class NetworkBlocked(RuntimeError):
    """A test tried to reach a destination its network policy does not
    allow.  Not an OSError on purpose: code that retries on OSError must
    not swallow it."""


class _Entry(object):
    __slots__ = ("text", "network", "name", "port")

    def __init__(self, text: str) -> None:
        import ipaddress

        self.text = text
        host, port = _split_host_port(text)
        self.port = port
        self.network = None  # type: Any
        self.name = None  # type: Optional[str]
        if host == "*":
            self.network = "*"
            return
        try:
            self.network = ipaddress.ip_network(host, strict=False)
        except ValueError:
            self.name = host.lower()


def _split_host_port(text: str) -> Tuple[str, Optional[int]]:
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host, port = text, ""
    if port in ("", "*"):
        return host, None
    try:
        number = int(port)
    except ValueError:
        raise pytest.UsageError("pysock: %r: the port must be a number" % (text,))
    return host, number


class Policy(object):
    """Which destinations a test may reach (see the module's docstring)."""

    def __init__(self, hosts: Iterable[str], unix: bool = True) -> None:
        self.hosts = [h.strip() for h in hosts if h.strip()]
        self.entries = [_Entry(h) for h in self.hosts]
        self.unix = unix
        self._resolved = {}  # type: Dict[str, List[str]]

    def _addresses(self, name: str) -> List[str]:
        if name not in self._resolved:
            import pysock

            try:
                infos = pysock.getaddrinfo(name, None)
            except OSError:
                infos = []
            self._resolved[name] = sorted({str(info[4][0]) for info in infos})
        return self._resolved[name]

    def allows(self, family: int, address: Any) -> bool:
        import ipaddress

        import pysock

        if family == getattr(pysock, "AF_UNIX", None):
            return self.unix
        if family not in (pysock.AF_INET, pysock.AF_INET6):
            return True
        if not isinstance(address, tuple) or len(address) < 2:
            return False
        host, port = address[0], address[1]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).split("%")[0]
        try:
            ips = [ipaddress.ip_address(host)]
        except ValueError:
            ips = [ipaddress.ip_address(a.split("%")[0]) for a in self._addresses(host)]
        for entry in self.entries:
            if entry.port is not None and entry.port != port:
                continue
            if entry.network == "*":
                return True
            if entry.name is not None:
                if entry.name == host.lower():
                    return True
                nets = [ipaddress.ip_address(a.split("%")[0]) for a in self._addresses(entry.name)]
                if ips and all(ip in nets for ip in ips):
                    return True
            elif ips and all(ip in entry.network for ip in ips):
                return True
        return False

    def describe(self) -> str:
        allowed = ", ".join(self.hosts) if self.hosts else "no network destination"
        return "allowed: %s; Unix sockets %s" % (allowed, "allowed" if self.unix else "refused")


def _destination(sock: Any, call: str, args: Tuple[Any, ...]) -> Any:
    if call in ("connect", "connect_ex"):
        return args[0] if args else None
    if call == "sendto":
        return args[-1] if len(args) >= 2 else None
    if call == "sendmsg":
        return args[3] if len(args) >= 4 else None
    return None


class _Guard(object):
    """The policy in force: pysock's socket class refuses what it does not
    allow, before any system call."""

    CALLS = ("connect", "connect_ex", "sendto", "sendmsg")

    def __init__(self, policy: Policy, test: str) -> None:
        self.policy = policy
        self.test = test
        self._saved = {}  # type: Dict[str, Any]

    def start(self) -> None:
        import pysock

        cls = pysock.socket
        for name in self.CALLS:
            original = getattr(cls, name, None)
            if original is None:
                continue
            self._saved[name] = cls.__dict__.get(name)
            setattr(cls, name, self._guarded(name, original))

    def stop(self) -> None:
        import pysock

        cls = pysock.socket
        for name, saved in self._saved.items():
            if saved is None:
                delattr(cls, name)
            else:
                setattr(cls, name, saved)
        self._saved = {}

    def _guarded(self, name: str, original: Any) -> Any:
        policy = self.policy
        test = self.test

        def guarded(sock: Any, *args: Any, **kwargs: Any) -> Any:
            address = _destination(sock, name, args)
            if address is not None and not policy.allows(sock.family, address):
                raise NetworkBlocked(
                    "pysock: test %s may not %s to %r (%s; --pysock-allow-hosts, "
                    "@pytest.mark.pysock_allow_hosts)"
                    % (test, "connect" if name.startswith("connect") else "send", address,
                       policy.describe())
                )
            return original(sock, *args, **kwargs)

        guarded.__name__ = name
        guarded.__wrapped__ = original  # type: ignore[attr-defined]
        return guarded


# -- the per-test control ---------------------------------------------------------


class CallLog(object):
    """The calls a test made, as the ``pysock_trace`` fixture gives them.

    Filters, each optional, all combined: ``name`` (a call or a class as
    ``--calls`` takes them: ``"recv"`` selects ``read`` too, ``"%send"``),
    ``peer`` (the remote address, as the socket API writes it), ``payload``
    (bytes that the call's payload contains), ``failed`` (True/False),
    ``error`` (``"ECONNRESET"``), ``module`` (the module the call came
    from), ``injected`` (True: calls a fault acted on).
    """

    def __init__(self, tracer: Any) -> None:
        self.tracer = tracer

    @property
    def events(self) -> List[Any]:
        """Every recorded ``pysock.trace.Event``, oldest first."""
        return list(self.tracer.events)

    def calls(
        self,
        name: Optional[str] = None,
        *,
        peer: Any = None,
        payload: Optional[bytes] = None,
        failed: Optional[bool] = None,
        error: Optional[str] = None,
        module: Optional[str] = None,
        injected: Optional[bool] = None
    ) -> List[Any]:
        """The events that pass every filter given."""
        found = []
        for ev in self.tracer.events:
            if name is not None and not ev.matches(name):
                continue
            if peer is not None and ev.peer != peer:
                continue
            if payload is not None:
                data = ev.data
                if data is None or payload not in data.head:
                    continue
            if failed is not None and ev.failed != failed:
                continue
            if error is not None and ev.error != error:
                continue
            if module is not None and ev.module != module:
                continue
            if injected is not None and bool(ev.injected) != injected:
                continue
            found.append(ev)
        return found

    def count(self, name: Optional[str] = None, **filters: Any) -> int:
        """How many calls pass the filters."""
        return len(self.calls(name, **filters))

    def names(self, name: Optional[str] = None, **filters: Any) -> List[str]:
        """The names of the calls that pass the filters, in order."""
        return [ev.call for ev in self.calls(name, **filters)]

    def assert_called(self, name: Optional[str] = None, times: Optional[int] = None, **filters: Any) -> List[Any]:
        """Fail unless some call passes the filters (exactly *times*
        calls, if given); return those calls."""
        found = self.calls(name, **filters)
        if (times is None and not found) or (times is not None and len(found) != times):
            wanted = "%s call(s)" % times if times is not None else "a call"
            raise AssertionError(
                "pysock: expected %s of %s%s, got %d:\n%s"
                % (wanted, name or "any name", _filters_text(filters), len(found),
                   "\n".join("  " + ev.format(stack=False) for ev in found) or "  (none)")
            )
        return found

    def assert_order(self, *names: str, **filters: Any) -> None:
        """Fail unless calls of these names were made in this order (other
        calls may come between)."""
        position = 0
        for ev in self.calls(None, **filters):
            if position < len(names) and ev.matches(names[position]):
                position += 1
        if position < len(names):
            raise AssertionError(
                "pysock: no %s after %s in the calls made: %s"
                % (names[position], " -> ".join(names[:position]) or "the start",
                   " ".join(self.names(None, **filters)))
            )

    def summary(self) -> Any:
        """The ``strace -c`` table of the calls so far."""
        return self.tracer.summary()

    def __len__(self) -> int:
        return len(self.tracer.events)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.events)


def _filters_text(filters: Dict[str, Any]) -> str:
    return "".join(" %s=%r" % item for item in sorted(filters.items()))


class FaultInjector(object):
    """Faults in force for the test (``pysock_faults`` fixture)."""

    def __init__(self, control: "_Control") -> None:
        self._control = control

    def inject(self, *faults: Any) -> List[Any]:
        """Add faults (spec strings or ``Fault`` objects) until the test
        ends; return them as ``Fault`` objects (``.injected`` counts the
        calls each acted on)."""
        return self._control.add_faults(faults)

    @property
    def faults(self) -> List[Any]:
        tracer = self._control.tracer
        return list(tracer.faults) if tracer is not None else []

    def clear(self) -> None:
        """No fault from now on."""
        tracer = self._control.tracer
        if tracer is not None:
            del tracer.faults[:]


class _Control(object):
    """What pysock does for one test: installed, traced, fenced."""

    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid
        self.tracer = None  # type: Any
        self.guard = None  # type: Optional[_Guard]
        self.installed = False

    def install(self) -> None:
        if not self.installed:
            import pysock

            pysock.install()
            self.installed = True

    def fence(self, policy: Policy) -> None:
        self.install()
        self.guard = _Guard(policy, self.nodeid)
        self.guard.start()

    def start_tracer(self) -> Any:
        if self.tracer is None:
            from pysock import trace

            if trace.active() is not None:
                raise pytest.UsageError(
                    "pysock: a tracer is running already (python -m pysock trace?); "
                    "the pysock fixtures need their own"
                )
            self.install()
            self.tracer = trace.Tracer(None, strsize=1 << 16)
            self.tracer.start()
        return self.tracer

    def add_faults(self, faults: Iterable[Any]) -> List[Any]:
        from pysock.trace import Fault

        tracer = self.start_tracer()
        added = []
        for fault in faults:
            if not isinstance(fault, Fault):
                fault = Fault.parse(fault)
            fault.reset("%s:%d" % (tracer.seed, len(tracer.faults)))
            tracer.faults.append(fault)
            added.append(fault)
        return added

    def finish(self) -> None:
        # Last in, first out: the tracer wrapped the backend after the
        # guard wrapped the socket class.
        if self.tracer is not None:
            self.tracer.stop()
        if self.guard is not None:
            self.guard.stop()
        if self.installed:
            import pysock

            pysock.uninstall()
            self.installed = False


def _control(request: Any) -> _Control:
    node = request.node
    control = getattr(node, _KEY, None)
    if control is None:
        control = _Control(node.nodeid)
        setattr(node, _KEY, control)
    return control


def _policy_for(item: Any) -> Optional[Policy]:
    config = item.config
    marker = item.get_closest_marker("pysock_allow_hosts")
    if marker is not None:
        hosts = []  # type: List[str]
        for arg in marker.args:
            if isinstance(arg, str):
                hosts.extend(arg.split(","))
            else:
                hosts.extend(arg)
        unix = marker.kwargs.get("unix", not config.getoption("--pysock-block-unix"))
        return Policy(hosts, unix=bool(unix))
    listed = config.getoption("--pysock-allow-hosts")
    if listed is None:
        return None
    hosts = [h for value in listed for h in value.split(",")]
    return Policy(hosts, unix=not config.getoption("--pysock-block-unix"))


@pytest.fixture(autouse=True)
def _pysock_per_test(request: Any) -> Iterator[None]:
    """Inert unless the test or the command line asks for pysock: a
    policy, faults from the marker or ``--pysock-inject``."""
    item = request.node
    policy = _policy_for(item)
    faults = list(item.config.getoption("--pysock-inject"))
    for marker in item.iter_markers("pysock_inject"):
        faults.extend(marker.args)
    if policy is None and not faults:
        yield
        return
    control = _control(request)
    try:
        if policy is not None:
            control.fence(policy)
        if faults:
            control.add_faults(faults)
        yield
    finally:
        control.finish()


@pytest.fixture
def pysock_trace(request: Any) -> Iterator[CallLog]:
    """Trace this test's socket calls (pysock installed for it)."""
    control = _control(request)
    log = CallLog(control.start_tracer())
    try:
        yield log
    finally:
        control.finish()


@pytest.fixture
def pysock_faults(request: Any) -> Iterator[FaultInjector]:
    """Inject faults for this test: ``pysock_faults.inject(spec_or_Fault, ...)``."""
    control = _control(request)
    control.start_tracer()
    try:
        yield FaultInjector(control)
    finally:
        control.finish()
