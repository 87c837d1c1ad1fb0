"""Locate and validate the data files that hold dbreport's domain knowledge.

A validation error names the file, the key and the line, because the person fixing it is
editing YAML, not Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dbreport.errors import RulesError

M = TypeVar("M", bound=BaseModel)

_REPO_DATA = Path(__file__).resolve().parents[2] / "data"
_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"


def data_dir() -> Path:
    """The `data/` folder: the checkout's when run from one, else the copy inside the wheel."""
    if (_REPO_DATA / "vocabulary.yaml").is_file():
        return _REPO_DATA
    return _PACKAGE_DATA


def default_raw_dir() -> Path:
    """`./data/raw` when the current folder has one, else the bundled documents."""
    local = Path("data") / "raw"
    return local if local.is_dir() else data_dir() / "raw"


def _line_of(node: yaml.Node, loc: tuple[int | str, ...]) -> int | None:
    """1-based line of the YAML node at `loc`, or of its nearest existing parent."""
    line = node.start_mark.line + 1
    for key in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    child = v
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(node.value)
        ):
            child = node.value[key]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def load_validated(path: Path, model: type[M]) -> M:
    """Read YAML at `path` into `model`, or raise RulesError naming key and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RulesError(f"The rules file {path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"The rules file {path} cannot be read as UTF-8 text.") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
    try:
        data: Any = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RulesError(f"The rules file {path} is not valid YAML{where}.") from exc
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        key = ".".join(str(part) for part in loc) or "(top level)"
        node = yaml.compose(text, Loader=loader)  # only now: the line of the key at fault
        line = _line_of(node, loc) if node is not None else None
        where = f" (line {line})" if line else ""
        raise RulesError(
            f"The rules file {path} is invalid at key '{key}'{where}: {first['msg']}."
        ) from exc
