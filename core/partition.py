"""Is a survey a partition? Overlapping DLTB parcels (a township appended twice, merged sheets) count the same
ground twice and inflate every area drawn from them, so the analyses check the parcels they use first.

The check pairs the parcels whose bounding boxes meet (STRtree) and measures their overlaps with the area-only
overlay, which gives no piece for neighbours that only touch along a shared edge (rounding noise included).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np

from . import crossings, overlay, runs
from .packed import bounds_of, take

FLAG = "调查图斑重叠"
"""The output flag of a feature measured against overlapping survey parcels (when the user lets the run proceed)."""
MIN_OVERLAP_M2 = 0.01
"""Overlaps below the ledger's precision (0.01 m²) change no reported figure: digitising noise, not a double count."""
BLOCK = 20_000
"""Used parcels whose edges are matched together (with their neighbours): bounds the working arrays."""
SNAP = 1e-6
"""Vertices this close (map units, metres) are one when edges are matched: neighbours computed the same shared
vertex in different order (densified or reprojected edges) differ in the last digits. Two such edges bound a
strip of at most SNAP × length, far below MIN_OVERLAP_M2, so no overlap worth reporting hides there."""
BATCH_PAIRS = 1_000_000
"""(point, edge) pairs tested together when counting the parcels over interior points, and boxes compared
together when pairing boxes: bounds the arrays."""
STRIP_BUDGET = 30
"""Boxes compared per box paired, at most, when pairing the suspects by strips rather than by a tree."""


@dataclass
class Overlaps:
    """Overlapping pairs (indices into the survey, first < second) and the planar area of each overlap."""

    first: np.ndarray
    second: np.ndarray
    area: np.ndarray

    def __len__(self) -> int:
        return len(self.first)

    @property
    def total(self) -> float:
        return float(self.area.sum())

    def parcels(self) -> np.ndarray:
        """Every parcel in an overlap, sorted."""
        return np.unique(np.concatenate([self.first, self.second]))

    def touched(self, left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
        """Mask of the ``n`` features whose pieces (``left`` feature, ``right`` survey parcel) use an overlapping
        parcel."""
        hit = np.isin(right, self.parcels())
        mask = np.zeros(n, dtype=bool)
        mask[np.asarray(left)[hit]] = True
        return mask

    def examples(self, ids: Sequence[object], limit: int = 10) -> List[str]:
        """'id1/id2 (12.50 m²)' for the largest overlaps."""
        order = np.argsort(-self.area, kind="stable")[:limit]
        return ["{0}/{1} ({2:.2f} m²)".format(ids[self.first[k]], ids[self.second[k]], self.area[k]) for k in order]


def find_overlaps(geoms, used: Optional[np.ndarray] = None,
                  progress: Optional[overlay.ProgressCallback] = None) -> Overlaps:
    """Overlaps among the parcels ``used`` (indices; default all) of ``geoms`` (repaired polygons, a shapely or
    a Packed array).

    Measuring every pair of neighbours is most of the cost on a big survey, so only the parcels that could be
    in an overlap are measured (``suspects``); the result is the same as measuring every pair.
    """
    used = np.arange(len(geoms)) if used is None else runs.distinct(used, len(geoms))
    boxes = _Boxes(bounds_of(geoms))
    mask, done, measured, known = _suspects(geoms, used, progress, boxes)
    suspect = used[mask & ~done]
    # the boxes that meet (few suspects: by strips of the sorted boxes; many: by a tree)
    found = boxes.pairs(boxes.bounds[suspect], budget=STRIP_BUDGET * (len(suspect) + len(used)))
    if found is None:
        ia, ib = overlay.candidates(take(geoms, suspect), take(geoms, used), predicate=None)
        other = used[ib]
    else:
        is_used = np.zeros(len(geoms), dtype=bool)
        is_used[used] = True
        ia, other = found
        ia, other = ia[is_used[other]], other[is_used[other]]
    first, second = np.minimum(suspect[ia], other), np.maximum(suspect[ia], other)
    n = max(len(geoms), 1)
    pair = np.unique((first * n + second)[first < second])
    pair = pair[~np.isin(pair, measured)]  # measured already while the suspects were found
    pieces = overlay.intersect(geoms, geoms, keep_geometry=False, progress=progress, pairs=(pair // n, pair % n))
    first = np.concatenate([known[0], pieces.left])
    second = np.concatenate([known[1], pieces.right])
    area = np.concatenate([known[2], pieces.area])
    real = area >= MIN_OVERLAP_M2
    order = np.lexsort((second[real], first[real]))
    return Overlaps(first[real][order], second[real][order], area[real][order])


def suspects(geoms, used: np.ndarray, progress: Optional[overlay.ProgressCallback] = None) -> np.ndarray:
    """Mask over ``used`` (sorted indices into ``geoms``) of the parcels that may overlap another used parcel;
    every one that does is in it.

    Why this is enough: let c(x) be how many parcels contain a point x. Crossing an edge, c changes by how
    often the edge runs one way minus the other way (shells counter-clockwise, holes clockwise). An edge met
    exactly once the other way round, vertex for vertex (two neighbours' shared edge), changes nothing (to SNAP); call
    every other edge loose, and a parcel of several parts loose as well (its parts need not share a c). A used
    parcel P of one part with no loose edge of its own that overlaps a used parcel Q is then caught in one of
    two ways. If no loose edge runs through P's interior (connected, holes or not), c is the same all over P,
    and c ≥ 2 on P ∩ Q, so c ≥ 2 at any interior point of P (one point per parcel is tested; c there is the
    winding number of the loose edges alone, matched pairs adding nothing, so no geometry is made). If a loose edge
    runs through P's interior, its parcel R overlaps P (so R's box meets P's: R is a neighbour), and every
    used parcel or neighbour with a loose edge is measured against the used parcels. So the suspects are the
    parcels with a loose edge, those whose interior point lies in a second parcel, and those a parcel with a
    loose edge overlaps. Duplicates, sheets appended twice and edges that do not share their vertices all
    give loose edges; a topologically clean survey has none. The used parcels are worked in spatial blocks
    with their neighbours and the neighbours' neighbours (whose edges meet the neighbours'), from their
    vertices (read from the WKB of a Packed survey): only the loose parcels measured become geometries, and
    the working arrays stay bounded.
    """
    return _suspects(geoms, used, progress)[0]


def _suspects(geoms, used, progress, boxes=None):
    """(``suspects``, a mask over ``used`` of the suspects measured against every used parcel already, keys
    first × len(geoms) + second of the used pairs measured on the way, and those pairs' pieces as (first,
    second, area), first < second, indices into ``geoms``); ``boxes``: the _Boxes of ``geoms`` if made already."""
    boxes = _Boxes(bounds_of(geoms)) if boxes is None else boxes
    bounds = boxes.bounds
    suspect = np.zeros(len(used), dtype=bool)
    done = np.zeros(len(used), dtype=bool)
    is_used = np.zeros(len(geoms), dtype=bool)
    is_used[used] = True
    pairs, pieces = [], []
    blocks = _blocks(bounds[used])
    with ThreadPoolExecutor(max_workers=overlay.cores()) as pool:  # numpy and GEOS release the GIL
        for block, (flagged, whole, measured, piece) in zip(
                blocks, pool.map(lambda b: _block(geoms, boxes, used, b, is_used), blocks)):
            suspect[block] = flagged
            done[block] = whole
            pairs.append(measured)
            pieces.append(piece)
            if progress is not None and progress(0.0):
                raise overlay.Cancelled()
    rim, partner = (np.concatenate([p[k] for p in pairs] or [np.zeros(0, dtype=np.int64)]) for k in (0, 1))
    left, right, area = (np.concatenate([p[k] for p in pieces] or [np.zeros(0)]) for k in (0, 1, 2))
    left, right = left.astype(np.int64), right.astype(np.int64)
    suspect[np.searchsorted(used, right)] = True  # the used parcels that a parcel with a loose edge overlaps
    # pairs of two used parcels need not be measured again
    n = max(len(geoms), 1)
    both = is_used[rim]
    measured = np.unique(np.minimum(rim, partner)[both] * n + np.maximum(rim, partner)[both])
    kept = is_used[left]
    first, second = np.minimum(left, right)[kept], np.maximum(left, right)[kept]
    # a pair met from both of its sides, or an unused parcel measured by two blocks, is kept once
    once = np.unique(first * n + second, return_index=True)[1]
    return suspect, done, measured, (first[once], second[once], area[kept][once])


def _block(geoms, boxes, used, block, is_used):
    """(suspect mask over ``block``, mask of those measured here against every used parcel (the loose ones),
    the (loose parcel, used partner) pairs measured here, their pieces as (parcel, partner, area)); indices
    into ``geoms``.

    The loose parcels measured here are the block's used ones and its unused neighbours (which a neighbouring
    block may measure too). No GEOS geometry is made unless a parcel is loose: edges, interior points and
    how many parcels cover them come from the vertices (read from the WKB for a Packed survey)."""
    members = used[block]
    near = _neighbours(boxes, members)
    wider = _neighbours(boxes, near)  # every edge of ``near`` meets its mate in here

    def at(index):
        return np.searchsorted(wider, index)

    edges = _Edges(crossings.rings_at(geoms, wider))
    loose = near[edges.loose_parcels()[at(near)]]
    whole = np.isin(members, loose)
    flagged = whole.copy()
    tight = np.flatnonzero(~whole)
    flagged[tight] = edges.crowded(at(members[tight]))  # an interior point in a second parcel
    rim = loose[~is_used[loose] | np.isin(loose, members)]
    if not len(rim):  # a clean block (most of a survey): nothing to measure
        none = np.zeros(0, dtype=np.int64)
        return flagged, whole, (none, none), (none, none, np.zeros(0))
    rim_geoms, local = take(geoms, rim), take(geoms, wider)
    # a loose parcel's used partners are in here (few loose parcels: by strips; many: by a tree)
    found = _Boxes(boxes.bounds[wider]).pairs(boxes.bounds[rim], budget=STRIP_BUDGET * (len(rim) + len(wider)))
    ia, ib = found if found is not None else overlay.candidates(rim_geoms, local, predicate=None)
    partner = wider[ib]
    # a pair of two loose members of this block is measured once, from the one with the smaller index (both
    # are measured here against every used parcel; a pair across two blocks is measured by both, since a
    # parcel's looseness is only known to its own block's edges: a hash collision there may make it loose)
    twice = is_used[rim[ia]] & is_used[partner] & np.isin(partner, rim) & (partner < rim[ia])
    keep = is_used[partner] & (rim[ia] != partner) & ~twice
    ia, ib = ia[keep], ib[keep]
    piece = overlay.intersect(rim_geoms, local, keep_geometry=False, pairs=(ia, ib))
    return flagged, whole, (rim[ia], wider[ib]), (rim[piece.left], wider[piece.right], piece.area)


class _Boxes:
    """The parcels' bounding boxes sorted by centre x: the parcels whose box meets a box are looked for only
    in the strip of centres that can reach it (half the widest box on either side)."""

    def __init__(self, bounds: np.ndarray):
        self.bounds = bounds
        centre = (bounds[:, 0] + bounds[:, 2]) / 2.0
        present = np.flatnonzero(~np.isnan(centre))  # empty or missing geometries meet nothing
        self.order = present[np.argsort(centre[present], kind="stable")]
        self.centre = centre[self.order]
        # x_min, y_min, x_max, y_max of the sorted boxes, each contiguous: a strip is then a slice, not a gather
        self.columns = [np.ascontiguousarray(bounds[self.order, k]) for k in range(4)]
        half = float(np.max(bounds[present, 2] - bounds[present, 0])) / 2.0 if len(present) else 0.0
        self.reach = half + 1e-6 * (half + 1.0)  # a margin for the rounding of the centres: more, never fewer

    def pairs(self, bounds: np.ndarray, budget: Optional[int] = None):
        """(row of ``bounds``, parcel) for every box of ``bounds`` (rows x_min, y_min, x_max, y_max) and parcel whose
        boxes meet, ordered by row; None when that means comparing more than ``budget`` boxes (a tree is cheaper
        then). Each box is compared with the strip of centres that can reach it, BATCH_PAIRS at a time: for a few
        boxes among many parcels this costs far less than building a tree."""
        bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
        with np.errstate(invalid="ignore"):
            lo = np.searchsorted(self.centre, bounds[:, 0] - self.reach, side="left")
            hi = np.searchsorted(self.centre, bounds[:, 2] + self.reach, side="right")
        count = np.where(np.isnan(bounds).any(axis=1), 0, hi - lo)
        if budget is not None and count.sum() > budget:
            return None
        rows, parcels = [], []
        columns = self.columns
        query = [np.ascontiguousarray(bounds[:, k]) for k in range(4)]
        for part in runs.batches(count, BATCH_PAIRS):
            row = np.repeat(part, count[part])
            at = runs.ranges(lo[part], count[part])
            hit = columns[1][at] <= query[3][row]  # y first: a strip is tall, few of it reaches the box's height
            row, at = row[hit], at[hit]
            hit = (columns[3][at] >= query[1][row]) & (columns[0][at] <= query[2][row]) \
                & (columns[2][at] >= query[0][row])
            rows.append(row[hit])
            parcels.append(self.order[at[hit]])
        return np.concatenate(rows or [np.zeros(0, dtype=np.int64)]), \
            np.concatenate(parcels or [np.zeros(0, dtype=np.int64)])

    def meeting(self, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """Indices of the parcels whose box meets the box from ``low`` to ``high`` (in the strip's order)."""
        lo = int(np.searchsorted(self.centre, low[0] - self.reach, side="left"))
        hi = int(np.searchsorted(self.centre, high[0] + self.reach, side="right"))
        x0, y0, x1, y1 = (column[lo:hi] for column in self.columns)
        hit = (x0 <= high[0]) & (x1 >= low[0]) & (y0 <= high[1]) & (y1 >= low[1])
        return self.order[lo:hi][hit]


def _neighbours(boxes: _Boxes, index: np.ndarray) -> np.ndarray:
    """``index`` and every parcel whose bounding box meets the box around all of theirs, sorted: a few more
    than the parcels whose box meets one of theirs, for a compact group (a block), and found in numpy."""
    box = boxes.bounds[index]
    box = box[~np.isnan(box).any(axis=1)]
    if not len(box):
        return np.unique(index)
    meeting = boxes.meeting(box[:, :2].min(axis=0), box[:, 2:].max(axis=0))
    return runs.distinct(np.concatenate([index, meeting]), len(boxes.bounds))


def _blocks(bounds: np.ndarray) -> list:
    """Positions in ``bounds`` (boxes of parcels) in spatial blocks of about BLOCK (a grid over the box centres)."""
    if not len(bounds):
        return []
    box = bounds
    centre = np.column_stack([box[:, 0] + box[:, 2], box[:, 1] + box[:, 3]]) / 2.0
    missing = np.isnan(centre).any(axis=1)  # empty or missing geometries: any block will do
    centre[missing] = centre[~missing][0] if (~missing).any() else 0.0
    side = int(np.ceil(np.sqrt(len(box) / BLOCK)))
    low, span = centre.min(axis=0), np.maximum(np.ptp(centre, axis=0), 1e-9)
    cell = np.clip(((centre - low) / span * side).astype(np.int64), 0, side - 1)
    key = cell[:, 1] * side + cell[:, 0]
    if side * side <= np.iinfo(np.int16).max:  # (always, short of 600 million parcels) sorted by radix: linear
        key = key.astype(np.int16)
    order = np.argsort(key, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(key[order])) + 1)


class _Edges:
    """The edges of a block's parcels with vertices snapped to whole multiples of SNAP, and which of them are
    matched: met exactly once the other way round, vertex for vertex."""

    def __init__(self, rings: crossings.Rings):
        self.rings = rings
        nxt = self.nxt = rings.nxt
        self.qx, self.qy = qx, qy = [np.round(v / SNAP).astype(np.int64) for v in (rings.x, rings.y)]
        point = _hash(qx, qy)
        with np.errstate(over="ignore"):
            key = point + point[nxt]  # the same for an edge run either way
        self.matched = np.zeros(len(qx), dtype=bool)
        # Edges are put in slots by bits of their key (at least twice as many slots as edges). Two edges alone in
        # a slot are tested as mates (the other one's index is the slot's sum of indices less its own). The edges
        # of crowded slots (a key shared by more, or two keys in one slot) go through a second table, on other
        # bits of their keys, and those still crowded there are sorted by key.
        two, mate, crowded = self._slots(key, 64)
        self._match(two, mate)
        again = self._slots(key[crowded], 32)
        pending = crowded[again[2]]
        self._match(crowded[again[0]], crowded[again[1]])
        order = pending[np.argsort(key[pending], kind="stable")]
        same = key[order][1:] == key[order][:-1]
        # two edges alone under one key, the second running from the first's end to its start
        alone = same & np.append(True, ~same[:-1]) & np.append(~same[1:], True)
        first, second = order[:-1][alone], order[1:][alone]
        self._match(np.concatenate([first, second]), np.concatenate([second, first]))

    @staticmethod
    def _slots(key: np.ndarray, top: int):
        """(positions in ``key`` of the edges alone in their slot with one other, the other's, the positions in
        crowded slots), the slots taken from the bits of ``key`` below bit ``top``."""
        bits = max(4, (2 * len(key)).bit_length())
        slot = ((key >> np.uint64(top - bits)) & np.uint64((1 << bits) - 1)).astype(np.int64)
        count = np.bincount(slot, minlength=1 << bits)[slot]
        two = np.flatnonzero(count == 2)
        mate = np.bincount(slot[two], weights=two, minlength=1 << bits)[slot[two]].astype(np.int64) - two
        return two, mate, np.flatnonzero(count > 2)

    def _match(self, edge: np.ndarray, other: np.ndarray) -> None:
        """Mark the edges that ``other`` (an edge each) runs from their end to their start, vertex for vertex."""
        qx, qy, nxt = self.qx, self.qy, self.nxt
        mates = (qx[edge] == qx[nxt[other]]) & (qy[edge] == qy[nxt[other]]) \
            & (qx[nxt[edge]] == qx[other]) & (qy[nxt[edge]] == qy[other])
        self.matched[edge[mates]] = True

    def loose_parcels(self) -> np.ndarray:
        """True for the geometries with an edge that is not matched, for those of several parts (one interior
        point tells nothing of the other parts: c may differ from part to part), and for those with no rings to
        match (collections, which GEOS measures)."""
        rings = self.rings
        ring_geom = np.repeat(np.arange(len(rings.geom_ring) - 1), np.diff(rings.geom_ring))
        owner = np.repeat(ring_geom, np.diff(rings.ring_start))
        loose = np.bincount(owner[~self.matched], minlength=len(rings.supported)) > 0
        parts = np.bincount(ring_geom[~rings.hole], minlength=len(rings.supported))
        return loose | (parts > 1) | ~rings.supported

    def crowded(self, g: np.ndarray) -> np.ndarray:
        """For geometries ``g`` whose edges are all matched: True where a point inside lies in a second parcel
        (or no such point could be placed: then they are measured, which costs time and misses nothing).

        How many parcels contain a point is the winding number of all their rings around it, and a matched
        pair of edges adds nothing to it: so it is counted along a ray to +x over the loose edges alone."""
        px, py = self.interior_points(g)
        placed = np.flatnonzero(~np.isnan(px))
        crowded = np.ones(len(g), dtype=bool)
        crowded[placed] = self._winding(px[placed], py[placed]) > 1
        lo, n = self.rings.vertex_range(g)
        crowded[n == 0] = False  # an empty parcel overlaps nothing
        return crowded

    def interior_points(self, g: np.ndarray):
        """(x, y) in snapped units of a point inside each of geometries ``g``, at least one unit from its edges
        (NaN where none was found: an empty or a hairline parcel). The point lies on the horizontal line half
        a unit off the middle of the parcel's box (no vertex on it), halfway between the first two crossings
        of the parcel's edges with that line: the first enters the parcel, the second leaves it or enters a
        hole."""
        lo, n = self.rings.vertex_range(g)
        px, py = np.full(len(g), np.nan), np.full(len(g), np.nan)
        filled = np.flatnonzero(n > 0)
        if not len(filled):
            return px, py
        owner = np.repeat(np.arange(len(g)), n)
        v = runs.ranges(lo, n)
        y0, y1 = self.qy[v], self.qy[self.nxt[v]]
        first = runs.offsets(n)[:-1][filled]
        line = np.zeros(len(g), dtype=np.int64)
        line[filled] = (np.minimum.reduceat(y0, first) + np.maximum.reduceat(y0, first)) // 2
        py = line + 0.5
        at = py[owner]
        at_line = np.flatnonzero((y0 > at) != (y1 > at))
        edge = v[at_line]
        who = owner[at_line]  # in order of geometry
        x = crossings.x_at(self.qx[edge], y0[at_line], self.qx[self.nxt[edge]], y1[at_line], py[who])
        # the first two crossings of each line: the smallest x, and the smallest above it (none when the smallest
        # is met twice: rings touching there)
        count = np.bincount(who, minlength=len(g))
        crossed = np.flatnonzero(count > 0)
        start = runs.offsets(count)[:-1][crossed]
        first_x = np.full(len(g), np.nan)
        first_x[crossed] = np.minimum.reduceat(x, start)
        x_in = first_x[crossed]
        x_out = np.minimum.reduceat(np.where(x > first_x[who], x, np.inf), start)
        once = np.add.reduceat(x == first_x[who], start) == 1
        placed = once & np.isfinite(x_out) & (x_out - x_in >= 2.0)
        px[crossed[placed]] = (x_in[placed] + x_out[placed]) / 2.0
        py[np.isnan(px)] = np.nan
        return px, py

    def _winding(self, px: np.ndarray, py: np.ndarray) -> np.ndarray:
        """Winding number of the loose edges around each point (py never a vertex's y), from the loose edges
        each point's ray to +x crosses. The points are sorted by y, and each edge is paired with the points
        whose line it crosses (a binary search for its two ends): the work is the loose edges' count and the
        crossings, however many loose edges a block has (on a survey whose neighbours do not share vertices,
        most) and however few points."""
        e = np.flatnonzero(~self.matched)
        ex0, ey0, ex1, ey1 = self.qx[e], self.qy[e], self.qx[self.nxt[e]], self.qy[self.nxt[e]]
        winding = np.zeros(len(px), dtype=np.int64)
        if not len(e) or not len(px):
            return winding
        by_y = np.argsort(py, kind="stable")
        sorted_y = py[by_y]
        # the points strictly between the edge's two ends in y (a horizontal edge has none)
        first = np.searchsorted(sorted_y, np.minimum(ey0, ey1), side="right")
        count = np.maximum(np.searchsorted(sorted_y, np.maximum(ey0, ey1), side="left") - first, 0)
        sign = np.where(ey1 > ey0, 1, -1)
        for edges in runs.batches(count, BATCH_PAIRS):
            edge = np.repeat(edges, count[edges])
            point = by_y[runs.ranges(first[edges], count[edges])]
            right = crossings.x_at(ex0[edge], ey0[edge], ex1[edge], ey1[edge], py[point]) > px[point]
            winding += np.bincount(point[right], weights=sign[edge[right]], minlength=len(px)).astype(np.int64)
        return winding


def _hash(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A 64-bit key of each point from its (whole-number) coordinates; equal points give equal keys (a
    collision only makes an edge loose: more work, never a missed overlap)."""
    with np.errstate(over="ignore"):
        key = x.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        key ^= key >> np.uint64(29)
        key ^= y.view(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
        key *= np.uint64(0x165667B19E3779F9)
        key ^= key >> np.uint64(32)
    return key
