"""The Group screen (`G`): the study group's members, their last 8 weeks, and cheers.

Keyboard first: ↑↓ (or j k) choose a member, c cheers them, s syncs with the
group now, Esc goes back. The table is the one ``pathtui group`` prints
(``model/grouptable.py``), from this device's copy of the group, so opening
the screen costs no network; a sync runs in a process of its own
(``tui/groupround.py``) and the screen is redrawn when it is done. Every
member's row carries a sparkline of their weekly hours where they share it
(Textual's sparkline, drawn in the row);
the highlighted member's details show it larger with the Sparkline widget.

Everything another member wrote is shown as plain text (no markup) with
control characters made visible. Opening the screen marks the cheers it
shows as seen on this device.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from pathtui.errors import PathtuiError
from pathtui.model import grouptable
from pathtui.model.groupfiles import MAX_CHEER_CHARS
from pathtui.services import groupcheers, groupview
from pathtui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

#: Seconds a sync's or a cheer's result stays up.
NOTICE_TIMEOUT = 8
#: Columns of the sparkline in a member's row: one per shared week.
SPARK_COLUMNS = 8
#: Cheers listed on the screen, newest first.
CHEERS_SHOWN = 20
MEMBERS_TITLE = "Members · this week · last 8 weeks"
#: The commands the screen shows a learner who is in no group.
GROUP_COMMANDS = (
    ("pathtui group create REMOTE", "start a group"),
    ("pathtui group join REMOTE", "join one"),
    ("pathtui group join REMOTE --observer", "follow one as a mentor"),
)


def no_group_text(error: PathtuiError, joined: bool) -> Text:
    """What the members' box says when there is no group to show: how to
    start or join one, or (in a group) what is missing and the key that fixes it."""
    if joined:
        if str(error) == groupview.NO_COPY:
            return Text("This device has no copy of your study group yet: s fetches it.")
        return Text(str(error))
    out = Text("You are not in a study group yet.\n\n", style="bold")
    out.append(
        "A group shares each member's progress through a git remote that one of you "
        "owns (a private repository, or any bare repo): no account, no server. "
        "In a shell:\n\n"
    )
    for command, meaning in GROUP_COMMANDS:
        out.append(f"  {command:<38}", style="bold")
        out.append(f"{meaning}\n")
    out.append("\nEsc goes back.", style="dim")
    return out


def member_row(row: grouptable.Row, low: Any, high: Any) -> Table:
    """A member's line: name, step, percent, this week against the pace, the
    8 weeks as a sparkline, the streak."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, ratio=1, overflow="ellipsis")
    for width in (5, 4, 9, SPARK_COLUMNS, 5):
        grid.add_column(no_wrap=True, width=width)
    name = Text(grouptable.YOU_MARK + " " if row["you"] else "  ", style="bold")
    name.append(row["name"], style="bold" if row["you"] else "")
    if row["you"]:
        name.append(" (you)", style="dim")
    if row["observer"]:
        name.append(" · observer", style="dim")
        grid.add_row(name, "", "", "", "", "")
        return grid
    weeks = row.get("weeks")
    spark: Any = (
        SparklineRenderable(weeks, width=SPARK_COLUMNS, min_color=low, max_color=high)
        if weeks
        else Text(grouptable.NOTHING, style="dim")
    )
    grid.add_row(
        name,
        Text(grouptable.step_text(row)),
        Text(f"{row['percent']:.0f}%"),
        Text(grouptable.week_text(row)),
        spark,
        Text(grouptable.streak_text(row)),
    )
    return grid


def summary_line(view: groupview.GroupView, me: groupview.Membership) -> Text:
    """'Evening cohort · 3 members, 1 observer · you share progress · synced 1 May 08:30'."""
    line = Text(view.name, style="bold")
    members = f"{view.members} member{'' if view.members == 1 else 's'}"
    if view.observers:
        members += f", {view.observers} observer{'' if view.observers == 1 else 's'}"
    line.append(f" · {members}")
    line.append(" · you observe" if me.observer else f" · you share {me.share}")
    if view.last_sync:
        day, _, time = view.last_sync.partition(" ")
        when = dt.date.fromisoformat(day)
        line.append(f" · synced {grouptable.short_date(when, when)} {time}", style="dim")
    return line


def unreadable_row(row: grouptable.Row) -> Text:
    out = Text("? ", style="bold")
    out.append(f"{row['member'][: grouptable.SHORT_ID]}… unreadable: {row['reason']}", style="dim")
    return out


def detail_text(row: grouptable.Row | None, today: dt.date) -> Text:
    """The highlighted member in full (what they share, nothing more); the
    name is on the panel's border, the 8 weeks in the sparkline under it."""
    if row is None:
        return Text("Nobody here yet.", style="dim")
    if row.get("unreadable"):
        return Text(f"This member's file cannot be read: {row['reason']}.")
    if row["observer"]:
        return Text("An observer: publishes nothing, sees everyone.")
    out = Text(row["path"]["title"])
    active = grouptable.active_text(row["last_active"], today)
    out.append(f"\nStep {grouptable.step_text(row)} · {row['percent']:g}% · active {active}")
    if row.get("week_hours") is None:
        out.append(f"\nShares {row['share']}: no hours.", style="dim")
        return out
    out.append(f"\nThis week {grouptable.week_text(row)}")
    streak = row.get("streak_weeks")
    if streak:
        out.append(f" · {streak}-week streak")
    out.append(f"\nFinish {grouptable.finish_text(row.get('finish'))}")
    return out


def cheer_text(cheer: groupcheers.Cheer, new: bool, today: dt.date) -> Text:
    """A cheer as the list shows it, dated as the rest of this screen ('3 Dec')."""
    out = Text("● " if new else "  ", style="bold")
    out.append(cheer.sender_name, style="bold")
    try:
        when = grouptable.short_date(dt.date.fromisoformat(cheer.sent[:10]), today)
    except ValueError:
        when = cheer.sent[:10]
    out.append(f" · {when}\n  ", style="dim")
    out.append(cheer.text)
    return out


class CheerDialog(ModalScreen[str | None]):
    """Type a short cheer for one member; answers the text, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, member_name: str) -> None:
        super().__init__(classes="dialog-screen")
        self._member_name = member_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="cheer") as box:
            box.border_title = "Cheer"
            label = Text("A cheer for ")
            label.append(self._member_name, style="bold")
            yield Label(label, markup=False)
            yield Input(placeholder="Keep going!", max_length=MAX_CHEER_CHARS, id="cheer-input")
            yield Label(
                f"Enter sends (at most {MAX_CHEER_CHARS} characters) · Esc cancels",
                markup=False,
                classes="hint",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or "Keep going!")

    def action_cancel(self) -> None:
        self.dismiss(None)


class GroupScreen(Screen[None]):
    """The members, the highlighted one's details, and the cheers you received."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,G", "close", "Back"),
        Binding("c", "cheer", "Cheer"),
        Binding("s", "sync", "Sync now"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"group--spark-low", "group--spark-high"}

    def __init__(self) -> None:
        super().__init__(id="group")
        self._view: groupview.GroupView | None = None
        self._cheers: list[groupcheers.Cheer] = []
        self._new: set[str] = set()
        self._syncing = False
        self._joined = False

    @property
    def papp(self) -> PathtuiApp:
        return cast("PathtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="group-summary", markup=False)
        members = OptionList(id="group-members", markup=False)
        members.border_title = MEMBERS_TITLE
        yield members
        with Horizontal(id="group-lower"):
            with Vertical(id="group-detail") as detail:
                detail.border_title = "Member"
                yield Static(id="group-detail-text", markup=False)
                yield Sparkline([], id="group-sparkline")
            cheers = OptionList(id="group-cheers", markup=False)
            cheers.border_title = "Cheers for you"
            yield cheers
        yield KeyBar(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#group-members", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Cheering needs members on screen and syncing a group to be in: until
        then the key bar leaves those keys out."""
        if action == "cheer":
            return self._view is not None
        if action == "sync":
            return self._joined
        return True

    # -- drawing

    def redraw(self, keep: str | None = None) -> None:
        """Read this device's copy of the group and draw it (no network)."""
        summary = self.query_one("#group-summary", Static)
        members = self.query_one("#group-members", OptionList)
        progress = self.papp.session.progress
        try:
            me = groupview.joined(progress)
            self._view = groupview.view(me, self.papp.today())
        except PathtuiError as exc:
            self._view = None
            self._joined = groupview.membership(progress).joined
            summary.update(Text("Study group" if self._joined else "No study group yet"))
            members.set_options([Option(no_group_text(exc, self._joined), disabled=True)])
            members.border_title = "Study group"
            self.query_one("#group-lower").display = False
            self.refresh_bindings()
            return
        self._joined = True
        members.border_title = MEMBERS_TITLE
        self.query_one("#group-lower").display = True
        self.refresh_bindings()
        view = self._view
        summary.update(summary_line(view, me))
        low = self.get_component_rich_style("group--spark-low").color
        high = self.get_component_rich_style("group--spark-high").color
        options = [
            Option(
                unreadable_row(r) if r.get("unreadable") else member_row(r, low, high),
                id=r["member"],
            )
            for r in view.rows
        ]
        members.set_options(options)
        ids = [r["member"] for r in view.rows]
        target = keep if keep in ids else next((r["member"] for r in view.rows if r["you"]), None)
        if ids:
            members.highlighted = ids.index(target) if target in ids else 0
        self._show_detail(self._row(members.highlighted))
        received = groupcheers.received(me, limit=CHEERS_SHOWN)
        unseen = {c.key for c in groupcheers.new_cheers(progress)}
        self._new |= unseen | set(self.papp.main.new_cheer_keys)
        self._show_cheers(received)
        groupcheers.mark_seen(progress, [c for c in received if c.key in unseen])
        self.papp.main.clear_new_cheers()

    def _row(self, index: int | None) -> grouptable.Row | None:
        if self._view is None or index is None or not 0 <= index < len(self._view.rows):
            return None
        return self._view.rows[index]

    def _show_detail(self, row: grouptable.Row | None) -> None:
        box = self.query_one("#group-detail", Vertical)
        box.border_title = row["name"] if row and row.get("name") else "Member"
        text = detail_text(row, self.papp.today()) if self._view else Text("")
        self.query_one("#group-detail-text", Static).update(text)
        box.border_subtitle = "last 8 weeks" if row and row.get("weeks") else ""
        spark = self.query_one("#group-sparkline", Sparkline)
        weeks = row.get("weeks") if row else None
        spark.data = weeks or []
        spark.display = bool(weeks)

    def _show_cheers(self, cheers: list[groupcheers.Cheer]) -> None:
        self._cheers = cheers
        listing = self.query_one("#group-cheers", OptionList)
        if not cheers:
            listing.set_options([Option(Text("No cheers yet.", style="italic"), disabled=True)])
            return
        today = self.papp.today()
        listing.set_options([Option(cheer_text(c, c.key in self._new, today)) for c in cheers])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "group-members":
            self._show_detail(self._row(event.option_index))

    # -- actions

    def action_cursor(self, step: int) -> None:
        listing = self.query_one("#group-members", OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_cheer(self) -> None:
        row = self._row(self.query_one("#group-members", OptionList).highlighted)
        if row is None or row.get("unreadable") or row["you"]:
            self.notify(
                "Choose someone else in the list to cheer.", timeout=NOTICE_TIMEOUT, markup=False
            )
            return
        member, name = row["member"], row["name"]

        def send(text: str | None) -> None:
            if text is not None:
                self._send_cheer(member, name, text)

        self.app.push_screen(CheerDialog(name), send)

    def _send_cheer(self, member: str, name: str, text: str) -> None:
        from pathtui.services import groups

        try:
            groups.queue_cheer(groupview.joined(self.papp.session.progress), member, text)
        except PathtuiError as exc:
            self.notify(str(exc), severity="error", timeout=NOTICE_TIMEOUT, markup=False)
            return
        self.notify(f"Sending your cheer to {name}…", timeout=NOTICE_TIMEOUT, markup=False)
        self.action_sync()

    def action_sync(self) -> None:
        """Sync with the group in a process of its own; redrawn when it is done."""
        if self._syncing:
            return
        self._syncing = True
        if not self.papp.group_round.start(self.papp.session, self._after_sync):
            self._syncing = False
            self.notify(
                "A group sync could not start here.",
                severity="error",
                timeout=NOTICE_TIMEOUT,
                markup=False,
            )

    def _after_sync(self, lines: list[str]) -> None:
        from pathtui.tui.groupround import shown

        self._syncing = False
        for line in lines:
            failed = line.startswith("pathtui: ")
            self.notify(
                shown(line),
                severity="error" if failed else "information",
                timeout=NOTICE_TIMEOUT,
                markup=False,
            )
        if self.is_attached:
            keep = self.query_one("#group-members", OptionList).highlighted_option
            self.redraw(keep=keep.id if keep else None)
        self.papp.main.look_for_cheers()
