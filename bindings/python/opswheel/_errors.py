"""The exceptions opswheel raises.

Every error of the C++ core arrives as one of these classes with the core's message (the mapping
from the core's error codes is ``by_code``, which the compiled module calls). The codes and their
meanings are the C++ error table's (include/opswheel/errors.hpp), which the compiled module exports
as ``_core.error_codes``: each class takes its ``code`` from its name (``UnknownIdError`` is
``unknown_id``) and its docstring from the table. What this file states is only what is Python's
own: which built-in exception each class also derives from, so that a bad value is a
``ValueError`` and an unknown id a ``KeyError``, and ``except ValueError`` works without knowing
opswheel.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Type

from . import _core

__all__ = [
    "ConflictError",
    "CorruptDataError",
    "DuplicateIdError",
    "Error",
    "InvalidArgumentError",
    "InvalidIdError",
    "InvalidTransitionError",
    "NotEnoughTeamsError",
    "NotFoundError",
    "StaleSuggestionError",
    "StorageError",
    "UnknownIdError",
    "UnknownItemError",
    "UnsupportedVersionError",
]

#: The core's error table: code name -> its meaning, in the core's order.
MEANINGS: Dict[str, str] = dict(_core.error_codes)

_CLASSES: Dict[str, Type["Error"]] = {}


def _code_of(class_name: str) -> str:
    """``UnknownIdError`` -> ``unknown_id``: the class names are the codes in CamelCase."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", class_name[: -len("Error")]).lower()


class Error(Exception):
    """Base of every opswheel error. ``code`` names the core's error code."""

    code = "error"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = _code_of(cls.__name__)
        if code not in MEANINGS:  # a class without a code in the core's table: a mistake here
            raise TypeError(f"{cls.__name__}: the core has no error code {code!r}")
        cls.code = code
        cls.__doc__ = MEANINGS[code]
        _CLASSES[code] = cls

    # Every opswheel error reads as its message, also the KeyError kinds (KeyError would quote it as
    # a key).
    __str__ = BaseException.__str__


# One line per code: its class and the built-in exception it also is. The code and the docstring
# come from the core's table.
class InvalidArgumentError(Error, ValueError): ...
class InvalidIdError(InvalidArgumentError): ...
class DuplicateIdError(InvalidArgumentError): ...
class UnknownIdError(Error, KeyError): ...
class NotEnoughTeamsError(Error, ValueError): ...
class StaleSuggestionError(Error): ...
class InvalidTransitionError(InvalidArgumentError): ...
class NotFoundError(Error, KeyError): ...
class CorruptDataError(Error, ValueError): ...
class UnsupportedVersionError(Error, ValueError): ...
class ConflictError(Error): ...
class StorageError(Error, OSError): ...
# Both kinds of "not there": an action item was reported as an unknown id before 0.2.0, so old
# ``except UnknownIdError`` clauses still catch it.
class UnknownItemError(NotFoundError, UnknownIdError): ...


def by_code(code: str) -> type[Error]:
    """The class for a core error code (``Error`` for a code this version does not know)."""
    return _CLASSES.get(code, Error)
