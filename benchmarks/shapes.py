"""Shapes for the benchmarks that look like real survey data (issue 14), generated vectorized.

- ``realistic_survey``: Voronoi tiles of a jittered 50 m grid (about 6 edges each), every edge warped by 5
  vertices off the straight line, the same vertices for both neighbours (≈ 36 vertices per parcel, none
  convex, a valid partition with exactly shared edges).
- ``realistic_tasks``: 70 % star-shaped outlines of 12–40 vertices and 1–5 ha (1 % of all tasks
  self-intersecting: two vertices swapped), 30 % unions of 3–6 neighbouring parcels (their edges are the
  survey's edges).
- ``tiled_realdata``: copies of the public parcel files of ../shared/realdata side by side (real shapes, not a
  partition: gaps, and overlaps in the Dutch file), with star tasks and unions of touching parcels over them.
- ``changed_year``: the next survey year: about 5 % of parcels merged with a neighbour (new class), the rest
  identical.
"""
from __future__ import annotations

import os

import numpy as np
import shapely

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REALDATA = os.path.join(os.path.dirname(ROOT), "shared", "realdata")
REAL_FILES = ("fr_cadastre_parcels.gpkg", "nl_brp_gewaspercelen_epsg28992.gpkg", "ch_nutzungsflaechen_epsg2056.gpkg",
              "at_schlaege_epsg31287.gpkg", "de_sh_feldbloecke_epsg4647.gpkg", "dk_marker_2026/Marker_2026.shp")
WARP_POINTS = 5
WARP = 0.07  # largest offset of a warp vertex, as a share of its edge's length


def realistic_survey(parcels: int, x0: float, y0: float, cell: float, rng: np.random.Generator):
    """(parcels as polygons, grid index i, grid index j) of about ``parcels`` warped Voronoi tiles."""
    n = int(round(np.sqrt(parcels)))
    i, j = (m.ravel() for m in np.meshgrid(np.arange(-1, n + 1), np.arange(-1, n + 1), indexing="ij"))
    px = x0 + (i + 0.5 + rng.uniform(-0.35, 0.35, len(i))) * cell
    py = y0 + (j + 0.5 + rng.uniform(-0.35, 0.35, len(i))) * cell
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(np.column_stack([px, py]))))
    points = shapely.points(px, py)
    which, cell_of = shapely.STRtree(cells).query(points, predicate="within")
    owner = np.full(len(i), -1)
    owner[which] = cell_of
    keep = np.flatnonzero((i >= 0) & (i < n) & (j >= 0) & (j < n))  # the ring of outer cells is unbounded
    cells = cells[owner[keep]]
    return warp_edges(cells), i[keep], j[keep]


def _hash(ax, ay, bx, by, k):
    """A value in [-1, 1] that depends only on the (unordered) edge and the warp vertex number."""
    v = np.sin((ax - 3.8e7) * 12.9898 + (ay - 3.3e6) * 78.233 + (bx - 3.8e7) * 37.719 + (by - 3.3e6) * 4.581
               + k * 1.618) * 43758.5453
    return 2.0 * (v - np.floor(v)) - 1.0


def warp_edges(polygons: np.ndarray) -> np.ndarray:
    """Every edge of every shell carries WARP_POINTS vertices off its line, computed from the edge's two ends
    in a canonical order, so that both neighbours of a shared edge get the very same vertices."""
    coords, ring = shapely.get_coordinates(shapely.get_exterior_ring(polygons), return_index=True)
    coords = np.round(coords, 2)  # shared Voronoi vertices bit for bit equal in both cells
    last = np.r_[ring[1:] != ring[:-1], True]
    ax, ay = coords[:-1, 0], coords[:-1, 1]
    bx, by = coords[1:, 0], coords[1:, 1]
    edge = ~last[:-1]  # pairs of consecutive vertices of one ring
    ax, ay, bx, by, owner = ax[edge], ay[edge], bx[edge], by[edge], ring[:-1][edge]
    swap = (ax > bx) | ((ax == bx) & (ay > by))
    cx, cy = np.where(swap, bx, ax), np.where(swap, by, ay)
    dx, dy = np.where(swap, ax, bx), np.where(swap, ay, by)
    k = np.arange(1, WARP_POINTS + 1)
    share = k / (WARP_POINTS + 1.0)
    offset = WARP * _hash(cx[:, None], cy[:, None], dx[:, None], dy[:, None], k) * np.sin(np.pi * share) ** 0.5
    wx = cx[:, None] + (dx - cx)[:, None] * share - (dy - cy)[:, None] * offset
    wy = cy[:, None] + (dy - cy)[:, None] * share + (dx - cx)[:, None] * offset
    wx, wy = np.where(swap[:, None], wx[:, ::-1], wx), np.where(swap[:, None], wy[:, ::-1], wy)
    xs = np.concatenate([ax[:, None], wx], axis=1).ravel()
    ys = np.concatenate([ay[:, None], wy], axis=1).ravel()
    owners = np.repeat(owner, WARP_POINTS + 1)
    return shapely.polygons(shapely.linearrings(xs, ys, indices=owners))


def star_tasks(count: int, cx: np.ndarray, cy: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Star-shaped outlines of 12–40 vertices and 1–5 ha around the given centres; 1/70 of them
    self-intersecting (1 % of all tasks when stars are 70 %)."""
    m = rng.integers(12, 41, count)
    owner = np.repeat(np.arange(count), m)
    angle = rng.uniform(0, 2 * np.pi, len(owner))
    order = np.lexsort((angle, owner))
    angle = angle[order]
    radius = rng.uniform(0.55, 1.0, len(owner))
    ux, uy = radius * np.cos(angle), radius * np.sin(angle)
    first = np.concatenate([[0], np.cumsum(m)[:-1]])
    bad = np.flatnonzero(rng.random(count) < 1.0 / 70)  # swap vertices 1 and 4: a crossing outline
    for a, b in ((1, 4),):
        ia, ib = first[bad] + a, first[bad] + b
        ux[ia], ux[ib], uy[ia], uy[ib] = ux[ib], ux[ia].copy(), uy[ib], uy[ia].copy()
    unit = shapely.polygons(shapely.linearrings(ux, uy, indices=owner))
    target = rng.uniform(10_000, 50_000, count)
    scale = np.sqrt(target / np.maximum(np.abs(shapely.area(shapely.make_valid(unit))), 1e-9))
    xs = cx[owner] + ux * scale[owner]
    ys = cy[owner] + uy * scale[owner]
    return shapely.polygons(shapely.linearrings(xs, ys, indices=owner))


BLOCKS = [((0, 0), (1, 0), (2, 0)), ((0, 0), (1, 0), (0, 1), (1, 1)), ((0, 0), (1, 0), (2, 0), (1, 1)),
          ((0, 0), (1, 0), (2, 0), (0, 1), (1, 1)), ((0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1))]


def realistic_tasks(survey: np.ndarray, gi: np.ndarray, gj: np.ndarray, count: int, x0: float, y0: float,
                    extent: float, rng: np.random.Generator) -> np.ndarray:
    """70 % stars anywhere in the county, 30 % unions of 3–6 neighbouring survey parcels, shuffled."""
    n = int(gi.max()) + 1
    index = np.full((n, n), -1)
    index[gi, gj] = np.arange(len(survey))
    stars = int(round(0.7 * count))
    cx = x0 + rng.uniform(150, extent - 150, stars)
    cy = y0 + rng.uniform(150, extent - 150, stars)
    tasks = [star_tasks(stars, cx, cy, rng)]
    unions = count - stars
    shape = rng.integers(0, len(BLOCKS), unions)
    si, sj = rng.integers(1, n - 3, unions), rng.integers(1, n - 3, unions)
    members = np.full((unions, 6), None, dtype=object)
    for b, block in enumerate(BLOCKS):
        rows = np.flatnonzero(shape == b)
        for k, (di, dj) in enumerate(block):
            members[rows, k] = survey[index[si[rows] + di, sj[rows] + dj]]
    united = shapely.union_all(members, axis=1)
    single = shapely.get_type_id(united) == 3  # a block of Voronoi cells that is not one piece: a star instead
    lost = int((~single).sum())
    if lost:
        united[~single] = star_tasks(lost, x0 + rng.uniform(150, extent - 150, lost),
                                     y0 + rng.uniform(150, extent - 150, lost), rng)
    tasks.append(united)
    out = np.concatenate(tasks)
    return out[rng.permutation(len(out))]


def _read_real(name: str) -> np.ndarray:
    from osgeo import ogr

    ds = ogr.Open(os.path.join(REALDATA, name))
    layer = ds.GetLayer(0)
    wkbs = [bytes(f.GetGeometryRef().ExportToIsoWkb()) for f in layer if f.GetGeometryRef() is not None]
    geoms = shapely.force_2d(shapely.from_wkb(wkbs))
    return geoms[np.isin(shapely.get_type_id(geoms), (3, 6))]


def tiled_realdata(parcels: int, x0: float, y0: float):
    """(polygons, parcels per copy) of the public real-data parcel files laid side by side in metres, then
    the whole block copied on a grid until about ``parcels`` are there."""
    block, left = [], 0.0
    for name in REAL_FILES:
        geoms = _read_real(name)
        box = shapely.total_bounds(geoms)
        block.append(shapely.transform(geoms, lambda xy, dx=left - box[0], dy=-box[1]: xy + [dx, dy]))
        left += box[2] - box[0] + 200.0
    block = np.concatenate(block)
    width, height = shapely.total_bounds(block)[2:] + 200.0
    copies = int(np.ceil(parcels / len(block)))
    side = int(np.ceil(np.sqrt(copies * height / width)))
    tiles = []
    for c in range(copies):
        dx, dy = x0 + (c // side) * width, y0 + (c % side) * height
        tiles.append(shapely.transform(block, lambda xy, dx=dx, dy=dy: xy + [dx, dy]))
    return np.concatenate(tiles)[:parcels], len(block)


def real_tasks(survey: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """70 % stars centred on random parcels, 30 % unions of a parcel with 2–5 of the parcels it touches."""
    stars = int(round(0.7 * count))
    centre = shapely.centroid(survey[rng.integers(0, len(survey), stars)])
    tasks = [star_tasks(stars, shapely.get_x(centre), shapely.get_y(centre), rng)]
    unions = count - stars
    seed = rng.integers(0, len(survey), unions)
    tree = shapely.STRtree(survey)
    found, other = tree.query(survey[seed], predicate="dwithin", distance=0.5)
    members = np.full((unions, 6), None, dtype=object)
    members[:, 0] = survey[seed]
    want = rng.integers(3, 7, unions)
    rank = np.arange(len(found)) - np.searchsorted(found, found)  # neighbours are grouped by seed
    take = (other != seed[found]) & (rank + 1 < want[found]) & (rank < 5)
    members[found[take], rank[take] + 1] = survey[other[take]]
    tasks.append(shapely.make_valid(shapely.union_all(members, axis=1)))
    out = np.concatenate(tasks)
    return out[rng.permutation(len(out))]


def changed_year(survey: np.ndarray, gi: np.ndarray, gj: np.ndarray, share: float, rng: np.random.Generator):
    """(next year's parcels, index of the parcel each came from, changed mask): about ``share`` of the
    parcels merged with their east neighbour (so both change), the rest identical."""
    n = int(gi.max()) + 1
    index = np.full((n, n), -1)
    index[gi, gj] = np.arange(len(survey))
    seeds = np.flatnonzero((gi < n - 1) & (rng.random(len(survey)) < share / 2))
    east = index[gi[seeds] + 1, gj[seeds]]
    taken = np.zeros(len(survey), dtype=bool)
    ok = []
    for s, e in zip(seeds.tolist(), east.tolist()):  # no parcel in two merges
        if not taken[s] and not taken[e]:
            taken[s] = taken[e] = True
            ok.append((s, e))
    pairs = np.array(ok, dtype=np.int64).reshape(-1, 2)
    merged = shapely.union_all(np.stack([survey[pairs[:, 0]], survey[pairs[:, 1]]], axis=1), axis=1)
    stay = np.flatnonzero(~taken)
    geoms = np.concatenate([survey[stay], merged])
    origin = np.concatenate([stay, pairs[:, 0]])
    changed = np.concatenate([np.zeros(len(stay), dtype=bool), np.ones(len(merged), dtype=bool)])
    return geoms, origin, changed
