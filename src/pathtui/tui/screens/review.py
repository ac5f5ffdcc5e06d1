"""The Review screen (`v`): the cards due today, oldest first, one at a time.

It works like ``pathtui review``: each card shows the item's title, its
description, the learner's note and links, and asks them to recall it; then
1–4 (or a h g e) rates it Again, Hard, Good or Easy, the rating is saved at
once (``services/reviews.py``), and the next card comes. The last card
gives way to a summary; Esc goes back at any time, keeping every rating
given. The words are the command's (``model/review.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from pathtui.errors import PathtuiError, SaveError
from pathtui.model.review import (
    Card,
    due_since,
    history_words,
    next_due_after,
    next_words,
    recall_words,
    summary_line,
)
from pathtui.model.sanitise import sanitise
from pathtui.services import reviews
from pathtui.tui.text import day, days_in
from pathtui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

RATE_KEYS = "1 again · 2 hard · 3 good · 4 easy (or a h g e) · Esc goes back"
#: Seconds an error about a rating stays up.
ERROR_TIMEOUT = 12


class ReviewScreen(Screen[None]):
    """One card at a time; every rating saved as it is given."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1,a", "rate('again')", "Again"),
        Binding("2,h", "rate('hard')", "Hard"),
        Binding("3,g", "rate('good')", "Good"),
        Binding("4,e", "rate('easy')", "Easy"),
        Binding("escape,q,v", "close", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="review")
        self.due: list[Card] = []
        self.index = 0
        self.given: list[str] = []
        self.result = ""

    @property
    def papp(self) -> PathtuiApp:
        return cast("PathtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="review-heading", markup=False)
        with VerticalScroll(id="review-card"):
            yield Static(id="review-item", markup=False)
        yield Static(id="review-result", markup=False)
        yield KeyBar(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        session = self.papp.session
        self.due = reviews.due_today(session, self.papp.today())
        self.show()

    @property
    def card(self) -> Card | None:
        return self.due[self.index] if self.index < len(self.due) else None

    # -- drawing

    def show(self) -> None:
        heading = self.query_one("#review-heading", Static)
        item = self.query_one("#review-item", Static)
        self.query_one("#review-result", Static).update(self.result)
        card, today = self.card, self.papp.today()
        if card is None:
            heading.update(Text("Review", style="bold"))
            item.update(self.finished_text())
            self.refresh_bindings()
            return
        heading.update(
            Text.assemble(
                (f"Review · {self.index + 1} of {len(self.due)}", "bold"),
                f" · {due_since(card, today)} · {history_words(card)}",
            )
        )
        item.update(self.card_text(card))
        self.query_one("#review-card", VerticalScroll).scroll_home(animate=False)

    def card_text(self, card: Card) -> Text:
        """The item as the learner needs it to recall: title, description, note, links."""
        found = self.papp.session.path.find(card.item)
        assert found is not None, "a card is an item of the path"
        step, item = found
        text = Text()
        text.append(sanitise(item.title), style="bold")
        where = f"Step {step.number} · {step.title}" if step.number else f"Extras · {step.title}"
        text.append(f"\n{item.id} · {sanitise(where)}\n", style="dim")
        if item.description:
            text.append("\n")
            for line in item.description.splitlines():
                text.append(sanitise(line) + "\n")
        note = self.papp.session.progress.note(item.id)
        if note:
            text.append("\nYour note: ", style="bold")
            text.append(sanitise(note) + "\n")
        for link in item.links:
            text.append("\nLink: ", style="bold")
            text.append(f"{sanitise(link.title)}  {sanitise(link.url)}")
        if item.links:
            text.append("\n")
        text.append(f"\n{recall_words(bool(item.links))}\n", style="italic")
        text.append(RATE_KEYS, style="dim")
        return text

    def finished_text(self) -> Text:
        """What is left when no card is: the summary, or why there was none."""
        session, today = self.papp.session, self.papp.today()
        if not reviews.review_on(session):
            return Text(
                "Review is off. Turn it on in the settings (c) or with "
                "`pathtui config review on`.\n\nEsc goes back."
            )
        next_due = next_due_after(reviews.cards(session).values(), today)
        if not self.due:
            if next_due is None:
                words = "No review cards yet: an item you mark done comes back the day after."
            else:
                words = f"Nothing to review today. The next card is due {day(next_due)}."
            return Text(f"{words}\n\nEsc goes back.")
        summary = days_in(summary_line(self.given, len(self.due), next_due))
        return Text(f"{summary}\n\nEsc goes back.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The rating keys only while a card is shown (the footer drops them after)."""
        if action == "rate":
            return self.card is not None
        return True

    # -- actions

    def action_rate(self, word: str) -> None:
        card = self.card
        if card is None:
            return
        session = self.papp.session
        try:
            rated = reviews.rate(session, card.item, word, now=self.papp.now())
        except SaveError as exc:
            # The rating is in memory: the tracker's next save writes it.
            self.papp.tracker.unsaved = True
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            rated = reviews.cards(session)[card.item]
        except PathtuiError as exc:
            self.notify(
                str(exc),
                title="Not rated",
                severity="error",
                timeout=ERROR_TIMEOUT,
                markup=False,
            )
            self.index += 1
            self.show()
            return
        self.given.append(word)
        self.result = f"{word.capitalize()} · {days_in(next_words(rated, self.papp.today()))}."
        self.index += 1
        self.show()

    def action_close(self) -> None:
        self.dismiss(None)
