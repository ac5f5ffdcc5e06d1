"""``fastread`` returns exactly what ``tomllib`` returns, or steps aside.

The store reads progress files with ``fastread`` first (several times
faster at scale, see docs/data-safety.md) and falls back to ``tomllib`` whenever
``fastread`` returns None. So the one property that matters: for any text,
``fastread.loads`` is None or equal to what ``tomllib`` and the schema's
checks make of the text (and never accepts what they refuse or set aside:
a file holding a value the careful reader leaves out always goes to it).
Files ``dumps`` writes must take the fast path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathtui.errors import ProgressFileError
from pathtui.model.progress import Progress, Record
from pathtui.model.schema import ITEMS, LOG, SETTINGS
from pathtui.storage import fastread
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import careful_loads, read_progress
from storage.test_round_trip_properties import progresses as any_progress

progresses = any_progress()


@pytest.mark.slow
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(progresses)
def test_files_dumps_writes_take_the_fast_path_with_the_same_result(progress: Progress) -> None:
    text = dumps(progress)
    fast = fastread.loads(text, progress.path_id)
    assert fast is not None, "a file dumps() wrote must not need tomllib"
    assert fast == careful(text, progress.path_id)
    assert fast.last == careful(text, progress.path_id).last


def careful(text: str, path_id: str) -> Progress:
    return careful_loads(text, Path("progress.toml"), path_id)


def _same_or_steps_aside(text: str, path_id: str = "backend") -> None:
    fast = fastread.loads(text, path_id)
    if fast is None:
        return
    try:
        slow = careful(text, path_id)
    except ProgressFileError:
        pytest.fail(f"fastread accepted text the careful checks refuse:\n{text}")
    assert slow.set_aside == [], f"fastread kept what the careful reader sets aside:\n{text}"
    assert fast == slow


@pytest.mark.slow
@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(progresses, st.data())
def test_edited_files_are_read_the_same_or_left_to_tomllib(
    progress: Progress, data: st.DataObject
) -> None:
    text = dumps(progress)
    edit = data.draw(st.sampled_from(("insert", "delete", "replace", "line", "swap")))
    at = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    if edit == "insert":
        text = text[:at] + data.draw(st.text(max_size=3)) + text[at:]
    elif edit == "delete":
        text = text[:at] + text[at + data.draw(st.integers(1, 4)) :]
    elif edit == "replace":
        char = data.draw(st.sampled_from(list(' ="\\{},[]#\t\x7f\r0-+:.eT\nZ')))
        text = text[:at] + char + text[at + 1 :]
    else:
        lines = text.split("\n")
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if edit == "line":
            lines.insert(i, lines[j])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        text = "\n".join(lines)
    _same_or_steps_aside(text, progress.path_id)


def _sample() -> Progress:
    day = dt.datetime(2025, 1, 3, tzinfo=dt.UTC)
    at = "2025-01-03T00:00:00.000Z/0000/0a0a0a0a"
    later = "2025-01-04T00:00:00.000Z/0000/0a0a0a0a"
    settings = {"hours_per_week": 10.0, "start_date": dt.date(2025, 1, 2), "streaks": True}
    return Progress(
        "backend",
        dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
        {
            "settings": {"": Record(SETTINGS, "", settings, dict.fromkeys(settings, at))},
            "items": {
                "basics-loops": Record(
                    ITEMS,
                    "basics-loops",
                    {"state": "done", "note": 'line one\nquote " tab\t'},
                    {"state": at, "note": later},
                )
            },
            "log": {
                "abc": Record(
                    LOG,
                    "abc",
                    {"date": dt.date(2025, 1, 3), "hours": 1.5, "created": day},
                    dict.fromkeys(("date", "hours", "created"), at),
                )
            },
        },
    )


BASE = dumps(_sample())


def test_the_sample_takes_the_fast_path() -> None:
    assert fastread.loads(BASE, "backend") == careful(BASE, "backend")


QUOTED_TWIN = '"basics-loops" = { at = "2025-01-03T00:00:00.000Z/0000/0a0a0a0a", state = "todo" }'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"done"', '"d\\/one"'),  # JSON's \/ is not a TOML escape
        ('"done"', '"\\ud83d\\ude00"'),  # surrogate escapes: JSON yes, TOML no
        ('"done"', '"do\tne"'),  # a raw tab: TOML allows it, dumps never writes it
        ('"done"', '"do\x7fne"'),  # raw DEL: TOML refuses it
        ("+00:00 }", "+05:75 }"),  # minutes out of range
        ("T00:00:00.000000+00:00 }", "T24:00:00.000000+00:00 }"),
        ("2025-01-03T00:00:00.000000+00:00 }", "2025-02-30T00:00:00.000000+00:00 }"),
        ("2025-01-03T00:00:00.000000+00:00 }", "2025-01-03 00:00:00.000000+00:00 }"),
        ("[items]\n", "[items]\n[items]\n"),  # a table twice
        ("[settings]\n", "[settings]\n[items]\n"),  # a table twice, other order
        ("schema = 2\n", "schema = 2\nschema = 2\n"),  # a key twice
        ("schema = 2\n", "schema = 02\n"),  # leading zero
        ("hours_per_week = 10.0", "hours_per_week = 1_0.0"),
        ("hours_per_week = 10.0", "hours_per_week = 10.0 # pace"),
        ("streaks = true", "streaks = True"),
        ('state = "done", ', 'state = "done", state = "done", '),  # a key twice inline
        ("{ at", "{at"),  # other spacing
        ("\n", "\r\n"),  # Windows line endings
        ("basics-loops = {", "basics.loops = {"),  # a dotted key
        ("basics-loops = {", QUOTED_TWIN + "\nbasics-loops = {"),  # one key, quoted and bare
    ],
)
def test_anything_dumps_does_not_write_is_left_to_tomllib(old: str, new: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1) if old != "\n" else BASE.replace(old, new)
    assert fastread.loads(text, "backend") is None
    _same_or_steps_aside(text)


def test_a_bom_or_missing_final_newline_is_left_to_tomllib() -> None:
    assert fastread.loads("\ufeff" + BASE, "backend") is None
    assert fastread.loads(BASE.rstrip("\n"), "backend") is None
    assert fastread.loads(BASE, "another-path") is None


def test_the_store_still_explains_bad_files(tmp_path) -> None:
    file = tmp_path / "backend.toml"
    file.write_text(BASE.replace("hours_per_week = 10.0", "hours_per_week = 'ten"), "utf-8")
    from pathtui.errors import ProgressFileError

    with pytest.raises(ProgressFileError, match="is not valid TOML"):
        read_progress(file, "backend")
    file.write_text(BASE, "utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None and progress.state("basics-loops") == "done"


@given(st.text() | st.text(st.characters(blacklist_categories=("Cs",))))
def test_quick_quoting_writes_what_json_writes(text: str) -> None:
    import json

    from pathtui.storage.progressfile import _s

    assert _s(text) == json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


# --------------------------------------------------------------------------- canonical lines


def _record_sections(text: str) -> dict[str, bytes]:
    parts = fastread.split(text.encode("utf-8"))
    assert parts is not None
    return {k: v for k, v in parts[1].items() if k != SETTINGS.name}


@pytest.mark.slow
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(progresses, st.data())
def test_what_fastread_accepts_is_what_dumps_writes_for_every_record(
    progress: Progress, data: st.DataObject
) -> None:
    """A record line is taken only as ``dumps`` writes it (and kept), so a
    collection read back is written back byte for byte: the ground a pending
    collection (``sections.py``) stands on."""
    text = dumps(progress)
    lines = text.split("\n")
    i = data.draw(st.integers(0, len(lines) - 1))
    edit = data.draw(
        st.sampled_from(
            (
                ("= 1.5", "= 1.50"),
                ("= 1.0", "= 1.00"),
                ("+00:00", "-00:00"),
                ("+00:00 }", "+00:00}"),
                ('"', '\\"'),
                ("\\u00", "\\u00"),
                ("\\t", "\\u0009"),
                ("\\n", "\\u000a"),
                ("_at = ", "_at =  "),
                (", ", ","),
            )
        )
    )
    lines[i] = lines[i].replace(*edit)
    if data.draw(st.booleans()) and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]  # records out of order
    edited = "\n".join(lines)
    fast = fastread.loads(edited, progress.path_id)
    if fast is None:
        return
    assert _record_sections(dumps(fast)) == _record_sections(edited)
    for kind in ("items", LOG.name):
        for record in fast.tables[kind].values():
            assert record.line is not None, "an accepted line is kept for the next save"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hours = 1.5,", "hours = 1.50,"),  # dumps writes repr(1.5)
        ("+00:00 }", "-00:00 }"),  # the same instant, written as dumps never does
        ("basics-loops = {", '"basics-loops" = {'),  # quoted where dumps writes it bare
        ('note = "line one\\nquote \\" tab\\t"', 'note = "line one\\u000aquote \\" tab\\t"'),
    ],
)
def test_a_record_line_dumps_would_write_otherwise_is_left_to_tomllib(old: str, new: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    assert fastread.loads(text, "backend") is None
    _same_or_steps_aside(text)


def test_records_out_of_dumps_order_are_left_to_tomllib() -> None:
    twin = QUOTED_TWIN.replace('"basics-loops"', "basics-a").replace("todo", "done")
    ordered = BASE.replace("basics-loops = {", twin + "\nbasics-loops = {", 1)
    assert fastread.loads(ordered, "backend") is not None
    swapped = BASE.replace(
        "basics-loops = {", "basics-z" + twin[len("basics-a") :] + "\nbasics-loops = {", 1
    )
    assert fastread.loads(swapped, "backend") is None
    _same_or_steps_aside(swapped)
