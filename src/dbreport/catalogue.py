"""Indicators with an identity across reports (data/indicators.yaml): the poverty rate of one
province beside another's. A row gets the id of the entry whose longest alias its name holds,
word for word, when its unit kind fits; otherwise none — never a guess."""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dbreport.datafiles import data_dir, load_validated
from dbreport.models import Indicator
from dbreport.textnorm import has_run, words
from dbreport.vocab import UnitKind


class CatalogueEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    en: str
    aliases: list[str]
    unless: list[str] = Field(default_factory=list)
    unit_kind: list[UnitKind]
    direction: Literal["higher", "lower", "band", "none"]


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    indicators: list[CatalogueEntry]

    @cached_property
    def _pins(self) -> list[tuple[str, CatalogueEntry]]:
        pins = [(words(a), e) for e in self.indicators for a in e.aliases]
        pins.sort(key=lambda p: -len(p[0]))
        return [(f" {' '.join(pin)} ", e) for pin, e in pins if pin]

    def identify(self, name: str, unit_kind: UnitKind) -> CatalogueEntry | None:
        words_of_name = words(name)
        hay = f" {' '.join(words_of_name)} "
        for pin, entry in self._pins:
            if pin not in hay:
                continue
            if any(has_run(words_of_name, words(w)) for w in entry.unless):
                continue
            return entry if unit_kind in entry.unit_kind else None
        return None

    def by_id(self, entry_id: str) -> CatalogueEntry | None:
        return next((e for e in self.indicators if e.id == entry_id), None)

    def find(self, query: str) -> list[CatalogueEntry]:
        """Entries whose id is `query`, or whose aliases or English name hold its words."""
        exact = self.by_id(query)
        if exact:
            return [exact]
        pin = words(query)
        return [
            e
            for e in self.indicators
            if any(has_run(words(a), pin) for a in e.aliases) or has_run(words(e.en), pin)
        ]

    def tag(self, record: Indicator) -> Indicator:
        entry = self.identify(record.name, record.unit_kind)
        return record.model_copy(update={"indicator_id": entry.id if entry else None})


@lru_cache(maxsize=2)
def load_catalogue(path: Path | None = None) -> Catalogue:
    return load_validated(path or data_dir() / "indicators.yaml", Catalogue)
