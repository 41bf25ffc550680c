"""Area overlays inside PostGIS when both inputs are tables of one database (architecture §11).

The server pairs the features by ``&&`` on its GiST index, repairs invalid geometries (``ST_MakeValid``,
counted), and measures each pair: a parcel covered by the other polygon is its own area, any other pair
the area of ``ST_Intersection``. Only numbers come back, one row a pair: the rules in ``core/`` stay the
same for both back-ends. Queries are read-only, values are bound parameters and identifiers are quoted
by psycopg2 (``sql.Identifier``); a cancel in QGIS cancels the query on the server.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np
from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsVectorLayer,
)

from ..translate import tr

try:
    import psycopg2
    from psycopg2 import sql
except ImportError:  # the local path still works; the log says why the server was not used
    psycopg2 = None


@dataclass
class Table:
    """A whole PostGIS table (or view) behind a QGIS layer."""

    name: str
    conninfo: str
    identity: tuple
    schema: str
    table: str
    geometry: str
    key: str
    srid: int


def postgis_table(value, context) -> Optional[Table]:
    """The table behind a source parameter value, when the server may read it whole.

    That is a postgres-provider layer on a table with a key and a geometry column, without subset filter,
    selection, feature limit or filter expression (those are QGIS-side and read locally).
    """
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        if value.selectedFeaturesOnly or value.featureLimit != -1 or getattr(value, "filterExpression", ""):
            return None
        value = value.source.staticValue()
    layer = QgsProcessingUtils.mapLayerFromString(value, context) if isinstance(value, str) else value
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "postgres" or layer.subsetString():
        return None
    uri = QgsDataSourceUri(layer.source())
    if not uri.table() or uri.table().startswith("(") or not uri.geometryColumn() or not uri.keyColumn() \
            or "," in uri.keyColumn() or uri.sql():
        return None
    identity = (uri.service(), uri.host(), uri.port(), uri.database(), uri.username())
    return Table(layer.name(), uri.connectionInfo(True), identity, uri.schema() or "public", uri.table(),
                 uri.geometryColumn(), uri.keyColumn().strip('"'), layer.crs().postgisSrid())


def server_for(values: Sequence, context, feedback, srid: int) -> Optional[List[Table]]:
    """The tables of ``values`` when all are on one database and the server can work in ``srid``; else None.

    The reason for the local path is logged, so a user sees which back-end ran.
    """
    tables = [postgis_table(value, context) for value in values]
    if any(t is None for t in tables):
        return None
    if psycopg2 is None:
        feedback.pushInfo(tr("PostGIS inputs are read locally: the Python package psycopg2 is not installed."))
        return None
    if len({t.identity for t in tables}) != 1:
        feedback.pushInfo(tr("PostGIS inputs on different databases are read locally."))
        return None
    if srid <= 0 or tables[-1].srid != srid:
        feedback.pushInfo(tr("PostGIS inputs are read locally: the overlay works in a CRS other than the "
                             "survey's ({0}).").format(tables[-1].name))
        return None
    return tables


def _ident(table: Table):
    return sql.Identifier(table.schema, table.table)


def _valid(alias: str, table: Table):
    """The geometry in the working SRID, repaired where invalid, polygons only."""
    geom = sql.SQL("ST_Transform({0}.{1}, %(srid)s)").format(sql.Identifier(alias), sql.Identifier(table.geometry))
    return sql.SQL("CASE WHEN ST_IsValid({0}) THEN {0} ELSE ST_CollectionExtract(ST_MakeValid({0}), 3) END"
                   ).format(geom)


def pair_query(a: Table, b: Table, b_columns: Sequence[str]):
    """Every pair of A and B sharing area: A key, B key, B's columns, area of the pair, area of B, B repaired.

    B is joined on its own geometry column so that its GiST index is used; A is brought to B's SRID.
    """
    extra = sql.SQL("").join(sql.SQL(", b.{0}").format(sql.Identifier(c)) for c in b_columns)
    return sql.SQL(
        "SELECT a.{akey}, b.{bkey}{extra}, "
        "CASE WHEN ST_CoveredBy(bv.g, av.g) THEN ST_Area(bv.g) ELSE ST_Area(ST_Intersection(av.g, bv.g)) END, "
        "ST_Area(bv.g), NOT ST_IsValid(b.{bgeom}) "
        "FROM {atable} AS a JOIN {btable} AS b ON ST_Transform(a.{ageom}, %(srid)s) && b.{bgeom} "
        "CROSS JOIN LATERAL (SELECT {avalid} AS g) AS av "
        "CROSS JOIN LATERAL (SELECT {bvalid} AS g) AS bv "
        "WHERE ST_Intersects(av.g, bv.g) AND NOT ST_Touches(av.g, bv.g)"
    ).format(akey=sql.Identifier(a.key), bkey=sql.Identifier(b.key), extra=extra, bgeom=sql.Identifier(b.geometry),
             ageom=sql.Identifier(a.geometry), atable=_ident(a), btable=_ident(b),
             avalid=_valid("a", a), bvalid=_valid("b", b))


def _fetch(conninfo: str, query, params: Dict, feedback) -> List[tuple]:
    """Rows of a read-only query run on a worker thread; a cancel in QGIS cancels it on the server."""
    connection = psycopg2.connect(conninfo)
    outcome: Dict[str, object] = {}

    def work():
        try:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                outcome["rows"] = cursor.fetchall()
        except psycopg2.Error as exc:
            outcome["error"] = exc

    try:
        connection.set_session(readonly=True)
        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            if feedback.isCanceled() and "cancelled" not in outcome:
                outcome["cancelled"] = True
                connection.cancel()
    finally:
        connection.close()
    if outcome.get("cancelled"):
        raise QgsProcessingException(tr("Cancelled: nothing was written."))
    if "error" in outcome:
        raise QgsProcessingException(tr("The PostGIS server could not run the overlay: {0}").format(
            str(outcome["error"]).strip()))
    return outcome["rows"]


@dataclass
class ServerPairs:
    """Pairs measured on the server: A key, B key, B's columns (Python values), areas, repaired B."""

    left_key: np.ndarray
    right_key: np.ndarray
    columns: Dict[str, list]
    area: np.ndarray
    right_area: np.ndarray
    right_repaired: np.ndarray

    def __len__(self) -> int:
        return len(self.left_key)


def area_pairs(a: Table, b: Table, b_columns: Sequence[str], srid: int, feedback) -> ServerPairs:
    feedback.pushInfo(tr("Overlay of {0} and {1} runs on the PostGIS server.").format(a.name, b.name))
    rows = _fetch(b.conninfo, pair_query(a, b, b_columns), {"srid": srid}, feedback)
    n = len(b_columns)
    cols = list(zip(*rows)) if rows else [()] * (n + 5)
    return ServerPairs(
        left_key=np.asarray(cols[0], dtype=np.int64), right_key=np.asarray(cols[1], dtype=np.int64),
        columns={name: list(cols[2 + i]) for i, name in enumerate(b_columns)},
        area=np.asarray(cols[2 + n], dtype=float), right_area=np.asarray(cols[3 + n], dtype=float),
        right_repaired=np.asarray(cols[4 + n], dtype=bool))
