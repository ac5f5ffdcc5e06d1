"""A generated path of any size, in format 2, for tests of big real-world paths.

The default is the size the tracker must handle well: 25 steps, 300 items,
items with 5 links and 2,000-character descriptions in paragraphs and a list,
and a "choose 1 of 9" group (step 2). Run as a script to write one:
``python tests/bigpath.py OUT.toml``.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import tomli_w

#: Words the descriptions are made of (any text would do; these read as prose).
PROSE = (
    "learn the idea then practise it on a small project and write down what you found "
    "hard so you can come back to it later with fresh eyes"
)
WORDS = PROSE.split(" ")
CHOICE_STEP = 2
CHOICE_OPTIONS = 9


def description(n: int, chars: int) -> str:
    """Paragraphs and a short list, about ``chars`` characters long."""
    words: list[str] = []
    i, length = n, 0
    while length < chars:
        words.append(WORDS[i % len(WORDS)])
        length += len(words[-1]) + 1
        i += 1
    third = len(words) // 3
    paragraphs = [
        " ".join(words[:third]).capitalize() + ".",
        " ".join(words[third : 2 * third]).capitalize() + ".",
        "- first point\n- second point\n- third point",
        " ".join(words[2 * third :]).capitalize() + ".",
    ]
    text = "\n\n".join(paragraphs)[:chars]
    return text[:-1] + "." if text[-1].isspace() else text  # no space to strip at the end


def big_path(
    steps: int = 25,
    items: int = 300,
    links: int = 5,
    desc_chars: int = 2000,
    path_id: str = "big",
) -> dict:
    """The path as a dict ready for ``tomli_w``."""
    per_step = items // steps
    out_steps = []
    n = 0
    for s in range(1, steps + 1):
        count = per_step + (items - per_step * steps if s == steps else 0)
        step_items = []
        choices = []
        if s == CHOICE_STEP:
            choices.append({"id": "pick-language", "title": "Pick a language", "choose": 1})
        for k in range(count):
            n += 1
            item: dict = {
                "id": f"s{s}-item-{k + 1}",
                "title": f"Topic {n} of step {s}",
                "hours": [2, 5],
                "description": description(n, desc_chars),
                "links": [
                    {
                        "title": f"Reading {j + 1} for topic {n}",
                        "url": f"https://example.org/{n}/{j}",
                    }
                    for j in range(links)
                ],
            }
            if s == CHOICE_STEP and k < CHOICE_OPTIONS:
                item["choice"] = "pick-language"
                item["title"] = f"Language {k + 1}"
            step_items.append(item)
        step: dict = {
            "id": f"step-{s}",
            "number": s,
            "title": f"Step {s}: a long step title that needs room {s}",
            "goal": f"Work through the topics of step {s}.",
            "items": step_items,
            "resources": [{"title": f"Step {s} overview", "url": f"https://example.org/step/{s}"}],
        }
        if choices:
            step["choices"] = choices
        out_steps.append(step)
    return {
        "schema": 2,
        "id": path_id,
        "title": "A big generated path",
        "baseline": {"hours_per_week": 10, "label": "a long while"},
        "steps": out_steps,
    }


@functools.cache
def big_path_text(**kw: int | str) -> str:
    """The path as TOML, made once per test process (it takes about a second)."""
    return tomli_w.dumps(big_path(**kw))  # type: ignore[arg-type]


def write_big_path(file: Path, **kw: int | str) -> Path:
    file.write_text(big_path_text(**kw), encoding="utf-8")
    return file


if __name__ == "__main__":
    print(write_big_path(Path(sys.argv[1])))
