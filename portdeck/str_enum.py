"""`Enum` of strings for modules on the one-shot lookup path, without importing `enum`.

Importing `enum` costs every `portdeck 22` ~7 ms (it pulls in functools, collections
and types), a fifth of its budget once the command itself imports nothing else.
Type checkers read `enum.Enum` here; at run time `class Protocol(str, Enum)` builds
a str subclass whose members are its instances, each equal to its value, with the
behaviour the code relies on: `Protocol.TCP`, `Protocol("tcp")` (ValueError for
anything else), iteration in definition order, `.name`, `.value`, `is` identity, a
repr and str as `enum` writes them, and pickling back to the same member.
"""

from __future__ import annotations

from .typed_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from enum import Enum
else:

    class _EnumMeta(type):
        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            values = {
                key: value
                for key, value in namespace.items()
                if not key.startswith("_") and isinstance(value, str)
            }
            for key in values:
                del namespace[key]
            # `class Protocol(str, Enum)`: Enum is already a str, and must come first.
            if len(bases) > 1:
                bases = tuple(base for base in bases if base is not str)
            enum_class = super().__new__(cls, name, bases, namespace)
            members: dict[str, object] = {}
            by_value: dict[str, object] = {}
            for key, value in values.items():
                member = str.__new__(enum_class, value)
                member._name_ = key
                member._value_ = value
                members[key] = by_value.setdefault(value, member)  # an alias is the same member
            type.__setattr__(enum_class, "_members_", members)
            type.__setattr__(enum_class, "_by_value_", by_value)
            for key, member in members.items():
                type.__setattr__(enum_class, key, member)
            return enum_class

        def __call__(cls, value: object) -> object:
            found = cls._by_value_.get(value) if isinstance(value, str) else None
            if found is None:
                raise ValueError(f"{value!r} is not a valid {cls.__qualname__}")
            return found

        def __iter__(cls):
            return iter(cls._by_value_.values())

        def __len__(cls) -> int:
            return len(cls._by_value_)

        def __getitem__(cls, name: str) -> object:
            return cls._members_[name]

        def __setattr__(cls, name: str, value: object) -> None:
            if name in cls.__dict__.get("_members_", {}):
                raise AttributeError(f"cannot reassign member {name!r}")
            super().__setattr__(name, value)

    class Enum(str, metaclass=_EnumMeta):
        """The base: subclasses' string attributes become their members."""

        _name_: str
        _value_: str

        @property
        def name(self) -> str:
            return self._name_

        @property
        def value(self) -> str:
            return self._value_

        def __repr__(self) -> str:
            return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"

        def __str__(self) -> str:
            return f"{type(self).__name__}.{self._name_}"

        def __format__(self, spec: str) -> str:
            return format(str(self), spec)

        def __reduce_ex__(self, protocol: object) -> tuple[object, tuple[str]]:
            return type(self), (self._value_,)

        def __copy__(self) -> Enum:
            return self

        def __deepcopy__(self, memo: object) -> Enum:
            return self


__all__ = ["Enum"]
