"""Write small hand-built GeoPackage layers for algorithm tests."""
from __future__ import annotations

import datetime
import os

from osgeo import ogr, osr

DRAWN_EPSG = 4526  # tests draw geometries in CGCS2000 3° GK zone 38


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def write_gpkg(path, name, fields, rows, wkts=None, epsg=DRAWN_EPSG, drawn_epsg=DRAWN_EPSG, geom_type=ogr.wkbPolygon):
    """A layer ``name`` in the GeoPackage ``path``; returns its URI.

    ``fields``: [(name, ogr field type)]; ``rows``: value lists (None = NULL, dates as datetime.date or
    (y, m, d)); ``wkts``: polygons drawn in ``drawn_epsg`` and stored in ``epsg`` as ``geom_type``, or None for a table.
    """
    path = str(path)
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.Open(path, 1) if os.path.exists(path) else driver.CreateDataSource(path)
    srs = transform = None
    if wkts is not None:
        srs = _srs(epsg)
        if epsg != drawn_epsg:
            transform = osr.CoordinateTransformation(_srs(drawn_epsg), srs)
    layer = ds.CreateLayer(name, srs, geom_type if wkts is not None else ogr.wkbNone)
    for field_name, kind in fields:
        layer.CreateField(ogr.FieldDefn(field_name, kind))
    for i, row in enumerate(rows):
        feature = ogr.Feature(layer.GetLayerDefn())
        for (field_name, _), value in zip(fields, row):
            if isinstance(value, datetime.date):
                value = (value.year, value.month, value.day)
            if isinstance(value, tuple):
                feature.SetField(field_name, *value, 0, 0, 0, 0)
            elif value is not None:
                feature.SetField(field_name, value)
        if wkts is not None:
            geometry = ogr.CreateGeometryFromWkt(wkts[i])
            if transform is not None:
                geometry.Transform(transform)
            feature.SetGeometry(geometry)
        layer.CreateFeature(feature)
    ds = None
    return f"{path}|layername={name}"


OGR_TYPES = {float: ogr.OFTReal, int: ogr.OFTInteger, str: ogr.OFTString, datetime.date: ogr.OFTDate}


def write_dict_rows(path, name, rows, epsg=DRAWN_EPSG, geometry=True):
    """Rows as dicts ('_wkt' holds the geometry, in ``epsg``); field types from the first row's values."""
    keys = [k for k in rows[0] if k != "_wkt"]
    fields = [(k, OGR_TYPES[type(rows[0][k])]) for k in keys]
    wkts = [row["_wkt"] for row in rows] if geometry else None
    return write_gpkg(path, name, fields, [[row.get(k) for k in keys] for row in rows], wkts, epsg, drawn_epsg=epsg)
