"""The history screen (`h`): when you will really finish, and how you got here.

On top, the personal forecast, the schedule, pace and streaks (the same
numbers as ``pathtui status``). Below, four tabs: items finished over time
against the plan with the projected finish (a burn-up), hours per week
against the goal, a calendar of study days, and review ratings per week.
The charts are drawn by textual-plotext, imported only here so the tracker
starts without it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual_plotext import Plot, PlotextPlot

from pathtui.model.charts import burn_up, calendar, heat_level, weekly_series
from pathtui.model.pace import daily_totals, describe_recent_pace, shows_overall_pace
from pathtui.model.review import RATINGS, ratings_per_week
from pathtui.model.streaks import weeks_met
from pathtui.model.timeleft import trim
from pathtui.services.session import Session
from pathtui.tui.text import days_in
from pathtui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathtui.model.picture import StudyPicture

#: Weeks of hours shown as bars, and weeks of days in the calendar (fit 80 columns).
WEEKLY_BARS = 12
CALENDAR_WEEKS = 26
#: Weeks of ratings in the Reviews tab (they fit under the summary at 80x24),
#: its widest bar, and what the bars are drawn with.
REVIEW_WEEKS = 8
REVIEW_BAR_WIDTH = 24
REVIEW_BAR = "█"
#: Calendar cells by heat level: none, under the minimum, a study day, 1 h+, 2 h+.
HEAT_MARKS = ("·", "░", "▒", "▓", "█")
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
#: How many dates label the burn-up's time axis, and counts its item axis.
DATE_TICKS = 5
Y_TICKS = 5
#: Columns each tick label needs, with room to spare, so labels never collide.
TICK_LABEL_SPACE = 12
#: Columns a chart title must leave free to be drawn.
TITLE_MARGIN = 4
#: Bars take this share of their slot, so neighbours stay apart.
BAR_WIDTH = 0.6
DONE_COLOR, PLAN_COLOR, PROJECTED_COLOR, BAR_COLOR, GOAL_COLOR, TODAY_COLOR = (
    "green",
    "blue",
    "orange",
    "cyan",
    "red",
    "gray",
)
#: Each series has its own mark, so they stay apart without colour (NO_COLOR)
#: and the short "done" stretch stands out beside years of plan.
DONE_MARKER, PLAN_MARKER, PROJECTED_MARKER, TODAY_MARKER = "█", "braille", "•", "│"
#: The legend, in the chart's title (a legend box inside the plot covers lines).
BURN_UP_LEGEND = f"{DONE_MARKER} done  ⠉⠒ plan  {PROJECTED_MARKER} projected  {TODAY_MARKER} today"


def short_date(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


def month_year(day: dt.date) -> str:
    """'Mar 2027': the burn-up spans years, so its axis names them."""
    return f"{day:%b} {day.year}"


def fit_title(plt: Plot, width: int, *titles: str) -> None:
    """The first title that fits (plotext leaves out a title that does not)."""
    room = width - TITLE_MARGIN
    plt.title(next((t for t in titles if len(t) <= room), titles[-1][:room]))


def plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def summary_text(picture: StudyPicture) -> Text:
    """Four short lines: forecast and schedule, its basis, pace, streaks."""
    fc, pace, plan, streak = (
        picture["forecast"],
        picture["pace"],
        picture["schedule"],
        picture["streak"],
    )
    text = Text()
    who = "You" if fc["personal"] else "Plan"
    text.append(f"{who}: {fc['left']} left", style="bold")
    finish = fc["finish"]
    text.append(f" ({days_in(finish['earliest'])} to {days_in(finish['latest'])}) · ")
    text.append(plan["text"], style="bold")
    text.append("\n" + days_in(fc["basis"]) + "\n", style="dim")
    recent = describe_recent_pace(pace)
    if recent:
        overall = f" · {trim(pace['overall'] or 0.0)} overall" if shows_overall_pace(pace) else ""
        text.append(f"Pace: {recent}{overall} · plan {trim(pace['planned'])}\n")
    else:
        text.append("Nothing logged yet: press t on an item to log study time.\n")
    if streak is None:
        text.append("Streaks are off.", style="dim")
    else:
        weeks, days = streak["weeks"], streak["days"]
        text.append(
            f"Streaks: {plural(weeks['current'], 'week')} at goal (best {weeks['longest']}) · "
            f"{plural(days['current'], 'study day')} (best {days['longest']})"
        )
    return text


class Chart(PlotextPlot):
    """A plot redrawn from scratch on every render.

    Plotext keeps state between builds (ticks, sizes), so a plot first built
    at one size and then at another can come out differently; starting from
    a clean figure each time makes the picture depend only on the data and
    the size. The draw function gets the width so it can space its labels:
    plotext drops colliding tick labels in an order that changes from run
    to run, so labels must never collide.
    """

    def __init__(self, draw: Callable[[Plot, int], None], *, id: str) -> None:
        super().__init__(id=id)
        self.draw = draw

    def render(self) -> RenderResult:
        self.plt.clear_figure()
        self.draw(self.plt, self.size.width)
        return super().render()


class HistoryScreen(Screen[None]):
    """Forecast, burn-up, weekly hours and the study calendar; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "close", "Back"),
        Binding("1", "tab('burnup')", "Burn-up"),
        Binding("2", "tab('weekly')", "Weekly hours"),
        Binding("3", "tab('calendar')", "Calendar"),
        Binding("4", "tab('reviews')", "Reviews"),
    ]

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(id="history")
        self.today = today
        self.picture = session.study_picture(today)
        self.daily = daily_totals(session.progress.live_log(), today)
        self.burn = burn_up(session.path, session.progress, today, self.picture["forecast"])
        self.goal = session.hours_per_week
        self.start = session.progress.settings.start_date
        self.minimum_hours = session.progress.settings.day_minimum_minutes / 60
        self.ratings = [(r.given, r.rating) for r in session.progress.ratings()]

    def compose(self) -> ComposeResult:
        yield Static(summary_text(self.picture), id="history-summary", markup=False)
        with TabbedContent(initial="burnup"):
            with TabPane("Burn-up", id="burnup"):
                yield Chart(self.draw_burn_up, id="burnup-plot")
            with TabPane("Weekly hours", id="weekly"):
                yield Chart(self.draw_weekly, id="weekly-plot")
            with TabPane("Calendar", id="calendar"):
                yield Static(self.calendar_text(), id="calendar-grid", markup=False)
            with TabPane("Reviews", id="reviews"):
                yield Static(self.reviews_text(), id="reviews-table", markup=False)
        yield KeyBar(compact=True, show_command_palette=False)

    # -- charts

    def draw_burn_up(self, plt: Plot, width: int) -> None:
        burn = self.burn

        def x(day: dt.date) -> int:
            return (day - burn.start).days

        steps_x, steps_y = [], []
        for i, (day, count) in enumerate(burn.done):
            if i:
                steps_x.append(x(day))
                steps_y.append(burn.done[i - 1][1])
            steps_x.append(x(day))
            steps_y.append(count)
        plt.plot([0, x(burn.plan_end)], [0, burn.total], color=PLAN_COLOR, marker=PLAN_MARKER)
        for end in (burn.earliest, burn.latest):
            plt.plot(
                [x(burn.today), x(end)],
                [burn.complete, burn.total],
                color=PROJECTED_COLOR,
                marker=PROJECTED_MARKER,
            )
        plt.vline(x(burn.today), TODAY_COLOR)
        # Drawn last, so the plan never hides what was really done.
        plt.plot(steps_x, steps_y, color=DONE_COLOR, marker=DONE_MARKER)
        last = max(x(burn.plan_end), x(burn.latest), x(burn.today), 1)
        count = max(2, min(DATE_TICKS, width // TICK_LABEL_SPACE))
        ticks: list[float] = [round(last * n / (count - 1)) for n in range(count)]
        plt.xticks(ticks, [month_year(burn.start + dt.timedelta(days=t)) for t in ticks])
        plt.xlim(0, last)
        plt.ylim(0, burn.total)
        y_ticks: list[float] = sorted(
            {round(burn.total * n / (Y_TICKS - 1)) for n in range(Y_TICKS)}
        )
        plt.yticks(y_ticks, [str(t) for t in y_ticks])
        fit_title(
            plt,
            width,
            f"Items complete: {burn.complete} of {burn.total} · {BURN_UP_LEGEND}",
            f"{burn.complete} of {burn.total} · {BURN_UP_LEGEND}",
            BURN_UP_LEGEND,
        )

    def draw_weekly(self, plt: Plot, width: int) -> None:
        series = weekly_series(self.daily, self.today, WEEKLY_BARS)
        x = list(range(1, len(series) + 1))
        plt.bar(x, [hours for _, hours in series], color=BAR_COLOR, width=BAR_WIDTH)
        step = max(1, math.ceil(len(series) * TICK_LABEL_SPACE / max(width, 1)))
        labelled = x[::-1][::step]  # this week always has its label
        plt.xticks([float(i) for i in labelled], [short_date(series[i - 1][0]) for i in labelled])
        plt.hline(self.goal, GOAL_COLOR)
        plt.ylim(0, max([self.goal, *(hours for _, hours in series)]) * 1.1)
        # Counted over every week since the first log by the streak's rules (not
        # only the weeks drawn), so it agrees with the streak in the summary.
        met, weeks = weeks_met(self.daily, self.today, self.goal, since=self.start)
        goal = f"goal {trim(self.goal)} h, met {met} of {plural(weeks, 'week')}"
        fit_title(
            plt,
            width,
            f"Hours per week (from Monday) · {goal} since you started",
            f"Hours per week · {goal}",
            goal,
        )

    def calendar_text(self) -> Text:
        """Weeks as columns, Monday at the top; a darker mark for a longer day."""
        columns = calendar(self.daily, self.today, CALENDAR_WEEKS)
        text = Text("    ")
        month = None
        skip = 0
        for column in columns:
            first = column[0]
            if skip:
                skip -= 1
                continue
            if first is not None and first[0].month != month:
                month = first[0].month
                label = f"{first[0]:%b}"
                text.append(label.ljust(4))
                skip = 1
            else:
                text.append("  ")
        text.append("\n")
        for weekday in range(7):
            text.append(WEEKDAYS[weekday].ljust(4), style="dim")
            for column in columns:
                cell = column[weekday]
                if cell is None:
                    text.append("  ")
                    continue
                level = heat_level(cell[1], self.minimum_hours)
                text.append(HEAT_MARKS[level], style="dim" if level == 0 else "bold green")
                text.append(" ")
            text.append("\n")
        studied = sum(
            1
            for column in columns
            for cell in column
            if cell is not None and heat_level(cell[1], self.minimum_hours) >= 2
        )
        minutes = trim(self.minimum_hours * 60)
        text.append(
            f"\n{' '.join(HEAT_MARKS)}  none · under {minutes} min · study day · 1 h+ · 2 h+\n",
            style="dim",
        )
        text.append(f"{plural(studied, 'study day')} in the last {CALENDAR_WEEKS} weeks")
        streak = self.picture["streak"]
        if streak is not None:
            days = streak["days"]
            text.append(
                f" · day streak {days['current']} (best {days['longest']}), "
                f"{plural(days['rest_days_per_week'], 'rest day')} a week allowed"
            )
        return text

    def reviews_text(self) -> Text:
        """Review ratings per week (from Monday), oldest first, with a bar each,
        under a line with the totals."""
        weeks = ratings_per_week(self.ratings, self.today, REVIEW_WEEKS)
        text = Text()
        if not self.ratings:
            text.append("No reviews yet: done items come back for review the day after (v).\n")
        else:
            given = sum(sum(counts.values()) for _, counts in weeks)
            shares = ", ".join(f"{n} {w}" for w in RATINGS if (n := sum(c[w] for _, c in weeks)))
            text.append(
                f"{plural(given, 'rating')} in the last {REVIEW_WEEKS} weeks"
                + (f": {shares}" if shares else "")
                + f" · {plural(len(self.ratings), 'rating')} in all\n"
            )
        text.append(f"\n{'Week of':<9}" + "".join(f"{w:>7}" for w in RATINGS) + "\n", style="bold")
        most = max((sum(counts.values()) for _, counts in weeks), default=0)
        for monday, counts in weeks:
            text.append(f"{short_date(monday):<9}")
            for word in RATINGS:
                text.append(f"{counts[word]:>7}", style="dim" if not counts[word] else "")
            total = sum(counts.values())
            if total:
                bar = REVIEW_BAR * round(total / most * REVIEW_BAR_WIDTH)
                text.append(f"  {bar}", style="green")
                text.append(f" {total}", style="dim")
            text.append("\n")
        return text

    # -- actions

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_close(self) -> None:
        self.app.pop_screen()
