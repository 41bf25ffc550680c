"""Real public parcel files (../shared/realdata): readers, CRSs, encodings and areas.

They are not Chinese survey data, so they exercise the plumbing, not the 三调 rules.
"""
from __future__ import annotations

import os

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
)

from conftest import REALDATA, needs_realdata

pytestmark = needs_realdata


def load(relative):
    layer = QgsVectorLayer(os.path.join(REALDATA, relative), "real", "ogr")
    assert layer.isValid(), relative
    return layer


def read(layer, kind=None, target=None):
    from land_supervision.processing.layers import read_source

    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    return read_source(layer, kind, context, feedback, target_crs=target, name=layer.name()), context


@pytest.mark.parametrize(
    "relative, count",
    [("fr_cadastre_parcels.gpkg", 900), ("dk_marker_2026/Marker_2026.shp", 100),
     ("de_sh_feldbloecke_epsg4647.gpkg", 100), ("at_schlaege_epsg31287.gpkg", 100)],
)
def test_every_feature_is_read_with_geometry(qgis_app, relative, count):
    data, _ = read(load(relative))
    assert len(data) == count
    assert data.repaired == 0 and data.empty_geometry == []
    assert all(g is not None and g.area > 0 for g in data.geoms)


def test_shapefile_without_cpg_decodes_danish_text(qgis_app):
    layer = load("dk_marker_2026/Marker_2026.shp")
    data, _ = read(layer)
    crops = [row[layer.fields().indexOf("Afgroede")] for row in data.rows]
    assert not any("\ufffd" in str(text) for text in crops)
    assert any(ch in "".join(map(str, crops)) for ch in "æøåÆØÅ")


@pytest.mark.parametrize(
    "relative, field, to_m2",
    [("de_sh_feldbloecke_epsg4647.gpkg", "Flaeche", 10000.0),
     ("at_schlaege_epsg31287.gpkg", "SL_FLAECHE_BRUTTO_HA", 10000.0)],
)
def test_ellipsoidal_area_matches_official_hectares(qgis_app, relative, field, to_m2):
    from land_supervision.processing.layers import ellipsoidal_areas

    layer = load(relative)
    data, context = read(layer)
    official = np.array([row[layer.fields().indexOf(field)] for row in data.rows], dtype=float) * to_m2
    measured = ellipsoidal_areas(data.geoms, layer.crs(), context)
    ratio = measured / official
    # official field-block areas are rounded and sometimes net of small exclusions
    assert np.median(np.abs(ratio - 1)) < 0.01


def test_zone_prefixed_easting_reprojects_to_cgcs2000_gk(qgis_app):
    layer = load("de_sh_feldbloecke_epsg4647.gpkg")
    target = QgsCoordinateReferenceSystem("EPSG:4526")
    data, _ = read(layer, target=target)
    assert len(data) == 100 and all(np.isfinite([g.centroid.x for g in data.geoms]))


def test_missing_survey_fields_are_named_with_aliases(qgis_app):
    layer = load("fr_cadastre_parcels.gpkg")
    with pytest.raises(QgsProcessingException) as info:
        read(layer, kind="dltb")
    message = str(info.value)
    assert "dlbm" not in message and "DLBM" in message and "地类编码" in message and "DLMC" in message


def shapefile_without_prj(folder, name, wkt):
    """A shapefile as 三调 deliveries sometimes arrive: geometry but no .prj."""
    from osgeo import ogr

    path = str(folder / f"{name}.shp")
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    ogr_layer = dataset.CreateLayer(name, None, ogr.wkbPolygon)
    feature = ogr.Feature(ogr_layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    ogr_layer.CreateFeature(feature)
    dataset = None
    layer = QgsVectorLayer(path, name, "ogr")
    assert not layer.crs().isValid()
    return layer


def test_layer_without_crs_with_zone_easting_is_assumed_cgcs2000(qgis_app, tmp_path):
    """The 8-digit easting gives zone 38 (EPSG:4526)."""
    from land_supervision.processing.layers import work_crs

    layer = shapefile_without_prj(
        tmp_path, "no_prj", "POLYGON((38500000 4200000,38500100 4200000,38500100 4200100,38500000 4200000))")
    assert work_crs([layer], QgsProcessingContext(), QgsProcessingFeedback()).authid() == "EPSG:4526"


def test_layer_without_crs_or_zone_is_refused_with_advice(qgis_app, tmp_path):
    from land_supervision.processing.layers import work_crs

    layer = shapefile_without_prj(
        tmp_path, "no_prj6", "POLYGON((500000 4200000,500100 4200000,500100 4200100,500000 4200000))")
    with pytest.raises(QgsProcessingException, match="no coordinate reference system"):
        work_crs([layer], QgsProcessingContext(), QgsProcessingFeedback())


@pytest.mark.parametrize("relative", ["fr_cadastre_parcels.gpkg", "de_sh_feldbloecke_epsg4647.gpkg",
                                      "at_schlaege_epsg31287.gpkg"])
def test_arrow_rows_equal_qgis_rows(qgis_app, relative):
    """Whole attribute rows through GDAL's Arrow stream are what QGIS gives (or the layer keeps the QGIS path)."""
    from land_supervision.processing.layers import plain_ogr_layer, py_value, read_source

    layer = load(relative)
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    slow = read_source(layer, None, context, feedback, name="slow")
    fast = read_source(layer, None, context, feedback, name="fast", layer=plain_ogr_layer(layer, context),
                       attribute_rows=True)
    assert fast.fids == slow.fids
    assert [[py_value(v) for v in row] for row in fast.rows] == [[py_value(v) for v in row] for row in slow.rows]


def test_bulk_ellipsoidal_areas_match_qgis_on_a_zone_prefixed_utm_layer(qgis_app):
    from land_supervision.processing.layers import ellipsoidal_areas, qgis_ellipsoidal_areas, transverse_mercator

    layer = load("de_sh_feldbloecke_epsg4647.gpkg")
    assert transverse_mercator(layer.crs()) is not None  # EPSG:4647 is measured in bulk
    data, context = read(layer)
    bulk = ellipsoidal_areas(data.geoms, layer.crs(), context)
    measured = qgis_ellipsoidal_areas(data.geoms, layer.crs(), context)
    assert np.abs(bulk - measured).max() < 0.01  # ledgers print 0.01 m² (field blocks up to 30 ha here)


@pytest.mark.parametrize("relative", ["fr_cadastre_parcels.gpkg", "dk_marker_2026/Marker_2026.shp",
                                      "de_sh_feldbloecke_epsg4647.gpkg", "at_schlaege_epsg31287.gpkg",
                                      "nl_brp_gewaspercelen_epsg28992.gpkg", "ch_nutzungsflaechen_epsg2056.gpkg"])
@pytest.mark.parametrize("reproject", [False, True])
def test_a_packed_read_holds_the_same_geometries(qgis_app, relative, reproject):
    """read_source(packed=True) — WKB through GDAL's Arrow stream, or through QGIS for the Danish shapefile
    and a reprojected read — gives the geometries, boxes and validity of the plain read; repair_where then
    repairs the same parcels, and so does a read with repair."""
    import shapely

    from land_supervision.core import crossings
    from land_supervision.core.packed import Packed
    from land_supervision.processing.layers import plain_ogr_layer, read_source

    layer = load(relative)
    target = QgsCoordinateReferenceSystem("EPSG:4547") if reproject else None
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    plain = read_source(layer, None, context, feedback, target_crs=target, name="plain", repair=False,
                        layer=plain_ogr_layer(layer.source(), context))
    packed = read_source(layer, None, context, feedback, target_crs=target, name="packed", repair=False,
                         layer=plain_ogr_layer(layer.source(), context), packed=True)
    assert isinstance(packed.geoms, Packed) and packed.fids == plain.fids
    assert shapely.equals_exact(packed.geoms[np.arange(len(packed))], plain.geoms, 0).all()
    assert np.array_equal(packed.geoms.bounds, shapely.bounds(plain.geoms))
    assert packed.empty_geometry == plain.empty_geometry
    valid = shapely.is_valid(plain.geoms)
    assert not (packed.checked & ~valid).any()  # nothing invalid is taken as checked
    everything = np.arange(len(plain))
    # the rings read in numpy from the WKB as GDAL gives it (core.wkb) are the rings GEOS gives, in any order
    some = np.random.default_rng(3).permutation(len(plain))[:5000]
    from_wkb, from_geos = crossings.rings_at(packed.geoms, some), crossings.rings_of(plain.geoms[some])
    for name in ("x", "y", "nxt", "ring_start", "geom_ring", "hole", "supported", "area", "box"):
        assert np.array_equal(getattr(from_wkb, name), getattr(from_geos, name)), name
    plain.repair_where(everything, feedback)
    packed.repair_where(everything, feedback)
    assert packed.repaired == plain.repaired == int((~valid).sum())
    assert shapely.equals_exact(packed.geoms[everything], plain.geoms, 0).all()
    # read with repair (the balance's surveys): the same repairs, boxes and areas
    plain = read_source(layer, None, context, feedback, target_crs=target, name="plain",
                        layer=plain_ogr_layer(layer.source(), context))
    packed = read_source(layer, None, context, feedback, target_crs=target, name="packed",
                         layer=plain_ogr_layer(layer.source(), context), packed=True)
    assert packed.repaired == plain.repaired and np.array_equal(packed.repaired_mask, plain.repaired_mask)
    assert shapely.equals_exact(packed.geoms[everything], plain.geoms, 0).all()
    assert np.array_equal(packed.geoms.area, shapely.area(plain.geoms))


@pytest.mark.parametrize("relative", ["fr_cadastre_parcels.gpkg", "dk_marker_2026/Marker_2026.shp",
                                      "de_sh_feldbloecke_epsg4647.gpkg", "at_schlaege_epsg31287.gpkg",
                                      "nl_brp_gewaspercelen_epsg28992.gpkg", "ch_nutzungsflaechen_epsg2056.gpkg"])
def test_area_only_overlay_agrees_with_geos_on_real_parcels(qgis_app, relative):
    """Boundary crossings (core.crossings) measure real parcels as GEOS does: against tasks drawn over
    them (hulls, shifted and turned rectangles, stars of 24 vertices) and against their own neighbours,
    which share edges exactly (those pairs must measure 0) or, in the Dutch file, overlap."""
    import shapely

    from land_supervision.core import crossings, overlay
    from land_supervision.core.packed import Packed

    data, _ = read(load(relative))
    parcels = data.geoms
    centre = shapely.centroid(parcels)
    size = np.sqrt(shapely.area(parcels))
    rectangles = shapely.box(shapely.get_x(centre) - size / 3, shapely.get_y(centre) - size,
                             shapely.get_x(centre) + size, shapely.get_y(centre) + size / 4)
    turned = np.array([shapely.affinity.rotate(r, 17.0) for r in rectangles], dtype=object)
    angle = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    radius = np.where(np.arange(24) % 2, 0.4, 1.0) * size[:, None]  # a star of 12 points per parcel
    stars = shapely.polygons(np.stack([shapely.get_x(centre)[:, None] + radius * np.cos(angle),
                                       shapely.get_y(centre)[:, None] + radius * np.sin(angle)], axis=2))
    tasks = np.concatenate([shapely.convex_hull(parcels), turned, stars, parcels])
    ia, ib = overlay.candidates(tasks, parcels, predicate=None)
    pairing = overlay.Pairing(tasks)  # the same pairs found part by part, as while a survey is read
    for lo in range(0, len(parcels), 97):
        pairing.probe(parcels[lo:lo + 97], lo)
    order = np.lexsort((ib, ia))
    assert all(np.array_equal(p, q) for p, q in zip(pairing.found(), (ia[order], ib[order])))
    measured = crossings.pair_areas(tasks, parcels, ia, ib)[0]
    assert np.isfinite(measured).all()  # every pair without GEOS
    pieces = overlay.intersect(tasks, parcels, keep_geometry=False, pairs=(ia, ib))
    # the same pieces from the parcels' WKB (their rings read in numpy: core.wkb)
    packed = overlay.intersect(tasks, Packed.of(parcels), keep_geometry=False, pairs=(ia, ib))
    assert np.array_equal(packed.left, pieces.left) and np.array_equal(packed.right, pieces.right)
    assert np.array_equal(packed.area, pieces.area)
    expected = shapely.area(shapely.intersection(tasks[ia], parcels[ib]))
    found = dict(zip(zip(pieces.left.tolist(), pieces.right.tolist()), pieces.area.tolist()))
    got = np.array([found.get(key, 0.0) for key in zip(ia.tolist(), ib.tolist())])
    assert np.abs(got - expected).max() < 1e-4  # m²; ledgers print 0.01 m²
    same = (ia >= 3 * len(parcels)) & (ia - 3 * len(parcels) != ib)
    assert (got[same & (expected == 0)] == 0).all()  # neighbours that only touch give no piece
    assert np.allclose(pieces.right_area, shapely.area(parcels[pieces.right]))


@pytest.mark.parametrize("relative", ["fr_cadastre_parcels.gpkg", "dk_marker_2026/Marker_2026.shp",
                                      "de_sh_feldbloecke_epsg4647.gpkg", "at_schlaege_epsg31287.gpkg",
                                      "nl_brp_gewaspercelen_epsg28992.gpkg", "ch_nutzungsflaechen_epsg2056.gpkg"])
def test_survey_overlap_check_finds_what_every_pair_through_geos_finds(qgis_app, relative, monkeypatch):
    """The overlap check measures only suspects (core.partition.suspects); on real parcels, in small blocks
    and with a copy of every tenth parcel appended, it finds the pairs GEOS finds over every pair."""
    import shapely

    from land_supervision.core import overlay, partition
    from land_supervision.core.packed import Packed

    monkeypatch.setattr(partition, "BLOCK", 97)
    parcels = read(load(relative))[0].geoms
    copies = parcels[::10]
    for geoms in (parcels, np.concatenate([parcels, copies])):
        ia, ib = overlay.candidates(geoms, geoms, predicate=None)
        keep = ia < ib
        area = shapely.area(shapely.intersection(geoms[ia[keep]], geoms[ib[keep]]))
        real = area >= partition.MIN_OVERLAP_M2
        expected = dict(zip(zip(ia[keep][real].tolist(), ib[keep][real].tolist()), area[real].tolist()))
        for held in (geoms, Packed.of(geoms)):  # shapely geometries, and WKB made into geometries by blocks
            found = partition.find_overlaps(held)
            got = dict(zip(zip(found.first.tolist(), found.second.tolist()), found.area.tolist()))
            assert got.keys() == expected.keys()
            assert all(abs(got[k] - expected[k]) < 1e-4 for k in expected)
    assert len(got) >= len(copies)  # each copy overlaps its original at least


@pytest.mark.parametrize("side", ["a", "b"])
def test_small_parcels_inside_a_county_wide_polygon_keep_their_area(qgis_app, side):
    """A dissolved county-wide mask (basic farmland, red line) against parcels: the touching threshold is the
    smaller polygon's. Taken of the mask (190 km × 239 km around the Dutch parcels) it was 41 m², and 7 of the
    100 parcels (3.9–40.3 m²) gave no piece at all."""
    import shapely

    from land_supervision.core import overlay

    parcels = read(load("nl_brp_gewaspercelen_epsg28992.gpkg"))[0].geoms
    box = shapely.total_bounds(parcels)
    mask = np.array([shapely.box(box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1)], dtype=object)
    a, b = (parcels, mask) if side == "a" else (mask, parcels)
    pieces = overlay.intersect(a, b, keep_geometry=False)
    assert len(pieces) == len(parcels)
    measured = pieces.area[np.argsort(pieces.left if side == "a" else pieces.right)]
    assert np.abs(measured - shapely.area(parcels)).max() < 1e-6


@pytest.mark.parametrize("relative", ["fr_cadastre_parcels.gpkg", "dk_marker_2026/Marker_2026.shp",
                                      "de_sh_feldbloecke_epsg4647.gpkg", "at_schlaege_epsg31287.gpkg",
                                      "nl_brp_gewaspercelen_epsg28992.gpkg", "ch_nutzungsflaechen_epsg2056.gpkg"])
def test_interior_points_and_their_cover_counts_agree_with_geos_on_real_parcels(qgis_app, relative):
    """The overlap check's numpy interior points lie inside the real parcels (20–800 vertices, holes, parts),
    and the winding number of the unmatched edges there is how many parcels GEOS finds containing them (a
    copy of every tenth parcel appended: those points lie in two)."""
    import shapely

    from land_supervision.core import crossings, partition

    parcels = read(load(relative))[0].geoms
    geoms = np.concatenate([parcels, parcels[::10]])
    edges = partition._Edges(crossings.rings_of(geoms))
    px, py = edges.interior_points(np.arange(len(geoms)))
    placed = np.flatnonzero(~np.isnan(px))
    assert len(placed) >= 0.99 * len(geoms)
    points = shapely.points(px[placed] * partition.SNAP, py[placed] * partition.SNAP)
    assert shapely.contains(geoms[placed], points).all()
    tree = shapely.STRtree(geoms)
    hit, _ = tree.query(points, predicate="within")
    expected = np.bincount(hit, minlength=len(placed))
    assert (edges._winding(px[placed], py[placed]) == expected).all()
    assert (expected[placed >= len(parcels)] >= 2).all()
