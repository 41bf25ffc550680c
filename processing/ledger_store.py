"""The ledger store's GeoPackage, read and written through GDAL/OGR (the rules are in core/ledger/store.py).

Plain GeoPackage: layer ``ledger_items`` (geometry of the source features, one
field per stored column, named by the column key), tables ``ledger_changes``,
``ledger_imports``, ``ledger_exports`` and ``ledger_snapshots`` (the last two
added to a store of an earlier version at its next export). Every write
happens in one transaction: a failure leaves the store as it was. One export's
snapshot is read through sqlite3 with a bound parameter (an OGR filter would be
SQL built from a string).
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date, datetime
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.request import pathname2url

from osgeo import gdal, ogr, osr

from ..core.ledger import store as rules
from ..core.ledger.roundtrip import canonical
from ..core.ledger.template import Column

TYPES = {"text": ogr.OFTString, "status": ogr.OFTString, "number": ogr.OFTReal, "area_mu": ogr.OFTReal,
         "area_m2": ogr.OFTReal, "integer": ogr.OFTInteger64, "date": ogr.OFTDate}
CHANGE_TYPES = {"row_number": ogr.OFTInteger}
IMPORT_TYPES = {"rows_read": ogr.OFTInteger, "applied": ogr.OFTInteger, "rejected": ogr.OFTInteger,
                "conflicts": ogr.OFTInteger, "new_rows": ogr.OFTInteger, "missing_rows": ogr.OFTInteger}
EXPORT_TYPES = {"as_of": ogr.OFTDate, "rows": ogr.OFTInteger, "done": ogr.OFTInteger, "newly_done": ogr.OFTInteger}
SNAPSHOT_TYPES = {"export_id": ogr.OFTInteger64, "done": ogr.OFTInteger, "area": ogr.OFTReal}
HISTORY = ((rules.EXPORTS, rules.EXPORT_FIELDS, EXPORT_TYPES), (rules.SNAPSHOTS, rules.SNAPSHOT_FIELDS, SNAPSHOT_TYPES))
SNAPSHOT_QUERY = "SELECT item_key, done FROM ledger_snapshots WHERE export_id = ?"


def _auto_type(values: Iterable[Any]) -> int:
    """Field type of an 'auto' column (other fields of the layer) from its first non-empty value."""
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool) or isinstance(value, str):
            return ogr.OFTString
        if isinstance(value, int):
            return ogr.OFTInteger64
        if isinstance(value, float):
            return ogr.OFTReal
        if isinstance(value, date):
            return ogr.OFTDate
        return ogr.OFTString
    return ogr.OFTString


def _read(feature, index: int, kind: int) -> Any:
    if not feature.IsFieldSetAndNotNull(index):
        return None
    if kind == ogr.OFTDate:
        year, month, day = feature.GetFieldAsDateTime(index)[:3]
        return date(year, month, day)
    if kind == ogr.OFTReal:
        return feature.GetFieldAsDouble(index)
    if kind in (ogr.OFTInteger, ogr.OFTInteger64):
        return feature.GetFieldAsInteger64(index)
    return feature.GetFieldAsString(index)


def _set(feature, slots: Dict[str, Tuple[int, int]], name: str, value: Any) -> bool:
    index, kind = slots[name]
    return _write(feature, index, kind, value)


def _write(feature, name: int, kind: int, value: Any) -> bool:
    """Set field number ``name``; False when the value does not fit the field's type (the field is left NULL).

    Fields go by index: ogr's Python lookup of a field by name costs more than writing it.
    """
    if value is None or value == "":
        feature.SetFieldNull(name)
        return True
    if kind == ogr.OFTDate:
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            feature.SetFieldNull(name)
            return False
        feature.SetField(name, value.year, value.month, value.day, 0, 0, 0, 0)
    elif kind == ogr.OFTReal:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            feature.SetFieldNull(name)
            return False
        feature.SetField(name, float(value))
    elif kind in (ogr.OFTInteger, ogr.OFTInteger64):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) != int(value):
            feature.SetFieldNull(name)
            return False
        feature.SetField(name, int(value))
    else:
        feature.SetField(name, value if isinstance(value, str) else canonical(value))
    return True


class LedgerStore:
    """One store file, opened for one job (read, register an export, or apply an import)."""

    def __init__(self, path: str, ds):
        self.path, self.ds = path, ds

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: str, update: bool = False) -> "LedgerStore":
        if not os.path.isfile(path):
            raise rules.StoreError("no_store", path)
        ds = gdal.OpenEx(path, (gdal.OF_VECTOR | gdal.OF_UPDATE) if update else gdal.OF_VECTOR,
                         allowed_drivers=["GPKG"])
        if ds is None or ds.GetLayerByName(rules.ITEMS) is None or ds.GetLayerByName(rules.CHANGES) is None \
                or ds.GetLayerByName(rules.IMPORTS) is None:
            raise rules.StoreError("not_a_store", path)
        return cls(path, ds)

    @classmethod
    def create(cls, path: str, crs_wkt: str, epsg: int = 0) -> "LedgerStore":
        if os.path.exists(path):
            raise rules.StoreError("exists", path)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        if ds is None:
            raise rules.StoreError("cannot_create", path)
        srs = None
        if epsg or crs_wkt:
            srs = osr.SpatialReference()
            if epsg:  # the official definition: other programs then recognise the CRS by its code
                srs.ImportFromEPSG(epsg)
            else:
                srs.ImportFromWkt(crs_wkt)
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        items = ds.CreateLayer(rules.ITEMS, srs, ogr.wkbUnknown, ["GEOMETRY_NAME=geom", "FID=fid"])
        for name in rules.META_FIELDS:
            items.CreateField(ogr.FieldDefn(name, ogr.OFTString))
        store = cls(path, ds)
        store._tables(((rules.CHANGES, rules.CHANGE_FIELDS, CHANGE_TYPES),
                       (rules.IMPORTS, rules.IMPORT_FIELDS, IMPORT_TYPES)) + HISTORY)
        return store

    def _tables(self, specs) -> None:
        for name, fields, kinds in specs:
            table = self.ds.CreateLayer(name, None, ogr.wkbNone, ["FID=fid"])
            if table is None:
                raise rules.StoreError("cannot_write", self.path, name)
            for field_name in fields:
                table.CreateField(ogr.FieldDefn(field_name, kinds.get(field_name, ogr.OFTString)))
            if name == rules.SNAPSHOTS:  # the next export reads one export's rows
                self.ds.ExecuteSQL("CREATE INDEX ledger_snapshots_export ON ledger_snapshots (export_id)")
        self.ds.FlushCache()

    def has_history(self) -> bool:
        """False for a store written before the export history existed."""
        return all(self.ds.GetLayerByName(name) is not None for name, _, _ in HISTORY)

    def ensure_history(self) -> None:
        """Add the export history tables to a store of an earlier version (opened for update)."""
        self._tables([spec for spec in HISTORY if self.ds.GetLayerByName(spec[0]) is None])

    def close(self) -> None:
        self.ds = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    # -- reading ---------------------------------------------------------
    @property
    def items_layer(self):
        return self.ds.GetLayerByName(rules.ITEMS)

    def crs_wkt(self) -> str:
        srs = self.items_layer.GetSpatialRef()
        return srs.ExportToWkt() if srs is not None else ""

    def _kinds(self, layer) -> List[Tuple[str, int]]:
        defn = layer.GetLayerDefn()
        return [(defn.GetFieldDefn(i).GetName(), defn.GetFieldDefn(i).GetType()) for i in range(defn.GetFieldCount())]

    def _slots(self, layer) -> Dict[str, Tuple[int, int]]:
        """Field name -> (index, OGR type)."""
        return {name: (i, kind) for i, (name, kind) in enumerate(self._kinds(layer))}

    def items(self, ledger_id: Optional[str] = None) -> Dict[str, Dict[str, Any]]:
        """key -> values (by field name, with '_fid') of every item, or of one ledger's items."""
        layer = self.items_layer
        kinds = self._kinds(layer)
        layer.SetAttributeFilter(None)
        out = {}
        for feature in layer:
            values = {name: _read(feature, i, kind) for i, (name, kind) in enumerate(kinds)}
            if ledger_id is None or values[rules.LEDGER_ID] == ledger_id:
                values["_fid"] = feature.GetFID()
                out[values[rules.ITEM_KEY]] = values
        return out

    def table(self, name: str) -> List[Dict[str, Any]]:
        layer = self.ds.GetLayerByName(name)
        kinds = self._kinds(layer)
        return [{n: _read(f, i, k) for i, (n, k) in enumerate(kinds)} for f in layer]

    def exports(self, ledger_id: str) -> List[Dict[str, Any]]:
        """The recorded exports of one ledger (with '_fid'); [] for a store without export history."""
        if not self.has_history():
            return []
        layer = self.ds.GetLayerByName(rules.EXPORTS)
        kinds = self._kinds(layer)
        rows = ({"_fid": f.GetFID(), **{n: _read(f, i, k) for i, (n, k) in enumerate(kinds)}} for f in layer)
        return [row for row in rows if row["ledger_id"] == ledger_id]

    def snapshot(self, export_id: int) -> Dict[str, bool]:
        """item key -> done at the export ``export_id``."""
        uri = "file:" + pathname2url(os.path.abspath(self.path)) + "?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as con:
            return {key: bool(done) for key, done in con.execute(SNAPSHOT_QUERY, (export_id,))}

    def imported(self, checksum: str) -> bool:
        return any(row["checksum"] == checksum for row in self.table(rules.IMPORTS))

    # -- writing ---------------------------------------------------------
    def ensure_fields(self, columns: Sequence[Column], rows: Sequence[Dict[str, Any]]) -> Dict[str, Tuple[int, int]]:
        """Add a field for every stored column the layer lacks (before the transaction); name -> (index, type)."""
        layer = self.items_layer
        kinds = dict(self._kinds(layer))
        for column in columns:
            if column.key in kinds:
                continue
            kind = TYPES.get(column.type) or _auto_type(r.get(column.key) for r in rows)
            if layer.CreateField(ogr.FieldDefn(column.key, kind)) != 0:
                raise rules.StoreError("cannot_write", self.path, column.key)
            kinds[column.key] = kind
        return self._slots(layer)

    def _transaction(self, work) -> Any:
        self.ds.StartTransaction(force=True)
        try:
            result = work()
        except BaseException:
            self.ds.RollbackTransaction()
            raise
        if self.ds.CommitTransaction() != 0:
            raise rules.StoreError("cannot_write", self.path, gdal.GetLastErrorMsg())
        return result

    def register(self, ledger_id: str, template_id: str, columns: Sequence[Column],
                 rows: Sequence[Tuple[str, Dict[str, Any], Optional[bytes]]], plan: rules.RefreshPlan,
                 time: datetime, source: str, export: Optional[Dict[str, Any]] = None,
                 snapshot: Sequence[Dict[str, Any]] = ()) -> int:
        """Insert new items, update refreshed analysis columns, record the changes and the export with its
        snapshot (rows without export_id); returns how many values were not stored."""
        stored = rules.stored_columns(columns)
        if export is not None:
            self.ensure_history()
        slots = self.ensure_fields(stored, [values for _key, values, _wkb in rows])
        layer = self.items_layer
        existing = self.items(ledger_id)
        new = set(plan.inserts)
        stamp = time.isoformat(timespec="seconds")

        def work():
            misfits = 0
            for key, values, wkb in rows:
                if key in new:
                    feature = ogr.Feature(layer.GetLayerDefn())
                    for name, value in ((rules.ITEM_KEY, key), (rules.LEDGER_ID, ledger_id),
                                        (rules.TEMPLATE, template_id), (rules.REGISTERED, stamp)):
                        _set(feature, slots, name, value)
                    for column in stored:
                        misfits += not _set(feature, slots, column.key, values.get(column.key))
                    if wkb:
                        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
                    layer.CreateFeature(feature)
                elif key in plan.updates or wkb:
                    feature = layer.GetFeature(existing[key]["_fid"])
                    for name, value in plan.updates.get(key, {}).items():
                        misfits += not _set(feature, slots, name, value)
                    if key in plan.updates:
                        _set(feature, slots, rules.LAST_UPDATE, stamp)
                        _set(feature, slots, rules.UPDATE_SOURCE, source)
                    if wkb:
                        feature.SetGeometry(ogr.CreateGeometryFromWkb(wkb))
                    layer.SetFeature(feature)
            self._append(rules.CHANGES, [c.record(ledger_id, time) for c in plan.changes])
            if export is not None:
                export_id = self._append(rules.EXPORTS, [export])
                self._append(rules.SNAPSHOTS, ({**row, "export_id": export_id} for row in snapshot))
            return misfits

        return self._transaction(work)

    def apply_import(self, ledger_id: str, updates: Dict[str, Dict[str, Any]], sources: Dict[str, str],
                     records: List[Dict[str, Any]], imports: List[Dict[str, Any]], time: datetime) -> None:
        """Write the applied cells, the change records and the import rows in one transaction."""
        layer = self.items_layer
        slots = self._slots(layer)
        existing = self.items(ledger_id)
        stamp = time.isoformat(timespec="seconds")

        def work():
            for key, cells in updates.items():
                feature = layer.GetFeature(existing[key]["_fid"])
                for name, value in cells.items():
                    if not _set(feature, slots, name, value):
                        raise rules.StoreError("cannot_write", self.path, name)
                _set(feature, slots, rules.LAST_UPDATE, stamp)
                _set(feature, slots, rules.UPDATE_SOURCE, sources.get(key, ""))
                layer.SetFeature(feature)
            self._append(rules.CHANGES, records)
            self._append(rules.IMPORTS, imports)

        self._transaction(work)

    def _append(self, name: str, rows: Iterable[Dict[str, Any]]) -> Optional[int]:
        """Append rows to a table; returns the last row's FID."""
        layer = self.ds.GetLayerByName(name)
        slots = self._slots(layer)
        fid = None
        for row in rows:
            feature = ogr.Feature(layer.GetLayerDefn())
            for field_name, value in row.items():
                _set(feature, slots, field_name, value)
            if layer.CreateFeature(feature) != 0:
                raise rules.StoreError("cannot_write", self.path, gdal.GetLastErrorMsg())
            fid = feature.GetFID()
        return fid
