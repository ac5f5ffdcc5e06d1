"""What every group of figures needs: the temp folder, the fixtures and run counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import fixtures
import procs


@dataclass(frozen=True)
class Counts:
    """How many times each kind of figure is measured (medians need enough runs)."""

    fast: int  # programs that finish in well under 100 ms
    slow: int  # cold caches, --help
    launches: int  # tracker launches in tmux (the noisiest figures)
    ticks: int  # in-process saves
    warmup: int

    @classmethod
    def for_mode(cls, mode: str) -> Counts:
        return {
            "full": cls(fast=41, slow=15, launches=25, ticks=101, warmup=3),
            "quick": cls(fast=15, slow=5, launches=7, ticks=31, warmup=2),
            "smoke": cls(fast=2, slow=1, launches=1, ticks=3, warmup=1),
        }[mode]


@dataclass
class Context:
    root: Path
    counts: Counts
    sizes: tuple[int, ...] = fixtures.SIZES
    #: Study group sizes (``figures_groups.py``); a smoke run skips the middle ones.
    group_sizes: tuple[int, ...] = (5, 50, 150, 500)
    scenarios: dict[str, fixtures.Scenario] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.root / "home"

    def prepare(self) -> None:
        """Write every fixture once; all runs after this only read them (or tick)."""
        self.home.mkdir(parents=True, exist_ok=True)
        self.scenarios["default"] = fixtures.make_default(self.root)
        for size in self.sizes:
            self.scenarios[str(size)] = fixtures.make_scaled(self.root, size)
        for scenario in self.scenarios.values():
            fixtures.check_location(scenario)

    def env(self, scenario: fixtures.Scenario, **extra: str) -> dict[str, str]:
        return procs.isolated_env(scenario.data_dir, self.home, **extra)

    @property
    def biggest(self) -> fixtures.Scenario:
        return self.scenarios[str(max(self.sizes))]
