#!/usr/bin/python3
"""End-to-end sweep benchmark: `outturn sweep` on the IIJ FY2010 model against the numpy reference.

    /usr/bin/python3 benches/sweep_e2e.py              # N = 1e4 .. 1e8, numpy up to 1e7
    /usr/bin/python3 benches/sweep_e2e.py --quick      # N = 1e4 .. 1e6
    /usr/bin/python3 benches/sweep_e2e.py --full       # N = 1e4 .. 1e9
    /usr/bin/python3 benches/sweep_e2e.py --repeat 3 --wait-quiet 90 --quiet-psi 5   # as measured

For each N it runs, under `/usr/bin/time -v`,

    outturn sweep scenarios/iij_fy2010/model.yaml -n N --seed 1 -t T --method mc --format json

for T = 1 and T = 2 (every core of the project's machine), and `benches/iij_numpy.py -n N
--seed 1` for N <= --numpy-max-n. It records the wall time of the process, the sweep's own
`seconds` and `samples` (scenarios/s = samples / seconds: sampling and evaluation, without
start-up, model load and compilation), user + system CPU time, the peak RSS, and the 1-minute
load average before each run. Then: the outturn/numpy rate ratio at the same N, the 1 -> 2
thread speedup, whether outturn's statistics are identical for T = 1 and T = 2 (they must be:
the engine promises bit-identical results for any thread count), and the z-score of each
target's mean (and P(meet)) between outturn and numpy at the largest common N.

Other processes share this 2-core machine: each run records the 1-minute load average and
the CPU pressure (/proc/pressure/cpu, "some": the share of time a runnable task waited for a
CPU) before it and during it; --wait-quiet S waits up to S seconds before each run for the
pressure to fall below --quiet-psi, and --repeat R keeps the fastest of R runs.

The outturn binary is copied to a temporary directory first (others may rebuild build/ while
this runs); its sha256 and the git HEAD are recorded. Writes the full record to
build/bench-results/sweep_e2e.json (-o to change) and prints a markdown table; the figures
quoted in benches/README.md are summarized in benches/results/sweep_e2e_summary.json.
"""
import argparse
import hashlib
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
MODEL = "scenarios/iij_fy2010/model.yaml"
PY = "/usr/bin/python3"

sys.path.insert(0, HERE)
import iij_numpy  # noqa: E402  (for compare())


def parse_time_v(text):
    def grab(label):
        m = re.search(r"^\s*" + re.escape(label) + r":\s*(.+)$", text, re.M)
        return m.group(1).strip() if m else None
    wall = grab("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    return {"wall_s": secs, "user_s": float(grab("User time (seconds)")), "sys_s": float(grab("System time (seconds)")),
            "cpu_percent": float(grab("Percent of CPU this job got").rstrip("%")),
            "max_rss_mb": int(grab("Maximum resident set size (kbytes)")) / 1024.0}


def psi_cpu():
    """share of the last 10 s in which some runnable task waited for a CPU (%), or None."""
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as f:
            return float(re.search(r"some avg10=([0-9.]+)", f.read()).group(1))
    except (OSError, AttributeError):
        return None


def psi_total_us():
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as f:
            return int(re.search(r"some .*total=([0-9]+)", f.read()).group(1))
    except (OSError, AttributeError):
        return None


WAIT_QUIET = {"seconds": 0.0, "psi": 10.0}


def wait_quiet():
    """waits (up to WAIT_QUIET seconds) until CPU pressure is below the threshold; returns the
    seconds waited."""
    t0 = time.time()
    time.sleep(min(WAIT_QUIET["seconds"], 2.0))  # let our own previous run drain from avg10
    while time.time() - t0 < WAIT_QUIET["seconds"]:
        p = psi_cpu()
        if p is None or p < WAIT_QUIET["psi"]:
            break
        time.sleep(2)
    return time.time() - t0


def timed(cmd, json_path):
    """runs cmd under /usr/bin/time -v; returns (time -v fields, the JSON cmd wrote to json_path)."""
    waited = wait_quiet() if WAIT_QUIET["seconds"] > 0 else 0.0
    load, psi = os.getloadavg()[0], psi_cpu()
    psi0, t0 = psi_total_us(), time.perf_counter()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        tv = tf.read()
    psi1, dt_run = psi_total_us(), time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    rec = parse_time_v(tv)
    rec["load1_before"], rec["psi_cpu_some10_before"], rec["waited_s"] = load, psi, waited
    # CPU pressure during the run: share of its wall time in which some task waited for a CPU
    rec["psi_cpu_during"] = 100.0 * (psi1 - psi0) / 1e6 / dt_run if psi0 is not None and psi1 is not None else None
    with open(json_path, encoding="utf-8") as f:
        return rec, json.load(f)


def best(runs):
    return min(runs, key=lambda r: r["seconds"])


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    return {"cpu": sh("lscpu | sed -n 's/^Model name:[ \\t]*//p'"), "cores": os.cpu_count(),
            "compiler": sh("g++ --version | head -1"), "kernel": platform.release(),
            "python": sh(f"{PY} --version"), "numpy": sh(f"{PY} -c 'import numpy; print(numpy.__version__)'"),
            "git_head": sh(f"git -C {ROOT} rev-parse HEAD"),
            "git_dirty_files": len([ln for ln in sh(f"git -C {ROOT} status --porcelain").splitlines() if ln.strip()])}


def fmt_n(n):
    e = int(round(math.log10(n)))
    return f"1e{e}" if 10 ** e == n else f"{n:,}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-n", type=float, default=1e8, help="largest N (default 1e8)")
    ap.add_argument("--full", action="store_true", help="up to 1e9")
    ap.add_argument("--quick", action="store_true", help="1e4 .. 1e6 only")
    ap.add_argument("--numpy-max-n", type=float, default=1e7, help="largest N for the numpy reference (default 1e7)")
    ap.add_argument("--threads", default="1,2", help="thread counts for outturn (default 1,2)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per point; the fastest is reported (default 1)")
    ap.add_argument("--repeat-max-n", type=float, default=1e8, help="N above which a point runs once (default 1e8)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="S",
                    help="before each run, wait up to S seconds for CPU pressure (/proc/pressure/cpu some avg10) "
                         "below --quiet-psi (default 0: do not wait)")
    ap.add_argument("--quiet-psi", type=float, default=10.0, help="threshold for --wait-quiet, percent (default 10)")
    ap.add_argument("--outturn", default=os.path.join(ROOT, "build", "outturn"))
    ap.add_argument("--no-snapshot", action="store_true", help="run the binary in place instead of a copy")
    ap.add_argument("-o", "--output", default=os.path.join(ROOT, "build", "bench-results", "sweep_e2e.json"),
                    help="where the full JSON record goes (default build/bench-results/sweep_e2e.json)")
    a = ap.parse_args(argv)

    max_n = 1e6 if a.quick else (1e9 if a.full else a.max_n)
    ns = [10 ** e for e in range(4, 10) if 10 ** e <= max_n]
    threads = [int(t) for t in a.threads.split(",")]
    WAIT_QUIET.update(seconds=a.wait_quiet, psi=a.quiet_psi)

    tmpdir = tempfile.mkdtemp(prefix="sweep_e2e.")
    try:
        binary = a.outturn
        if not a.no_snapshot:
            binary = os.path.join(tmpdir, "outturn")
            shutil.copy2(a.outturn, binary)
        # A binary older than the engine's sources may not be the code under test.
        bt = os.path.getmtime(a.outturn)
        newer = sorted(os.path.relpath(os.path.join(d, f), ROOT)
                       for sub in ("engine/src", "engine/include/outturn", "engine/cli")
                       for d, _, fs in os.walk(os.path.join(ROOT, sub)) for f in fs
                       if os.path.getmtime(os.path.join(d, f)) > bt)
        if newer:
            print(f"warning: {a.outturn} is older than {len(newer)} engine source file(s) ({', '.join(newer[:5])}"
                  f"{', ...' if len(newer) > 5 else ''}): rebuild with `cmake --build build`", file=sys.stderr)
        info = {"machine": machine(), "sources_newer_than_binary": newer, "binary": {"path": a.outturn, "sha256": sha256(binary),
                                                 "mtime": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(os.path.getmtime(a.outturn)))},
                "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "seed": a.seed, "repeat": a.repeat, "repeat_max_n": a.repeat_max_n,
                "wait_quiet_s": a.wait_quiet, "quiet_psi": a.quiet_psi, "points": []}
        out_json = os.path.join(tmpdir, "r.json")
        for n in ns:
            reps = a.repeat if n <= a.repeat_max_n else 1
            pt = {"n": n, "runs_per_point": reps, "outturn": {}, "numpy": None}
            stats = {}
            for t in threads:
                runs = []
                for _ in range(reps):
                    cmd = [binary, "sweep", MODEL, "-n", str(n), "--seed", str(a.seed), "-t", str(t),
                           "--method", "mc", "--format", "json", "-o", out_json]
                    rec, res = timed(cmd, out_json)
                    rec.update(samples=res["samples"], seconds=res["seconds"], threads_used=res["threads"],
                               rate=res["samples"] / res["seconds"] if res["seconds"] > 0 else None)
                    runs.append(rec)
                    stats[t] = res
                b = best(runs)
                pt["outturn"][str(t)] = dict(b, runs=runs if reps > 1 else None)
                print(f"  outturn N={fmt_n(n)} T={t}: {b['seconds']:.3f} s sweep, {b['wall_s']:.2f} s wall, "
                      f"{b['rate']:.3g}/s, {b['max_rss_mb']:.1f} MB, load {b['load1_before']:.2f}, "
                      f"psi {b['psi_cpu_some10_before']} before, {b['psi_cpu_during']:.0f} during", file=sys.stderr)
            # statistics must not depend on the thread count
            if len(stats) > 1:
                ref = stats[threads[0]]
                same = all([(k["mean"], k["sd"], k["meets"], k["quantiles"]) for k in s["targets"]]
                           == [(k["mean"], k["sd"], k["meets"], k["quantiles"]) for k in ref["targets"]]
                           for s in stats.values())
                pt["outturn_identical_across_threads"] = same
            pt["outturn_stats"] = {k["target"]: {f: k[f] for f in ("mean", "sd", "p_meet", "p_meet_interval", "meets")}
                                   for k in stats[threads[-1]]["targets"]}
            pt["outturn_stats"]["_samples"] = stats[threads[-1]]["samples"]
            pt["outturn_stats"]["_p_all"] = stats[threads[-1]]["p_all"]
            if n <= a.numpy_max_n:
                runs = []
                for _ in range(reps):
                    cmd = [PY, os.path.join(HERE, "iij_numpy.py"), "-n", str(n), "--seed", str(a.seed), "-o", out_json]
                    rec, res = timed(cmd, out_json)
                    rec.update(samples=res["samples"], seconds=res["seconds"], chunk=res["chunk"],
                               rate=res["samples"] / res["seconds"])
                    runs.append(rec)
                    pt["numpy_result"] = res
                b = best(runs)
                pt["numpy"] = dict(b, runs=runs if reps > 1 else None)
                print(f"  numpy   N={fmt_n(n)}: {b['seconds']:.3f} s, {b['wall_s']:.2f} s wall, {b['rate']:.3g}/s, "
                      f"{b['max_rss_mb']:.1f} MB, load {b['load1_before']:.2f}, psi {b['psi_cpu_some10_before']} before, {b['psi_cpu_during']:.0f} during", file=sys.stderr)
                for t in threads:
                    pt["outturn"][str(t)]["vs_numpy"] = pt["outturn"][str(t)]["rate"] / b["rate"]
                pt["_outturn_full"] = stats[threads[-1]]
            if len(threads) > 1:
                r0 = pt["outturn"][str(threads[0])]
                r1 = pt["outturn"][str(threads[-1])]
                pt["speedup"] = {"sweep": r0["seconds"] / r1["seconds"], "wall": r0["wall_s"] / r1["wall_s"]}
            info["points"].append(pt)

        # agreement at the largest common N
        common = [p for p in info["points"] if p["numpy"] is not None]
        if common:
            p = common[-1]
            info["agreement"] = dict(iij_numpy.compare(p["numpy_result"], p["_outturn_full"]), n=p["n"])
        for p in info["points"]:
            p.pop("_outturn_full", None)
            if "numpy_result" in p:
                p["numpy_stats"] = {k["target"]: {f: k[f] for f in ("mean", "sd", "p_meet", "p_meet_interval", "meets")}
                                    for k in p["numpy_result"]["targets"]}
                p.pop("numpy_result")
        info["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        reported = [r for p in info["points"] for r in list(p["outturn"].values()) + ([p["numpy"]] if p["numpy"] else [])]
        info["load1_max"] = max(r["load1_before"] for r in reported)
        psis = [r["psi_cpu_some10_before"] for r in reported if r["psi_cpu_some10_before"] is not None]
        info["psi_cpu_some10_max"] = max(psis) if psis else None
        during = [r["psi_cpu_during"] for r in reported if r["psi_cpu_during"] is not None]
        info["psi_cpu_during_max"] = max(during) if during else None
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    os.makedirs(os.path.dirname(a.output), exist_ok=True)
    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    os.replace(tmp, a.output)
    print(render(info, threads))
    return 0 if info.get("agreement", {}).get("ok", True) and all(
        p.get("outturn_identical_across_threads", True) for p in info["points"]) else 1


def render(info, threads):
    m = info["machine"]
    lines = [f"{m['cpu']}, {m['cores']} cores, {m['compiler']}; numpy {m['numpy']}; seed {info['seed']}; "
             f"best of {info['repeat']} (N <= {info['repeat_max_n']:.0e}); before the reported runs: 1-min load average <= {info['load1_max']:.2f}, "
             f"CPU pressure (some avg10) <= {info['psi_cpu_some10_max']}%; during the reported runs <= "
             f"{info['psi_cpu_during_max']:.0f}%", ""]
    hdr = ["N"]
    for t in threads:
        hdr += [f"outturn T={t} scen/s", f"T={t} wall s", f"T={t} RSS MB"]
    if len(threads) > 1:
        hdr += [f"speedup {threads[0]}->{threads[-1]}"]
    hdr += ["numpy scen/s", "numpy wall s", "numpy RSS MB"] + [f"T={t} / numpy" for t in threads]
    lines.append("| " + " | ".join(hdr) + " |")
    lines.append("|" + "|".join(["---:"] * len(hdr)) + "|")
    for p in info["points"]:
        row = [fmt_n(p["n"])]
        for t in threads:
            r = p["outturn"][str(t)]
            row += [f"{r['rate']:.3g}", f"{r['wall_s']:.2f}", f"{r['max_rss_mb']:.1f}"]
        if len(threads) > 1:
            row += [f"{p['speedup']['sweep']:.2f}x"]
        if p["numpy"]:
            r = p["numpy"]
            row += [f"{r['rate']:.3g}", f"{r['wall_s']:.2f}", f"{r['max_rss_mb']:.1f}"]
            row += [f"{p['outturn'][str(t)]['vs_numpy']:.1f}x" for t in threads]
        else:
            row += ["-"] * (3 + len(threads))
        lines.append("| " + " | ".join(row) + " |")
    ag = info.get("agreement")
    if ag:
        lines += ["", f"Agreement at N = {fmt_n(ag['n'])} (outturn vs numpy, independent streams; |z| <= {ag['z_max']}: "
                  f"{'ok' if ag['ok'] else 'FAILED'})", "",
                  "| target | outturn mean | numpy mean | z (mean) | sd rel. diff | outturn P(meet) | numpy P(meet) | z (P) |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in ag["targets"]:
            lines.append(f"| {r['target']} | {r['mean_outturn']:,.0f} | {r['mean_numpy']:,.0f} | {r['z_mean']:+.2f} | "
                         f"{100 * r['sd_rel_diff']:+.3f}% | {r['p_meet_outturn']:.5f} | {r['p_meet_numpy']:.5f} | {r['z_p_meet']:+.2f} |")
    ident = [p.get("outturn_identical_across_threads") for p in info["points"]]
    if any(v is not None for v in ident):
        lines += ["", f"outturn statistics identical for T={threads[0]} and T={threads[-1]} at every N: {all(ident)}"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
