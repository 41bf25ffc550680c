"""CGCS2000 Gauss-Krüger zones and EPSG codes (domain.md §1.1)."""
from __future__ import annotations

import math
from typing import Optional

CGCS2000_GEOGRAPHIC = 4490


def zone_from_easting(x: float) -> Optional[int]:
    """3° zone number from an 8-digit easting with zone prefix (38 5xx xxx -> 38).

    A 6-digit easting carries no zone: None.
    """
    if x is None or not math.isfinite(x):
        return None
    zone = int(abs(x) // 1_000_000)
    return zone if 25 <= zone <= 45 else None


def epsg_3deg_prefixed(zone: int) -> int:
    if not 25 <= zone <= 45:
        raise ValueError(f"3-degree zone {zone} outside 25..45")
    return 4513 + (zone - 25)


def epsg_3deg_unprefixed(central_meridian: int) -> int:
    if central_meridian % 3 or not 75 <= central_meridian <= 135:
        raise ValueError(f"central meridian {central_meridian} is not a 3-degree meridian in 75..135")
    return 4534 + (central_meridian - 75) // 3


def epsg_6deg_prefixed(zone: int) -> int:
    if not 13 <= zone <= 23:
        raise ValueError(f"6-degree zone {zone} outside 13..23")
    return 4491 + (zone - 13)


def zone_3deg_for_longitude(lon: float) -> int:
    """3° zone whose central meridian (3 × zone) is nearest to ``lon``."""
    return int(math.floor(lon / 3.0 + 0.5))


def gk_epsg_for_longitude(lon: float) -> int:
    """The prefixed 3° CGCS2000 GK CRS covering ``lon`` (used to reproject EPSG:4490 input)."""
    zone = min(max(zone_3deg_for_longitude(lon), 25), 45)
    return epsg_3deg_prefixed(zone)


def describe_epsg(epsg: int) -> str:
    if 4513 <= epsg <= 4533:
        zone = epsg - 4513 + 25
        return f"CGCS2000 3-degree GK zone {zone} (CM {3 * zone}E)"
    if 4534 <= epsg <= 4554:
        return f"CGCS2000 3-degree GK CM {75 + 3 * (epsg - 4534)}E"
    if 4491 <= epsg <= 4501:
        zone = epsg - 4491 + 13
        return f"CGCS2000 6-degree GK zone {zone} (CM {6 * zone - 3}E)"
    if 4502 <= epsg <= 4512:
        return f"CGCS2000 6-degree GK CM {75 + 6 * (epsg - 4502)}E"
    if epsg == CGCS2000_GEOGRAPHIC:
        return "CGCS2000 geographic"
    return f"EPSG:{epsg}"
