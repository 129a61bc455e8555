"""Validator speed on 1,000 generated routine files, and `coach list` start-up time."""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import coach_env, report, time_command

ROOT = Path(__file__).resolve().parent.parent


def generate(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` varied routine files, a few of them broken."""
    rng = random.Random(seed)
    builtins = sorted((ROOT / "routines").glob("*.yaml"))
    texts = [p.read_text() for p in builtins]
    for i in range(n):
        text = rng.choice(texts)
        if i % 50 == 0:
            text = text.replace("category:", "categroy:", 1)  # an error to report
        (folder / f"r{i:04d}.yaml").write_text(f"id: gen-{i:04d}\n" + text)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "routines"
        folder.mkdir()
        generate(folder, 1000)
        env = coach_env()
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-m", "coach", "validate", str(folder)],
                env=env,
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - t0)
        print(out.stdout.strip().splitlines()[-1])
        report("coach validate, 1,000 files (best of 3)", min(times) * 1000, "ms", 2000)
    median, best = time_command(["list"], coach_env(), runs=15)
    report("coach list from process start (median of 15)", median, "ms", 300)
    report("coach list from process start (best)", best, "ms", 300)
    median, best = time_command(["--version"], coach_env(), runs=15)
    report("coach --version from process start (median of 15)", median, "ms", 60)


if __name__ == "__main__":
    main()
