"""core.packed and core.wkb: geometries held as WKB, and their rings read from it in numpy, must be what GEOS
gives for the same geometries."""
import numpy as np
import pytest
import shapely

from land_supervision.core import crossings, overlay, wkb
from land_supervision.core.packed import Packed, areas_of, bounds_of, envelopes, take

X0, Y0 = 38_480_000.0, 3_300_000.0


def star(rng, cx, cy, points, radius):
    """A non-convex star-shaped ring around (cx, cy)."""
    angle = np.sort(rng.uniform(0, 2 * np.pi, points))
    r = radius * rng.uniform(0.3, 1.0, points)
    return np.column_stack([cx + r * np.cos(angle), cy + r * np.sin(angle)])


def mixed_geometries(seed, n=300):
    """Non-convex polygons, polygons with holes, multipolygons (with holed parts), empty ones and missing ones,
    in random order, clockwise and counter-clockwise."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        cx, cy = X0 + rng.uniform(0, 5000), Y0 + rng.uniform(0, 5000)
        kind = i % 6
        shell = star(rng, cx, cy, int(rng.integers(5, 60)), 80.0)
        if kind == 0:
            geom = shapely.Polygon(shell)
        elif kind == 1:  # a box with two square holes
            geom = shapely.Polygon(shapely.box(cx, cy, cx + 100, cy + 100).exterior.coords,
                                   [shapely.box(cx + 10, cy + 10, cx + 30, cy + 30).exterior.coords,
                                    shapely.box(cx + 50, cy + 50, cx + 70, cy + 90).exterior.coords[::-1]])
        elif kind == 2:
            parts = [shapely.box(cx + 300 * k, cy, cx + 300 * k + 100, cy + 100)
                     for k in range(int(rng.integers(2, 5)))]
            parts[0] = shapely.Polygon(parts[0].exterior.coords, [shapely.box(cx + 20, cy + 20, cx + 40, cy + 40)
                                                                  .exterior.coords])
            geom = shapely.MultiPolygon(parts)
        elif kind == 3:
            geom = shapely.Polygon(shell[::-1])  # clockwise shell
        elif kind == 4:
            geom = shapely.from_wkt(["POLYGON EMPTY", "MULTIPOLYGON EMPTY"][i % 2])
        else:
            geom = None
        out.append(geom)
    return np.array(out, dtype=object)


def same_rings(got: crossings.Rings, expected: crossings.Rings):
    for name in ("x", "y", "nxt", "ring_start", "geom_ring", "hole", "supported", "area", "box", "noise"):
        assert np.array_equal(getattr(got, name), getattr(expected, name), equal_nan=True), name


@pytest.mark.parametrize("seed", range(4))
def test_rings_read_from_wkb_are_the_rings_geos_gives(seed):
    geoms = mixed_geometries(seed)
    flat = wkb.flat_rings(shapely.to_wkb(geoms))
    assert flat is not None
    same_rings(crossings._rings(*flat), crossings.rings_of(geoms))
    index = np.random.default_rng(seed).permutation(len(geoms))[:120]  # any subset, in any order
    packed = Packed.of(geoms)
    same_rings(crossings.rings_at(packed, index), crossings.rings_of(geoms[index]))


def test_rings_of_plain_polygons_read_straight_from_their_offsets():
    """Batches of one-ring polygons only (most parcels) are read without walking the records: the same rings
    as GEOS gives, clockwise and counter-clockwise, with and without a missing geometry."""
    geoms = mixed_geometries(5)
    plain = geoms[(shapely.get_type_id(geoms) == 3) & (shapely.get_num_interior_rings(geoms) == 0)
                  & ~shapely.is_empty(geoms)]
    plain = np.concatenate([plain, shapely.reverse(plain[:20])])
    assert len(plain) > 50
    same_rings(crossings._rings(*wkb.flat_rings(shapely.to_wkb(plain))), crossings.rings_of(plain))
    with_missing = np.concatenate([plain[:5], [None], plain[5:10]])
    same_rings(crossings._rings(*wkb.flat_rings(shapely.to_wkb(with_missing))), crossings.rings_of(with_missing))


@pytest.mark.parametrize("family", ["polygons", "one-part multipolygons", "one hole each", "two holes each"])
def test_blobs_of_one_layout_read_through_one_aligned_view(family):
    """Blobs whose sizes agree modulo 8 are joined padded to whole doubles, so that their rings' vertices lie at
    one alignment (or at two, for rings after a hole's): the same rings as GEOS gives, missing geometries and
    reversed rings among them."""
    rng = np.random.default_rng(11)
    shells = [star(rng, X0 + rng.uniform(0, 5000), Y0 + rng.uniform(0, 5000), int(rng.integers(4, 40)), 80.0)
              for _ in range(200)]
    geoms = [shapely.Polygon(ring) for ring in shells]
    if family == "one-part multipolygons":  # what GDAL gives for a MultiPolygon layer
        geoms = [shapely.MultiPolygon([g]) for g in geoms]
    elif family != "polygons":
        holes = 1 if family == "one hole each" else 2
        geoms = [shapely.Polygon(shapely.box(x, y, x + 100, y + 100).exterior.coords,
                                 [shapely.box(x + 10 + 30 * k, y + 10, x + 30 + 30 * k, y + 30).exterior.coords
                                  for k in range(holes)])
                 for x, y in rng.uniform(0, 5000, (200, 2)) + (X0, Y0)]
    geoms = np.array(geoms + [None], dtype=object)
    geoms[::3] = shapely.reverse(geoms[::3])
    blobs = shapely.to_wkb(geoms)
    sizes = np.array([len(b) for b in blobs[:-1]])
    assert len(np.unique(sizes % 8)) == 1
    same_rings(crossings._rings(*wkb.flat_rings(blobs)), crossings.rings_of(geoms))


@pytest.mark.parametrize("blob", [
    shapely.to_wkb(shapely.box(0, 0, 1, 1), byte_order=0),  # big-endian
    shapely.to_wkb(shapely.Polygon([(0, 0, 1), (1, 0, 1), (1, 1, 1)])),  # with Z
    shapely.to_wkb(shapely.GeometryCollection([shapely.box(0, 0, 1, 1)])),
    shapely.to_wkb(shapely.LineString([(0, 0), (1, 1)])),
    shapely.to_wkb(shapely.set_srid(shapely.box(0, 0, 1, 1), 4490), include_srid=True),  # EWKB with an SRID
])
def test_other_wkb_is_left_to_geos(blob):
    blobs = np.array([shapely.to_wkb(shapely.box(5, 5, 6, 6)), blob], dtype=object)
    assert wkb.flat_rings(blobs) is None
    packed = Packed(blobs, shapely.bounds(shapely.from_wkb(blobs)), shapely.area(shapely.from_wkb(blobs)))
    same_rings(crossings.rings_at(packed, np.arange(2)), crossings.rings_of(shapely.from_wkb(blobs)))


def test_truncated_wkb_is_left_to_geos():
    blob = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    assert wkb.flat_rings(np.array([blob[:-8]], dtype=object)) is None
    assert wkb.flat_rings(np.array([blob + b"\0"], dtype=object)) is None


def test_a_packed_array_indexes_like_the_geometries():
    geoms = mixed_geometries(7, 60)
    packed = Packed.of(geoms)
    assert len(packed) == 60
    index = np.array([5, 0, 59, 5])
    assert shapely.equals_exact(packed[index], geoms[index], 0).sum() == np.count_nonzero(
        ~shapely.is_missing(geoms[index]))
    assert np.array_equal(bounds_of(packed), shapely.bounds(geoms), equal_nan=True)
    assert np.array_equal(areas_of(packed), shapely.area(geoms), equal_nan=True)
    subset = take(packed, index)  # stays WKB
    assert isinstance(subset, Packed) and list(subset.wkb) == list(packed.wkb[index])
    assert subset.sizes.tolist() == [-1 if b is None else len(b) for b in subset.wkb]
    assert np.array_equal(subset.bounds, shapely.bounds(geoms[index]), equal_nan=True)
    replaced = shapely.box(X0, Y0, X0 + 1, Y0 + 1)
    packed[np.array([3])] = np.array([replaced], dtype=object)
    assert shapely.equals_exact(packed[3], replaced, 0)
    assert np.array_equal(packed.bounds[3], [X0, Y0, X0 + 1, Y0 + 1]) and packed.area[3] == 1.0
    assert packed.sizes[3] == len(shapely.to_wkb(replaced))  # rings read from the new blob, whole
    same_rings(crossings.rings_at(packed, np.array([3, 0])), crossings.rings_of(packed[np.array([3, 0])]))
    # the boxes that stand for the parcels in a bounding-box query: none for empty or missing ones
    box = envelopes(packed)
    missing = np.isnan(shapely.bounds(geoms)).any(axis=1)
    missing[3] = False
    assert (shapely.is_missing(box) == missing).all()
    assert np.allclose(shapely.bounds(box[~missing]), packed.bounds[~missing])


@pytest.mark.parametrize("seed", range(3))
def test_the_overlay_of_a_packed_side_is_the_overlay_of_its_geometries(seed):
    """Area-only pieces from WKB (crossings reading the rings in numpy) against GEOS and the shapely array."""
    rng = np.random.default_rng(seed)
    survey = overlay.repair(mixed_geometries(seed, 400))[0]
    tasks = np.array([shapely.Polygon(star(rng, X0 + rng.uniform(0, 5000), Y0 + rng.uniform(0, 5000), 30, 400.0))
                      for _ in range(60)], dtype=object)
    pairs = overlay.candidates(tasks, survey, predicate=None)
    got = overlay.intersect(tasks, Packed.of(survey), keep_geometry=False, pairs=pairs)
    plain = overlay.intersect(tasks, survey, keep_geometry=False, pairs=pairs)
    assert np.array_equal(got.left, plain.left) and np.array_equal(got.right, plain.right)
    assert np.array_equal(got.area, plain.area)
    expected = shapely.area(shapely.intersection(tasks[got.left], survey[got.right]))
    assert np.allclose(got.area, expected, rtol=1e-9, atol=1e-6)
    # pairs GEOS finds with an area are all there
    geos = shapely.area(shapely.intersection(tasks[pairs[0]], survey[pairs[1]]))
    assert set(zip(got.left.tolist(), got.right.tolist())) >= {
        (int(a), int(b)) for a, b, area in zip(*pairs, geos) if area > 1e-3}
    with_geometry = overlay.intersect(tasks, Packed.of(survey), keep_geometry=True, pairs=pairs)
    assert np.allclose(shapely.area(with_geometry.geoms), shapely.area(
        shapely.intersection(tasks[with_geometry.left], survey[with_geometry.right])), rtol=1e-9, atol=1e-6)


def test_pairs_found_part_by_part_are_the_candidates():
    """overlay.Pairing (the survey paired with the tasks while it is read) gives candidates()'s pairs."""
    rng = np.random.default_rng(3)
    survey = mixed_geometries(3, 500)
    tasks = np.array([shapely.Polygon(star(rng, X0 + rng.uniform(0, 5000), Y0 + rng.uniform(0, 5000), 20, 300.0))
                      for _ in range(80)], dtype=object)
    pairing = overlay.Pairing(tasks)
    pairing.probe(survey[:50], 0)  # an attempt given up (a reader falling back), then read again
    pairing.restart()
    hits = [pairing.probe(survey[lo:lo + 128], lo) for lo in range(0, len(survey), 128)]
    ia, ib = pairing.found()
    expected = overlay.candidates(tasks, survey, predicate=None)
    assert np.array_equal(ia, expected[0]) and np.array_equal(ib, expected[1])
    assert np.array_equal(np.flatnonzero(np.concatenate(hits)), np.unique(expected[1]))
