"""What a check returns (:class:`Verdict`) and the stated rule it applies (:class:`Rule`).

Every verdict follows from a :class:`Rule`: a sentence printed on the claims page
and a function from the computed numbers to one of :data:`VERDICTS`. Rules are
tested on synthetic numbers, so that each verdict a rule claims it can return is
shown to be reachable. Where a verdict is a reader's judgment of sources rather
than a computation (``judgment=True``), the rule says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

#: The verdicts a check may return.
VERDICTS: tuple[str, ...] = (
    "supported", "partly supported", "not supported", "not checkable", "pending",
)


@dataclass(frozen=True)
class Rule:
    """A stated rule from computed numbers to a verdict.

    Attributes
    ----------
    text : str
        The rule in words, as printed on the claims page.
    decide : callable
        ``decide(numbers) -> verdict``; must return one of ``outcomes``.
    outcomes : tuple of str
        The verdicts the rule can return (each is tested with synthetic numbers).
    judgment : bool
        True when the verdict is a reader's judgment of sources, not a computation.

    Examples
    --------
    >>> doubled = Rule("supported if the ratio is at least 2, partly if at least 1.5, "
    ...                "else not supported",
    ...                lambda n: "supported" if n["ratio"] >= 2 else
    ...                "partly supported" if n["ratio"] >= 1.5 else "not supported",
    ...                ("supported", "partly supported", "not supported"))
    >>> doubled.apply({"ratio": 1.85})
    'partly supported'
    """

    text: str
    decide: Callable[[Mapping[str, object]], str]
    outcomes: tuple[str, ...]
    judgment: bool = False

    def __post_init__(self) -> None:
        unknown = [o for o in self.outcomes if o not in VERDICTS]
        if unknown or not self.outcomes:
            raise ValueError(f"Rule outcomes {self.outcomes!r} must be a non-empty subset of "
                             f"{VERDICTS}.")

    def apply(self, numbers: Mapping[str, object]) -> str:
        """Return the verdict for ``numbers``; raise if the rule returns an undeclared one."""
        verdict = self.decide(numbers)
        if verdict not in self.outcomes:
            raise ValueError(f"The rule returned {verdict!r}, which is not among its declared "
                             f"outcomes {self.outcomes}.")
        return verdict


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
    rule : Rule or None
        The rule that gave ``verdict`` (shown on the claims page).

    Raises
    ------
    ValueError
        If ``verdict`` is not one of :data:`VERDICTS`, or is not what ``rule`` gives
        for ``numbers`` (a verdict must follow from its stated rule and the numbers kept).

    Examples
    --------
    >>> majority = Rule("supported if the share is above one half, else not supported",
    ...                 lambda n: "supported" if n["share"] > 0.5 else "not supported",
    ...                 ("supported", "not supported"))
    >>> Verdict("supported", "60%", "Most of them.", {"share": 0.6}, majority).verdict
    'supported'
    >>> Verdict("supported", "40%", "Most of them.", {"share": 0.4}, majority)
    Traceback (most recent call last):
    ...
    ValueError: Verdict 'supported' does not follow from its rule, which gives 'not supported' for these numbers.
    """  # noqa: E501

    verdict: str
    key_number: str
    explanation: str
    numbers: dict = field(default_factory=dict)
    rule: Rule | None = None

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(
                f"Verdict {self.verdict!r} is not allowed; use one of: {', '.join(VERDICTS)}."
            )
        if self.rule is not None and (ruled := self.rule.apply(self.numbers)) != self.verdict:
            raise ValueError(f"Verdict {self.verdict!r} does not follow from its rule, which "
                             f"gives {ruled!r} for these numbers.")


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


