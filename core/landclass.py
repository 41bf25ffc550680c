"""Land-class codes (三调工作分类, domain.md §2.3), read from ``land_classes.json``.

Always test prefix membership, never 4-character equality: ``0201K`` is an
orchard, ``1104A`` a pond, and only ``01xx`` is cultivated land.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from .config import load_config

_active: Optional[dict] = None


def use(data: Optional[dict]) -> None:
    """Make ``data`` (the user's land_classes.json merged over the shipped one) the table every rule reads;
    None goes back to the shipped table. Algorithms call this with ``settings.load("land_classes")``."""
    global _active
    if data != _active:
        _active = data
        _names_to_codes.cache_clear()
        _big_class_prefixes.cache_clear()


@lru_cache(maxsize=1)
def _shipped() -> dict:
    return load_config("land_classes")


def table() -> dict:
    return _active if _active is not None else _shipped()


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
    """建设用地 by the three-class roll-up (the one table every roll-up derives from)."""
    return big_class(code) == CONSTRUCTION


CONSTRUCTION = "建设用地"


@lru_cache(maxsize=1)
def _big_class_prefixes() -> Tuple[Tuple[str, str], ...]:
    """(prefix, big class) pairs, longest prefix first."""
    pairs = [(prefix, label) for label, prefixes in table()["big_classes"].items() if not label.startswith("_")
             for prefix in prefixes]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def big_class_prefixes(label: str) -> List[str]:
    """The prefixes the three-class table gives to ``label`` (e.g. every 建设用地 prefix)."""
    return [prefix for prefix, big in _big_class_prefixes() if big == label]


def name(code: object) -> str:
    return table()["classes"].get(normalize(code), "")


def group_code(code: object) -> str:
    return normalize(code)[:2]


def group_name(code: object) -> str:
    return table()["groups"].get(group_code(code), "")


@lru_cache(maxsize=1)
def _names_to_codes() -> Dict[str, str]:
    legacy = {n: c for n, c in table().get("legacy_names", {}).items() if not n.startswith("_")}
    return {**legacy, **{n: c for c, n in table()["classes"].items()}}


def code_for_name(dlmc: object) -> Optional[str]:
    """DLMC -> DLBM fallback for layers that carry only the class name.

    三调 names first, then 二调-era names (``legacy_names``: 有林地 -> 0301, 村庄 -> 20 城镇村及工矿用地 …).
    """
    if dlmc is None:
        return None
    return _names_to_codes().get(str(dlmc).strip())


def codes_of(dlbm: Sequence[object], dlmc: Sequence[object]) -> Tuple[List[str], List[str]]:
    """Per row the normalized DLBM, or where it is empty the DLMC through the code table ('' when neither);
    and the distinct DLMC names the table does not know (on rows without a DLBM), for the warning.

    Each distinct value is looked up once (a county has a few dozen classes over a million parcels).
    """
    index, unique = pd.factorize(np.asarray(list(dlbm), dtype=object))
    codes = np.array([normalize(u) for u in unique] + [""], dtype=object)[index]
    empty = codes == ""
    unknown: List[str] = []
    if empty.any():
        names = np.asarray(list(dlmc), dtype=object)[empty]
        name_index, name_unique = pd.factorize(names)
        found = [code_for_name(name) for name in name_unique]
        unknown = sorted({str(n).strip() for n, c in zip(name_unique, found) if c is None and str(n).strip()})
        codes[empty] = np.array([c or "" for c in found] + [""], dtype=object)[name_index]
    return codes.tolist(), unknown


def big_class(code: object) -> str:
    """三大类 (农用地/建设用地/未利用地) by the longest matching prefix, '' when unknown."""
    text = normalize(code)
    for prefix, label in _big_class_prefixes():
        if text.startswith(prefix):
            return label
    return ""
