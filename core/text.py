"""Cell values as text: what real attribute tables hold is not always what it looks like."""
from __future__ import annotations

import math
import unicodedata
from typing import Any


def cell_text(value: Any) -> str:
    """Trimmed NFKC text of a cell (full-width digits and letters folded).

    None and NaN become ''; integral floats lose their '.0' (codes read from Excel or DBF).
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            value = int(value)
    text = str(value)
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()
