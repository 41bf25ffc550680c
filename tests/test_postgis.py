"""Every algorithm on PostGIS layers gives the GeoPackage run's answer (a real PostgreSQL/PostGIS server).

City and county bureaus keep the survey (一张图) in PostGIS: the same algorithms must read it through QGIS's
postgres provider and give the same result as the sample county's GeoPackage. The server is a throw-away
cluster on a local socket under .build/pg (scripts/pg_cluster.sh), loaded with ogr2ogr and removed at the end.
"""
from __future__ import annotations

import os
import subprocess

import pytest
from qgis.core import QgsDataSourceUri, QgsProcessingFeedback, QgsVectorLayer

from conftest import ROOT, SAMPLE_GPKG

CLUSTER = os.path.join(ROOT, "scripts", "pg_cluster.sh")
LAYERS = ("dltb_2023", "dltb_2024", "restoration_tasks", "supply_records", "mine_patches", "closed_mines",
          "mining_blocks", "monitoring_patches", "basic_farmland", "red_line", "regions", "land_approvals",
          "facility_filings")


@pytest.fixture(scope="module")
def pg():
    """Connection string of a fresh cluster holding the sample county; stopped and removed afterwards."""
    started = subprocess.run(["bash", CLUSTER, "start"], capture_output=True, text=True)
    if started.returncode:
        pytest.fail("PostgreSQL test cluster did not start (make test installs postgresql and postgis): "
                    + started.stderr)
    dsn = started.stdout.strip().splitlines()[-1]
    try:
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:" + dsn, SAMPLE_GPKG, *LAYERS, "-overwrite",
                        "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"], check=True, capture_output=True)
        yield dsn
    finally:
        subprocess.run(["bash", CLUSTER, "stop"], check=True)


def pg_layer(dsn, table):
    uri = QgsDataSourceUri(dsn)
    uri.setDataSource("public", table, None if table == "regions" else "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    assert layer.isValid(), table
    return layer


def gpkg_layer(table):
    return "{0}|layername={1}".format(SAMPLE_GPKG, table)


def rows_of(uri, key):
    layer = QgsVectorLayer(uri, "out", "ogr")
    names = [name.lower() for name in layer.fields().names()]  # ogr2ogr writes PostgreSQL names in lower case
    rows = {}
    for feature in layer.getFeatures():
        row = dict(zip(names, feature.attributes()))
        row.pop("fid", None)
        rows[str(row[key.lower()])] = row
    return rows


def assert_same(local, server):
    """Same features, same text values (statuses, flags), numbers within 0.01 (areas in m², shares)."""
    assert local.keys() == server.keys(), sorted(set(local) ^ set(server))
    for key, row in local.items():
        other = server[key]
        assert row.keys() == other.keys(), key
        for name, value in row.items():
            if isinstance(value, float):
                assert other[name] == pytest.approx(value, abs=0.01), (key, name)
            else:
                # Messages name the field as the layer spells it (HTQDRQ in the GeoPackage, htqdrq in PostgreSQL).
                assert str(other[name]).lower() == str(value).lower(), (key, name)


# (algorithm, its layer parameters, other parameters, output to compare, the key field of that output)
CASES = [
    ("farmlandrestoration", {"INPUT": "restoration_tasks", "SURVEY": "dltb_2024", "BASIC_FARMLAND": "basic_farmland"},
     {}, "OUTPUT", "RWBH"),
    ("farmlandbalance", {"SURVEY_BEFORE": "dltb_2023", "SURVEY_AFTER": "dltb_2024", "REGIONS": "regions"},
     {"OUTPUT_FLOWS": "TEMPORARY_OUTPUT"}, "OUTPUT_SUMMARY", "region_code"),
    ("farmlandoutflow", {"SURVEY_BEFORE": "dltb_2023", "SURVEY_AFTER": "dltb_2024",
                         "APPROVALS": ["land_approvals", "facility_filings"], "BASIC_FARMLAND": "basic_farmland",
                         "RED_LINE": "red_line"}, {"OUTPUT_SUMMARY": "TEMPORARY_OUTPUT"}, "OUTPUT", "bsm_before"),
    ("minerehabilitation", {"INPUT": "mine_patches", "SURVEY": "dltb_2024", "RED_LINE": "red_line",
                            "BASIC_FARMLAND": "basic_farmland"}, {"OUTPUT_SUMMARY": "TEMPORARY_OUTPUT"},
     "OUTPUT", "TBBH"),
    ("closedmines", {"INPUT": "closed_mines", "SURVEY": "dltb_2024", "PLAN_BLOCKS": "mining_blocks"}, {},
     "OUTPUT", "KSMC"),
    ("idlelandscreening", {"INPUT": "supply_records", "EVIDENCE_SURVEY": "dltb_2024",
                           "EVIDENCE_MONITORING": "monitoring_patches"}, {"AS_OF_DATE": "2026-11-22"},
     "OUTPUT", "DZJGH"),
]


# The algorithms whose overlays run on the server when their inputs are PostGIS tables of one database
# (the others read the PostGIS layers through QGIS and overlay locally).
PUSHED_DOWN = ("farmlandrestoration", "farmlandbalance", "farmlandoutflow", "minerehabilitation")


@pytest.mark.parametrize("algorithm,layers,others,output,key", CASES, ids=[c[0] for c in CASES])
def test_postgis_sources_give_the_geopackage_answer(pg, run_alg, tmp_path, algorithm, layers, others, output, key):
    results, logs = {}, {}
    for side, make in (("gpkg", gpkg_layer), ("pg", lambda t: pg_layer(pg, t))):
        params = {name: [make(t) for t in table] if isinstance(table, list) else make(table)
                  for name, table in layers.items()}
        params.update(others)
        params[output] = str(tmp_path / "{0}_{1}.gpkg".format(algorithm, side))
        logs[side] = Log()
        results[side] = rows_of(run_alg(algorithm, params, feedback=logs[side])[output], key)
    assert results["gpkg"], "the sample county gives {0} rows".format(algorithm)
    assert_same(results["gpkg"], results["pg"])
    assert (SERVER in logs["pg"].text()) == (algorithm in PUSHED_DOWN)
    assert SERVER not in logs["gpkg"].text()


class Log(QgsProcessingFeedback):
    """Keeps every message; cancels itself when a message contains ``cancel_on``."""

    def __init__(self, cancel_on=None):
        super().__init__()
        self.messages, self.cancel_on = [], cancel_on

    def pushInfo(self, text):  # noqa: N802 (QGIS API name)
        self.messages.append(text)
        if self.cancel_on and self.cancel_on in text:
            self.cancel()

    def pushWarning(self, text):  # noqa: N802 (QGIS API name)
        self.messages.append(text)

    def text(self):
        return "\n".join(self.messages)


def psql(dsn, statement, *params):
    import psycopg2

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def restoration(run_alg, tmp_path, tag, layers, **others):
    """Restoration check with its pieces; (task rows by RWBH, piece rows by task and parcel, log)."""
    log = Log()
    params = dict(layers, OUTPUT=str(tmp_path / (tag + ".gpkg")), OUTPUT_PIECES=str(tmp_path / (tag + "_p.gpkg")),
                  **others)
    result = run_alg("farmlandrestoration", params, feedback=log)
    by_pair = {}
    for feature in QgsVectorLayer(result["OUTPUT_PIECES"], "p", "ogr").getFeatures():
        row = dict(zip([n.lower() for n in feature.fields().names()], feature.attributes()))
        row.pop("fid", None)
        row["area"] = feature.geometry().area()  # the piece as drawn: the same shape on both back-ends
        by_pair["{0}/{1}".format(row["task_fid"], row["dltb_fid"])] = row
    return rows_of(result["OUTPUT"], "RWBH"), by_pair, log.text()


def solid(pieces):
    """Pieces of at least 0.01 m²: below that are rounding noise along shared edges (1e-8 m² here), always
    slivers, and which of them GEOS gives depends on its build (shapely's own, the server's)."""
    noise = [row for row in pieces.values() if row["area"] < 0.01]
    assert all(row["sliver"] == 1 and row["gross"] == 0 for row in noise)
    return {key: row for key, row in pieces.items() if row["area"] >= 0.01}


RESTORATION = {"INPUT": "restoration_tasks", "SURVEY": "dltb_2024", "BASIC_FARMLAND": "basic_farmland"}
SERVER = "runs on the PostGIS server"


def test_restoration_overlay_runs_on_the_server_with_the_local_answer(pg, run_alg, tmp_path):
    gpkg = restoration(run_alg, tmp_path, "file", {k: gpkg_layer(t) for k, t in RESTORATION.items()})
    layers = {k: pg_layer(pg, t) for k, t in RESTORATION.items()}
    server = restoration(run_alg, tmp_path, "server", layers)
    forced = restoration(run_alg, tmp_path, "forced", layers, LOCAL_OVERLAY=True)
    # The sample county: 63 (task, parcel) pieces; both overlays (tasks × DLTB, tasks × basic farmland) on the
    # server, both on this computer when asked.
    assert server[2].count(SERVER) == 2 and "features met on the server" in server[2]
    assert SERVER not in forced[2] and forced[2].count("overlaid on this computer (as asked)") == 2
    assert SERVER not in gpkg[2]
    assert len(solid(gpkg[1])) == 63
    for other in (server, forced):
        assert_same(gpkg[0], other[0])  # statuses, flags, areas within 0.01 m²
        assert_same(solid(gpkg[1]), solid(other[1]))  # the same pieces, their allocated gross/net, sliver marks


def test_server_repairs_an_invalid_survey_parcel_and_counts_it(pg, run_alg, tmp_path):
    """A DLTB parcel under a task made a bow-tie (self-intersecting) on the server: both back-ends repair it
    (ST_MakeValid / make_valid, the same GEOS operation), say so, and agree."""
    psql(pg, "DROP TABLE IF EXISTS dltb_bad; CREATE TABLE dltb_bad AS SELECT * FROM dltb_2024; "
             "ALTER TABLE dltb_bad ADD PRIMARY KEY (fid); CREATE INDEX ON dltb_bad USING gist (geom)")
    bad = psql(pg, "SELECT d.fid FROM dltb_bad d JOIN restoration_tasks t ON ST_Intersects(d.geom, t.geom) "
                   "ORDER BY d.fid LIMIT 1")[0][0]
    psql(pg, "UPDATE dltb_bad SET geom = ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY["
             "ST_MakePoint(ST_XMin(geom), ST_YMin(geom)), ST_MakePoint(ST_XMax(geom), ST_YMax(geom)), "
             "ST_MakePoint(ST_XMax(geom), ST_YMin(geom)), ST_MakePoint(ST_XMin(geom), ST_YMax(geom)), "
             "ST_MakePoint(ST_XMin(geom), ST_YMin(geom))])), ST_SRID(geom))) WHERE fid = %s", bad)
    assert psql(pg, "SELECT count(*) FROM dltb_bad WHERE NOT ST_IsValid(geom)")[0][0] == 1
    layers = {"INPUT": pg_layer(pg, "restoration_tasks"), "SURVEY": pg_layer(pg, "dltb_bad")}
    # The bow-tie over its parcel's box now overlaps its neighbours, which both back-ends find and, allowed, flag.
    server = restoration(run_alg, tmp_path, "server", layers, ALLOW_OVERLAPS=True)
    local = restoration(run_alg, tmp_path, "local", layers, LOCAL_OVERLAY=True, ALLOW_OVERLAPS=True)
    assert "2 pairs of parcels overlap" in server[2] and "2 pairs of parcels overlap" in local[2]
    assert "1 invalid geometries repaired (ST_MakeValid, on the server)" in server[2]
    assert "1 invalid geometries repaired (make_valid)" in local[2]
    assert_same(local[0], server[0])
    assert_same(solid(local[1]), solid(server[1]))
    assert any(key.endswith("/{0}".format(bad)) for key in server[1])  # the repaired parcel gives pieces


def test_tasks_in_another_crs_are_transformed_on_the_server(pg, run_alg, tmp_path):
    """Tasks stored in geographic CGCS2000 (EPSG:4490), the survey in its Gauss-Krüger zone: the server brings
    the tasks to the survey's CRS (same datum) and gives the GeoPackage answer; a datum change stays local."""
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:" + pg, SAMPLE_GPKG, "restoration_tasks", "-overwrite",
                    "-nln", "tasks_4490", "-t_srs", "EPSG:4490", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"],
                   check=True, capture_output=True)
    gpkg = restoration(run_alg, tmp_path, "file", {k: gpkg_layer(t) for k, t in RESTORATION.items()})
    layers = {k: pg_layer(pg, t) for k, t in RESTORATION.items()}
    layers["INPUT"] = pg_layer(pg, "tasks_4490")
    server = restoration(run_alg, tmp_path, "server", layers)
    assert server[2].count(SERVER) == 2 and "reprojected from EPSG:4490" in server[2]
    assert_same(gpkg[0], server[0])
    assert_same(solid(gpkg[1]), solid(server[1]))


def test_a_cancel_stops_the_server_query_and_writes_nothing(pg, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    log = Log(cancel_on=SERVER)
    params = {k: pg_layer(pg, t) for k, t in RESTORATION.items()}
    params["OUTPUT"] = str(tmp_path / "cancelled.gpkg")
    with pytest.raises(QgsProcessingException):
        run_alg("farmlandrestoration", params, feedback=log)
    assert not os.path.exists(params["OUTPUT"])
    # No session of the run is left on the server (its transaction, and any temporary table, rolled back).
    assert psql(pg, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'land_supervision'")[0][0] == 0


def test_a_cancel_cancels_a_running_server_query(pg):
    """A query still running on the server when the user cancels is cancelled there (pg_cancel), not left."""
    import threading

    from psycopg2 import sql
    from qgis.core import QgsProcessingException
    from land_supervision.processing import pushdown

    feedback = Log()
    table = pushdown.Table("t", pg, (), "public", "dltb_2024", "geom", "fid", 0, "")
    threading.Timer(0.5, feedback.cancel).start()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        with pushdown.session(table, feedback) as server:
            server.columns(sql.SQL("SELECT pg_sleep(%(s)s)"), {"s": 60})
    assert psql(pg, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%'")[0][0] == 0


def test_mine_overlays_run_on_the_server_with_the_local_answer(pg, run_alg, tmp_path):
    """Mine patches × DLTB, × red line and × basic farmland (subdivided on the server): the GeoPackage answer."""
    layers = {"INPUT": "mine_patches", "SURVEY": "dltb_2024", "RED_LINE": "red_line",
              "BASIC_FARMLAND": "basic_farmland"}
    results, logs = {}, {}
    for side, make, others in (("file", gpkg_layer, {}), ("server", lambda t: pg_layer(pg, t), {}),
                               ("forced", lambda t: pg_layer(pg, t), {"LOCAL_OVERLAY": True})):
        logs[side] = Log()
        params = dict({k: make(t) for k, t in layers.items()}, OUTPUT=str(tmp_path / (side + ".gpkg")),
                      OUTPUT_SUMMARY="TEMPORARY_OUTPUT", **others)
        results[side] = rows_of(run_alg("minerehabilitation", params, feedback=logs[side])["OUTPUT"], "TBBH")
    assert logs["server"].text().count(SERVER) == 3 and SERVER not in logs["forced"].text()
    assert any(row["priority"] for row in results["file"].values())  # patches in the red line or basic farmland
    assert_same(results["file"], results["server"])
    assert_same(results["file"], results["forced"])


def flows_of(path):
    """Flow pieces keyed by flow, parcel before and parcel after, with the drawn area of each."""
    rows = {}
    for feature in QgsVectorLayer(path, "flows", "ogr").getFeatures():
        row = dict(zip([n.lower() for n in feature.fields().names()], feature.attributes()))
        row.pop("fid", None)
        row["area"] = feature.geometry().area()
        rows["{0}/{1}/{2}".format(row["flow"], row["bsm_before"], row["bsm_after"])] = row
    return rows


def test_balance_overlay_runs_on_the_server_with_the_local_answer(pg, run_alg, tmp_path):
    """Two survey years on the server: attributes and areas of every parcel, the counted pairs and the moving
    pieces' geometries come back; the summary and every flow piece are the GeoPackage run's."""
    layers = {"SURVEY_BEFORE": "dltb_2023", "SURVEY_AFTER": "dltb_2024", "REGIONS": "regions"}
    results, logs = {}, {}
    for side, make, others in (("file", gpkg_layer, {}), ("server", lambda t: pg_layer(pg, t), {}),
                               ("forced", lambda t: pg_layer(pg, t), {"LOCAL_OVERLAY": True})):
        logs[side] = Log()
        params = dict({k: make(t) for k, t in layers.items()}, OUTPUT_FLOWS=str(tmp_path / (side + "_f.gpkg")),
                      OUTPUT_SUMMARY=str(tmp_path / (side + "_s.gpkg")), **others)
        out = run_alg("farmlandbalance", params, feedback=logs[side])
        results[side] = (rows_of(out["OUTPUT_SUMMARY"], "region_code"), flows_of(out["OUTPUT_FLOWS"]))
    assert logs["server"].text().count(SERVER) == 1 and "features read on the server" in logs["server"].text()
    assert SERVER not in logs["forced"].text()
    assert len(results["file"][1]) > 10  # the sample county has outflows and inflows
    for side in ("server", "forced"):
        assert_same(results["file"][0], results[side][0])
        assert_same(results["file"][1], results[side][1])


def test_tables_on_another_datum_are_overlaid_locally(pg, run_alg, tmp_path):
    """Tasks stored in Beijing 1954 (EPSG:4214): a datum shift is QGIS's transformation on the local path, so
    neither overlay runs on the server, and the log says why."""
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:" + pg, SAMPLE_GPKG, "restoration_tasks", "-overwrite",
                    "-nln", "tasks_4214", "-t_srs", "EPSG:4214", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"],
                   check=True, capture_output=True)
    layers = {k: pg_layer(pg, t) for k, t in RESTORATION.items()}
    layers["INPUT"] = pg_layer(pg, "tasks_4214")
    tasks, _, log = restoration(run_alg, tmp_path, "datum", layers)
    assert SERVER not in log and log.count("on different datums") == 2
    assert len(tasks) == len(rows_of(gpkg_layer("restoration_tasks"), "RWBH"))  # every task reported


def test_overlapping_survey_parcels_are_found_on_the_server(pg, run_alg, tmp_path):
    """A survey table with one parcel under a task appended twice (not a partition): the server's overlap check
    refuses the run like the local one, naming the overlapping area; allowed, the task is flagged 调查图斑重叠."""
    from qgis.core import QgsProcessingException

    twice, area = psql(pg, "SELECT d.fid, ST_Area(d.geom) FROM dltb_2024 d JOIN restoration_tasks t "
                           "ON ST_Area(ST_Intersection(d.geom, t.geom)) > 100 ORDER BY d.fid LIMIT 1")[0]
    psql(pg, "DROP TABLE IF EXISTS dltb_twice; "
             "CREATE TABLE dltb_twice AS SELECT * FROM dltb_2024 UNION ALL SELECT * FROM dltb_2024 WHERE fid = %s; "
             "ALTER TABLE dltb_twice DROP COLUMN fid; ALTER TABLE dltb_twice ADD COLUMN fid serial PRIMARY KEY; "
             "CREATE INDEX ON dltb_twice USING gist (geom)", twice)
    layers = {"INPUT": pg_layer(pg, "restoration_tasks"), "SURVEY": pg_layer(pg, "dltb_twice")}
    for local in (False, True):
        with pytest.raises(QgsProcessingException, match="1 pairs of parcels overlap, {0:.2f} m²".format(area)):
            restoration(run_alg, tmp_path, "refused{0}".format(local), layers, LOCAL_OVERLAY=local)
    server = restoration(run_alg, tmp_path, "server", layers, ALLOW_OVERLAPS=True)
    local = restoration(run_alg, tmp_path, "local", layers, ALLOW_OVERLAPS=True, LOCAL_OVERLAY=True)
    assert SERVER in server[2] and SERVER not in local[2]
    assert_same(local[0], server[0])
    assert any("调查图斑重叠" in (row["flags"] or "") for row in server[0].values())


def test_outflow_patches_of_a_doubled_parcel_are_flagged_on_the_server_as_locally(pg, run_alg, tmp_path):
    """The T−1 survey with one outflow parcel (0101 in 2023, not cultivated in 2024) appended twice: the server's
    overlap check finds it and the same patches, those of that parcel and no other, are flagged 调查图斑重叠."""
    bsm, = psql(pg, "SELECT a.bsm FROM dltb_2023 a JOIN dltb_2024 b ON ST_Area(ST_Intersection(a.geom, b.geom)) > 100 "
                    "WHERE a.dlbm LIKE '01%%' AND b.dlbm NOT LIKE '01%%' ORDER BY a.fid LIMIT 1")[0]
    psql(pg, "DROP TABLE IF EXISTS dltb_2023_twice; CREATE TABLE dltb_2023_twice AS SELECT * FROM dltb_2023 "
             "UNION ALL SELECT * FROM dltb_2023 WHERE bsm = %s; ALTER TABLE dltb_2023_twice DROP COLUMN fid; "
             "ALTER TABLE dltb_2023_twice ADD COLUMN fid serial PRIMARY KEY; "
             "CREATE INDEX ON dltb_2023_twice USING gist (geom)", bsm)
    layers = {"SURVEY_BEFORE": pg_layer(pg, "dltb_2023_twice"), "SURVEY_AFTER": pg_layer(pg, "dltb_2024")}
    flagged, logs = {}, {}
    for local in (False, True):
        logs[local] = Log()
        out = run_alg("farmlandoutflow", dict(layers, ALLOW_OVERLAPS=True, LOCAL_OVERLAY=local,
                                              OUTPUT=str(tmp_path / "o{0}.gpkg".format(local)),
                                              OUTPUT_SUMMARY="memory:"), feedback=logs[local])
        layer = QgsVectorLayer(out["OUTPUT"], "out", "ogr")
        patches = [(f["bsm_before"], f["bsm_after"], "调查图斑重叠" in (f["flags"] or "")) for f in layer.getFeatures()]
        assert {p[0] for p in patches if p[2]} == {bsm}
        assert all(p[2] for p in patches if p[0] == bsm) and sum(p[0] == bsm for p in patches) >= 2  # both copies
        flagged[local] = sorted(patches)
    assert SERVER in logs[False].text() and SERVER not in logs[True].text()
    assert flagged[False] == flagged[True]
