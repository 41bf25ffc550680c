"""Freed memory handed back to the system between the steps of a big run."""
from __future__ import annotations

import ctypes
import ctypes.util
import sys


def _malloc_trim():
    """glibc's malloc_trim, or None (another C library or system)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def release() -> None:
    """Give freed heap memory back to the system.

    glibc keeps what a thread frees for that thread's next allocations, and worker threads allocate in arenas
    of their own: without this, the buffers of a county's read stay resident while the overlay's workers grow
    beside them (about 250 MB of the peak at a million parcels).
    """
    if _TRIM is not None:
        _TRIM(0)
