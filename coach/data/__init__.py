"""Packaged data files (vocabulary, red flags), read once and cached."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """Parse the packaged YAML file ``coach/data/<name>.yaml`` (trusted, shipped with coach)."""
    import yaml

    text = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
