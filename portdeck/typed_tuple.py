"""`NamedTuple` for modules on the one-shot lookup path, without importing `typing`.

Importing `typing` costs every `portdeck 22` about 4 ms, a tenth of its budget, and
`collections.namedtuple` ~0.2 ms a class (it compiles a `__new__` from source text):
a word query defines a dozen. Type checkers read `typing.NamedTuple` here; at run
time a class statement builds a tuple subclass from its annotations and defaults,
with the same behaviour (`_fields`, `_make`, `_replace`, `_asdict`, keyword
arguments, defaults, repr), keeping the methods and properties written in its body.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without the import; type checkers honour the name
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    try:
        from _collections import _tuplegetter  # what namedtuple's fields use: a C descriptor
    except ImportError:  # another Python than CPython

        def _tuplegetter(index: int, doc: str) -> property:
            from operator import itemgetter

            return property(itemgetter(index), doc=doc)

    # Names the class body sets that are not the record's own attributes.
    _NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__doc__"})

    def _record_methods(name: str, fields: tuple[str, ...], defaults: dict[str, object]) -> dict[str, object]:
        count = len(fields)
        tuple_new = tuple.__new__

        def __new__(cls, *args: object, **keywords: object) -> tuple:
            if keywords or len(args) != count:
                if len(args) > count:
                    raise TypeError(f"{name}() takes {count} positional arguments but {len(args)} were given")
                values = list(args)
                for field in fields[len(args) :]:
                    if field in keywords:
                        values.append(keywords.pop(field))
                    elif field in defaults:
                        values.append(defaults[field])
                    else:
                        raise TypeError(f"{name}() missing required argument: {field!r}")
                if keywords:
                    raise TypeError(f"{name}() got an unexpected keyword argument {next(iter(keywords))!r}")
                args = tuple(values)
            return tuple_new(cls, args)

        def _make(cls, iterable: object) -> tuple:
            made = tuple_new(cls, iterable)
            if len(made) != count:
                raise TypeError(f"Expected {count} arguments, got {len(made)}")
            return made

        def _replace(self, **keywords: object) -> tuple:
            made = self._make(map(keywords.pop, fields, self))
            if keywords:
                raise ValueError(f"Got unexpected field names: {list(keywords)!r}")
            return made

        def _asdict(self) -> dict[str, object]:
            return dict(zip(fields, self, strict=True))

        def __repr__(self) -> str:
            shown = ", ".join(f"{field}={value!r}" for field, value in zip(fields, self, strict=True))
            return f"{self.__class__.__name__}({shown})"

        def __getnewargs__(self) -> tuple:
            return tuple(self)

        methods: dict[str, object] = {
            "__slots__": (),
            "_fields": fields,
            "_field_defaults": defaults,
            "__match_args__": fields,
            "__new__": __new__,
            "_make": classmethod(_make),
            "_replace": _replace,
            "_asdict": _asdict,
            "__repr__": __repr__,
            "__getnewargs__": __getnewargs__,
        }
        for index, field in enumerate(fields):
            methods[field] = _tuplegetter(index, f"Alias for field number {index}")
        return methods

    class _NamedTupleMeta(type):
        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            annotations = namespace.get("__annotations__", {})
            fields = tuple(annotations)
            defaults = {field: namespace[field] for field in fields if field in namespace}
            if any(field not in namespace for field in fields[len(fields) - len(defaults) :]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            body = _record_methods(name, fields, defaults)
            body["__module__"] = namespace.get("__module__")
            body["__qualname__"] = namespace.get("__qualname__", name)
            body["__doc__"] = namespace.get("__doc__") or f"{name}({', '.join(fields)})"
            body["__annotations__"] = dict(annotations)
            for key, value in namespace.items():
                if key not in fields and key not in _NOT_COPIED:
                    body[key] = value
            return type.__new__(type, name, (tuple,), body)

    # Built with type.__new__ so that only subclasses go through _NamedTupleMeta.__new__.
    NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {"__module__": __name__})

__all__ = ["TYPE_CHECKING", "NamedTuple"]
