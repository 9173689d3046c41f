# SPDX-License-Identifier: MIT
"""Sweeps on a Dask cluster, bit-identical to a local sweep.

    from distributed import Client
    import outturn, outturn.dask
    client = Client("tcp://scheduler:8786")            # or LocalCluster(...)
    model = outturn.load("scenarios/iij_fy2010/base.yaml")
    result = outturn.dask.sweep(model, 10**9, seed=7, client=client)

The sample-index range [0, N) is cut into chunks at multiples of ``outturn.SEGMENT_SIZE``
(2^20 scenarios). Each chunk is one Dask task that evaluates its scenarios with the C++ engine
in a worker (``sweep_chunk``) and returns the chunk's mergeable statistics (a pickled
``SweepPartial``: segment sums and exact counts, about 0.5 MB). The client folds the pieces in
index order (``combine_sweep``), which repeats the local sweep's arithmetic exactly: the
statistics are bit-identical to ``model.sweep(N, seed=...)`` whatever the chunking and the
number of workers. Every scenario's random numbers depend only on (seed, scenario index,
driver), so a task that fails, or whose worker dies, is simply run again by Dask (``retries``;
a dead worker's tasks are rescheduled by the scheduler) and yields the same piece: each chunk
is one task key whose result is counted once.

Workers rebuild the model from the client's recipe (file, scenario, overrides). The files the
model was read from, as the engine lists them (``Model.source_files``: the loaded file and
every file its ``extends:`` chain names, in any folder), travel with the tasks; a worker that
does not have them at the same paths, with the same contents, writes them to a temporary
folder with their relative layout and loads them from there, so workers need no shared disk.
(An ``extends:`` written as an absolute path is followed at that path.) Workers must have the
``outturn`` package importable (same build, same CPU flags).
"""
from __future__ import annotations

import hashlib
import math
import os
import tempfile
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _outturn as _o
from ._api import SEGMENT_SIZE, Model, SweepResult, Value, _path_arg, _rebuild, _sweep_options

__all__ = ["ModelSpec", "model_files", "model_spec", "plan_chunks", "sweep_chunk", "sweep", "sweep_total"]

#: Options a distributed sweep cannot honour (they need the whole run in one process).
_LOCAL_ONLY = {"until_ci": 0, "dump_path": "", "sobol_index_samples": 0}


@dataclass(frozen=True)
class ModelSpec:
    """What a worker needs to rebuild a model: the recipe, and the files it was read from."""

    path: str                              #: absolute path of the loaded file on the client
    steps: Tuple[Tuple[str, Any], ...]     #: scenarios and overrides applied, in order
    root: str                              #: the folder that holds every file below
    files: Tuple[Tuple[str, bytes], ...]   #: (path relative to root, content) of each file
    digest: str                            #: SHA-256 over the files (the cache key)


def model_files(model: Model) -> List[str]:
    """The files a model was read from, as the engine read them (``Model.source_files``): the
    loaded file, then each file its ``extends:`` chain names, the model file last. Absolute and
    normalized."""
    path = os.path.normpath(os.path.abspath(model.recipe[0]))
    files = [os.path.normpath(os.path.abspath(f)) for f in model.native.source_files]
    if not files or files[0] != path:
        # Loaded with a relative path, and the working directory has changed since: read the
        # chain again from the absolute path.
        files = [os.path.normpath(f) for f in _o.Model.load(_path_arg(path)).source_files]
    return files


def model_spec(model: Model, ship_files: bool = True) -> ModelSpec:
    """The spec of a model for workers; ``ship_files=False`` relies on a shared file system."""
    path, steps = model.recipe
    path = os.path.normpath(os.path.abspath(path))
    chain = model_files(model) if ship_files else [path]
    root = os.path.commonpath([os.path.dirname(p) for p in chain])
    files: List[Tuple[str, bytes]] = []
    h = hashlib.sha256()
    for full in chain if ship_files else []:
        with open(full, "rb") as f:
            data = f.read()
        rel = os.path.relpath(full, root)
        files.append((rel, data))
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    if not ship_files:
        h.update(path.encode())
    return ModelSpec(path=path, steps=tuple(steps), root=root, files=tuple(files), digest=h.hexdigest())


#: Models rebuilt in this worker process, most recent last (a few: tasks of one sweep share one).
_models: "OrderedDict[Tuple[str, str, str], _o.Model]" = OrderedDict()
_MODEL_CACHE = 8


def _same_files(spec: ModelSpec) -> bool:
    try:
        for rel, data in spec.files:
            with open(os.path.join(spec.root, rel), "rb") as f:
                if f.read() != data:
                    return False
        return os.path.isfile(spec.path)
    except OSError:
        return False


def _materialize(spec: ModelSpec) -> _o.Model:
    """The spec's model in this process: loaded once, then cached."""
    key = (spec.digest, spec.path, repr(spec.steps))
    model = _models.get(key)
    if model is not None:
        _models.move_to_end(key)
        return model
    path = spec.path
    if spec.files and not _same_files(spec):
        folder = os.path.join(tempfile.gettempdir(), "outturn-models", spec.digest)
        for rel, data in spec.files:
            target = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            tmp = "%s.%d.%s.tmp" % (target, os.getpid(), uuid.uuid4().hex)
            with open(tmp, "wb") as f:
                f.write(data)
            os.replace(tmp, target)  # atomic: concurrent tasks see a whole file
        path = os.path.join(folder, os.path.relpath(spec.path, spec.root))
    model = _rebuild((path, spec.steps)).native
    _models[key] = model
    while len(_models) > _MODEL_CACHE:
        _models.popitem(last=False)
    return model


def sweep_chunk(spec: ModelSpec, options: Dict[str, Any], first: int, count: int) -> Tuple[_o.SweepPartial, float]:
    """One Dask task: scenarios [first, first + count) of the sweep that ``options`` (SweepOptions
    fields) describes. Returns the piece's statistics and the seconds the task took in the worker
    (model load included). Releases the GIL while the engine runs."""
    t0 = time.perf_counter()
    model = _materialize(spec)
    part = _o.sweep_range(model, _o.SweepOptions(**options), int(first), int(count))
    return part, time.perf_counter() - t0


def sweep_total(model: Model, options: _o.SweepOptions) -> int:
    """Scenarios a sweep evaluates: ``samples``, capped for grid and oat by the design's size."""
    if options.method not in ("grid", "oat"):
        return int(options.samples)
    d = len(options.drivers) or sum(1 for x in model.native.drivers if x.distribution.type != "none")
    size = options.grid_points ** d if options.method == "grid" else d * options.grid_points
    return int(min(options.samples, size))


def plan_chunks(total: int, chunk: int) -> List[Tuple[int, int]]:
    """(first, count) pieces of [0, total), each a multiple of SEGMENT_SIZE but the last."""
    chunk = max(SEGMENT_SIZE, -(-int(chunk) // SEGMENT_SIZE) * SEGMENT_SIZE)
    return [(first, min(chunk, total - first)) for first in range(0, total, chunk)]


def _worker_threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # pragma: no cover - a client that cannot tell
        return 1


def sweep(model: Model, samples: int = 100_000, method: str = "mc", seed: int = 1, *, client: Any = None,
          chunk: Optional[int] = None, retries: int = 2, threads_per_task: int = 1, ship_files: bool = True,
          task: Optional[Callable[..., Tuple[_o.SweepPartial, float]]] = None, scenario: Optional[str] = None,
          set: Optional[Mapping[str, Value]] = None, **options: Any) -> SweepResult:
    """A sweep evaluated on a Dask cluster; its statistics are bit-identical to
    ``model.sweep(samples, method, seed, **options)``.

    client: a ``distributed.Client`` (default: the current one, ``distributed.get_client()``).
    chunk: scenarios per task, rounded up to a multiple of SEGMENT_SIZE (default: about four
    tasks per worker thread, at least one segment). retries: how often Dask re-runs a task that
    raised. threads_per_task: engine threads inside each task (1 suits one Dask thread per core).
    ship_files: send the model's files with the tasks (for workers without the client's file
    system). scenario, set: as for ``Model.sweep``. task: the function each task runs (default ``sweep_chunk``; same
    signature), for instrumentation. Other keywords are SweepOptions fields; ``until_ci``,
    ``dump_path`` and ``sobol_index_samples`` need a local sweep.

    The result's ``seconds`` is the wall time seen by the client and ``threads`` the cluster's
    worker threads; ``result.chunks`` lists (first, count, seconds in the worker) per task.
    """
    for name, off in _LOCAL_ONLY.items():
        if name in options and options[name] != off:
            raise _o.UsageError("%s is not available in a distributed sweep (run it locally)" % name)
    if "threads" in options:  # the engine threads of each task
        threads_per_task = int(options.pop("threads")) or 1
    model = model._variant(scenario, set)
    o = _sweep_options(samples, method, seed, options)
    if client is None:
        from distributed import get_client
        client = get_client()
    total = sweep_total(model, o)
    nthreads = _worker_threads(client)
    if chunk is None:
        chunk = max(SEGMENT_SIZE, math.ceil(total / (4 * nthreads)))
    pieces = plan_chunks(total, chunk)
    worker_options = dict(samples=int(samples), method=method, seed=int(seed), threads=int(threads_per_task),
                          **options)
    t0 = time.perf_counter()
    spec = client.scatter(model_spec(model, ship_files), broadcast=True, hash=False)
    token = uuid.uuid4().hex[:12]
    futures = [client.submit(task or sweep_chunk, spec, worker_options, first, count, retries=retries, pure=False,
                             key="outturn-sweep-%s-%06d" % (token, i))
               for i, (first, count) in enumerate(pieces)]
    try:
        done = client.gather(futures)
    finally:
        for f in futures:
            f.release()
    combined = _o.combine_sweep(model.native, o, [part for part, _ in done])
    combined.seconds = time.perf_counter() - t0
    combined.threads_used = nthreads
    result = SweepResult(combined, model=model.native)
    result.chunks = [(first, count, seconds) for (first, count), (_, seconds) in zip(pieces, done)]
    return result
