"""Two processes logging into one database at the same time lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from coach.log.store import open_store

PER_PROCESS = 200

# Each session opens the log afresh, as a command would, so every open (with its
# stale-session sweep) races the other process's running sessions.
_WORKER = """
import sys
from coach.log.store import open_store
db, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.stdin.readline()  # start together
for i in range(n):
    s = open_store(db)
    if i % 2:
        sid = s.start_session(name, f"{name} {i}", 1, "", "", 3, "plain", 1.0, {"ribs": i % 11})
        s.update_progress(sid, 10, 1)
        s.finish_session(sid, "completed", 30.0, 3, {"ribs": (i + 1) % 11}, f"{name}-{i}")
    else:
        s.add_session(name, s.clock(), f"{name} {i}", note=f"{name}-{i}")
    s.close()
print("done", flush=True)
"""


def test_two_processes_logging_200_sessions_each_keep_all_400(tmp_path: Path):
    db = tmp_path / "fresh" / "coach.db"  # neither process finds it: both race to create it
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(db), name, str(PER_PROCESS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in results]
    with open_store(db) as s:
        sessions = s.sessions()
        assert s.integrity_check() == []
        assert s.recovered_from is None
    assert len(sessions) == 2 * PER_PROCESS
    assert {x.status for x in sessions} == {"completed"}  # no running one taken for a crash
    for name in ("alpha", "beta"):
        notes = sorted(x.note for x in sessions if x.routine_id == name)
        assert notes == sorted(f"{name}-{i}" for i in range(PER_PROCESS))
    started = [x for x in sessions if x.source == "plain"]
    assert len(started) == PER_PROCESS
    assert all(x.pain_after["ribs"] == (x.pain_before["ribs"] + 1) % 11 for x in started)
    assert not list(db.parent.glob("*.damaged-*"))
