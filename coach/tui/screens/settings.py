"""The settings screen: every setting of config.yaml with its value and what it does.

A change is saved at once through `config_write.set_value` (the same safe, comment-keeping
write as `coach config set`): a value that is not valid is refused with a one-line
error under the setting, and the file stays as it was. Saved settings apply live.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, Select, Static, Switch

from coach.settings.config import (
    DEFAULT_KEYS,
    GUIDANCE,
    SPECS,
    THEMES,
    WEEKDAYS,
    Config,
    ConfigError,
)
from coach.settings.config_write import set_value
from coach.tui.keymap import key_label
from coach.tui.widgets.footer import SteadyFooter

#: Settings typed as comma-separated words, written to config.yaml as a YAML list.
_LISTS = ("weekdays", "standing")
#: Settings chosen from a few words, with a drop-down.
_CHOICES = {"theme": THEMES, "guidance": GUIDANCE}
#: Plain words for the keys table.
_ACTION_NAMES = {
    "pause": "Pause / resume",
    "skip": "Skip a step",
    "back": "Back a step",
    "mute": "Mute",
    "stop": "Stop the session",
    "checkin": "Check in",
    "history": "History",
    "settings": "Settings",
    "suggestion": "Play the suggestion",
    "routines": "Routine files",
}


def shown_value(name: str, config: Config) -> str:
    """A setting's current value as it is typed into its box."""
    value = getattr(config, name)
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else str(value)


def typed_to_yaml(name: str, text: str) -> str:
    """What the person typed, as the YAML `set_value` reads: "sat, sun" becomes "[sat, sun]"."""
    text = text.strip()
    if SPECS[name].kind in _LISTS and not text.startswith("["):
        return f"[{text}]"
    return text


class KeyCapture(ModalScreen[str | None]):
    """Asks for one key press; dismisses with the key's name, or None on escape."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action

    def compose(self) -> ComposeResult:
        with Vertical(id="key-capture"):
            yield Label(
                f"Press the new key for: {_ACTION_NAMES.get(self.action, self.action)}",
                id="key-capture-question",
            )
            yield Label("esc  cancel", id="key-capture-keys")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(None if event.key == "escape" else event.key)


class KeysTable(DataTable[str]):
    """Each remappable action with its key; Enter to change one, Backspace to reset it."""

    BINDINGS = [
        Binding(
            "enter",
            "change",
            "Change key",
            id="settings.change_key",
            tooltip="Press a new key for the highlighted action",
        ),
        Binding(
            "backspace,delete",
            "reset",
            "Reset key",
            id="settings.reset_key",
            key_display="⌫",
            tooltip="Put the highlighted action back on its default key",
        ),
    ]

    def __init__(self, keys: dict[str, str], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.keys = dict(keys)

    def on_mount(self) -> None:
        self.add_column("Action", width=20, key="action")
        self.add_column("Key", width=9, key="key")
        self.add_column("Default", width=9, key="default")
        self.show(self.keys)

    def show(self, keys: dict[str, str]) -> None:
        """Fill the table with ``keys`` (action -> key), keeping the highlighted row."""
        self.keys = dict(keys)
        row = self.cursor_row
        self.clear()
        for action, default in DEFAULT_KEYS.items():
            self.add_row(
                _ACTION_NAMES.get(action, action),
                key_label(keys.get(action, default)),
                key_label(default),
                key=action,
            )
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    @property
    def highlighted_action(self) -> str:
        return list(DEFAULT_KEYS)[self.cursor_row]

    def action_change(self) -> None:
        """Ask for a new key for the highlighted action, then save it."""
        action = self.highlighted_action

        def chosen(key: str | None) -> None:
            if key:
                self.screen.save(f"keys.{action}", key)  # type: ignore[attr-defined]

        self.app.push_screen(KeyCapture(action), chosen)

    def action_reset(self) -> None:
        """Put the highlighted action back on its default key."""
        action = self.highlighted_action
        self.screen.save(f"keys.{action}", DEFAULT_KEYS[action])  # type: ignore[attr-defined]


class SettingsScreen(Screen[None]):
    """Change coach's settings; each change is checked, saved to config.yaml and applied."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="settings.back", tooltip="Back to the home screen"),
    ]
    AUTO_FOCUS = "#value-voice"
    #: Below 50 columns each setting's name goes above its value (class -narrow).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "-wide")]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        from coach import locations
        from coach.settings.config import load_config

        self.path = path or locations.config_file()
        loaded = load_config(self.path)
        self.config = loaded.config
        self.file_problems = loaded.problems
        self._saved: dict[str, str] = {}  # last text saved (or shown) per setting
        self._leave_anyway = False  # esc pressed once on a refused value: the next esc leaves

    def compose(self) -> ComposeResult:
        yield Header(icon="~")
        yield Static(self._intro(), id="settings-intro", markup=False)
        if self.file_problems:
            yield Static(
                "\n".join(str(p) for p in self.file_problems),
                id="settings-file-problems",
                markup=False,
            )
        with VerticalScroll(id="settings-list"):
            for name, spec in SPECS.items():
                if name == "keys":
                    continue
                with Vertical(classes="setting", id=f"setting-{name}"):
                    with Horizontal(classes="setting-row"):
                        yield Label(name.replace("_", " "), classes="setting-name")
                        yield self._editor(name, spec.kind)
                        if spec.kind == "bool":
                            yield Static(
                                _on_off(getattr(self.config, name)),
                                classes="switch-state",
                                id=f"state-{name}",
                            )
                    yield Static(self._doc(name), classes="setting-doc", markup=False)
                    yield Static("", classes="setting-error", id=f"error-{name}", markup=False)
            with Vertical(classes="setting", id="setting-keys"):
                yield Label("keys", classes="setting-name")
                yield Static(
                    f"{SPECS['keys'].doc} Enter on an action, then press its new key; ⌫ resets it.",
                    classes="setting-doc",
                    markup=False,
                )
                yield KeysTable(self.config.keys, id="keys-table")
                yield Static("", classes="setting-error", id="error-keys", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Settings"

    def _intro(self) -> str:
        from coach.tui.screens.routines import shown_path

        return (
            f"Saved to {shown_path(self.path)} as soon as you change a value. "
            "Tab moves between settings."
        )

    def _doc(self, name: str) -> str:
        doc = SPECS[name].doc
        if SPECS[name].kind == "bool":  # the file's true/false is a switch's on/off here
            doc = doc.replace("(true)", "(on)").replace("(false)", "(off)")
        elif SPECS[name].kind == "weekdays":
            doc += f" Days: {', '.join(WEEKDAYS)}."
        elif SPECS[name].kind == "standing":
            from coach.common.vocab import vocabulary

            v = vocabulary()
            doc += (
                " Choose from: "
                + ", ".join(v.conditions_of_kind("standing") + v.conditions_of_kind("limitation"))
                + "."
            )
        return doc

    def _editor(self, name: str, kind: str) -> Any:
        wid = f"value-{name}"
        if kind == "bool":
            return Switch(bool(getattr(self.config, name)), animate=False, id=wid)
        if kind in _CHOICES:
            return Select(
                [(t, t) for t in _CHOICES[kind]],
                value=getattr(self.config, name),
                allow_blank=False,
                compact=True,
                id=wid,
            )
        text = shown_value(name, self.config)
        self._saved[name] = text
        box = Input(text, compact=True, select_on_focus=False, id=wid)
        options = getattr(self.app, "options", None)
        box.cursor_blink = options is None or bool(getattr(options, "cursor_blink", True))
        return box

    # ------------------------------------------------------------ saving

    def save(self, key: str, text: str) -> bool:
        """Check and write one setting; show the error under it if it is refused."""
        from coach.settings.config import load_config

        name = "keys" if key.startswith("keys.") else key
        error = self.query_one(f"#error-{name}", Static)
        try:
            set_value(key, text, self.path)
        except ConfigError as exc:
            error.update(f"✗ {exc}")
            error.add_class("-shown")
            self.call_after_refresh(error.scroll_visible, animate=False)
            return False
        error.update("")
        error.remove_class("-shown")
        self._leave_anyway = False
        self.config = load_config(self.path).config
        self.query_one(KeysTable).show(self.config.keys)
        apply = getattr(self.app, "apply_config", None)
        if apply is not None:
            apply(self.config)
        self.notify(f"Saved {key.replace('keys.', 'key for ')}", timeout=2)
        return True

    def _save_box(self, box: Input) -> None:
        name = (box.id or "").removeprefix("value-")
        changed = name in SPECS and box.value != self._saved.get(name)
        if changed and self.save(name, typed_to_yaml(name, box.value)):
            self._saved[name] = box.value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self._save_box(event.input)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        self._save_box(event.input)

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        name = (event.switch.id or "").removeprefix("value-")
        if getattr(self.config, name, None) != event.value:
            self.save(name, "true" if event.value else "false")
        self.query_one(f"#state-{name}", Static).update(_on_off(event.value))

    @on(Select.Changed)
    def _selected(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("value-")
        if event.value != Select.BLANK and getattr(self.config, name, None) != event.value:
            self.save(name, str(event.value))

    def action_back(self) -> None:
        """Save the box being edited, then go back; a refused value asks for a second esc."""
        box = self.focused
        name = (box.id or "").removeprefix("value-") if isinstance(box, Input) else ""
        if isinstance(box, Input) and name in SPECS and box.value != self._saved.get(name):
            if not self._leave_anyway and not self.save(name, typed_to_yaml(name, box.value)):
                self._leave_anyway = True
                self.notify(
                    "Not saved. Fix the value, or press esc again to leave it unsaved.",
                    severity="warning",
                    timeout=4,
                )
                return
            self._saved[name] = box.value  # leaving: do not try to save it again on blur
        self.dismiss()


def _on_off(value: object) -> str:
    """A switch's state in words, so it never depends on colour alone."""
    return "on" if value else "off"
