"""Issue 16: hostile sizes. Each shape of document that once took quadratic time (one line of
thousands of figures, thousands of header-like lines, long sentences of figures, long target
lists, Word tables of many rows or cells, a table repeated) is read at N and 10·N: the larger
must cost less than 25 times the smaller (quadratic time would cost about 100 times). And each
limit of `dbreport.limits` says so, in one sentence, when a document passes it.

Ratios, not seconds: the minimum of a few runs after a warm-up, each N chosen so that the small
run takes some tens of milliseconds. The payloads are made here. The PDF limits (a decompression
bomb under a memory cap, pages, page size) are in test_pdf_limits.py, the time limit in
test_processes.py."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dbreport import limits
from dbreport.errors import UnreadableSource
from dbreport.extraction import find_tables
from dbreport.extraction.claims import find_claims
from dbreport.extraction.pdftable import table_from_grids
from dbreport.extraction.targets import find_prose_targets
from dbreport.rules import Rules
from dbreport.sources import Document, Line
from dbreport.sources.pdf import PdfGrid
from dbreport.vocab import Vocabulary
from tests.conftest import REPORT, run_cli

HEADER = "STT Chỉ tiêu Đơn vị tính Kế hoạch Thực hiện"
GRID_HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"]


@pytest.fixture(autouse=True)
def _no_notes_left() -> None:
    """Each test sees the notes its own reading left (limits.notice says each once a process)."""
    limits.drain()
    limits._said.clear()


LINEAR = 25  # 10 times the input may cost this many times the time; quadratic costs ~100


def _word(k: int) -> str:
    """A distinct word of letters for each k (`a`, `b`, … `aa`): names that differ."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(97 + r) + out
    return out


def _doc(name: str, text: str) -> Document:
    lines = [Line(no=i, text=t) for i, t in enumerate(text.split("\n"), start=1)]
    return Document(path=Path(name), lines=lines)


def _fastest(run: Callable[[], object], times: int) -> float:
    best = math.inf
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(make: Callable[[int], Callable[[], object]], n: int) -> None:
    """`make(n)` gives the work at size n; at 10·n it must cost less than LINEAR times more."""
    small, large = make(n), make(10 * n)
    small()  # warm-up: imports, compiled patterns, the vocabulary's caches
    seconds_small = _fastest(small, 3)
    seconds_large = _fastest(large, 2)
    ratio = seconds_large / seconds_small
    assert ratio < LINEAR, f"{seconds_small:.3f}s at n={n}, {seconds_large:.3f}s at 10n"


# -- linear time --------------------------------------------------------------------------------


def test_rows_of_hundreds_of_figures(vocab: Vocabulary) -> None:
    """One line of 2,000 figures took 15 s, 4,000 took 58 s (each figure searched the whole
    line again)."""

    def make(n: int) -> Callable[[], object]:
        rows = [
            f"{k} Chỉ tiêu {_word(k)} % " + " ".join(f"{i % 97},5" for i in range(n))
            for k in range(5)
        ]
        doc = _doc("figures.txt", HEADER + "\n\n" + "\n".join(rows))
        return lambda: find_tables(doc, vocab)

    tables = make(100)()
    assert isinstance(tables, list) and len(tables[0].records) == 5
    assert_linear(make, 100)


def test_thousands_of_header_like_lines(vocab: Vocabulary) -> None:
    """2,000 lines like a header took 29 s: each was named again for every band above it.
    Every run here has lines never seen before (their names are remembered once seen)."""
    runs = iter(range(1_000_000))

    def make(n: int) -> Callable[[], object]:
        def run() -> object:
            salt = _word(next(runs) + 1000)
            text = "\n".join(f"{HEADER} {salt} {_word(k)}" for k in range(n))
            return find_tables(_doc("headers.txt", "Báo cáo\n\n" + text), vocab)

        return run

    assert make(10)() == []
    assert_linear(make, 300)
    # and each costs about what a line of prose does (it cost 800 times as much)
    prose = "\n".join(f"Báo cáo tình hình {_word(k)} năm nay tốt" for k in range(3000))
    plain = _doc("prose.txt", f"Báo cáo\n\n{prose}")
    find_tables(plain, vocab)
    seconds_prose = _fastest(lambda: find_tables(plain, vocab), 3)
    seconds_headers = _fastest(make(3000), 3)
    assert seconds_headers / seconds_prose < 30, f"{seconds_headers:.3f}s, {seconds_prose:.3f}s"


def test_a_table_of_thousands_of_rows(vocab: Vocabulary) -> None:
    def make(n: int) -> Callable[[], object]:
        rows = "\n".join(f"Chỉ tiêu {_word(k)} % {k % 9},5 {k % 7},25" for k in range(n))
        doc = _doc("rows.txt", f"Báo cáo\n\n{HEADER}\n{rows}")
        return lambda: find_tables(doc, vocab)

    tables = make(200)()
    assert isinstance(tables, list) and len(tables[0].records) == 200
    assert_linear(make, 200)


def test_thousands_of_lines_of_prose(vocab: Vocabulary) -> None:
    def make(n: int) -> Callable[[], object]:
        text = "\n".join(
            f"Năm 2024 tỷ lệ hộ nghèo {_word(k)} giảm còn {k % 50},5%, đạt kế hoạch đề ra."
            for k in range(n)
        )
        doc = _doc("prose.txt", text)
        return lambda: find_claims(doc, vocab, statements=True)

    claims = make(500)()
    assert isinstance(claims, list) and len(claims) == 500
    assert_linear(make, 500)


def test_sentences_of_hundreds_of_figures(vocab: Vocabulary) -> None:
    """A figure after a target word is an aim, not a result: each figure looked at the whole
    sentence before it again."""

    def make(n: int) -> Callable[[], object]:
        sentence = "Phấn đấu đến năm 2030 " + ", ".join(
            f"tỷ lệ {_word(k)} đạt {k % 13},5%" for k in range(n)
        )
        doc = _doc("aims.txt", "\n\n".join(f"{sentence}." for _ in range(5)))
        return lambda: find_claims(doc, vocab, statements=True)

    assert make(100)() == []  # aims, every one
    assert_linear(make, 100)


def test_a_target_list_of_hundreds_of_figures(vocab: Vocabulary, rules: Rules) -> None:
    def make(n: int) -> Callable[[], object]:
        items = ", ".join(
            f"tỷ lệ {_word(k)} đạt {k % 13},5% (khoảng {k % 7} điểm)" for k in range(n)
        )
        doc = _doc("aims.txt", f"Báo cáo\n\nCác chỉ tiêu chủ yếu đến năm 2030:\n- {items}.")
        return lambda: find_prose_targets(doc, vocab, rules)

    targets = make(50)()
    assert isinstance(targets, list) and len(targets) == 50
    assert_linear(make, 50)


def test_word_tables_of_thousands_of_rows_and_hundreds_of_cells(vocab: Vocabulary) -> None:
    def rows(n: int) -> Callable[[], object]:
        body = [[str(k), f"Chỉ tiêu {_word(k)}", "%", "7", "8"] for k in range(n)]
        grid = PdfGrid(page=None, header=None, rows=[GRID_HEADER, *body], table=1)
        return lambda: table_from_grids([grid], _doc("rows.docx", ""), vocab, "docx-table")

    def cells(n: int) -> Callable[[], object]:
        header = GRID_HEADER + [f"Kết quả {_word(k)}" for k in range(n)]
        body = [["1", f"GRDP {r}", "%", "7", "8"] + [f"{k},5" for k in range(n)] for r in range(25)]
        grid = PdfGrid(page=None, header=None, rows=[header, *body], table=1)
        return lambda: table_from_grids([grid], _doc("cells.docx", ""), vocab, "docx-table")

    table = rows(600)()
    assert table is not None and len(table.records) == 600  # type: ignore[attr-defined]
    assert_linear(rows, 600)
    assert_linear(cells, 90)


def test_claims_linked_against_a_table_repeated(vocab: Vocabulary, rules: Rules) -> None:
    """A document that repeats its table: each claim looked at every row (and each row at every
    claim). Rows alike are now taken together."""
    from dbreport.batch import build
    from dbreport.pipeline import link_all, load_tables

    batch = build(load_tables([REPORT], vocab, use_cache=False), rules, vocab)
    (report, claims, _links), *_ = batch.per_report()
    assert report is not None and claims

    def make(n: int) -> Callable[[], object]:
        items, said = report.items * n, claims * n
        return lambda: link_all(said, items, rules, vocab)

    once = link_all(claims, report.items, rules, vocab)
    twice = make(2)()
    assert isinstance(twice, list) and len(twice) == 2 * len(once)
    by_alias = [(a, b) for a, b in zip(once, twice, strict=False) if a.why.startswith("alias")]
    assert len(by_alias) >= 25
    for alone, doubled in by_alias:
        # the row and its copy fit alike: neither is chosen, and both are named
        assert alone.record is not None and doubled.record is None
        assert doubled.why.startswith("several indicators fit (")
        assert doubled.why[24:-1].split(", ").count(alone.record.id) == 2
    assert_linear(make, 10)


# -- limits: each says so, in one sentence ----------------------------------------------------


def test_a_line_too_long_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("Báo cáo\n" + "x" * (limits.MAX_LINE_CHARS + 1) + "\n", encoding="utf-8")
    done = run_cli("gaps", str(path), "--no-cache")
    assert done.returncode == 1
    assert done.stderr == (
        f"dbreport: {path} has a line of 100,001 characters (line 2); "
        "dbreport reads lines of up to 100,000 characters.\n"
    )


def test_a_document_too_long_is_refused(vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch) -> None:
    """A million lines takes seconds to build; the same check with a smaller bound."""
    monkeypatch.setattr(limits, "MAX_LINES", 50)
    doc = _doc("long.txt", "\n".join(["Báo cáo"] * 51))
    with pytest.raises(UnreadableSource) as caught:
        find_tables(doc, vocab)
    assert str(caught.value) == "long.txt has 51 lines; dbreport reads documents of up to 50 lines."


def test_a_row_of_too_many_figures_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "wide-row.txt"
    wide = "1 Tổng sản phẩm % " + " ".join(f"{i % 97},5" for i in range(1001))
    path.write_text(f"{HEADER}\n\n{wide}\nTỷ lệ hộ nghèo % 5 4,5\n", encoding="utf-8")
    done = run_cli("extract", str(path), "--no-cache", "-f", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "dbreport: note: wide-row.txt: the table row at line 3 holds 1,001 figures, more than "
        "the 1,000 a row may have; it is left out.\n"
    )
    assert '"name": "Tỷ lệ hộ nghèo"' in done.stdout
    assert "Tổng sản phẩm" not in done.stdout


def test_a_word_row_of_too_many_cells_is_left_out(vocab: Vocabulary) -> None:
    wide = ["1", "GRDP", "%", "7", "8"] + ["1,5"] * 1000
    grid = PdfGrid(
        page=None, header=None, rows=[GRID_HEADER, wide, ["2", "Hộ nghèo", "%", "5", "4"]], table=3
    )
    table = table_from_grids([grid], _doc("wide-cells.docx", ""), vocab, "docx-table")
    assert table is not None and [r.name for r in table.records] == ["Hộ nghèo"]
    assert limits.drain() == [
        "wide-cells.docx: 1 row(s) of table 3 hold more than the 1,000 cells a "
        "row may have (row 2: 1,005); they are left out."
    ]


def test_too_many_header_candidates_stop_the_search(
    vocab: Vocabulary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the bound, the rest of the document is not searched: the table at its end is not
    read, and the sentence says from which line."""
    monkeypatch.setattr("dbreport.extraction.MAX_HEADER_CANDIDATES", 100)
    starts = "\n".join(f"Stt {_word(k)}" for k in range(101))
    doc = _doc("headers.txt", f"Báo cáo\n{starts}\n\n{HEADER}\n1 Tỷ lệ hộ nghèo % 5 4,5")
    assert find_tables(doc, vocab) == []
    assert limits.drain() == [
        "headers.txt: more than 100 lines start like a table header; from line "
        "102 on, the document is not searched for tables."
    ]


def test_a_sentence_too_long_makes_no_claims(vocab: Vocabulary, rules: Rules) -> None:
    figures = ", ".join(f"tỷ lệ {_word(k)} đạt {k % 13},5%" for k in range(1200))
    assert len(figures) > limits.MAX_SENTENCE_CHARS
    doc = _doc("run-on.txt", f"Năm 2024 {figures}.\nNăm 2024 tỷ lệ hộ nghèo giảm còn 4,5%.")
    claims = find_claims(doc, vocab, statements=True)
    assert [c.figure.raw for c in claims if c.figure] == ["4,5%"]
    targets = find_prose_targets(
        _doc("run-on-aims.txt", f"Các chỉ tiêu chủ yếu:\n- {figures}."), vocab, rules
    )
    assert targets == []
    assert limits.drain() == [
        f"run-on.txt: the sentence at line 1 is {len(figures) + 10:,} characters "
        "long, more than the 20,000 a sentence may have; no claims are read from it.",
        f"run-on-aims.txt: the sentence at line 2 is {len(figures) + 1:,} "
        "characters long, more than the 20,000 a sentence may have; no targets are read from it.",
    ]


def test_a_sentence_of_too_many_claims_gives_the_first(vocab: Vocabulary) -> None:
    verdicts = ", ".join(f"tỷ lệ {_word(k)} đạt {k % 13},5% (vượt MTNQ)" for k in range(60))
    claims = find_claims(_doc("verdicts.txt", f"Năm 2025 {verdicts}."), vocab)
    assert len(claims) == limits.MAX_SENTENCE_CLAIMS == 50
    assert claims[0].figure is not None and claims[0].figure.raw == "0,5%"
    assert limits.drain() == [
        "verdicts.txt: the sentence at line 1 holds more than 50 claims and "
        "verdicts; only its first 50 are read."
    ]
