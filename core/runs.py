"""Index arithmetic for values laid out in runs (the vertices of rings one after another, the edges of pairs):
where each run starts, sums over runs, the indices of many ranges at once, all in numpy."""
from __future__ import annotations

import numpy as np


def offsets(counts: np.ndarray) -> np.ndarray:
    """[0, c0, c0 + c1, ...]: where each run starts, and the total last."""
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def ranges(starts: np.ndarray, counts: np.ndarray, step: int = 1) -> np.ndarray:
    """Concatenated ``arange(start, start + step × count, step)`` for each pair, ``step`` 1 or -1 (one cumulative
    sum of the steps: twice as fast as building it from repeats)."""
    counts = np.asarray(counts, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    filled = counts > 0
    starts, counts = starts[filled], counts[filled]
    steps = np.full(int(counts.sum()), step, dtype=np.int64)
    if len(steps):
        steps[0] = starts[0]
        steps[np.cumsum(counts)[:-1]] = starts[1:] - (starts[:-1] + step * (counts[:-1] - 1))
    return np.cumsum(steps)


def sum_by_run(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over consecutive runs of ``counts`` items (0 for an empty run)."""
    counts = np.asarray(counts, dtype=np.int64)
    out = np.zeros(len(counts))
    filled = counts > 0
    if filled.any():
        out[filled] = np.add.reduceat(np.asarray(values, dtype=float), offsets(counts)[:-1][filled])
    return out


def distinct(index: np.ndarray, size: int) -> np.ndarray:
    """``np.unique`` of indices into an array of ``size`` items (each 0 <= index < size), found by marking them:
    linear in ``size``, where a sort of a million pairs' indices takes 0.1 s on the main thread."""
    seen = np.zeros(size, dtype=bool)
    seen[np.asarray(index, dtype=np.int64)] = True
    return np.flatnonzero(seen)


def stable_order(key: np.ndarray, size: int) -> np.ndarray:
    """``np.argsort(key, kind="stable")`` of integers 0 <= key < size, a 16-bit digit at a time from the lowest
    (numpy sorts 16-bit integers by radix: linear, where a comparison sort of a million keys takes 0.1 s)."""
    key = np.asarray(key, dtype=np.int64)
    order = np.arange(len(key))
    shift = 0
    while shift == 0 or size > 1 << shift:
        digit = ((key[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


def pair_order(first: np.ndarray, second: np.ndarray, sizes) -> np.ndarray:
    """``np.lexsort((second, first))`` of index pairs (0 <= first < sizes[0], 0 <= second < sizes[1]), by
    ``stable_order``; the pass over ``second`` is spared when it is sorted already (pairs found in its order)."""
    second = np.asarray(second)
    if len(second) > 1 and (second[1:] >= second[:-1]).all():
        order = np.arange(len(second))
    else:
        order = stable_order(second, sizes[1])
    return order[stable_order(np.asarray(first)[order], sizes[0])]


def batches(counts: np.ndarray, size: int) -> list:
    """Indices of the runs of ``counts`` items in consecutive batches, a new one begun by the run in which the
    running total of items passes each multiple of ``size`` (a run is never split; empty batches left out):
    bounds the working arrays of a step over every item of many runs."""
    ends = np.cumsum(np.asarray(counts, dtype=np.int64))
    cuts = np.searchsorted(ends, np.arange(size, int(ends[-1]), size)) if len(ends) else []
    return [part for part in np.split(np.arange(len(ends)), np.unique(cuts)) if len(part)]
