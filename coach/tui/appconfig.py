"""How config.yaml shapes the running app: theme, reduced motion, keys and voice.

Applied once when the app starts and again, live, whenever the settings screen
saves a change, so the person sees the effect at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coach.settings.config import Config
from coach.tui.keymap import keymap_for
from coach.tui.themes import coach_themes, theme_for

if TYPE_CHECKING:
    from coach.tui.app import CoachApp


def register_themes(app: CoachApp) -> None:
    """Make coach's calm, high-contrast and light themes available to ``app``."""
    for theme in coach_themes():
        app.register_theme(theme)


def apply_config(app: CoachApp, config: Config) -> None:
    """Bring the running app in line with ``config`` (theme, motion, keys, voice)."""
    previous = app.config
    app.config = config
    if previous.theme != config.theme:
        app.theme = theme_for(config.theme)
    apply_motion(app, config.reduced_motion)
    app.set_keymap(keymap_for(config.keys))
    if previous.voice != config.voice:
        app.set_voice_enabled(config.voice)


def apply_motion(app: CoachApp, reduced: bool) -> None:
    """Reduced motion on or off, for players opened from now on and any open one."""
    if app.options.reduced_motion == reduced:
        return
    from coach.tui.widgets.board import SessionBoard

    app.options = replace(app.options, reduced_motion=reduced)
    for screen in app.screen_stack:
        for board in screen.query(SessionBoard):
            board.still = reduced
