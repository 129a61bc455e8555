"""What the voice may say of a text: emoji and symbols are never read aloud.

espeak-ng reads "😌" as "relieved face" and "→" as "rightwards arrow". Text on
screen keeps them; the voice gets the words only. Which espeak-ng voice speaks a
routine's language is decided here too.
"""

from __future__ import annotations

import re
import unicodedata

#: Unicode categories never spoken: other symbols (emoji, dingbats), modifier
#: symbols (skin tones), math symbols outside ASCII, surrogates, private and unassigned.
_SILENT_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn"}
#: Joiners and selectors that only shape emoji: zero-width joiner, variation
#: selectors, the keycap mark and tag characters.
_SHAPERS = re.compile("[\u200d\ufe00-\ufe0f\u20e3\U000e0020-\U000e007f]")
_SPACES = re.compile(r"[ \t]{2,}")


def speakable(text: str) -> str:
    """``text`` without emoji and symbols, its spaces tidied; "" when nothing is left to say."""
    kept = []
    for ch in _SHAPERS.sub("", text):
        cat = unicodedata.category(ch)
        if cat in _SILENT_CATEGORIES or (cat == "Sm" and ord(ch) > 127):
            kept.append(" ")
            continue
        kept.append(ch)
    out = _SPACES.sub(" ", "".join(kept)).strip()
    out = re.sub(r"\s+([.,;:!?])", r"\1", out)
    return out if any(ch.isalnum() for ch in out) else ""


#: espeak-ng voice for each routine language (espeak-ng --voices lists them).
VOICE_FOR_LANGUAGE = {"en": "", "es": "es", "fr": "fr", "de": "de"}


def voice_for(language: str, configured: str) -> str:
    """The voice name for a routine in ``language``: the configured voice when it speaks
    that language (or the routine is English), else the language's espeak-ng voice."""
    wanted = VOICE_FOR_LANGUAGE.get(language, "")
    if not wanted:
        return configured
    if configured.lower().split("-")[0] == wanted or configured.lower().startswith(wanted + "+"):
        return configured
    return wanted


def installed_voices(listing: str | None = None) -> dict[str, list[str]]:
    """espeak-ng's voices for each routine language, from ``espeak-ng --voices``.

    ``listing`` is that command's output (tests pass it); None runs the command.
    Raises OSError when espeak-ng's command is not installed.
    """
    if listing is None:
        import subprocess

        listing = subprocess.run(
            ["espeak-ng", "--voices"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    found: dict[str, list[str]] = {lang: [] for lang in VOICE_FOR_LANGUAGE}
    for line in listing.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 4:
            continue
        lang = cols[1].split("-")[0]
        if lang in found and cols[1] not in found[lang]:
            found[lang].append(cols[1])
    return found
