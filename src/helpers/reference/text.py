"""Loose text matching: one accent and case folding for names typed by readers."""

from __future__ import annotations

import re
import unicodedata


def fold(text: object) -> str:
    """Lower-case ``text``, strip accents and turn punctuation runs into single spaces.

    Parameters
    ----------
    text : object
        Anything with a string form (a name, an alias, a municipality).

    Returns
    -------
    str
        The folded text, e.g. for matching "Michoacan" with "Michoacán".

    Examples
    --------
    >>> fold("  Michoacán de Ocampo ")
    'michoacan de ocampo'
    >>> fold("Peña-Nieto")
    'pena nieto'
    """
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", folded.lower()).strip()
