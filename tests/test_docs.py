"""The README is what a newcomer needs, and every page it points to exists."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

LINK = re.compile(r"\]\((?!https?://)([^)#]+)(?:#[^)]*)?\)")


def test_the_readme_is_short_and_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    quick = text.split("## Quick start", 1)[1].split("## ", 1)[0]
    assert re.findall(r"^make \w+", quick, flags=re.M) == ["make run", "make test"]


def test_every_link_of_the_docs_leads_somewhere() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), (page.name, target)


def test_every_dependency_has_its_line_in_the_readme() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    wanted = [*project["dependencies"], *extras["charts"], *extras["ocr"]]
    deps = (ROOT / "README.md").read_text(encoding="utf-8").split("## Dependencies", 1)[1].lower()
    for spec in wanted:
        name = re.split(r"[<>=\[ ]", spec, maxsplit=1)[0].lower()
        assert name in deps, name
