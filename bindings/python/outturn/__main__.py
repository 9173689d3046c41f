# SPDX-License-Identifier: MIT
"""``python3 -m outturn sweep FILE [options] [--dask ADDRESS | --dask local:N]``

The ``outturn sweep`` command, from Python: the same options and the same output (table, csv or
json), run on this machine's cores or on a Dask cluster. ``--dask tcp://HOST:8786`` connects to
a running scheduler; ``--dask local:N`` starts a local cluster of N worker processes. The
statistics are bit-identical to ``outturn sweep`` with the same seed (only the timing line
differs). Exit status: 0 ok, 1 bad input, 2 bad usage, 130 interrupted.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from typing import List, Optional

from . import Error, UsageError, load
from . import _outturn


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m outturn", description=__doc__.split("\n\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sweep", help="sample the uncertain drivers: P(target), percentiles, what drives misses")
    s.add_argument("file", help="model or scenario file")
    s.add_argument("-s", "--scenario", help="a scenario defined in the model file")
    s.add_argument("--set", action="append", default=[], metavar="DRIVER=VALUE",
                   help="DRIVER=VALUE or DRIVER@PERIOD=VALUE (repeatable)")
    s.add_argument("-m", "--method", default="mc", help="grid | oat | mc (default) | lhs | sobol")
    s.add_argument("-n", "--samples", type=int, default=100_000, help="scenarios to evaluate (default 100000)")
    s.add_argument("--seed", type=int, default=1, help="seed of the random streams (default 1)")
    s.add_argument("-t", "--threads", type=int, default=0,
                   help="local: threads (default: every core); --dask: engine threads per task (default 1)")
    s.add_argument("--chunk", type=int, help="scenarios per task (does not change results)")
    s.add_argument("--confidence", type=float, help="confidence level of the intervals (default 0.95)")
    s.add_argument("--lhs-block", type=int, help="Latin hypercube strata per block (power of two)")
    s.add_argument("--grid-points", type=int, help="levels per driver for grid and oat (default 5)")
    s.add_argument("--drivers", action="append", default=[], help="drivers to vary, comma-separated")
    s.add_argument("--regression", action="store_true", help="standardized regression coefficients")
    s.add_argument("--path", action="append", default=[], metavar="LINE",
                   help="a line whose quantiles by period to give too (repeatable)")
    s.add_argument("--bins", type=int, help="histogram bins per target (default 8192)")
    s.add_argument("-f", "--format", default="table", help="table (default), csv or json")
    s.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    s.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or local:N")
    s.add_argument("--retries", type=int, default=2, help="--dask: re-runs of a task that failed (default 2)")
    return p


def _sets(items: List[str]) -> dict:
    out = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key or not value:
            raise UsageError("--set takes DRIVER=VALUE or DRIVER@PERIOD=VALUE (got '%s')" % item)
        out[key] = value
    return out


def _local_workers(address: str) -> Optional[int]:
    """Workers of a local cluster for ``--dask local`` or ``local:N``; None for an address."""
    m = re.fullmatch(r"local(?::(\d+))?", address)
    if m is None:
        return None
    n = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
    if not 1 <= n <= 1024:
        raise UsageError("--dask local:N takes 1 <= N <= 1024 workers (got %d)" % n)
    return n


def _sweep(a: argparse.Namespace) -> int:
    options = {}
    for name, value in (("chunk", a.chunk), ("confidence", a.confidence), ("lhs_block", a.lhs_block),
                        ("grid_points", a.grid_points), ("histogram_bins", a.bins)):
        if value is not None:
            options[name] = value
    drivers = [d for item in a.drivers for d in item.split(",") if d]
    if drivers:
        options["drivers"] = drivers
    if a.path:
        options["path_lines"] = a.path
    if a.regression:
        options["regression"] = True
    model = load(a.file, scenario=a.scenario, set=_sets(a.set))
    if a.dask:
        from . import dask as odask
        from distributed import Client, LocalCluster
        cluster = None
        local = _local_workers(a.dask)
        if local is not None:
            cluster = LocalCluster(n_workers=local, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(a.dask)
        try:
            chunk = options.pop("chunk", None)
            result = odask.sweep(model, a.samples, a.method, a.seed, client=client, chunk=chunk,
                                 retries=a.retries, threads_per_task=a.threads or 1, **options)
        except KeyboardInterrupt:
            # A distributed sweep has no statistics until every piece is in: nothing to print.
            print("outturn: interrupted: the distributed sweep was cancelled", file=sys.stderr)
            return 130
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    else:
        try:
            result = model.sweep(a.samples, a.method, a.seed, threads=a.threads, **options)
        except KeyboardInterrupt as e:
            partial = getattr(e, "partial", None)
            if partial is None:
                raise
            _emit(_outturn.render_sweep(partial, a.format), a.output)
            print("outturn: interrupted: statistics cover the first %d scenarios" % partial.samples, file=sys.stderr)
            return 130
    _emit(result.report(a.format), a.output)
    return 0


def _emit(text: str, path: Optional[str]) -> None:
    if path and path != "-":
        _outturn.write_file_atomic(path, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def main(argv: Optional[List[str]] = None) -> int:
    a = _parser().parse_args(argv)
    try:
        if a.command == "sweep":
            return _sweep(a)
    except UsageError as e:
        print("outturn: error: %s" % e, file=sys.stderr)
        return 2
    except Error as e:
        print(e, file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
