"""Bounds of the settings, as plain numbers.

``schema.py`` builds its fields from these; the status line checks
``--hours-per-week`` against them without importing the schema (the status
line imports nothing it can avoid).
"""

#: A week has 168 hours; more than that cannot be a study pace (and pace > 0).
MAX_HOURS_PER_WEEK = 7.0 * 24
#: A study day needs at most a whole day.
MAX_DAY_MINIMUM_MINUTES = 24 * 60
#: Rest days allowed per week: 0 (every day counts) to 6.
MAX_REST_DAYS_PER_WEEK = 6
