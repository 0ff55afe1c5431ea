"""Argument checks shared by every public function: one of each kind.

Each check names the argument, the bad value and the accepted form, so that a
student who types a wrong value reads what to type instead.
"""

from __future__ import annotations

from collections.abc import Iterable


def check_choice(value: object, allowed: Iterable[object], name: str) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise a ``ValueError`` naming both.

    Parameters
    ----------
    value : object
        What the caller passed.
    allowed : iterable
        The accepted values (for a mapping, its keys).
    name : str
        The argument's name, used in the message.

    Returns
    -------
    str
        ``value`` unchanged.

    Raises
    ------
    ValueError
        If ``value`` is not one of ``allowed``.

    Examples
    --------
    >>> check_choice("state", ("national", "state"), "level")
    'state'
    >>> check_choice("county", ("national", "state"), "level")
    Traceback (most recent call last):
    ...
    ValueError: Unknown level 'county'; use one of: 'national', 'state'.
    """
    allowed = tuple(allowed)
    if isinstance(value, bool) or value not in allowed:
        raise ValueError(f"Unknown {name} {value!r}; use one of: "
                         f"{', '.join(repr(a) for a in allowed)}.")
    return value  # type: ignore[return-value]
