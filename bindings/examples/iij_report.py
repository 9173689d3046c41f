# SPDX-License-Identifier: MIT
"""IIJ FY2010 from Python: the verdict, and charts of the quarters, the drivers and the odds.

    PYTHONPATH=build/python /usr/bin/python3 bindings/examples/iij_report.py OUT_DIR [--samples N]

Loads scenarios/iij_fy2010/base.yaml, prints the verdict of every target, runs a Monte Carlo
sweep and saves to OUT_DIR (every amount in JPY million):
  quarterly_pnl.png          revenue by segment, costs and operating income by quarter
                             (reported quarters solid, forecast hatched), with the FY targets'
                             required run-rate for the open quarters (2H) marked on each
  tornado.png                what moves the target most at risk (the lowest P(meet)): each
                             driver alone at P10 and P90, against the target and the base case
  fy_revenue.png             the distribution of FY revenue and of FY operating income over the
  fy_operating_income.png    sweep, against the target and the base case, with P(meet)
`outturn report` draws all of this (and more) as one HTML file from the engine itself; this
script shows the same numbers in matplotlib.
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402

import outturn  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MILLIONS = 1e-3  # the model is in JPY thousands
MILLION = "JPY million"
GOOD, BAD = "#2e7d4f", "#c0392b"


def fmt(v):
    return "{:,.0f}".format(v)


def required_per_quarter(verdict, frame, target):
    """What each open quarter must deliver for `target` (the required total spread evenly), in
    JPY million; None for a target with no open quarter."""
    v = verdict.loc[target]
    if v["open_periods"] is None or v["open_periods"] != v["open_periods"]:
        return None
    return v["open_required"] / len(frame.attrs["forecast"]) * MILLIONS


def print_verdict(model, verdict):
    print("%s -- scenario %s" % (model.name, model.scenario))
    print("%-22s %6s %14s %14s %12s %7s  %s" % ("target", "span", "forecast", "target", "gap", "gap %", "verdict"))
    for name, v in verdict.iterrows():
        state = "met" if v["met"] else "missed"
        if v["reported"]:
            state += " (reported)"
        print("%-22s %6s %14s %14s %12s %+6.1f%%  %s" % (
            name, v["span"], outturn.format_amount(v["forecast"]), outturn.format_amount(v["target_value"]),
            outturn.format_amount(v["gap"]), 100 * v["gap_pct"], state))
    for name, v in verdict[verdict["open_periods"].notna()].iterrows():
        print("  %s: %s must deliver %s (forecast %s)" % (name, v["open_periods"], outturn.format_amount(v["open_required"]),
                                                          outturn.format_amount(v["open_forecast"])))


def fy_target(verdict, line):
    """The open target on `line` (its FY target), or None."""
    rows = verdict[(verdict["line"] == line) & verdict["open_periods"].notna()]
    return rows.index[0] if len(rows) else None


def mark_required(ax, x, quarters, frame, verdict, line):
    """The target's required run-rate on each forecast quarter, and the target in the title."""
    target = fy_target(verdict, line)
    need = required_per_quarter(verdict, frame, target) if target else None
    if need is None:
        return ""
    open_x = [xi for xi, q in zip(x, quarters) if q in frame.attrs["forecast"]]
    v = verdict.loc[target]
    colour = GOOD if v["met"] else BAD
    ax.hlines([need] * len(open_x), [xi - 0.38 for xi in open_x], [xi + 0.38 for xi in open_x], colors=colour,
              linestyles="--", lw=2, label="needed per open quarter for %s (%s)" % (target, fmt(need)))
    return "%s target %s: forecast %s (%s)" % (v["span"], fmt(v["target_value"] * MILLIONS),
                                               fmt(v["forecast"] * MILLIONS), "met" if v["met"] else "missed")


def quarterly_pnl(model, frame, verdict, path):
    quarters = model.periods
    actual = set(frame.attrs["actual"])
    segments = [("revenue.network", "network"), ("revenue.si", "systems integration"),
                ("revenue.equipment", "equipment"), ("revenue.atm", "ATM")]
    colors = ["#4c72b0", "#55a868", "#c44e52", "#8172b2"]
    x = np.arange(len(quarters))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7.5), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    bottom_of = np.zeros(len(quarters))
    for (line, label), color in zip(segments, colors):
        values = frame.loc[line, quarters].to_numpy() * MILLIONS
        bars = top.bar(x, values, 0.6, bottom=bottom_of, color=color, label=label)
        for bar, q in zip(bars, quarters):
            if q not in actual:
                bar.set_hatch("//")
                bar.set_edgecolor("white")
        bottom_of += values
    costs = (frame.loc["cost", quarters] + frame.loc["expense", quarters]).to_numpy() * MILLIONS
    top.plot(x, costs, "k--o", label="cost + SG&A")
    revenue_note = mark_required(top, x, quarters, frame, verdict, "revenue")
    top.set_ylabel("revenue, " + MILLION)
    top.set_title("%s: quarterly P&L (hatched: forecast)\nrevenue: %s" % (model.name.split(",")[0], revenue_note),
                  fontsize=10)
    top.legend(loc="upper left", fontsize=8)
    oi = frame.loc["operating_income", quarters].to_numpy() * MILLIONS
    bars = bottom.bar(x, oi, 0.6, color=["#333333" if q in actual else "#999999" for q in quarters])
    for bar, value in zip(bars, oi):
        bottom.annotate("{:,.0f}".format(value), (bar.get_x() + bar.get_width() / 2, value), ha="center",
                        va="bottom", fontsize=8)
    margin = frame.loc["kpi.operating_margin", quarters].to_numpy()
    for xi, m in zip(x, margin):
        bottom.annotate("%.1f%%" % (100 * m), (xi, 0), ha="center", va="bottom", fontsize=8, color="white")
    oi_note = mark_required(bottom, x, quarters, frame, verdict, "operating_income")
    bottom.set_title("operating income: " + oi_note, fontsize=10)
    bottom.legend(loc="upper left", fontsize=8)
    bottom.set_ylabel("operating income, " + MILLION)
    for ax in (top, bottom):
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt(v)))
    bottom.set_xticks(x)
    bottom.set_xticklabels(["%s\n%s" % (q, "reported" if q in actual else "forecast") for q in quarters])
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def tornado_chart(model, kpi, path, top=12):
    t = model.tornado([kpi])
    bars = t.kpi(kpi)
    bars = bars[bars["swing"] > 0].head(top).iloc[::-1]
    base = t.base[kpi] * MILLIONS
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(bars) + 1.6))
    y = np.arange(len(bars))
    lo = bars["kpi_low"].to_numpy() * MILLIONS
    hi = bars["kpi_high"].to_numpy() * MILLIONS
    ax.barh(y, lo - base, left=base, color="#c44e52", label="driver at its low (P10)")
    ax.barh(y, hi - base, left=base, color="#55a868", label="driver at its high (P90)")
    ax.axvline(base, color="k", lw=1, label="base case %s" % fmt(base))
    target = model.targets.loc[kpi, "value"] * MILLIONS if kpi in model.targets.index else None
    if target is not None:
        ax.axvline(target, color=BAD, lw=1.5, ls="--", label="target %s" % fmt(target))
    ax.set_yticks(y)
    described = model.drivers["description"] if "description" in model.drivers.columns else None
    labels = [(described[n] if described is not None and n in described.index and described[n] else n)
              for n in bars.index]
    ax.set_yticklabels([label if len(label) <= 60 else label[:57] + "..." for label in labels], fontsize=8)
    ax.set_xlabel("%s, %s (base case %s)" % (kpi, MILLION, fmt(base)))
    ax.set_title("What moves %s, the target most at risk: each driver alone between P10 and P90" % kpi,
                 fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def distribution_chart(result, base, kpi, path):
    """`kpi`'s distribution over the sweep `result`, against its target and the base case
    (the model's own forecast, `base` in the model's unit)."""
    edges, counts = result.histogram(kpi)
    group = max(1, len(counts) // 160)  # 8192 engine bins -> about 160 on the chart
    n = len(counts) // group * group
    counts = counts[:n].reshape(-1, group).sum(axis=1)
    edges = edges[:n + 1:group] * MILLIONS
    stats = result.targets.loc[kpi]
    nonzero = np.nonzero(counts)[0]
    keep = slice(max(nonzero[0] - 2, 0), min(nonzero[-1] + 3, len(counts)))
    counts, left = counts[keep], edges[:-1][keep]
    width = edges[1] - edges[0]
    target = stats["target_value"] * MILLIONS
    fig, ax = plt.subplots(figsize=(9, 5))
    colors = np.where(left + width / 2 >= target, GOOD, BAD)
    ax.bar(left, counts / result.samples / width, width, align="edge", color=colors, lw=0)
    q = result.quantiles.loc[kpi] * MILLIONS
    ax.axvline(target, color=BAD, lw=1.5, ls="--")
    ax.axvline(base * MILLIONS, color="k", lw=1.5)
    ax.annotate("base case\n%s" % fmt(base * MILLIONS), (base * MILLIONS, ax.get_ylim()[1] * 0.75), xytext=(-8, 0),
                textcoords="offset points", ha="right", va="top", fontsize=9)
    ax.annotate("target %s\nP(meet) = %.1f%% [%.1f%%, %.1f%%]" % (
        "{:,.0f}".format(target), 100 * stats["p_meet"], 100 * stats["p_low"], 100 * stats["p_high"]),
        (target, ax.get_ylim()[1] * 0.92), xytext=(8, 0), textcoords="offset points", va="top", fontsize=9)
    for label in ("P5", "P50", "P95"):
        ax.axvline(q[label], color="#666666", lw=0.8, ls=":")
        ax.annotate(label, (q[label], 0), xytext=(2, 4), textcoords="offset points", fontsize=8, color="#444444")
    sd = stats["sd"] * MILLIONS
    ax.set_xlim(q["P1"] - sd, q["P99"] + sd)  # a few scenarios lie further out
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt(v)))
    ax.set_xlabel("%s (%s %s), %s; green: scenarios that meet the target, red: that miss it" % (
        kpi, stats["line"], stats["span"], MILLION), fontsize=9)
    ax.set_ylabel("density, per " + MILLION)
    ax.set_title("%s over %s Monte Carlo scenarios (mean %s, sd %s)" % (
        kpi, "{:,}".format(result.samples), fmt(stats["mean"] * MILLIONS), fmt(stats["sd"] * MILLIONS)))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out_dir", help="folder for the PNG files (created if missing)")
    p.add_argument("--model", default=os.path.join(ROOT, "scenarios/iij_fy2010/base.yaml"))
    p.add_argument("--samples", type=int, default=1_000_000, help="Monte Carlo scenarios (default 10^6)")
    a = p.parse_args(argv)
    os.makedirs(a.out_dir, exist_ok=True)
    model = outturn.load(a.model)
    frame, verdict = model.run()
    print_verdict(model, verdict)
    quarterly_pnl(model, frame, verdict, os.path.join(a.out_dir, "quarterly_pnl.png"))
    result = model.sweep(a.samples, seed=2010)
    open_targets = verdict[verdict["open_periods"].notna()].index
    at_risk = result.targets.loc[open_targets, "p_meet"].idxmin()
    tornado_chart(model, at_risk, os.path.join(a.out_dir, "tornado.png"))
    saved = ["quarterly_pnl.png", "tornado.png"]
    for line, name in (("revenue", "fy_revenue.png"), ("operating_income", "fy_operating_income.png")):
        target = fy_target(verdict, line)
        distribution_chart(result, verdict.loc[target, "forecast"], target, os.path.join(a.out_dir, name))
        saved.append(name)
    print("\nOver %d scenarios:" % result.samples)
    for name in open_targets:
        print("  P(%s met) = %.4f" % (name, result.targets.loc[name, "p_meet"]))
    print("the target most at risk: %s" % at_risk)
    print("saved %s to %s" % (", ".join(saved), a.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
