"""Promise 7, untrusted custom paths: a path file from the internet cannot make
pathtui run anything, open a non-http(s) link, write outside its data folder,
crash it, or hang it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from pathtui.cli.status import run_status
from pathtui.errors import PathFileError
from pathtui.model.path import ID_RE
from pathtui.model.pathparse import MAX_ITEMS, parse_path
from pathtui.services.session import Session
from pathtui.storage import locations
from pathtui.storage.pathfile import MAX_PATH_FILE_BYTES, load_path
from pathtui.storage.store import Store
from support import pathtui_exe, run_pathtui

#: The benchmarks' big path: it must load fine, far below the limits.
BENCH_ITEMS = 5_000
HEADER = """schema = 1
id = "{path_id}"
title = "Custom"
[baseline]
hours_per_week = 10
weeks = [1, 2]
"""


def one_step(
    path_id: str = "custom",
    items: list[dict[str, Any]] | None = None,
    resources: list[dict[str, Any]] | None = None,
) -> str:
    """A one-step path file; anything given is written with proper escaping."""
    step: dict[str, Any] = {
        "id": "only",
        "number": 1,
        "title": "Only step",
        "goal": "Go.",
        "items": items or [{"id": "only-item", "title": "Only", "hours": [1, 2]}],
    }
    if resources:
        step["resources"] = resources
    return tomli_w.dumps(
        {
            "schema": 1,
            "id": path_id,
            "title": "Custom",
            "baseline": {"hours_per_week": 10, "weeks": [1, 2]},
            "steps": [step],
        }
    )


def with_hours(low: float, high: float) -> str:
    return one_step(items=[{"id": "only-item", "title": "Only", "hours": [low, high]}])


def big_path(count: int, key: str = "id") -> str:
    """``count`` items in 10 steps; ``key`` is how the id key is spelled."""
    parts = [HEADER.format(path_id="big")]
    per_step = max(1, count // 10)
    for number in range(1, 11):
        parts.append(
            f'[[steps]]\nid = "step-{number}"\nnumber = {number}\ntitle = "S"\ngoal = "G"\n'
        )
        for i in range(per_step):
            n = (number - 1) * per_step + i
            parts.append(
                f'[[steps.items]]\n{key} = "item-{n}"\ntitle = "Item {n}"\nhours = [1, 2]\n'
            )
    return "".join(parts)


def refused(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    for needle in needles:
        assert needle in message, message
    return message


# --------------------------------------------------------------------------- run nothing

SHELLY = [
    "$(touch {marker})",
    "`touch {marker}`",
    "; touch {marker}",
    "| touch {marker}",
    "{{__import__('os').system('touch {marker}')}}",
    "%(touch {marker})s",
]


def test_text_in_a_path_file_is_never_run(tmp_path: Path, data_dir: Path) -> None:
    marker = tmp_path / "ran"
    lines = [t.format(marker=marker) for t in SHELLY]
    items = [
        {"id": f"item-{i}", "title": text, "description": text, "hours": [1, 2]}
        for i, text in enumerate(lines)
    ]
    resources = [{"title": lines[0], "url": f"https://x.example/{lines[0]}".replace(" ", "%20")}]
    file = tmp_path / "shelly.toml"
    file.write_text(one_step(items=items, resources=resources))
    for args in (
        ["status"],
        ["status", "--format", "{next} {step_title} {path}"],
        ["list"],
        ["done", "item-0"],
        ["note", "item-1", "$(touch " + str(marker) + ")"],
        ["doctor"],
    ):
        result = run_pathtui("--path", str(file), *args)
        assert result.returncode == 0, result.stderr
    assert not marker.exists()


def test_loading_and_using_a_path_starts_no_process(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("pathtui tried to start a process or open a browser")

    import webbrowser

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(os, "execv", forbidden)
    monkeypatch.setattr(os, "execve", forbidden)
    monkeypatch.setattr(os, "posix_spawn", forbidden)
    monkeypatch.setattr(webbrowser, "open", forbidden)
    file = tmp_path / "p.toml"
    file.write_text(one_step(items=[{"id": "a", "title": "$(id)", "hours": [1, 2]}]))
    session = Session.open(file)
    session.progress.set_state("a", "done")
    session.save()
    assert "All 1 steps finished" in run_status(str(file))


@pytest.mark.parametrize("key", ["command", "editor", "on_done", "exec", "hooks"])
def test_a_path_file_cannot_declare_anything_to_run(tmp_path: Path, key: str) -> None:
    with pytest.raises(PathFileError, match=f"unknown key '{key}'"):
        parse_path(f'{key} = "rm -rf ~"\n' + one_step(), "evil.toml")


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "javascript://example.org/%0aalert(1)",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "ssh://example.org",
        "//example.org/no-scheme",
        " https://example.org/leading-space",
        "https://example.org/\x1b[31m",
        "https://example.org/new\nline",
        "https://",
        "https:///no-host",
        "http:example.org",
        "mailto:a@example.org",
        "",
    ],
)
def test_only_http_and_https_links_are_accepted(url: str) -> None:
    text = one_step(resources=[{"title": "Link", "url": url}])
    with pytest.raises(PathFileError, match=r"step 1 \('\w+'\), resource 1, url"):
        parse_path(text, "links.toml")


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/Docs"]
)
def test_real_links_are_accepted_unchanged(url: str) -> None:
    path = parse_path(one_step(resources=[{"title": "Link", "url": url}]), "links.toml")
    assert path.steps[0].resources[0].url == url


# --------------------------------------------------------------------------- data folder


@pytest.mark.parametrize(
    "bad_id",
    [
        "../escape",
        "../../../../tmp/escape",
        "a/b",
        "/absolute",
        "..",
        ".",
        ".hidden",
        "back\\slash",
        "UPPER",
        "trailing-newline\n",
        "with space",
        "x" * 65,
        "",
        "-leading-dash",
        "nul\x00",
    ],
)
def test_ids_that_could_leave_the_data_folder_are_refused(bad_id: str) -> None:
    problem = (
        r"(id .* may hold only lowercase|id .* is 65 characters long; ids may be at most 64"
        r"|the id is empty)"
    )
    with pytest.raises(PathFileError, match=r"at id: " + problem):
        parse_path(one_step(path_id=bad_id), "ids.toml")
    item = {"id": bad_id, "title": "T", "hours": [1, 2]}
    with pytest.raises(PathFileError, match=r"item 1, id: " + problem):
        parse_path(one_step(items=[item]), "ids.toml")


def test_a_hostile_path_id_writes_nothing_outside_the_data_folder(
    tmp_path: Path, data_dir: Path
) -> None:
    file = tmp_path / "evil.toml"
    file.write_text(one_step(path_id="../../escaped"))
    refused(run_pathtui("--path", str(file), "done", "only-item"), "may hold only lowercase")
    assert not data_dir.exists()
    assert not (tmp_path / "escaped.toml").exists()
    assert not list(tmp_path.rglob("escaped*"))


@settings(max_examples=100, deadline=None)
@given(st.from_regex(ID_RE, fullmatch=True))
def test_every_valid_path_id_keeps_its_file_inside_the_data_folder(path_id: str) -> None:
    file = Store(path_id).file
    assert file.parent == locations.data_dir()
    assert file.name == f"{path_id}.toml"
    assert os.path.realpath(file).startswith(os.path.realpath(locations.data_dir()) + os.sep)


# --------------------------------------------------------------------------- limits


def test_a_50_mb_path_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    file = tmp_path / "huge.toml"
    line = b"# " + b"padding " * 12 + b"\n"
    with open(file, "wb") as handle:
        handle.write(one_step().encode())
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    assert file.stat().st_size > 49 * 1024 * 1024 > MAX_PATH_FILE_BYTES
    with pytest.raises(PathFileError, match=r"larger than 8 MB, the most pathtui reads"):
        load_path(file)
    refused(run_pathtui("--path", str(file), "status"), str(file), "larger than 8 MB")


def test_a_path_with_100000_items_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "many.toml"
    file.write_text(big_path(100_000))
    assert file.stat().st_size < MAX_PATH_FILE_BYTES, "this test is about the item limit"
    with pytest.raises(PathFileError, match=f"far more than {MAX_ITEMS:,} items"):
        load_path(file)
    refused(run_pathtui("--path", str(file), "list"), str(file), f"{MAX_ITEMS:,} items")


def test_the_item_limit_holds_even_when_the_quick_count_is_dodged(tmp_path: Path) -> None:
    """Ids spelled with a TOML escape escape the pre-parse count; the
    validator still stops at the limit."""
    text = big_path(MAX_ITEMS + 10, key='"i\\u0064"')
    with pytest.raises(PathFileError, match=f"more than {MAX_ITEMS:,} items; pathtui stops there"):
        parse_path(text, "dodge.toml")


def test_a_5000_item_path_loads_and_works(tmp_path: Path, data_dir: Path) -> None:
    file = tmp_path / "bench.toml"
    file.write_text(big_path(BENCH_ITEMS))
    path = load_path(file)
    assert len(path.items) == BENCH_ITEMS and path.hours == (BENCH_ITEMS, 2 * BENCH_ITEMS)
    result = run_pathtui("--path", str(file), "done", "item-0", "item-4999")
    assert result.returncode == 0, result.stderr
    status = run_pathtui("--path", str(file), "status")
    assert status.returncode == 0 and f"2/{BENCH_ITEMS} done" in status.stdout


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("deep-array", "a = " + "[" * 5000 + "]" * 5000, "nests arrays or tables too deeply"),
        ("deep-table", "a = " + "{b = " * 3000 + "1" + "}" * 3000, "too deeply"),
        ("huge-integer", "a = 1" + "0" * 5000, "absurdly long numbers"),
        ("huge-hours", with_hours(1, 10**300), "at most 20000"),
        ("float-hours", with_hours(1, 1e308), "at most 20000"),
        ("inf-hours", with_hours(1, float("inf")), "finite"),
        ("nan-hours", with_hours(float("nan"), 2), "finite"),
    ],
)
def test_absurd_content_is_a_clear_error_not_a_crash(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    file = tmp_path / f"{name}.toml"
    file.write_text(text)
    with pytest.raises(PathFileError, match=expected):
        load_path(file)
    refused(run_pathtui("--path", str(file), "status"), str(file), expected)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_path_that_is_not_a_regular_file_does_not_hang(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "pipe.toml"
        os.mkfifo(target)
    elif kind == "dev-zero":
        target = Path("/dev/zero")
    else:
        target = tmp_path / "folder.toml"
        target.mkdir()
    result = subprocess.run(
        [pathtui_exe(), "--path", str(target), "status"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    refused(result, str(target))
    assert "not a regular file" in result.stderr or "is a folder" in result.stderr


def test_an_absurd_pace_never_crashes_the_status_line(data_dir: Path) -> None:
    # A pace outside the shared bounds is refused in one sentence, before any date
    # arithmetic could overflow.
    for args in (("--json",), ()):
        result = run_pathtui("status", *args, "--hours-per-week", "1e-300")
        assert result.returncode == 1
        assert result.stderr == (
            "pathtui: --hours-per-week: Hours per week must be from 0.5 to 168.\n"
        )
