"""`NamedTuple` for modules on the one-shot lookup path, without importing `typing`.

Importing `typing` costs every `portdeck 22` about 4 ms, a tenth of its budget.
Type checkers read `typing.NamedTuple` here; at run time a class statement
builds the same `collections.namedtuple` from its annotations and defaults and
keeps the methods and properties written in its body, as `typing` does.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without the import; type checkers honour the name
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from collections import namedtuple

    # Names the class body sets that are not the record's own attributes.
    _NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__doc__"})

    class _NamedTupleMeta(type):
        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            annotations = namespace.get("__annotations__", {})
            fields = tuple(annotations)
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field not in namespace for field in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            record = namedtuple(name, fields, defaults=defaults, module=namespace.get("__module__"))
            record.__annotations__ = dict(annotations)
            record.__qualname__ = namespace.get("__qualname__", name)
            if namespace.get("__doc__"):
                record.__doc__ = namespace["__doc__"]
            for key, value in namespace.items():
                if key not in fields and key not in _NOT_COPIED:
                    setattr(record, key, value)
            return record

    # Built with type.__new__ so that only subclasses go through _NamedTupleMeta.__new__.
    NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {"__module__": __name__})

__all__ = ["TYPE_CHECKING", "NamedTuple"]
