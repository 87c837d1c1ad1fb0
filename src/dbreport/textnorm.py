"""Unicode normalisation and diacritic-insensitive folding for Vietnamese text.

Every string that leaves a source goes through :func:`nfc`; every comparison a user asks to be
diacritic-insensitive goes through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def nfc(text: str) -> str:
    """Compose decomposed marks (PDF text layers often carry NFD Vietnamese)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d and squeeze spaces: `Hộ nghèo` -> `ho ngheo`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def words(text: str) -> list[str]:
    """Folded word tokens, punctuation dropped (for alias and search matching)."""
    return re.findall(r"[a-z0-9%]+", fold(text))


def contains_phrase(haystack: str, needle: str) -> bool:
    """True when the folded words of `needle` appear consecutively in `haystack`."""
    hay, pin = words(haystack), words(needle)
    if not pin:
        return False
    n = len(pin)
    return any(hay[i : i + n] == pin for i in range(len(hay) - n + 1))


def squeeze(text: str) -> str:
    """Collapse runs of spaces and trim, keeping diacritics."""
    return _SPACES.sub(" ", text).strip()
