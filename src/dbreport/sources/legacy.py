"""Text typed in legacy Vietnamese font encodings, as PDFs and old documents still carry it.

TCVN3 (ABC) text comes out as Latin-1 look-alikes (`B¶o Th¾ng` for `Bảo Thắng`): it is
recognised by characters no Unicode Vietnamese text contains, and converted with the table in
data/legacy_encodings.yaml. VNI text (`chaøo` for `chào`) is recognised and reported, not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from dbreport.datafiles import data_dir, load_validated

Legacy = Literal["tcvn3", "vni"]
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


class LegacyEncodings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tcvn3: dict[str, list[tuple[str, str]]]
    vni_marks: list[str]

    @field_validator("tcvn3")
    @classmethod
    def _single_characters(
        cls, value: dict[str, list[tuple[str, str]]]
    ) -> dict[str, list[tuple[str, str]]]:
        for group, pairs in value.items():
            for code, letter in pairs:
                if len(code) != 1 or len(letter) != 1:
                    raise ValueError(f"'{group}': '{code}' -> '{letter}' is not one character each")
        return value


@cache
def legacy_encodings() -> LegacyEncodings:
    return load_validated(data_dir() / "legacy_encodings.yaml", LegacyEncodings)


@cache
def _vietnamese_letters() -> frozenset[str]:
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for tone in _TONES:
            ch = unicodedata.normalize("NFC", base + tone)
            letters.update({ch, ch.upper()})
    return frozenset(letters)


@cache
def _tcvn3_table() -> dict[int, str]:
    return {
        ord(code): letter for pairs in legacy_encodings().tcvn3.values() for code, letter in pairs
    }


@cache
def _tcvn3_only() -> frozenset[str]:
    """TCVN3 codes that never occur in Unicode Vietnamese text: the evidence for TCVN3."""
    return frozenset(chr(c) for c in _tcvn3_table()) - _vietnamese_letters()


@cache
def _tcvn3_pattern() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(_tcvn3_only()))) + "]")


_NOT_LETTER = re.compile(r"[\W\d_]+")


def detect(text: str) -> Legacy | None:
    """Which legacy encoding `text` is typed in, judged by evidence no Unicode text carries."""
    letters = len(_NOT_LETTER.sub("", text))
    if letters < 40:
        return None
    # VNI first: its vowel + mark pairs (`aù`) never occur in Unicode or in TCVN3 text, while
    # its mark characters are also TCVN3 codes.
    lowered = text.lower()
    marks = sum(lowered.count(m) for m in legacy_encodings().vni_marks if len(m) > 1)
    if marks / letters > 0.005:
        return "vni"
    if len(_tcvn3_pattern().findall(text)) / letters > 0.01:
        return "tcvn3"
    return None


def vni_message(path: object) -> str:
    return (
        f"{path} is typed in the VNI legacy font encoding (e.g. «chaøo» for «chào»); "
        "convert it to Unicode (for example with UniKey's converter) and try again."
    )


def from_tcvn3(text: str) -> str:
    return text.translate(_tcvn3_table())
