"""The status picture as plain data: render it, and cache it for prompts.

``pathtui status`` runs in shell prompts, so it must cost little more than
starting Python. Parsing a big custom path or a two-year progress file is the
slow part, so the summary the status line needs (counts, hours left, pace) is
kept as a small JSON cache in the data folder, keyed by the size, mtime and
inode of both files. The cache is derived data only: never the source of
truth, rebuilt whenever it is stale or broken, harmless to delete. This module
uses the standard library only, and no dataclasses, to keep that path short.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zlib
from typing import Any

from pathtui.studyview import line_suffix, study_picture, study_placeholders
from pathtui.timeleft import describe_pace, describe_weeks, finish_dates, weeks_for

#: Bump when the summary's shape changes, so older caches are rebuilt.
CACHE_VERSION = 2
BAR_WIDTH = 10

Summary = dict[str, Any]


def _current(summary: Summary) -> dict[str, Any] | None:
    index = summary["current_step"]
    return summary["steps"][index] if index is not None else None


def percent(summary: Summary) -> float:
    total = summary["items_total"]
    if not total:
        return 100.0
    return round((summary["items_done"] + summary["items_skipped"]) / total * 100, 1)


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def status_json(summary: Summary, today: dt.date, hours_per_week: float) -> dict[str, Any]:
    """The ``status --json`` object (DESIGN.md: these keys keep their meaning)."""
    hours = tuple(summary["hours_left"])
    weeks = weeks_for(hours, hours_per_week)  # type: ignore[arg-type]
    earliest, latest = finish_dates(weeks, today)
    current = _current(summary)
    return {
        "path": {"id": summary["path_id"], "title": summary["path_title"]},
        "current_step": (
            {"number": current["number"], "id": current["id"], "title": current["title"]}
            if current
            else None
        ),
        "steps": [
            {k: s[k] for k in ("number", "id", "title", "done", "total")} for s in summary["steps"]
        ],
        "items_done": summary["items_done"],
        "items_skipped": summary["items_skipped"],
        "items_total": summary["items_total"],
        "percent": percent(summary),
        "hours_per_week": _num(hours_per_week),
        "hours_left": {"low": float(hours[0]), "high": float(hours[1])},
        "weeks_left": {"low": round(weeks[0], 1), "high": round(weeks[1], 1)},
        "finish": {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        "left": describe_weeks(weeks),
        "next_item": (
            {"id": summary["next_item_id"], "title": summary["next_item_title"]}
            if summary["next_item_id"]
            else None
        ),
        "extras": {"complete": summary["extras_complete"], "total": summary["extras_total"]},
        "start_date": summary["start_date"],
        "progress_file": summary["progress_file"],
        "progress_file_exists": summary["has_progress"],
        **study_picture(summary, today, hours_per_week),
    }


def status_line(summary: Summary, today: dt.date, hours_per_week: float) -> str:
    """The one-line status for prompts and quick checks."""
    weeks = weeks_for(tuple(summary["hours_left"]), hours_per_week)  # type: ignore[arg-type]
    complete = summary["items_done"] + summary["items_skipped"]
    counts = f"{complete}/{summary['items_total']} done ({round(percent(summary))}%)"
    current = _current(summary)
    if current is None:
        return f"All {len(summary['steps'])} steps finished · {counts} · path complete"
    suffix = line_suffix(study_picture(summary, today, hours_per_week))
    return (
        f"Step {current['number']}/{len(summary['steps'])} · {current['title']} · "
        f"{counts} · {describe_weeks(weeks)} left at {describe_pace(hours_per_week)}{suffix}"
    )


def placeholders(summary: Summary, today: dt.date, hours_per_week: float) -> dict[str, str]:
    """Values for ``status --format``; the README documents each name."""
    weeks = weeks_for(tuple(summary["hours_left"]), hours_per_week)  # type: ignore[arg-type]
    earliest, latest = finish_dates(weeks, today)
    current = _current(summary)
    pct = percent(summary)
    filled = round(pct / 100 * BAR_WIDTH)
    words = describe_weeks(weeks)
    low, high = summary["hours_left"]
    return {
        "step": str(current["number"]) if current else "done",
        "steps": str(len(summary["steps"])),
        "step_title": current["title"] if current else "Path complete",
        "step_done": str(current["done"]) if current else "",
        "step_total": str(current["total"]) if current else "",
        "done": str(summary["items_done"] + summary["items_skipped"]),
        "total": str(summary["items_total"]),
        "percent": str(round(pct)),
        "percent1": f"{pct:.1f}",
        "left": words.removeprefix("about "),
        "left_long": words,
        "next": summary["next_item_title"] or "",
        "next_id": summary["next_item_id"] or "",
        "pace": describe_pace(hours_per_week),
        "hours_per_week": f"{hours_per_week:g}",
        "hours_left": f"{low:g}–{high:g}",
        "finish": f"{earliest.isoformat()} to {latest.isoformat()}",
        "finish_earliest": earliest.isoformat(),
        "finish_latest": latest.isoformat(),
        "bar": "█" * filled + "░" * (BAR_WIDTH - filled),
        "path": summary["path_title"],
        **study_placeholders(study_picture(summary, today, hours_per_week)),
    }


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_0-9]*)\}")


def render_template(template: str, values: dict[str, str]) -> str:
    """Fill ``{name}`` placeholders; ``{{`` and ``}}`` are literal braces."""

    def fill(match: re.Match[str]) -> str:
        token = match.group()
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name not in values:
            known = ", ".join("{" + k + "}" for k in values)
            raise ValueError(f"--format has an unknown placeholder {token}; known ones: {known}")
        return values[name]

    return _PLACEHOLDER.sub(fill, template)


# --------------------------------------------------------------------------- cache


def file_signature(file: str) -> list[int] | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def cache_file(data_dir: str, source_key: str) -> str:
    digest = format(zlib.crc32(source_key.encode("utf-8", "replace")), "08x")
    return os.path.join(data_dir, f".status-cache-{digest}.json")


def read_cache(
    data_dir: str, source_key: str, path_sig: list[int] | None, version: str
) -> Summary | None:
    """A cached summary if both files are exactly as they were when it was made."""
    if path_sig is None:
        return None
    try:
        with open(cache_file(data_dir, source_key), "rb") as handle:
            data = json.loads(handle.read())
        if (
            data.get("cache_version") != CACHE_VERSION
            or data.get("pathtui") != version
            or data.get("source") != source_key
            or data.get("path_sig") != path_sig
        ):
            return None
        summary = data["summary"]
        if data.get("progress_sig") != file_signature(summary["progress_file"]):
            return None
        return summary
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_cache(
    data_dir: str,
    source_key: str,
    path_sig: list[int] | None,
    version: str,
    summary: Summary,
    progress_sig: list[int] | None,
) -> None:
    """Best effort: a cache that cannot be written only means a slower next run."""
    if path_sig is None or progress_sig is None:
        return
    from pathlib import Path

    from pathtui.store import atomic_write

    payload = {
        "cache_version": CACHE_VERSION,
        "pathtui": version,
        "source": source_key,
        "path_sig": path_sig,
        "progress_sig": progress_sig,
        "summary": summary,
    }
    try:
        atomic_write(Path(cache_file(data_dir, source_key)), json.dumps(payload))
    except OSError:
        pass
