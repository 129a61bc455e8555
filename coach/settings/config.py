"""Settings in ``config.yaml``: read with line-accurate problems, written atomically.

A broken setting never stops coach: the problem is reported (path:line:col, with
"did you mean") and that one setting falls back to its default. Nothing here
can switch off the red-flag screen: there is deliberately no such setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from coach import locations
from coach.common.fields import INVALID, Spec, read_mapping
from coach.common.problems import Problem, Problems, did_you_mean
from coach.common.safe_text import echo
from coach.common.vocab import vocabulary
from coach.common.yamlsafe import YamlError, YNode, clean_scalars, compose, decode, walk_budget

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
THEMES = ("calm", "high-contrast", "light")
#: How breathing is guided (coach.playback.guidance, which the domain layer reads).
GUIDANCE = ("voice", "tones", "both")
#: How messages name this file (never "routine file").
CONFIG = "config file"
#: Actions whose keys can be remapped, with their default keys.
DEFAULT_KEYS: dict[str, str] = {
    "pause": "space",
    "skip": "n",
    "back": "b",
    "mute": "m",
    "stop": "q",
    "checkin": "c",
    "history": "h",
    "settings": "s",
    "suggestion": "g",
    "routines": "r",
}


@dataclass(frozen=True)
class Config:
    """Effective settings (defaults where the file says nothing or something wrong)."""

    voice: bool = True
    rate: int = 150
    volume: float = 0.9
    voice_name: str = ""
    player: str = ""
    guidance: str = "both"
    spoken_cycles: int = 3
    weekly_goal: int = 5
    rest_days: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    reduced_motion: bool = False
    theme: str = "calm"
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    @property
    def rest_weekdays(self) -> frozenset[int]:
        """Rest days as weekday numbers (Monday is 0), for coach.history.overview."""
        return frozenset(WEEKDAYS.index(d) for d in self.rest_days)

    def as_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["rest_days"] = list(self.rest_days)
        out["conditions"] = list(self.conditions)
        out["keys"] = dict(self.keys)
        return out


SPECS: dict[str, Spec] = {
    "voice": Spec("bool", "Speak the cues (true) or stay silent (false).", example=True),
    "rate": Spec("int", "Speaking rate in words per minute.", lo=80, hi=400, example=150),
    "volume": Spec("number", "Voice volume from 0.0 to 1.0.", lo=0, hi=1, example=0.9),
    "voice_name": Spec(
        "text",
        "Voice id of the speech engine, e.g. en-us (`espeak-ng --voices` lists them).",
        hi=200,
    ),
    "player": Spec("text", "Command that plays a WAV file, e.g. 'aplay -q'.", hi=300),
    "guidance": Spec(
        "guidance",
        "Breath guidance, one of voice, tones or both: voice says 'Breathe in' and 'Breathe out' "
        "every breath; tones plays a rising tone in and a falling tone out instead; both "
        "plays the tones and says the words for the first spoken_cycles breaths of each set.",
    ),
    "spoken_cycles": Spec(
        "int",
        "Breaths of each set, with guidance both, that also say the breathing words "
        "before the tones lead alone (0-20).",
        lo=0,
        hi=20,
        example=3,
    ),
    "weekly_goal": Spec("int", "Days a week you aim to practise.", lo=1, hi=7, example=5),
    "rest_days": Spec("weekdays", "Planned rest days, e.g. [sun]; they pause a streak."),
    "conditions": Spec("standing", "Your long-term conditions, used by suggestions."),
    "reduced_motion": Spec("bool", "Show the breathing phase in words, without animation."),
    "theme": Spec("theme", "calm, high-contrast or light."),
    "keys": Spec("keys", "Remapped keys, e.g. {pause: k, skip: right}."),
}


@dataclass(frozen=True)
class LoadedConfig:
    """The effective config, the problems found, and the file it came from."""

    config: Config
    problems: list[Problem]
    path: Path
    exists: bool


def load_config(path: Path | None = None) -> LoadedConfig:
    """Read the config file; a missing file gives the defaults, a broken one its problems."""
    from coach.common.files import read_bounded

    path = path or locations.config_file()
    try:
        raw = read_bounded(path)
    except FileNotFoundError:
        return LoadedConfig(Config(), [], path, False)
    except OSError as exc:
        problem = Problem(str(path), 1, 1, "error", f"cannot read the file: {exc.strerror}")
        return LoadedConfig(Config(), [problem], path, True)
    config, problems = parse_config(raw, str(path))
    return LoadedConfig(config, problems, path, True)


def parse_config(raw: bytes | str, shown: str) -> tuple[Config, list[Problem]]:
    """Text to Config; every problem is reported and the broken setting keeps its default."""
    problems = Problems(shown)
    try:
        root = compose(decode(raw, CONFIG) if isinstance(raw, bytes) else raw, CONFIG)
        if root is not None:
            walk_budget(root)
    except YamlError as exc:
        problems.error(exc, exc.message + (f"; {exc.hint}" if exc.hint else ""))
        return Config(), problems.items
    if root is None or (root.kind == "scalar" and root.value is None):
        return Config(), []
    clean_scalars(root, problems.warn)
    found = read_mapping(root, SPECS, "the config", problems)
    if found is None:
        return Config(), problems.items
    values: dict[str, Any] = {}
    for name, (node, value) in found.items():
        if value is INVALID:
            value = _read_special(node, SPECS[name].kind, name, problems)
        if value is not INVALID:
            values[name] = value
    if "voice" in values:
        values["voice"] = bool(values["voice"])
    return replace(Config(), **values), problems.items


def _read_special(node: YNode, kind: str, name: str, problems: Problems) -> Any:
    if kind == "weekdays":
        return _read_words(node, name, WEEKDAYS, problems, normalise=lambda w: w[:3])
    if kind == "standing":
        standing = vocabulary().conditions_of_kind("standing")
        limits = vocabulary().conditions_of_kind("limitation")
        return _read_words(node, name, tuple(standing + limits), problems)
    if kind == "theme":
        return _read_words(node, name, THEMES, problems, single=True)
    if kind == "guidance":
        return _read_words(node, name, GUIDANCE, problems, single=True)
    if kind == "keys":
        return _read_keys(node, problems)
    return INVALID


#: What one item of a list setting is, for "'lupis' is not a condition".
_ITEM_NOUN = {
    "conditions": "a condition",
    "rest_days": "a weekday",
    "theme": "a theme",
    "guidance": "a guidance choice",
}


def _read_words(
    node: YNode,
    name: str,
    choices: tuple[str, ...],
    problems: Problems,
    normalise: Any = None,
    single: bool = False,
) -> Any:
    """A word or list of words from ``choices``. A bad item drops only itself, and the
    message says what still applies: a typo must not silently drop a whole condition list."""
    items = (
        [node] if single or node.kind == "scalar" else node.items if node.kind == "seq" else None
    )
    if items is None:
        problems.error(node, f"{name} must be a list like [{', '.join(choices[:2])}]")
        return INVALID
    out: list[str] = []
    bad: list[YNode] = []
    for item in items:
        word = item.value if item.kind == "scalar" else None
        if isinstance(word, str) and normalise:
            word = normalise(word.strip().lower())
        if not isinstance(word, str) or word not in choices:
            bad.append(item)
        elif word not in out:
            out.append(word)
    for item in bad:
        shown = echo(item.value) if item.kind == "scalar" else item.type_name
        hint = did_you_mean(item.value, choices).replace("; did you mean", " (did you mean")
        hint = hint + ")" if hint else f" (choose from: {', '.join(choices)})"
        still = (
            "the default applies"
            if single
            else (
                f"{', '.join(out)} still appl{'ies' if len(out) == 1 else 'y'}"
                if out
                else f"no {name.replace('_', ' ')} apply"
            )
        )
        problems.error(item, f"{shown} is not {_ITEM_NOUN.get(name, 'a choice')}{hint}; {still}")
    if single:
        return out[0] if out else INVALID
    return tuple(out)


def _read_keys(node: YNode, problems: Problems) -> Any:
    """Remapped keys. A bad key (unknown, reserved, needed elsewhere, or shared by two
    actions) leaves that action on its default key; the error names its line."""
    from coach.settings.keynames import key_problem

    specs = {a: Spec("text", f"key for {a}", hi=20) for a in DEFAULT_KEYS}
    found = read_mapping(node, specs, "keys", problems)
    if found is None:
        return INVALID
    keys = dict(DEFAULT_KEYS)
    nodes: dict[str, YNode] = {}
    for action, (value_node, key) in found.items():
        if key is INVALID:
            continue
        why = key_problem(key)
        if why:
            problems.error(
                value_node,
                f"keys: {action}: {echo(key)} {why}; {action} keeps {DEFAULT_KEYS[action]}",
            )
            continue
        keys[action], nodes[action] = key, value_node
    for _ in range(len(DEFAULT_KEYS)):  # undoing one remap can uncover another clash
        clash = next(((a, b) for a in nodes for b in keys if a != b and keys[a] == keys[b]), None)
        if clash is None:
            break
        action, other = clash
        problems.error(
            nodes.pop(action),
            f"keys: {action}: {keys[action]} is also the key for "
            f"{other}; {action} keeps {DEFAULT_KEYS[action]}",
        )
        keys[action] = DEFAULT_KEYS[action]
    return keys


class ConfigError(ValueError):
    """A `coach config set` that cannot be applied: message says why, with a hint."""


class ConfigWriteError(ConfigError):
    """The new settings were valid but could not be written (full disk, permissions)."""


def write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """Write via a temp file in the same folder and rename: a failed write leaves the old file whole.

    coach/common/outfile.py's rules apply (special files refused, an OutputError on
    failure); ``mode``, if given, is set on the new file.
    """
    import os

    from coach.common.outfile import write_text

    locations.ensure_dir(path.parent)
    write_text(path, text)  # refuses special files, keeps an existing file's mode
    if mode is not None:
        os.chmod(path, mode)
