"""What a study group member publishes: the three share levels.

Its own tiny module because the progress schema names the levels for its
``group_share`` setting, and the schema is loaded by every command.
``groupsummary.py`` builds a summary at a level; ``docs/groups.md`` and the
README list what each level sends.
"""

from __future__ import annotations

#: ``minimal``: name, path, current step, percent, last active date.
#: ``progress`` adds this week's hours, the weekly pace, the streak, the
#: forecast finish range and the last 8 weeks' hours. ``items`` adds the ids
#: of done and skipped items.
SHARE_LEVELS: tuple[str, ...] = ("minimal", "progress", "items")
DEFAULT_SHARE = "progress"
#: The levels that publish the pace part (hours, streak, finish, weeks).
SHARES_PACE = frozenset({"progress", "items"})
#: Weeks of hours a member shares at ``progress`` (oldest first, this week last).
WEEKS_SHARED = 8
