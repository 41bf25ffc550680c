"""A new GeoPackage output written in bulk (processing/gpkg_bulk.py, core/rtree.py) against QGIS's own writer.

The reference is the file QGIS writes feature by feature (write_features into a QgsVectorFileWriter sink) and the
R-tree SQLite builds one insertion at a time: the bulk file must hold the same rows, FIDs and geometry blobs byte
for byte, the same index boxes, count and triggers, pass SQLite's rtreecheck, and stay editable through QGIS.
"""
from __future__ import annotations

import datetime
import math
import os
import sqlite3

import numpy as np
import pytest
import shapely
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingUtils,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QMetaType

from conftest import SAMPLE_GPKG
from gpkg_util import write_gpkg
from land_supervision.core import rtree
from land_supervision.processing import gpkg_bulk
from land_supervision.processing.layers import field_type, write_features

CRS = QgsCoordinateReferenceSystem("EPSG:4526")
KIND = {name: field_type(getattr(QMetaType.Type, qt)) for name, qt in (
    ("Int", "Int"), ("LongLong", "LongLong"), ("Double", "Double"), ("String", "QString"), ("Date", "QDate"),
    ("DateTime", "QDateTime"))}


# -- core.rtree against SQLite's own insertions ---------------------------------------------------------------

def random_boxes(rng, n):
    x, y = rng.uniform(38_480_000, 38_530_000, n), rng.uniform(3_300_000, 3_350_000, n)
    w, h = rng.uniform(0, 150, n), rng.uniform(0, 150, n)
    return np.stack([x, y, x + w, y + h], axis=1)


@pytest.mark.parametrize("n", [0, 1, 51, 52, 2602, 20_000])
def test_packed_rtree_answers_as_sqlites_own(n):
    rng = np.random.default_rng(n)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE packed USING rtree(id, minx, maxx, miny, maxy)")
    db.execute("CREATE VIRTUAL TABLE grown USING rtree(id, minx, maxx, miny, maxy)")
    boxes, ids = random_boxes(rng, n), np.arange(1, n + 1) * 3
    size = db.execute("SELECT length(data) FROM packed_node WHERE nodeno = 1").fetchone()[0]
    tree = rtree.pack(ids, boxes, size)
    db.execute("DELETE FROM packed_node")
    db.executemany("INSERT INTO packed_node VALUES (?, ?)", tree.nodes)
    db.executemany("INSERT INTO packed_rowid VALUES (?, ?)", tree.rowid)
    db.executemany("INSERT INTO packed_parent VALUES (?, ?)", tree.parent)
    db.executemany("INSERT INTO grown VALUES (?, ?, ?, ?, ?)",
                   [(int(i), b[0], b[2], b[1], b[3]) for i, b in zip(ids, boxes.tolist())])
    assert db.execute("SELECT rtreecheck('packed')").fetchone()[0] == "ok"
    every = "SELECT id, minx, maxx, miny, maxy FROM {0} ORDER BY id"
    assert db.execute(every.format("packed")).fetchall() == db.execute(every.format("grown")).fetchall()
    window = "SELECT id FROM {0} WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id"
    for x, y, side in zip(rng.uniform(38_480_000, 38_530_000, 40), rng.uniform(3_300_000, 3_350_000, 40),
                          rng.uniform(1, 5000, 40)):
        query = (x, x + side, y, y + side)
        assert db.execute(window.format("packed"), query).fetchall() == \
            db.execute(window.format("grown"), query).fetchall()
    # SQLite goes on inserting into and deleting from the packed tree
    db.execute("INSERT INTO packed VALUES (1000000001, 38500000, 38500010, 3320000, 3320010)")
    gone = [(i,) for i in ids[::7].tolist()]
    db.executemany("DELETE FROM packed WHERE id = ?", gone)
    assert db.execute("SELECT rtreecheck('packed')").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM packed").fetchone()[0] == n + 1 - len(gone)


def test_boxes_round_outwards_to_32_bits():
    values = np.array([38_480_058.190622, -3.3, 0.1, 2.0, -2.0 ** 30 - 1, 3_300_082.923642])
    down, up = rtree.float32_down(values), rtree.float32_up(values)
    assert (down.astype(float) <= values).all() and (up.astype(float) >= values).all()
    assert (up.astype(float) - down.astype(float) <= np.abs(values) * 2.4e-7).all()


# -- the bulk file against QGIS's writer ----------------------------------------------------------------------

def fields_of(*specs):
    fields = QgsFields()
    for name, kind in specs:
        fields.append(QgsField(name, kind))
    return fields


ALL_KINDS = fields_of(("fid", KIND['LongLong']), ("name", KIND['String']), ("day", KIND['Date']),
                      ("area", KIND['Double']), ("n", KIND['Int']))
SHAPES = [
    "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 2 2))",
    "MULTIPOLYGON(((20 0, 30 0, 30 5, 20 0)), ((40 0, 50 0, 50 5, 40 0)))",
    None,
    "POLYGON EMPTY",
    "MULTIPOLYGON EMPTY",
    "POLYGON((38480058.190622 3300082.923642, 38480158.5 3300082.9, 38480100 3300182.25, "
    "38480058.190622 3300082.923642))",
]
ROWS = [
    [7, "甲村 a", QDate(2024, 1, 2), 1.25, 3],
    [2, None, None, float("nan"), None],
    [11, "", QDate(), 0.0, 0],
    [None, "多个\n行", QDate(2023, 12, 31), -5, True],
    [30, "x" * 300, None, 1e300, 1 - 2 ** 31],
    [None, "end", QDate(1999, 9, 9), math.inf, 1],
]


def new_sink(path, fields):
    """QGIS's sink for a new GeoPackage, as processing makes it (the context must outlive the sink)."""
    new_sink.context = QgsProcessingContext()
    return QgsProcessingUtils.createFeatureSink(path, new_sink.context, fields, QgsWkbTypes.MultiPolygon, CRS)[0]


def written(tmp_path, name, fields, rows, wkts, bulk):
    path = str(tmp_path / (name + ".gpkg"))
    geoms = np.array([None if w is None else shapely.from_wkt(w) for w in wkts], dtype=object)
    sink = new_sink(path, fields)
    if bulk:
        batch = gpkg_bulk.Batch.of(fields, rows, geoms)
        assert batch is not None
        sink = None
        assert gpkg_bulk.fill(path, batch)
    else:
        write_features(sink, fields, rows, geoms)
        sink = None
    return path


def contents(path):
    db = sqlite3.connect(path)
    table, = db.execute("SELECT table_name FROM gpkg_contents").fetchone()
    index = "rtree_{0}_geom".format(table)
    out = {
        "rows": db.execute('SELECT * FROM "{0}" ORDER BY fid'.format(table)).fetchall(),
        "index": db.execute('SELECT * FROM "{0}" ORDER BY id'.format(index)).fetchall(),
        "check": db.execute("SELECT rtreecheck(?)", (index,)).fetchone()[0],
        "count": db.execute("SELECT feature_count FROM gpkg_ogr_contents").fetchall(),
        "sequence": db.execute("SELECT seq FROM sqlite_sequence").fetchall(),
        "triggers": sorted(s.replace(table, "T") for s, in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))),
        "extent": db.execute("SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents").fetchone(),
    }
    db.close()
    return out


@pytest.mark.parametrize("case", ["fid given", "no fid field"])
def test_bulk_file_is_what_qgis_writes(qgis_app, tmp_path, case):
    fields, rows = ALL_KINDS, ROWS
    if case == "no fid field":
        fields = fields_of(("name", KIND['String']), ("area", KIND['Double']))
        rows = [[r[1], r[3]] for r in ROWS]
    ours = contents(written(tmp_path, "ours", fields, rows, SHAPES, bulk=True))
    theirs = contents(written(tmp_path, "theirs", fields, rows, SHAPES, bulk=False))
    assert ours["rows"] == theirs["rows"]  # FIDs, values and geometry blobs byte for byte
    assert [r[0] for r in ours["rows"]] == ([2, 7, 11, 12, 30, 31] if case == "fid given" else [1, 2, 3, 4, 5, 6])
    for key in ("index", "count", "sequence", "triggers"):
        assert ours[key] == theirs[key], key
    assert ours["check"] == "ok"
    assert ours["extent"] == pytest.approx(theirs["extent"], rel=1e-15)
    assert len(ours["index"]) == 3  # the empty and missing geometries have no box


def test_bulk_file_reads_and_edits_in_qgis(qgis_app, tmp_path):
    rng = np.random.default_rng(5)
    boxes = random_boxes(rng, 3000)
    fields = fields_of(("code", KIND['String']), ("value", KIND['Double']))
    rows = [["T{0}".format(k), float(k) / 3] for k in range(len(boxes))]
    path = str(tmp_path / "many.gpkg")
    new_sink(path, fields)  # (dropped at once: QGIS closes the file, its layer empty)
    assert gpkg_bulk.fill(path, gpkg_bulk.Batch.of(fields, rows, shapely.box(*boxes.T)))
    layer = QgsVectorLayer(path, "many", "ogr")
    assert layer.isValid() and layer.featureCount() == 3000
    assert layer.extent().xMinimum() == pytest.approx(boxes[:, 0].min())
    window = QgsRectangle(38_490_000, 3_310_000, 38_500_000, 3_320_000)
    found = sorted(f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(window)))
    meets = (boxes[:, 0] <= 38_500_000) & (boxes[:, 2] >= 38_490_000) & (boxes[:, 1] <= 3_320_000) & \
        (boxes[:, 3] >= 3_310_000)
    assert found == (np.flatnonzero(meets) + 1).tolist()
    # QGIS edits it afterwards: GDAL's triggers keep the index and the count
    assert layer.startEditing()
    feature = QgsFeature(layer.fields())
    feature.setAttributes([None, "new", 1.0])
    feature.setGeometry(QgsGeometry.fromWkt("MULTIPOLYGON(((38495000 3315000, 38495010 3315000, "
                                            "38495010 3315010, 38495000 3315000)))"))
    assert layer.addFeature(feature)
    assert layer.deleteFeatures([1, 2, 3])
    assert layer.commitChanges()
    layer = QgsVectorLayer(path, "many", "ogr")
    assert layer.featureCount() == 2998
    found = [f["code"] for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(
        QgsRectangle(38_495_001, 3_315_001, 38_495_002, 3_315_002)))]
    assert "new" in found
    db = sqlite3.connect(path)
    assert db.execute("SELECT rtreecheck('rtree_many_geom')").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM rtree_many_geom").fetchone()[0] == 2998


@pytest.mark.parametrize("fields, rows, wkts", [
    (fields_of(("when", KIND['DateTime'])), [[QDateTime.currentDateTime()]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"]),
    (fields_of(("name", KIND['String'])), [[12]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"]),
    (fields_of(("day", KIND['Date'])), [[datetime.date(2024, 1, 2)]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"]),
    (fields_of(("n", KIND['Int'])), [[1.5]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"]),
    (fields_of(("n", KIND['Int'])), [[-2 ** 31]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"]),
    (fields_of(("fid", KIND['LongLong'])), [[4], [4]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"] * 2),
    (fields_of(("fid", KIND['LongLong'])), [[None], [1]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"] * 2),
    (fields_of(("n", KIND['Int'])), [[1]], ["POLYGON Z((0 0 1, 1 0 1, 1 1 1, 0 0 1))"]),
    (fields_of(("n", KIND['Int'])), [[1]], ["LINESTRING(0 0, 1 1)"]),
], ids=["datetime", "int in text", "python date", "float in int", "int over 32 bits", "repeated fid",
        "given fid repeats a given-out one", "Z", "line"])
def test_what_the_bulk_path_leaves_to_qgis(qgis_app, fields, rows, wkts):
    geoms = np.array([shapely.from_wkt(w) for w in wkts], dtype=object)
    assert gpkg_bulk.Batch.of(fields, rows, geoms) is None


def test_a_file_not_laid_out_as_expected_is_left_untouched(qgis_app, tmp_path):
    path = str(tmp_path / "two.gpkg")
    write_gpkg(path, "a", [], [[]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"])
    write_gpkg(path, "b", [], [[]], ["POLYGON((0 0, 1 0, 1 1, 0 0))"])
    before = open(path, "rb").read()
    batch = gpkg_bulk.Batch.of(QgsFields(), [[]], np.array([shapely.box(0, 0, 1, 1)], dtype=object))
    assert not gpkg_bulk.fill(path, batch)
    assert open(path, "rb").read() == before


def restoration_params():
    return {"INPUT": SAMPLE_GPKG + "|layername=restoration_tasks", "SURVEY": SAMPLE_GPKG + "|layername=dltb_2023"}


def test_restoration_output_written_in_bulk_matches_qgis(run_alg, tmp_path, monkeypatch):
    """The algorithm's GeoPackage output on the sample county, written in bulk and (the bulk path refused) by QGIS."""
    params = restoration_params()
    params["OUTPUT"] = str(tmp_path / "bulk.gpkg")
    run_alg("farmlandrestoration", params)
    monkeypatch.setattr(gpkg_bulk.Batch, "of", classmethod(lambda cls, *a: None))
    params["OUTPUT"] = str(tmp_path / "qgis.gpkg")
    run_alg("farmlandrestoration", params)
    ours, theirs = contents(params["OUTPUT"].replace("qgis", "bulk")), contents(params["OUTPUT"])
    assert ours["rows"] and ours["rows"] == theirs["rows"]
    assert ours["index"] == theirs["index"] and ours["count"] == theirs["count"]


def test_a_cancel_during_the_bulk_write_leaves_no_file(run_alg, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    class CancelWhileWriting(QgsProcessingFeedback):
        def setProgress(self, value):  # noqa: N802 (QGIS API name)
            super().setProgress(value)
            if self.writing:
                self.cancel()

    feedback = CancelWhileWriting()
    feedback.writing = False
    original = gpkg_bulk.fill

    def fill(path, batch, progress=None):
        feedback.writing = True
        return original(path, batch, progress)

    params = restoration_params()
    params["OUTPUT"] = str(tmp_path / "cancelled.gpkg")
    gpkg_bulk.fill = fill
    try:
        with pytest.raises(QgsProcessingException):
            run_alg("farmlandrestoration", params, feedback=feedback)
    finally:
        gpkg_bulk.fill = original
    assert not os.path.exists(params["OUTPUT"])
