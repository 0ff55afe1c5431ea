"""Shared by the Binder check's conftest and tests (a module name no other test folder uses)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
#: Lines printed in the terminal summary (environment time and size, per-page timings).
REPORT: list[str] = []
#: Reader's window: a common laptop screen.
VIEWPORT = {"width": 1366, "height": 900}
