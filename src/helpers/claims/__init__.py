"""The source article's claims C1–C13 and the book's check of each.

One table, :data:`CLAIMS` (in :mod:`~helpers.claims.registry`), lists every
claim with the chapter and section that check it. Each check lives beside the
others of its domain (:mod:`~helpers.claims.history`, :mod:`~helpers.claims.aid`,
:mod:`~helpers.claims.violence`, :mod:`~helpers.claims.captures`) and returns a
:class:`Verdict`: the verdict, its key number, an explanation and the numbers.
"""

from helpers.claims.registry import (
    CLAIMS,
    check,
    check_all,
    claim,
    claims_markdown,
    rules_markdown,
)
from helpers.claims.verdict import VERDICTS, Claim, Rule, Verdict

__all__ = ["CLAIMS", "VERDICTS", "Claim", "Rule", "Verdict", "check", "check_all", "claim",
           "claims_markdown", "rules_markdown"]
