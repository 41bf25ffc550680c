"""The rings of polygon WKB read in numpy, without making GEOS geometries.

The overlay measures a Packed survey's parcels from their vertices only (``core.crossings``); reading those
straight from the WKB spares making each parcel a GEOS geometry and asking GEOS for its rings again.
Only little-endian 2D Polygon and MultiPolygon WKB is read here (what GDAL and shapely write); for anything
else ``flat_rings`` answers None and the caller goes through GEOS.
"""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np

from . import runs

POLYGON, MULTIPOLYGON = 3, 6
MAX_RECORDS = 1024
"""Parts and rings of one geometry read here at most (each is one vectorized step over the batch); a
geometry with more goes through GEOS."""


def _u32(buf: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Little-endian unsigned 32-bit integers at byte offsets ``pos`` (their four bytes gathered at once)."""
    return buf[np.asarray(pos, dtype=np.int64)[:, None] + np.arange(4)].view("<u4")[:, 0].astype(np.int64)


def blob_sizes(blobs: np.ndarray) -> np.ndarray:
    """Length of each WKB blob, -1 for None."""
    blobs = np.atleast_1d(np.asarray(blobs, dtype=object))
    return np.fromiter((-1 if b is None else len(b) for b in blobs), dtype=np.int64, count=len(blobs))


def flat_rings(blobs: np.ndarray, sizes: Optional[np.ndarray] = None) -> Optional[
        Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """(x, y, vertex count of each ring (the closing vertex dropped), its geometry, True for the first ring
    of each polygon, and True per geometry (all polygonal or missing)) of WKB ``blobs`` (None: missing), in
    the order GEOS lists them; None when a blob is not little-endian 2D (Multi)Polygon WKB. ``sizes``: the
    blobs' lengths (``blob_sizes``), if known."""
    blobs = np.asarray(blobs, dtype=object)
    sizes = blob_sizes(blobs) if sizes is None else np.asarray(sizes, dtype=np.int64)
    present = np.flatnonzero(sizes >= 0)
    supported = np.ones(len(blobs), dtype=bool)
    if not len(present):
        empty = np.zeros(0)
        return empty, empty, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, bool), supported
    kept, sizes = blobs[present], sizes[present]
    # blobs of one size modulo 8 (one-ring polygons: 13 + 16 per vertex) are joined with the bytes that bring
    # each to a multiple of 8: the vertices of the same ring of every blob then lie at one alignment
    pad = int(-sizes[0] % 8) if (sizes % 8 == sizes[0] % 8).all() else 0
    buf = np.frombuffer((b"\0" * pad).join(kept), dtype=np.uint8)
    start = np.concatenate([[0], np.cumsum(sizes + pad)[:-1]])
    if (sizes < 9).any() or (buf[start] != 1).any():
        return None
    kind = _u32(buf, start + 1)
    if not np.isin(kind, (POLYGON, MULTIPOLYGON)).all():
        return None
    count = _u32(buf, start + 5)
    if (count > MAX_RECORDS).any():
        return None
    if (kind == POLYGON).all() and (count == 1).all():  # one ring each (most parcels): where it lies is known
        if (sizes < 13).any():
            return None
        at, points = start + 13, _u32(buf, start + 9)
        if (at + 16 * points != start + sizes).any():
            return None
        geom, shell = np.arange(len(kept)), np.ones(len(kept), dtype=bool)
    else:
        found = _walk(buf, start, sizes, kind, count)
        if found is None:
            return None
        geom, at, points, shell = found
    counts = np.maximum(points - 1, 0)
    values = _doubles(buf, at, 2 * counts)  # every vertex but each ring's closing one
    return values[0::2].copy(), values[1::2].copy(), counts, present[geom], shell, supported


def _doubles(buf: np.ndarray, at: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The ``n`` doubles at each byte offset ``at`` (in increasing order) of ``buf``, one run after another, read
    from views of the buffer that start at the runs' offsets modulo 8."""
    filled = n > 0
    shifts = np.unique(at[filled] % 8)
    if len(shifts) == 1:  # one view: the runs are picked out by a mask (cheaper than gathering each double)
        shift = int(shifts[0])
        view = np.frombuffer(buf, dtype="<f8", offset=shift, count=(len(buf) - shift) // 8)
        first = (at[filled] - shift) // 8
        mark = np.zeros(len(view) + 1, dtype=np.int8)
        mark[first] = 1  # the runs neither overlap nor touch (a ring's closing vertex lies between)
        mark[first + n[filled]] = -1
        return view[np.cumsum(mark[:-1], dtype=np.int8).view(bool)]
    values = np.empty(int(n.sum()))
    out = runs.offsets(n)[:-1]
    for shift in shifts:
        ring = np.flatnonzero((at % 8 == shift) & filled)
        view = np.frombuffer(buf, dtype="<f8", offset=int(shift), count=(len(buf) - int(shift)) // 8)
        values[runs.ranges(out[ring], n[ring])] = view[runs.ranges((at[ring] - shift) // 8, n[ring])]
    return values


def _walk(buf, start, sizes, kind, count):
    """(geometry, byte offset of the first vertex, vertex count, is a shell) of every ring of the blobs at
    ``start`` (Polygon or MultiPolygon, ``count`` rings or parts), in byte order; None for a malformed blob."""
    multi = kind == MULTIPOLYGON
    parts_left = np.where(multi, count, 0)     # polygons still to open (a Polygon is open from the start)
    rings_left = np.where(multi, 0, count)     # rings still to read in the open polygon
    first = ~multi                             # the next ring read is its polygon's shell
    pos = start + 9
    end = start + sizes
    # GEOS gives an empty Polygon one ring without vertices (it adds nothing): the same here
    hollow = np.flatnonzero(~multi & (count == 0))
    geom, at, points, shell = [hollow], [pos[hollow]], [np.zeros(len(hollow), dtype=np.int64)], \
        [np.ones(len(hollow), dtype=bool)]
    for _ in range(2 * MAX_RECORDS + 1):
        opening = np.flatnonzero((rings_left == 0) & (parts_left > 0))
        if len(opening):
            p = pos[opening]
            if (p + 9 > end[opening]).any() or (buf[p] != 1).any() or (_u32(buf, p + 1) != POLYGON).any():
                return None
            rings_left[opening] = _u32(buf, p + 5)
            parts_left[opening] -= 1
            first[opening] = True
            pos[opening] = p + 9
        reading = np.flatnonzero(rings_left > 0)
        if not len(reading):
            if not (parts_left > 0).any():
                break
            continue
        p = pos[reading]
        if (p + 4 > end[reading]).any():
            return None
        n = _u32(buf, p)
        geom.append(reading)
        at.append(p + 4)
        points.append(n)
        shell.append(first[reading].copy())
        first[reading] = False
        rings_left[reading] -= 1
        pos[reading] = p + 4 + 16 * n
        if (pos[reading] > end[reading]).any():
            return None
    else:
        return None
    if (pos != end).any():
        return None
    geom, at, points, shell = (np.concatenate(v) for v in (geom, at, points, shell))
    order = np.argsort(geom, kind="stable")  # each step read one ring of every geometry: back in byte order
    return geom[order], at[order], points[order], shell[order].astype(bool)
