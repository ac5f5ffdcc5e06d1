"""Placeholder until the tracker lands: replaced by the tmux measurements."""

from __future__ import annotations

from context import Context
from report import Row


def measure(ctx: Context) -> tuple[list[Row], dict[str, dict[int, float]]]:
    return [], {}
