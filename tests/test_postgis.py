"""Every algorithm on PostGIS layers gives the GeoPackage run's answer (a real PostgreSQL/PostGIS server).

City and county bureaus keep the survey (一张图) in PostGIS: the same algorithms must read it through QGIS's
postgres provider and give the same result as the sample county's GeoPackage. The server is a throw-away
cluster on a local socket under .build/pg (scripts/pg_cluster.sh), loaded with ogr2ogr and removed at the end.
"""
from __future__ import annotations

import os
import subprocess

import pytest
from qgis.core import QgsDataSourceUri, QgsVectorLayer

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
    assert local.keys() == server.keys()
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


@pytest.mark.parametrize("algorithm,layers,others,output,key", CASES, ids=[c[0] for c in CASES])
def test_postgis_sources_give_the_geopackage_answer(pg, run_alg, tmp_path, algorithm, layers, others, output, key):
    results = {}
    for side, make in (("gpkg", gpkg_layer), ("pg", lambda t: pg_layer(pg, t))):
        params = {name: [make(t) for t in table] if isinstance(table, list) else make(table)
                  for name, table in layers.items()}
        params.update(others)
        params[output] = str(tmp_path / "{0}_{1}.gpkg".format(algorithm, side))
        results[side] = rows_of(run_alg(algorithm, params)[output], key)
    assert results["gpkg"], "the sample county gives {0} rows".format(algorithm)
    assert_same(results["gpkg"], results["pg"])
