"""Locate and validate the data files that hold dbreport's domain knowledge.

A validation error names the file, the key and the line, because the person fixing it is
editing YAML, not Python.

A rules file may come from anyone, so it is composed with guards that plain YAML lacks: a key
given twice in one mapping (YAML keeps the last, silently), more than MAX_ALIASES aliases or
aliases that repeat more than MAX_REPEATED characters (a few kilobytes that expand to gigabytes),
nesting deeper than MAX_DEPTH, and numbers that are not finite or beyond values.MAX_MAGNITUDE
are each refused with the key and the line. libyaml still scans and parses where the wheel has
it; only composing (cheap) is done here.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import BaseConstructor, SafeConstructor
from yaml.events import AliasEvent, MappingEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from dbreport.errors import RulesError
from dbreport.values import MAX_MAGNITUDE, abridged

MAX_ALIASES = 100  # the bundled data files use none
MAX_REPEATED = 100_000  # characters and entries that all aliases together may repeat
MAX_DEPTH = 50  # levels of nesting (the bundled files use 5)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MERGE = "tag:yaml.org,2002:merge"

if yaml.__with_libyaml__:
    from yaml._yaml import CParser as _Parser
else:  # pragma: no cover - the wheels ship libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class UnsafeYaml(yaml.MarkedYAMLError):
    """YAML that parses but must not be trusted as written, at `path` (keys and indexes)."""

    def __init__(self, path: list[str | int], mark: Any, problem: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.path = list(path)
        self.line = mark.line + 1


class _Guard(Composer):
    """PyYAML's composer, counting and checking on the way (see the module's docstring)."""

    if TYPE_CHECKING:  # given by the parser, the resolver and the constructor mixed in

        def check_event(self, *choices: type) -> bool: ...
        def peek_event(self) -> Any: ...
        def get_event(self) -> Any: ...
        def resolve(self, kind: type, value: str | None, implicit: Any) -> str: ...
        def construct_object(self, node: Node, deep: bool = False) -> Any: ...

    def __init__(self) -> None:
        Composer.__init__(self)
        self._path: list[str | int] = []
        self._depth = 0
        self._aliases = 0
        self._repeated = 0
        self._sizes: dict[int, int] = {}  # id(node) -> characters and entries, aliases expanded

    def _refuse(self, mark: Any, problem: str) -> UnsafeYaml:
        return UnsafeYaml(self._path, mark, problem)

    def _check_scalar(self, node: ScalarNode) -> None:
        """A loader that types values checks its numbers here."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        step = index.value if isinstance(index, ScalarNode) else index
        if step is not None:
            self._path.append(step if isinstance(step, (str, int)) else "?")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise self._refuse(mark, f"nested more than {MAX_DEPTH} levels deep")
            if self.check_event(AliasEvent):
                self._count_alias(self.peek_event())
                return super().compose_node(parent, index)
            node = super().compose_node(parent, index)
            assert node is not None
            if isinstance(node, ScalarNode):
                self._check_scalar(node)
                size = 1 + len(node.value)
            elif isinstance(node, SequenceNode):
                size = 1 + sum(self._sizes[id(child)] for child in node.value)
            else:
                size = 1 + sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
            self._sizes[id(node)] = size
            return node
        finally:
            self._depth -= 1
            if step is not None:
                self._path.pop()

    def _count_alias(self, event: Any) -> None:
        target = self.anchors.get(event.anchor)
        if target is None:
            return  # PyYAML says "found undefined alias"
        self._aliases += 1
        if self._aliases > MAX_ALIASES:
            raise self._refuse(
                event.start_mark, f"more than {MAX_ALIASES} aliases (*name); write the values out"
            )
        size = self._sizes.get(id(target))
        if size is None:
            raise self._refuse(
                event.start_mark, f"the alias *{event.anchor} is inside what it names"
            )
        self._repeated += size
        if self._repeated > MAX_REPEATED:
            raise self._refuse(
                event.start_mark,
                f"aliases repeat more than {MAX_REPEATED:,} characters; write the values out",
            )

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        start = self.get_event()
        tag = start.tag
        if tag is None or tag == "!":
            tag = self.resolve(MappingNode, None, start.implicit)
        node = MappingNode(tag, [], start.start_mark, None, flow_style=start.flow_style)
        if anchor is not None:
            self.anchors[anchor] = node
        first: dict[object, int] = {}
        while not self.check_event(MappingEndEvent):
            key = self.compose_node(node, None)
            value = self.compose_node(node, key)
            assert key is not None and value is not None
            same = self._key_identity(key)
            if same is not None and same in first:
                name = key.value if isinstance(key, ScalarNode) else "?"
                self._path.append(name)
                try:
                    raise self._refuse(
                        key.start_mark,
                        f"the key '{name}' is given twice in one mapping (first at line "
                        f"{first[same]}); YAML would silently keep only the last",
                    )
                finally:
                    self._path.pop()
            if same is not None:
                first[same] = key.start_mark.line + 1
            node.value.append((key, value))
        node.end_mark = self.get_event().end_mark
        return node

    def _key_identity(self, key: Node) -> object | None:
        """What makes two keys one key once loaded: `1`, `1.0` and `true` are one in Python."""
        if not isinstance(key, ScalarNode):
            return None
        if key.tag == _STR:
            return str(key.value)
        if key.tag == _MERGE:
            return (_MERGE,)
        try:
            value: object = self.construct_object(key)
            hash(value)
        except (yaml.YAMLError, TypeError, ValueError):
            return (key.tag, key.value)
        return value


class GuardedLoader(_Guard, _Parser, SafeConstructor, Resolver):
    """yaml.SafeLoader with the guards; numbers must be finite and within MAX_MAGNITUDE."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Guard.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def _check_scalar(self, node: ScalarNode) -> None:
        if node.tag not in (_INT, _FLOAT):
            return
        text = node.value
        shown = abridged(text) + (f" ({len(text)} characters)" if len(text) > 16 else "")
        if node.tag == _INT and len(text) > 40:
            raise self._refuse(
                node.start_mark, f"{shown} is beyond ±10^15, more than any rule needs"
            )
        number = float(
            self.construct_yaml_int(node) if node.tag == _INT else self.construct_yaml_float(node)
        )
        if math.isnan(number) or (math.isinf(number) and "inf" in text.lower()):
            raise self._refuse(node.start_mark, f"{shown} is not a finite number")
        if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise self._refuse(
                node.start_mark, f"{shown} is beyond ±10^15, more than any rule needs"
            )


class GuardedTextLoader(_Guard, _Parser, BaseConstructor, BaseResolver):
    """yaml.BaseLoader (every value a string) with the guards."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Guard.__init__(self)
        BaseConstructor.__init__(self)
        BaseResolver.__init__(self)


def load_yaml(text: str, loader: type[GuardedLoader | GuardedTextLoader] = GuardedLoader) -> Any:
    """`yaml.load` with the guards: raises UnsafeYaml (a yaml.YAMLError) naming path and line."""
    reader = loader(text)
    try:
        return reader.get_single_data()
    finally:
        reader.dispose()


def _compose(text: str) -> Node | None:
    reader = GuardedLoader(text)
    try:
        return reader.get_single_node()
    finally:
        reader.dispose()


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
    except UnicodeDecodeError as exc:
        raise RulesError(f"The rules file {path} cannot be read as UTF-8 text.") from exc
    except OSError as exc:
        raise RulesError(f"The rules file {path} cannot be read: {exc.strerror or exc}.") from exc
    try:
        data: Any = load_yaml(text)
    except UnsafeYaml as exc:
        key = ".".join(str(part) for part in exc.path) or "(top level)"
        raise RulesError(
            f"The rules file {path} is invalid at key '{key}' (line {exc.line}): {exc.problem}."
        ) from exc
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
        node = _compose(text)  # only now: the line of the key at fault
        line = _line_of(node, loc) if node is not None else None
        where = f" (line {line})" if line else ""
        raise RulesError(
            f"The rules file {path} is invalid at key '{key}'{where}: {first['msg']}."
        ) from exc
