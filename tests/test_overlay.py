"""Overlay engine against hand-drawn polygons."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from land_supervision.core import overlay


def polys(*wkts):
    return np.array([shapely.from_wkt(w) for w in wkts], dtype=object)


def test_pieces_with_ids_and_areas():
    a = polys("POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((20 0,30 0,30 10,20 10,20 0))")
    b = polys("POLYGON((5 0,15 0,15 10,5 10,5 0))", "POLYGON((-5 -5,40 -5,40 -1,-5 -1,-5 -5))",
              "POLYGON((21 1,29 1,29 9,21 9,21 1))")
    pieces = overlay.intersect(a, b)
    got = sorted(zip(pieces.left.tolist(), pieces.right.tolist(), np.round(pieces.area, 6).tolist()))
    assert got == [(0, 0, 50.0), (1, 2, 64.0)]
    assert dict(zip(pieces.right.tolist(), pieces.right_area.tolist())) == {0: 100.0, 2: 64.0}


def test_touching_only_pair_gives_no_piece():
    a = polys("POLYGON((0 0,10 0,10 10,0 10,0 0))")
    b = polys("POLYGON((10 0,20 0,20 10,10 10,10 0))", "POLYGON((10 10,20 10,20 20,10 20,10 10))")
    pieces = overlay.intersect(a, b)
    assert len(pieces) == 0


def test_a_inside_b_keeps_whole_geometry():
    a = polys("POLYGON((1 1,2 1,2 2,1 2,1 1))")
    b = polys("POLYGON((0 0,10 0,10 10,0 10,0 0))")
    pieces = overlay.intersect(a, b)
    assert pieces.area.tolist() == [1.0]
    assert shapely.equals(pieces.geoms[0], a[0])


def test_bow_tie_is_repaired_and_counted():
    bow_tie = shapely.from_wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))")
    assert not shapely.is_valid(bow_tie)
    geoms, repaired = overlay.repair(np.array([bow_tie, shapely.box(0, 0, 1, 1), None], dtype=object))
    assert repaired == 1
    assert shapely.is_valid(geoms[0]) and geoms[0].area == pytest.approx(50.0)
    assert geoms[2] is None  # missing stays missing; callers count it
    pieces = overlay.intersect(geoms[:1], polys("POLYGON((0 0,10 0,10 5,0 5,0 0))"))
    assert pieces.area.sum() == pytest.approx(25.0)


def test_allocation_by_planar_share_sums_to_official():
    pieces_area = np.array([25.0, 75.0, 0.0])
    whole = np.array([100.0, 100.0, 0.0])
    official = np.array([100.4, 100.4, 50.0])
    allocated = overlay.allocate(pieces_area, whole, official)
    assert allocated.tolist() == pytest.approx([25.1, 75.3, 0.0])
    assert allocated[:2].sum() == pytest.approx(100.4)


def test_cancel_from_progress_callback():
    a = np.array([shapely.box(i, 0, i + 1.5, 1) for i in range(50)], dtype=object)
    b = np.array([shapely.box(i + 0.5, 0, i + 1, 2) for i in range(50)], dtype=object)
    with pytest.raises(overlay.Cancelled):
        overlay.intersect(a, b, progress=lambda done: True)


def test_sum_by_index():
    assert overlay.sum_by(np.array([0, 2, 2]), np.array([1.0, 2.0, 3.0]), 4).tolist() == [1.0, 0.0, 5.0, 0.0]


@pytest.mark.parametrize("predicate", ["intersects", None])
def test_many_pairs_on_threads_match_plain_shapely(predicate):
    """More pairs than one chunk: threaded query and chunked pieces give exactly the plain shapely answer,
    from intersecting pairs or from bounding-box pairs alike."""
    rng = np.random.default_rng(7)
    x, y = np.meshgrid(np.arange(300.0), np.arange(300.0))
    b = shapely.box(x.ravel(), y.ravel(), x.ravel() + 1, y.ravel() + 1)
    centres = rng.uniform(0, 300, (4_000, 2))
    a = shapely.buffer(shapely.points(centres), rng.uniform(0.5, 2.0, len(centres)), quad_segs=2)
    ia, ib = overlay.candidates(a, b, predicate=predicate)
    assert len(ia) > 2 * overlay.CHUNK
    pieces = overlay.intersect(a, b, keep_geometry=True, pairs=(ia, ib))
    expected = shapely.area(shapely.intersection(a[ia], b[ib]))
    keep = expected > 0
    assert pieces.left.tolist() == ia[keep].tolist() and pieces.right.tolist() == ib[keep].tolist()
    assert np.allclose(pieces.area, expected[keep], rtol=0, atol=1e-9)
    assert np.allclose(shapely.area(pieces.geoms), pieces.area, rtol=0, atol=1e-9)


def test_chunks_never_split_one_left_geometry():
    ia = np.repeat(np.arange(5000), 9)  # 45,000 pairs, 9 per geometry
    chunks = overlay._chunks_by_left(ia)
    assert np.concatenate(chunks).tolist() == list(range(len(ia)))
    for first, second in zip(chunks[:-1], chunks[1:]):
        assert ia[first[-1]] != ia[second[0]]


def test_threaded_validity_check_over_many_geometries():
    boxes = [shapely.box(i, 0, i + 1, 1) for i in range(3 * overlay.CHUNK)]
    boxes[45_000] = shapely.from_wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))")
    geoms, repaired = overlay.repair(np.array(boxes, dtype=object), return_mask=True)
    assert np.flatnonzero(repaired).tolist() == [45_000]
    assert shapely.is_valid(geoms).all()
