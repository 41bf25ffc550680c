"""Outflow compliance: 非农化, 非粮化 and suspected illegal occupation (耕地流出合规核查, domain.md §4.6).

An outflow patch is a piece of the balance overlay (core/balance.py) that was cultivated land in T−1 and is
not in T; its ``area`` is the before-side net cultivated area the balance books. Each patch gets a kind from
its destination group, a coverage share from the approvals that explain that kind, and a status:

- 非农化 (construction): covered to the threshold by conversion/expropriation approvals, supply records or
  temporary-use approvals is 合规 (temporary use flagged); partly covered is 部分合规 with the uncovered part
  suspect; uncovered is 疑似违法占用耕地 (疑似 always: the plugin never decides legality);
- 设施农用地 (1202): 合规 only under a 设施农用地备案, otherwise 疑似违规 with the unfiled part suspect;
- 非粮化 (orchard, forest, grass, pond): inside 永久基本农田 疑似违规 (the part inside is suspect), outside it
  no violation but an 进出平衡 obligation (纳入进出平衡);
- anything else (rural roads, water, unused land): 待核实.

Approvals dated after the survey's time point explain nothing for that year, nor does a temporary use past its
term (usually 2 years: the land should have been reclaimed); overlapping approvals count once
(coverage is measured against their union). Approved and suspect areas are parts of ``area`` on the same net
basis: area × covered planar share of the patch.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import shapely

from . import admincodes, overlay
from .balance import LEVELS
from .config import load_config
from .dates import add_years
from .landclass import big_class
from .units import mu, round_half_up_array


@dataclass
class Rules:
    cover_threshold: float
    share_tolerance: float
    min_overlap_m2: float
    min_overlap_share: float
    kind_of_group: Dict[str, str]
    other_kind: str
    inflow_from: str
    temporary_term_years: int
    approval_types: Dict[str, dict]
    covers: Dict[str, List[str]]
    status: Dict[str, str]
    problems: Dict[str, str]
    flags: Dict[str, str]

    @classmethod
    def from_config(cls, user_dir: Optional[str] = None, cover_threshold: Optional[float] = None) -> "Rules":
        data = load_config("farmland_outflow", user_dir)
        kind_of_group = {key: kind for kind, keys in data["kinds"].items() if not kind.startswith("_")
                         for key in keys}
        return cls(
            cover_threshold=float(data["cover_threshold"] if cover_threshold is None else cover_threshold),
            share_tolerance=float(data["share_tolerance"]),
            min_overlap_m2=float(data["min_overlap_m2"]),
            min_overlap_share=float(data["min_overlap_share"]),
            kind_of_group=kind_of_group,
            other_kind=data["other_kind"],
            inflow_from=data["inflow_from"],
            temporary_term_years=int(data["temporary_term_years"]),
            approval_types={k: v for k, v in data["approval_types"].items() if not k.startswith("_")},
            covers={k: list(v) for k, v in data["covers"].items() if not k.startswith("_")},
            status=dict(data["status"]),
            problems=dict(data["problems"]),
            flags=dict(data["flags"]),
        )

    @property
    def construction_kind(self) -> str:
        return self.kind_of_group.get("construction", "非农化")

    @property
    def facility_kind(self) -> str:
        return self.kind_of_group.get("facility", "设施农用地")

    @property
    def nongrain_kind(self) -> str:
        return self.kind_of_group.get("orchard", "非粮化")

    def suspect_statuses(self) -> Tuple[str, ...]:
        return self.status["partial"], self.status["illegal"], self.status["violation"]


def approval_type(value: object, rules: Rules) -> Optional[str]:
    """The approval type key of a type text (or a layer name): an exact value, else the longest value it
    contains (single characters only exactly); None when nothing matches."""
    if value is None:
        return None
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if not text:
        return None
    best, best_len = None, 0
    for key, spec in rules.approval_types.items():
        for candidate in spec.get("values", []):
            candidate = str(candidate)
            if candidate.lower() == text.lower():
                return key
            if len(candidate) > 1 and candidate in text and len(candidate) > best_len:
                best, best_len = key, len(candidate)
    return best


def type_keys(text: str, rules: Rules) -> List[Optional[str]]:
    """Per-layer type choices from a comma-separated text: a type key, its label or a value; '' / auto = None.

    Raises ValueError naming an entry that is no type.
    """
    out: List[Optional[str]] = []
    labels = {spec.get("label", key): key for key, spec in rules.approval_types.items()}
    for entry in (text or "").replace("，", ",").split(","):
        entry = entry.strip()
        if not entry or entry.lower() in ("auto", "自动"):
            out.append(None)
        elif entry in rules.approval_types:
            out.append(entry)
        elif entry in labels:
            out.append(labels[entry])
        else:
            key = approval_type(entry, rules)
            if key is None:
                raise ValueError(entry)
            out.append(key)
    return out


def kinds_of(groups: Sequence[object], rules: Rules) -> np.ndarray:
    """Kind of outflow of each destination group key."""
    return np.array([rules.kind_of_group.get(g, rules.other_kind) for g in groups], dtype=object)


def offsets_balance(codes: Sequence[object], rules: Rules) -> np.ndarray:
    """Per parcel: is its class one whose inflow to cultivated land offsets the 进出平衡 obligation
    (other agricultural land, by the three-class roll-up)?"""
    text = np.array(["" if c is None else str(c) for c in codes], dtype=object)
    if not len(text):
        return np.zeros(0, dtype=bool)
    unique, inverse = np.unique(text.astype(str), return_inverse=True)
    return np.array([big_class(c) == rules.inflow_from for c in unique], dtype=bool)[inverse]


@dataclass
class Approvals:
    """Approval polygons in the patches' CRS: type key (None = unknown), date (None = undated), number."""

    geoms: np.ndarray
    types: Sequence[Optional[str]]
    dates: Sequence[Optional[date]]
    numbers: Sequence[str]


@dataclass
class Result:
    kind: np.ndarray
    approved_area: np.ndarray
    approved_share: np.ndarray
    approval_ids: List[str]
    bf_area: np.ndarray
    redline_area: np.ndarray
    suspect_area: np.ndarray
    status: List[str]
    problem: List[str]
    flags: List[str]


def _meaningful(overlap: np.ndarray, planar: np.ndarray, rules: Rules) -> np.ndarray:
    """Overlaps above boundary noise (domain.md §4.3 slivers): at least min_overlap_m2 and min_overlap_share."""
    return (overlap >= rules.min_overlap_m2) & (overlap >= rules.min_overlap_share * planar)


def overlaps(patches: np.ndarray, zones: Optional[np.ndarray], rules: Rules):
    """(patch index, zone index, planar overlap) of every pair that overlaps beyond boundary noise."""
    if zones is None or not len(zones) or not len(patches):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    pieces = overlay.intersect(patches, np.asarray(zones, dtype=object), keep_geometry=False)
    keep = _meaningful(pieces.area, shapely.area(patches[pieces.left]), rules)
    return pieces.left[keep], pieces.right[keep], pieces.area[keep]


def union_cover(patches: np.ndarray, zones: np.ndarray, left: np.ndarray, right: np.ndarray,
                area: np.ndarray) -> np.ndarray:
    """Planar area of each patch inside the union of the zones it overlaps (pairs ``left``/``right`` with their
    overlap ``area``): a single zone is its overlap; several are dissolved first, so overlaps count once.

    Only patches under two or more zones need a union: a handful in a county.
    """
    n = len(patches)
    covered = overlay.sum_by(left, area, n)
    order = np.argsort(left, kind="stable")
    starts = np.searchsorted(left[order], np.arange(n + 1))
    for i in np.flatnonzero(np.diff(starts) > 1):
        mine = right[order[starts[i]:starts[i + 1]]]
        covered[i] = shapely.area(shapely.intersection(patches[i], shapely.union_all(zones[mine])))
    return np.minimum(covered, shapely.area(patches))


def assess(
    patches: np.ndarray,
    area: np.ndarray,
    groups: Sequence[object],
    approvals: Approvals,
    time_point: date,
    rules: Rules,
    basic_farmland: Optional[np.ndarray] = None,
    red_line: Optional[np.ndarray] = None,
    repaired: Optional[np.ndarray] = None,
) -> Result:
    """Kind, coverage, areas, status, problem type and flags of every outflow patch (see module doc)."""
    n = len(patches)
    patches = np.asarray(patches, dtype=object)
    area = np.asarray(area, dtype=float)
    planar = shapely.area(patches) if n else np.zeros(0)
    kind = kinds_of(groups, rules)
    types = np.array([t if t else "" for t in approvals.types], dtype=object)
    dated = np.array([d is not None for d in approvals.dates], dtype=bool)
    late = np.array([d is not None and d > time_point for d in approvals.dates], dtype=bool)
    # a temporary use past its term should have been reclaimed by the time point: it explains nothing
    expired = np.array([t == "temporary" and d is not None and add_years(d, rules.temporary_term_years) < time_point
                        for t, d in zip(types, approvals.dates)], dtype=bool)
    unusable = late | expired

    def share_of(covered: np.ndarray, planar_of: np.ndarray) -> np.ndarray:
        return np.minimum(np.divide(covered, planar_of, out=np.zeros(len(covered)), where=planar_of > 0), 1.0)

    # Every approval a patch meets beyond boundary noise, for coverage, ids and flags.
    approval_geoms = np.asarray(approvals.geoms, dtype=object)
    left, right, overlap = overlaps(patches, approval_geoms, rules)
    met: List[List[int]] = [[] for _ in range(n)]
    for i, j in zip(left.tolist(), right.tolist()):
        met[i].append(j)
    # Coverage of each kind that approvals decide: the union of its fitting, timely approvals.
    share = np.zeros(n)
    for k, fitting in rules.covers.items():
        usable = (kind[left] == k) & np.isin(types[right], fitting) & ~unusable[right]
        covered = union_cover(patches, approval_geoms, left[usable], right[usable], overlap[usable])
        share = np.where(kind == k, share_of(covered, planar), share)

    zone_share = []
    for zones in (basic_farmland, red_line):
        if zones is None:
            zone_share.append(np.zeros(n))
            continue
        zones = np.asarray(zones, dtype=object)
        zl, zr, za = overlaps(patches, zones, rules)
        zone_share.append(share_of(union_cover(patches, zones, zl, zr, za), planar))
    bf_share, red_share = zone_share
    approved = round_half_up_array(area * share)
    bf_area = round_half_up_array(area * bf_share)
    red_area = round_half_up_array(area * red_share)
    area_cell = round_half_up_array(area)
    threshold = rules.cover_threshold - rules.share_tolerance
    st, fl, sep = rules.status, rules.flags, rules.flags["separator"]
    statuses, problems, flags, ids = [], [], [], []
    suspect = np.zeros(n)
    for i in range(n):
        k = kind[i]
        fitting = rules.covers.get(k, [])
        mine = met[i]
        flag = []
        if k in rules.covers:
            if share[i] >= threshold:
                status, problem = st["compliant"], ""
            elif k == rules.facility_kind:
                status, problem = st["violation"], rules.problems["facility"]
                suspect[i] = area_cell[i] - approved[i]
            elif share[i] > 0:
                status, problem = st["partial"], rules.problems["illegal"]
                suspect[i] = area_cell[i] - approved[i]
            else:
                status, problem = st["illegal"], rules.problems["illegal"]
                suspect[i] = area_cell[i]
            if any(types[j] == "temporary" and not unusable[j] for j in mine) and "temporary" in fitting:
                flag.append(fl["temporary"])
            if any(expired[j] for j in mine) and "temporary" in fitting:
                flag.append(fl["temporary_expired"])
            if any(types[j] in fitting and late[j] for j in mine):
                flag.append(fl["late_approval"])
            if any(types[j] in fitting and not dated[j] for j in mine):
                flag.append(fl["undated_approval"])
            if any(types[j] and types[j] not in fitting for j in mine):
                flag.append(fl["wrong_type"])
        elif k == rules.nongrain_kind:
            if bf_area[i] > 0:
                status, problem = st["violation"], rules.problems["basic_farmland"]
                suspect[i] = bf_area[i]
            else:
                status, problem = st["balance"], rules.problems["balance"]
        else:
            status, problem = st["other"], rules.problems["other"]
        if any(not types[j] for j in mine):
            flag.append(fl["unknown_type"])
        if bf_area[i] > 0:
            flag.append(fl["basic_farmland"])
        if red_area[i] > 0:
            flag.append(fl["red_line"])
        if repaired is not None and repaired[i]:
            flag.append(fl["repaired"])
        statuses.append(status)
        problems.append(problem)
        flags.append(sep.join(flag))
        ids.append(sep.join(sorted({approvals.numbers[j] for j in mine if types[j] in fitting
                                    and not unusable[j] and approvals.numbers[j]})))
    return Result(kind, approved, np.round(share, 4), ids, bf_area, red_area, round_half_up_array(suspect),
                  statuses, problems, flags)


# -- summary ------------------------------------------------------------------------------------------------
DERIVED = ("nonagri_unapproved", "facility_unfiled", "balance")
AMOUNTS = ("nonagri", "nonagri_approved", "nonagri_unapproved", "nonagri_suspect", "nongrain", "nongrain_bf",
           "facility", "facility_filed", "facility_unfiled", "other", "inflow_agri", "balance")
COUNTS = ("patches", "suspect_patches")


@dataclass
class SummaryRow:
    level: str
    region_code: str
    region_name: str
    values: Dict[str, float]  # m²: village values are sums of the patches' rounded cells, upper levels their sums
    mu: Dict[str, float]      # 亩: likewise, from each patch's rounded 亩 cell
    counts: Dict[str, int] = field(default_factory=dict)


def _village_cells(codes: np.ndarray, values: Mapping[str, np.ndarray]) -> Dict[str, Dict[str, float]]:
    out: Dict[str, Dict[str, float]] = {}
    if not len(codes):
        return out
    unique, inverse = np.unique(codes.astype(str), return_inverse=True)
    for key, column in values.items():
        totals = np.bincount(inverse, weights=np.asarray(column, dtype=float), minlength=len(unique))
        for code, total in zip(unique, totals):
            out.setdefault(code, {})[key] = float(total)
    return out


def _villages(codes: Sequence[object]) -> np.ndarray:
    """12-digit village codes (ZLDWDM[:12]) through the shared admin-code normaliser."""
    return np.array([code[:12] for code in admincodes.normalize_all(codes)], dtype=object)


def _mu_cells(m2: np.ndarray) -> List[float]:
    return [mu(x) if x else 0.0 for x in np.asarray(m2, dtype=float).tolist()]


def summarize(
    result: Result,
    area: np.ndarray,
    zldwdm: Sequence[object],
    inflow_area: np.ndarray,
    inflow_zldwdm: Sequence[object],
    rules: Rules,
    names: Optional[Mapping[str, str]] = None,
) -> List[SummaryRow]:
    """Rows by county, township and village (ZLDWDM [:6]/[:9]/[:12]), a region right before its members.

    ``area`` and ``inflow_area`` are the areas (m²) of the outflow patches and of the inflow pieces from other
    agricultural land; each is rounded to its cell (0.01 m², and 0.01 亩 for the 亩 columns) before it is added,
    so the 亩 totals equal the sums of the patch ledger's cells. The 进出平衡 balance is that inflow less the
    non-grain and facility outflow. Parts are closed on displayed values: unapproved = 非农化 − approved and
    unfiled = facility − filed, in m² and in 亩 alike, and the balance is the difference of displayed cells.
    """
    names = dict(names or {})
    kind = result.kind
    area = round_half_up_array(area)
    zero = np.zeros(len(area))
    nonagri = kind == rules.construction_kind
    facility = kind == rules.facility_kind
    nongrain = kind == rules.nongrain_kind
    other = ~(nonagri | facility | nongrain)
    suspect = np.isin(np.array(result.status, dtype=object), rules.suspect_statuses())
    patch_values = {
        "nonagri": np.where(nonagri, area, zero), "nonagri_approved": np.where(nonagri, result.approved_area, zero),
        "nonagri_suspect": np.where(nonagri, result.suspect_area, zero),
        "nongrain": np.where(nongrain, area, zero), "nongrain_bf": np.where(nongrain, result.bf_area, zero),
        "facility": np.where(facility, area, zero), "facility_filed": np.where(facility, result.approved_area, zero),
        "other": np.where(other, area, zero),
        "patches": np.ones(len(area)), "suspect_patches": suspect.astype(float),
    }
    codes, inflow_codes = _villages(zldwdm), _villages(inflow_zldwdm)
    inflow_area = round_half_up_array(inflow_area)
    cells = _village_cells(codes, patch_values)
    # 亩 from each patch's own rounded 亩 cell, as the ledger of the patches shows and adds them up
    mu_cells = _village_cells(codes, {k: _mu_cells(v) for k, v in patch_values.items() if k not in COUNTS})
    for target, values in ((cells, inflow_area), (mu_cells, _mu_cells(inflow_area))):
        for code, v in _village_cells(inflow_codes, {"inflow_agri": values}).items():
            target.setdefault(code, {}).update(v)

    def closed(v: Dict[str, float]) -> Dict[str, float]:
        """Displayed values and the parts derived from them (so every row closes on what it shows)."""
        out = {k: round(v.get(k, 0.0), 2) for k in AMOUNTS if k not in DERIVED}
        out["nonagri_unapproved"] = round(out["nonagri"] - out["nonagri_approved"], 2)
        out["facility_unfiled"] = round(out["facility"] - out["facility_filed"], 2)
        out["balance"] = round(out["inflow_agri"] - out["nongrain"] - out["facility"], 2)
        return out

    villages = []
    for code in sorted(cells):
        counts = {k: int(round(cells[code].get(k, 0.0))) for k in COUNTS}
        villages.append((code, closed(cells[code]), closed(mu_cells.get(code, {})), counts))
    rows: List[SummaryRow] = []
    for level, length in LEVELS:
        grouped: Dict[str, list] = {}
        for code, m2, m_mu, counts in villages:
            grouped.setdefault(code[:length], []).append((m2, m_mu, counts))
        for code in sorted(grouped):
            members = grouped[code]
            values = {k: round(sum(m[k] for m, _, _ in members), 2) for k in AMOUNTS}
            mu_values = {k: round(sum(m[k] for _, m, _ in members), 2) for k in AMOUNTS}
            counts = {k: sum(c[k] for _, _, c in members) for k in COUNTS}
            rows.append(SummaryRow(level, code, names.get(code, ""), values, mu_values, counts))
    rows.sort(key=lambda r: r.region_code)
    return rows
