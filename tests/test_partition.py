"""core.partition: the overlap check measures only suspects, and must find what measuring every pair finds."""
from collections import Counter

import numpy as np
import pytest
import shapely

from land_supervision.core import overlay, partition
from land_supervision.core.packed import Packed

X0, Y0 = 38_480_000.0, 3_300_000.0


def jittered_grid(rng, n, cell=50.0):
    """n × n parcels whose corners are jittered (neighbours share them), every edge with a wiggle vertex
    computed from its ends so that both neighbours carry it: a clean partition of concave parcels."""
    gx, gy = np.meshgrid(np.arange(n + 1) * cell, np.arange(n + 1) * cell, indexing="ij")
    jitter = rng.uniform(-0.2, 0.2, (2, n + 1, n + 1)) * cell
    vx, vy = X0 + gx + jitter[0], Y0 + gy + jitter[1]

    def wiggle(p, q):  # the same point whichever parcel walks the edge
        a, b = (p, q) if (p[0], p[1]) < (q[0], q[1]) else (q, p)
        mid = (a + b) / 2.0
        normal = np.array([a[1] - b[1], b[0] - a[0]])
        return mid + 0.15 * normal * np.sin(a[0] * 0.37 + a[1] * 0.11)

    parcels = []
    for i in range(n):
        for j in range(n):
            corners = [np.array([vx[i + di, j + dj], vy[i + di, j + dj]]) for di, dj in
                       ((0, 0), (1, 0), (1, 1), (0, 1))]
            ring = []
            for k in range(4):
                ring += [corners[k], wiggle(corners[k], corners[(k + 1) % 4])]
            parcels.append(shapely.Polygon(ring))
    return np.array(parcels, dtype=object)


def brute_force(geoms, used):
    """Every pair of used parcels through GEOS: (first, second) -> overlap area, over the ledger's 0.01 m²."""
    used = np.unique(used)
    found = {}
    for a in range(len(used)):
        for b in range(a + 1, len(used)):
            area = shapely.area(shapely.intersection(geoms[used[a]], geoms[used[b]]))
            if area >= partition.MIN_OVERLAP_M2:
                found[(int(used[a]), int(used[b]))] = area
    return found


def as_dict(found):
    return {(int(min(a, b)), int(max(a, b))): area for a, b, area in zip(found.first, found.second, found.area)}


def check_same(geoms, used=None):
    geoms = overlay.repair(np.asarray(geoms, dtype=object))[0]
    used = np.arange(len(geoms)) if used is None else used
    expected = brute_force(geoms, used)
    # the same from shapely geometries and from WKB made into geometries block by block (a Packed survey)
    for held in (geoms, Packed.of(geoms)):
        got = as_dict(partition.find_overlaps(held, used))
        assert got.keys() == expected.keys()
        for key, area in expected.items():
            assert got[key] == pytest.approx(area, rel=1e-6, abs=1e-6)
    return got


def test_a_clean_partition_has_no_overlap_and_no_suspect():
    geoms = jittered_grid(np.random.default_rng(0), 12)
    used = np.arange(len(geoms))
    assert check_same(geoms) == {}
    suspect = partition.suspects(geoms, used)
    # only the rim of the grid has edges with no neighbour across them
    rim = np.array([i in (0, 11) or j in (0, 11) for i in range(12) for j in range(12)])
    assert (suspect == rim).all()
    assert (partition.suspects(Packed.of(geoms), used) == rim).all()


def test_a_parcel_with_an_island_in_its_hole():
    outer = shapely.Polygon(shapely.box(X0, Y0, X0 + 100, Y0 + 100).exterior.coords,
                            [shapely.box(X0 + 30, Y0 + 30, X0 + 60, Y0 + 60).exterior.coords])
    island = shapely.box(X0 + 30, Y0 + 30, X0 + 60, Y0 + 60)
    assert check_same([outer, island]) == {}
    on_top = shapely.box(X0 + 20, Y0 + 20, X0 + 40, Y0 + 40)  # over the hole's rim: 300 m² on the parcel
    found = check_same([outer, island, on_top])
    assert found[(0, 2)] == pytest.approx(20 * 20 - 10 * 10)
    assert found[(1, 2)] == pytest.approx(10 * 10)


@pytest.mark.parametrize("block", [partition.BLOCK, 7])  # 7: parcels and their mates in different blocks
@pytest.mark.parametrize("seed", range(6))
def test_corrupted_partitions_agree_with_every_pair_measured(seed, block, monkeypatch):
    """Duplicates, shifted copies, a second tiling laid over part of the first (every edge of both matched
    inside), a parcel drawn on top, neighbours with an extra vertex on their shared edge (no overlap),
    reversed rings, multipart parcels: the same pairs and areas as GEOS over every pair."""
    monkeypatch.setattr(partition, "BLOCK", block)
    rng = np.random.default_rng(seed)
    base = jittered_grid(rng, 8)
    other = shapely.transform(jittered_grid(np.random.default_rng(seed + 100), 4), lambda c: c + [110.0, 90.0])
    extras = [
        base[rng.integers(0, len(base))],                                             # a parcel appended twice
        shapely.transform(base[rng.integers(0, len(base))], lambda c: c + [2.5, 1.0]),  # a shifted copy
        shapely.buffer(shapely.centroid(base[rng.integers(0, len(base))]), 6.0),       # drawn on top
        shapely.MultiPolygon([shapely.box(X0 + 400, Y0 + 400, X0 + 410, Y0 + 410),
                              shapely.box(X0 + 30, Y0 + 30, X0 + 36, Y0 + 33)]),       # multipart, one part over
    ]
    geoms = list(base) + list(other) + extras
    k = rng.integers(0, len(base))
    geoms[k] = shapely.reverse(geoms[k])  # clockwise shell: orientation is normalised, not trusted
    # split one shared edge of a parcel with an extra vertex on it (a T-junction: touching only)
    ring = list(shapely.get_coordinates(geoms[1])[:-1])
    ring.insert(1, (ring[0] + ring[1]) / 2.0)
    geoms[1] = shapely.Polygon(ring)
    check_same(geoms)
    used = rng.choice(len(geoms), len(geoms) * 2 // 3, replace=False)  # a task meets only some parcels
    check_same(geoms, used)


@pytest.mark.parametrize("block", [partition.BLOCK, 5])
def test_two_complete_tilings_of_the_same_ground_are_all_found(block, monkeypatch):
    """Two surveys of one village merged: inside, every edge has its neighbour's edge the other way round, so
    only the interior point test can see the overlap; every overlapping pair must still be measured."""
    monkeypatch.setattr(partition, "BLOCK", block)
    a = jittered_grid(np.random.default_rng(1), 6)
    b = jittered_grid(np.random.default_rng(2), 6)
    found = check_same(list(a) + list(b))
    assert len(found) >= 36


def test_a_fine_tiling_over_part_of_coarse_parcels():
    """Small parcels over part of big ones, both tilings clean inside: a big parcel's interior point often
    lies outside the small tiling; still the same pairs as every pair measured."""
    coarse = jittered_grid(np.random.default_rng(3), 5, cell=100.0)
    for seed in range(4):
        fine = shapely.transform(jittered_grid(np.random.default_rng(seed), 8, cell=20.0),
                                 lambda c, s=seed: c + [140.0 + 7 * s, 120.0 + 11 * s])
        found = check_same(list(coarse) + list(fine))
        assert len(found) > 64


def test_multipart_parcels_deep_inside_two_overlapping_tilings():
    """Two clean tilings overlapping over a strip, and in each a parcel of two parts, one inside the strip (the
    two overlap there, 50 m²) and one outside it, where its interior point lands (one parcel over it): every edge
    matched, no loose parcel overlapping either; the pair must still be found, as GEOS over every pair finds it."""
    def cells(x0, x1, dy):
        return {(i, j): shapely.box(X0 + i, Y0 + j + dy, X0 + i + 10, Y0 + j + 10 + dy)
                for i in range(x0, x1, 10) for j in range(-30, 60, 10)}

    a, b = cells(-20, 50, 0.0), cells(20, 80, 5.0)  # the strip: x 20-50
    p = shapely.MultiPolygon([a.pop((0, 30)), a.pop((30, 20))])
    q = shapely.MultiPolygon([b.pop((60, 30)), b.pop((30, 20))])
    geoms = list(a.values()) + [p] + list(b.values()) + [q]
    found = check_same(geoms)
    assert found[(len(a), len(geoms) - 1)] == pytest.approx(50.0)


def test_boxes_meeting_a_box_are_found_in_the_strip():
    """partition._Boxes: the parcels whose box meets a box, against every box compared (a county-wide one,
    touching ones and empty ones included)."""
    rng = np.random.default_rng(5)
    low = rng.uniform(0, 1000, (2000, 2)) + [X0, Y0]
    bounds = np.column_stack([low, low + rng.uniform(0, 30, (2000, 2))])
    bounds[7] = [X0 - 5, Y0 - 5, X0 + 2000, Y0 + 2000]  # a county-wide mask
    bounds[8] = np.nan  # an empty geometry
    boxes = partition._Boxes(bounds)
    for _ in range(50):
        a = rng.uniform(0, 1000, 2) + [X0, Y0]
        b = a + rng.uniform(0, 100, 2)
        expected = np.flatnonzero((bounds[:, 0] <= b[0]) & (bounds[:, 2] >= a[0])
                                  & (bounds[:, 1] <= b[1]) & (bounds[:, 3] >= a[1]))
        assert np.array_equal(np.sort(boxes.meeting(a, b)), expected)
    edge = bounds[100]  # a box that only touches parcel 100's box at its corner
    assert 100 in boxes.meeting(edge[2:], edge[2:] + 1.0)


def test_boxes_pairs_are_every_pair_of_meeting_boxes(monkeypatch):
    """partition._Boxes.pairs: every (query box, parcel) whose boxes meet, against every pair compared, in
    batches (a small BATCH_PAIRS) and with empty query boxes; None over the budget."""
    monkeypatch.setattr(partition, "BATCH_PAIRS", 997)
    rng = np.random.default_rng(6)
    low = rng.uniform(0, 1000, (1500, 2)) + [X0, Y0]
    bounds = np.column_stack([low, low + rng.uniform(0, 40, (1500, 2))])
    bounds[3] = [X0 - 5, Y0 - 5, X0 + 2000, Y0 + 2000]
    bounds[4] = np.nan
    qlow = rng.uniform(-50, 1050, (300, 2)) + [X0, Y0]
    query = np.column_stack([qlow, qlow + rng.uniform(0, 60, (300, 2))])
    query[10] = np.nan
    query[11] = bounds[20]  # the very same box
    query[12] = [bounds[21, 2], bounds[21, 3], bounds[21, 2] + 1, bounds[21, 3] + 1]  # touching at a corner
    rows, parcels = partition._Boxes(bounds).pairs(query)
    with np.errstate(invalid="ignore"):
        meet = (bounds[None, :, 0] <= query[:, None, 2]) & (bounds[None, :, 2] >= query[:, None, 0]) \
            & (bounds[None, :, 1] <= query[:, None, 3]) & (bounds[None, :, 3] >= query[:, None, 1])
    expected = set(zip(*np.nonzero(meet)))
    assert set(zip(rows.tolist(), parcels.tolist())) == expected and len(rows) == len(expected)
    assert (np.diff(rows) >= 0).all() and (11, 20) in expected and (12, 21) in expected
    assert partition._Boxes(bounds).pairs(query, budget=10) is None


def random_shapes(rng, count, spread=400.0):
    """Non-convex stars, some with a hole, some multipart (two stars), at 8-digit eastings."""
    out = []
    for _ in range(count):
        def star(cx, cy):
            k = int(rng.integers(5, 30))
            angle = np.sort(rng.uniform(0, 2 * np.pi, k))
            radius = rng.uniform(10, 60, k)
            return shapely.Polygon(np.column_stack([cx + radius * np.cos(angle), cy + radius * np.sin(angle)]))
        cx, cy = X0 + rng.uniform(0, spread), Y0 + rng.uniform(0, spread)
        shape = shapely.make_valid(star(cx, cy))
        kind = rng.integers(3)
        if kind == 1:
            shape = shape.difference(shapely.Point(cx, cy).buffer(rng.uniform(2, 8)))
        elif kind == 2:
            shape = shape.union(shapely.make_valid(star(cx + 150, cy)))
        out.append(shapely.make_valid(shape))
    geoms = np.array(out, dtype=object)
    return geoms[np.isin(shapely.get_type_id(geoms), (3, 6))]


def edges_of(geoms):
    from land_supervision.core import crossings
    return partition._Edges(crossings.rings_of(np.asarray(geoms, dtype=object)))


@pytest.mark.parametrize("seed", range(3))
def test_interior_points_lie_inside_their_parcels(seed):
    """_Edges.interior_points against GEOS: inside every non-convex, holed and multipart shape (and the
    jittered grid's wiggly cells), at least a unit (SNAP) from its boundary."""
    rng = np.random.default_rng(seed)
    geoms = np.concatenate([random_shapes(rng, 150), jittered_grid(rng, 6)])
    px, py = edges_of(geoms).interior_points(np.arange(len(geoms)))
    assert not np.isnan(px).any()
    points = shapely.points(px * partition.SNAP, py * partition.SNAP)
    assert shapely.contains(geoms, points).all()
    assert (shapely.distance(shapely.boundary(geoms), points) >= 0.5 * partition.SNAP).all()


def test_no_interior_point_for_empty_or_hairline_parcels():
    hairline = shapely.box(X0, Y0, X0 + 1.2e-6, Y0 + 10)  # about one unit wide
    geoms = np.array([shapely.Polygon(), hairline, shapely.box(X0, Y0, X0 + 10, Y0 + 10)], dtype=object)
    px, _ = edges_of(geoms).interior_points(np.arange(3))
    assert np.isnan(px[:2]).all() and not np.isnan(px[2])
    # placed nowhere: measured (crowded), except the empty parcel, which overlaps nothing
    assert edges_of(geoms).crowded(np.arange(3)).tolist() == [False, True, False]


@pytest.mark.parametrize("seed", range(3))
def test_winding_of_loose_edges_counts_the_parcels_over_a_point(seed):
    """How many parcels contain a point, from the unmatched edges alone, against GEOS's count: overlapping
    non-convex, holed and multipart shapes, a duplicate, and a tiling whose shared edges are matched (and so
    left out of the count)."""
    rng = np.random.default_rng(seed)
    tiles = jittered_grid(rng, 5, cell=60.0)
    shapes = random_shapes(rng, 40, spread=250.0)
    geoms = np.concatenate([tiles, shapes, shapes[:3]])
    edges = edges_of(geoms)
    assert edges.matched.sum() > 0  # the tiles' shared edges
    x, y = X0 - 50 + rng.uniform(0, 500, 3000), Y0 - 50 + rng.uniform(0, 500, 3000)
    qx, qy = np.round(x / partition.SNAP), np.round(y / partition.SNAP) + 0.5
    points = shapely.points(qx * partition.SNAP, qy * partition.SNAP)
    clear = shapely.distance(shapely.union_all(shapely.boundary(geoms)), points) > 1e-5
    expected = shapely.contains(geoms[:, None], points[None, :]).sum(axis=0)
    got = edges._winding(qx, qy)
    assert clear.sum() > 2500 and (expected[clear] >= 2).any()
    assert (got[clear] == expected[clear]).all()
    # a few points among many loose edges (a survey whose neighbours share no vertices): the same counts
    few = np.flatnonzero(clear)[:7]
    assert (edges._winding(qx[few], qy[few]) == expected[few]).all()


@pytest.mark.parametrize("seed", range(3))
def test_matched_edges_against_a_dictionary_of_edges(seed):
    """_Edges.matched (slots by key, crowded slots sorted) against edges counted in a dictionary: matched when
    exactly two edges join the same two vertices, running opposite ways. A tiling, shapes over it, duplicates
    (four edges under one key) and a reversed copy (mates running the same way)."""
    rng = np.random.default_rng(seed)
    tiles = jittered_grid(rng, 8, cell=40.0)
    shapes = random_shapes(rng, 20, spread=300.0)
    flipped = shapely.reverse(tiles[:2])  # oriented again when read: the same edges as the originals
    geoms = np.concatenate([tiles, shapes, tiles[10:13], flipped])
    edges = edges_of(geoms)
    qx, qy, nxt = edges.qx, edges.qy, edges.nxt
    ends = [((qx[i], qy[i]), (qx[nxt[i]], qy[nxt[i]])) for i in range(len(qx))]
    by_key = {}
    for i, (a, b) in enumerate(ends):
        by_key.setdefault(frozenset((a, b)), []).append(i)
    expected = np.zeros(len(qx), dtype=bool)
    for group in by_key.values():
        if len(group) == 2 and ends[group[0]] == ends[group[1]][::-1]:
            expected[group] = True
    assert expected.sum() > 100 and (~expected).sum() > 100
    assert (edges.matched == expected).all()


def test_a_pair_of_loose_used_parcels_is_measured_once_in_its_block(monkeypatch):
    """Field parcels with gaps between them (no edge shared: every parcel loose): a pair of two loose members of
    one block is measured once, not from both sides; a pair across two blocks at most twice (each block knows
    only its own parcels' looseness); the overlaps are those of every pair measured through GEOS."""
    rng = np.random.default_rng(11)
    cells = [shapely.box(X0 + 30 * i + 1, Y0 + 30 * j + 1, X0 + 30 * i + 29.5, Y0 + 30 * j + 29.5)
             for i in range(15) for j in range(15)]
    shifted = [shapely.affinity.translate(c, *rng.uniform(-2.5, 2.5, 2)) for c in cells]  # some overlap
    geoms = np.array(shifted, dtype=object)
    measured = []
    intersect = overlay.intersect

    def counting(a, b, keep_geometry=True, progress=None, tree=None, pairs=None):
        pieces = intersect(a, b, keep_geometry, progress, tree, pairs)
        if pairs is not None:
            measured.append((np.asarray(a.wkb if isinstance(a, Packed) else shapely.to_wkb(a))[pairs[0]],
                             np.asarray(b.wkb if isinstance(b, Packed) else shapely.to_wkb(b))[pairs[1]]))
        return pieces

    for block, most in ((partition.BLOCK, 1), (40, 2)):
        monkeypatch.setattr(partition, "BLOCK", block)
        monkeypatch.setattr(partition.overlay, "intersect", intersect)
        assert len(check_same(geoms)) > 20
        monkeypatch.setattr(partition.overlay, "intersect", counting)
        for held in (geoms, Packed.of(geoms)):
            measured.clear()
            partition.find_overlaps(held)
            keys = Counter(frozenset((x, y)) for left, right in measured for x, y in zip(left, right))
            assert len(keys) > 100 and max(keys.values()) <= most
