"""Region names (行政区名称) by admin code: one lookup built from every source a run has, in order of trust.

Summaries and ledgers name a county, township or village (6, 9, 12 digits, core.admincodes) by the first
of: a region-name table given to the run, the user's table in the settings, the names the data carries
(ZLDWMC beside ZLDWDM, XZQMC beside XZQDM), and the table shipped in resources/config/regions.json.
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Sequence, Tuple

from . import admincodes

LEVELS = (6, 9, 12)
LOCATION_DIGITS = 19  # a 坐落单位代码 names its village's place: its first 12 digits are the village
BAD_CODE, NO_NAME, CONFLICT = "bad_code", "no_name", "conflict"

# (code field, name field) of layers that carry region names beside their codes, in order of trust
NAMED_CODES = (("ZLDWDM", "ZLDWMC"), ("坐落单位代码", "坐落单位名称"), ("XZQDM", "XZQMC"), ("行政区代码", "行政区名称"),
               ("CJDM", "CJMC"), ("region_code", "region_name"))

RowProblem = Tuple[int, str, str]  # (row number from 1, the code as read, BAD_CODE / NO_NAME / CONFLICT)


def _name(value: object) -> str:
    return "" if value is None else str(value).strip()


def table(codes: Sequence[object], names: Sequence[object]) -> Tuple[Dict[str, str], List[RowProblem]]:
    """Code -> name of a region-name table (codes as text, integers or doubles), and the rows it cannot use:
    a code that is not 6, 9 or 12 digits, an empty name, or a code named twice differently (the first stays)."""
    out: Dict[str, str] = {}
    problems: List[RowProblem] = []
    for row, (code, name) in enumerate(zip(admincodes.normalize_all(codes), names), 1):
        name = _name(name)
        if not (code.isdigit() and len(code) in LEVELS):
            problems.append((row, code, BAD_CODE))
        elif not name:
            problems.append((row, code, NO_NAME))
        elif out.setdefault(code, name) != name:
            problems.append((row, code, CONFLICT))
    return out, problems


def from_data(codes: Sequence[object], names: Sequence[object]) -> Dict[str, str]:
    """The names a layer carries beside its codes (ZLDWMC/ZLDWDM, XZQMC/XZQDM): the first non-empty name of
    each region. A 19-digit location code names its village; a village group's row (digits after the 12th
    not all zero) gives the village a name only when no row of the village itself does."""
    own: Dict[str, str] = {}
    groups: Dict[str, str] = {}
    for code, name in zip(admincodes.normalize_all(codes), names):
        name = _name(name)
        if not name or not code.isdigit():
            continue
        if len(code) == LOCATION_DIGITS:
            (own if not code[12:].strip("0") else groups).setdefault(code[:12], name)
        elif len(code) in LEVELS:
            own.setdefault(code, name)
    return lookup(own, groups)


def name_fields(field_names: Sequence[str]) -> List[Tuple[str, str]]:
    """The (code field, name field) pairs of NAMED_CODES a layer has, as the layer spells them."""
    spelt = {name.lower(): name for name in field_names}
    return [(spelt[code.lower()], spelt[name.lower()]) for code, name in NAMED_CODES
            if code.lower() in spelt and name.lower() in spelt]


def lookup(*tables: Mapping[str, str]) -> Dict[str, str]:
    """One code -> name table from ``tables`` in order of trust: the first table that names a code wins."""
    out: Dict[str, str] = {}
    for names in reversed(tables):
        out.update((code, name) for code, name in names.items() if name)
    return out
