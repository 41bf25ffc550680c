"""core.clip: intersection areas by clipping with convex pieces, against GEOS."""
import numpy as np
import pytest
import shapely

from land_supervision.core import clip, overlay

X0, Y0 = 38_480_000.0, 3_300_000.0  # 8-digit Gauss-Krüger eastings, as in a county survey


def areas(a, b, ia=None, ib=None):
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    ia = np.arange(len(a)) if ia is None else ia
    ib = np.arange(len(b)) if ib is None else ib
    return clip.areas(clip.Shapes.of(a), clip.Shapes.of(b), ia, ib)


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
    shapes = clip.Shapes.of(np.array([square, cw], dtype=object))
    assert shapes.pieces.k.tolist() == [4, 4] and shapes.pieces.first.tolist() == [0, 1, 2]
    other = shapely.Polygon([(X0 + 25, Y0 - 10), (X0 + 60, Y0 + 25), (X0 + 25, Y0 + 60), (X0 - 10, Y0 + 25)])
    got = clip.areas(shapes, clip.Shapes.of(np.array([other], dtype=object)), np.array([0, 1]), np.array([0, 0]))
    assert got == pytest.approx(geos([square, cw], [other, other]), abs=1e-6)


def polygon(points):
    return shapely.Polygon([(X0 + x, Y0 + y) for x, y in points])


NOTCH = polygon([(0, 0), (10, 0), (5, 1), (10, 10), (0, 10)])
# a notch from the top with a bump inside it: hull − (notch hull − bump), two levels of pockets
NESTED = polygon([(0, 0), (10, 0), (10, 10), (7, 10), (7, 3), (5, 6), (3, 3), (3, 10), (0, 10)])


def pieces_of(geoms):
    shapes = clip.Shapes.of(np.array(geoms, dtype=object))
    pieces = shapes.pieces
    signed = [
        sum(pieces.sign[i] * shapely.area(shapely.Polygon(np.column_stack(
            [pieces.x[pieces.start[i]:pieces.start[i] + pieces.k[i]],
             pieces.y[pieces.start[i]:pieces.start[i] + pieces.k[i]]])))
            for i in range(pieces.first[g], pieces.first[g + 1]))
        for g in range(len(geoms))]
    return shapes, signed


def test_polygons_become_signed_convex_pieces():
    holed = shapely.difference(box(0, 0, 10, 10), box(4, 4, 6, 6))
    multi = shapely.union(box(0, 0, 1, 1), box(5, 5, 6, 6))
    geoms = [NOTCH, holed, multi, box(0, 0, 1, 1), None, NESTED]
    shapes, signed = pieces_of(geoms)
    # NESTED: hull − (notch hull − its three pockets: two beside the notch along the top, the bump)
    assert np.diff(shapes.pieces.first).tolist() == [2, 2, 2, 1, 0, 5]
    assert shapes.pieces.sign[shapes.pieces.first[0]:shapes.pieces.first[1]].tolist() == [1.0, -1.0]
    assert shapes.pieces.sign[shapes.pieces.first[5]:].tolist() == [1.0, -1.0, 1.0, 1.0, 1.0]
    assert signed == pytest.approx(np.nan_to_num(shapely.area(np.array(geoms, dtype=object))), abs=1e-6)
    clippers = [box(2, -1, 9, 8), shapely.Point(X0 + 5, Y0 + 5).buffer(4.0), box(-5, -5, 15, 15), NESTED]
    a = np.array(clippers * len(geoms), dtype=object)
    b = np.array([g for g in geoms for _ in clippers], dtype=object)
    got = clip.areas(clip.Shapes.of(a), clip.Shapes.of(b), np.arange(len(a)), np.arange(len(b)))
    assert got == pytest.approx(np.nan_to_num(shapely.area(shapely.intersection(a, b))), abs=1e-6)


def test_pockets_deeper_than_the_limit_are_left_to_geos(monkeypatch):
    monkeypatch.setattr(clip, "MAX_LEVELS", 2)  # NOTCH needs 2 levels, NESTED 3
    shapes = clip.Shapes.of(np.array([NESTED, NOTCH], dtype=object))
    assert shapes.pieces.work[0] == np.inf and np.isfinite(shapes.pieces.work[1])
    moved = shapely.affinity.translate(NESTED, 0.5, 0.5)  # as deep, and not the same polygon
    got = clip.areas(shapes, clip.Shapes.of(np.array([moved], dtype=object)), np.array([0, 1]), np.array([0, 0]))
    assert np.isnan(got[0]) and got[1] == pytest.approx(shapely.area(shapely.intersection(NOTCH, moved)))


def test_a_polygon_met_by_its_very_copy_is_its_own_area():
    """Year-to-year surveys repeat most parcels: the same rings vertex for vertex need no clipping."""
    holed = shapely.difference(box(0, 0, 10, 10), box(4, 4, 6, 6))
    multi = shapely.union(box(0, 0, 1, 1), box(5, 5, 6, 6))
    geoms = np.array([NESTED, holed, multi, NOTCH], dtype=object)
    copies = shapely.from_wkb(shapely.to_wkb(geoms))
    rotated = shapely.Polygon(np.roll(np.asarray(NOTCH.exterior.coords)[:-1], 2, axis=0))  # another first vertex
    a, b = clip.Shapes.of(geoms), clip.Shapes.of(np.append(copies, rotated))
    assert clip._same_rings(a.rings, b.rings, np.array([0, 1, 2, 3, 3]), np.array([0, 1, 2, 3, 4])).tolist() == \
        [True, True, True, True, False]
    ia, ib = np.array([0, 1, 2, 3, 3, 0]), np.array([0, 1, 2, 3, 4, 3])
    got = clip.areas(a, b, ia, ib)
    assert got == pytest.approx(geos(geoms[ia], np.append(copies, rotated)[ib]))


def test_a_barely_reflex_vertex_is_judged_by_the_area_it_moves():
    """A vertex 1 mm inside a 100 m edge moves the area by 0.05 m²: a pocket; 1 mm outside: a corner."""
    dent = polygon([(0, 0), (50, 0.001), (100, 0), (100, 100), (0, 100)])
    bump = polygon([(0, 0), (50, -0.001), (100, 0), (100, 100), (0, 100)])
    shapes, signed = pieces_of([dent, bump])
    assert shapes.pieces.k.tolist() == [4, 3, 5]
    assert signed == pytest.approx([10_000 - 0.05, 10_000 + 0.05], abs=1e-6)


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
    assert not np.isnan(got).any()  # star against star too, through convex pieces
    assert np.abs(got - geos(a[ia], b[ib])).max() < 1e-4


def test_area_only_overlay_matches_geometry_overlay():
    """overlay.intersect without geometries (clipping where it can) gives the pieces and areas of GEOS."""
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
    # a piece GEOS finds and clipping does not (or the other way) can only be a rounding sliver
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
    got = clip.pair_areas(geoms, geoms, ia, ib)[0]
    handled = np.isfinite(got)
    assert handled.mean() > 0.5
    assert np.abs(got[handled] - geos(geoms[ia[handled]], geoms[ib[handled]])).max() < 1e-4


@pytest.mark.parametrize("max_work", [clip.MAX_WORK, 0])  # 0: every pair through GEOS
def test_rounding_slivers_along_shared_edges_give_no_piece(monkeypatch, max_work):
    """Two surveys of the same parcels, one with vertices added along the edges (as a re-digitised year
    has): each parcel meets only itself, however the pair is measured (clipping or GEOS)."""
    monkeypatch.setattr(clip, "MAX_WORK", max_work)
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
