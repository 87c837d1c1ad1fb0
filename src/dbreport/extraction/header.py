"""Recognise an indicator table's header by its structure, and name its columns by meaning.

A header band starts with an index or name word (`Stt`, `Chỉ tiêu`, `Nội dung`, `DIỄN GIẢI`) and
runs over the short lines that follow until the first row. Each column is then named from
`data/vocabulary.yaml`; a column whose words are unknown is kept as `other` with its header text,
never a reason to drop the table. Which column is the target and which the achieved value is
decided by meaning and year (the latest year's result against the plan of that year), not by
position: `TH năm 2018 | KH năm 2019 | Ước TH năm 2019` compares 2019 with 2019.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import ClassVar

from dbreport.sources import Line
from dbreport.textnorm import fold, nfc, squeeze
from dbreport.values import parse_value, split_trailing_values
from dbreport.vocab import ColumnRole, Vocabulary

VALUE_ROLES: tuple[ColumnRole, ...] = (
    "target",
    "actual",
    "comparison",
    "target_future",
    "assessment",
    "other",
)
_ROMAN = re.compile(r"^[ivx]+$")
_SECTION_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi)[.)]?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEARISH = re.compile(r"^\(?(?:19|20)\d{2}(?:\s*-\s*(?:(?:19|20)\d{2})?)?\)?[.,:]?$")
_COLUMN_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[a-h])\)?$", re.IGNORECASE)
_SMALL_INT = re.compile(r"^\d{1,3}[.)]?$")
_YEAR_ONLY = re.compile(r"^(?:nam |uoc |uoc th |uoc nam |so lieu )?(?:19|20)\d{2}$")
_BARE_YEAR = re.compile(r"^(?:den )?(?:nam )?(?:19|20)\d{2}$")
_BAND_LINES = 40
_SPAN_OF_TIME = re.compile(r"\s+(?:năm|tháng|quý)\b")
_PART_OF_YEAR = re.compile(r"\b(?:\d{1,2} thang|thang|quy [ivx1-4]+|nua nam|6 thang|9 thang)\b")
_ESTIMATE = re.compile(r"\b(?:uoc|ca nam|du kien)\b")


@dataclass(frozen=True)
class Column:
    """One column: what it means, its header as printed, the year it speaks of, and the
    record field it fills (`field`), if any; a column without a field is kept in `cells`."""

    role: ColumnRole
    label: str
    year: int | None
    field: ColumnRole | None = None
    known: bool = True  # named by the vocabulary (False: kept as `other` for its words)


@dataclass(frozen=True)
class Header:
    start: int
    end: int
    columns: tuple[Column, ...]
    text: str
    cell_per_line: bool
    tab_separated: bool

    @property
    def roles(self) -> list[ColumnRole]:
        return [c.role for c in self.columns]

    @property
    def value_columns(self) -> list[Column]:
        """The columns a row's figures go into, in order (all but index, name and unit)."""
        return [c for c in self.columns if c.role not in ("index", "name", "unit", "note")]

    @property
    def purpose(self) -> str:
        fields = {c.field for c in self.columns}
        if "actual" in fields and ({"target", "target_future"} & fields):
            return "indicators"
        return "values" if "actual" in fields else "targets"

    def year_of(self, field: ColumnRole) -> int | None:
        return next((c.year for c in self.columns if c.field == field), None)


# -- one header cell ---------------------------------------------------------------------------
def glue(parts: list[str], vocab: Vocabulary) -> str:
    """Join a header cell's wrapped pieces without inventing spaces: `Kế`/`hoạc`/`h` is
    `Kế hoạch`, `St`/`t` is `Stt`, `2020-`/`2025` is `2020-2025`."""
    known = vocab.header_words
    out: list[str] = []
    for part in parts:
        words = nfc(part).split()
        for k, word in enumerate(words):
            if out and k == 0:
                prev = out[-1]
                fp, fw = fold(prev), fold(word)
                joined = fp + fw
                if re.search(r"(?:19|20)\d{2}[-–]$", prev) or (
                    not _YEAR.search(fp)
                    and fw not in known | {"tinh", "nam"}
                    and (
                        (joined in known and len(fw) <= 2)
                        or (fp not in known and any(w.startswith(joined) for w in known))
                    )
                ):
                    out[-1] = prev + word
                    continue
            out.append(word)
    return " ".join(out)


class _Memo:
    """What a header cell's text is named, and whether a line reads as header, remembered per
    text: a header band is looked at from each line that could start it, so each line would
    otherwise be named once for every candidate above it. One vocabulary at a time; emptied
    when it grows past `_MEMO_TEXTS` texts."""

    vocab: Vocabulary | None = None
    columns: ClassVar[dict[str, Column]] = {}
    recognised: ClassVar[dict[str, bool]] = {}
    facts: ClassVar[dict[str, _Facts]] = {}

    @classmethod
    def of(cls, vocab: Vocabulary) -> type[_Memo]:
        if (
            cls.vocab is not vocab
            or len(cls.columns) + len(cls.recognised) + len(cls.facts) > _MEMO_TEXTS
        ):
            cls.vocab = vocab
            cls.columns.clear()
            cls.recognised.clear()
            cls.facts.clear()
        return cls


_MEMO_TEXTS = 100_000


def classify(text: str, vocab: Vocabulary) -> Column:
    """Name one header cell (see `_classify`), once per text."""
    memo = _Memo.of(vocab).columns
    column = memo.get(text)
    if column is None:
        column = memo[text] = _classify(text, vocab)
    return column


def _classify(text: str, vocab: Vocabulary) -> Column:
    """Name one header cell: `Ước TH năm 2019` is the achieved value of 2019, `Tỷ trọng (%)` an
    `other` column, `Năm 2022` a year column (achieved), unknown words `other` (not known)."""
    label = squeeze(nfc(text))
    folded = fold(label).replace("\n", " ")
    years = [int(y) for y in _YEAR.findall(folded)]
    year = years[-1] if years else None
    first: dict[ColumnRole, int] = {}
    longest: dict[ColumnRole, int] = {}
    for role, regex in vocab.column_searches:
        m = regex.search(folded)
        if m and (role not in first or m.start() < first[role]):
            first[role] = m.start()
        if m:
            longest[role] = max(longest.get(role, 0), m.end() - m.start())
    for role in vocab.columns:
        if role not in first:
            continue
        if role == "target_future" and longest.get("target", 0) > longest[role]:
            role = "target"  # `Mục tiêu đến năm 2025 theo Nghị quyết`: the resolution's target
        if role in ("target", "actual") and "target" in first and "actual" in first:
            role = "target" if first["target"] <= first["actual"] else "actual"
        keep_year = role in VALUE_ROLES
        return Column(role=role, label=label, year=year if keep_year else None)
    if _YEAR_ONLY.match(folded):
        return Column(role="actual", label=label, year=year)
    return Column(role="other", label=label, year=year, known=False)


# -- text that runs several cells together -----------------------------------------------------
def _year_in(text: str) -> int:
    years = _YEAR.findall(text)
    return int(years[-1]) if years else 0


def _joined(a: str, b: str) -> str:
    return f"{a}{b}" if a.endswith("(") else f"{a} {b}"


def segment(text: str, vocab: Vocabulary) -> list[Column]:
    """The columns of header text whose cell boundaries are lost (a PDF's text), left to right:
    each column starts where the vocabulary finds a column's words, unknown words stay with the
    column before them."""
    printed = squeeze(nfc(text))
    folded = fold(printed)
    if len(folded) != len(printed):
        printed = folded
    hits: list[tuple[int, int]] = []
    for _role, regex in vocab.segment_regexes:
        hits.extend((m.start(), m.end()) for m in regex.finditer(folded))
    hits.extend(
        (m.start(), m.end())
        for m in re.finditer(r"(?<![\d][-–])(?<![\d] [-–] )(?:nam |uoc )?(?:19|20)\d{2}", folded)
    )
    # a cell starts with a capital: `Thực hiện năm 2023 So với KH` is two cells, not one match
    split: list[tuple[int, int]] = []
    for start, end in hits:
        cuts = [m.start() + 1 for m in re.finditer(r" So\b", printed[start:end])]
        bounds = [start, *(start + c for c in cuts), end]
        split.extend((a, b) for a, b in itertools.pairwise(bounds) if b > a)
    hits = split
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    starts: list[tuple[int, int]] = []
    last_end = -1
    for start, end in hits:
        if start >= last_end:
            starts.append((start, end))
            last_end = end
    if not starts:
        return []
    pieces = [
        (folded[start:stop].strip(), printed[start:stop].strip())
        for (start, _), stop in zip(starts, [s for s, _ in starts[1:]] + [len(folded)], strict=True)
    ]
    if pieces and not any(classify(p, vocab).role == "name" for p, _ in pieces):
        # `Chỉ tiêu Kế hoạch năm 2024` with no name column before it: the name comes first
        for k, (piece, label) in enumerate(pieces):
            m = re.match(r"(?:ten )?chi tieu ", piece)
            if m and classify(piece, vocab).role == "target":
                cut = m.end()
                pieces[k : k + 1] = [
                    (piece[:cut].strip(), label[:cut].strip()),
                    (piece[cut:].strip(), label[cut:].strip()),
                ]
                break
    bare = [_BARE_YEAR.match(piece) is not None for piece, _ in pieces]
    columns: list[Column] = []
    for k, (piece, label) in enumerate(pieces):
        column = replace(classify(piece, vocab), label=label)
        unit_of_comparison = (
            columns
            and columns[-1].role == "comparison"
            and column.role == "target"
            and column.year is None
            and ("%" in piece or re.fullmatch(r"(?:nq|kh|nqdh|mtnq)(?: [xvi]+)?", piece))
            and len(piece.split()) <= 3
        )
        open_paren = columns and columns[-1].label.count("(") > columns[-1].label.count(")")
        if (
            columns
            and column.role == "comparison"
            and re.match(r"so (?:voi|sanh)\b", piece)
            and label[:1].islower()
            and columns[-1].role in ("actual", "target")
        ):
            # `Ước TH` + `so với KH (%)`: one header; a new cell starts with a capital
            prev = columns[-1]
            columns[-1] = replace(prev, role="comparison", label=f"{prev.label} {label}")
            continue
        if unit_of_comparison or (
            columns
            and (label.startswith("(") or open_paren)
            and columns[-1].role not in ("index", "name")
        ):
            # `Kế hoạch năm 2024` + `(Nghị quyết HĐND tỉnh)`: one column
            prev = columns[-1]
            columns[-1] = replace(
                prev, label=f"{prev.label} {label}", year=prev.year or column.year
            )
            continue
        # `Năm 2021 | Năm 2022 | …` in a row is a series of columns, never a wrapped year
        series = any(
            0 <= j < len(pieces) and bare[j] and abs(_year_in(pieces[j][0]) - _year_in(piece)) == 1
            for j in (k - 1, k + 1)
        )
        year_led = re.match(r"(?:nam )?(?:19|20)\d{2}\b", piece)
        if (
            year_led
            and not bare[k]
            and columns
            and columns[-1].year is None
            and columns[-1].role not in ("index", "name", "unit")
        ):
            rest = piece[year_led.end() :].strip()
            if rest and not classify(rest, vocab).known:
                prev = columns[-1]
                columns[-1] = replace(prev, label=_joined(prev.label, label), year=column.year)
                continue
        if columns and bare[k] and not series and not _YEAR_ONLY.match(fold(columns[-1].label)):
            prev = columns[-1]
            if prev.year is None and prev.role not in ("index", "name", "unit"):
                # `KH` + `2023`, `TH năm` + `2018`: the year finishes the column before it.
                columns[-1] = replace(prev, label=_joined(prev.label, label), year=column.year)
                continue
        columns.append(column)
    return columns


# -- a header band in text ---------------------------------------------------------------------
def _starts_header(text: str, vocab: Vocabulary) -> bool:
    """A header's first cell: `Stt`, `TT`, `Chỉ tiêu`… — with a capital, as a cell starts
    (`chỉ tiêu` in lower case continues a wrapped header cell)."""
    stripped = text.strip().lstrip("*-•|( ")
    if not stripped[:1].isupper():
        return False
    folded = fold(text).lstrip("*-•|( ")
    return any(
        folded == w or folded.startswith((w + " ", w + "\t", w + ":", w + ",", w + "/"))
        for w in vocab.header_start
    )


def _known_word(word: str, vocab: Vocabulary) -> bool:
    bare = word.strip(",.:;()[]")
    known = vocab.header_words
    if not bare or bare in known or word in known or bare in ("-", "–", "/", "+"):
        return True
    if _ROMAN.match(bare) or _YEARISH.match(word) or _COLUMN_NUMBER.match(word):
        return True
    if "/" in bare and all(_known_word(p, vocab) for p in bare.split("/") if p):
        return True
    # a piece of a word broken by a narrow column: `hoạc` / `h`, `G` / `hi`
    return len(bare) <= 5 and any(w.startswith(bare) or w.endswith(bare) for w in known)


def _fragment(text: str, vocab: Vocabulary) -> bool:
    """A line that can be a piece of header: only header words (or pieces of them)."""
    words = fold(text).replace("\t", " ").split()
    return bool(words) and len(words) <= 12 and all(_known_word(w, vocab) for w in words)


def _recognised(text: str, vocab: Vocabulary) -> bool:
    memo = _Memo.of(vocab).recognised
    known = memo.get(text)
    if known is None:
        known = memo[text] = classify(text, vocab).known or _fragment(text, vocab)
    return known


def year_only(text: str) -> bool:
    """`2021`, `Năm 2022`, `Ước 2025`: a cell that is a year and nothing else."""
    return _YEAR_ONLY.match(fold(text)) is not None


def header_text_like(text: str) -> bool:
    """Short text without figures (years, year ranges and column numbers aside)."""
    stripped = text.strip()
    words = stripped.split()
    if not words or len(words) > 14 or stripped.endswith((".", ";")):
        return False
    if _SMALL_INT.match(stripped) and not _COLUMN_NUMBER.match(stripped):
        return False
    for number in re.findall(r"\d+(?:[.,/:]\d+)*", stripped):
        if _SPAN_OF_TIME.match(stripped, stripped.find(number) + len(number)):
            continue  # `Kết quả sau 2,5 năm thực hiện`: a span of time, not a figure
        year = re.fullmatch(r"(?:19|20)\d{2}", number)
        date = re.fullmatch(r"(?:\d{1,2}/){1,2}(?:19|20)\d{2}", number)  # `đến 31/12/2024`
        ratio = re.fullmatch(r"(?:19|20)\d{2}/(?:19|20)\d{2}", number)  # `2024/2023 (%)`
        if not (year or date or ratio) and not _COLUMN_NUMBER.match(number):
            return False
    return not _SMALL_INT.match(stripped)


def _header_like(text: str, vocab: Vocabulary) -> bool:
    return header_text_like(text)


def _next_nonblank(lines: list[Line], j: int) -> int | None:
    for k in range(j + 1, min(len(lines), j + 4)):
        if lines[k].text.strip():
            return k
    return None


@dataclass(frozen=True)
class _Facts:
    """What a header band asks of one line's text, found once per text."""

    row_number: bool  # `1`, `2.`: the first row's number
    letter: bool  # `A`, `B.`: a section letter, or a piece of a broken header word
    section: bool  # `I`, `II.`: a section numeral (or a congress's number)
    next_header: bool  # starts a header with its index or name cell
    header_like: bool
    numbering: bool  # `(1)` or `1 2 3 4`: the row numbering the columns
    recognised: bool
    names: bool  # names the indicators' column


def _facts(text: str, vocab: Vocabulary) -> _Facts:
    memo = _Memo.of(vocab).facts
    found = memo.get(text)
    if found is None:
        stripped = text.strip()
        folded = fold(text).strip()
        section_mark = re.fullmatch(r"([IVX]+)\s*[-.)]?", stripped)
        like = _header_like(text, vocab)  # else the band ends here: the rest is not asked
        found = memo[text] = _Facts(
            row_number=_SMALL_INT.match(folded) is not None,
            letter=re.fullmatch(r"[A-H][.)]?", stripped) is not None,
            section=bool(section_mark and _SECTION_ROMAN.match(section_mark.group(1).lower())),
            next_header=_starts_header(text, vocab) and _is_name_cell(text, vocab),
            header_like=like,
            numbering=like
            and bool(re.fullmatch(r"\((?:\d{1,2}|[a-h])\)", folded) or column_number_row([text])),
            recognised=like and _recognised(text, vocab),
            names=like and classify(text, vocab).role == "name",
        )
    return found


def _band(lines: list[Line], i: int, vocab: Vocabulary) -> list[int]:
    """The lines of the header band that starts at `i`."""
    taken: list[int] = []
    named = False  # a line taken names the indicators' column
    j = i
    blank_run = 0
    while j < len(lines) and len(taken) < _BAND_LINES:
        text = lines[j].text
        if not text.strip():
            blank_run += 1
            if blank_run > 2:
                break
            j += 1
            continue
        blank_run = 0
        facts = _facts(text, vocab)
        if j > i and facts.row_number:
            break  # the first row's number
        if j > i and facts.letter:
            k = _next_nonblank(lines, j)
            glued = fold(glue([text, lines[k].text], vocab)) if k is not None else ""
            first_word = glued.split()[0] if glued else ""
            if len(first_word) < 2 or not any(w.startswith(first_word) for w in vocab.header_words):
                break  # a section letter; `G` / `hi` / `c` / `h` / `ú` is `Ghi chú`
        if j > i and facts.section:
            k = _next_nonblank(lines, j)
            if k is None or not _value_header(lines[k].text, vocab):
                break  # `I` then `Kinh tế`: a section; `XIV` inside a header is its congress
        if j > i and facts.next_header and named and not _continued_cell(lines, j, vocab):
            break  # the next table's header
        if not facts.header_like:
            break
        if j > i and facts.numbering:
            break  # the row numbering the columns
        if not facts.recognised:
            # unknown words: part of the header only if header words follow them
            ahead = [
                k
                for k in range(j + 1, min(len(lines), j + 6))
                if lines[k].text.strip() and _facts(lines[k].text, vocab).header_like
            ]
            if not any(classify(lines[k].text, vocab).known for k in ahead[:2]):
                break
        taken.append(j)
        named = named or facts.names
        j += 1
    return taken


def _continued_cell(lines: list[Line], j: int, vocab: Vocabulary) -> bool:
    """`Chỉ tiêu` / `nhiệm kỳ 2025-2030`: a cell that wraps into a target, not a new header."""
    k = _next_nonblank(lines, j)
    if k is None or not lines[k].text.strip()[:1].islower():
        return False
    return classify(glue([lines[j].text, lines[k].text], vocab), vocab).role != "name"


def _is_name_cell(text: str, vocab: Vocabulary) -> bool:
    return classify(text, vocab).role in ("name", "index")


def _value_header(text: str, vocab: Vocabulary) -> bool:
    column = classify(text, vocab)
    return column.known and column.role not in ("name", "index", "other")


def column_number_row(texts: list[str]) -> bool:
    """`(1) (2) (3)` or `1 2 3 4`, `A B 1 2`: the row that numbers the columns."""
    tokens = [t for text in texts for t in text.split()]
    if len(tokens) < 3 or not all(_COLUMN_NUMBER.match(t) for t in tokens):
        return False
    digits = [int(t.strip("()")) for t in tokens if t.strip("()").isdigit()]
    return len(digits) >= 3 and digits == list(range(digits[0], digits[0] + len(digits)))


def _skip_column_numbers(lines: list[Line], j: int) -> int:
    """Past a column-number row right under the header (on one line, or one number a line)."""
    k = j
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    if k < len(lines) and column_number_row([lines[k].text]):
        return k + 1
    run: list[int] = []
    m = k
    while m < len(lines) and len(run) < 30:
        text = lines[m].text.strip()
        if not text:
            m += 1
            continue
        if not _COLUMN_NUMBER.match(text):
            break
        run.append(m)
        m += 1
    numbers = [lines[r].text.strip().strip("()") for r in run]
    length = 0
    for k, text in enumerate(numbers):
        if not text.isdigit() or (k and int(text) != int(numbers[k - 1]) + 1):
            break
        length = k + 1
    if length >= 3:
        return run[length - 1] + 1
    return j


def regroup(columns: list[Column]) -> list[Column]:
    """Two-level headers arrive row by row: `Kết quả thực hiện` then, after the other top
    cells, `Năm 2024 | Ước 2025`. The trailing run of year cells belongs under the spanning
    cell without a year of its own; put it there."""
    run = 0
    while run < len(columns) and _YEAR_ONLY.match(fold(columns[-1 - run].label)):
        run += 1
    if run < 2 or run == len(columns):
        return columns
    head, tail = columns[: len(columns) - run], columns[len(columns) - run :]
    spans = [
        k
        for k, c in enumerate(head)
        if c.role in ("actual", "target", "other")
        and (c.year is None or re.search(r"(?:19|20)\d{2}\s*-\s*(?:19|20)\d{2}", c.label))
    ]
    if not spans:
        return columns
    results = [k for k in spans if head[k].role == "actual"]
    k = results[-1] if results else spans[0]
    parent = head[k]
    role = parent.role if parent.role != "other" else "actual"
    children = [
        replace(
            c,
            role=role if fold(c.label).split()[0] not in ("uoc",) else "actual",
            label=f"{parent.label} / {c.label}",
            known=True,
        )
        for c in tail
    ]
    return [*head[:k], *children, *head[k + 1 :]]


def regroup_spans(columns: list[Column], spans: int = 1) -> list[Column] | None:
    """A header with `spans` more cells than its rows: that many upper cells span the cells
    given after the other upper cells (`Kết quả thực hiện` over `Kết quả đạt được | Tỷ lệ % so
    NQ | Đánh giá`; `Nhiệm kỳ 2020-2025` over three cells and `Nhiệm kỳ 2025-2030` over one).
    The spans are adjacent upper cells before the right-edge ones (the next term's target,
    notes); with two, the later one takes the targets at the end. None when no reading exists."""
    readings: list[tuple[int, int]] = []
    for k in range(len(columns) - spans + 1):
        group = columns[k : k + spans]
        if any(c.role not in ("actual", "other", "comparison") for c in group):
            continue
        if any(_YEAR_ONLY.match(fold(c.label)) for c in group):
            continue  # `Năm 2020` is a column of its own, not a span
        j = k + spans
        while j < len(columns) and columns[j].role in ("target_future", "note"):
            j += 1
        children = columns[j:]
        if len(children) < max(2, spans) or any(
            c.role in ("index", "name", "unit") for c in children
        ):
            continue
        readings.append((k, j))
    if not readings or spans > 2:
        return None
    # the span over the results: its lower cells hold the achieved value
    k, j = next(
        ((k, j) for k, j in readings if any(c.role == "actual" for c in columns[j:])),
        readings[-1],  # else the span nearest the right-edge cells (`So sánh (%)`)
    )
    children = columns[j:]
    shares = [len(children)]
    if spans == 2:
        tail = 0
        while tail < len(children) - 1 and children[-1 - tail].role in ("target", "target_future"):
            tail += 1
        if tail == 0:
            return None
        shares = [len(children) - tail, tail]
    lower: list[Column] = []
    start = 0
    for span, share in zip(columns[k : k + spans], shares, strict=True):
        for c in children[start : start + share]:
            year = c.year if c.year is not None else span.year
            lower.append(replace(c, label=f"{span.label} / {c.label}", year=year, field=None))
        start += share
    top = [replace(c, field=None) for c in columns[k + spans : j]]
    return designate([replace(c, field=None) for c in columns[:k]] + lower + top)


def fit_to_rows(header: Header, extra: int) -> tuple[Header, str | None]:
    """The header as the rows read it, when they hold `extra` cells fewer than it names: its
    spans put back over their lower cells (as many spans as fit, two at most; cells the rows
    leave empty, notes, also make the difference), and why every row is then in doubt."""
    last = header.columns[-1] if header.columns else None
    if extra < 1 or last is None or last.role in ("note", "other"):
        return header, None
    for spans in range(min(extra, 2), 0, -1):
        regrouped = regroup_spans(list(header.columns), spans)
        if regrouped is not None:
            return replace(header, columns=tuple(regrouped)), (
                "the header has two levels given row by row; the lower cells were put under "
                "the upper ones by their meaning"
            )
    return header, "the header has more cells than any row; its columns cannot be told apart"


def designate(columns: list[Column]) -> list[Column]:
    """Choose the column each record field comes from, by meaning and year."""
    out = list(columns)
    actuals = [k for k, c in enumerate(out) if c.role == "actual"]
    years = [y for k in actuals if (y := out[k].year) is not None]
    actual_year = max(years) if years else None
    chosen: dict[ColumnRole, int] = {}
    if actuals:
        latest = [k for k in actuals if out[k].year == actual_year] if actual_year else actuals
        # a whole year's (estimated) result before a part of the year (`Thực hiện 9 tháng`)
        whole = [k for k in latest if not _PART_OF_YEAR.search(fold(out[k].label))]
        latest = whole or latest
        estimates = [k for k in latest if _ESTIMATE.search(fold(out[k].label))]
        chosen["actual"] = (estimates or latest)[-1] if actual_year or estimates else latest[0]
    targets = [k for k, c in enumerate(out) if c.role == "target"]
    futures = [k for k, c in enumerate(out) if c.role == "target_future"]
    for k in list(futures):
        year = out[k].year
        if actual_year and year and year <= actual_year:
            futures.remove(k)
            targets.append(k)
    compared = any(c.role == "comparison" for c in out)
    for k in list(targets):
        year = out[k].year
        later = bool(actual_year and year and year > actual_year)
        if later and len(targets) == 1 and compared:
            # a mid-term review: the term's target (`Mục tiêu NQ đến năm 2025`) against the
            # result so far is still the target the comparison column measures; with no
            # comparison column, a later target is the horizon (`Hiện trạng 2024 | Mục tiêu
            # đến năm 2030 theo Nghị quyết`): how far, not whether met
            continue
        # achieved values of no stated year: a dated target after them is the horizon's
        after = not actual_year and bool(actuals) and year is not None and k > actuals[0]
        if later or (after and len(targets) > 1):
            targets.remove(k)
            futures.append(k)
    targets.sort()
    if targets:
        same = [k for k in targets if actual_year and out[k].year == actual_year]
        plain = [k for k in targets if out[k].year is None]
        earlier = [
            k for k in targets if actual_year and (y := out[k].year) is not None and y < actual_year
        ]
        ranked = same + plain + [k for k in targets if k not in same + plain + earlier]
        if ranked or not actuals:
            chosen["target"] = (ranked or targets)[0]
    if futures:
        # the nearest horizon (2030 before an orientation to 2045)
        chosen["target_future"] = min(futures, key=lambda k: (out[k].year or 9999, k))
    for role in ("comparison", "assessment", "note"):
        found = [k for k, c in enumerate(out) if c.role == role]
        if role == "comparison":
            # the comparison with the plan or resolution, not with last year
            against_plan = [
                k
                for k in found
                if re.search(
                    r"\b(?:kh|ke hoach|nq|nqdh|nghi quyet|muc tieu|mtnq|chi tieu)\b",
                    fold(out[k].label),
                )
            ]
            found = against_plan + [k for k in found if k not in against_plan]
        if found:
            chosen[role] = found[0]
    for field, k in chosen.items():
        out[k] = replace(out[k], field=field)
    for k in futures:
        if out[k].role != "target_future":
            out[k] = replace(out[k], role="target_future")
    for k in targets:
        if out[k].role != "target":
            out[k] = replace(out[k], role="target")
    return out


def name_by_position(columns: list[Column]) -> list[Column]:
    """With no column named as the indicators', the first one after the row number whose header
    speaks of them (`Chỉ tiêu …`, `Nội dung …`, `Nhiệm vụ …`) and names no year is it."""
    if any(c.role == "name" for c in columns):
        return columns
    for k, column in enumerate(columns[:3]):
        if column.role in ("index", "unit") or column.year is not None:
            continue
        if re.match(r"(?:(?:ten |cac )?chi tieu|noi dung|nhiem vu|linh vuc)", fold(column.label)):
            return [*columns[:k], replace(column, role="name", field=None), *columns[k + 1 :]]
        break
    return columns


def problem(columns: list[Column]) -> str | None:
    """Why these columns are not an indicator table of the genre (None when they are)."""
    roles = [c.role for c in columns]
    if "name" not in roles:
        return "no column names the indicators (`Chỉ tiêu`, `Nội dung`)"
    fields = {c.field for c in columns}
    if not fields & {"target", "actual", "target_future"}:
        return "no target, plan or achieved column"
    years = [c for c in columns if c.role == "actual" and c.year]
    if len(years) >= 3 and not fields & {"target", "target_future"}:
        return "a series of years with no target to judge them against"
    if roles.count("name") > 1:
        return "two name columns: two tables side by side"
    return None


def build_header(
    start: int,
    end: int,
    columns: list[Column],
    text: str,
    *,
    cell_per_line: bool,
    tab_separated: bool,
) -> Header:
    named = designate(regroup(name_by_position(columns)))
    return Header(start, end, tuple(named), text, cell_per_line, tab_separated)


@dataclass(frozen=True)
class Candidate:
    """A header band looked at, and what was made of it (for `dbreport inspect`)."""

    line: int
    text: str
    columns: tuple[Column, ...]
    reason: str | None
    end: int = 0  # index of the first line after the band
    cell_per_line: bool = False


def header_start(lines: list[Line], i: int, vocab: Vocabulary) -> bool:
    """Whether `lines[i]` starts as a header does (its index or name word), so that the lines
    under it are worth examining as a header band."""
    first = lines[i].text
    if not first.strip():
        return False
    if _starts_header(first, vocab):
        return True
    # `St` / `t`: a header word broken by a narrow column
    k = _next_nonblank(lines, i)
    if len(first.strip()) > 3 or k is None:
        return False
    return _starts_header(glue([first, lines[k].text], vocab), vocab)


def probe_header(
    lines: list[Line], i: int, vocab: Vocabulary
) -> tuple[Header | None, Candidate | None]:
    """The header that starts at `lines[i]`, if one does, and the candidate examined."""
    if not header_start(lines, i, vocab):
        return None, None
    first = lines[i].text
    if "\t" in first:
        cells = [classify(c, vocab) for c in first.split("\t")]
        header = build_header(i, i + 1, cells, first, cell_per_line=False, tab_separated=True)
        why = problem(list(header.columns))
        candidate = Candidate(lines[i].no, first, header.columns, why, i + 1)
        return (header if why is None else None), candidate
    taken = _band(lines, i, vocab)
    if not taken:
        return None, None
    if any(classify(lines[k].text.split()[0], vocab).role == "index" for k in taken[1:]):
        return None, None  # a title above the header: the header starts at its `Stt`
    end = _skip_column_numbers(lines, taken[-1] + 1)
    texts = [lines[k].text.strip() for k in taken]
    # wrapped header pieces (`quyết`, `tính`, `chủ trì`) start in lower case; web cells do not
    per_line = _cell_per_line(lines, end, vocab) and not any(t[:1].islower() for t in texts)
    if per_line:
        # one cell a line: a last line that names no column is the first row's text
        while len(taken) > 1 and not classify(lines[taken[-1]].text, vocab).known:
            taken.pop()
        end = _skip_column_numbers(lines, taken[-1] + 1)
        texts = [lines[k].text.strip() for k in taken]
        columns = [classify(t, vocab) for t in texts]
    else:
        columns = segment(glue(texts, vocab), vocab)
    header = build_header(
        i, end, columns, glue(texts, vocab), cell_per_line=per_line, tab_separated=False
    )
    why = problem(list(header.columns))
    candidate = Candidate(lines[i].no, " | ".join(texts), header.columns, why, end, per_line)
    return (header if why is None else None), candidate


def _cell_per_line(lines: list[Line], j: int, vocab: Vocabulary) -> bool:
    """Whether the body holds one cell a line (a web page's text) rather than rows whose
    figures share a line (a PDF's text): hardly a line among the first rows has two figures (a
    note cell may: `Bình quân 5 năm đạt 14,1%`; in a PDF's text most lines do)."""
    seen = 0
    shared = 0
    for line in lines[j : j + 60]:
        text = line.text.strip()
        if not text:
            continue
        seen += 1
        _, tokens = split_trailing_values(text, vocab.value_phrases)
        if len(tokens) >= 2 and parse_value(text).kind == "text":
            shared += 1
            if shared * 10 >= seen or shared > 2:
                return False
    return seen > 0


def match_header(lines: list[Line], i: int, vocab: Vocabulary) -> Header | None:
    """The header that starts at `lines[i]`, if one does."""
    return probe_header(lines, i, vocab)[0]
