"""Packaged data files (vocabulary, red flags), read once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """Parse the packaged YAML file ``coach/data/<name>.yaml`` (trusted, shipped with coach).

    With libyaml's safe loader when PyYAML has it (the same values, 10-20 times faster:
    the vocabulary is read when History or a check-in first opens).
    """
    import yaml

    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
