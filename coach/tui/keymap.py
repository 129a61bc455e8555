"""config.yaml's ``keys`` (action -> key) as a Textual keymap (binding id -> keys).

Every remappable binding in the app has an id ``<scope>.<action>`` (``player.pause``,
``home.settings``); `keymap_for` turns the person's keys into overrides for those ids,
which `App.set_keymap` applies to every screen and the footer shows at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from coach.settings.config import DEFAULT_KEYS

#: Scopes whose ``<scope>.<action>`` binding follows an action's key. Ids that no screen
#: uses are harmless, so a screen added later only has to follow the naming.
SCOPES = ("app", "home", "player", "checkin", "history", "suggestions", "summary", "pain")

#: Bindings that share an action's key and must move with it (Textual drops every binding
#: on a key when one of them is remapped, so the partners are remapped too).
PARTNERS: dict[str, tuple[tuple[str, str], ...]] = {
    "pause": (("player.resume", "{key}"), ("player.begin", "{key},enter")),
    "stop": (("player.leave", "escape,{key}"),),
    "mute": (("player.unmute", "{key}"),),
}


def keymap_for(keys: Mapping[str, str]) -> dict[str, str]:
    """Binding-id overrides for the keys that differ from the defaults (defaults keep their look)."""
    keymap: dict[str, str] = {}
    for action, key in keys.items():
        if action not in DEFAULT_KEYS or not key or key == DEFAULT_KEYS[action]:
            continue
        for scope in SCOPES:
            keymap[f"{scope}.{action}"] = key
        for binding_id, pattern in PARTNERS.get(action, ()):
            keymap[binding_id] = pattern.format(key=key)
    return keymap


def key_label(key: str) -> str:
    """A key as people read it: "space", "ctrl+x", "?" for question_mark."""
    from textual.keys import format_key

    return format_key(key)
