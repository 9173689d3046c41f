# SPDX-License-Identifier: MIT
"""Task wrappers for test_dask.py that fail once per chunk, keyed by marker files (a Dask
worker imports this module by name: tests/python is on the workers' PYTHONPATH)."""
import os

from outturn.dask import sweep_chunk


def _first_time(marker_dir, first):
    marker = os.path.join(marker_dir, "chunk-%d" % first)
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def raise_once(spec, options, first, count, marker_dir, fail_first):
    """Raises the first time chunk `fail_first` runs; then behaves as sweep_chunk."""
    if first == fail_first and _first_time(marker_dir, first):
        raise RuntimeError("injected failure in chunk %d" % first)
    return sweep_chunk(spec, options, first, count)


def die_once(spec, options, first, count, marker_dir, fail_first):
    """Kills its worker process the first time chunk `fail_first` runs."""
    if first == fail_first and _first_time(marker_dir, first):
        os._exit(1)
    return sweep_chunk(spec, options, first, count)
