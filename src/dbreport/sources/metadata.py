"""What a document is: its kind, the level and place it speaks for, its congress, the term it
reviews and the term it opens, and its date — each with the line it was read from.

Read from the text with the patterns of `data/documents.yaml`; a sidecar `NAME.meta.yaml` beside
the document overrides any of them when the text does not say (or says it wrongly).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dbreport.datafiles import GuardedTextLoader, data_dir, load_validated, load_yaml
from dbreport.errors import RulesError
from dbreport.models import DocumentInfo, DocumentKind, Fact, Level
from dbreport.sources import Document
from dbreport.textnorm import fold

Kind = DocumentKind
_TITLE_LINES = 40
_TERM = re.compile(r"(nhiem ky|giai doan)\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})")
_CONGRESS = re.compile(r"dai hoi(?: dai bieu)?(?: dang bo [a-z ]{2,20}?)?(?: lan thu)? ([xvi]+)\b")
_ROMAN = {"i": 1, "v": 5, "x": 10}


class DocumentPatterns(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: dict[Kind, list[str]]
    levels: dict[Level, list[str]]
    committee_words: list[str] = Field(default_factory=list)
    place_stop: list[str] = Field(default_factory=list)
    other_terms: list[str] = Field(default_factory=list)

    @cached_property
    def kind_regexes(self) -> list[tuple[Kind, re.Pattern[str]]]:
        return [(k, re.compile(p, re.MULTILINE)) for k, ps in self.kinds.items() for p in ps]

    @cached_property
    def level_words(self) -> list[tuple[Level, str]]:
        pairs = [(level, w) for level, words in self.levels.items() for w in words]
        return sorted(pairs, key=lambda p: -len(p[1]))

    @cached_property
    def level_regex(self) -> re.Pattern[str]:
        """Any level word before a place name, longest first, as one pattern."""
        words = "|".join(re.escape(w) for _, w in self.level_words)
        return re.compile(rf"(?<![a-z])({words}) (?=\S)")

    @cached_property
    def level_of(self) -> dict[str, Level]:
        return {w: level for level, w in self.level_words}

    @cached_property
    def fingerprint(self) -> str:
        return self.model_dump_json()


@lru_cache(maxsize=2)
def load_patterns(path: Path | None = None) -> DocumentPatterns:
    return load_validated(path or data_dir() / "documents.yaml", DocumentPatterns)


class Sidecar(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    level: Level | None = None
    place: str | None = None
    congress: str | None = None
    term: str | None = None
    term_reviewed: str | None = None
    date: str | None = None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.yaml")


def _roman(text: str) -> int:
    total = 0
    values = [_ROMAN.get(ch, 0) for ch in text.lower()]
    for k, v in enumerate(values):
        total += -v if k + 1 < len(values) and values[k + 1] > v else v
    return total


def _fact(value: str | None, line: int | None, page: int | None = None) -> Fact:
    return Fact(value=value, line=line, page=page, origin="text") if value else Fact()


def _places(doc: Document, patterns: DocumentPatterns) -> Counter[tuple[Level, str]]:
    """Each (level, place) named, weighted: a committee's name counts three times."""
    counts: Counter[tuple[Level, str]] = Counter()
    for line in doc.lines:
        text = line.text
        folded = fold(text)
        if len(folded) != len(text.lower()):
            continue
        for m in patterns.level_regex.finditer(folded):
            word = m.group(1)
            level = patterns.level_of[word]
            words = text[m.end() :].split()
            name: list[str] = []
            for w in words[:4]:
                bare = w.strip(",.;:()“”\"'")
                if not bare or not bare[0].isupper() or bare.isdigit():
                    break
                if fold(bare) in patterns.place_stop:
                    break
                name.append(bare)
                if bare != w:
                    break
            if not name or fold(name[0]) in ("uy", "dang"):
                continue
            place = " ".join(name)
            place = place.title() if place.isupper() else place
            weight = 3 if any(c in word for c in patterns.committee_words) else 1
            counts[(level, place)] += weight
    return counts


def _first_line(doc: Document, needle: str) -> tuple[int | None, int | None]:
    for line in doc.lines:
        if needle in line.text or needle.upper() in line.text:
            return line.no, line.page
    return None, None


def detect(doc: Document, *, has_table: bool, table_year: int | None = None) -> DocumentInfo:
    """Read what `doc` is from its text (see the module docstring)."""
    patterns = load_patterns()
    title = "\n".join(fold(line.text) for line in doc.lines[:_TITLE_LINES])
    kind: Fact = Fact()
    order = sorted(
        patterns.kind_regexes,
        key=lambda kr: has_table and kr[0] in ("news", "interview"),
    )
    for scope in (title, "\n".join(fold(line.text) for line in doc.lines)):
        for name, regex in order:
            m = regex.search(scope)
            if m:
                k = scope[: m.start()].count("\n")
                line = doc.lines[k] if k < len(doc.lines) else None
                kind = Fact(
                    value=name,
                    line=line.no if line else None,
                    page=line.page if line else None,
                    origin="text",
                )
                break
        if kind.value:
            break
    if not kind.value and has_table:
        kind = Fact(value="report", origin="derived")

    places = _places(doc, patterns)
    level = place = Fact()
    if places:
        (lvl, where), _ = places.most_common(1)[0]
        line_no, page = _first_line(doc, where)
        place = _fact(where, line_no, page)
        level = _fact(lvl, line_no, page)

    congress = Fact()
    highest = 0
    for line in doc.lines:
        for m in _CONGRESS.finditer(fold(line.text)):
            rest = fold(line.text)[m.end() : m.end() + 16]
            if "cua dang" in rest or "toan quoc" in rest:
                continue  # the national congress, named in passing
            number = _roman(m.group(1))
            if number > highest:
                highest = number
                congress = _fact(m.group(1).upper(), line.no, line.page)

    terms: Counter[tuple[int, int]] = Counter()
    where_term: dict[tuple[int, int], tuple[int, int | None]] = {}
    for line in doc.lines:
        folded = fold(line.text)
        for m in _TERM.finditer(folded):
            before = folded[max(0, m.start() - 40) : m.start()]
            if any(w in before for w in patterns.other_terms):
                continue
            span = (int(m.group(2)), int(m.group(3)))
            # a Party term (`nhiệm kỳ`) says more than a plan's period (`giai đoạn`)
            terms[span] += 10 if m.group(1) == "nhiem ky" else 1
            where_term.setdefault(span, (line.no, line.page))
    term = reviewed = Fact()
    five = Counter({span: n for span, n in terms.items() if span[1] - span[0] == 5})
    anchor = table_year or (int(doc.date[:4]) if doc.date else None)

    def best(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        return max(spans, key=lambda s: (five[s], s)) if spans else None

    def fact(span: tuple[int, int] | None) -> Fact:
        if span is None:
            return Fact()
        no, page = where_term[span]
        return _fact(f"{span[0]}-{span[1]}", no, page)

    if anchor is not None and five:
        # a term of five years that ends at the table's year is the one reviewed; the one
        # that starts there is the congress's own
        reviewed = fact(best([s for s in five if s[1] == anchor]))
        term = fact(best([s for s in five if s[0] == anchor]))
    elif five:
        main = best(list(five))
        if kind.value == "resolution":
            term = fact(main)
        else:
            reviewed = fact(main)
    if reviewed.value and not term.value and kind.value in ("political_report", "report"):
        end_year = int(reviewed.value[-4:])
        term = Fact(value=f"{end_year}-{end_year + 5}", origin="derived")

    date = Fact()
    if doc.date:
        first = doc.lines[0].text if doc.lines else ""
        from_text = first.strip().startswith("date")
        date = Fact(
            value=doc.date,
            line=doc.lines[0].no if from_text and doc.lines else None,
            origin="text" if from_text else "file name",
        )
    return DocumentInfo(
        name=doc.name,
        kind=kind,
        level=level,
        place=place,
        congress=congress,
        term=term,
        term_reviewed=reviewed,
        date=date,
    )


def apply_sidecar(info: DocumentInfo, path: Path) -> DocumentInfo:
    """The sidecar's values replace what the text said (and say they came from the sidecar)."""
    side = sidecar_path(path)
    if not side.is_file():
        return info
    try:
        # every value as written (a date stays `2025-10-01`, a term `2020-2025`), none typed
        raw = load_yaml(side.read_text(encoding="utf-8"), GuardedTextLoader) or {}
        if isinstance(raw, dict):
            raw = {key: value if value != "" else None for key, value in raw.items()}
        values = Sidecar.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "(top)"
        raise RulesError(f"The sidecar {side} is invalid at key '{key}': {error['msg']}.") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise RulesError(f"The sidecar {side} is not valid YAML{where}.") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(f"The sidecar {side} is not UTF-8 text; save it as UTF-8.") from exc
    except OSError as exc:
        raise RulesError(f"The sidecar {side} cannot be read: {exc.strerror or exc}.") from exc
    update = {
        key: Fact(value=str(value), origin="sidecar")
        for key, value in values.model_dump(exclude_none=True).items()
    }
    return info.model_copy(update=update)
