"""A footer that rebuilds its keys only when the keys it shows change.

Textual's Footer removes and mounts all its keys again each time the screen's
bindings are refreshed, and a screen refreshes them several times while it opens
(focus set, the screen stack changed, focus set again): each rebuild restyles
every key. This one compares what it would show (key, words, enabled, tooltip)
with what it shows, and keeps its keys when they are the same.

Each key also starts with the footer's own ``compact`` value: a Textual key starts
compact and the footer's binding flips it on mount, restyling every key twice (with
1,000 routine files the home screen took 0.4 s longer to fill for it).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """Footer that skips a rebuild when its shown keys are unchanged."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What compose would draw from the screen's bindings, as a comparable value."""
        app = self.app
        keys: list[object] = [self.compact, self.show_command_palette]
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                keys.append(
                    (
                        binding.key,
                        app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        enabled,
                        tooltip or binding.tooltip,
                        binding.group,
                    )
                )
        return tuple(keys)

    def compose(self) -> ComposeResult:
        drawn = False
        for widget in super().compose():  # lazily: keys inside a group stay in its group
            drawn = True
            if isinstance(widget, FooterKey):  # as bound already: no restyle on mount
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
        # Nothing drawn (bindings not ready yet): the next rebuild must happen.
        self._shown = self._keys() if drawn else None

    async def recompose(self) -> None:
        """Rebuild the keys, unless they would be the ones shown already."""
        if self.is_attached and self._shown is not None and self._keys() == self._shown:
            return
        await super().recompose()
