"""Does cost grow no worse than linearly with the number of items?

With medians at 50, 500 and 5,000 items, linear growth means the rise over the
second stretch (500 → 5,000 items) is the rise over the first (50 → 500) times
the ratio of the stretches' lengths (10). Each median is uncertain (the
machine is noisy, a start-up takes a few hundred ms, the differences are
small), so the check allows for that: the second rise may be as large as a
linear extrapolation of the largest first rise the samples allow (its median
plus two standard errors), times a tolerance, plus the second rise's own
uncertainty. Growth fails only when the data show super-linear growth beyond
that noise; the table also prints the per-item slopes so a reader can judge.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from procs import Samples

#: Allowed rise of the per-item cost before we call growth super-linear.
SLOPE_TOLERANCE = 1.25
#: A rise smaller than this (ms) is always noise.
NOISE_MS = 1.0
#: Standard error of a median, per IQR/sqrt(n) (normal data: 1.253 σ, σ = IQR/1.349).
MEDIAN_SE_PER_IQR = 0.93
#: How many standard errors count as "within noise".
ERRORS = 2.0
US_PER_MS = 1000.0


#: The fitted exponent is searched on this grid (0 to 3, in hundredths).
EXPONENT_STEPS = 300
EXPONENT_MAX = 3.0
#: Three sizes at least: a start-up cost, a factor and the exponent.
MIN_SIZES_TO_FIT = 3


@dataclass
class Growth:
    measure: str
    samples: dict[int, Samples]
    #: What the sizes count ("item", "member").
    unit: str = "item"

    @property
    def medians(self) -> dict[int, float]:
        return {n: s.median for n, s in self.samples.items()}

    @property
    def sizes(self) -> list[int]:
        return sorted(self.samples)

    def _error(self, size: int) -> float:
        """Standard error of the median at ``size`` (ms)."""
        s = self.samples[size]
        if len(s.values) < 2:
            return 0.0
        return MEDIAN_SE_PER_IQR * s.spread * s.median / math.sqrt(len(s.values))

    def _noise(self, a: int, b: int) -> float:
        return ERRORS * math.hypot(self._error(a), self._error(b)) + NOISE_MS

    @property
    def slopes(self) -> list[float]:
        """Microseconds per extra item on each stretch."""
        m = self.medians
        return [(m[b] - m[a]) / (b - a) * US_PER_MS for a, b in itertools.pairwise(self.sizes)]

    @property
    def linear_or_better(self) -> bool:
        m = self.medians
        for a, b, c in zip(self.sizes, self.sizes[1:], self.sizes[2:], strict=False):
            first = max(m[b] - m[a], 0.0) + self._noise(a, b)
            allowed = first * (c - b) / (b - a) * SLOPE_TOLERANCE + self._noise(b, c)
            if m[c] - m[b] > allowed:
                return False
        return True

    @property
    def exponent(self) -> float | None:
        """k of the least-squares fit ``median(n) = a + b·n^k`` (b ≥ 0), or None
        when the whole rise from the smallest to the largest size is within
        noise (the cost does not grow measurably: no exponent to fit).

        1 is linear growth, 2 quadratic; what start-up costs is in ``a``.
        """
        sizes, m = self.sizes, self.medians
        lo, hi = sizes[0], sizes[-1]
        if len(sizes) < MIN_SIZES_TO_FIT or m[hi] - m[lo] <= self._noise(lo, hi):
            return None
        values = [m[n] for n in sizes]
        best: tuple[float, float] | None = None
        for step in range(EXPONENT_STEPS + 1):
            k = EXPONENT_MAX * step / EXPONENT_STEPS
            xs = [float(n) ** k for n in sizes]
            mean_x, mean_y = sum(xs) / len(xs), sum(values) / len(values)
            var = sum((x - mean_x) ** 2 for x in xs)
            b = (
                sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, values, strict=True)) / var
                if var
                else 0.0
            )
            b = max(b, 0.0)
            a = mean_y - b * mean_x
            sse = sum((a + b * x - y) ** 2 for x, y in zip(xs, values, strict=True))
            if best is None or sse < best[0]:
                best = (sse, k)
        return best[1] if best else None


def table(growths: list[Growth]) -> str:
    """One table for measures over the same sizes of the same unit."""
    if not growths:
        return ""
    sizes, unit = growths[0].sizes, growths[0].unit
    heads = ["measure", *(f"{n:,} {unit}s" for n in sizes)]
    heads += [f"µs/{unit} {a:,}→{b:,}" for a, b in itertools.pairwise(sizes)]
    heads += ["fitted exponent", "growth"]
    body = []
    for g in growths:
        cells = [g.measure, *(f"{g.medians[n]:.1f} ms" for n in sizes)]
        cells += [f"{s:+.1f}" for s in g.slopes]
        k = g.exponent
        cells.append("flat" if k is None else f"{k:.2f}")
        cells.append("linear or better" if g.linear_or_better else "FAIL: super-linear")
        body.append(cells)
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(heads)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(heads), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(b) for b in body])
