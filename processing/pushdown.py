"""Area overlays inside PostGIS when both inputs are tables of one database (architecture §11).

The server pairs the features by ``&&`` on its GiST index, repairs invalid geometries (``ST_MakeValid``,
counted), and measures each pair: a feature covered by the other is its own area, any other pair the area of
``ST_Intersection``. Only numbers come back (keys, the survey columns the rules read, areas): the rules in
``core/`` are the same for both back-ends. Large masks are cut with ``ST_Subdivide`` into a temporary table
before the join. Values are bound parameters and identifiers are quoted by psycopg2 (``sql.Identifier``).
Nothing is written on the server: each run is one transaction, rolled back at the end whatever happens (its
temporary tables go with it), and a cancel in QGIS cancels the running query.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import shapely
from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingUtils,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QMetaType

from ..core import crossings, overlay, partition
from ..translate import tr
from .layers import LayerData, field_map

try:
    import psycopg2
    from psycopg2 import sql
except ImportError:  # the local path still works; the log says why the server was not used
    psycopg2 = None

LOCAL_PARAMETER = "LOCAL_OVERLAY"
FETCH_ROWS = 100_000  # result rows turned into arrays at a time
APPLICATION = "land_supervision"  # the plugin's sessions in pg_stat_activity
SUBDIVIDE_VERTICES = 256  # mask pieces of at most this many vertices: few parcels meet each, the index stays tight
# The overlay's time is GEOS per row: a small table (a task list) is worth splitting among the server's parallel
# workers, and compiling the query (JIT) costs more than it saves.
SESSION_SETTINGS = ("SET min_parallel_table_scan_size = 0", "SET jit = off")
# (QGIS before 3.38 gives QVariant.Type, which compares equal to the QMetaType.Type of the same number.)
INTEGER_KEYS = (QMetaType.Type.Int, QMetaType.Type.LongLong, QMetaType.Type.UInt, QMetaType.Type.ULongLong)


def add_local_parameter(algorithm) -> None:
    """The advanced switch that keeps the overlay on this computer even when the inputs are PostGIS tables."""
    param = QgsProcessingParameterBoolean(
        LOCAL_PARAMETER, tr("Overlay on this computer even when the inputs are tables of one PostGIS database"),
        False, optional=True)
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    algorithm.addParameter(param)


@dataclass
class Table:
    """A whole PostGIS table behind a QGIS layer, keyed by one integer column (the layer's feature id)."""

    name: str
    conninfo: str
    identity: tuple
    schema: str
    table: str
    geometry: str
    key: str
    srid: int
    datum: str  # authid of the geographic CRS: the server transforms only within one datum


def postgis_table(value, context) -> Optional[Table]:
    """The table behind a source parameter value, when the server may read it whole.

    That is a postgres-provider layer on a table with one integer key and a geometry column, without subset
    filter, selection, feature limit or filter expression (those are QGIS-side and read locally).
    """
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        if value.selectedFeaturesOnly or value.featureLimit != -1 or getattr(value, "filterExpression", ""):
            return None
        value = value.source.staticValue()
    layer = QgsProcessingUtils.mapLayerFromString(value, context) if isinstance(value, str) else value
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "postgres" or layer.subsetString():
        return None
    uri = QgsDataSourceUri(layer.source())
    key = uri.keyColumn().strip('"')
    index = layer.fields().indexOf(key)
    if not uri.table() or uri.table().startswith("(") or not uri.geometryColumn() or uri.sql() \
            or index < 0 or layer.fields().at(index).type() not in INTEGER_KEYS:
        return None
    identity = (uri.service(), uri.host(), uri.port(), uri.database(), uri.username())
    return Table(layer.name(), uri.connectionInfo(True), identity, uri.schema() or "public", uri.table(),
                 uri.geometryColumn(), key, layer.crs().postgisSrid(), layer.crs().geographicCrsAuthId())


def server_for(parameters: dict, names: Sequence[str], context, feedback, srid: int,
               local: bool) -> Optional[List[Table]]:
    """The tables behind parameters ``names`` when the server can overlay them in ``srid``; else None.

    The last table must be in ``srid`` (it is joined on its own index); the others are transformed on the
    server only when they share its datum (a datum shift is left to QGIS, whose transformation the local
    path uses). ``local`` keeps the overlay on this computer. The log says which back-end runs and, for
    PostGIS inputs read locally, why.
    """
    tables = [postgis_table(parameters.get(name), context) for name in names]
    if any(t is None for t in tables):
        return None
    labels = " × ".join(t.name for t in tables)
    reason = None
    if local:
        reason = tr("as asked")
    elif psycopg2 is None:
        reason = tr("the Python package psycopg2 is not installed")
    elif len({t.identity for t in tables}) != 1:
        reason = tr("the tables are on different databases")
    elif srid <= 0 or tables[-1].srid != srid:
        reason = tr("the overlay works in a CRS other than the table's ({0})").format(tables[-1].name)
    elif len({t.datum for t in tables}) != 1:
        reason = tr("the tables' coordinate systems are on different datums")
    if reason is not None:
        feedback.pushInfo(tr("Overlay {0}: PostGIS tables read and overlaid on this computer ({1}).").format(
            labels, reason))
        return None
    feedback.pushInfo(tr("Overlay {0}: runs on the PostGIS server.").format(labels))
    return tables


class _Session:
    """One transaction on the server; every query runs on a worker thread so that a cancel can stop it."""

    def __init__(self, connection, feedback):
        self.connection, self.feedback = connection, feedback

    def columns(self, query, params: Dict) -> List[np.ndarray]:
        """The result, one array per column (see ``_column``); no columns for a statement without a result.

        Rows become arrays a chunk at a time, so the Python tuples of a million rows never exist at once (the
        result itself is held compactly by libpq: a server-side cursor would keep the query off the parallel
        workers).
        """
        if self.feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled: nothing was written."))
        outcome: Dict[str, object] = {}

        def work():
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute(query, params)
                    if cursor.description is None:
                        outcome["rows"] = []
                        return
                    parts = [[] for _ in cursor.description]
                    while True:
                        chunk = cursor.fetchmany(FETCH_ROWS)
                        if not chunk:
                            break
                        for part, values in zip(parts, zip(*chunk)):
                            part.append(_column(values))
                    outcome["rows"] = [np.concatenate(p) if p else np.zeros(0, dtype=object) for p in parts]
            except psycopg2.Error as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
            if self.feedback.isCanceled() and "cancelled" not in outcome:
                outcome["cancelled"] = True
                self.connection.cancel()
        if outcome.get("cancelled"):
            raise QgsProcessingException(tr("Cancelled: nothing was written."))
        if "error" in outcome:
            raise QgsProcessingException(tr("The PostGIS server could not run the overlay ({0}); run again with "
                                            "the advanced option to overlay on this computer.").format(
                str(outcome["error"]).strip()))
        return outcome["rows"]


def _column(values: Sequence) -> np.ndarray:
    """Numbers as float64 (NULL as NaN) or int64, booleans as bool, anything else (text, WKB) as objects."""
    kinds = set(map(type, values))
    if kinds <= {int}:
        return np.asarray(values, dtype=np.int64)
    if kinds <= {bool}:
        return np.asarray(values, dtype=bool)
    if kinds <= {float, int, type(None)}:
        return np.asarray([np.nan if v is None else v for v in values], dtype=float)
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):  # item by item: numpy would unpack buffers (WKB) into a second axis
        out[i] = value
    return out


@contextmanager
def session(table: Table, feedback, readonly: bool = True):
    """A session on ``table``'s database whose one transaction is always rolled back and closed.

    ``readonly=False`` only for temporary tables (a read-only transaction cannot create them).
    """
    try:
        connection = psycopg2.connect(table.conninfo, application_name=APPLICATION)
    except psycopg2.Error as exc:
        raise QgsProcessingException(tr("Could not connect to the PostGIS server of {0}: {1}").format(
            table.name, str(exc).strip())) from None
    try:
        connection.set_session(readonly=readonly)
        with connection.cursor() as cursor:
            for setting in SESSION_SETTINGS:
                cursor.execute(setting)
        yield _Session(connection, feedback)
    finally:
        try:
            connection.rollback()  # nothing the run did stays: its temporary tables are dropped with it
        except psycopg2.Error:  # the connection broke: the server rolls the transaction back itself
            feedback.pushDebugInfo(tr("The PostGIS session ended before its rollback."))
        connection.close()


def _geometry(alias: str, table: Table):
    return sql.SQL("{0}.{1}").format(sql.Identifier(alias), sql.Identifier(table.geometry))


def _once(expressions, alias: str, columns: str):
    """``CROSS JOIN LATERAL unnest(ARRAY[e1], ...) AS alias(columns)``: each expression computed once per row.

    A plain lateral subquery would be pulled up and its expression copied into every use (a GEOS call per
    use), and an ``OFFSET 0`` fence would keep the whole query off the server's parallel workers; a function
    scan does neither.
    """
    arrays = sql.SQL(", ").join(sql.SQL("ARRAY[{0}]").format(e) for e in expressions)
    return sql.SQL("CROSS JOIN LATERAL unnest({0}) AS {1}({2})").format(arrays, sql.Identifier(alias), sql.SQL(columns))


def _repaired(alias: str, table: Table, name: str):
    """Lateral ``name(g)`` (the geometry in the working SRID, repaired where invalid) and ``name_raw.v`` (valid)."""
    raw = name + "_raw"
    geometry = _geometry(alias, table)
    return sql.SQL("{0} {1}").format(
        _once([sql.SQL("ST_Transform({0}, %(srid)s)").format(geometry), sql.SQL("ST_IsValid({0})").format(geometry)],
              raw, "g, v"),
        _once([sql.SQL("CASE WHEN {0}.v THEN {0}.g ELSE ST_CollectionExtract(ST_MakeValid({0}.g), 3) END").format(
            sql.Identifier(raw))], name, "g"))


def _box(name: str):
    return sql.SQL("ST_XMin({0}.g), ST_YMin({0}.g), ST_XMax({0}.g), ST_YMax({0}.g)").format(sql.Identifier(name))


def pair_query(a: Table, b: Table, b_columns: Sequence[str], geometry: bool, counted: bool = False):
    """Every pair of A and B whose boxes meet: A key, B key, B's columns, area of the pair (0 when the pair
    does not meet), area of B, B repaired, perimeter of the piece, B's box [, the piece as WKB].

    B is joined on its own geometry column so that its GiST index is used; A is brought to B's SRID.
    ``counted``: only pairs with a side marked in ``%(a_keys)s``/``%(a_counted)s`` or ``%(b_keys)s``/``%(b_counted)s``.
    """
    extra = sql.SQL("").join(sql.SQL(", b.{0}").format(sql.Identifier(c)) for c in b_columns)
    wkb = sql.SQL(", ST_AsBinary(p.g)") if geometry else sql.SQL("")
    only = sql.SQL(
        "JOIN unnest(%(a_keys)s::bigint[], %(a_counted)s::boolean[]) AS ca(k, c) ON ca.k = a.{akey} "
        "JOIN unnest(%(b_keys)s::bigint[], %(b_counted)s::boolean[]) AS cb(k, c) ON cb.k = b.{bkey} "
        "AND (ca.c OR cb.c) ") if counted else sql.SQL("")
    return sql.SQL(
        "SELECT a.{akey}, b.{bkey}{extra}, COALESCE(ST_Area(p.g), 0), ST_Area(bv.g), NOT bv_raw.v, "
        "COALESCE(ST_Perimeter(p.g), 0), {box}{wkb} "
        "FROM {atable} AS a JOIN {btable} AS b ON ST_Transform({ageom}, %(srid)s) && {bgeom} {only}"
        "{avalid} {bvalid} {piece}"
    ).format(akey=sql.Identifier(a.key), bkey=sql.Identifier(b.key), extra=extra, wkb=wkb, box=_box("bv"),
             only=only.format(akey=sql.Identifier(a.key), bkey=sql.Identifier(b.key)),
             ageom=_geometry("a", a), bgeom=_geometry("b", b), atable=sql.Identifier(a.schema, a.table),
             btable=sql.Identifier(b.schema, b.table), avalid=_repaired("a", a, "av"), bvalid=_repaired("b", b, "bv"),
             piece=_once([sql.SQL(
                 "CASE WHEN NOT ST_Intersects(av.g, bv.g) THEN NULL WHEN ST_CoveredBy(bv.g, av.g) THEN bv.g "
                 "WHEN ST_CoveredBy(av.g, bv.g) THEN av.g "
                 "ELSE ST_CollectionExtract(ST_Intersection(av.g, bv.g), 3) END")], "p", "g"))


def geometry_query(b: Table):
    """B's geometries (working SRID, repaired) of the keys in ``%(keys)s``."""
    return sql.SQL("SELECT b.{key}, ST_AsBinary(bv.g) FROM {table} AS b {valid} "
                   "WHERE b.{key} = ANY(%(keys)s)").format(
        key=sql.Identifier(b.key), table=sql.Identifier(b.schema, b.table), valid=_repaired("b", b, "bv"))


@dataclass
class ServerPieces(overlay.Pieces):
    """``overlay.Pieces`` measured on the server, with each piece's perimeter (thin-strip tests)."""

    perimeter: Optional[np.ndarray] = None


def positions(keys: np.ndarray, fids: Sequence[int]) -> np.ndarray:
    """Index of each key among ``fids`` (the features read locally from the same table)."""
    fids = np.asarray(fids, dtype=np.int64)
    order = np.argsort(fids, kind="stable")
    at = np.searchsorted(fids, keys, sorter=order)
    at = np.minimum(at, max(len(fids) - 1, 0))
    if len(keys) and (not len(fids) or (fids[order[at]] != keys).any()):
        raise QgsProcessingException(tr("The PostGIS server returned features that were not read locally; "
                                        "run again with the overlay on this computer."))
    return order[at]


def _columns(names, keys: Optional[Sequence[str]]) -> List[str]:
    """The layer's names of the mapped ``keys`` (every mapped field when None)."""
    return [name for key, name in names.names.items() if name and (keys is None or key in keys)]


def _fetch_unusable(server: _Session, table: Table, data: LayerData, srid: int) -> None:
    """Geometries of the features without a usable TBMJ (their ellipsoidal area stands in; QGIS measures it)."""
    tbmj = data.numbers("tbmj")
    unusable = np.flatnonzero(~(np.isfinite(tbmj) & (tbmj > 0)))
    if len(unusable):
        fids = np.asarray(data.fids, dtype=np.int64)
        keys, wkbs = server.columns(geometry_query(table), {"srid": srid, "keys": fids[unusable].tolist()})
        data.geoms[positions(keys, data.fids)] = _wkb(wkbs)


def _wkb(blobs: np.ndarray) -> np.ndarray:
    """Shapely geometries from the server's WKB (psycopg2 gives memoryviews; NULL stays None)."""
    return overlay.from_wkb([None if w is None else bytes(w) for w in blobs])


def _pieces(cols: list, n: int, left: np.ndarray, right: np.ndarray, left_noise: np.ndarray, geometry: bool,
            ) -> Tuple[np.ndarray, ServerPieces]:
    """(the row of each piece, pieces ordered by A then B) from the columns of ``pair_query``; ``right``
    indexes B.

    Overlaps within the rounding noise of the pair (edges shared up to the last digits, e.g. after a
    reprojection) only touch, as on the local overlay (``core.crossings``).
    """
    area = np.asarray(cols[2 + n], dtype=float)
    box = np.asarray(cols[6 + n:10 + n], dtype=float).reshape(4, -1).T
    keep = np.flatnonzero(area > np.minimum(left_noise[left], crossings.noise(box)))  # the smaller one's
    order = keep[np.lexsort((right[keep], left[keep]))]  # by A then B, as the local overlay gives them
    geoms = _wkb(cols[10 + n][order]) if geometry else None
    right_area, perimeter = (np.asarray(cols[k], dtype=float)[order] for k in (3 + n, 5 + n))
    return order, ServerPieces(left[order], right[order], geoms, area[order], right_area, perimeter)


def _report(name: str, repaired: int, feedback, scope: str) -> None:
    if repaired:
        feedback.pushWarning(tr("{0}: {1} invalid geometries repaired (ST_MakeValid, on the server) {2}.").format(
            name, repaired, scope))


def survey_pairs(a: Table, b: Table, left_fids: Sequence[int], left_geoms: np.ndarray, b_source, kind: str,
                 keys: Sequence[str], name: str, srid: int, feedback,
                 geometry: bool = False) -> Tuple[LayerData, ServerPieces]:
    """The pieces of A ∩ B measured on the server, and the B features they touch (mapped ``keys`` columns).

    The returned data holds only the B features with a piece; their geometries only where the rules need
    them (no usable TBMJ: an ellipsoidal area stands in), the others are None. Repairs are counted over the
    B features whose box meets an A feature, as the local path counts the features it uses.
    """
    names = field_map(b_source.fields(), kind, None, name, feedback)
    columns = _columns(names, keys)
    n = len(columns)
    with session(b, feedback) as server:
        cols = server.columns(pair_query(a, b, columns, geometry), {"srid": srid})
        right_key = np.asarray(cols[1], dtype=np.int64)
        repaired_keys = np.unique(right_key[np.asarray(cols[4 + n], dtype=bool)])
        left = positions(np.asarray(cols[0], dtype=np.int64), left_fids)
        fids, inverse = np.unique(right_key, return_inverse=True)
        noise = crossings.noise(shapely.bounds(left_geoms))
        row, pieces = _pieces(cols, n, left, inverse.reshape(-1), noise, geometry)
        # only the B features with a piece, renumbered
        used, first, renumber = np.unique(pieces.right, return_index=True, return_inverse=True)
        pieces.right = renumber.reshape(-1).astype(np.int64)
        values = {c: np.asarray(cols[2 + i], dtype=object)[row[first]] for i, c in enumerate(columns)}
        fids = fids[used]
        data = LayerData(name, b_source.fields(), [], fids.tolist(), np.full(len(fids), None, dtype=object), names,
                         repaired=len(repaired_keys), repaired_mask=np.isin(fids, repaired_keys), columns=values)
        _fetch_unusable(server, b, data, srid)
    _report(name, len(repaired_keys), feedback, tr("among the features used"))
    feedback.pushInfo(tr("{0}: {1} features met on the server.").format(name, len(fids)))
    return data, pieces


def whole_table(table: Table, source, kind: str, name: str, srid: int, feedback) -> Tuple[LayerData, np.ndarray,
                                                                                          np.ndarray]:
    """Every feature of ``table`` without its geometry: (data with the mapped columns, planar area of each
    repaired geometry, rounding noise of each), measured on the server; geometries only where TBMJ is unusable.

    Features are in key order; every invalid geometry is repaired and counted, as the local read does.
    """
    names = field_map(source.fields(), kind, None, name, feedback)
    columns = _columns(names, None)
    extra = sql.SQL("").join(sql.SQL(", b.{0}").format(sql.Identifier(c)) for c in columns)
    query = sql.SQL("SELECT b.{key}{extra}, ST_Area(bv.g), NOT bv_raw.v, {box} FROM {table} AS b {valid} "
                    "ORDER BY b.{key}").format(key=sql.Identifier(table.key), extra=extra, box=_box("bv"),
                                               table=sql.Identifier(table.schema, table.table),
                                               valid=_repaired("b", table, "bv"))
    n = len(columns)
    with session(table, feedback) as server:
        cols = server.columns(query, {"srid": srid})
        fids = np.asarray(cols[0], dtype=np.int64)
        repaired = np.asarray(cols[2 + n], dtype=bool)
        values = {c: np.asarray(cols[1 + i], dtype=object) for i, c in enumerate(columns)}
        data = LayerData(name, source.fields(), [], fids.tolist(), np.full(len(fids), None, dtype=object), names,
                         repaired=int(repaired.sum()), repaired_mask=repaired, columns=values)
        _fetch_unusable(server, table, data, srid)
    _report(name, data.repaired, feedback, tr("in the layer"))
    feedback.pushInfo(tr("{0}: {1} features read on the server.").format(name, len(fids)))
    box = np.asarray(cols[3 + n:7 + n], dtype=float).reshape(4, -1).T
    return data, np.asarray(cols[1 + n], dtype=float), crossings.noise(box)


def counted_pairs(a: Table, b: Table, a_fids: Sequence[int], b_fids: Sequence[int], a_noise: np.ndarray,
                  a_counted: np.ndarray, b_counted: np.ndarray, srid: int, feedback) -> ServerPieces:
    """Pieces of A ∩ B (indices into ``a_fids``/``b_fids``) for the pairs with a counted side, measured on
    the server."""
    params = {"srid": srid, "a_keys": np.asarray(a_fids, dtype=np.int64).tolist(),
              "a_counted": np.asarray(a_counted, dtype=bool).tolist(),
              "b_keys": np.asarray(b_fids, dtype=np.int64).tolist(),
              "b_counted": np.asarray(b_counted, dtype=bool).tolist()}
    with session(b, feedback) as server:
        cols = server.columns(pair_query(a, b, (), False, counted=True), params)
    left = positions(np.asarray(cols[0], dtype=np.int64), a_fids)
    right = positions(np.asarray(cols[1], dtype=np.int64), b_fids)
    return _pieces(cols, 0, left, right, a_noise, False)[1]


def survey_overlaps(table: Table, fids: Sequence[int], used: np.ndarray, srid: int,
                    feedback) -> partition.Overlaps:
    """Overlaps among the ``used`` features (indices into ``fids``) of ``table``, measured on the server as
    ``core.partition.find_overlaps`` measures them locally (neighbours that only touch give nothing)."""
    keys = np.asarray(fids, dtype=np.int64)[np.asarray(used, dtype=np.int64)].tolist()
    query = sql.SQL(
        "SELECT a.{key}, b.{key}, ST_Area(ST_CollectionExtract(ST_Intersection(av.g, bv.g), 3)) "
        "FROM unnest(%(keys)s::bigint[]) AS ka(k) JOIN {table} AS a ON a.{key} = ka.k "
        "JOIN {table} AS b ON {ageom} && {bgeom} AND a.{key} < b.{key} "
        "JOIN unnest(%(keys)s::bigint[]) AS kb(k) ON kb.k = b.{key} {avalid} {bvalid} "
        "WHERE ST_Intersects(av.g, bv.g) AND NOT ST_Touches(av.g, bv.g)").format(
        key=sql.Identifier(table.key), table=sql.Identifier(table.schema, table.table),
        ageom=_geometry("a", table), bgeom=_geometry("b", table),
        avalid=_repaired("a", table, "av"), bvalid=_repaired("b", table, "bv"))
    with session(table, feedback) as server:
        first, second, area = server.columns(query, {"srid": srid, "keys": keys})
    area = np.asarray(area, dtype=float)
    real = area >= partition.MIN_OVERLAP_M2
    return partition.Overlaps(positions(np.asarray(first, dtype=np.int64)[real], fids),
                              positions(np.asarray(second, dtype=np.int64)[real], fids), area[real])


def piece_geometries(a: Table, b: Table, a_keys: Sequence[int], b_keys: Sequence[int], srid: int,
                     feedback) -> np.ndarray:
    """Polygonal A ∩ B of each (A key, B key) pair, in the order given, computed on the server."""
    query = sql.SQL(
        "SELECT ST_AsBinary(ST_CollectionExtract(ST_Intersection(av.g, bv.g), 3)) "
        "FROM unnest(%(a_keys)s::bigint[], %(b_keys)s::bigint[]) WITH ORDINALITY AS m(ak, bk, n) "
        "JOIN {atable} AS a ON a.{akey} = m.ak JOIN {btable} AS b ON b.{bkey} = m.bk {avalid} {bvalid} "
        "ORDER BY m.n").format(atable=sql.Identifier(a.schema, a.table), akey=sql.Identifier(a.key),
                               btable=sql.Identifier(b.schema, b.table), bkey=sql.Identifier(b.key),
                               avalid=_repaired("a", a, "av"), bvalid=_repaired("b", b, "bv"))
    with session(b, feedback) as server:
        keys = {"a_keys": np.asarray(a_keys, dtype=np.int64).tolist(),
                "b_keys": np.asarray(b_keys, dtype=np.int64).tolist()}
        wkbs, = server.columns(query, dict(keys, srid=srid))
    return _wkb(wkbs)


def mask_overlap(a: Table, mask: Table, left_fids: Sequence[int], srid: int, feedback) -> np.ndarray:
    """Area of each A feature (in ``left_fids`` order) inside the mask layer, measured on the server.

    The mask polygons near A are repaired, cut into pieces of at most ``SUBDIVIDE_VERTICES`` vertices
    (``ST_Subdivide``) in a temporary table with its own GiST index, then joined: a red line of 100,000
    vertices meets each parcel through a few small pieces. Overlapping mask polygons count once each, as
    on the local path.
    """
    pieces = sql.Identifier("ls_mask_pieces")
    steps = [
        sql.SQL("CREATE TEMP TABLE {pieces} ON COMMIT DROP AS SELECT ST_Subdivide(mv.g, %(vertices)s) AS g "
                "FROM {mask} AS m {valid} "
                "WHERE EXISTS (SELECT 1 FROM {atable} AS a WHERE ST_Transform({ageom}, %(mask_srid)s) && {mgeom})"
                ).format(pieces=pieces, mask=sql.Identifier(mask.schema, mask.table), valid=_repaired("m", mask, "mv"),
                         atable=sql.Identifier(a.schema, a.table), ageom=_geometry("a", a),
                         mgeom=_geometry("m", mask)),
        sql.SQL("CREATE INDEX ON {0} USING gist (g)").format(pieces),
        sql.SQL("ANALYZE {0}").format(pieces),
    ]
    query = sql.SQL(
        "SELECT a.{akey}, sum(ST_Area(CASE WHEN ST_CoveredBy(av.g, m.g) THEN av.g "
        "ELSE ST_Intersection(av.g, m.g) END)) "
        "FROM {atable} AS a {avalid} JOIN {pieces} AS m ON av.g && m.g "
        "WHERE ST_Intersects(av.g, m.g) GROUP BY a.{akey}"
    ).format(akey=sql.Identifier(a.key), atable=sql.Identifier(a.schema, a.table), avalid=_repaired("a", a, "av"),
             pieces=pieces)
    params = {"srid": srid, "mask_srid": mask.srid, "vertices": SUBDIVIDE_VERTICES}
    with session(mask, feedback, readonly=False) as server:
        for step in steps:
            server.columns(step, params)
        keys, areas = server.columns(query, params)
    out = np.zeros(len(left_fids))
    np.add.at(out, positions(np.asarray(keys, dtype=np.int64), left_fids), np.asarray(areas, dtype=float))
    return out
