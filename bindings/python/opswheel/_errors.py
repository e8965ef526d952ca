"""The exceptions opswheel raises.

Every error of the C++ core arrives as one of these classes with the core's message (the mapping
from the core's error codes is ``by_code``, which the compiled module calls). Each class also
derives from the built-in exception a Python caller would expect: a bad value is a ``ValueError``
and an unknown team id a ``KeyError``, so ``except ValueError`` works without knowing opswheel.
"""

from __future__ import annotations

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
    "UnsupportedVersionError",
]


class Error(Exception):
    """Base of every opswheel error. ``code`` names the core's error code."""

    code = "error"


class InvalidArgumentError(Error, ValueError):
    """A value outside its domain: a weight that is NaN or <= 0, k = 0, a bad URL, option or date."""

    code = "invalid_argument"


class InvalidIdError(InvalidArgumentError):
    """A team id that is empty, longer than 256 bytes of UTF-8 or holds a control character."""

    code = "invalid_id"


class DuplicateIdError(InvalidArgumentError):
    """A team id that is already on the roster."""

    code = "duplicate_id"


class UnknownIdError(Error, KeyError):
    """A team id that is not on the roster."""

    code = "unknown_id"

    def __str__(self) -> str:
        # KeyError quotes its argument as a key; this one is a sentence.
        return str(self.args[0]) if self.args else ""


class NotEnoughTeamsError(Error, ValueError):
    """More picks asked for than there are eligible teams."""

    code = "not_enough_teams"


class StaleSuggestionError(Error):
    """A suggestion drawn before the wheel last changed: suggest again."""

    code = "stale_suggestion"


class InvalidTransitionError(InvalidArgumentError):
    """An action item status change its lifecycle does not allow (e.g. done -> cancelled)."""

    code = "invalid_transition"


class NotFoundError(Error, KeyError):
    """A named thing that does not exist: a wheel in a store, an action item."""

    code = "not_found"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class CorruptDataError(Error, ValueError):
    """Input that cannot be trusted: truncated or malformed JSON, a broken audit chain."""

    code = "corrupt_data"


class UnsupportedVersionError(Error, ValueError):
    """A file or database written by a newer opswheel: upgrade to read it."""

    code = "unsupported_version"


class ConflictError(Error):
    """Someone else committed to the wheel since it was loaded; nothing was written. Reload, retry."""

    code = "conflict"


class StorageError(Error, OSError):
    """The database or file system failed: locked too long, unreadable, not an opswheel store."""

    code = "storage"


_CLASSES = {cls.code: cls for cls in (InvalidArgumentError, InvalidIdError, DuplicateIdError,
                                      UnknownIdError, NotEnoughTeamsError, StaleSuggestionError,
                                      InvalidTransitionError, NotFoundError, CorruptDataError,
                                      UnsupportedVersionError, ConflictError, StorageError)}


def by_code(code: str) -> type[Error]:
    """The class for a core error code (``Error`` for a code this version does not know)."""
    return _CLASSES.get(code, Error)
