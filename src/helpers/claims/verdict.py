"""Registry of the source article's claims C1-C13 and the book's check of each.

Every claim has a paraphrased text, the chapter and section label that check it,
and a function that computes the verdict from ``data/`` and returns a
:class:`Verdict`: one of :data:`VERDICTS`, the key number(s) formatted for a
table, and a one-sentence explanation. The claims page
(``chapters/appendix/claims.md``) renders :func:`claims_markdown`.

A claim whose chapter is not written yet returns ``"pending"``. To add a check:
write a function returning a :class:`Verdict` (computed from the loaders, never
typed in), point the claim's ``check`` at it and set ``label`` to the MyST label
of the section that shows the computation (the claims page links to it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: The verdicts a check may return.
VERDICTS: tuple[str, ...] = (
    "supported", "partly supported", "not supported", "not checkable", "pending",
)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one claim.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    key_number : str
        The decisive number(s), formatted for a table ("—" when there is none).
    explanation : str
        One or two sentences: what was computed and why the verdict follows.
    numbers : dict
        The raw values behind ``key_number`` (for ``glue`` in chapters).
    """

    verdict: str
    key_number: str
    explanation: str
    numbers: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(
                f"Verdict {self.verdict!r} is not allowed; use one of: {', '.join(VERDICTS)}."
            )


@dataclass(frozen=True)
class Claim:
    """One claim of the source article and where the book checks it.

    Attributes
    ----------
    id : str
        "C1".."C13".
    text : str
        The claim, paraphrased.
    chapter : str
        Path of the chapter that checks it, without suffix.
    label : str or None
        MyST label of the section with the check; ``None`` while pending.
    check : callable
        Returns a :class:`Verdict` computed from the data.
    """

    id: str
    text: str
    chapter: str
    label: str | None
    check: Callable[[], Verdict]


