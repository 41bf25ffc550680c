"""Land-class codes (三调工作分类, domain.md §2.3), read from ``land_classes.json``.

Always test prefix membership, never 4-character equality: ``0201K`` is an
orchard, ``1104A`` a pond, and only ``01xx`` is cultivated land.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Iterable, Optional

from .config import load_config


@lru_cache(maxsize=1)
def table() -> dict:
    return load_config("land_classes")


def normalize(code: object) -> str:
    """Canonical text of a DLBM value: trimmed, upper-case, ``1``..``9`` padded to ``01``..``09``."""
    if code is None:
        return ""
    text = str(code).strip().upper()
    if text.endswith(".0") and text[:-2].isdigit():  # numbers read from Excel or DBF
        text = text[:-2]
    if len(text) == 1 and text.isdigit():
        text = "0" + text
    elif len(text) == 3 and text.isdigit():
        text = "0" + text
    return text


def is_cultivated(code: object) -> bool:
    """耕地 is 0101/0102/0103 only; adjustable K classes are not cultivated land."""
    return normalize(code).startswith(table()["cultivated_prefix"])


def is_adjustable(code: object) -> bool:
    """可调整地类 (K suffix): former cultivated land, not counted as cultivated."""
    return normalize(code).endswith("K")


def matches_prefix(code: object, prefixes: Iterable[str]) -> bool:
    text = normalize(code)
    return any(text.startswith(p) for p in prefixes)


def is_restorable(code: object) -> bool:
    spec = table()["restorable"]
    return matches_prefix(code, spec["prefixes"]) and not matches_prefix(code, spec["exclude"])


def is_construction(code: object) -> bool:
    return matches_prefix(code, table()["construction_prefixes"])


def name(code: object) -> str:
    return table()["classes"].get(normalize(code), "")


def group_code(code: object) -> str:
    return normalize(code)[:2]


def group_name(code: object) -> str:
    return table()["groups"].get(group_code(code), "")


@lru_cache(maxsize=1)
def _names_to_codes() -> Dict[str, str]:
    return {n: c for c, n in table()["classes"].items()}


def code_for_name(dlmc: object) -> Optional[str]:
    """DLMC -> DLBM fallback for layers that carry only the class name."""
    if dlmc is None:
        return None
    return _names_to_codes().get(str(dlmc).strip())


def big_class(code: object) -> str:
    """三大类 (农用地/建设用地/未利用地) by the longest matching prefix, '' when unknown."""
    text = normalize(code)
    best, best_len = "", 0
    for label, prefixes in table()["big_classes"].items():
        if label.startswith("_"):
            continue
        for prefix in prefixes:
            if text.startswith(prefix) and len(prefix) > best_len:
                best, best_len = label, len(prefix)
    return best
