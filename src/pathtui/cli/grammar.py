"""One declaration of the everyday commands' arguments, read by two parsers.

The commands a shell calls often (the tracker, ``status``, marking items,
``note``, ``log``, ``review``, ``remind``, ``config``, ``list``, ``sync`` and the reading
commands of ``cli/reads.py``: ``show``, ``jobs``, ``project list``, ``path list``
and ``restore``'s list) are declared here once: their words, arguments and
options with flags, value kinds, metavars and help. The Typer commands
(``cli/progress.py``, ``cli/study.py``, ``cli/config.py``, ``cli/show.py``...) build
those parameters from this table through :func:`typer_param`, so ``--help``,
completion and every error message come from Typer. :func:`parse` reads the
same table to answer a plain, well-formed call before Typer is imported: Typer
costs more to import than the whole of a ``done`` may take (docs/performance.md
has the figures). Any call the fast parser is not sure of (``--help``, a
``--``, a value that does not convert, an option it does not know) returns None
and goes to Typer, which answers it in full; so the two can only differ in
speed, and a test checks that the Typer app's parameters are exactly the ones
declared here.

This module runs on every ``pathtui status``: it imports nothing (not even
``typing`` or ``dataclasses``, which cost milliseconds).
"""

from __future__ import annotations

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Value kinds a parameter can take; FLAG takes none (present means True).
FLAG, TEXT, NUMBER, WHOLE = "flag", "text", "number", "whole"
_CONVERT = {TEXT: str, NUMBER: float, WHOLE: int}


class Param:
    """One argument (no flags) or option of a command, as the user types it."""

    __slots__ = ("dest", "flags", "help", "kind", "many", "metavar", "required", "slow")

    def __init__(
        self,
        dest: str,
        flags: tuple[str, ...] = (),
        *,
        kind: str = TEXT,
        help: str = "",
        metavar: str | None = None,
        many: bool = False,
        required: bool = True,
        slow: bool = False,
    ) -> None:
        self.dest = dest  # the Python parameter's name, in the Typer command and the action
        self.flags = flags  # empty for a positional argument
        self.kind = kind
        self.help = help
        self.metavar = metavar
        self.many = many  # a positional argument that takes one or more values
        self.required = required  # positional arguments only
        # Given, the call goes to Typer: what it starts may ask a question.
        self.slow = slow

    @property
    def positional(self) -> bool:
        return not self.flags


class Command:
    """A command's words, its parameters, and the function that does the work.

    ``run`` is ``"module:function"``; the function takes ``path_file`` and the
    parameters by their ``dest`` names, plus ``fixed`` (e.g. the state
    ``done`` sets). Both the Typer command and the fast path call it.
    """

    __slots__ = ("fixed", "params", "run", "words")

    def __init__(
        self,
        words: tuple[str, ...],
        run: str,
        params: tuple[Param, ...] = (),
        fixed: dict[str, Any] | None = None,
    ) -> None:
        self.words = words
        self.run = run
        self.params = params
        self.fixed = fixed or {}

    def param(self, dest: str) -> Param:
        for param in self.params:
            if param.dest == dest:
                return param
        raise KeyError(f"{' '.join(self.words)} has no parameter {dest!r}")


PATH_HELP = "Use your own path file instead of the built-in backend path."
PATH = Param("path_file", ("--path",), help=PATH_HELP, metavar="FILE")
#: Every ``status --format`` placeholder, in the order ``statusview.placeholders``
#: fills them (``--help`` lists them; a test holds the two together).
PLACEHOLDER_NAMES = (
    "step", "steps", "step_title", "step_done", "step_total", "done", "total", "percent",
    "percent1", "left", "left_long", "next", "next_id", "pace", "hours_per_week",
    "hours_left", "finish", "finish_earliest", "finish_latest", "bar", "path",
    "my_left", "my_finish", "my_pace", "pace_4w", "forecast_basis", "streak", "schedule",
    "jobs", "reviews",
)  # fmt: skip
IDS = Param("ids", metavar="ID...", help="Item ids (see `pathtui list`).", many=True)
MARK = "pathtui.cli.actions:mark"
JSON_LIST = "Print a JSON list for scripts."

COMMANDS: dict[tuple[str, ...], Command] = {
    c.words: c
    for c in (
        Command((), "pathtui.cli.tracker:open_tracker"),
        Command(
            ("status",),
            "pathtui.cli.status:print_status",
            (
                Param("as_json", ("--json",), kind=FLAG, help="Print a JSON object for scripts."),
                Param(
                    "template",
                    ("--format",),
                    metavar="TEMPLATE",
                    help="Fill a template for prompts, e.g. '{step}/{steps} {percent}% {left}'. "
                    "Placeholders: " + ", ".join("{" + n + "}" for n in PLACEHOLDER_NAMES) + ".",
                ),
                Param(
                    "hours_per_week",
                    ("--hours-per-week",),
                    metavar="N",
                    help="Estimate at this pace without saving it.",
                ),
                # `status --path FILE` works as well as `--path FILE status`.
                Param("status_path", ("--path",), metavar="FILE", help=PATH_HELP),
                Param(
                    "every_path",
                    ("--all",),
                    kind=FLAG,
                    help="One line for every path you have (see `pathtui path list`).",
                ),
            ),
        ),
        Command(("done",), MARK, (IDS,), {"state": "done"}),
        Command(("learning",), MARK, (IDS,), {"state": "learning"}),
        Command(("skip",), MARK, (IDS,), {"state": "skipped"}),
        Command(("todo",), MARK, (IDS,), {"state": "todo"}),
        Command(
            ("note",),
            "pathtui.cli.actions:note",
            (
                Param("item_id", metavar="ID", help="Item id."),
                Param("text", metavar="TEXT", help='The note; "" clears it.'),
            ),
        ),
        Command(
            ("list",),
            "pathtui.cli.actions:list_items",
            (
                Param(
                    "step",
                    ("--step",),
                    metavar="N",
                    help="Only this step (its number; 0 for the extras).",
                ),
                Param("state", ("--state",), metavar="STATE", help="Only items in this state."),
                Param(
                    "as_json",
                    ("--json",),
                    kind=FLAG,
                    help="Print a JSON list of the items for scripts.",
                ),
            ),
        ),
        Command(
            ("log",),
            "pathtui.cli.actions:log",
            (
                Param(
                    "duration",
                    metavar="DURATION",
                    help="How long you studied: 1.5 (hours), 90m, 1h30m or 1:30.",
                    required=False,
                ),
                Param(
                    "date",
                    ("--date", "-d"),
                    metavar="DATE",
                    help="YYYY-MM-DD, today or yesterday.",
                ),
                Param(
                    "item",
                    ("--item", "-i"),
                    metavar="ID",
                    help="The item you worked on (optional).",
                ),
                Param("note", ("--note", "-n"), metavar="TEXT", help="A short note (optional)."),
                Param(
                    "show",
                    ("--list", "-l"),
                    kind=FLAG,
                    help="List the log (with --item, just that item).",
                ),
                Param(
                    "remove",
                    ("--remove",),
                    metavar="ENTRY",
                    help="Remove a mistaken entry by its id.",
                ),
            ),
        ),
        Command(
            ("sync",),
            "pathtui.cli.syncround:sync_round",
            (
                Param(
                    "repair",
                    ("--repair",),
                    kind=FLAG,
                    help="Replace a file on the remote that pathtui refuses (damaged, too "
                    "large) with this device's version; the remote's copy is kept in backups/.",
                ),
            ),
        ),
        Command(
            ("group",),
            "pathtui.cli.grouptable:show_group",
            (
                Param(
                    "as_json",
                    ("--json",),
                    kind=FLAG,
                    help="Print a JSON list of the members for scripts.",
                ),
            ),
        ),
        Command(("config",), "pathtui.cli.actions:config_show"),
        Command(
            ("config", "hours-per-week"),
            "pathtui.cli.actions:config_hours",
            (Param("hours", metavar="N", help="Hours you study per week."),),
        ),
        Command(
            ("config", "start-date"),
            "pathtui.cli.actions:config_start",
            (
                Param(
                    "date",
                    metavar="DATE",
                    help="When you started the path: YYYY-MM-DD, today or yesterday.",
                ),
            ),
        ),
        Command(
            ("config", "day-minimum"),
            "pathtui.cli.actions:config_day_minimum",
            (
                Param(
                    "minutes",
                    metavar="MINUTES",
                    help="Minutes that make a study day, e.g. 15.",
                ),
            ),
        ),
        Command(
            ("config", "rest-days"),
            "pathtui.cli.actions:config_rest_days",
            (Param("text", metavar="N", help="Rest days per week that keep a day streak."),),
        ),
        Command(
            ("review",),
            "pathtui.cli.reviewing:review",
            (
                Param(
                    "item_id",
                    metavar="ID",
                    help="A done item to rate from a script (with a RATING).",
                    required=False,
                ),
                Param(
                    "rating",
                    metavar="RATING",
                    help="again, hard, good or easy.",
                    required=False,
                ),
                Param(
                    "show",
                    ("--list", "-l"),
                    kind=FLAG,
                    help="List the cards due today and the ones after them.",
                ),
                Param(
                    "as_json",
                    ("--json",),
                    kind=FLAG,
                    help="With --list: a JSON list of the cards for scripts.",
                ),
            ),
        ),
        Command(
            ("config", "review"),
            "pathtui.cli.actions:config_review",
            (Param("choice", metavar="on|off", help="Switch spaced review of done items."),),
        ),
        Command(
            ("config", "retention"),
            "pathtui.cli.actions:config_retention",
            (
                Param(
                    "text",
                    metavar="R",
                    help="The share of reviews you want to still recall, 0.70 to 0.97.",
                ),
            ),
        ),
        Command(
            ("show",),
            "pathtui.cli.reads:show_item",
            (
                Param("item_id", metavar="ID", help="Item id (see `pathtui list`)."),
                Param("as_json", ("--json",), kind=FLAG, help="Print a JSON object for scripts."),
            ),
        ),
        Command(
            ("jobs",),
            "pathtui.cli.reads:jobs_list",
            (Param("as_json", ("--json",), kind=FLAG, help=JSON_LIST),),
        ),
        Command(
            ("project", "list"),
            "pathtui.cli.reads:project_list",
            (Param("as_json", ("--json",), kind=FLAG, help="Print JSON for scripts."),),
        ),
        Command(("path", "list"), "pathtui.cli.reads:path_list"),
        Command(
            ("restore",),
            "pathtui.cli.reads:restore",
            (
                Param(
                    "backup",
                    metavar="[BACKUP]",
                    help="A backup (a file in backups/, by name or path) or a JSON export. "
                    "Without it, the backups are listed.",
                    required=False,
                    slow=True,
                ),
                Param("yes", ("--yes", "-y"), kind=FLAG, help="Do not ask before restoring."),
            ),
        ),
        Command(
            ("remind",),
            "pathtui.cli.reminding:remind",
            (
                Param(
                    "as_json",
                    ("--json",),
                    kind=FLAG,
                    help="Print a JSON list of the nudges ({kind, text}) for scripts.",
                ),
                Param(
                    "notify",
                    ("--notify",),
                    kind=FLAG,
                    help="Also show each nudge as a desktop notification (each kind once a day).",
                ),
            ),
        ),
        Command(
            ("config", "study-days"),
            "pathtui.cli.actions:config_study_days",
            (
                Param(
                    "text",
                    metavar="DAYS",
                    help="The days you study, e.g. mon,wed,sat (or none).",
                ),
            ),
        ),
        Command(
            ("config", "study-time"),
            "pathtui.cli.actions:config_study_time",
            (Param("text", metavar="HH:MM", help="When your study sessions start, e.g. 19:00."),),
        ),
        Command(
            ("config", "streaks"),
            "pathtui.cli.actions:config_streaks",
            (
                Param(
                    "choice",
                    metavar="on|off|weeks|days",
                    help="Switch streaks on or off, or choose the one shown: weeks or days.",
                ),
            ),
        ),
    )
}


class Call:
    """A parsed command line: the command and its values (only those given)."""

    __slots__ = ("command", "values")

    def __init__(self, command: Command, values: dict[str, Any]) -> None:
        self.command = command
        self.values = values

    def run(self) -> None:
        """Import the command's function and call it."""
        from importlib import import_module

        module, _, name = self.command.run.partition(":")
        function = getattr(import_module(module), name)
        function(**self.command.fixed, **self.values)


def _split_path(args: list[str]) -> str | bool | None:
    """Take a leading ``--path FILE`` off ``args``: the file, None, or False if malformed."""
    if not args or not (args[0] == "--path" or args[0].startswith("--path=")):
        return None
    first = args.pop(0)
    value = first.split("=", 1)[1] if "=" in first else (args.pop(0) if args else "")
    return value if value and not value.startswith("-") else False


def _match(args: list[str]) -> Command:
    """The command with the longest run of leading words in ``args`` (removed from it)."""
    for size in range(min(len(args), 2), -1, -1):
        command = COMMANDS.get(tuple(args[:size]))
        if command is not None:
            del args[:size]
            return command
    raise LookupError


def _convert(param: Param, raw: str) -> Any:
    return _CONVERT[param.kind](raw)


def _value_like(arg: str) -> bool:
    """A value that starts with a dash (``-5h``, ``-1``, ``- a thought``), not an
    option: it goes to the command, which says what is wrong with it."""
    number = arg[2:] if arg.startswith("-.") else arg[1:]
    return number[:1].isdigit() or " " in arg


def _options(command: Command, args: list[str], values: dict[str, Any]) -> list[str] | None:
    """Put the options of ``args`` into ``values``; the arguments left, or None."""
    options = {flag: p for p in command.params for flag in p.flags}
    given: list[str] = []
    while args:
        arg = args.pop(0)
        if not arg.startswith("-") or arg == "-" or (arg not in options and _value_like(arg)):
            given.append(arg)
            continue
        name, eq, raw = arg.partition("=")
        param = options.get(name)
        if param is None or param.dest in values or (eq and not name.startswith("--")):
            return None
        if param.kind == FLAG:
            if eq:
                return None
            values[param.dest] = True
            continue
        if not eq:
            if not args:
                return None
            raw = args.pop(0)
        values[param.dest] = _convert(param, raw)
    return given


def _arguments(command: Command, given: list[str], values: dict[str, Any]) -> bool:
    """Put the arguments into ``values``; False if there are too few or too many."""
    for param in command.params:
        if not param.positional:
            continue
        if param.many:
            if not given:
                return False
            values[param.dest] = given[:]
            given.clear()
        elif given:
            values[param.dest] = _convert(param, given.pop(0))
        elif param.required:
            return False
    return not given


def parse(argv: list[str]) -> Call | None:
    """The call ``argv`` asks for, or None when Typer should answer it.

    Only plain forms are taken: ``[--path FILE] WORDS [ARGS] [OPTIONS]`` with
    known options (``--opt VALUE``, ``--opt=VALUE`` or ``-o VALUE``), each at
    most once, values that convert, and the right number of arguments.
    """
    args = list(argv)
    path_file = _split_path(args)
    if path_file is False:
        return None
    try:
        command = _match(args)
    except LookupError:
        return None
    values: dict[str, Any] = {"path_file": path_file}
    try:
        given = _options(command, args, values)
        if given is None or not _arguments(command, given, values):
            return None
    except ValueError:
        return None
    if any(p.slow and p.dest in values for p in command.params):
        return None
    return Call(command, values)


def typer_param(words: tuple[str, ...], dest: str) -> Any:
    """The ``typer.Option`` or ``typer.Argument`` for one declared parameter."""
    import typer

    param = PATH if dest == "path_file" else COMMANDS[words].param(dest)
    # Ids complete on Tab from the path: ``done py-<Tab>``.
    extra: dict[str, Any] = {}
    if param.metavar in ("ID", "ID..."):
        from pathtui.cli.completion import item_ids

        extra["autocompletion"] = item_ids
    if param.positional:
        return typer.Argument(metavar=param.metavar, help=param.help, **extra)
    if param is PATH:  # a file, never a folder: Typer says so before anything runs
        return typer.Option(*param.flags, metavar=param.metavar, help=param.help, dir_okay=False)
    return typer.Option(*param.flags, metavar=param.metavar, help=param.help, **extra)
