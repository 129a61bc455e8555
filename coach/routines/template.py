"""The commented template that `coach new ID` writes. It validates as written."""

from __future__ import annotations

_TEMPLATE = """\
# A coach routine (schema version 1). Check it with: coach validate {id}.yaml
# Every key is explained in docs/routines.md; `coach schema` gives editors completion.
schema: 1
title: {title}
summary: Slow belly breathing, then a gentle chest opener. May help a tight upper back.
category: mixed            # breathing | stretching | posture | mixed
targets: [upper-back]      # neck, shoulders, upper-back, mid-back, lower-back, ribs, chest, flank
good_for: [asthma]         # conditions it suits
avoid_with: []             # contraindications, e.g. [osteoporosis]: never suggested to them
positions: [sitting, standing]
cautions: Stop if the pain sharpens, or if you feel dizzy or short of breath.
author: Your name          # stored with every logged session
version: 1                 # raise it when you change the routine

steps:
  - breathe:
      name: Belly breathing
      instruction: Sit back, one hand on your chest and one on your belly. Let the belly rise.
      prepare: 8s              # time to get into position while the instruction is said
      pattern: diaphragmatic   # preset (4 in, 6 out), or {{inhale: 4, exhale: 6}}, or "4-0-6"
      cycles: 6                # or duration: 1m
      halfway: true

  - hold:
      name: Doorway chest stretch
      instruction: Forearms on the door frame, elbows at shoulder height, lean gently forward.
      prepare: 8s
      seconds: 20
      reps: 2
      rest: 10s
      breathe: {{inhale: 4, exhale: 6}}   # optional breath pacing during the hold
      cues:
        - {{at: 10s, say: "Let your shoulders drop"}}

  - reps:
      name: Shoulder blade squeeze
      instruction: Sit tall. Draw the shoulder blades back and down, without shrugging.
      prepare: 9s
      count: 8
      tempo: {{out: 2, hold: 3, back: 2}}   # seconds for each part of one rep
      say: {{out: Squeeze, hold: Hold, back: Release}}

  - rest: {{seconds: 15, instruction: Relax and breathe normally.}}
"""


def routine_template(routine_id: str) -> str:
    """A ready-to-edit routine file for ``routine_id``."""
    title = routine_id.replace("-", " ").capitalize()
    return _TEMPLATE.format(id=routine_id, title=title)
