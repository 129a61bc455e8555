"""The fixed words coach says during a routine, in each language a routine may use.

A routine's own text (names, instructions, cues) is spoken as written; these are
the words coach adds: "Breathe in", "Hold", "Switch to the left side" ... Keys
are the same in every language; ``{side}``, ``{n}`` and ``{go}`` are filled in.
"""

from __future__ import annotations

from collections.abc import Mapping

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "breathe_in": "Breathe in",
        "breathe_out": "Breathe out",
        "breathe_out_pursed": "Breathe out through pursed lips",
        "hold": "Hold",
        "last_breath": "Last breath in",
        "halfway": "Halfway",
        "start_side": "Start with the {side} side",
        "switch_side": "Switch to the {side} side",
        "rest": "Rest",
        "stretch_hold": "Stretch and hold",
        "last_stretch_hold": "Last rep. Stretch and hold",
        "relax": "And relax",
        "go": "Go",
        "back": "And back",
        "next_set": "Rest. Set {n} next",
        "last_rep": "Last rep. {go}",
        "left": "left",
        "right": "right",
    },
    "es": {
        "breathe_in": "Inspira",
        "breathe_out": "Espira",
        "breathe_out_pursed": "Espira con los labios fruncidos",
        "hold": "Mantén",
        "last_breath": "Última respiración. Inspira",
        "halfway": "A mitad",
        "start_side": "Empieza por el lado {side}",
        "switch_side": "Cambia al lado {side}",
        "rest": "Descansa",
        "stretch_hold": "Estira y mantén",
        "last_stretch_hold": "Última repetición. Estira y mantén",
        "relax": "Y relaja",
        "go": "Ya",
        "back": "Y vuelve",
        "next_set": "Descansa. Ahora la serie {n}",
        "last_rep": "Última repetición. {go}",
        "left": "izquierdo",
        "right": "derecho",
    },
    "fr": {
        "breathe_in": "Inspirez",
        "breathe_out": "Expirez",
        "breathe_out_pursed": "Expirez lèvres pincées",
        "hold": "Tenez",
        "last_breath": "Dernière respiration. Inspirez",
        "halfway": "À mi-chemin",
        "start_side": "Commencez par le côté {side}",
        "switch_side": "Passez au côté {side}",
        "rest": "Repos",
        "stretch_hold": "Étirez et tenez",
        "last_stretch_hold": "Dernière répétition. Étirez et tenez",
        "relax": "Et relâchez",
        "go": "Allez",
        "back": "Et revenez",
        "next_set": "Repos. Ensuite la série {n}",
        "last_rep": "Dernière répétition. {go}",
        "left": "gauche",
        "right": "droit",
    },
    "de": {
        "breathe_in": "Einatmen",
        "breathe_out": "Ausatmen",
        "breathe_out_pursed": "Mit der Lippenbremse ausatmen",
        "hold": "Halten",
        "last_breath": "Letzter Atemzug. Einatmen",
        "halfway": "Halbzeit",
        "start_side": "Beginnen Sie mit der {side} Seite",
        "switch_side": "Wechseln Sie zur {side} Seite",
        "rest": "Pause",
        "stretch_hold": "Dehnen und halten",
        "last_stretch_hold": "Letzte Wiederholung. Dehnen und halten",
        "relax": "Und entspannen",
        "go": "Los",
        "back": "Und zurück",
        "next_set": "Pause. Als Nächstes Satz {n}",
        "last_rep": "Letzte Wiederholung. {go}",
        "left": "linken",
        "right": "rechten",
    },
}


def words_for(language: str) -> Mapping[str, str]:
    """The cue words of ``language`` (English for a language without a table)."""
    return WORDS.get(language, WORDS["en"])
