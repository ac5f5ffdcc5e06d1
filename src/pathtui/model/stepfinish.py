"""Each remaining step's projected finish, by the same forecast ``status --json`` gives.

The calendar (``services/studycalendar.py``) shows when each step left should
be finished if the steps are done in order: step k is finished once the hours
left in it and in every step before it are done. Each date comes from
``pace.forecast``, the very function behind the ``forecast`` key of
``status --json``, called with the same pace, calibration and plan; the last
step's hours are the summary's own hours left (not a sum of the steps', which
could differ in the last bit), so its finish is exactly ``status --json``'s.
Stdlib only, like ``study.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pathtui.model.pace import daily_from_json, forecast, pace

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import Forecast, Summary


def step_finishes(
    summary: Summary,
    step_hours_left: Sequence[tuple[float, float]],
    today: dt.date,
    hours_per_week: float,
) -> list[Forecast | None]:
    """The forecast of each step's finish (None for a step already finished).

    ``step_hours_left`` holds the hours left in each of ``summary["steps"]``,
    in order; ``hours_per_week`` is the plan's pace, as for ``study_picture``.
    """
    info = pace(daily_from_json(summary.get("daily", {})), today)
    total_low, total_high = (float(h) for h in summary["hours_left"])
    after_low = after_high = 0.0
    finishes: list[Forecast | None] = []
    for step, (low, high) in zip(
        reversed(summary["steps"]), reversed(step_hours_left), strict=True
    ):
        if step["done"] >= step["total"]:
            finishes.append(None)
        else:
            hours = (max(0.0, total_low - after_low), max(0.0, total_high - after_high))
            finishes.append(forecast(hours, info, summary["calibration"], hours_per_week, today))
        after_low += low
        after_high += high
    return finishes[::-1]
