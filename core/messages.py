"""Errors a user reads: core has no Qt, so it raises the English template and its parameters.

``text`` is a source string of the translation (scripts/update_ts.py collects the literal first argument
of every ``...Error(...)`` call under core/); the QGIS glue words it through ``translate.message``, which
translates the template and then fills in the parameters. ``str()`` of the error is the English sentence.
"""
from __future__ import annotations

from typing import Any


class Problem(ValueError):
    """A user-facing error: ``text`` (an English template with named fields) and its ``params``."""

    def __init__(self, text: str, **params: Any):
        self.text, self.params = text, params
        super().__init__(text.format(**params) if params else text)
