"""Hostile and broken input gets a clear error quickly, never an exception."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.routines.reader import parse_routine
from tests.test_routine_errors import GOOD

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def only_error(raw: bytes) -> str:
    started = time.perf_counter()
    result = parse_routine(raw, "bad.yaml", "bad")
    elapsed = time.perf_counter() - started
    assert result.routine is None
    assert elapsed < 1.0, f"took {elapsed:.2f}s"
    (err,) = result.errors
    return str(err)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "bad.yaml:1:1: error: the file is empty"),
        (b"# only a comment\n", "bad.yaml:1:1: error: the file is empty"),
        (b"- a\n- b\n", "bad.yaml:1:1: error: a routine file must be a mapping"),
        (b"just text", "bad.yaml:1:1: error: a routine file must be a mapping"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bad.yaml:1:1: error: this is a binary file"),
        ("title: caf\xe9\n".encode("latin-1"), "bad.yaml:1:11: error: not UTF-8 text (byte 0xe9)"),
        (
            b"a: !!python/object/apply:os.system ['echo hi']\n",
            "bad.yaml:1:4: error: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        (b"a: !custom 3\n", "bad.yaml:1:4: error: the tag '!custom' is not allowed"),
        (BILLION_LAUGHS.encode(), "bad.yaml:1:1: error: aliases expand to too many values"),
        (b"a: " + b"[" * 100 + b"]" * 100, "values are nested too deeply"),
        (b"a: b: c\n", "bad.yaml:1:5: error: YAML syntax: mapping values are not allowed"),
        (b"title: x\n\tcategory: y\n", "bad.yaml:2:1: error: YAML syntax"),
        (b"title: x\n---\ntitle: y\n", "bad.yaml:2:1: error: more than one YAML document"),
        (b"a: *nowhere\n", "bad.yaml:1:4: error: unknown alias *nowhere; define the anchor"),
    ],
)
def test_hostile_input_gets_one_clear_error(raw, expected):
    assert expected in only_error(raw)


def test_oversized_file_is_refused_before_parsing():
    raw = b"title: " + b"x" * (300 * 1024)
    assert "file is too large" in only_error(raw)


def test_self_referencing_alias_is_refused():
    assert "aliases expand to too many values" in only_error(b"a: &a [*a, *a]\n")


def test_utf8_bom_is_accepted():
    result = parse_routine(b"\xef\xbb\xbf" + GOOD.encode(), "r.yaml", "r")
    assert result.routine is not None


def test_anchors_within_limits_are_fine():
    text = GOOD.replace("pattern: {inhale: 4, exhale: 6}", "pattern: &calm {inhale: 4, exhale: 6}")
    text = text.replace("      rest: 10s", "      rest: 10s\n      breathe: *calm")
    result = parse_routine(text.encode(), "r.yaml", "r")
    assert result.errors == []
    assert result.routine.steps[1].breathe.exhale == 6


# ------------------------------------------------------------ property tests

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "schema",
                    "title",
                    "category",
                    "targets",
                    "steps",
                    "breathe",
                    "hold",
                    "reps",
                    "rest",
                    "name",
                    "seconds",
                    "pattern",
                    "cycles",
                    "count",
                    "tempo",
                    "sides",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_give_a_routine_or_errors_never_an_exception(raw):
    result = parse_routine(raw, "fuzz.yaml", "fuzz")
    assert (result.routine is None) == bool(result.errors)
    for p in result.problems:
        assert p.line >= 1 and p.column >= 1 and p.message


@settings(max_examples=300, deadline=None)
@given(yaml_values)
def test_random_yaml_structures_never_raise(value):
    import yaml

    text = yaml.safe_dump(value)
    result = parse_routine(text, "fuzz.yaml", "fuzz")
    assert (result.routine is None) == bool(result.errors)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_mutated_good_file_never_raises(data):
    text = GOOD
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = data.draw(
            st.sampled_from(
                [
                    " ",
                    "\n",
                    ":",
                    "-",
                    "[",
                    "]",
                    "{",
                    "}",
                    "&a",
                    "*a",
                    "0",
                    "-1",
                    ".nan",
                    "'",
                    "\t",
                    "!!python/name:os.system",
                    "x",
                    "1e309",
                    "steps",
                    "~",
                ]
            )
        )
        if op == "delete":
            text = text[:pos] + text[pos + len(chunk) :]
        elif op == "insert":
            text = text[:pos] + chunk + text[pos:]
        else:
            text = text[:pos] + chunk + text[pos + 1 :]
    result = parse_routine(text.encode("utf-8", "surrogatepass"), "m.yaml", "m")
    assert (result.routine is None) == bool(result.errors)
    if result.routine is not None:
        assert result.routine.total_seconds > 0


@pytest.mark.parametrize(
    "mutation",
    [
        ("summary:", "sumary:"),
        ("seconds: 20", "seconds: 0"),
        ("category: mixed", "category: x"),
        ("reps: 2", "reps: [2]"),
        ("sides: [left, right]", "sides: [left]"),
        ("cycles: 6", "cycles: 6.5"),
    ],
)
def test_pure_python_parser_reports_the_same_positions_as_libyaml(monkeypatch, mutation):
    """Without LibYAML (a wheel-less platform) every position stays the same."""
    import yaml

    from coach.common import yamlsafe

    text = GOOD.replace(*mutation)
    fast = [str(p) for p in parse_routine(text, "r.yaml", "r").problems]
    monkeypatch.setattr(yamlsafe, "_LOADER", yaml.SafeLoader)
    slow = [str(p) for p in parse_routine(text, "r.yaml", "r").problems]
    assert fast == slow and fast
