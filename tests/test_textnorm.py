from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dbreport.textnorm import fold, nfc

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " %/-,.0123456789", max_size=60))
def test_fold_matches_the_unicode_definition(text: str) -> None:
    assert fold(text) == slow_fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == slow_fold(text)


def test_examples() -> None:
    assert fold("Tỷ lệ hộ nghèo") == "ty le ho ngheo"
    assert fold("ĐƠN VỊ  TÍNH") == "don vi tinh"
    assert nfc(unicodedata.normalize("NFD", "Đạt chuẩn")) == "Đạt chuẩn"
