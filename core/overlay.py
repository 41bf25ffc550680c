"""Polygon overlay engine on shapely 2 (architecture §5).

Geometries arrive in bulk (``shapely.from_wkb`` on a list of WKB), are
repaired with ``make_valid`` (counted, never dropped), paired through an
STRtree queried on worker threads, and intersected pairwise in vectorized
chunks that run on worker threads (GEOS and numpy release the GIL); a chunk
never splits the pairs of one prepared geometry. When only areas are wanted,
pairs are measured from their boundary crossings in numpy (``core.crossings``)
instead of a GEOS overlay. A progress callback can cancel between chunks.
Either side may be a ``core.packed.Packed`` array (a survey held as WKB): its geometries are then made chunk by
chunk, and on the area-only path its rings are read from the WKB without GEOS.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np
import shapely

from . import crossings, runs
from .packed import Packed, as_array, bounds_of, envelopes

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
CHUNK = 20_000

ProgressCallback = Callable[[float], bool]
"""Called with the fraction done; returns True to cancel."""


class Cancelled(Exception):
    """The caller's progress callback asked to stop."""


@dataclass
class Pieces:
    """Pieces of A ∩ B: index into A, index into B, geometry, planar area, planar area of the whole B."""

    left: np.ndarray
    right: np.ndarray
    geoms: Optional[np.ndarray]
    area: np.ndarray
    right_area: np.ndarray

    def __len__(self) -> int:
        return len(self.left)


def from_wkb(wkbs: Sequence[Optional[bytes]]) -> np.ndarray:
    """Shapely array from WKB blobs (None stays None)."""
    return shapely.from_wkb(np.asarray(list(wkbs), dtype=object))


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only polygon parts: collections from make_valid or intersection lose lines and points."""
    geoms = np.asarray(geoms, dtype=object)
    types = shapely.get_type_id(geoms)
    mixed = np.flatnonzero((types == shapely.GeometryType.GEOMETRYCOLLECTION))
    out = geoms.copy()
    for i in mixed:  # rare: only true collections need per-item handling
        parts = shapely.get_parts(geoms[i])
        polys = [p for p in parts if shapely.get_type_id(p) in POLYGONAL]
        out[i] = shapely.union_all(polys) if polys else shapely.from_wkt("POLYGON EMPTY")
    lines = np.isin(types, [1, 2, 4, 5, 0])  # point/line results of touching-only pairs
    out[lines] = shapely.from_wkt("POLYGON EMPTY")
    return out


def repair(geoms: np.ndarray, return_mask: bool = False, valid: Optional[np.ndarray] = None):
    """Repair invalid geometries with make_valid; returns (geometries, number repaired).

    With ``return_mask`` the second item is the boolean mask of repaired items instead of the count.
    ``valid``: validity already tested (``shapely.is_valid``) while reading.
    """
    geoms = np.asarray(geoms, dtype=object)
    present = ~shapely.is_missing(geoms)
    invalid = present & ~(threaded(shapely.is_valid, geoms) if valid is None else valid)
    count = int(invalid.sum())
    if count:
        geoms = geoms.copy()
        geoms[invalid] = polygonal(shapely.make_valid(geoms[invalid]))
    return geoms, (invalid if return_mask else count)


def cores() -> int:
    """Worker threads for numpy work, which keeps the GIL released: one per core."""
    return max(1, os.cpu_count() or 1)


def _threads() -> int:
    # Two per core: shapely takes the GIL back to wrap each result, so a second thread keeps a core busy.
    return min(8, 2 * cores())


def threaded(function: Callable[..., np.ndarray], *arrays: np.ndarray) -> np.ndarray:
    """``function`` over equal slices of ``arrays`` on worker threads, results joined in order.

    Only for shapely functions that release the GIL (predicates, measures, overlays).
    """
    size, parts = len(arrays[0]), _threads()
    if parts == 1 or size < 2 * CHUNK:
        return function(*arrays)
    bounds = np.linspace(0, size, parts + 1).astype(int)
    with ThreadPoolExecutor(max_workers=parts) as pool:
        results = pool.map(lambda lo, hi: function(*(x[lo:hi] for x in arrays)), bounds[:-1], bounds[1:])
        return np.concatenate(list(results))


def candidates(a: np.ndarray, b: np.ndarray, tree: Optional[shapely.STRtree] = None,
               predicate: Optional[str] = "intersects"):
    """Index pairs (into A, into B) of geometries that intersect, touching included, ordered by A.

    ``predicate=None`` gives every pair whose bounding boxes meet (cheap; ``intersect`` tests the rest).
    Parts of A query the tree on worker threads (the query releases the GIL). Without a prebuilt tree the
    tree goes over the smaller side when the relation is symmetric (a tree costs more to build than to ask).
    """
    if tree is None and predicate in (None, "intersects") and len(b) > len(a):
        ib, ia = candidates(b, a, predicate=predicate)
        order = runs.pair_order(ia, ib, (len(a), len(b)))
        return ia[order], ib[order]
    tree = tree if tree is not None else shapely.STRtree(envelopes(b) if predicate is None else b[:])
    tree.query(envelopes(a, np.arange(min(len(a), 1))))  # the tree is complete before threads share it
    parts = [part for part in np.array_split(np.arange(len(a)), _threads()) if len(part)]

    def probe(part):  # without a predicate only the boxes count: a Packed side is not made into geometries
        found = [tree.query(envelopes(a, part[lo:lo + CHUNK]) if predicate is None else a[part[lo:lo + CHUNK]],
                            predicate=predicate) for lo in range(0, len(part), CHUNK)]  # CHUNK at a time
        return (np.concatenate([left + lo for lo, (left, _) in zip(range(0, len(part), CHUNK), found)]),
                np.concatenate([right for _, right in found]))

    with ThreadPoolExecutor(max_workers=len(parts) or 1) as pool:
        found = list(pool.map(probe, parts))
    if not found:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    ia = np.concatenate([part[left] for part, (left, _) in zip(parts, found)])
    ib = np.concatenate([right for _, right in found])
    if len(ia) and (np.diff(ia) < 0).any():
        order = np.argsort(ia, kind="stable")
        ia, ib = ia[order], ib[order]
    return ia, ib


class Pairing:
    """``candidates(a, b, predicate=None)`` with B given part by part (as a big layer is read), so that B's
    geometries are made only once: ``probe`` each part (from any thread, in any order), then ``found()``;
    ``restart()`` forgets the parts probed (a read that falls back to another reader reads again)."""

    def __init__(self, a: np.ndarray):
        self.tree = shapely.STRtree(np.asarray(a, dtype=object))
        self.tree.query(np.asarray(a, dtype=object)[:1])  # complete before threads share it
        self.size = len(a)
        self.parts = []

    def restart(self) -> None:
        self.parts = []

    def probe(self, b: np.ndarray, first: int) -> np.ndarray:
        """Pair the geometries ``b`` (indices ``first`` on); True for those whose box meets one of A's."""
        right, left = self.tree.query(b)
        self.parts.append((left, right + first))  # (one append: safe from several threads)
        hit = np.zeros(len(b), dtype=bool)
        hit[right] = True
        return hit

    def found(self):
        """(ia, ib) ordered by A, then B."""
        if not self.parts:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        parts = sorted(self.parts, key=lambda part: part[1][0] if len(part[1]) else 0)  # in B's order
        ia, ib = (np.concatenate([part[k] for part in parts]) for k in (0, 1))
        order = runs.pair_order(ia, ib, (self.size, int(ib.max()) + 1 if len(ib) else 1))
        return ia[order], ib[order]


def _chunks_by_left(ia: np.ndarray) -> list:
    """Slices of about CHUNK pairs that never split one A geometry between two chunks (``ia`` grouped).

    A prepared geometry builds its indexes lazily on first use, so two threads must not share one.
    """
    starts = np.flatnonzero(np.diff(ia)) + 1
    cuts = np.unique(starts[np.minimum(np.searchsorted(starts, np.arange(CHUNK, len(ia), CHUNK)),
                                       max(len(starts) - 1, 0))]) if len(starts) else []
    edges = [0] + [int(c) for c in cuts if c > 0] + [len(ia)]
    return [np.arange(lo, hi) for lo, hi in zip(edges[:-1], edges[1:]) if hi > lo]


def _spatial_order(a: np.ndarray, ia: np.ndarray) -> np.ndarray:
    """Pairs grouped by A geometry, the groups along a Z curve over A's box centres: the geometries of B in
    one chunk are then mostly neighbours, so fewer of them are measured again in another chunk."""
    box = bounds_of(a)
    centre = box[:, :2] + box[:, 2:]
    finite = np.isfinite(centre).all(axis=1)
    if not len(ia) or not finite.any():
        return runs.stable_order(ia, len(a))
    low, span = centre[finite].min(axis=0), np.maximum(np.ptp(centre[finite], axis=0), 1e-9)
    cell = np.nan_to_num((centre - low) / span * 65535).clip(0, 65535).astype(np.uint64)
    z = _interleave(cell[:, 0]) | (_interleave(cell[:, 1]) << np.uint64(1))
    along = np.argsort(z)  # the geometries of A along the curve
    if len(ia) < 2 or (ia[1:] >= ia[:-1]).all():  # (pairs grouped by A, as found): each group moved whole
        count = np.bincount(ia, minlength=len(a))
        return runs.ranges(runs.offsets(count)[:-1][along], count[along])
    rank = np.empty(len(a), dtype=np.int64)
    rank[along] = np.arange(len(a))  # distinct per geometry: its pairs stay together
    return runs.stable_order(rank[ia], len(a))


def _interleave(v: np.ndarray) -> np.ndarray:
    """The 16 low bits of ``v`` spread to the even bits (a Morton code's half)."""
    v = np.asarray(v, dtype=np.uint64) & np.uint64(0xFFFF)
    for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


def _pieces(a: np.ndarray, b: np.ndarray, keep_geometry: bool):
    """Area (and geometry) of each pair a[i] ∩ b[i], and the area of b[i]; A is prepared.

    Pairs that do not intersect get 0. A pair where one side covers the other needs no overlay:
    the piece is the covered side.
    """
    areas, b_areas = np.zeros(len(a)), np.zeros(len(a))
    geoms = np.empty(len(a), dtype=object) if keep_geometry else None
    hit = np.flatnonzero(shapely.intersects(a, b))
    a, b = a[hit], b[hit]
    # One side can only cover the other when its bounding box does: test only those pairs.
    box_a, box_b = shapely.bounds(a), shapely.bounds(b)
    a_in_b = (box_a[:, :2] >= box_b[:, :2]).all(axis=1) & (box_a[:, 2:] <= box_b[:, 2:]).all(axis=1)
    b_in_a = (box_b[:, :2] >= box_a[:, :2]).all(axis=1) & (box_b[:, 2:] <= box_a[:, 2:]).all(axis=1)
    inside = np.zeros(len(a), dtype=bool)
    inside[a_in_b] = shapely.covered_by(a[a_in_b], b[a_in_b])
    contains = np.zeros(len(a), dtype=bool)
    test = b_in_a & ~inside
    contains[test] = shapely.covers(a[test], b[test])
    b_areas[hit] = shapely.area(b)
    areas[hit] = np.where(inside, shapely.area(a), b_areas[hit])
    work = np.flatnonzero(~(inside | contains))
    inter = shapely.intersection(a[work], b[work])
    areas[hit[work]] = shapely.area(inter)  # lines and points in a collection measure 0: no need to drop them
    if keep_geometry:
        geoms[hit] = np.where(inside, a, b)
        geoms[hit[work]] = polygonal(inter)
    return areas, b_areas, geoms


def _chunk(a: np.ndarray, b: np.ndarray, ia: np.ndarray, ib: np.ndarray, keep_geometry: bool):
    """``_pieces`` of one chunk of pairs; area-only pairs are measured by core.crossings (GEOS for the rest)."""
    if keep_geometry:
        return _pieces(a[ia], b[ib], True)
    areas, b_areas, noise = crossings.pair_areas(a, b, ia, ib)
    rest = np.flatnonzero(np.isnan(areas))
    left = a[ia[rest]]
    shapely.prepare(left)  # only GEOS needs them; no other chunk has these A geometries
    areas[rest], b_areas[rest], _ = _pieces(left, b[ib[rest]], False)
    # rounding slivers along shared edges count as touching on the GEOS path too (crossings already drops them)
    areas[rest[areas[rest] <= noise[rest]]] = 0.0
    return areas, b_areas, None


def intersect(
    a: np.ndarray,
    b: np.ndarray,
    keep_geometry: bool = True,
    progress: Optional[ProgressCallback] = None,
    tree: Optional[shapely.STRtree] = None,
    pairs: Optional[tuple] = None,
) -> Pieces:
    """All pieces of A ∩ B with a positive area.

    Pairs that only touch give no piece. Pass a prebuilt ``tree`` over ``b``
    to reuse it across calls, or the candidate ``pairs`` (from ``candidates``,
    with or without its predicate) to intersect only those.
    """
    a, b = as_array(a), as_array(b)  # a Packed side becomes geometries chunk by chunk
    ia, ib = pairs if pairs is not None else candidates(a, b, tree)
    if keep_geometry and not isinstance(a, Packed):  # (a Packed side's chunks each make their own geometries)
        shapely.prepare(a[np.unique(ia)])  # here, before the worker threads use them
    areas, b_areas = np.zeros(len(ia)), np.zeros(len(ia))
    geoms = np.empty(len(ia), dtype=object) if keep_geometry else None
    order = _spatial_order(a, ia)
    chunks = [order[c] for c in _chunks_by_left(ia[order])]
    done = 0
    # area-only chunks are numpy, which keeps the GIL released: one thread per core, half the working memory
    with ThreadPoolExecutor(max_workers=_threads() if keep_geometry else cores()) as pool:
        futures = [pool.submit(_chunk, a, b, ia[c], ib[c], keep_geometry) for c in chunks]
        for chunk, future in zip(chunks, futures):
            areas[chunk], b_areas[chunk], piece_geoms = future.result()
            if keep_geometry:
                geoms[chunk] = piece_geoms
            done += len(chunk)
            if progress is not None and progress(done / max(len(ia), 1)):
                for pending in futures:
                    pending.cancel()
                raise Cancelled()
    keep = areas > 0
    return Pieces(ia[keep], ib[keep], geoms[keep] if keep_geometry else None, areas[keep], b_areas[keep])


def allocate(piece_area: np.ndarray, whole_area: np.ndarray, official: np.ndarray) -> np.ndarray:
    """Official area of each piece by planar share: official × piece / whole (domain.md §1.2)."""
    piece_area = np.asarray(piece_area, dtype=float)
    whole_area = np.asarray(whole_area, dtype=float)
    official = np.asarray(official, dtype=float)
    share = np.divide(piece_area, whole_area, out=np.zeros_like(piece_area), where=whole_area > 0)
    return official * np.minimum(share, 1.0)


def sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Per-item totals of piece values (np.bincount with a length)."""
    return np.bincount(np.asarray(index, dtype=np.int64), weights=values, minlength=size)[:size]
