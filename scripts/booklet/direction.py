"""Writing direction of a language: the one place that knows which languages run right to left.

Sphinx writes no ``dir`` attribute; the print document, the EPUB pages and the website
(through :mod:`booklet.sphinxext`) set ``dir="rtl"`` for these languages, and the
layouts follow it (CSS logical properties in the element styles).
"""

from __future__ import annotations

#: Languages written right to left (ISO 639 codes; a region suffix is ignored).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug",
                           "ur", "yi"})


def direction(language: str) -> str:
    """``rtl`` or ``ltr`` for *language* (``ar``, ``ar_EG``, ``fa-IR``...)."""
    base = language.replace("-", "_").split("_")[0].lower()
    return "rtl" if base in RTL_LANGUAGES else "ltr"
