"""The bench's table: one row per figure, with its baseline, ratio and target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol

MS = 1000.0
MIB = 1024 * 1024

#: Kinds of target a row can have.
RATIO = "ratio"  # median / baseline median must be <= target
ABSOLUTE = "absolute"  # median (ms) must be <= target
REPORT = "report"  # shown, no target
INFO = "info"  # context for other rows, no target


class Measured(Protocol):
    """Repeated measurements (``procs.Samples``): the median is what a row shows."""

    values: list[float]

    @property
    def median(self) -> float: ...

    @property
    def spread(self) -> float: ...


@dataclass
class Row:
    figure: str
    median: float
    unit: str = "ms"  # "ms" or "MiB"
    baseline: float | None = None
    kind: str = REPORT
    target: float | None = None
    runs: int = 0
    spread: float = 0.0
    note: str = ""
    #: For a ratio row, an absolute limit (ms) the median must also stay under.
    ceiling: float | None = None

    @classmethod
    def of(
        cls,
        figure: str,
        samples: Measured,
        baseline: Measured | None = None,
        kind: str = REPORT,
        target: float | None = None,
        **more: object,
    ) -> Row:
        """A row for ``samples`` (against ``baseline``'s median, if given), with
        its run count and spread."""
        return cls(
            figure,
            samples.median,
            baseline=baseline.median if baseline is not None else None,
            kind=kind,
            target=target,
            runs=len(samples.values),
            spread=samples.spread,
            **more,  # type: ignore[arg-type]
        )

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline:
            return None
        return self.median / self.baseline

    @property
    def verdict(self) -> str:
        if self.kind == RATIO and self.target is not None and self.ratio is not None:
            under = self.ceiling is None or self.median <= self.ceiling
            return "pass" if self.ratio <= self.target and under else "FAIL"
        if self.kind == ABSOLUTE and self.target is not None:
            return "pass" if self.median <= self.target else "FAIL"
        return "report" if self.kind == REPORT else "info"

    def target_text(self) -> str:
        if self.target is None:
            return "—"
        if self.kind == RATIO:
            ceiling = f" and ≤ {self.ceiling:g} {self.unit}" if self.ceiling is not None else ""
            return f"≤ {self.target:g}×{ceiling}"
        return f"≤ {self.target:g} {self.unit}"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(ratio=self.ratio, verdict=self.verdict)
        return data


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.1f} {unit}"


HEADERS = ("figure", "median", "baseline median", "ratio", "target", "result")


def table(rows: list[Row]) -> str:
    """A Markdown table, readable in a terminal and pasteable into the README."""
    body = [
        (
            row.figure,
            _value(row.median, row.unit),
            _value(row.baseline, row.unit),
            f"{row.ratio:.2f}×" if row.ratio is not None else "—",
            row.target_text(),
            row.verdict,
        )
        for row in rows
    ]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(HEADERS)]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(HEADERS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in body]
    return "\n".join(out)


def notes(rows: list[Row]) -> str:
    """Footnotes: run counts, noise and any per-row remark."""
    out = []
    for row in rows:
        bits = [f"{row.runs} runs"] if row.runs else []
        if row.spread:
            bits.append(f"IQR {row.spread * 100:.0f}% of median")
        if row.note:
            bits.append(row.note)
        if bits:
            out.append(f"- {row.figure}: " + "; ".join(bits))
    return "\n".join(out)
