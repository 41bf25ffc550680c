"""Area units and half-up rounding (domain.md §1.3).

Areas are kept in m² everywhere; conversion happens only for display and
export. 1 亩 is exactly 10000/15 m² (not 666.67).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Optional

import numpy as np

M2_PER_MU = Fraction(10000, 15)
M2_PER_HA = 10000
MU_PER_WANMU = 10000


def round_half_up(value: Optional[float], places: int = 2) -> Optional[float]:
    """Round like 四舍五入 on the decimal text of ``value`` (2.675 -> 2.68)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_up_array(values, places: int = 2) -> np.ndarray:
    """``round_half_up`` over an array: numpy rounding, and Decimal only for values near a half.

    Away from a half both give the same float; NaN stays NaN.
    """
    values = np.asarray(values, dtype=float)
    scale = 10.0 ** places
    scaled = values * scale
    out = np.round(scaled) / scale
    frac = np.abs(scaled - np.trunc(scaled))
    near = np.flatnonzero(np.isfinite(values) & (np.abs(frac - 0.5) < 1e-6))
    out[near] = [round_half_up(float(v), places) for v in values[near]]
    return out


def m2_to_mu(m2: float) -> float:
    """Unrounded 亩 from m² using the exact fraction."""
    return float(Fraction(str(m2)) / M2_PER_MU)


def m2_to_ha(m2: float) -> float:
    return float(Fraction(str(m2)) / M2_PER_HA)


def m2_to_wanmu(m2: float) -> float:
    return float(Fraction(str(m2)) / M2_PER_MU / MU_PER_WANMU)


def mu(m2: float, places: int = 2) -> float:
    """m² shown as 亩, rounded half-up (the value written into ledgers)."""
    return round_half_up(m2_to_mu(m2), places)


def percent(part: float, whole: float, places: int = 2) -> Optional[float]:
    """``part`` as a percentage of ``whole`` rounded half-up (85.0 for 0.85); None when ``whole`` is 0."""
    if not whole:
        return None
    return round_half_up(float(Fraction(str(part)) / Fraction(str(whole)) * 100), places)


def mu_sum(m2_values) -> float:
    """Total in 亩 as a ledger adds it: each value rounded to 0.01 亩 first, then summed exactly."""
    return round_half_up(float(mu_hundredths(m2_values).sum()) / 100.0, 2)


def mu_hundredths(m2_values) -> np.ndarray:
    """Each value as ``mu`` rounds it, in hundredths of 亩 (whole numbers, so that sums are exact): numpy
    rounding, and ``mu`` itself for the values near a half."""
    values = np.asarray(m2_values, dtype=float)
    scaled = values * 0.15  # m² × 15 / 10000 亩, × 100
    out = np.round(scaled)
    frac = np.abs(scaled - np.trunc(scaled))
    near = np.flatnonzero(np.isfinite(values) & (np.abs(frac - 0.5) < 1e-6))
    out[near] = [round(mu(float(v)) * 100.0) for v in values[near]]
    return out


def percent_text(value: Optional[float]) -> str:
    """A percentage for a log line: 85.00, or — when there is no base to take it of."""
    return "—" if value is None else "{0:.2f}".format(value)
