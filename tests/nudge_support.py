"""A learner's week for the nudge tests: Monday 2026-12-07 to Sunday 2026-12-13.

They plan 10 h a week and met it in the three weeks before (a 3-week streak);
this week they log 1.5 h on Monday and Tuesday and 6 h on Saturday. They
finished one item on Thursday (its review card is due on Friday) and applied
for a job on 28 November (due a follow-up 14 days later, on Saturday).
``EXPECTED`` is what ``pathtui remind`` prints on each day of that week.
"""

from __future__ import annotations

import datetime as dt
import time

from pathtui.services.session import Session

MONDAY = dt.date(2026, 12, 7)
WEEK = [MONDAY + dt.timedelta(days=n) for n in range(7)]
FINISHED_ITEM = "basics-language"
FINISHED_AT = dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC)
APPLIED = dt.date(2026, 11, 28)
LOG = {
    dt.date(2026, 11, 16): 5.0,
    dt.date(2026, 11, 19): 5.0,
    dt.date(2026, 11, 23): 10.0,
    dt.date(2026, 12, 1): 10.0,
    dt.date(2026, 12, 7): 1.5,
    dt.date(2026, 12, 8): 1.5,
    dt.date(2026, 12, 12): 6.0,
}
BEHIND = (
    "This week: 3 h of your 10 h logged, 2.7 h behind plan; 7 h to go and 3 days left "
    "(pathtui log)."
)
REVIEWS = "1 topic is due for review (pathtui review)."
FOLLOW_UP = (
    "1 job application has had no reply for 14 days or more: time to follow up (pathtui jobs)."
)
STREAK = (
    "Your 3-week streak ends tonight unless you log 1 h more this week "
    "(9 h of 10 h so far; pathtui log)."
)
#: What `pathtui remind` prints each day: nothing from Monday to Thursday
#: (nothing due, then on track), behind on Friday, a streak at risk on Sunday.
EXPECTED: dict[dt.date, list[str]] = {
    WEEK[0]: [],
    WEEK[1]: [],
    WEEK[2]: [],
    WEEK[3]: [],
    WEEK[4]: [BEHIND, REVIEWS],
    WEEK[5]: [REVIEWS, FOLLOW_UP],
    WEEK[6]: [STREAK, REVIEWS, FOLLOW_UP],
}


def make_week_learner(path_file: str | None = None) -> Session:
    """Write the learner's progress (in the test's data folder)."""
    from pathtui.model.applications import add_application, applications_table

    session = Session.open(path_file)
    progress = session.progress
    progress.update_settings(start_date=dt.date(2026, 11, 16), hours_per_week=10.0)
    for day, hours in LOG.items():
        progress.add_log(day, hours)
    progress.set_state(FINISHED_ITEM, "done", FINISHED_AT)
    add_application(
        applications_table(progress), "Acme", "Backend developer", MONDAY, applied=APPLIED
    )
    session.save()
    return session


def local_noon(day: dt.date) -> float:
    """Seconds since the epoch at noon of ``day`` on this machine's clock."""
    return time.mktime((day.year, day.month, day.day, 12, 0, 0, 0, 0, -1))
