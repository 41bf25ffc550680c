"""Cultivated-land entry-exit balance and net decrease (进出平衡/净减少, domain.md §4.1, §4.4).

Pieces come from overlaying DLTB(T−1) with DLTB(T). Each piece carries both
parcels' official TBMJ allocated by planar share, so it has a *before* and an
*after* gross area (they differ slightly: two surveys, two measurements).

Net (cultivated) areas of a piece, when the ridge coefficient KCXS differs
between the years:

- outflow (01 → non-01): the **before-side** net area, before_gross × before factor
  (the cultivated land that was lost, as it was booked in T−1);
- inflow (non-01 → 01): the **after-side** net area, after_gross × after factor
  (the cultivated land gained, as it is booked in T);
- stays cultivated (01 → 01): ``coef_change`` = after net − before net. It
  collects ridge-coefficient changes, TBMJ re-measurement and re-coding of the
  location unit (the before side is booked to the before region, the after
  side to the after region).

Per region, with cult_before = Σ net of 01 parcels of T−1 and cult_after
likewise for T, this gives the exact identity

    cult_after − cult_before = inflow − outflow + coef_change + other_change

where ``other_change`` is what no piece explains: parts of a parcel that the
other year's survey does not cover (different extents, gaps). On two complete
surveys of the same county it is zero up to float noise.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import admincodes, landclass
from .config import load_config
from .overlay import allocate
from .restoration import code_text, cultivated_mask
from .units import mu, round_half_up

LEVELS = (("county", 6), ("township", 9), ("village", 12))
FLOW_KEYS = ("cult_before", "cult_after", "outflow", "inflow", "coef_change")
MU_KEYS = ("cult_before", "cult_after", "outflow", "inflow", "net_change")
AMOUNTS = ("cult_before", "cult_after", "outflow", "inflow", "net_change", "coef_change", "other_change", "to_make_up")
BASELINE_PREVIOUS = "上年"
BASELINE_TARGET = "目标"


@dataclass
class Group:
    key: str
    label: str
    prefixes: Tuple[str, ...]


def outflow_groups(user_dir: Optional[str] = None) -> List[Group]:
    """Destination groups in column order (``outflow_groups.json``).

    A group naming a ``big_class`` takes that class's prefixes from the three-class roll-up of the active
    land-class table (``landclass.use``), so 建设用地 is the same set here as in every other roll-up.
    """
    data = load_config("outflow_groups", user_dir)
    groups = []
    for g in data["groups"]:
        prefixes = list(g.get("prefixes", []))
        if g.get("big_class"):
            prefixes = landclass.big_class_prefixes(g["big_class"]) + prefixes
        groups.append(Group(g["key"], g["label"], tuple(prefixes)))
    return groups


def group_of(codes: Sequence[object], groups: Sequence[Group], fallback: str = "other") -> np.ndarray:
    """Group key of each DLBM by the longest matching prefix; ``fallback`` when none matches."""
    text = code_text(codes).astype(str)
    unique, inverse = np.unique(text, return_inverse=True)
    keys = []
    for code in unique:
        best, best_len = fallback, 0
        for group in groups:
            for prefix in group.prefixes:
                if code.startswith(prefix) and len(prefix) > best_len:
                    best, best_len = group.key, len(prefix)
        keys.append(best)
    return np.array(keys, dtype=object)[inverse] if len(text) else np.zeros(0, dtype=object)


@dataclass
class Survey:
    """One year's DLTB as columns: official area, net factor, class and location code per parcel."""

    gross: np.ndarray
    factor: np.ndarray
    dlbm: Sequence[object]
    zldwdm: Sequence[object]

    def net(self) -> np.ndarray:
        return self.gross * self.factor

    def cultivated(self) -> np.ndarray:
        return cultivated_mask(self.dlbm)


@dataclass
class Flows:
    """Per piece: allocated gross areas on both sides, net areas, flow direction and group."""

    before: np.ndarray        # index into T−1 parcels
    after: np.ndarray         # index into T parcels
    gross_before: np.ndarray
    gross_after: np.ndarray
    net_before: np.ndarray    # before-side net cultivated area (0 when not cultivated in T−1)
    net_after: np.ndarray
    outflow: np.ndarray       # bool
    inflow: np.ndarray        # bool
    group: np.ndarray         # outflow destination / inflow origin group key

    @property
    def flow_net(self) -> np.ndarray:
        """The area that moves: before-side net for outflow, after-side net for inflow, else 0."""
        return np.where(self.outflow, self.net_before, np.where(self.inflow, self.net_after, 0.0))


def flows(
    before: Survey,
    after: Survey,
    piece_before: np.ndarray,
    piece_after: np.ndarray,
    piece_planar: np.ndarray,
    planar_before: np.ndarray,
    planar_after: np.ndarray,
    groups: Sequence[Group],
    fallback: str = "other",
) -> Flows:
    """Classify overlay pieces into outflow, inflow or neither, with their areas (see module doc)."""
    piece_before = np.asarray(piece_before, dtype=np.int64)
    piece_after = np.asarray(piece_after, dtype=np.int64)
    gross_b = allocate(piece_planar, planar_before[piece_before], before.gross[piece_before])
    gross_a = allocate(piece_planar, planar_after[piece_after], after.gross[piece_after])
    cult_b = before.cultivated()[piece_before]
    cult_a = after.cultivated()[piece_after]
    net_b = np.where(cult_b, gross_b * before.factor[piece_before], 0.0)
    net_a = np.where(cult_a, gross_a * after.factor[piece_after], 0.0)
    outflow = cult_b & ~cult_a
    inflow = ~cult_b & cult_a
    dest = group_of([after.dlbm[j] for j in piece_after], groups, fallback)
    origin = group_of([before.dlbm[i] for i in piece_before], groups, fallback)
    group = np.where(outflow, dest, np.where(inflow, origin, None))
    return Flows(piece_before, piece_after, gross_b, gross_a, net_b, net_a, outflow, inflow, group)


def _codes(values: Sequence[object], length: int) -> np.ndarray:
    """The first ``length`` digits of each location code (stored as text, integer or double)."""
    return np.array([code[:length] for code in admincodes.normalize_all(values)], dtype=object)


@dataclass
class SummaryRow:
    level: str
    region_code: str
    region_name: str
    values: Dict[str, float]   # m², village values rounded half-up to 0.01; upper levels are their sums
    raw_net: float             # unrounded net change, for checking
    baseline: str
    mu: Dict[str, float]       # 亩 (2 decimals) of every amount but the raw net; upper levels sum the village 亩


def summarize(
    before: Survey,
    after: Survey,
    result: Flows,
    groups: Sequence[Group],
    targets: Optional[Mapping[str, float]] = None,
    names: Optional[Mapping[str, str]] = None,
) -> List[SummaryRow]:
    """Rows by county, township and village (ZLDWDM prefixes [:6] / [:9] / [:12]), county first.

    Village values are rounded half-up to 0.01 m² and 0.01 亩; township and county
    values are sums of those rounded village values (what a ledger reader adds up).
    ``to_make_up`` is −net_change when negative (baseline previous year) or, for a
    region listed in ``targets`` (m²), target − cult_after when positive.
    """
    targets = {admincodes.normalize(k): float(v) for k, v in (targets or {}).items()}
    names = dict(names or {})
    village_b = _codes(before.zldwdm, 12)
    village_a = _codes(after.zldwdm, 12)
    pv_b = village_b[result.before]
    pv_a = village_a[result.after]
    stays = ~result.outflow & ~result.inflow
    raw: Dict[str, Dict[str, float]] = {}

    def add(codes: np.ndarray, values: np.ndarray, key: str) -> None:
        if not len(codes):
            return
        unique, inverse = np.unique(codes.astype(str), return_inverse=True)
        totals = np.bincount(inverse, weights=values, minlength=len(unique))
        for code, total in zip(unique, totals):
            raw.setdefault(code, {}).setdefault(key, 0.0)
            raw[code][key] += float(total)

    add(village_b, np.where(before.cultivated(), before.net(), 0.0), "cult_before")
    add(village_a, np.where(after.cultivated(), after.net(), 0.0), "cult_after")
    add(pv_b, np.where(result.outflow, result.net_before, 0.0), "outflow")
    add(pv_a, np.where(result.inflow, result.net_after, 0.0), "inflow")
    add(pv_a, np.where(stays, result.net_after, 0.0), "coef_change")
    add(pv_b, np.where(stays, -result.net_before, 0.0), "coef_change")
    for group in groups:
        add(pv_b, np.where(result.outflow & (result.group == group.key), result.net_before, 0.0), "out_" + group.key)

    out_keys = ["out_" + g.key for g in groups]
    village_rows = []
    for code in sorted(raw):
        # Rounded village values; other_change is the rounded residual, so the identity closes exactly
        # on the displayed numbers and on every sum of them.
        v = {k: round_half_up(raw[code].get(k, 0.0), 2) for k in FLOW_KEYS + tuple(out_keys)}
        v["net_change"] = round(v["cult_after"] - v["cult_before"], 2)
        v["other_change"] = round(v["net_change"] - (v["inflow"] - v["outflow"] + v["coef_change"]), 2)
        # Same rule in 亩: the displayed net change is the difference of the displayed stocks.
        v_mu = {k: mu(v[k]) for k in MU_KEYS + ("coef_change",) + tuple(out_keys)}
        v_mu["net_change"] = round(v_mu["cult_after"] - v_mu["cult_before"], 2)
        v_mu["other_change"] = round(v_mu["net_change"] - (v_mu["inflow"] - v_mu["outflow"] + v_mu["coef_change"]), 2)
        village_rows.append((code, v, v_mu, raw[code].get("cult_after", 0.0) - raw[code].get("cult_before", 0.0)))

    rows: List[SummaryRow] = []
    for level, length in LEVELS:
        grouped: Dict[str, list] = {}
        for code, v, v_mu, raw_net in village_rows:
            grouped.setdefault(code[:length], []).append((v, v_mu, raw_net))
        for code in sorted(grouped):
            members = grouped[code]
            values = {key: round(sum(m[key] for m, _, _ in members), 2) for key in AMOUNTS[:-1] + tuple(out_keys)}
            mu_values = {key: round(sum(m_mu[key] for _, m_mu, _ in members), 2) for key in members[0][1]}
            baseline = BASELINE_PREVIOUS
            gap = -values["net_change"]
            if code in targets:
                baseline = BASELINE_TARGET
                gap = targets[code] - values["cult_after"]
            values["to_make_up"] = round_half_up(max(0.0, gap), 2)  # max(0.0, -0.0) is 0.0, not -0.0
            # In 亩 the previous-year deficit is the displayed net change, so the two columns agree to the cent.
            mu_values["to_make_up"] = (max(0.0, -mu_values["net_change"]) if baseline == BASELINE_PREVIOUS
                                       else mu(values["to_make_up"]))
            rows.append(SummaryRow(level, code, names.get(code, ""), values,
                                   sum(r for _, _, r in members), baseline, mu_values))
    # A code sorts right before the codes it prefixes: county, its first township, its villages, ...
    rows.sort(key=lambda r: r.region_code)
    return rows
