"""Which keys config.yaml may give an action: keys Textual knows, minus those coach needs.

Pure and free of Textual (importing it costs half a second, and `coach config` must stay
fast); tests/test_text_safety_config.py checks these names against Textual's own.
"""

from __future__ import annotations

#: Textual's names for keys that are not a plain character.
NAMED = frozenset(
    {
        "space",
        "enter",
        "escape",
        "tab",
        "backspace",
        "delete",
        "insert",
        "home",
        "end",
        "pageup",
        "pagedown",
        "up",
        "down",
        "left",
        "right",
        *(f"f{n}" for n in range(1, 25)),
    }
)
#: Textual's names for punctuation keys (``?`` is ``question_mark``).
PUNCTUATION = frozenset(
    {
        "ampersand",
        "apostrophe",
        "asterisk",
        "at",
        "backslash",
        "circumflex_accent",
        "colon",
        "comma",
        "dollar_sign",
        "equals_sign",
        "exclamation_mark",
        "full_stop",
        "grave_accent",
        "greater_than_sign",
        "left_curly_bracket",
        "left_parenthesis",
        "left_square_bracket",
        "less_than_sign",
        "minus",
        "number_sign",
        "percent_sign",
        "plus",
        "question_mark",
        "quotation_mark",
        "right_curly_bracket",
        "right_parenthesis",
        "right_square_bracket",
        "semicolon",
        "slash",
        "tilde",
        "underscore",
        "vertical_line",
    }
)
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
#: Keys the app keeps for itself whatever the config says.
RESERVED = {
    "ctrl+q": "it quits coach",
    "ctrl+c": "it copies text and stops coach",
    "ctrl+p": "it opens the command palette",
}
#: Keys other screens need: giving one to an action would make something unreachable.
NEEDED = {
    "enter": "choose and start things",
    "escape": "go back",
    "tab": "move between fields",
    "shift+tab": "move between fields",
    "up": "move in lists",
    "down": "move in lists",
    "backspace": "reset a key in settings",
    **{str(n): "set pain scores" for n in range(10)},
}


def key_problem(key: str) -> str:
    """Why ``key`` cannot be given to an action, or "" when it can."""
    if not key or "," in key or key != key.strip():
        return "give one key, like p, space, right or ctrl+x"
    *mods, base = key.split("+")
    known_base = (
        (len(base) == 1 and base.isascii() and base.isalnum())
        or base in NAMED
        or base in PUNCTUATION
    )
    if not known_base or any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return "is not a key name coach knows (like p, space, right, question_mark or ctrl+x)"
    if key in RESERVED:
        return f"is reserved: {RESERVED[key]}"
    if key in NEEDED:
        return f"is needed to {NEEDED[key]}"
    return ""
