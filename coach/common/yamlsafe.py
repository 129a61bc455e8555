"""Safe, bounded YAML reading that keeps the line and column of every node.

Routine files and the config file are written by people, and sometimes arrive
broken or hostile. This module turns text into a small tree of `YNode` values,
each carrying its 1-based line and column, and refuses what could hurt:
oversized input, binary data, deep nesting, alias bombs and any tag that would
construct an object (only plain YAML scalars, lists and mappings exist here).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24
#: Nodes visited while reading, counting every alias expansion again. A routine
#: file has a few hundred; an alias bomb has billions and stops here.
MAX_NODES = 20_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class YamlError(Exception):
    """A file that cannot be read as safe YAML, with where it went wrong."""

    def __init__(self, message: str, line: int = 1, column: int = 1, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


@dataclass
class YNode:
    """One YAML node: ``kind`` is map, seq or scalar; positions are 1-based."""

    kind: str
    line: int
    column: int
    value: Any = None
    items: list[YNode] = field(default_factory=list)  # seq
    pairs: list[tuple[YNode, YNode]] = field(default_factory=list)  # map
    tag: str = ""
    plain: bool = True  # scalar written without quotes

    def get(self, key: str) -> YNode | None:
        """The value node for ``key`` in a mapping, or None."""
        for k, v in self.pairs:
            if k.value == key:
                return v
        return None

    @property
    def type_name(self) -> str:
        """How a person would name this node's type in an error message."""
        if self.kind == "map":
            return "a mapping"
        if self.kind == "seq":
            return "a list"
        v = self.value
        if v is None:
            return "nothing (null)"
        if isinstance(v, bool):
            return "true/false"
        if isinstance(v, (int, float)):
            return "a number"
        return "text"


def decode(raw: bytes, kind: str = "routine file") -> str:
    """Bytes to text, refusing binary and non-UTF-8 input with a clear error.

    ``kind`` ("routine file", "config file") is how hints name the file.
    """
    if len(raw) > MAX_BYTES:
        raise YamlError(
            f"file is too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})",
            hint=f"a {kind} is a few kilobytes; is this the right file?",
        )
    if b"\x00" in raw[:8192]:
        raise YamlError("this is a binary file, not YAML text", hint=f"a {kind} is plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            line,
            col,
            hint="save the file as UTF-8 in your editor",
        ) from None
    return text


#: YAML 1.2 core schema, as editors (yaml-language-server) read plain values. Routine
#: files use it so coach and the editor agree: ``yes`` and ``1:30`` are text, ``010`` is 10.
_CORE: list[tuple[re.Pattern[str], Callable[[str], Any]]] = [
    (re.compile(r"~|null|Null|NULL|"), lambda v: None),
    (re.compile(r"true|True|TRUE"), lambda v: True),
    (re.compile(r"false|False|FALSE"), lambda v: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda v: int(v[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda v: int(v[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)"), lambda v: float(v.replace(".", ""))),
    (re.compile(r"\.(nan|NaN|NAN)"), lambda v: math.nan),
]


def resolve_core(text: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema."""
    for pattern, make in _CORE:
        if pattern.fullmatch(text):
            return make(text)
    return text


def _resolve_scalar(event: ev.ScalarEvent, core: bool = False) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if event.implicit[0] and not event.style and core:
            return resolve_core(event.value)
        if event.implicit[0] and not event.style:  # plain: None (Python) or '' (LibYAML)
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
        else:
            tag = "tag:yaml.org,2002:str"
    node = yaml.ScalarNode(tag, event.value)
    if tag not in _STANDARD_TAGS:
        # Timestamps and the like: keep them as the text that was written.
        return event.value
    return _CONSTRUCTOR.construct_object(node)


_RESOLVER = yaml.resolver.Resolver()
#: LibYAML's C parser when PyYAML has it (about 5x faster); positions are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _check_tag(event: Any, kind: str) -> None:
    tag = getattr(event, "tag", None)
    if tag and tag != "!" and tag not in _STANDARD_TAGS:
        m = event.start_mark
        raise YamlError(
            f"the tag {tag!r} is not allowed",
            m.line + 1,
            m.column + 1,
            hint=f"a {kind} uses plain values only; remove the tag",
        )


def compose(text: str, kind: str = "routine file") -> YNode | None:
    """Parse one YAML document into a `YNode` tree (None for an empty file)."""
    try:
        return _compose(text, kind)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        hint = TAB_HINT if _tab_near(text, line) else _syntax_hint(what)
        raise YamlError(f"YAML syntax: {what}", line, col, hint=hint) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax: {exc}") from None


TAB_HINT = "this line is indented with a tab; indent with spaces, not tabs"


def _tab_near(text: str, line: int) -> bool:
    """Whether the indentation of the error's line (or the line before) holds a tab."""
    lines = text.splitlines()
    for n in (line, line - 1):
        if 1 <= n <= len(lines):
            here = lines[n - 1]
            if "\t" in here[: len(here) - len(here.lstrip(" \t"))]:
                return True
    return False


def _syntax_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "found undefined alias" in problem:
        return "define the anchor (&name) before using it (*name)"
    return "check the indentation and quotes around this place"


def _compose(text: str, kind: str) -> YNode | None:
    core = kind == "routine file"
    anchors: dict[str, YNode] = {}
    stack: list[tuple[YNode, list[YNode]]] = []  # (container, pending key for maps)
    root: YNode | None = None
    documents = 0
    count = 0

    def attach(node: YNode, anchor: str | None) -> None:
        nonlocal root
        if anchor:
            anchors[anchor] = node
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending:
            parent.pairs.append((pending.pop(), node))
        else:
            pending.append(node)

    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, ev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                m = event.start_mark
                raise YamlError(
                    "more than one YAML document in this file",
                    m.line + 1,
                    m.column + 1,
                    hint=(
                        "put each routine in its own file"
                        if kind == "routine file"
                        else f"a {kind} holds one document"
                    )
                    + " (remove the second '---')",
                )
            continue
        if not isinstance(event, (ev.NodeEvent, ev.CollectionEndEvent)):
            continue
        if isinstance(event, ev.CollectionEndEvent):
            stack.pop()
            continue
        m = event.start_mark
        line, col = m.line + 1, m.column + 1
        count += 1
        if count > MAX_NODES:
            raise YamlError(f"file has too many values (over {MAX_NODES:,})", line, col)
        if isinstance(event, ev.AliasEvent):
            target = anchors.get(event.anchor or "")
            if target is None:
                raise YamlError(
                    f"unknown alias *{event.anchor}",
                    line,
                    col,
                    hint=_syntax_hint("found undefined alias"),
                )
            attach(target, None)
            continue
        _check_tag(event, kind)
        if isinstance(event, ev.ScalarEvent):
            node = YNode(
                "scalar",
                line,
                col,
                value=_resolve_scalar(event, core),
                tag=event.tag or "",
                plain=not event.style,
            )
            attach(node, event.anchor)
        else:
            node_kind = "seq" if isinstance(event, ev.SequenceStartEvent) else "map"
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    f"values are nested too deeply (more than {MAX_DEPTH} levels)", line, col
                )
            node = YNode(node_kind, line, col)
            attach(node, event.anchor)
            stack.append((node, []))
    return root


def walk_budget(node: YNode, budget: int = MAX_NODES) -> int:
    """Count nodes as a reader would visit them, expanding aliases; raise past ``budget``.

    Aliases share nodes, so a small file can describe an enormous tree. Every
    consumer walks the tree, so this check runs once before any of them does.
    """
    seen = 0
    todo = [node]
    while todo:
        n = todo.pop()
        seen += 1
        if seen > budget:
            raise YamlError(
                f"aliases expand to too many values (over {budget:,})",
                node.line,
                node.column,
                hint="anchors and aliases (&a, *a) may be used, but not to build huge values",
            )
        todo.extend(n.items)
        for k, v in n.pairs:
            todo.append(k)
            todo.append(v)
    return seen


def clean_scalars(root: YNode, warn: Callable[[YNode, str], None]) -> None:
    """Make every text value safe to show (see coach.common.safe_text), warning once per value.

    Such a character (often from a YAML escape like ``"\\e"``) is never wanted in a
    routine or a setting; it is kept as a visible stand-in (``␛``), never sent to a terminal.
    """
    from coach.common.safe_text import clean, problems_in

    seen: set[int] = set()
    todo = [root]
    while todo:
        n = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if n.kind == "scalar" and isinstance(n.value, str):
            found = problems_in(n.value)
            if found:
                n.value = clean(n.value)
                warn(
                    n,
                    f"this text contains {found[0][2]}; it is shown as a visible mark, "
                    "never sent to the terminal (remove it, or check where the file came from)",
                )
        todo.extend(n.items)
        for k, v in n.pairs:
            todo.extend((k, v))
