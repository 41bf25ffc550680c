"""Reading QGIS sources into plain records and shapely arrays, and back into sinks.

This is the only place that turns QgsFeatures into what ``core`` works on:
attribute rows, mapped columns and a shapely array built in bulk from WKB.
"""
from __future__ import annotations

import importlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsEllipsoidUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QMetaType, QVariant

from ..core import crs as crs_rules
from ..core import geodesy
from ..core import overlay, partition
from ..core.packed import Packed, bounds_of
from ..core.wkb import blob_sizes
from ..core.fields import FieldMap, MissingFieldError, resolve
from ..translate import message, tr

CGCS2000_ELLIPSOID = "EPSG:1024"
# What shapely raises for curved WKB: a GEOSException with GEOS 3.11 (shapely 2.0), NotImplementedError with
# GEOS 3.13 (shapely 2.1, QGIS 3.40 on Debian 13).
CURVE_ERRORS = (shapely.errors.GEOSException, NotImplementedError)


@dataclass
class LayerData:
    """A source read once: attribute rows in source field order, mapped names, geometries."""

    name: str
    fields: QgsFields
    rows: List[list]
    fids: List[int]
    geoms: Optional[np.ndarray]  # or a core.packed.Packed array, read with ``packed``
    names: FieldMap
    repaired: int = 0
    empty_geometry: List[int] = field(default_factory=list)
    repaired_mask: Optional[np.ndarray] = None  # True for features whose geometry was repaired
    columns: Optional[Dict[str, np.ndarray]] = None
    """Mapped columns by field name (numpy, masked where NULL) when read through GDAL (``rows`` then empty unless
    read with ``attribute_rows``)."""
    checked: Optional[np.ndarray] = None
    """Geometries known to be valid or already repaired, when read with ``repair=False``."""
    overlaps: Optional[partition.Overlaps] = None
    """Overlapping parcels of a survey, recorded by processing.overlaps.check when the run proceeds."""

    def repair_where(self, indices: np.ndarray, feedback) -> None:
        """Check and repair the geometries at ``indices`` (distinct) that are not checked yet; report repairs."""
        indices = np.asarray(indices, dtype=np.int64)
        todo = indices[~self.checked[indices]]

        def check(part):  # -> (indices repaired, their repaired geometries)
            geoms, fixed = overlay.repair(self.geoms[part], return_mask=True)
            return part[fixed], geoms[fixed]

        count = 0
        # a slice at a time on every core: a Packed survey is made into geometries (holding the GIL) while the
        # other slice's validity is tested (without it)
        parts = [todo[lo:lo + REPAIR_SLICE] for lo in range(0, len(todo), REPAIR_SLICE)]
        with ThreadPoolExecutor(max_workers=overlay.cores()) as pool:
            for where, geoms in pool.map(check, parts):
                if len(where):
                    self.geoms[where] = geoms
                    self.repaired_mask[where] = True
                    count += len(where)
        self.checked[todo] = True
        self.repaired += count
        if count:
            feedback.pushWarning(tr("{0}: {1} invalid geometries repaired (make_valid) among the features used.")
                                 .format(self.name, count))

    def __len__(self) -> int:
        return len(self.fids)

    def column(self, key: str) -> List[Any]:
        """Values of the mapped field ``key`` (Nones when it is not mapped), as Python values."""
        name = self.names[key]
        if name is None:
            return [None] * len(self)
        if self.columns is not None:
            return _python_values(self.columns[name])
        idx = self.fields.indexOf(name)
        return [py_value(row[idx]) for row in self.rows]

    def numbers(self, key: str, default: float = np.nan) -> np.ndarray:
        """Mapped column as floats; empty or non-numeric text becomes ``default``."""
        name = self.names[key]
        if self.columns is not None and name is not None and self.columns[name].dtype.kind == "f":
            values = self.columns[name]
            missing = np.ma.getmaskarray(values) | np.isnan(np.ma.getdata(values))
            return np.where(missing, default, np.ma.getdata(values))
        out = np.full(len(self), default, dtype=float)
        for i, value in enumerate(self.column(key)):
            try:
                if value is not None and value != "":
                    out[i] = float(value)
            except (TypeError, ValueError):
                pass  # stays default; callers flag missing numbers
        return out


REPAIR_SLICE = 20_000
"""Geometries checked together by ``LayerData.repair_where``."""
WKB_SLICE = 4096
"""Geometries parsed from WKB in one call (about 2 ms): how long the other threads may wait for the GIL."""
TEXT_SLICE = 65_536
"""Rows of a text column hashed together by ``_distinct_bytes``."""

NOWHERE = QgsRectangle()
"""The extent of no geometry at all: ``read_source(extent=NOWHERE)`` reads no feature."""


def extent_of(geoms: np.ndarray) -> QgsRectangle:
    """Bounding box of all geometries (for ``read_source(extent=...)``); NOWHERE when there is none."""
    present = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))] if len(geoms) else geoms
    if not len(present):
        return NOWHERE
    return QgsRectangle(*shapely.total_bounds(present))


def _python_values(values: np.ndarray) -> List[Any]:
    """A column from GDAL's Arrow stream as Python values: text decoded (UTF-8), NULL as None."""
    mask = np.ma.getmaskarray(values)
    data = np.ma.getdata(values)
    if data.dtype.kind == "S":  # decode each distinct value once: codes repeat a lot
        unique, inverse = _distinct_bytes(data)
        out = np.array([u.decode("utf-8", "replace") for u in unique.tolist()] + [""], dtype=object)[inverse]
    else:
        out = data.astype(object)
    out[mask] = None
    return out.tolist()


def _distinct_bytes(data: np.ndarray):
    """(distinct values, each row's index among them) of a fixed-width bytes column, found by hashing each row's
    8-byte words (pandas) and checked against the column (``np.unique`` where two values share a hash): the sort
    ``np.unique`` makes takes 0.2 s over a million class names, the hashing 0.02 s. Rows are worked TEXT_SLICE at
    a time: the column is read while the overlay holds most of a run's memory."""
    width, n = data.dtype.itemsize, len(data)
    if not n or not width:
        return np.unique(data, return_inverse=True)
    words = -(-width // 8)
    key = np.empty(n, dtype=np.uint64)
    for lo in range(0, n, TEXT_SLICE):
        part = np.ascontiguousarray(data[lo:lo + TEXT_SLICE])
        raw = np.zeros((len(part), 8 * words), dtype=np.uint8)
        raw[:, :width] = part.view(np.uint8).reshape(len(part), width)
        word = raw.view(np.uint64)
        mixed = word[:, 0].copy()
        with np.errstate(over="ignore"):
            for k in range(1, words):
                mixed = mixed * np.uint64(0x9E3779B97F4A7C15) ^ word[:, k]
        key[lo:lo + len(part)] = mixed
    inverse, keys = pd.factorize(key)
    row = np.empty(len(keys), dtype=np.int64)
    row[inverse] = np.arange(n)  # a row of each value (which one is left to numpy: every row is checked below)
    unique = data[row]
    slices = range(0, n, TEXT_SLICE)
    if not all((unique[inverse[lo:lo + TEXT_SLICE]] == data[lo:lo + TEXT_SLICE]).all() for lo in slices):
        return np.unique(data, return_inverse=True)
    return unique, inverse


def py_value(value: Any) -> Any:
    """QVariant-ish values to plain Python (NULL -> None, QDate -> date)."""
    kind = type(value)
    if kind is str or kind is float or kind is int or value is None:  # the common cases, without isinstance chains
        return value
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    return value


def work_crs(sources: Sequence, context, feedback) -> QgsCoordinateReferenceSystem:
    """The CRS for overlay and area work: the first source's, or the GK zone for geographic data."""
    first = sources[0]
    crs = first.sourceCrs()
    if not crs.isValid():
        # 三调 files sometimes lose their .prj: an 8-digit easting carries the 3° zone.
        zone = crs_rules.zone_from_easting(first.sourceExtent().center().x())
        if zone is None:
            raise QgsProcessingException(
                tr("The first input has no coordinate reference system and its eastings carry no zone number; "
                   "set the layer's CRS (e.g. CGCS2000 3-degree GK, EPSG:4513-4554) and run again.")
            )
        epsg = crs_rules.epsg_3deg_prefixed(zone)
        crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
        feedback.pushWarning(
            tr("The first input has no CRS: assuming {0} from its 8-digit eastings.").format(
                crs_rules.describe_epsg(epsg))
        )
    elif crs.isGeographic():
        extent = QgsRectangle(first.sourceExtent())
        to_geo = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4490"), context.transformContext())
        lon = to_geo.transform(extent.center()).x()
        epsg = crs_rules.gk_epsg_for_longitude(lon)
        crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
        feedback.pushInfo(tr("Geographic input: working in {0} for overlay and areas.").format(
            crs_rules.describe_epsg(epsg)))
    return crs


def layer_label(value, context) -> str:
    """The name a user knows an input by: the layer's name, else the file's layer name or base name."""
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        value = value.source.staticValue()
    layer = value if isinstance(value, QgsVectorLayer) else QgsProcessingUtils.mapLayerFromString(str(value), context)
    if isinstance(layer, QgsVectorLayer):
        parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
        if parts.get("layerName"):
            return parts["layerName"]
        return layer.name()
    return str(value)


def check_assumed_crs(source, crs: QgsCoordinateReferenceSystem, name: str, context, feedback) -> None:
    """A source without CRS is taken to be in ``crs``: refuse it when its coordinates cannot be in that CRS
    (degrees under a projected CRS, or eastings of another zone), which would silently match nothing."""
    extent = source.sourceExtent()
    if source.sourceCrs().isValid() or not crs.isValid() or extent.isEmpty() or extent.isNull():
        return
    try:
        to_crs = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, context.transformContext())
        frame = to_crs.transformBoundingBox(crs.bounds())
    except Exception:  # noqa: BLE001 (QgsCsException: a CRS without area of use is not checked)
        return
    frame.scale(1.1)
    if frame.contains(extent):
        feedback.pushWarning(tr("{0} has no CRS: its coordinates are taken to be in {1}.").format(name, crs.authid()))
        return
    in_degrees = not crs.isGeographic() and -180 <= extent.xMinimum() and extent.xMaximum() <= 180 \
        and -90 <= extent.yMinimum() and extent.yMaximum() <= 90
    if in_degrees:
        raise QgsProcessingException(tr(
            "{0} has no CRS and its coordinates are degrees (longitude/latitude), while the analysis works in {1}: "
            "set the layer's CRS (e.g. EPSG:4490, CGCS2000) and run again.").format(name, crs.authid()))
    raise QgsProcessingException(tr(
        "{0} has no CRS and its coordinates ({1}) cannot be in {2}, the CRS of the analysis: set the layer's CRS "
        "and run again.").format(name, extent.toString(0), crs.authid()))


# Drivers whose Arrow stream carries UTF-8 text. GDAL 3.6 hands shapefile DBF bytes through unrecoded
# (GBK stays GBK), so shapefiles take the QGIS path, which honours .cpg and the layer's encoding.
UTF8_DRIVERS = ("GPKG", "OpenFileGDB", "FileGDB", "FlatGeobuf")


def plain_ogr_layer(value, context) -> Optional[QgsVectorLayer]:
    """The layer behind a source parameter value when GDAL can read it whole, as QGIS would.

    That is an OGR-provider layer without subset filter, selection, feature limit, filter expression or edit
    session (pending edits are not in the file); anything else returns None and is read through QGIS.
    """
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        if value.selectedFeaturesOnly or value.featureLimit != -1 or getattr(value, "filterExpression", ""):
            return None
        value = value.source.staticValue()
    layer = value if isinstance(value, QgsVectorLayer) else None
    if isinstance(value, str):
        layer = QgsProcessingUtils.mapLayerFromString(value, context)
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr" or layer.subsetString():
        return None
    if layer.editBuffer() is not None:  # unsaved edits live in QGIS, not in the file GDAL would read
        return None
    return layer


# Field types GDAL 3.6's Arrow stream gives back as QGIS would (its bit-packed booleans come back wrong,
# and date-times may be shifted to UTC): layers with other types read their attribute rows through QGIS.
# (QGIS before 3.38 gives QVariant.Type, which compares equal to the QMetaType.Type of the same number.)
ARROW_ROW_TYPES = (QMetaType.Type.Int, QMetaType.Type.LongLong, QMetaType.Type.Double, QMetaType.Type.QString,
                   QMetaType.Type.QDate)


_BRIDGE: Dict[str, bool] = {}
_WARNED: set = set()


def numpy_bridge(feedback) -> bool:
    """Whether GDAL's NumPy bridge imports (it fails where a user's numpy 2 shadows the numpy GDAL was built
    against); tested once, said once per run when it does not."""
    if "ok" not in _BRIDGE:
        try:
            importlib.import_module("osgeo.gdal_array")
            _BRIDGE["ok"] = True
        except (ImportError, AttributeError, RuntimeError) as exc:
            _BRIDGE["ok"], _BRIDGE["why"] = False, str(exc)
    if not _BRIDGE["ok"] and id(feedback) not in _WARNED:
        _WARNED.add(id(feedback))
        feedback.pushWarning(tr("GDAL's NumPy bridge cannot be imported ({0}): layers are read through QGIS, "
                                "which is slower. Reinstall GDAL's Python bindings for the numpy in use to read "
                                "them fast again.").format(_BRIDGE["why"]))
    return _BRIDGE["ok"]


def _read_ahead(batches):
    """Yield ``batches`` while a worker thread fetches the next one (GDAL reads without holding the GIL)."""
    iterator = iter(batches)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, iterator, None)
        while True:
            batch = pending.result()
            if batch is None:
                return
            pending = pool.submit(next, iterator, None)
            yield batch


def _wkb_blobs(chunk) -> np.ndarray:
    """WKB of one Arrow batch as an object array of bytes, None where the geometry is NULL."""
    data = np.ma.getdata(chunk)
    if data.dtype.kind == "V":  # every blob the same size: GDAL hands fixed-size items
        data = np.array([item.tobytes() for item in data], dtype=object)
    else:
        data = data.astype(object)
    data[np.ma.getmaskarray(chunk)] = None
    return data


def _from_wkb(blobs: np.ndarray) -> np.ndarray:
    """``shapely.from_wkb`` a slice at a time: it holds the GIL, and the checker threads, which need it between
    their GEOS calls, would otherwise wait for a whole batch to be parsed."""
    return np.concatenate([shapely.from_wkb(blobs[k:k + WKB_SLICE]) for k in range(0, len(blobs), WKB_SLICE)]
                          or [np.zeros(0, dtype=object)])


def _box_meets(geoms: np.ndarray, box) -> np.ndarray:
    """True where a geometry's bounding box meets ``box`` (x_min, y_min, x_max, y_max); False where it is empty."""
    bounds = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        return (bounds[:, 0] <= box[2]) & (bounds[:, 2] >= box[0]) & (bounds[:, 1] <= box[3]) & (bounds[:, 3] >= box[1])


def _read_arrow(layer: QgsVectorLayer, wanted: Sequence[str], feedback, check: bool = True,
                extent: Optional[QgsRectangle] = None, packed: bool = False, pairing=None):
    """(fids, {field: values}, shapely geometries, their validity or None unless ``check``, FID column name)
    of every feature (whose bounding box meets ``extent``, if given) through GDAL's Arrow stream.
    ``packed``: the geometries as a Packed array of GDAL's own WKB (made into geometries batch by batch for
    their boxes and their validity, which is returned). ``pairing``: see ``read_source``.

    None when the layer cannot be read this way (the caller then iterates QgsFeatures).
    """
    try:
        from osgeo import gdal, ogr
    except ImportError:
        return None
    if not numpy_bridge(feedback):
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    try:
        dataset = ogr.Open(parts.get("path") or layer.source())
    except RuntimeError:  # GDAL in exception mode: same meaning as None
        return None
    if dataset is None or dataset.GetDriver().GetName() not in UTF8_DRIVERS:
        return None
    if parts.get("layerName"):
        ogr_layer = dataset.GetLayerByName(parts["layerName"])
    else:
        ogr_layer = dataset.GetLayer(parts.get("layerId") or 0)
    if ogr_layer is None or not hasattr(ogr_layer, "GetArrowStreamAsNumPy"):
        return None
    definition = ogr_layer.GetLayerDefn()
    names = [definition.GetFieldDefn(k).GetName() for k in range(definition.GetFieldCount())]
    ogr_layer.SetIgnoredFields([n for n in names if n not in wanted])
    box = None if extent is None else (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    # GDAL 3.10's GeoPackage Arrow stream with a spatial filter now and then returns wrong rows (in QGIS 3.40 about
    # 2 % of the sample county's filtered reads gave a 65,536-row batch instead of 678 features; GDAL 3.6 never
    # did): after 3.6 the boxes are compared here, batch by batch, instead.
    filter_here = box is not None and int(gdal.VersionInfo()) >= 3070000
    if box is not None and not filter_here:  # answered from the layer's spatial index (GeoPackage R-tree)
        ogr_layer.SetSpatialFilterRect(*box)
    fid_name = ogr_layer.GetFIDColumn() or "OGC_FID"
    if any(n not in names and n != fid_name for n in wanted):
        return None
    geom_name = ogr_layer.GetGeometryColumn() or "wkb_geometry"
    batches: Dict[str, list] = {}
    shapes, checked, first, given = [], [], 0, 0
    if pairing is not None:
        pairing.restart()
    # Three things overlap: GDAL reads the next batch, this thread parses WKB (which holds the GIL), and
    # checker threads pair, test and pack the batches before (GEOS and numpy release the GIL).
    with ThreadPoolExecutor(max_workers=overlay.cores() if packed else 1) as checker:
        for batch in _read_ahead(ogr_layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=YES"])):
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled."))
            if fid_name not in batch or geom_name not in batch:
                return None
            # Geometries become shapely batch by batch, so the WKB of the whole layer is never held at once.
            blobs = _wkb_blobs(batch.pop(geom_name))
            given += len(blobs)
            try:
                shapes.append(_from_wkb(blobs))
            except CURVE_ERRORS:  # curves: GEOS has none, QGIS segmentizes them
                return None
            if filter_here:
                keep = _box_meets(shapes[-1], box)
                shapes[-1], blobs = shapes[-1][keep], blobs[keep]
                batch = {key: values[keep] for key, values in batch.items()}
            if check or packed or pairing is not None:
                if packed and len(checked) > 1:  # a batch per checker at most: the memory stays flat
                    checked[-2].result()
                checked.append(checker.submit(_check_batch, shapes[-1], blobs, first, pairing, check, packed))
                if packed:
                    shapes[-1] = None  # packed by the checker
            first += len(blobs)
            for key, values in batch.items():  # copies: a view would keep the whole batch, WKB included, alive
                batches.setdefault(key, []).append(values.copy())
    if not shapes:
        return None
    # GDAL's Arrow streams have given wrong rows (QGIS 3.40: a batch of 65,536 rows where 678 met the filter; an
    # empty stream): they must be as many as the layer counts (under GDAL's filter), or QGIS reads the layer
    counted = ogr_layer.GetFeatureCount()
    if given != counted:
        feedback.pushInfo(tr("{0}: GDAL's fast reader gave {1} features where the layer has {2}; read through "
                             "QGIS instead.").format(layer.name(), given, counted))
        return None
    fids = np.concatenate(batches.pop(fid_name)).astype(np.int64).tolist()
    columns = {}  # kept as numpy (text undecoded) until a column is asked for
    for key, chunks in batches.items():
        if key in wanted:
            masked = any(np.ma.isMaskedArray(c) for c in chunks)
            columns[key] = np.ma.concatenate(chunks) if masked else np.concatenate(chunks)
    results = [future.result() for future in checked]
    valid = np.concatenate([r[0] for r in results]) if check or packed else None
    geoms = Packed(*(np.concatenate(part) for part in zip(*(r[1] for r in results)))) if packed \
        else np.concatenate(shapes)
    return fids, columns, geoms, valid, fid_name


def _check_batch(geoms: np.ndarray, blobs: np.ndarray, first: int, pairing, check: bool, packed: bool):
    """(validity or None, (WKB, boxes, areas) or None) of one batch, features ``first`` on: paired with
    ``pairing``'s geometries, tested (all with ``check``, else those paired), packed."""
    wanted = None if pairing is None else pairing.probe(geoms, first)
    valid = None
    if check or packed:
        if check or wanted is None:
            valid = shapely.is_valid(geoms)
        else:
            valid = np.zeros(len(geoms), dtype=bool)
            valid[wanted] = shapely.is_valid(geoms[wanted])
    return valid, (_pack(blobs, geoms) if packed else None)


def _pack(blobs: np.ndarray, geoms: np.ndarray):
    """(WKB, boxes, areas, WKB sizes) of a batch; geometries with Z are flattened first."""
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
        blobs = shapely.to_wkb(geoms)
    return blobs, shapely.bounds(geoms), shapely.area(geoms), blob_sizes(blobs)


def _arrow_rows(fields: QgsFields, fids: List[int], columns: Dict[str, np.ndarray], fid_name: str) -> List[list]:
    """Attribute rows in ``fields`` order from Arrow columns, with the values QGIS itself would give."""
    values = []
    for qfield in fields:
        name = qfield.name()
        if name == fid_name:
            values.append(fids)
        elif qfield.type() == QMetaType.Type.QDate:
            values.append([None if d is None else QDate(d.year, d.month, d.day)
                           for d in _python_values(columns[name])])
        else:
            values.append(_python_values(columns[name]))
    return [list(row) for row in zip(*values)] if values else [[] for _ in fids]


def _straight_geometries(wkbs: List[Optional[bytes]], name: str, feedback) -> np.ndarray:
    """Shapely geometries from WKB; curves (CurvePolygon, MultiSurface), which GEOS cannot read, are first
    segmentized by QGIS with its default tolerance, and counted in the log."""
    try:
        return overlay.from_wkb(wkbs)
    except CURVE_ERRORS:
        pass
    curved = 0
    for i, wkb in enumerate(wkbs):
        if wkb is None:
            continue
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        if QgsWkbTypes.isCurvedType(geometry.wkbType()):
            geometry.convertToStraightSegment()
            wkbs[i] = bytes(geometry.asWkb())
            curved += 1
    feedback.pushInfo(tr("{0}: {1} curved geometries segmentized into straight segments (QGIS default tolerance).")
                      .format(name, curved))
    return overlay.from_wkb(wkbs)


def _rows_readable(fields: QgsFields) -> bool:
    return all(qfield.type() in ARROW_ROW_TYPES for qfield in fields)


def missing_field_message(exc: MissingFieldError, chooser: bool) -> str:
    """The translated error with the fix the dialog offers: its field chooser, or renaming the field."""
    fix = tr("Choose the field under Advanced Parameters, or rename a field to one of these names.") if chooser \
        else tr("Rename a field of the layer to one of these names.")
    return tr("{0} {1}").format(message(exc), fix)  # Chinese joins sentences without a space


def field_map(fields: QgsFields, kind: Optional[str], chosen, name: str, feedback) -> FieldMap:
    """The fields of schema ``kind`` in ``fields`` (explicit choices win); a missing required one stops the run."""
    try:
        names = resolve(fields.names(), kind, chosen, name) if kind else FieldMap({})
    except MissingFieldError as exc:
        raise QgsProcessingException(missing_field_message(exc, exc.key in (chosen or {}))) from None
    for warning in names.warnings:
        feedback.pushWarning(message(warning))
    return names


def read_source(
    source,
    kind: Optional[str],
    context,
    feedback,
    target_crs: Optional[QgsCoordinateReferenceSystem] = None,
    chosen: Optional[Dict[str, Optional[str]]] = None,
    name: str = "",
    with_geometry: bool = True,
    layer: Optional[QgsVectorLayer] = None,
    attribute_rows: bool = False,
    repair: bool = True,
    extent: Optional[QgsRectangle] = None,
    keys: Optional[Sequence[str]] = None,
    packed: bool = False,
    pairing: Optional[overlay.Pairing] = None,
) -> LayerData:
    """Read every feature of ``source``; map fields of schema ``kind``; reproject to ``target_crs``.

    ``layer`` (from ``plain_ogr_layer``) lets a big source be read straight through GDAL's Arrow stream,
    about ten times faster than iterating QgsFeatures; the data then carries the mapped ``columns`` and,
    only with ``attribute_rows``, every attribute row (else ``rows`` is empty). It is used only when no
    reprojection is needed and, for rows, when every field type comes through Arrow unchanged.
    ``repair=False`` leaves invalid geometries as they are: the caller repairs what it uses
    (``LayerData.repair_where``).
    ``extent`` (in ``target_crs``) reads only the features whose bounding box meets it. ``keys`` limits the
    mapped columns GDAL reads to those the caller uses (each column costs time on a big layer).
    ``packed``: the geometries are held as a ``core.packed.Packed`` array (WKB), half the memory of shapely's
    for a county's survey; the overlay and the overlap check take them chunk by chunk and block by block.
    ``pairing`` (an ``overlay.Pairing``) is given the geometries as they are made, so that the caller's pairs
    with them are found without making them again; with ``repair=False`` only the paired ones are tested for
    validity while reading.
    """
    if source is None:
        raise QgsProcessingException(tr("Input layer {0} could not be opened.").format(name))
    fields = source.fields()
    names = field_map(fields, kind, chosen, name, feedback)
    request = QgsFeatureRequest()
    has_geometry = with_geometry and QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.GeometryType.NullGeometry
    if has_geometry and target_crs is not None:
        check_assumed_crs(source, target_crs, name, context, feedback)
    if not has_geometry:
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    elif target_crs is not None and target_crs.isValid() and source.sourceCrs().isValid() \
            and source.sourceCrs() != target_crs:
        request.setDestinationCrs(target_crs, context.transformContext())
        feedback.pushInfo(
            tr("{0}: reprojected from {1} to {2}.").format(name, source.sourceCrs().authid(), target_crs.authid())
        )
    if extent is NOWHERE:  # near no geometry of the caller's: nothing to read
        request.setLimit(0)
        layer = None
    elif extent is not None and has_geometry:
        request.setFilterRect(extent)  # in the destination CRS when there is one
    rows, fids, wkbs, columns, arrow, geoms, valid = [], [], [], None, None, None, None
    reprojected = request.destinationCrs().isValid()
    used = [name for key, name in names.names.items() if name and (keys is None or key in keys)]
    wanted = fields.names() if attribute_rows else used
    if layer is not None and has_geometry and not reprojected \
            and (not attribute_rows or _rows_readable(fields)):
        arrow = _read_arrow(layer, wanted, feedback, check=repair, extent=extent, packed=packed, pairing=pairing)
    if arrow is not None:
        fids, columns, geoms, valid, fid_name = arrow
        if attribute_rows:
            rows = _arrow_rows(fields, fids, columns, fid_name)
    for i, feature in enumerate(source.getFeatures(request) if arrow is None else ()):
        if i % 5000 == 0:
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled."))
        rows.append(feature.attributes())
        fids.append(feature.id())
        if has_geometry:
            geometry = feature.geometry()
            wkbs.append(None if geometry.isNull() else bytes(geometry.asWkb()))
    repaired, empty, repaired_mask = 0, [], None
    if has_geometry:
        if arrow is None:
            geoms = _straight_geometries(wkbs, name, feedback)
            wkbs = []  # free the blobs before repair
        if not isinstance(geoms, Packed) and shapely.has_z(geoms).any():
            geoms = shapely.force_2d(geoms)
        if arrow is None and pairing is not None:
            pairing.restart()
            pairing.probe(geoms, 0)
        if repair and isinstance(geoms, Packed):  # tested while reading: only the invalid ones are made again
            suspect = np.flatnonzero(~valid)  # (missing ones test invalid and stay missing)
            fixed, mask = overlay.repair(geoms[suspect], return_mask=True, valid=np.zeros(len(suspect), dtype=bool))
            repaired_mask = np.zeros(len(geoms), dtype=bool)
            repaired_mask[suspect[mask]] = True
            geoms[suspect[mask]] = fixed[mask]
        elif repair:
            geoms, repaired_mask = overlay.repair(geoms, return_mask=True, valid=valid)
        else:
            repaired_mask = np.zeros(len(geoms), dtype=bool)
        if packed and not isinstance(geoms, Packed):  # read through QGIS
            geoms = Packed.of(geoms)
        repaired = int(repaired_mask.sum())
        empty = [fids[i] for i in np.flatnonzero(np.isnan(bounds_of(geoms)).any(axis=1))]  # missing or empty
        if repaired:
            feedback.pushWarning(tr("{0}: {1} invalid geometries repaired (make_valid).").format(name, repaired))
        if empty:
            feedback.pushWarning(tr("{0}: {1} features without geometry.").format(name, len(empty)))
    feedback.pushInfo(tr("{0}: {1} features read.").format(name, len(fids)))
    checked = None
    if has_geometry and not repair:  # what is valid needs no check (a packed read tests validity as it goes)
        checked = valid.copy() if valid is not None else np.zeros(len(fids), dtype=bool)
    return LayerData(name, fields, rows, fids, geoms, names, repaired, empty, repaired_mask, columns, checked)


def transverse_mercator(crs: QgsCoordinateReferenceSystem) -> Optional[geodesy.TransverseMercator]:
    """A Gauss-Krüger or UTM CRS as projection parameters; None for any other CRS."""
    params = dict(item.lstrip("+").split("=", 1) for item in crs.toProj().split() if "=" in item)
    ellipsoid = QgsEllipsoidUtils.ellipsoidParameters(crs.ellipsoidAcronym())
    plain = params.get("units") == "m" and not {"axis", "pm", "south"} & params.keys() and ellipsoid.valid
    if not plain:
        return None
    shape = geodesy.Ellipsoid(ellipsoid.semiMajor, ellipsoid.inverseFlattening)
    try:
        if params.get("proj") == "utm":
            return geodesy.TransverseMercator(shape, 6.0 * int(params["zone"]) - 183.0, 0.9996, 500000.0)
        if params.get("proj") == "tmerc" and float(params.get("lat_0", 0)) == 0:
            return geodesy.TransverseMercator(shape, float(params.get("lon_0", 0)),
                                              float(params.get("k", params.get("k_0", 1))),
                                              float(params.get("x_0", 0)), float(params.get("y_0", 0)))
    except (KeyError, ValueError):
        return None
    return None


def ellipsoidal_areas(geoms: np.ndarray, crs: QgsCoordinateReferenceSystem, context) -> np.ndarray:
    """Ellipsoidal (CGCS2000) area in m² of each geometry (domain.md §1.2).

    Gauss-Krüger and UTM CRSs are measured in bulk (core.geodesy); any other CRS through QgsDistanceArea.
    """
    projection = transverse_mercator(crs)
    if projection is not None:
        return geodesy.polygon_areas(geoms, projection)
    return qgis_ellipsoidal_areas(geoms, crs, context)


def qgis_ellipsoidal_areas(geoms: np.ndarray, crs: QgsCoordinateReferenceSystem, context) -> np.ndarray:
    """Ellipsoidal (CGCS2000) area in m² of each geometry, measured one by one by QgsDistanceArea."""
    calculator = QgsDistanceArea()
    calculator.setSourceCrs(crs, context.transformContext())
    calculator.setEllipsoid(CGCS2000_ELLIPSOID)
    out = np.zeros(len(geoms))
    for i, wkb in enumerate(shapely.to_wkb(geoms)):
        if wkb is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            out[i] = calculator.measureArea(geometry)
    return out


def field_type(meta: QMetaType.Type):
    """The type QgsField takes: a QMetaType.Type from QGIS 3.38 on, before that the QVariant.Type of the same
    number (Qt6, hence QGIS 4, has no QVariant.Type)."""
    if Qgis.versionInt() >= 33800:
        return meta
    return QVariant.Type(int(meta))  # qt5-only


FIELD_TYPES = {
    "double": field_type(QMetaType.Type.Double),
    "int": field_type(QMetaType.Type.Int),
    "string": field_type(QMetaType.Type.QString),
    "date": field_type(QMetaType.Type.QDate),
}


@dataclass
class OutField:
    """A field an algorithm adds to its output, with its Chinese alias."""

    name: str
    kind: str
    alias: str
    length: int = 0
    precision: int = 0

    def qgs_field(self) -> QgsField:
        qfield = QgsField(self.name, FIELD_TYPES[self.kind], len=self.length, prec=self.precision)
        qfield.setAlias(self.alias)
        return qfield


def output_fields(base: Optional[QgsFields], added: Sequence[OutField]) -> QgsFields:
    """Input fields followed by the added ones; an input field of the same name is replaced."""
    fields = QgsFields()
    added_names = {f.name.lower() for f in added}
    if base is not None:
        for qfield in base:
            if qfield.name().lower() not in added_names:
                fields.append(qfield)
    for out in added:
        fields.append(out.qgs_field())
    return fields


MULTIPOLYGON_OF_ONE = b"\x01\x06\x00\x00\x00\x01\x00\x00\x00"
"""Little-endian WKB header of a 2D MultiPolygon of one part: followed by that polygon's own WKB."""


def multipolygon_wkb(geoms: np.ndarray) -> np.ndarray:
    """WKB of each geometry (None for none), polygons as one-part multipolygons (the type algorithms declare for
    their sinks): a 2D polygon's WKB gets a header, no new geometry is made."""
    geoms = np.asarray(geoms, dtype=object)
    wkbs = shapely.to_wkb(geoms, byte_order=1)
    polygon = (shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON) & ~shapely.is_empty(geoms)
    flat, solid = np.flatnonzero(polygon & ~shapely.has_z(geoms)), np.flatnonzero(polygon & shapely.has_z(geoms))
    wkbs[flat] = [MULTIPOLYGON_OF_ONE + w for w in wkbs[flat].tolist()]
    if len(solid):
        wkbs[solid] = shapely.to_wkb(shapely.multipolygons(geoms[solid], indices=np.arange(len(solid))),
                                     byte_order=1)
    return wkbs


def write_features(
    sink,
    fields: QgsFields,
    rows: Sequence[Sequence[Any]],
    geoms: Optional[np.ndarray],
    feedback=None,
    cancellable: bool = False,
) -> None:
    """Write attribute rows (in ``fields`` order) with shapely geometries (or none); with ``cancellable`` a
    cancel raises between batches (the caller removes what was written).

    Polygons are written as multipolygons, the type algorithms declare for their sinks. One QgsFeature
    is refilled for every row: sinks copy what they are given (copies are cheap, shared until changed).
    """
    wkbs = multipolygon_wkb(geoms) if geoms is not None else None
    feature = QgsFeature(fields)
    for i, row in enumerate(rows):
        feature.setAttributes(row if isinstance(row, list) else list(row))
        if wkbs is not None:
            geometry = QgsGeometry()
            if wkbs[i] is not None:
                geometry.fromWkb(wkbs[i])
            feature.setGeometry(geometry)
        if not sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException(tr("Could not write feature {0} to the output.").format(i))
        if feedback is not None and i % 5000 == 0:
            feedback.setProgress(100.0 * i / len(rows))
            if cancellable and feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled: nothing was written."))


def input_rows(data: LayerData, fields: QgsFields) -> List[list]:
    """The input attributes of every feature laid out for ``fields`` (added fields left None)."""
    positions = [(fields.indexOf(qfield.name()), j) for j, qfield in enumerate(data.fields)]
    positions = [(k, j) for k, j in positions if k >= 0]
    width = fields.count()
    out = []
    for source_row in data.rows:
        row = [None] * width
        for k, j in positions:
            row[k] = source_row[j]
        out.append(row)
    return out
