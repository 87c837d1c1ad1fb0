"""What the prose says, read as it says it: `X/Y` pairs, verdict words beyond MTNQ, targets told
from results; and no sentence of the genre's shapes crashes the claim reader. The sentences are
those of real reports (quoted in each test), or built from their parts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbreport.extraction.claims import Claim, _figures, find_claims
from dbreport.sources import load
from dbreport.vocab import load_vocabulary

VOCAB = load_vocabulary()


def _claims(tmp_path: Path, text: str, *, statements: bool = False) -> list[Claim]:
    path = tmp_path / "van_ban.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return find_claims(load(path), VOCAB, statements=statements)


def test_results_set_against_their_targets_in_a_sentence_about_targets(tmp_path: Path) -> None:
    """A sentence as a news page quoted the Tiền Giang 2015-2020 resolution, written here."""
    claims = _claims(
        tmp_path,
        "Nhiều chỉ tiêu Nghị quyết đạt cao như thu ngân sách Nhà nước trên địa bàn "
        "45.799/36.875 tỷ đồng; tỷ lệ xã đạt chuẩn nông thôn mới 83,2%/50% tổng số xã; "
        "phát triển đảng viên mới 8.793/6.500 đảng viên.",
    )
    read = [
        (
            c.figure.value.number if c.figure else None,
            c.stated_target.raw if c.stated_target else None,
        )
        for c in claims
    ]
    assert read == [(45799, "36.875"), (83.2, "50%"), (8793, "6.500")]
    assert all(c.reference == "resolution" and c.verdict is None for c in claims)


def test_an_english_style_thousands_pair_and_a_part_of_a_whole() -> None:
    # `1,428/1340`: only in English style are the two sides of one size (1428 against 1340),
    # and the figure says it was so inferred
    ((_, _, money),) = _figures("thu ngân sách đạt 1,428/1340 tỷ đồng", VOCAB)
    assert money.value.number == 1428 and money.against and money.against.number == 1340
    assert money.value.inferred and "English" in money.value.inferred
    # `1,428/1,340` reads either way with one ratio; Vietnamese style is kept, as printed
    ((_, _, either),) = _figures("thu ngân sách đạt 1,428/1,340 tỷ đồng", VOCAB)
    assert (either.value.number, either.value.inferred) == (1.428, None)
    ((_, _, part),) = _figures("có 54/115 xã đạt chuẩn nông thôn mới", VOCAB)
    assert (part.fraction, round(part.value.number or 0, 2)) == ("54/115", 46.96)


def test_two_places_side_by_side_are_not_a_result_and_its_target() -> None:
    assert _figures("tỷ lệ hộ nghèo của huyện/tỉnh là 25,3/17,66%", VOCAB, paired=True) == []
    assert _figures("thu nhập bình quân thành thị/nông thôn 62/38 triệu đồng", VOCAB) == []


def test_two_rates_side_by_side_only_pair_where_the_sentence_speaks_of_targets() -> None:
    assert [f.raw for _, _, f in _figures("giảm còn 2,5% (13,86/9,15%)", VOCAB)] == ["2,5%"]
    ((_, _, pair),) = _figures("tỷ lệ che phủ rừng 45,1%/45%", VOCAB, paired=True)
    assert (pair.value.raw, pair.against.raw if pair.against else None) == ("45,1%", "45%")


def test_a_day_and_a_month_are_not_a_fraction() -> None:
    assert _figures("ngày 16/6 Ban Thường vụ họp", VOCAB) == []


def test_verdicts_worded_beyond_mtnq(tmp_path: Path) -> None:
    """Words of real reports: `vượt kế hoạch`, `hoàn thành vượt mức chỉ tiêu`, `không đạt
    Nghị quyết`, `cơ bản hoàn thành mục tiêu`."""
    claims = _claims(
        tmp_path,
        "Sản lượng lương thực đạt 312,5 nghìn tấn, vượt kế hoạch. "
        "Số doanh nghiệp thành lập mới 420 doanh nghiệp, hoàn thành vượt mức chỉ tiêu. "
        "Tỷ lệ hộ nghèo 12,3%, không đạt Nghị quyết. "
        "Tỷ lệ trường đạt chuẩn quốc gia 68%, cơ bản hoàn thành mục tiêu.",
    )
    got = [(c.figure.raw if c.figure else None, c.verdict, c.reference) for c in claims]
    assert got == [
        ("312,5 nghìn tấn", "exceeded", "plan"),
        ("420 doanh nghiệp", "exceeded", "target"),
        ("12,3%", "not_met", "resolution"),
        ("68%", "nearly_met", "target"),
    ]


def test_the_verdict_words_come_from_the_vocabulary() -> None:
    """The wording lives in data/vocabulary.yaml (`prose`), not in the code."""
    prose = VOCAB.prose
    assert "cơ bản hoàn thành" in prose.verdicts["nearly_met"]
    assert "dự toán" in prose.references["budget"]
    assert "giá so sánh" in prose.price_bases


# -- no input crashes the reader ------------------------------------------------------------
_SUBJECTS = [
    "Tỷ lệ hộ nghèo",
    "Tổng vốn đầu tư toàn xã hội giai đoạn 2021-2025",
    "Thu ngân sách nhà nước trên địa bàn",
    "Tỷ lệ xã đạt chuẩn nông thôn mới",
    "Tuổi thọ trung bình",
    "GRDP (theo giá so sánh năm 2010)",
    "huyện/tỉnh",
]
_VERBS = ["đạt", "ước đạt", "giảm còn", "còn", "tăng lên", "", "là"]
_NUMBERS = st.sampled_from(
    [
        "95.000",
        "27.948",
        "13,86/9,15",
        "1.428/1340",
        "1,428/1,340",
        "83,2%/50",
        "0",
        "16/16",
        "(13,86/9,15%)",
        "trên 95.000",
        "khoảng 74,5",
        "10/02",
        "0,00",
        "1.",
        ",5",
        "9999999999",
    ]
)
_UNITS = ["%", " tỷ đồng", " tuổi", "%/năm", " xã", "", " điểm %", " nghìn tấn"]
_MARKS = [
    ", đạt MTNQ",
    " (vượt 4,2% MTNQ)",
    ", chưa đạt MTNQ 95%",
    ", đạt 104,46% kế hoạch",
    ", vượt 85,1% dự toán",
    "",
    ", cơ bản đạt mục tiêu Nghị quyết (MTNQ) 100%",
    " so với MTNQ là 2%/năm",
    "; cơ bản hoàn thành 16/16 nhóm chỉ tiêu",
    " (đạt 100% MTNQ",
]
_LEADS = ["", "Năm 2025, ", "Phấn đấu đến năm 2030 ", "Giai đoạn 2021-2025 ", "Ghi chú: "]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_LEADS),
            st.sampled_from(_SUBJECTS),
            st.sampled_from(_VERBS),
            _NUMBERS,
            st.sampled_from(_UNITS),
            st.sampled_from(_MARKS),
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_no_sentence_of_the_genres_shapes_crashes_the_claim_reader(
    tmp_path_factory: object, parts: list[tuple[str, ...]], statements: bool
) -> None:
    text = " ".join(f"{lead}{s} {verb} {n}{unit}{mark}." for lead, s, verb, n, unit, mark in parts)
    folder = tmp_path_factory.mktemp("prose")  # type: ignore[attr-defined]
    path = folder / "van_ban.txt"
    path.write_text(text + "\n", encoding="utf-8")
    for claim in find_claims(load(path), VOCAB, statements=statements):
        assert claim.line == 1
        if claim.figure is not None and claim.figure.value.kind == "number":
            assert claim.figure.value.number is not None
