"""Errors and warnings a user reads: core has no Qt, so it gives the English template and its parameters.

``text`` is a source string of the translation (scripts/update_ts.py collects the literal first argument
of every ``...Error(...)`` call under core/); the QGIS glue words it through ``translate.message``, which
translates the template and then fills in the parameters. ``str()`` of the error is the English sentence.
"""
from __future__ import annotations

from typing import Any


class Notice:
    """A warning a user reads (the run goes on): like Problem, the English template and its ``params``."""

    def __init__(self, text: str, **params: Any):
        self.text, self.params = text, params

    def __str__(self) -> str:
        return self.text.format(**self.params) if self.params else self.text

    def __repr__(self) -> str:
        return "Notice({0!r})".format(str(self))


class Problem(ValueError):
    """A user-facing error: ``text`` (an English template with named fields) and its ``params``."""

    def __init__(self, text: str, **params: Any):
        self.text, self.params = text, params
        super().__init__(text.format(**params) if params else text)
