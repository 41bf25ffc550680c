"""core.crossings: intersection areas from boundary crossings, against GEOS."""
import numpy as np
import pytest
import shapely

from land_supervision.core import crossings, overlay, runs

X0, Y0 = 38_480_000.0, 3_300_000.0  # 8-digit Gauss-Krüger eastings, as in a county survey


def areas(a, b, ia=None, ib=None):
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    ia = np.arange(len(a)) if ia is None else ia
    ib = np.arange(len(b)) if ib is None else ib
    return crossings.pair_areas(a, b, ia, ib)[0]


def geos(a, b):
    return shapely.area(shapely.intersection(np.asarray(a, dtype=object), np.asarray(b, dtype=object)))


def box(x0, y0, x1, y1, **kw):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1, **kw)


def jittered_grid(rng, n):
    """n × n parcels of about 50 m whose corners are jittered by up to 10 m (neighbours share them)."""
    gx, gy = np.meshgrid(np.arange(n + 1) * 50.0, np.arange(n + 1) * 50.0, indexing="ij")
    jitter = rng.uniform(-10, 10, (2, n + 1, n + 1))
    vx, vy = X0 + gx + jitter[0], Y0 + gy + jitter[1]
    i, j = (m.ravel() for m in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
    ring_i, ring_j = np.stack([i, i + 1, i + 1, i, i], 1), np.stack([j, j, j + 1, j + 1, j], 1)
    return shapely.polygons(np.stack([vx[ring_i, ring_j], vy[ring_i, ring_j]], 2))


def test_hand_worked_boxes():
    a = [box(0, 0, 10, 10), box(0, 0, 10, 10), box(0, 0, 10, 10), box(2, 2, 4, 4), box(0, 0, 10, 10)]
    b = [box(5, 5, 15, 15), box(0, 0, 10, 10), box(2, 2, 4, 4), box(0, 0, 10, 10), box(20, 0, 30, 10)]
    assert areas(a, b).tolist() == pytest.approx([25.0, 100.0, 4.0, 4.0, 0.0], abs=1e-6)


def test_pairs_that_only_touch_measure_exactly_zero():
    a = [box(0, 0, 10, 10)] * 3
    b = [box(10, 0, 20, 10), box(10, 10, 20, 20), box(10, 2, 20, 5)]  # shared edge, corner, part of an edge
    assert areas(a, b).tolist() == [0.0, 0.0, 0.0]


def test_concave_subject_with_hole_and_parts_under_a_convex_clipper():
    ring = [(0, 0), (30, 0), (30, 30), (20, 30), (20, 10), (10, 10), (10, 30), (0, 30)]  # a U
    u = shapely.Polygon([(X0 + x, Y0 + y) for x, y in ring])
    holed = shapely.difference(box(0, 0, 30, 30), box(5, 5, 25, 25))
    parts = shapely.union(box(0, 0, 5, 5), box(25, 25, 30, 30))
    clipper = shapely.Polygon([(X0 - 5, Y0 + 15), (X0 + 15, Y0 - 5), (X0 + 35, Y0 + 15), (X0 + 15, Y0 + 35)])
    subjects = [u, holed, parts, shapely.reverse(u), shapely.reverse(holed)]
    got = areas([clipper] * len(subjects), subjects)
    assert not np.isnan(got).any()
    assert got == pytest.approx(geos([clipper] * len(subjects), subjects), abs=1e-6)


def test_clockwise_clipper_and_collinear_points():
    square = shapely.segmentize(box(0, 0, 50, 50), 3.0)  # 68 vertices, 4 corners
    cw = shapely.reverse(square)
    other = shapely.Polygon([(X0 + 25, Y0 - 10), (X0 + 60, Y0 + 25), (X0 + 25, Y0 + 60), (X0 - 10, Y0 + 25)])
    got = areas([square, cw, other, other], [other, other, square, cw])
    assert got == pytest.approx(geos([square, cw, other, other], [other, other, square, cw]), abs=1e-6)


def polygon(points):
    return shapely.Polygon([(X0 + x, Y0 + y) for x, y in points])


NOTCH = polygon([(0, 0), (10, 0), (5, 1), (10, 10), (0, 10)])
# a notch from the top with a bump inside it (a pocket within a pocket)
NESTED = polygon([(0, 0), (10, 0), (10, 10), (7, 10), (7, 3), (5, 6), (3, 3), (3, 10), (0, 10)])


def test_a_polygon_met_by_its_very_copy_is_its_own_area():
    """Year-to-year surveys repeat most parcels: the same rings vertex for vertex need no crossing test."""
    holed = shapely.difference(box(0, 0, 10, 10), box(4, 4, 6, 6))
    multi = shapely.union(box(0, 0, 1, 1), box(5, 5, 6, 6))
    geoms = np.array([NESTED, holed, multi, NOTCH], dtype=object)
    copies = shapely.from_wkb(shapely.to_wkb(geoms))
    rotated = shapely.Polygon(np.roll(np.asarray(NOTCH.exterior.coords)[:-1], 2, axis=0))  # another first vertex
    a, b = crossings.rings_of(geoms), crossings.rings_of(np.append(copies, rotated))
    assert crossings._same_rings(a, b, np.array([0, 1, 2, 3, 3]), np.array([0, 1, 2, 3, 4])).tolist() == \
        [True, True, True, True, False]
    ia, ib = np.array([0, 1, 2, 3, 3, 0]), np.array([0, 1, 2, 3, 4, 3])
    got = areas(geoms, np.append(copies, rotated), ia, ib)
    assert got == pytest.approx(geos(geoms[ia], np.append(copies, rotated)[ib]))


def test_collections_and_lines_are_left_to_geos():
    collection = shapely.GeometryCollection([box(0, 0, 5, 5), shapely.LineString([(X0, Y0), (X0 + 9, Y0 + 9)])])
    got = areas([box(0, 0, 10, 10)] * 2, [collection, box(0, 0, 5, 5)])
    assert np.isnan(got[0]) and got[1] == pytest.approx(25.0)


def test_random_pairs_agree_with_geos():
    rng = np.random.default_rng(11)

    def convex(n):
        centre = rng.uniform(0, 100, 2) + (X0, Y0)
        return shapely.convex_hull(shapely.multipoints(rng.uniform(-30, 30, (n, 2)) + centre))

    def star(n):
        centre = rng.uniform(0, 100, 2) + (X0, Y0)
        angle, radius = np.sort(rng.uniform(0, 2 * np.pi, n)), rng.uniform(5, 30, n)
        return shapely.Polygon(np.c_[centre[0] + radius * np.cos(angle), centre[1] + radius * np.sin(angle)])

    a = np.array([convex(8) for _ in range(300)] + [star(12) for _ in range(100)], dtype=object)
    b = np.array([star(15) for _ in range(300)] + [convex(6) for _ in range(100)], dtype=object)
    b[:30] = shapely.difference(b[:30], shapely.buffer(shapely.centroid(b[:30]), 3.0))
    a[::2] = shapely.reverse(a[::2])
    assert shapely.is_valid(a).all() and shapely.is_valid(b).all()
    ia, ib = rng.integers(0, len(a), 5000), rng.integers(0, len(b), 5000)
    got = areas(a, b, ia, ib)
    assert not np.isnan(got).any()
    assert np.abs(got - geos(a[ia], b[ib])).max() < 1e-6


def test_area_only_overlay_matches_geometry_overlay():
    """overlay.intersect without geometries (core.crossings) gives the pieces and areas of GEOS."""
    rng = np.random.default_rng(5)
    n = 80
    parcels = shapely.segmentize(jittered_grid(rng, n), 15.0)
    centres = rng.uniform(100, n * 50 - 100, (3000, 2)) + (X0, Y0)
    tasks = shapely.buffer(shapely.points(centres), rng.uniform(10, 60, len(centres)), quad_segs=3)
    tasks[:500] = shapely.buffer(tasks[:500], -5.0)  # still convex
    tasks[500:1000] = shapely.difference(tasks[500:1000], shapely.buffer(shapely.points(centres[500:1000]), 4.0))
    pairs = overlay.candidates(tasks, parcels, predicate=None)
    fast = overlay.intersect(tasks, parcels, keep_geometry=False, pairs=pairs)
    slow = overlay.intersect(tasks, parcels, keep_geometry=True, pairs=pairs)
    slow_keys = dict(zip(zip(slow.left.tolist(), slow.right.tolist()), slow.area.tolist()))
    fast_keys = dict(zip(zip(fast.left.tolist(), fast.right.tolist()), fast.area.tolist()))
    # a piece GEOS finds and crossings does not (or the other way) can only be a rounding sliver
    assert all(abs(v) < 1e-4 for k, v in slow_keys.items() if k not in fast_keys)
    assert all(abs(v) < 1e-4 for k, v in fast_keys.items() if k not in slow_keys)
    common = [k for k in fast_keys if k in slow_keys]
    assert len(common) > 0.99 * len(slow_keys)
    assert max(abs(fast_keys[k] - slow_keys[k]) for k in common) < 1e-5
    assert np.allclose(fast.right_area, shapely.area(parcels[fast.right]))


@pytest.mark.parametrize("seed", range(4))
def test_random_holes_parts_and_shared_edges_agree_with_geos(seed):
    """Blobs with bites, unions, symmetric differences and cut-outs, some snapped to a 1 m grid so that
    they share edges and vertices, all against all."""
    rng = np.random.default_rng(seed)

    def blob():
        centre, n = rng.uniform(0, 60, 2) + (X0, Y0), rng.integers(5, 25)
        angle, radius = np.sort(rng.uniform(0, 2 * np.pi, n)), rng.uniform(2, 25, n)
        return shapely.make_valid(shapely.Polygon(np.c_[centre[0] + radius * np.cos(angle),
                                                        centre[1] + radius * np.sin(angle)]))

    operations = [lambda g, h: g, shapely.difference, shapely.union, shapely.symmetric_difference,
                  lambda g, h: shapely.intersection(g, box(10, 10, 50, 50))]
    shapes = [operations[rng.integers(0, 5)](blob(), blob()) for _ in range(100)]
    geoms = overlay.polygonal(shapely.make_valid(np.array(shapes, dtype=object)))
    snapped = shapely.set_precision(geoms[::7], 1.0)
    geoms[::7] = shapely.from_wkb(shapely.to_wkb(snapped))  # plain geometries again (no precision grid)
    geoms = overlay.repair(geoms)[0]
    ia, ib = overlay.candidates(geoms, geoms, predicate=None)
    got = crossings.pair_areas(geoms, geoms, ia, ib)[0]
    assert np.isfinite(got).all()
    assert np.abs(got - geos(geoms[ia], geoms[ib])).max() < 1e-4


@pytest.mark.parametrize("max_edge_pairs", [crossings.MAX_EDGE_PAIRS, -1])  # -1: every pair through GEOS
def test_rounding_slivers_along_shared_edges_give_no_piece(monkeypatch, max_edge_pairs):
    """Two surveys of the same parcels, one with vertices added along the edges (as a re-digitised year
    has): each parcel meets only itself, however the pair is measured (crossings or GEOS)."""
    monkeypatch.setattr(crossings, "MAX_EDGE_PAIRS", max_edge_pairs)
    rng = np.random.default_rng(3)
    n = 40
    before = jittered_grid(rng, n)
    after = shapely.segmentize(before, 7.0)
    after[::3] = shapely.difference(after[::3], shapely.buffer(shapely.centroid(after[::3]), 3.0))  # holes
    pairs = overlay.candidates(before, after, predicate=None)
    geos_slivers = shapely.area(shapely.intersection(before[pairs[0]], after[pairs[1]]))
    assert ((geos_slivers > 0) & (geos_slivers < 1e-6)).any()  # GEOS alone would report these
    pieces = overlay.intersect(before, after, keep_geometry=False, pairs=pairs)
    assert pieces.left.tolist() == pieces.right.tolist() == list(range(n * n))
    assert pieces.area == pytest.approx(shapely.area(after), abs=1e-6)


def stars(rng, count, extent, vertices=(12, 41), radius=(40, 120)):
    """Star-shaped outlines of 12–40 vertices (non-convex), like hand-digitised task parcels."""
    out = []
    for _ in range(count):
        n = rng.integers(*vertices)
        centre = rng.uniform(0, extent, 2) + (X0, Y0)
        angle, r = np.sort(rng.uniform(0, 2 * np.pi, n)), rng.uniform(*radius) * rng.uniform(0.5, 1.0, n)
        out.append(shapely.Polygon(np.c_[centre[0] + r * np.cos(angle), centre[1] + r * np.sin(angle)]))
    return np.array(out, dtype=object)


@pytest.mark.parametrize("turn", [0.0, 35.0])  # 35°: shared edges along the direction S is moved in
def test_tasks_drawn_along_survey_edges(turn):
    """Unions of 2–4 neighbouring parcels as tasks (their edges are the survey's, vertex for vertex): a
    parcel of the union measures its own area, a neighbour outside it exactly 0, as GEOS says."""
    rng = np.random.default_rng(21)
    n = 12
    parcels = jittered_grid(rng, n)
    if turn:
        parcels = np.array([shapely.affinity.rotate(p, turn, origin=(X0, Y0)) for p in parcels], dtype=object)
    seeds = rng.integers(0, n - 2, (40, 2))
    blocks = [[parcels[(i + di) * n + j + dj] for di, dj in ((0, 0), (1, 0), (0, 1), (1, 1))[:k]]
              for (i, j), k in zip(seeds, rng.integers(2, 5, len(seeds)))]
    tasks = np.array([shapely.union_all(b) for b in blocks], dtype=object)
    ia, ib = overlay.candidates(tasks, parcels, predicate=None)
    got = crossings.pair_areas(tasks, parcels, ia, ib)[0]
    expected = geos(tasks[ia], parcels[ib])
    assert np.abs(got - expected).max() < 1e-6  # m²: the shift δ is taken off again to first order
    inside = expected > 1.0
    assert got[inside] == pytest.approx(shapely.area(parcels[ib[inside]]), abs=1e-6)
    assert (got[~inside] == 0.0).all()  # neighbours that share edges or corners only touch


def test_star_tasks_over_a_survey_that_is_not_a_partition():
    """Concave tasks over parcels with holes and parts, where parcels also overlap each other (a copy of
    every fifth parcel moved by 7 m): nothing relies on the survey being a partition."""
    rng = np.random.default_rng(8)
    parcels = shapely.segmentize(jittered_grid(rng, 16), 9.0)
    parcels[::4] = shapely.difference(parcels[::4], shapely.buffer(shapely.centroid(parcels[::4]), 6.0))
    moved = shapely.transform(parcels[::5], lambda xy: xy + 7.0)
    parcels = np.concatenate([parcels, moved, [shapely.union(box(100, 100, 130, 120), box(140, 100, 160, 150))]])
    tasks = stars(rng, 120, 16 * 50.0)
    tasks[::9] = shapely.reverse(tasks[::9])  # clockwise outlines too
    assert shapely.is_valid(tasks).all() and shapely.is_valid(parcels).all()
    ia, ib = overlay.candidates(tasks, parcels, predicate=None)
    got = crossings.pair_areas(tasks, parcels, ia, ib)[0]
    assert np.isfinite(got).all()
    assert np.abs(got - geos(tasks[ia], parcels[ib])).max() < 1e-5
    # per task, the total over its parcels: what the restoration check adds up
    total = np.bincount(ia, weights=got, minlength=len(tasks))
    assert total == pytest.approx(np.bincount(ia, weights=geos(tasks[ia], parcels[ib]), minlength=len(tasks)),
                                  abs=1e-5)


def test_pairs_beyond_the_edge_budget_go_to_geos(monkeypatch):
    monkeypatch.setattr(crossings, "MAX_EDGE_PAIRS", 50)
    small, big = box(0, 0, 10, 10), shapely.segmentize(box(5, 5, 20, 20), 1.0)  # 4 × 60 edges
    got = areas([small, small], [big, box(5, 5, 20, 20)])
    assert np.isnan(got[0]) and got[1] == pytest.approx(25.0, abs=1e-6)


def test_runs_in_batches_never_split_a_run():
    """core.runs.batches: consecutive runs, every run once, a batch begun where the running total passes a multiple
    of ``size`` (running totals 3 3 7 17 18 19 19 21: past 5 at run 2, past 10 and 15 at run 3, past 20 at 7)."""
    counts = np.array([3, 0, 4, 10, 1, 1, 0, 2])
    got = runs.batches(counts, 5)
    assert [b.tolist() for b in got] == [[0, 1], [2], [3, 4, 5, 6], [7]]
    assert runs.batches(np.zeros(0, dtype=np.int64), 5) == []
    assert [b.tolist() for b in runs.batches(counts, 1000)] == [list(range(8))]


def test_distinct_indices_are_numpys_unique():
    """core.runs.distinct marks instead of sorting: the same sorted distinct indices as np.unique, repeats,
    the array's first and last index and an empty list included."""
    rng = np.random.default_rng(7)
    for size in (1, 10, 1000):
        index = np.concatenate([rng.integers(0, size, 3 * size), [0, size - 1]])
        got = runs.distinct(index, size)
        assert got.tolist() == np.unique(index).tolist()
        assert got.dtype.kind == "i"
    assert runs.distinct(np.zeros(0, dtype=np.int64), 5).tolist() == []
    assert runs.distinct([4, 1, 4], 5).tolist() == [1, 4]


@pytest.mark.parametrize("size", [1, 7, 65_536, 65_537, 3_000_000])
def test_stable_and_pair_orders_are_numpys(size):
    """runs.stable_order (16-bit digits) against np.argsort(kind="stable"), runs.pair_order against np.lexsort,
    with keys on both sides of a digit's boundary, repeated keys, and pairs given sorted by their second index."""
    rng = np.random.default_rng(size)
    key = rng.integers(0, size, 5_000)
    assert np.array_equal(runs.stable_order(key, size), np.argsort(key, kind="stable"))
    first, second = rng.integers(0, size, 5_000), rng.integers(0, 100, 5_000)
    for second_given in (second, np.sort(second)):
        assert np.array_equal(runs.pair_order(first, second_given, (size, 100)), np.lexsort((second_given, first)))
    assert len(runs.pair_order(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), (1, 1))) == 0


def test_spatial_order_moves_each_geometrys_pairs_whole():
    """overlay._spatial_order: the same pairs, each A geometry's pairs together and in their order, the groups
    along the curve; pairs grouped by A (moved whole) and shuffled pairs (sorted by rank) in the same order."""
    rng = np.random.default_rng(3)
    a = shapely.box(*(rng.uniform(0, 1000, (50, 2)).T), *(rng.uniform(1000, 1010, (50, 2)).T))
    ia = np.sort(rng.integers(0, 50, 400))
    order = overlay._spatial_order(a, ia)
    assert sorted(order.tolist()) == list(range(400))
    groups = ia[order]
    assert (np.diff(order)[groups[1:] == groups[:-1]] > 0).all()  # a group keeps its order
    assert len(np.unique(groups)) == 1 + int((groups[1:] != groups[:-1]).sum())  # and stays together
    shuffled = rng.permutation(400)
    assert np.array_equal(ia[shuffled][overlay._spatial_order(a, ia[shuffled])], groups)
