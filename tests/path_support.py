"""Paths the tests share: a schema-2 path with choices and links, and the built-in one.

``builtin_path`` reads the embedded path file through storage, so a test of
the model gets the real path while the model itself reads no file.
"""

from __future__ import annotations

from pathtui.model.path import LearningPath
from pathtui.storage.pathfile import load_path

V2 = '''
schema = 2
id = "langs"
title = "Languages"
[baseline]
hours_per_week = 10
weeks = [3, 8]
[[steps]]
id = "pick"
number = 1
title = "Pick a language"
goal = "Choose one."
  [[steps.choices]]
  id = "first-language"
  title = "First language"
  choose = 1
  [[steps.items]]
  id = "intro"
  title = "Why a language at all"
  hours = [10, 20]
  description = """
First paragraph, with two lines
that stay together.

- a list item
- another\tone"""
  links = [
    { title = "One", url = "https://example.org/1" },
    { title = "Two", url = "http://example.org/2" },
  ]
  [[steps.items]]
  id = "go"
  title = "Go"
  hours = [20, 40]
  choice = "first-language"
  [[steps.items]]
  id = "python"
  title = "Python"
  hours = [10, 20]
  choice = "first-language"
  [[steps.items]]
  id = "rust"
  title = "Rust"
  hours = [0, 60]
  choice = "first-language"
  [[steps.items]]
  id = "bonus"
  title = "Read a language's history"
  hours = [5, 5]
  optional = true
[[steps]]
id = "build"
number = 2
title = "Build"
goal = "Build a thing."
  [[steps.items]]
  id = "build-it"
  title = "Build it"
  hours = [10, 20]
'''


def builtin_path() -> LearningPath:
    """The built-in path, as ``pathtui`` loads it."""
    return load_path()
