"""Bounds of the settings and of every date, as plain values.

``schema.py`` builds its fields from these; the status line checks
``--hours-per-week`` against them without importing the schema (the status
line imports nothing it can avoid), and ``userinput.py`` parses what people
type against them. One set of bounds for the command line, the tracker and
the file, so a value one of them accepts can never crash another.
"""

#: A week has 168 hours; more than that cannot be a study pace.
MAX_HOURS_PER_WEEK = 7.0 * 24
#: Below half an hour a week the longest path would take more than 40 years:
#: not a plan, and the dates would run past what charts and calendars draw.
MIN_HOURS_PER_WEEK = 0.5
#: Dates (start date, log dates) and times in a file (when a field changed)
#: fall in these years, first to last: wide enough for any real learner, narrow enough that
#: years of forecast added to them never leave the calendar.
#: (Years, not dates: the status line imports this module and not ``datetime``.)
EARLIEST_YEAR = 1970
LATEST_YEAR = 2999
#: A study day needs at most a whole day.
MAX_DAY_MINIMUM_MINUTES = 24 * 60
#: Rest days allowed per week: 0 (every day counts) to 6.
MAX_REST_DAYS_PER_WEEK = 6
#: Desired retention for spaced review (the share of reviews a learner should
#: still recall): below 0.70 intervals grow past any use, above 0.97 a topic
#: comes back every day or two.
MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
