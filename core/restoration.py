"""Restoration verification rules (耕地恢复核查, domain.md §4.3).

Input is the set of pieces task ∩ DLTB with each piece's allocated official
area (TBMJ by planar share, §1.2); output is, per task, the restored gross and
net cultivated area, the ratio, the status and quality flags.

The ratio compares like with like: net restored area / the task's net-able
area (task area less the ridge share, KCXS, of the cultivated land it covers),
or gross restored area / task area. A task wholly restored on sloping land is
then 已恢复 whatever its KCXS. Which of gross or net decides the status, the
threshold and the sliver limits are [U]: they come from ``restoration.json``
and the algorithm's parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import admincodes, landclass
from .config import load_config
from .overlay import sum_by
from .units import mu_sum, percent


@dataclass
class Rules:
    complete_threshold: float = 1.0
    ratio_tolerance: float = 0.0
    min_piece_m2: float = 1.0
    min_piece_share: float = 0.05
    min_zone_share: float = 0.005
    min_parcel_share: float = 0.05
    max_sliver_width: float = 0.5
    count_net: bool = True
    task_area_tolerance: float = 0.01
    uncultivated_planting_codes: Sequence[str] = ("WG", "XG")
    status: Dict[str, str] = field(default_factory=dict)
    flags: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, user_dir: Optional[str] = None, **overrides) -> "Rules":
        """Defaults from ``restoration.json``; ``overrides`` that are not None win (algorithm parameters)."""
        data = load_config("restoration", user_dir)
        values = {k: data[k] for k in (
            "complete_threshold", "ratio_tolerance", "min_piece_m2", "min_piece_share", "min_zone_share",
            "min_parcel_share", "max_sliver_width", "count_net", "task_area_tolerance", "uncultivated_planting_codes",
            "status", "flags")}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


# -- parcel area arithmetic (domain.md §2.4), shared with core.balance ----------

def net_factor(tbmj: np.ndarray, kcxs: np.ndarray, tbdlmj: np.ndarray) -> np.ndarray:
    """Share of a parcel's official area that counts as its land class.

    TBDLMJ / TBMJ when both are recorded (it is TBMJ − round(TBMJ × KCXS, 2)),
    else 1 − KCXS; a missing coefficient deducts nothing.
    """
    tbmj = np.asarray(tbmj, dtype=float)
    tbdlmj = np.asarray(tbdlmj, dtype=float)
    kcxs = np.nan_to_num(np.asarray(kcxs, dtype=float), nan=0.0)
    by_coef = 1.0 - np.clip(kcxs, 0.0, 1.0)
    usable = np.isfinite(tbdlmj) & np.isfinite(tbmj) & (tbmj > 0)
    by_area = np.divide(tbdlmj, tbmj, out=np.ones_like(tbmj), where=usable)
    return np.where(usable, np.clip(by_area, 0.0, 1.0), by_coef)


def _distinct(codes: Sequence[object]):
    """(normalized distinct codes, index of each input into them); a missing code gets -1: callers add it last."""
    index, unique = pd.factorize(np.asarray(codes, dtype=object))  # hashing: codes repeat a lot
    return [landclass.normalize(u) for u in unique], index


def code_text(codes: Sequence[object]) -> np.ndarray:
    """Normalized DLBM (or other code) text as an object array."""
    unique, inverse = _distinct(codes)
    return np.array(unique + [""], dtype=object)[inverse]


def code_test(codes: Sequence[object], test) -> np.ndarray:
    """``test(code)`` for every code, evaluated once per distinct value."""
    unique, inverse = _distinct(codes)
    return np.array([bool(test(u)) for u in unique] + [False], dtype=bool)[inverse]


def cultivated_mask(codes: Sequence[object]) -> np.ndarray:
    """True for 01xx (adjustable K classes are not cultivated land)."""
    return code_test(codes, landclass.is_cultivated)


# -- per-task evaluation ----------------------------------------------------------

@dataclass
class PieceInput:
    """Pieces task ∩ DLTB, one entry per piece; parcel attributes already taken at the piece's parcel."""

    task: np.ndarray          # index of the task
    planar: np.ndarray        # planar area of the piece (for the sliver shares)
    gross: np.ndarray         # allocated TBMJ of the piece (m²)
    factor: np.ndarray        # net_factor of the parcel
    dlbm: Sequence[object]
    zzsxdm: Sequence[object]
    parcel_planar: Optional[np.ndarray] = None  # planar area of the piece's whole parcel
    width: Optional[np.ndarray] = None          # mean width 2·area/perimeter, measured for thin_fraction pieces


@dataclass
class Result:
    task_area: np.ndarray
    ratio_base: np.ndarray       # what the ratio is taken against: task area less slivers (and ridges when net)
    rest_gross: np.ndarray
    rest_net: np.ndarray
    ratio: np.ndarray
    status: List[str]
    flags: List[str]
    piece_kept: np.ndarray       # False for slivers left out of every total
    piece_cultivated: np.ndarray
    piece_net: np.ndarray        # net cultivated area of the piece (0 when not cultivated)


def thin_fraction(pieces: PieceInput, task_planar: np.ndarray, rules: Rules) -> np.ndarray:
    """Pieces that are a small share of *both* polygons they come from (below min_piece_share of the task
    and min_parcel_share of the parcel): only these can be boundary noise, so only their width is measured."""
    whole = np.asarray(task_planar, dtype=float)[pieces.task]
    of_task = np.divide(pieces.planar, whole, out=np.zeros(len(pieces.task)), where=whole > 0)
    parcel = pieces.parcel_planar if pieces.parcel_planar is not None else np.full(len(pieces.task), np.inf)
    of_parcel = np.divide(pieces.planar, parcel, out=np.zeros(len(pieces.task)), where=parcel > 0)
    return (of_task < rules.min_piece_share) & (of_parcel < rules.min_parcel_share)


def sliver_mask(pieces: PieceInput, task_planar: np.ndarray, rules: Rules) -> np.ndarray:
    """True for pieces that count (not slivers).

    A sliver is boundary noise: under min_piece_m2, or a thin strip (mean width under max_sliver_width)
    that is a small share of both its task and its parcel. A piece that is all or most of a survey parcel
    is never a sliver, however large the task; nor is any piece wider than the limit (real land).
    """
    tiny = pieces.gross < rules.min_piece_m2
    width = pieces.width if pieces.width is not None else np.full(len(pieces.task), np.nan)
    thin = thin_fraction(pieces, task_planar, rules) & (np.nan_to_num(width, nan=np.inf) < rules.max_sliver_width)
    return ~(tiny | thin)


def mean_width(area: np.ndarray, perimeter: np.ndarray) -> np.ndarray:
    """2·area / perimeter: the width of a strip (a rectangle L × w gives w·L/(L + w) ≈ w)."""
    return np.divide(2.0 * np.asarray(area, dtype=float), perimeter,
                     out=np.zeros(len(area)), where=np.asarray(perimeter) > 0)


def status_of(ratio: np.ndarray, counted: np.ndarray, rules: Rules) -> List[str]:
    """已恢复 at ratio ≥ threshold (less the tolerance), 未恢复 when nothing counts, else 部分恢复."""
    labels = rules.status
    done = ratio >= rules.complete_threshold - rules.ratio_tolerance
    return [labels["none"] if c <= 0 else (labels["complete"] if d else labels["partial"])
            for c, d in zip(counted, done)]


def evaluate(
    task_area: np.ndarray,
    task_planar: np.ndarray,
    pieces: PieceInput,
    rules: Rules,
    basic_farmland_planar: Optional[np.ndarray] = None,
    repaired: Optional[np.ndarray] = None,
    missing_geometry: Optional[np.ndarray] = None,
    recorded_area: Optional[np.ndarray] = None,
) -> Result:
    """Restored areas, ratio, status and flags of every task (none is dropped).

    ``basic_farmland_planar``: planar overlap of each task with permanent basic
    farmland (it counts from min_piece_m2 and min_zone_share of the task).
    ``recorded_area``: the task's own area field (NaN when empty), checked
    against the ellipsoidal area. ``pieces`` come from every parcel a task
    meets: slivers of any class leave the ratio's base.
    """
    n = len(task_area)
    task_area = np.asarray(task_area, dtype=float)
    task_planar = np.asarray(task_planar, dtype=float)
    task = np.asarray(pieces.task, dtype=np.int64)
    kept = sliver_mask(pieces, task_planar, rules)
    cultivated = cultivated_mask(pieces.dlbm)
    counted = kept & cultivated
    piece_net = np.where(cultivated, pieces.gross * pieces.factor, 0.0)
    rest_gross = sum_by(task, np.where(counted, pieces.gross, 0.0), n)
    rest_net = sum_by(task, np.where(counted, piece_net, 0.0), n)
    # Like with like (domain.md §4.3): net restored area against the task's net-able area (the task area less
    # the ridge share of the cultivated land it covers), gross restored area against the gross task area.
    # Slivers are boundary noise, neither restored nor not: they leave the base too, so a task digitised a few
    # centimetres off its parcel is still wholly restored.
    slivers = sum_by(task, np.where(kept, 0.0, pieces.gross), n)
    gross_base = np.maximum(task_area - slivers, 0.0)
    net_base = np.maximum(gross_base - (rest_gross - rest_net), 0.0)
    restored, base = (rest_net, net_base) if rules.count_net else (rest_gross, gross_base)
    ratio = np.divide(restored, base, out=np.zeros(n), where=base > 0)
    status = status_of(ratio, restored, rules)

    labels = rules.flags
    planting = {c.upper() for c in rules.uncultivated_planting_codes}
    idle = code_test(pieces.zzsxdm, lambda z: z in planting)
    adjustable = code_test(pieces.dlbm, landclass.is_adjustable)
    has_piece = np.bincount(task, minlength=n)[:n] > 0
    checks = [
        (labels["no_geometry"], _mask(missing_geometry, n)),
        (labels["no_survey"], ~has_piece & ~_mask(missing_geometry, n)),
        (labels["uncultivated"], sum_by(task, (counted & idle).astype(float), n) > 0),
        (labels["adjustable"], sum_by(task, (kept & adjustable).astype(float), n) > 0),
        (labels["basic_farmland"], _inside(basic_farmland_planar, task_planar, rules)),
        (labels["area_mismatch"], _area_mismatch(recorded_area, task_area, rules)),
        (labels["repaired"], _mask(repaired, n)),
    ]
    sep = labels["separator"]
    flags = [sep.join(label for label, mask in checks if mask[i]) for i in range(n)]
    return Result(task_area, base, rest_gross, rest_net, ratio, status, flags, kept, cultivated, piece_net)


def _mask(values: Optional[np.ndarray], n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if values is None else np.asarray(values, dtype=bool)


def _inside(overlap: Optional[np.ndarray], task_planar: np.ndarray, rules: Rules) -> np.ndarray:
    if overlap is None:
        return np.zeros(len(task_planar), dtype=bool)
    overlap = np.asarray(overlap, dtype=float)
    share = np.divide(overlap, task_planar, out=np.zeros_like(overlap), where=task_planar > 0)
    return (overlap >= rules.min_piece_m2) & (share >= rules.min_zone_share)


def _area_mismatch(recorded: Optional[np.ndarray], task_area: np.ndarray, rules: Rules) -> np.ndarray:
    if recorded is None:
        return np.zeros(len(task_area), dtype=bool)
    recorded = np.asarray(recorded, dtype=float)
    known = np.isfinite(recorded) & (task_area > 0)
    diff = np.divide(np.abs(np.nan_to_num(recorded) - task_area), task_area,
                     out=np.zeros_like(task_area), where=known)
    return known & (diff > rules.task_area_tolerance)


@dataclass
class RegionTally:
    """Tasks of one region (county or township) in a restoration run's summary."""

    code: str
    name: str
    tasks: int
    restored: int
    task_mu: float       # Σ of the tasks' areas, each rounded to 0.01 亩 (as the ledger adds them)
    restored_mu: float   # Σ of the restored areas the status is judged on, in 亩 likewise
    rate: Optional[float]  # restored tasks as a percentage of the tasks (2 decimals)


def tally(codes: Sequence[object], status: Sequence[str], task_area: np.ndarray, restored_area: np.ndarray,
          complete: str, names: Dict[str, str], levels: Sequence[int] = (6, 9)) -> List[RegionTally]:
    """By county and township of the tasks' admin codes (code order, county first), then the whole run
    (code ''). A task without a code counts only in the whole."""
    codes = admincodes.normalize_all(codes)
    done = np.array([s == complete for s in status], dtype=bool)
    task_area, restored_area = (np.nan_to_num(np.asarray(a, dtype=float)) for a in (task_area, restored_area))
    groups: Dict[str, List[int]] = {"": list(range(len(codes)))}
    for i, code in enumerate(codes):
        for digits in levels:
            if code.isdigit() and len(code) >= digits:
                groups.setdefault(code[:digits], []).append(i)
    out = []
    for code in sorted(groups, key=lambda c: (c == "", c)):
        members = groups[code]
        restored = int(done[members].sum())
        out.append(RegionTally(code, names.get(code, ""), len(members), restored, mu_sum(task_area[members]),
                               mu_sum(restored_area[members]), percent(restored, len(members))))
    return out
