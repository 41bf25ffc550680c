"""Survey overlaps (core/partition.py) refused by default, or reported when the user lets the run proceed."""
from __future__ import annotations

from typing import Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsProcessingException, QgsProcessingParameterBoolean

from ..core import overlay, partition
from ..translate import tr
from .layers import LayerData

ALLOW_OVERLAPS = "ALLOW_OVERLAPS"


def allow_overlaps_parameter() -> QgsProcessingParameterBoolean:
    return QgsProcessingParameterBoolean(
        ALLOW_OVERLAPS, tr("Proceed when survey parcels overlap (the overlap is reported)"), defaultValue=False)


def parcel_ids(data: LayerData):
    """BSM where the survey has it, else the feature id, to name parcels in messages."""
    if data.names.has("bsm"):
        return [b if b not in (None, "") else "fid {0}".format(f) for b, f in zip(data.column("bsm"), data.fids)]
    return ["fid {0}".format(f) for f in data.fids]


def check(data: LayerData, used: Optional[np.ndarray], allow: bool, feedback, label: str,
          found: Optional[partition.Overlaps] = None) -> partition.Overlaps:
    """Overlaps among the ``used`` parcels of ``data``: a QgsProcessingException unless ``allow``, else a warning;
    recorded as ``data.overlaps`` for the outputs to flag (``touched``).

    ``found``: the overlaps already measured (on the PostGIS server, where ``data`` holds no geometries).
    """
    def progress(fraction: float) -> bool:
        return feedback.isCanceled()

    try:
        if found is None:
            found = partition.find_overlaps(data.geoms, used, progress)
    except overlay.Cancelled:
        raise QgsProcessingException(tr("Cancelled: nothing was written.")) from None
    data.overlaps = found
    if not len(found):
        return found
    summary = tr("{0}: {1} pairs of parcels overlap, {2:.2f} m² in all (largest: {3}). The survey is not a "
                 "partition (a township appended twice, merged sheets?): the overlapping ground would be counted "
                 "twice.").format(label, len(found), found.total, ", ".join(found.examples(parcel_ids(data))))
    if not allow:
        raise QgsProcessingException(summary + " " + tr(
            "Remove the duplicates or overlaps (e.g. Vector ▸ Delete duplicate geometries) and run again, or check "
            "'Proceed when survey parcels overlap' to continue with the overlap flagged in the output."))
    feedback.pushWarning(summary + " " + tr("Proceeding as asked: the affected features are flagged."))
    return found


def touched(parcels: Sequence[Tuple[LayerData, np.ndarray]], n: int) -> np.ndarray:
    """Mask of ``n`` output features, each made from the parcel at its position in every (survey, parcel
    indices) pair, whose parcel overlaps another of its survey (partition.FLAG)."""
    mask = np.zeros(n, dtype=bool)
    for data, index in parcels:
        if data.overlaps is not None and len(data.overlaps):
            mask |= data.overlaps.touched(np.arange(n), index, n)
    return mask
