"""Does cost grow no worse than linearly with the number of items?

With medians at 50, 500 and 5,000 items, the cost per extra item on the
second stretch (500 → 5,000) must not exceed the cost per extra item on the
first (50 → 500) by more than a tolerance. A cost that is flat (within noise)
on the second stretch passes as well: it is growing slower than linearly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

#: Allowed rise of the per-item slope before we call growth super-linear.
SLOPE_TOLERANCE = 1.25
#: A change smaller than this (ms) or this share of the smaller median is noise.
NOISE_MS = 1.0
NOISE_SHARE = 0.05
US_PER_MS = 1000.0


@dataclass
class Growth:
    measure: str
    medians: dict[int, float]

    def _slope(self, a: int, b: int) -> float:
        """Microseconds per extra item between sizes ``a`` and ``b``."""
        return (self.medians[b] - self.medians[a]) / (b - a) * US_PER_MS

    @property
    def sizes(self) -> list[int]:
        return sorted(self.medians)

    @property
    def slopes(self) -> list[float]:
        s = self.sizes
        return [self._slope(a, b) for a, b in itertools.pairwise(s)]

    @property
    def linear_or_better(self) -> bool:
        """Each stretch's rise stays within the previous stretch's per-item slope (plus noise)."""
        s = self.sizes
        for (b, c), first in zip(itertools.pairwise(s[1:]), self.slopes, strict=False):
            rise = self.medians[c] - self.medians[b]
            noise = max(NOISE_MS, NOISE_SHARE * self.medians[b])
            allowed = max(first, 0.0) / US_PER_MS * (c - b) * SLOPE_TOLERANCE + noise
            if rise > allowed:
                return False
        return True


def table(growths: list[Growth]) -> str:
    if not growths:
        return ""
    sizes = growths[0].sizes
    heads = ["measure", *(f"{n:,} items" for n in sizes)]
    heads += [f"µs/item {a:,}→{b:,}" for a, b in itertools.pairwise(sizes)]
    heads.append("growth")
    body = []
    for g in growths:
        cells = [g.measure, *(f"{g.medians[n]:.1f} ms" for n in sizes)]
        cells += [f"{s:+.1f}" for s in g.slopes]
        cells.append("linear or better" if g.linear_or_better else "FAIL: super-linear")
        body.append(cells)
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(heads)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(heads), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(b) for b in body])
