"""The claims table: every claim of the source article, once, with the check of each.

Each claim has a paraphrased text, the chapter and the MyST label of the section
that checks it, and a check function (in the module of its domain) returning a
:class:`~helpers.claims.verdict.Verdict` computed from ``data/`` by a stated
:class:`~helpers.claims.verdict.Rule`. The claims page
(``chapters/appendix/claims.md``) renders :func:`claims_markdown`.
"""

from __future__ import annotations

import pandas as pd

from helpers.claims.aid import check_c10, check_c11, check_c12, check_c13
from helpers.claims.captures import check_c4
from helpers.claims.history import check_c1, check_c2, check_c3, check_c5
from helpers.claims.verdict import Claim, Verdict
from helpers.claims.violence import check_c6, check_c7, check_c8, check_c9
from helpers.reference.i18n import tr

CLAIMS: dict[str, Claim] = {c.id: c for c in (
    Claim("C1", "The DEA devised the Kingpin Strategy in the 1990s to go after the leaders "
          "and money of trafficking organisations; it was first used against Colombia's Cali "
          "and Medellín cartels.",
          "chapters/kingpin-strategy", "kingpin-origins", check_c1),
    Claim("C2", "Calderón adopted the strategy in December 2006 and it became central to "
          "Mexico's fight against organised crime.",
          "chapters/kingpin-strategy", "kingpin-calderon", check_c2),
    Claim("C3", "Peña Nieto distanced himself from it in public, yet close to a dozen cartel "
          "leaders were caught in his first years, among them El Chapo, Z-40, Nazario Moreno, "
          "Enrique Plancarte, and La Tuta and Z-42 within one week in 2015.",
          "chapters/kingpin-strategy", "kingpin-pena-nieto", check_c3),
    Claim("C4", "Removing leaders splinters cartels and opens power vacuums; smaller groups "
          "fight over local markets and violence rises.",
          "chapters/captures-and-violence", "captures-c4", check_c4),
    Claim("C5", "Sixty to eighty new trafficking groups appeared under Calderón.",
          "chapters/kingpin-strategy", "kingpin-fragmentation", check_c5),
    Claim("C6", "Homicide rates under Calderón doubled those of the Fox years.",
          "chapters/violence-by-state", "violence-claim-c6", check_c6),
    Claim("C7", "Intentional homicide in Michoacán rose 10% from 2013 to 2014.",
          "chapters/michoacan-guerrero", "mg-claim-c7", check_c7),
    Claim("C8", "Some Michoacán municipalities have a murder rate of 57.42 per 100,000, four "
          "times the national average.",
          "chapters/michoacan-guerrero", "mg-claim-c8", check_c8),
    Claim("C9", "Acapulco (Guerrero) had Mexico's highest homicide rate in 2014, although "
          "several cartels there had been broken up since 2005.",
          "chapters/michoacan-guerrero", "mg-claim-c9", check_c9),
    Claim("C10", "U.S. military assistance to Mexico through the State Department, Mérida "
          "included, came to about $2.4 billion in 2008–2015, and the Defense Department "
          "added about $500 million.",
          "chapters/us-assistance", "aid-claim-c10", check_c10),
    Claim("C11", "Since 2008, 15% of Mérida funds were withheld each year pending "
          "human-rights conditions, yet the Secretary of State kept certifying Mexico.",
          "chapters/us-assistance", "aid-claim-c11", check_c11),
    Claim("C12", "For FY2016 the President requested another $120 million for Mexico, much "
          "of it for the southern border.",
          "chapters/us-assistance", "aid-claim-c12", check_c12),
    Claim("C13", "Mexico had become the largest buyer of U.S. weapons.",
          "chapters/us-assistance", "aid-claim-c13", check_c13),
)}


def claim(claim_id: str) -> Claim:
    """Return a claim by id ("C1".."C13"; case and spaces ignored).

    Examples
    --------
    >>> claim("c3").chapter
    'chapters/kingpin-strategy'
    """
    key = str(claim_id).strip().upper()
    if key not in CLAIMS:
        raise ValueError(f"Unknown claim {claim_id!r}; the claims are {', '.join(CLAIMS)}.")
    return CLAIMS[key]


def check(claim_id: str) -> Verdict:
    """Run the check of one claim and return its :class:`Verdict`.

    Examples
    --------
    >>> check("C3").verdict
    'supported'
    """
    result = claim(claim_id).check()
    if not isinstance(result, Verdict):
        raise TypeError(f"The check of {claim_id} returned {type(result).__name__}, "
                        "not a Verdict.")
    return result


def check_all() -> pd.DataFrame:
    """Run every check; one row per claim.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``claim``, ``verdict``, ``key_number``, ``explanation``,
        ``chapter``, ``label``.

    Examples
    --------
    >>> check_all()["id"].tolist()[:3]
    ['C1', 'C2', 'C3']
    """
    rows = []
    for c in CLAIMS.values():
        result = check(c.id)
        rule = result.rule
        rows.append({"id": c.id, "claim": c.text, "verdict": result.verdict,
                     "key_number": result.key_number, "explanation": result.explanation,
                     "chapter": c.chapter, "label": c.label,
                     "rule": rule.text if rule else "",
                     "judgment": bool(rule and rule.judgment)})
    return pd.DataFrame(rows)


def _cell(text: str) -> str:
    """Escape a table cell: pipes end cells, dollars open math in MyST (dollarmath)."""
    return str(text).replace("|", "\\|").replace("$", "\\$").replace("\n", " ")


def claims_markdown(table: pd.DataFrame | None = None) -> str:
    """Return the claims table as MyST Markdown with links to the checking sections.

    Pending claims, and claims whose check has no section label yet, get no
    link (a dangling reference would break the strict build).

    Examples
    --------
    >>> md = claims_markdown()
    >>> md.splitlines()[0]
    '| Claim | What the article says | Verdict | Key number | Checked in |'
    """
    table = check_all() if table is None else table
    headers = (tr("Claim"), tr("What the article says"), tr("Verdict"), tr("Key number"),
               tr("Checked in"))
    lines = ["| " + " | ".join(headers) + " |", "|---|---|---|---|---|"]
    for row in table.itertuples():
        if row.verdict != "pending" and row.label:
            where = f"{{ref}}`{row.label}`"
        else:
            where = tr("pending ({chapter})", chapter=row.chapter.rsplit('/', 1)[-1])
        lines.append(f"| {row.id} | {_cell(tr(row.claim))} | **{tr(row.verdict)}** | "
                     f"{_cell(row.key_number)} | {where} |")
    return "\n".join(lines)


def rules_markdown(table: pd.DataFrame | None = None) -> str:
    """Return the rule behind each verdict as a MyST definition list.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["C0"], "rule": ["supported if x > 1"],
    ...                       "judgment": [False]})
    >>> print(rules_markdown(frame))
    C0
    : supported if x > 1
    """
    table = check_all() if table is None else table
    items = []
    for row in table.itertuples():
        note = tr("a reader's judgment of the sources, not a computation")
        kind = f" *({note})*" if row.judgment else ""
        text = tr(row.rule) if row.rule else tr("no rule stated yet")
        items.append(f"{row.id}\n: {_cell(text)}{kind}")
    return "\n\n".join(items)
