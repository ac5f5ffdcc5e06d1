"""The bench's growth check says "super-linear" for super-linear data only."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from growth import Growth
from procs import Samples

SIZES = (50, 500, 5000)


def grows(cost, noise: float = 0.0) -> Growth:
    """Eleven samples per size around ``cost(n)``, spread by ``noise`` ms."""
    offsets = [noise * (i - 5) / 5 for i in range(11)]
    return Growth("t", {n: Samples([cost(n) + d for d in offsets]) for n in SIZES})


def test_linear_and_flat_costs_pass() -> None:
    assert grows(lambda n: 20 + 0.02 * n).linear_or_better
    assert grows(lambda n: 20.0).linear_or_better
    assert grows(lambda n: 20 + 0.02 * n + 3 * (n == 500), noise=2).linear_or_better


def test_quadratic_and_steep_costs_fail() -> None:
    assert not grows(lambda n: 20 + n * n / 10_000).linear_or_better
    assert not grows(lambda n: 20 + 0.002 * n + 0.00004 * n * n, noise=2).linear_or_better


def test_noise_is_not_taken_for_growth_but_real_growth_is() -> None:
    noisy_flat = Growth(
        "t",
        {
            50: Samples([300, 340, 280, 310, 295]),
            500: Samples([290, 250, 330, 280, 300]),
            5000: Samples([320, 360, 300, 315, 330]),
        },
    )
    assert noisy_flat.linear_or_better
    steep = {50: 300.0, 500: 305.0, 5000: 900.0}
    assert not grows(lambda n: steep[n], noise=30).linear_or_better


def test_slopes_are_microseconds_per_item() -> None:
    g = grows(lambda n: 10 + 0.001 * n)
    assert [round(s, 6) for s in g.slopes] == [1.0, 1.0]
