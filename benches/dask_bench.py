# SPDX-License-Identifier: MIT
"""Distributed sweeps against the native threaded sweep: a large Monte Carlo sweep of IIJ
FY2010 on 1 and 2 local Dask workers (one process, one thread each) against `outturn sweep`
with 1 and 2 threads, and the overhead each chunk adds.

    PYTHONPATH=build/python /usr/bin/python3 benches/dask_bench.py [-n 1000000000] [--out FILE]

Writes its JSON to build/bench-results/dask.json unless --out says otherwise.

Every distributed result is first checked against the native sweep's statistics (JSON, bit
for bit, timing fields aside), as the other benches check their answer before timing it.

Overhead per chunk: the same sweep of 64 segments (2^26 scenarios) on 2 workers cut into 64
chunks of one segment and into 4 chunks of 16; the difference of the wall times, times the
workers, divided by the 60 extra chunks, is what one more chunk costs (scheduling, shipping
its ~0.5 MB partial back, and the engine's per-piece set-up: program compile and the
16,384-scenario pilot that fixes the histogram range).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MODEL = "scenarios/iij_fy2010/base.yaml"


def without_timing(report):
    report = dict(report)
    report.pop("seconds", None)
    report.pop("threads", None)
    return report


def native(cli, n, seed, threads):
    t0 = time.perf_counter()
    out = subprocess.run([cli, "sweep", MODEL, "-n", str(n), "--seed", str(seed), "-t", str(threads), "-f", "json"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    report = json.loads(out)
    return {"threads": threads, "wall_s": wall, "engine_s": report["seconds"], "rate": n / wall}, report


def cluster(workers):
    from distributed import Client, LocalCluster
    c = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                     dashboard_address=None)
    return c, Client(c)


def distributed_sweep(client, model, n, seed, chunk):
    import outturn.dask
    t0 = time.perf_counter()
    r = outturn.dask.sweep(model, n, seed=seed, client=client, chunk=chunk)
    wall = time.perf_counter() - t0
    task_s = [s for _, _, s in r.chunks]
    return r, {"wall_s": wall, "rate": n / wall, "chunks": len(r.chunks), "chunk": r.chunks[0][1],
               "task_s_total": sum(task_s), "task_s_max": max(task_s), "task_s_min": min(task_s)}


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "load_average_at_start": list(os.getloadavg())}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", "--samples", type=int, default=10**9)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cli", default=os.environ.get("OUTTURN_CLI", os.path.join(ROOT, "build", "outturn")))
    p.add_argument("--out", default=os.path.join(ROOT, "build", "bench-results", "dask.json"),
                   help="where the JSON goes (default build/bench-results/dask.json)")
    p.add_argument("--skip-overhead", action="store_true")
    a = p.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [os.path.dirname(os.path.dirname(os.path.abspath(__import__("outturn").__file__)))] +
        [x for x in os.environ.get("PYTHONPATH", "").split(os.pathsep) if x])  # for the workers
    import outturn
    model = outturn.load(os.path.join(ROOT, MODEL))
    n, seed = a.samples, a.seed
    results = {"model": MODEL, "samples": n, "seed": seed, "machine": machine(), "native": [], "dask": []}
    print("native sweeps (%s)" % a.cli, flush=True)
    reference = None
    for threads in (1, 2):
        row, report = native(a.cli, n, seed, threads)
        if reference is None:
            reference = without_timing(report)
        assert without_timing(report) == reference, "native results differ between thread counts"
        results["native"].append(row)
        print("  %d thread(s): %.1f s, %.3g scenarios/s" % (threads, row["wall_s"], row["rate"]), flush=True)
    for workers in (1, 2):
        c, client = cluster(workers)
        try:
            r, row = distributed_sweep(client, model, n, seed, None)
            assert without_timing(json.loads(r.report("json"))) == reference, "distributed result differs"
            row["workers"] = workers
            row["equal_to_native"] = True
            results["dask"].append(row)
            print("  dask, %d worker(s): %.1f s, %.3g scenarios/s, %d chunks of %d" % (
                workers, row["wall_s"], row["rate"], row["chunks"], row["chunk"]), flush=True)
            if workers == 2 and not a.skip_overhead:
                seg = outturn.SEGMENT_SIZE
                m = 64 * seg
                _, fine = distributed_sweep(client, model, m, seed, seg)
                _, coarse = distributed_sweep(client, model, m, seed, 16 * seg)
                per_chunk = (fine["wall_s"] - coarse["wall_s"]) * workers / (fine["chunks"] - coarse["chunks"])
                # The engine's own set-up of a piece (sampling design: inverse-CDF tables, correlation
                # factors; program compile), measured in this process on 16 scenarios.
                setup = []
                for _ in range(5):
                    t0 = time.perf_counter()
                    model.sweep_samples(16, samples=m, seed=seed)
                    setup.append(time.perf_counter() - t0)
                results["overhead"] = {
                    "samples": m, "workers": workers,
                    "fine": fine, "coarse": coarse,
                    "per_chunk_s": per_chunk,
                    "engine_setup_s": sorted(setup)[len(setup) // 2],
                    "dask_per_chunk_s": per_chunk - sorted(setup)[len(setup) // 2],
                    "per_chunk_in_scenarios": per_chunk * results["native"][0]["rate"],
                }
                print("  overhead per chunk: %.1f ms (%d chunks: %.2f s, %d chunks: %.2f s), of which engine set-up "
                      "%.1f ms" % (1000 * per_chunk, fine["chunks"], fine["wall_s"], coarse["chunks"], coarse["wall_s"],
                                   1000 * results["overhead"]["engine_setup_s"]), flush=True)
        finally:
            client.close()
            c.close()
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print("wrote %s" % a.out)


if __name__ == "__main__":
    sys.exit(main())
