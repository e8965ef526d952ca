"""Argument checks at the Python boundary: integers and dates arrive in C++ as the types it takes.

Only the conversions live here (a negative k cannot become a size_t, a datetime is not a date);
every rule about values (k >= 1, weights > 0, ...) is the C++ core's, which reports it.
"""

from __future__ import annotations

import datetime
import operator
from typing import Optional

from ._errors import InvalidArgumentError

UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1
SIZE_MAX = 2**63 - 1  # what every platform's size_t holds


def integer(value: object, name: str, maximum: int = SIZE_MAX) -> int:
    """``value`` as an int in [0, maximum]: TypeError for a non-integer, ValueError out of range."""
    if type(value) is int and 0 <= value <= maximum:  # the usual case, first: k of every spin comes here
        return value
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, not bool")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}") from None
    if not 0 <= number <= maximum:
        raise InvalidArgumentError(f"{name} must be an integer from 0 to {maximum}, not {number}")
    return number


def seconds(value: object, name: str) -> float:
    """``value`` (seconds, or a datetime.timedelta) as seconds in [0, 2**31)."""
    number = value.total_seconds() if isinstance(value, datetime.timedelta) else value
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number < 2**31:
        raise InvalidArgumentError(f"{name} must be seconds from 0, not {value!r}")
    return float(number)


def date(value: object, name: str) -> Optional[datetime.date]:
    """``value`` as a datetime.date or None; a datetime.datetime is refused (a meeting is a day)."""
    if value is None or (isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)):
        return value
    raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def required_date(value: object, name: str) -> datetime.date:
    """``value`` as a datetime.date; None is refused too."""
    checked = date(value, name)
    if checked is None:
        raise TypeError(f"{name} must be a datetime.date, not None")
    return checked
