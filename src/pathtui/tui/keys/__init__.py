"""The main screen's keys, one mixin per part: items, moving around, settings,
the study log, projects and jobs.

``MainScreen`` (``screens/main.py``) lists them among its bases and declares
the bindings; ``base.py`` says what each may use of the screen. Handlers
decorated with ``@on`` stay on the screen itself: Textual collects those from
the class that defines them, which a plain mixin is not.
"""
