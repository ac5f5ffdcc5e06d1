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


def test_the_fitted_exponent_tells_linear_from_quadratic_and_flat() -> None:
    members = (5, 50, 150, 500)

    def fitted(cost) -> float | None:
        return Growth("t", {n: Samples([cost(n)] * 5) for n in members}, unit="member").exponent

    assert fitted(lambda n: 40 + 0.5 * n) == 1.0
    assert fitted(lambda n: 40 + 0.002 * n * n) == 2.0
    assert fitted(lambda n: 40 + 3 * n**0.5) == 0.5
    assert fitted(lambda n: 40.0) is None  # no growth to fit
    noisy = Growth("t", {n: Samples([100.0, 140.0, 60.0, 120.0]) for n in members})
    assert noisy.exponent is None  # a rise within noise is no growth
