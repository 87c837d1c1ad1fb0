"""Header cells named by meaning, wrapped pieces glued, fields chosen by year: the rules that
make a table of any province readable, each pinned on the wording real reports use."""

from __future__ import annotations

import pytest

from dbreport.extraction.header import classify, designate, glue, regroup, segment
from dbreport.extraction.records import row_kind, unit_from_name
from dbreport.vocab import Vocabulary


@pytest.mark.parametrize(
    ("text", "role", "year"),
    [
        ("Chỉ tiêu chủ yếu", "name", None),
        ("DIỄN GIẢI", "name", None),
        ("Nội dung", "name", None),
        ("CHỈ TIÊU PHẤN ĐẤU", "target", None),
        ("Ch/tiêu NQĐH VII", "target", None),
        ("Chỉ tiêu kế hoạch giao", "target", None),
        ("Kế hoạch năm 2021 Quốc hội giao", "target", 2021),
        ("Mục tiêu phấn đấu năm 2021 của Chính phủ", "target", 2021),
        ("Vốn đầu tư thực hiện", "actual", None),
        ("Ước 2019", "actual", 2019),
        ("TH năm 2018", "actual", 2018),
        ("Ước TH năm 2019", "actual", 2019),
        ("Năm 2022", "actual", 2022),
        ("2016", "actual", 2016),
        ("So sánh (%)", "comparison", None),
        ("TH 2024/KH 2024 (%)", "comparison", 2024),
        ("So sánh Ước 2025 với NQ (%)", "comparison", 2025),
        ("Tỷ trọng (%)", "other", None),
        ("Số dự án", "other", None),
        ("Cơ quan chủ trì theo dõi, đánh giá", "other", None),
        ("Mục tiêu đến năm 2030", "target_future", 2030),
        ("Đơn vị tính", "unit", None),
        ("Ghi chú", "note", None),
        ("Đánh giá", "assessment", None),
    ],
)
def test_a_header_cell_is_named_by_meaning(
    text: str, role: str, year: int | None, vocab: Vocabulary
) -> None:
    column = classify(text, vocab)
    assert (column.role, column.year, column.known) == (role, year, True)


def test_unknown_words_make_an_other_column(vocab: Vocabulary) -> None:
    column = classify("Địa bàn trọng điểm", vocab)
    assert (column.role, column.known, column.label) == ("other", False, "Địa bàn trọng điểm")


def test_pieces_of_words_broken_by_narrow_columns_are_glued(vocab: Vocabulary) -> None:
    pieces = ["St", "t", "Kế", "hoạc", "h", "2020-", "2025", "G", "hi", "c", "h", "ú"]
    assert glue(pieces, vocab) == "Stt Kế hoạch 2020-2025 Ghi chú"
    # whole words stay apart
    assert glue(["Đơn vị", "tính", "Nghị", "quyết"], vocab) == "Đơn vị tính Nghị quyết"


def fields(texts: list[str], vocab: Vocabulary) -> dict[str, str]:
    columns = designate(regroup([classify(t, vocab) for t in texts]))
    return {c.field: c.label for c in columns if c.field}


def test_the_latest_result_is_judged_against_the_plan_of_its_year(vocab: Vocabulary) -> None:
    got = fields(
        ["Chỉ tiêu", "TH năm 2018", "KH năm 2019", "Ước TH năm 2019", "KH năm 2020"], vocab
    )
    assert got == {
        "actual": "Ước TH năm 2019",
        "target": "KH năm 2019",
        "target_future": "KH năm 2020",
    }


def test_an_earlier_plan_is_no_target(vocab: Vocabulary) -> None:
    assert "target" not in fields(["Chỉ tiêu", "KH năm 2018", "TH năm 2019"], vocab)


def test_comparison_with_the_plan_wins_over_comparison_with_last_year(
    vocab: Vocabulary,
) -> None:
    got = fields(
        ["Chỉ tiêu", "KH 2024", "Ước TH 2024", "Ước TH 2024/TH 2023 (%)", "TH 2024/KH 2024 (%)"],
        vocab,
    )
    assert got["comparison"] == "TH 2024/KH 2024 (%)"


def test_a_two_level_header_given_row_by_row_is_put_back_under_its_span(
    vocab: Vocabulary,
) -> None:
    texts = [
        "Stt",
        "Chỉ tiêu",
        "MTNQ",
        "Kết quả thực hiện",
        "Mục tiêu 2030",
        "Năm 2024",
        "Ước 2025",
    ]
    columns = designate(regroup([classify(t, vocab) for t in texts]))
    assert [(c.label, c.field) for c in columns[3:]] == [
        ("Kết quả thực hiện / Năm 2024", None),
        ("Kết quả thực hiện / Ước 2025", "actual"),
        ("Mục tiêu 2030", "target_future"),
    ]


def test_header_text_run_together_is_cut_into_columns(vocab: Vocabulary) -> None:
    text = "TT Chỉ tiêu ĐVT MTNQ Năm 2021 Năm 2022 Ước 2025 Mục tiêu 2030"
    assert [(c.role, c.year) for c in segment(text, vocab)] == [
        ("index", None),
        ("name", None),
        ("unit", None),
        ("target", None),
        ("actual", 2021),
        ("actual", 2022),
        ("actual", 2025),
        ("target", 2030),
    ]
    # a year that finishes the column before it: `KH` / `2023`
    assert [c.label for c in segment("STT Chỉ tiêu KH 2023 TH 2023", vocab)][2:] == [
        "KH 2023",
        "TH 2023",
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Tổng cộng", "total"),
        ("Cộng:", "total"),
        ("Công nghiệp và xây dựng", "indicator"),
        ("Tổng số khách du lịch", "indicator"),
        ("Trong đó: Thu nội địa", "part"),
        ("- Tr.đó: vốn ngân sách", "part"),
    ],
)
def test_totals_and_parts(name: str, kind: str, vocab: Vocabulary) -> None:
    assert row_kind(name, False, vocab) == kind


@pytest.mark.parametrize(
    ("text", "name", "unit"),
    [
        ("Thu ngân sách (tỷ đồng)", "Thu ngân sách", "tỷ đồng"),
        ("Tỷ suất sinh (‰)", "Tỷ suất sinh", "‰"),
        ("Tổng sản phẩm (GRDP)", "Tổng sản phẩm (GRDP)", None),
    ],
)
def test_unit_inside_the_name(text: str, name: str, unit: str | None, vocab: Vocabulary) -> None:
    assert unit_from_name(text, vocab) == (name, unit)
