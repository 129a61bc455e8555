"""The gate's inputs for the command line (adapter): today's check-in from the log and
the standing conditions from config.yaml, handed to the pure `coach.care.gate.check`.

The app keeps today's check-in in memory and calls `coach.care.gate.check` itself; both
front ends therefore judge a routine by the same rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.care.gate import GateResult, check

if TYPE_CHECKING:
    from coach.care.checkin import CheckIn
    from coach.history.records import CheckinRecord
    from coach.routines.model import Routine


def today_checkin() -> tuple[CheckIn | None, str]:
    """Today's latest stored check-in (None if there is none) and a warning in words, or "".

    A log that cannot be opened holds no check-in to read: that is left to the session's
    own open to report (once). A damaged log moved aside here is reported here, since
    only the first opener learns of it.
    """
    from coach.care.checkin import CheckInError
    from coach.log.store import StoreError, open_store

    try:
        log = open_store()
    except (StoreError, OSError):
        return None, ""
    notice = log.recovery_notice()
    try:
        record = log.latest_checkin(log.clock().date())
        return (None if record is None else checkin_of(record)), notice
    except CheckInError:
        return None, (
            "today's check-in was written by a newer coach and could not be read; "
            "it is not taken into account"
        )
    except (StoreError, OSError) as exc:
        return None, (
            f"today's check-in could not be read ({getattr(exc, 'message', exc)}); "
            "it is not taken into account"
        )
    finally:
        log.close()


def checkin_of(record: CheckinRecord) -> CheckIn:
    """A stored check-in as the CheckIn the gate judges (CheckInError if it cannot be read)."""
    from coach.care.checkin import checkin_from_dict

    return checkin_from_dict(
        {
            "pain": record.areas,
            "contexts": record.contexts,
            "conditions": record.conditions,
            "red_flags": record.red_flags,
        }
    )


def standing_conditions() -> tuple[str, ...]:
    """The conditions remembered in config.yaml (defaults when it is broken)."""
    from coach.settings.config import load_config

    return tuple(load_config().config.conditions)


def gate_for(routine: Routine) -> tuple[GateResult, str]:
    """The gate for starting ``routine`` now, and a warning about the log in words ("")."""
    today, problem = today_checkin()
    return check(routine, today, standing_conditions()), problem
