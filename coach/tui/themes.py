"""The app's three looks (calm, high-contrast, light) as Textual themes, and the no-dim filter.

config.yaml names a look in plain words (``theme: high-contrast``); the app registers
these themes and switches between them by name, live.
"""

from __future__ import annotations

from dataclasses import replace

from rich.segment import Segment
from textual.color import Color
from textual.filter import NO_DIM, LineFilter
from textual.theme import BUILTIN_THEMES, Theme

CALM = "coach-calm"
HIGH_CONTRAST = "coach-high-contrast"
LIGHT = "coach-light"

#: config.yaml's theme word -> the Textual theme name.
BY_SETTING = {"calm": CALM, "high-contrast": HIGH_CONTRAST, "light": LIGHT}

_BLACK, _WHITE, _YELLOW = "#000000", "#FFFFFF", "#FFFF00"


def coach_themes() -> list[Theme]:
    """The three themes coach registers: built fresh on each call (Theme is mutable)."""
    # Calm is Nord's low-glare palette under our own name, so snapshots stay as they were.
    calm = replace(BUILTIN_THEMES["nord"], name=CALM)
    light = replace(BUILTIN_THEMES["textual-light"], name=LIGHT)
    # Black, white and yellow only, every text full strength: nothing muted or see-through,
    # so the words stay readable for low vision and on a glaring screen.
    white_vars = (
        "text-muted",
        "text-disabled",
        "foreground-muted",
        "footer-foreground",
        "footer-description-foreground",
        "border-blurred",
        "block-cursor-blurred-foreground",
    )
    variables = dict.fromkeys(white_vars, _WHITE)
    variables.update(
        {
            "footer-key-foreground": _YELLOW,
            "footer-background": _BLACK,
            "footer-item-background": _BLACK,
            "border": _YELLOW,
            "block-cursor-background": _YELLOW,
            "block-cursor-foreground": _BLACK,
            "block-cursor-text-style": "bold",
            "block-cursor-blurred-background": _WHITE,
            "block-cursor-blurred-foreground": _BLACK,
            "block-cursor-blurred-text-style": "bold",
            "block-hover-background": _BLACK,
            "input-cursor-background": _YELLOW,
            "input-cursor-foreground": _BLACK,
            "input-selection-background": _YELLOW,
            "input-selection-foreground": _BLACK,
            "scrollbar": _WHITE,
            "scrollbar-hover": _YELLOW,
            "scrollbar-active": _YELLOW,
            "scrollbar-background": _BLACK,
            "button-color-foreground": _BLACK,
        }
    )
    high = Theme(
        name=HIGH_CONTRAST,
        primary=_YELLOW,
        secondary=_WHITE,
        accent=_YELLOW,
        warning=_YELLOW,
        error=_YELLOW,
        success=_WHITE,
        foreground=_WHITE,
        background=_BLACK,
        surface=_BLACK,
        panel=_BLACK,
        boost=_BLACK,
        dark=True,
        luminosity_spread=0.0,
        text_alpha=1.0,
        variables=variables,
    )
    return [calm, high, light]


def theme_for(setting: str) -> str:
    """The Textual theme name for config.yaml's ``theme`` word (calm for anything unknown)."""
    return BY_SETTING.get(setting, CALM)


def setting_for(theme_name: str) -> str | None:
    """config.yaml's word for a coach theme name, or None for another Textual theme."""
    return next((word for word, name in BY_SETTING.items() if name == theme_name), None)


class NoDim(LineFilter):
    """Draw text marked dim at full strength (the high-contrast theme has no faint text)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(seg.text, seg.style + NO_DIM, seg.control)
            if seg.style is not None and seg.style.dim
            else seg
            for seg in segments
        ]
