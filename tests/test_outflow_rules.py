"""core/outflow.py without QGIS: approval type mapping, coverage counted once (against GEOS on random shapes),
statuses at the threshold, and a summary that closes on its displayed cells."""
from __future__ import annotations

import os
from datetime import date

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from land_supervision.core import outflow, overlay
from land_supervision.core.units import mu

from conftest import needs_realdata

RULES = outflow.Rules.from_config()


@pytest.mark.parametrize("text,key", [
    ("农用地转用", "conversion"), ("土地征收", "conversion"), ("  征收 ", "conversion"), ("1", "conversion"),
    ("1.0", "conversion"), ("挂牌出让", "supply"), ("划拨", "supply"), ("设施农用地备案", "facility"),
    ("facility_filings", "facility"), ("临时用地", "temporary"), ("临时用地批复", "temporary"), ("4", "temporary"),
    ("", None), (None, None), ("XYZ", None), ("11", None),
])
def test_approval_type(text, key):
    assert outflow.approval_type(text, RULES) == key


def test_type_keys_per_layer():
    assert outflow.type_keys("auto, temporary，供地,设施农用地备案,,自动", RULES) == [
        None, "temporary", "supply", "facility", None, None]
    assert outflow.type_keys("", RULES) == [None]
    with pytest.raises(ValueError, match="permit"):
        outflow.type_keys("conversion,permit", RULES)


def test_kinds_and_balance_origins():
    assert outflow.kinds_of(["construction", "facility", "orchard", "pond", "rural_road", "other"], RULES).tolist() == [
        "非农化", "设施农用地", "非粮化", "非粮化", "其他", "其他"]
    # other agricultural land offsets 进出平衡; unused land (1206) and construction land (1103 水库水面) do not
    codes = ["0201", "0301K", "1104A", "0403", "1206", "1103", "0702", None]
    assert outflow.offsets_balance(codes, RULES).tolist() == [True, True, True, True, False, False, False, False]


def _random_polygon(rng, cx, cy):
    """A star-shaped (non-convex) polygon, sometimes with a hole, sometimes two parts."""
    n = int(rng.integers(5, 12))
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    radii = rng.uniform(10, 40, n)
    shape = Polygon(np.c_[cx + radii * np.cos(angles), cy + radii * np.sin(angles)])
    if not shape.is_valid:
        shape = shapely.make_valid(shape).buffer(0)
    if rng.random() < 0.3:
        shape = shape.difference(box(cx - 3, cy - 3, cx + 3, cy + 3))
    if rng.random() < 0.3:
        shape = shape.union(box(cx + 45, cy, cx + 60, cy + 15))
    return shape


def test_union_cover_counts_overlaps_once_like_geos():
    rng = np.random.default_rng(18)
    patches = np.array([_random_polygon(rng, x, y) for x in range(0, 400, 100) for y in range(0, 400, 100)])
    zones = np.array([_random_polygon(rng, *rng.uniform(-20, 420, 2)) for _ in range(60)]
                     + [MultiPolygon([box(0, 0, 30, 30), box(200, 200, 240, 260)])])
    pieces = overlay.intersect(patches, zones, keep_geometry=False)
    got = outflow.union_cover(patches, zones, pieces.left, pieces.right, pieces.area)
    want = shapely.area(shapely.intersection(patches, shapely.union_all(zones)))
    assert got == pytest.approx(want, abs=1e-6)
    assert (np.bincount(pieces.left, minlength=len(patches)) > 1).any()  # some patches lie under several zones


def _approvals(*specs):
    geoms, types, dates, numbers = zip(*specs)
    return outflow.Approvals(np.array(geoms, dtype=object), list(types), list(dates), list(numbers))


def test_threshold_noise_and_statuses():
    patches = np.array([box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100), box(300, 0, 400, 100)])
    approvals = _approvals(
        (box(0, 0, 95, 100), "conversion", date(2024, 1, 1), "A1"),      # 95 %: 合规 at 0.95
        (box(100, 0, 194.9, 100), "supply", date(2024, 1, 1), "A2"),     # 94.9 %: 部分合规
        (box(200, 0, 200.4, 100), "conversion", date(2024, 1, 1), "A3"),  # 0.4 %: boundary noise, no cover
        (box(300, 0, 400, 100), "facility", date(2024, 1, 1), "A4"))     # 备案 over construction: wrong type
    result = outflow.assess(patches, np.full(4, 9000.0), ["construction"] * 4, approvals, date(2024, 12, 31), RULES)
    assert result.status == ["合规", "部分合规", "疑似违法占用耕地", "疑似违法占用耕地"]
    assert result.approved_area.tolist() == [8550.0, 8541.0, 0.0, 0.0]
    assert result.suspect_area.tolist() == [0.0, 459.0, 9000.0, 9000.0]
    assert result.approval_ids == ["A1", "A2", "", ""]
    assert result.flags == ["", "", "", "批复类型与去向不符"]


def test_summary_closes_on_displayed_cells():
    rng = np.random.default_rng(7)
    n = 300
    kinds = rng.choice(["非农化", "非粮化", "设施农用地", "其他"], n)
    area = np.round(rng.uniform(100, 5000, n), 3)
    share = rng.choice([0.0, 0.5, 1.0], n)
    approved = np.round(area * share, 2)
    result = outflow.Result(kinds, approved, share, [""] * n, np.zeros(n), np.zeros(n), np.zeros(n),
                            ["合规"] * n, [""] * n, [""] * n)
    villages = rng.choice(["420102001001", "420102001002", "420102002001", "420103001001"], n)
    inflow = np.round(rng.uniform(100, 5000, 40), 3)
    rows = outflow.summarize(result, area, [v + "0000000" for v in villages], inflow,
                             rng.choice(villages, 40), RULES)
    by = {r.region_code: r for r in rows}
    for r in rows:
        assert r.mu["nonagri_unapproved"] == round(r.mu["nonagri"] - r.mu["nonagri_approved"], 2)
        assert r.mu["balance"] == round(r.mu["inflow_agri"] - r.mu["nongrain"] - r.mu["facility"], 2)
        assert r.values["facility_unfiled"] == round(r.values["facility"] - r.values["facility_filed"], 2)
    # every 亩 total is the sum of the patches' own rounded 亩 cells, as a ledger of the patches adds them
    cells = [mu(round(a, 2)) for a, k in zip(area, kinds) if k == "非农化"]
    assert by["420102"].mu["nonagri"] + by["420103"].mu["nonagri"] == pytest.approx(sum(cells), abs=1e-9)
    assert by["420102"].counts["patches"] == int(np.sum(np.char.startswith(villages.astype(str), "420102")))
    assert [r.region_code for r in rows][:3] == ["420102", "420102001", "420102001001"]


def _real_polygons(name):
    from osgeo import ogr

    from conftest import REALDATA
    ds = ogr.Open(os.path.join(REALDATA, name))
    layer = ds.GetLayer(0)
    return np.array(shapely.make_valid(shapely.from_wkb([bytes(f.GetGeometryRef().ExportToWkb()) for f in layer])))


@needs_realdata
def test_union_cover_on_real_overlapping_parcels():
    # Dutch crop parcels (not a partition: 8 overlapping pairs, up to 329 vertices), and a copy moved 15 m, as
    # approvals over the same parcels grown by 3 m: every patch's covered area equals GEOS's area of its
    # intersection with the union of all approvals
    parcels = overlay.polygonal(_real_polygons("nl_brp_gewaspercelen_epsg28992.gpkg"))
    zones = np.concatenate([parcels, shapely.transform(parcels, lambda xy: xy + np.array([15.0, 10.0]))])
    patches = shapely.buffer(parcels, 3.0)
    pieces = overlay.intersect(patches, zones, keep_geometry=False)
    under = np.bincount(pieces.left, minlength=len(patches))
    assert (under >= 1).all() and (under > 2).sum() > 10
    got = outflow.union_cover(patches, zones, pieces.left, pieces.right, pieces.area)
    want = shapely.area(shapely.intersection(patches, shapely.union_all(zones)))
    assert got == pytest.approx(want, rel=1e-9, abs=1e-4)
