"""Writing and hashing helpers for the sample-county generator (developer script, not plugin code).

Layers are written with GDAL's Python bindings; ellipsoidal areas come from QgsDistanceArea on the
CGCS2000 ellipsoid (``processing.layers.qgis_ellipsoidal_areas``).
"""
from __future__ import annotations

import csv
import hashlib
import os
import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import shapely
from osgeo import ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".build", "plugins")
EPSG = 4526

ogr.UseExceptions()
osr.UseExceptions()

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
LDID_GBK = 0x4D
OGR_TYPES = {"str": ogr.OFTString, "real": ogr.OFTReal, "int": ogr.OFTInteger, "date": ogr.OFTDate}


@dataclass
class Field:
    name: str
    kind: str  # str | real | int | date
    alias: str = ""
    width: int = 0
    precision: int = 0


@dataclass
class Layer:
    """One output layer: schema, attribute rows (dicts) and shapely geometries (None for tables)."""

    name: str
    fields: List[Field]
    rows: List[dict] = field(default_factory=list)
    geoms: Optional[List] = None

    def add(self, row: dict, geom=None) -> None:
        unknown = set(row) - {f.name for f in self.fields}
        if unknown:
            raise KeyError(f"{self.name}: unknown fields {sorted(unknown)}")
        self.rows.append(row)
        if self.geoms is not None:
            self.geoms.append(geom)


def plugin_modules():
    """Import the plugin package (as QGIS would) and start a headless QgsApplication once."""
    link = os.path.join(PLUGIN_PATH, "land_supervision")
    os.makedirs(PLUGIN_PATH, exist_ok=True)
    if not os.path.islink(link):
        os.symlink(ROOT, link)
    if PLUGIN_PATH not in sys.path:
        sys.path.insert(0, PLUGIN_PATH)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    if QgsApplication.instance() is None:
        plugin_modules.app = QgsApplication([], False)
        plugin_modules.app.initQgis()
    from land_supervision.core import landclass, units
    from land_supervision.processing import layers

    return landclass, units, layers


def ellipsoidal_areas(geoms: Sequence) -> np.ndarray:
    """CGCS2000 ellipsoidal area (m², unrounded) of each geometry in EPSG:4526, measured by QgsDistanceArea.

    Not the plugin's bulk formula (core.geodesy): the sample's TBMJ stays an independent reference.
    """
    from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingContext

    _, _, layers = plugin_modules()
    crs = QgsCoordinateReferenceSystem(f"EPSG:{EPSG}")
    return layers.qgis_ellipsoidal_areas(np.asarray(geoms, dtype=object), crs, QgsProcessingContext())


def _set_value(feature, index: int, kind: str, value) -> None:
    if value is None or value == "":
        if kind == "str" and value == "":
            feature.SetField(index, "")
        else:
            feature.SetFieldNull(index)
    elif kind == "date":
        year, month, day = (int(part) for part in str(value).split("-"))
        feature.SetField(index, year, month, day, 0, 0, 0, 0)
    else:
        feature.SetField(index, value)


def write_layer(ds, layer: Layer, options: Sequence[str] = ()) -> None:
    srs = None
    geom_type = ogr.wkbNone
    if layer.geoms is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(EPSG)
        geom_type = ogr.wkbMultiPolygon
    out = ds.CreateLayer(layer.name, srs=srs, geom_type=geom_type, options=list(options))
    for spec in layer.fields:
        definition = ogr.FieldDefn(spec.name, OGR_TYPES[spec.kind])
        if spec.width:
            definition.SetWidth(min(spec.width, 254 if ds.GetDriver().GetName() == "ESRI Shapefile" else spec.width))
        if spec.precision:
            definition.SetPrecision(spec.precision)
        if spec.alias and ds.GetDriver().GetName() == "GPKG":
            definition.SetAlternativeName(spec.alias)
        out.CreateField(definition)
    defn = out.GetLayerDefn()
    wkbs = shapely.to_wkb(np.asarray(layer.geoms, dtype=object)) if layer.geoms is not None else None
    out.StartTransaction()
    for i, row in enumerate(layer.rows):
        feature = ogr.Feature(defn)
        for index, spec in enumerate(layer.fields):
            _set_value(feature, index, spec.kind, row.get(spec.name))
        if wkbs is not None and wkbs[i] is not None:
            feature.SetGeometryDirectly(ogr.ForceToMultiPolygon(ogr.CreateGeometryFromWkb(wkbs[i])))
        out.CreateFeature(feature)
    out.CommitTransaction()


def write_gpkg(path: str, layers: Sequence[Layer]) -> Tuple[str, Dict[str, int]]:
    """Write the GeoPackage; an existing file with the same content is kept, so git sees no binary churn.

    Returns ``feature_hash`` of the result.
    """
    fresh = path + ".new.gpkg"
    if os.path.exists(fresh):
        os.remove(fresh)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(fresh)
    for layer in layers:
        write_layer(ds, layer, ["FID=fid"])
    ds = None
    digest = feature_hash(fresh)
    if os.path.exists(path) and feature_hash(path) == digest:
        os.remove(fresh)
    else:
        os.replace(fresh, path)
    return digest


def same_shapefile(a: str, b: str) -> bool:
    """Byte comparison of two shapefiles, ignoring the DBF header's last-update date (bytes 1–3)."""
    for ext in SHAPEFILE_PARTS:
        if not os.path.exists(a + ext) or not os.path.exists(b + ext):
            return False
        with open(a + ext, "rb") as one, open(b + ext, "rb") as two:
            x, y = one.read(), two.read()
        if ext == ".dbf":
            x, y = x[:1] + x[4:], y[:1] + y[4:]
        if x != y:
            return False
    return True


def write_gbk_shapefile(path: str, layer: Layer) -> None:
    """A shapefile in GBK with a .cpg, as Chinese users deliver them (domain.md §1.4)."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    base = os.path.splitext(path)[0]
    fresh = base + "_new"
    for ext in SHAPEFILE_PARTS:
        if os.path.exists(fresh + ext):
            os.remove(fresh + ext)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(fresh + ".shp")
    write_layer(ds, Layer(os.path.basename(fresh), layer.fields, layer.rows, layer.geoms), ["ENCODING=CP936"])
    ds = None
    with open(fresh + ".cpg", "w", encoding="ascii") as handle:
        handle.write("GBK")
    with open(fresh + ".dbf", "r+b") as handle:  # language driver 0x4D = code page 936, as ArcGIS writes it
        handle.seek(29)
        handle.write(bytes([LDID_GBK]))
    keep = same_shapefile(base, fresh)
    for ext in SHAPEFILE_PARTS:
        if keep:
            os.remove(fresh + ext)
        else:
            os.replace(fresh + ext, base + ext)


def write_csv(path: str, header: Sequence[str], rows: Sequence[Sequence]) -> None:
    """UTF-8 with BOM so that Excel shows the Chinese headers."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])


def feature_hash(path: str) -> Tuple[str, Dict[str, int]]:
    """SHA-256 over every layer's name, field names, attribute values and ISO WKB, in fid order.

    The GeoPackage file itself is not byte-stable (timestamps), so determinism is checked on content.
    """
    digest = hashlib.sha256()
    counts = {}
    ds = ogr.Open(path)
    names = sorted(ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount()))
    for name in names:
        layer = ds.GetLayerByName(name)
        defn = layer.GetLayerDefn()
        field_names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        digest.update(("\x1e" + name + "\x1f" + "\x1f".join(field_names)).encode("utf-8"))
        features = sorted(layer, key=lambda f: f.GetFID())
        counts[name] = len(features)
        for feature in features:
            values = [str(feature.GetField(i)) if feature.IsFieldSetAndNotNull(i) else "\x00" for i in
                      range(len(field_names))]
            digest.update(("\x1d" + str(feature.GetFID()) + "\x1f" + "\x1f".join(values)).encode("utf-8"))
            geom = feature.GetGeometryRef()
            if geom is not None:
                digest.update(bytes(geom.ExportToIsoWkb()))
    ds = None
    return digest.hexdigest(), counts


def _features(path: str) -> Dict[str, Tuple[List[str], list]]:
    """Every layer of a dataset: field names and (fid, values, shapely geometry or None) in fid order."""
    out = {}
    ds = ogr.Open(path)
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayerByIndex(i)
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(k).GetName() for k in range(defn.GetFieldCount())]
        rows = []
        for feature in layer:
            values = [feature.GetField(k) if feature.IsFieldSetAndNotNull(k) else None for k in range(len(names))]
            geom = feature.GetGeometryRef()
            shape = None if geom is None else shapely.from_wkb(bytes(geom.ExportToIsoWkb()))
            rows.append((feature.GetFID(), values, shape))
        out[layer.GetName()] = (names, sorted(rows, key=lambda row: row[0]))
    ds = None
    return out


def feature_differences(a: str, b: str, value_tolerance: float = 0.01, area_tolerance: float = 0.01) -> List[str]:
    """What differs between two datasets, feature by feature (empty when they hold the same data).

    Equal means: the same layers, fields and fids; numbers within ``value_tolerance`` (one unit of the
    sample's 0.01 rounding) and other values identical; geometries of the same type whose symmetric
    difference is under ``area_tolerance`` m². GEOS versions differ in vertex order and in which collinear
    vertices an overlay keeps, and PROJ/GEOS in the last bits of coordinates: none of that is a difference.
    """
    one, two = _features(a), _features(b)
    if sorted(one) != sorted(two):
        return [f"layers {sorted(one)} != {sorted(two)}"]
    problems = []
    for name in sorted(one):
        (fields, rows), (fields_b, rows_b) = one[name], two[name]
        if fields != fields_b or [r[0] for r in rows] != [r[0] for r in rows_b]:
            problems.append(f"{name}: fields or fids differ")
            continue
        for (fid, values, _), (_, values_b, _) in zip(rows, rows_b):
            for field_name, x, y in zip(fields, values, values_b):
                numbers = isinstance(x, float) and isinstance(y, float)
                if (abs(x - y) > value_tolerance + 1e-9) if numbers else x != y:
                    problems.append(f"{name} fid {fid} {field_name}: {x!r} != {y!r}")
        shapes = np.array([r[2] for r in rows], dtype=object)
        shapes_b = np.array([r[2] for r in rows_b], dtype=object)
        for k in np.flatnonzero(~_same_shapes(shapes, shapes_b, area_tolerance)):
            problems.append(f"{name} fid {rows[k][0]}: geometries differ")
    return problems


def _same_shapes(a: np.ndarray, b: np.ndarray, area_tolerance: float) -> np.ndarray:
    """Pairwise: both missing, or the same type and (after normalizing) the same vertices within 1e-6 m, or
    a symmetric difference under ``area_tolerance`` m²."""
    missing, missing_b = shapely.is_missing(a), shapely.is_missing(b)
    same = missing & missing_b
    both = ~missing & ~missing_b
    same[both] = (shapely.get_type_id(a[both]) == shapely.get_type_id(b[both])) & shapely.equals_exact(
        shapely.normalize(a[both]), shapely.normalize(b[both]), tolerance=1e-6)
    rest = np.flatnonzero(both & ~same)
    if len(rest):  # the planted invalid shapes (bow ties) are made valid only to be measured here
        same[rest] = (shapely.get_type_id(a[rest]) == shapely.get_type_id(b[rest])) & (shapely.area(
            shapely.symmetric_difference(shapely.make_valid(a[rest]), shapely.make_valid(b[rest]))) <= area_tolerance)
    return same
