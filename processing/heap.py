"""The Python heap during a big run: freed memory handed back to the system between its steps, and the cyclic
garbage collector held back while it runs."""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
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


def collect_after(function):
    """``function`` run with the cyclic garbage collector paused, and resumed after (unless it was off already).

    A county's run makes millions of Python objects (attribute rows and values, geometries) and hardly a cycle
    among them; each full collection walks all of them with every thread stopped (they need the GIL): about
    0.6 s of a 9 s run over a million parcels. The few cycles a run leaves are collected once it is over.
    """
    @functools.wraps(function)
    def run(*args, **kwargs):
        was_on = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return run
