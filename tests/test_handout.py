"""`coach handout ROUTINE|PLAN -o FILE.html`: a print-ready page (issue 14)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coach.care.safety import STOP_RULE
from tests.conftest import run_coach
from tests.test_routine_errors import GOOD

HOSTILE = (
    GOOD.replace("title: Rib release", "title: \"<script>alert('x')</script> & ribs\"")
    .replace(
        "      seconds: 20",
        '      seconds: 20\n      media: "images/side <b>.png"',
    )
    .replace(
        "      count: 10",
        '      count: 10\n      media: "https://example.org/tuck?a=1&b=\\"><script>"',
    )
)


EXAMPLE_PLAN = Path(__file__).resolve().parent.parent / "plans" / "back-care-after-asthma.yaml"


def write(tmp_path: Path, text: str = GOOD, name: str = "rib-release.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_handout_has_title_author_version_cautions_first_steps_doses_and_stop_rule(
    tmp_path: Path,
) -> None:
    out = tmp_path / "rib.html"
    done = run_coach("handout", str(write(tmp_path)), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Wrote the handout of rib-release to {out}"
    page = out.read_text(encoding="utf-8")
    assert "<h1>Rib release</h1>" in page
    assert '<p class="meta">Total time about 4m25s · by Test PT · version 2</p>' in page
    assert page.index("Stop if the pain sharpens.") < page.index("<h2>Steps</h2>")
    for dose in (
        "6 breaths: breathe in for 4 seconds, breathe out for 6 seconds.",
        "Hold for 20 seconds, twice on each side (left, then right), "
        "resting 10 seconds between holds.",
        "10 repetitions (2 seconds to move, hold 3 seconds, 2 seconds back).",
        "Rest for 15 seconds.",
    ):
        assert f'<span class="dose">{html.escape(dose)}</span>' in page, dose
    assert html.escape(STOP_RULE) in page
    assert "@media print" in page and "@page" in page


def test_handout_text_is_data_everything_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "h.html"
    done = run_coach("handout", str(write(tmp_path, HOSTILE)), "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "<h1>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; ribs</h1>" in page
    # A picture from a path relative to the routine file, a link for a web address.
    src = (tmp_path / "images" / "side <b>.png").as_posix().replace(" ", "%20")
    src = src.replace("<", "%3C").replace(">", "%3E")
    assert f'<img class="media" src="file://{src}"' in page
    assert '<a href="https://example.org/tuck?a=1&amp;b=&quot;&gt;&lt;script&gt;">' in page


def test_handout_of_an_unknown_routine_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    done = run_coach("handout", "no-such-routine", "-o", str(out))
    assert done.returncode == 1
    assert "no routine called" in done.stderr
    assert not out.exists()


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.parametrize(
    "paper, what, pages_at_most",
    [("A4", "box-breathing", 2), ("letter", "box-breathing", 2), ("A4", "PLAN", 8)],
)
def test_handout_prints_to_pdf_in_headless_chromium(
    tmp_path: Path, paper: str, what: str, pages_at_most: int
) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed here (apt-get install chromium)")
    out = tmp_path / "box.html"
    source = str(EXAMPLE_PLAN) if what == "PLAN" else what
    assert run_coach("handout", source, "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    sized = tmp_path / f"box-{paper}.html"
    sized.write_text(page.replace("@page {", f"@page {{ size: {paper}; "), encoding="utf-8")
    pdf = tmp_path / f"box-{paper}.pdf"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            sized.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert 1 <= pages <= pages_at_most, pages
    # The media box is the paper: A4 595 x 842 points, Letter 612 x 792.
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", data)
    assert box is not None
    width, height = (round(float(x)) for x in box.groups())
    assert (width, height) == ((595, 842) if paper == "A4" else (612, 792))


async def test_the_app_details_link_each_steps_media(tmp_path: Path) -> None:
    from textual.widgets import Static

    from coach.routines.library import Entry, read_file
    from coach.tui.screens.detail import DetailScreen
    from tests.test_tui_support import make_app, settle

    path = write(tmp_path, HOSTILE)
    result, sha = read_file(path)
    assert result.routine is not None
    entry = Entry(result.routine, "file", path, sha)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app)
        app.push_screen(DetailScreen(entry))
        await pilot.pause()
        media = app.screen.query_one("#detail-media", Static)
        text = media.render()
        plain = str(text)
        assert "2. Side stretch: images/side <b>.png" in plain
        links = [s.style.link for s in text.spans if getattr(s.style, "link", None)]
        assert links == [
            (tmp_path / "images" / "side <b>.png").resolve().as_uri(),
            'https://example.org/tuck?a=1&b="><script>',
        ]


def test_a_missing_picture_is_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "h.html"
    path = write(
        tmp_path, GOOD.replace("      seconds: 20", "      seconds: 20\n      media: a.png")
    )
    done = run_coach("handout", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"coach: warning: step 2's picture 'a.png' was not found next to {path}; "
        "the handout shows an empty frame"
    ]
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    done = run_coach("handout", str(path), "-o", str(out))
    assert done.returncode == 0 and done.stderr == ""


# ------------------------------------------------------------------------ a plan's handout


def _cells(page: str, title: str) -> list[str]:
    row = re.search(rf"<tr><td>{re.escape(title)}(?:<br>.*?)?</td>(.*?)</tr>", page)
    assert row is not None, title
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_a_plan_handout_has_the_weekly_schedule_then_each_routine(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    done = run_coach("handout", str(EXAMPLE_PLAN), "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<h1>Back care while your asthma settles</h1>" in page
    assert "from 01 Dec 2026 to 11 Jan 2027 (6 weeks)" in page
    # Mon..Sun, then the weeks: twice a day every day; Mon/Wed/Fri; Tue/Thu/Sat from week 3.
    assert _cells(page, "Breathing control") == ["2×"] * 7 + ["every week"]
    assert _cells(page, "Chin tucks") == ["✓", "", "✓", "", "✓", "", "", "every week"]
    chair = _cells(page, "Chair back extension")
    assert chair == ["", "✓", "", "✓", "", "✓", "", "weeks 3-6"]
    assert "Once in the morning, once in the evening." in page
    assert page.count('<section class="routine">') == 3  # each routine once, on its own page
    assert page.index("Each week") < page.index('<section class="routine">')
    assert html.escape(STOP_RULE) in page


def test_the_active_plan_is_handed_out_by_its_id_or_as_plan(tmp_path: Path) -> None:
    assert run_coach("plan", "import", str(EXAMPLE_PLAN)).returncode == 0
    for name in ("plan", "back-care-after-asthma"):
        done = run_coach("handout", name, "-o", "-")
        assert done.returncode == 0, done.stderr
        assert "<h2>Each week</h2>" in done.stdout


def test_a_plan_handout_escapes_the_plans_own_text(tmp_path: Path) -> None:
    hostile = EXAMPLE_PLAN.read_text(encoding="utf-8").replace(
        "title: Back care while your asthma settles", 'title: "<img src=x onerror=alert(1)>"'
    )
    path = tmp_path / "hostile-plan.yaml"
    path.write_text(hostile, encoding="utf-8")
    done = run_coach("handout", str(path), "-o", "-")
    assert done.returncode == 0, done.stderr
    assert "<img src=x" not in done.stdout
    assert "&lt;img src=x onerror=alert(1)&gt;" in done.stdout
