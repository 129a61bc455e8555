"""A routine's language (issue 14): its voice, the fixed cue words, and nothing but words spoken."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from coach.playback.timeline import compile_routine
from coach.playback.words import WORDS
from coach.routines.reader import parse_routine
from coach.services.doctor import _voices_per_language
from coach.voice.engine import CueCache, VoiceSettings
from coach.voice.spoken import installed_voices, speakable, voice_for
from tests.conftest import run_coach
from tests.test_routine_errors import GOOD

FRENCH = (
    GOOD.replace("version: 2", "version: 2\nlanguage: fr")
    .replace("      reps: 2\n", "      reps: 2\n      halfway: true\n")
    .replace("Chin tucks", "Rentrer le menton 🙂")
)


def routine(text: str):  # type: ignore[no-untyped-def]
    result = parse_routine(text, "r.yaml", "rib-release")
    assert result.routine is not None, result.problems
    return result.routine


def test_a_french_routine_gets_french_cue_words() -> None:
    said = [c.text for c in compile_routine(routine(FRENCH)).cues]
    for words in (
        "Inspirez",
        "Expirez",
        "Commencez par le côté gauche",
        "Passez au côté droit",
        "À mi-chemin",
        "Étirez et tenez",
        "Dernière répétition. Étirez et tenez",
        "Allez",
        "Et revenez",
    ):
        assert any(words in text for text in said), words
    assert not any("Breathe in" in text or "Switch to" in text for text in said)


def test_english_is_the_default_and_unchanged() -> None:
    said = [c.text for c in compile_routine(routine(GOOD)).cues]
    assert any("Switch to the right side" in t for t in said)
    assert any("Breathe in" in t for t in said)


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_every_language_has_every_cue_word(language: str) -> None:
    assert set(WORDS[language]) == set(WORDS["en"])
    for key, text in WORDS[language].items():
        assert (text and text != WORDS["en"][key]) or key in ("hold",), (language, key)


def test_an_unknown_language_is_an_error_with_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "rib-release.yaml"
    path.write_text(GOOD.replace("version: 2", "version: 2\nlanguage: it"))
    done = run_coach("validate", str(path))
    assert done.returncode == 1
    assert (
        f"{path}:11:11: error: unknown language 'it' (choose from: en, es, fr, de)"
        in done.stderr.splitlines()
    )


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Relax 😌 your jaw", "Relax your jaw"),
        ("Breathe ➜ slowly ✨.", "Breathe slowly."),
        ("👍🏽 Good", "Good"),
        ("Family 👨‍👩‍👧 time", "Family time"),
        ("Keycap 1️⃣ one", "Keycap 1 one"),
        ("Rentrer le menton 🙂", "Rentrer le menton"),
        ("Étirez à droite", "Étirez à droite"),
        ("😌🙂", ""),
        ("4 + 2 → 6", "4 + 2 6"),
    ],
)
def test_emoji_and_symbols_are_never_spoken(text: str, spoken: str) -> None:
    assert speakable(text) == spoken


class _Recorder:
    engine_id = "test"
    voice_id = "test"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def synthesise(self, text: str, path: Path) -> None:
        self.texts.append(text)
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(8000)
            out.writeframes(b"\1\0" * 80)

    def close(self) -> None:
        pass


def test_the_voice_gets_the_words_only(tmp_path: Path) -> None:
    synth = _Recorder()
    cache = CueCache(tmp_path, synth, VoiceSettings())  # type: ignore[arg-type]
    cache.ensure(["Relax 😌 your jaw", "😌"])
    assert synth.texts == ["Relax your jaw"]  # emoji alone: a short silence, not "relieved face"
    assert cache.cached("😌") is not None


def test_a_routine_language_picks_its_voice() -> None:
    assert voice_for("fr", "") == "fr"
    assert voice_for("fr", "en-gb") == "fr"
    assert voice_for("fr", "fr-be") == "fr-be"
    assert voice_for("en", "en-gb") == "en-gb"
    assert voice_for("de", "") == "de"


LISTING = """\
Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  de              --/M      German             gmw/de
 2  en-gb           --/M      English_(Great_Britain) gmw/en
 2  en-us           --/M      English_(America)  gmw/en-US
 5  es              --/M      Spanish_(Spain)    roa/es
"""


def test_doctor_lists_voices_per_language() -> None:
    assert installed_voices(LISTING) == {
        "en": ["en-gb", "en-us"],
        "es": ["es"],
        "fr": [],
        "de": ["de"],
    }
    check = _voices_per_language(LISTING)
    assert not check.ok and not check.essential
    assert check.line() == (
        "fix   voices by language: en: en-gb, en-us; es: es; fr: none; de: de; no voice for fr: "
        "install espeak-ng-data (routines in that language are read by the default voice)"
    )


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_doctor_names_the_installed_voices() -> None:
    done = run_coach("doctor")
    line = next(ln for ln in done.stdout.splitlines() if "voices by language:" in ln)
    assert "fr: " in line and "de: " in line and "es: " in line


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_espeak_ng_speaks_each_language_with_its_voice(tmp_path: Path, language: str) -> None:
    from coach.voice.engine import EngineProcess, wav_info

    engine = EngineProcess(VoiceSettings(voice_name=voice_for(language, "")))
    try:
        assert engine.voice_id.rsplit("/", 1)[-1].lower() == language
        engine.synthesise(WORDS[language]["switch_side"].format(side="x"), tmp_path / "a.wav")
    finally:
        engine.close()
    assert wav_info(tmp_path / "a.wav").frames > 0


async def test_the_app_plays_a_french_routine_with_a_french_voice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.services.voice as service
    from coach.routines.library import Entry
    from tests.test_tui_support import RecordingVoice, make_app, settle

    opened: list[tuple[bool, str]] = []
    french_voice = RecordingVoice()

    def fake_open(enabled: bool, language: str = "en") -> RecordingVoice:
        opened.append((enabled, language))
        return french_voice

    monkeypatch.setattr(service, "open_voice_or_silent", fake_open)
    path = tmp_path / "rib-release.yaml"
    path.write_text(FRENCH, encoding="utf-8")
    entry = Entry(routine(FRENCH), "file", path, "")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app)
        english = app.voice
        app._open_voice = True  # as when the app opens its voice from config.yaml
        screen = app.open_player(entry, record=False)
        await pilot.pause()
        assert screen.voice is french_voice and opened == [(True, "fr")]
        assert app.routine_voice(entry) is french_voice and len(opened) == 1  # kept
        english_entry = Entry(routine(GOOD), "file", path, "")
        assert app.routine_voice(english_entry) is english
