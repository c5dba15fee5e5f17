"""Longer explanatory texts of the dashboard, kept as Markdown files per language."""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "texts"


@cache
def methods(lang: str = "de") -> str:
    """Return the plain-language explanation of the ratings in ``lang``."""
    name = "methodik.en.md" if lang == "en" else "methodik.de.md"
    return (TEXTS / name).read_text(encoding="utf-8")
