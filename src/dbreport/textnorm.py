"""Unicode normalisation and diacritic-insensitive folding for Vietnamese text.

Every string that leaves a source goes through :func:`nfc`; every comparison a user asks to be
diacritic-insensitive goes through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def nfc(text: str) -> str:
    """Compose decomposed marks (PDF text layers often carry NFD Vietnamese)."""
    return unicodedata.normalize("NFC", text)


def _fold_table() -> dict[int, str | None]:
    """Each accented Latin letter -> its base letter; combining marks -> nothing."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _fold_table()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d and squeeze spaces: `Hộ nghèo` -> `ho ngheo`."""
    return fold_piece(text).strip()


def fold_piece(text: str) -> str:
    """`fold` without the trim, for a text read piece by piece: the pieces' folds, joined (one
    space where a piece ending in a space meets one starting with a space), are the text's."""
    return _SPACES.sub(" ", text.translate(_FOLD).lower())


_WORD = re.compile(r"[a-z0-9%]+")


def words(text: str) -> list[str]:
    """Folded word tokens, punctuation dropped (for alias and search matching)."""
    return _WORD.findall(fold(text))


def has_run(hay: list[str], pin: list[str]) -> bool:
    """`pin` appears in `hay` as consecutive whole words (both from `words`)."""
    return bool(pin) and f" {' '.join(pin)} " in f" {' '.join(hay)} "


def squeeze(text: str) -> str:
    """Collapse runs of spaces and trim, keeping diacritics."""
    return _SPACES.sub(" ", text).strip()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text with control characters (escape sequences, bidi overrides) removed: document text
    shown on a terminal is data, never commands to it."""
    return _CONTROL.sub("", text)
