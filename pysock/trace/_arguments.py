"""A traced call's arguments by the contract's names.

``pysock._libc.contract.CALLS`` names every parameter of every backend call
(``"name=default"`` where it has a default).  For each call in it a binder
is made once, at import: it turns the ``(args, kwargs)`` a wrapper received
into an ``Arguments`` whose attributes are those names (``a.fd``,
``a.nbytes``, ``a.sockaddr``...), positional and keyword arguments alike,
the contract's defaults filled in for the parameters not given.  A call
outside the contract gets an ``Arguments`` with no named attributes: it is
decoded generically, from ``_args`` and ``_kwargs``.

A parameter neither given nor defaulted (a call the backend would refuse
with TypeError) is simply absent: reading it raises AttributeError, and
the tracer falls back to the generic decoding.
"""

import ast
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Mapping, Tuple

from .. import _tlscalls
from .._libc import contract

__all__ = ["Arguments", "binder", "SPECS"]

#: A contract table: call -> (parameters, required, what it does).
_Contract = Mapping[str, Tuple[Tuple[str, ...], bool, str]]


class Arguments(object):
    """The arguments of one backend call.

    ``a.<parameter>``  the value of a parameter of the contract, given
                       (by position or keyword) or its default
    ``a._call``        the call's name
    ``a._fields``      the contract's parameter names, in order (empty for a
                       call outside the contract)
    ``a._args``        the positional arguments as given (a tuple)
    ``a._kwargs``      the keyword arguments as given (a dict)
    ``a._items()``     ``[(parameter, value), ...]`` in the contract's order
    ``a._replace(parameter=value, ...)``  the same call with other values

    ``len(a)``, ``a[i]`` and iteration read the positional arguments as
    given, as ``Event.args`` did when it was the bare tuple (a fault
    predicate written for that keeps working); decoders use the names.
    The underscore names, as in ``collections.namedtuple``, cannot meet a
    parameter's.
    """

    __slots__ = ("__dict__", "_call", "_fields", "_args", "_kwargs")

    def __init__(
        self,
        call: str,
        fields: Tuple[str, ...],
        args: Tuple[Any, ...],
        kwargs: Dict[str, Any],
        values: Dict[str, Any],
    ) -> None:
        self._call = call
        self._fields = fields
        self._args = args
        self._kwargs = kwargs
        self.__dict__ = values

    if TYPE_CHECKING:
        # The parameters, by the contract's names: each call's own, given
        # by the program (any value the backend takes).
        def __getattr__(self, name: str) -> Any: ...

    def _items(self) -> List[Tuple[str, Any]]:
        values = self.__dict__
        return [(name, values[name]) for name in self._fields if name in values]

    def _replace(self, **changes: Any) -> "Arguments":
        """A new ``Arguments`` for the same call with *changes* (parameter
        -> value): each goes where it came from, its position if it was
        given by position, else by keyword (a default replaced is passed
        by keyword).  Calling ``inner(*new._args, **new._kwargs)`` makes
        the changed call."""
        fields = self._fields
        args = list(self._args)
        kwargs = dict(self._kwargs)
        for name, value in changes.items():
            try:
                index = fields.index(name)
            except ValueError:
                raise TypeError("%s() has no parameter %r in the backend contract"
                                % (self._call, name))
            if index < len(args):
                args[index] = value
            else:
                kwargs[name] = value
        values = dict(self.__dict__)
        values.update(changes)
        return Arguments(self._call, fields, tuple(args), kwargs, values)

    def __len__(self) -> int:
        return len(self._args)

    def __getitem__(self, index: int) -> Any:
        return self._args[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._args)

    def __repr__(self) -> str:
        if self._fields:
            shown = ["%s=%r" % item for item in self._items()]
        else:
            shown = [repr(value) for value in self._args]
            shown.extend("%s=%r" % item for item in self._kwargs.items())
        return "<Arguments %s(%s)>" % (self._call, ", ".join(shown))


def _spec(call: str, calls: _Contract = contract.CALLS) -> Tuple[Tuple[str, ...], Dict[str, Any]]:
    """``(parameter names, {parameter: default})`` of *call*, from the
    contract's ``"name=default"`` entries (defaults are Python literals)."""
    names = []  # type: List[str]
    defaults = {}  # type: Dict[str, Any]
    for entry in calls[call][0]:
        name, has_default, default = entry.partition("=")
        name = name.strip()
        names.append(name)
        if has_default:
            defaults[name] = ast.literal_eval(default.strip())
    return tuple(names), defaults


#: call name -> (parameter names, {parameter: default}), parsed once.
SPECS = {call: _spec(call) for call in contract.CALLS}
# The TLS layer's calls (pysock/_tlscalls.py) have a contract of their own.
SPECS.update((call, _spec(call, _tlscalls.CONTRACT)) for call in _tlscalls.CONTRACT)


#: ``(args, kwargs) -> Arguments`` of one call.
Binder = Callable[[Tuple[Any, ...], Dict[str, Any]], Arguments]


def _contract_binder(call: str, names: Tuple[str, ...], defaults: Dict[str, Any]) -> Binder:
    count = len(names)
    known = frozenset(names)

    def bind(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Arguments:
        if kwargs or len(args) < count:
            values = dict(defaults)
            values.update(zip(names, args))
            for name, value in kwargs.items():
                if name in known:
                    values[name] = value
        else:
            # The common case, every parameter given by position: no
            # defaults to fill in.
            values = dict(zip(names, args))
        return Arguments(call, names, args, kwargs, values)

    bind.__name__ = "bind_" + call
    return bind


def _foreign_binder(call: str) -> Binder:
    def bind(args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> Arguments:
        return Arguments(call, (), args, kwargs, {})

    bind.__name__ = "bind_" + call
    return bind


_BINDERS = {call: _contract_binder(call, names, defaults)
            for call, (names, defaults) in SPECS.items()}


def binder(call: str) -> Binder:
    """The function ``(args, kwargs) -> Arguments`` for *call* (made once
    per call name: a traced call only binds)."""
    bind = _BINDERS.get(call)
    if bind is None:
        bind = _foreign_binder(call)
    return bind
