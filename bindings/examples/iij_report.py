# SPDX-License-Identifier: MIT
"""IIJ FY2010 from Python: the verdict, and three charts.

    PYTHONPATH=build/python /usr/bin/python3 bindings/examples/iij_report.py OUT_DIR [--samples N]

Loads scenarios/iij_fy2010/base.yaml, prints the verdict of every target, and saves to OUT_DIR:
  quarterly_pnl.png          revenue by segment, costs and operating income by quarter
                             (reported quarters solid, forecast hatched)
  tornado.png                what moves FY operating income: each driver alone at P10 and P90
  fy_operating_income.png    the distribution of FY operating income over a Monte Carlo sweep,
                             against its target, with P(meet)
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import outturn  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MILLIONS = 1e-3  # the model is in JPY thousands


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


def quarterly_pnl(model, frame, path):
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
    top.set_ylabel("JPY million")
    top.set_title("%s: quarterly P&L (hatched: forecast)" % model.name.split(",")[0])
    top.legend(loc="upper left", fontsize=8)
    oi = frame.loc["operating_income", quarters].to_numpy() * MILLIONS
    bars = bottom.bar(x, oi, 0.6, color=["#333333" if q in actual else "#999999" for q in quarters])
    for bar, value in zip(bars, oi):
        bottom.annotate("{:,.0f}".format(value), (bar.get_x() + bar.get_width() / 2, value), ha="center",
                        va="bottom", fontsize=8)
    margin = frame.loc["kpi.operating_margin", quarters].to_numpy()
    for xi, m in zip(x, margin):
        bottom.annotate("%.1f%%" % (100 * m), (xi, 0), ha="center", va="bottom", fontsize=8, color="white")
    bottom.set_ylabel("operating income, JPY million")
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
    ax.axvline(base, color="k", lw=1)
    target = model.targets.loc[kpi, "value"] * MILLIONS if kpi in model.targets.index else None
    if target is not None:
        ax.axvline(target, color="#4c72b0", lw=1.5, ls="--", label="target %s" % "{:,.0f}".format(target))
    ax.set_yticks(y)
    ax.set_yticklabels(bars.index, fontsize=8)
    ax.set_xlabel("FY operating income, JPY million (base %s)" % "{:,.0f}".format(base))
    ax.set_title("What moves %s: each driver alone between P10 and P90" % kpi)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def distribution_chart(model, kpi, samples, path):
    result = model.sweep(samples, seed=2010)
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
    colors = np.where(left + width / 2 >= target, "#55a868", "#c44e52")
    ax.bar(left, counts / result.samples / width, width, align="edge", color=colors, lw=0)
    q = result.quantiles.loc[kpi] * MILLIONS
    ax.axvline(target, color="k", lw=1.5, ls="--")
    ax.annotate("target %s\nP(meet) = %.1f%% [%.1f%%, %.1f%%]" % (
        "{:,.0f}".format(target), 100 * stats["p_meet"], 100 * stats["p_low"], 100 * stats["p_high"]),
        (target, ax.get_ylim()[1] * 0.92), xytext=(8, 0), textcoords="offset points", va="top", fontsize=9)
    for label in ("P5", "P50", "P95"):
        ax.axvline(q[label], color="#666666", lw=0.8, ls=":")
        ax.annotate(label, (q[label], 0), xytext=(2, 4), textcoords="offset points", fontsize=8, color="#444444")
    sd = stats["sd"] * MILLIONS
    ax.set_xlim(q["P1"] - sd, q["P99"] + sd)  # a few scenarios lie further out
    ax.set_xlabel("FY operating income, JPY million")
    ax.set_ylabel("density")
    ax.set_title("FY operating income over %s Monte Carlo scenarios (mean %s, sd %s)" % (
        "{:,}".format(result.samples), "{:,.0f}".format(stats["mean"] * MILLIONS),
        "{:,.0f}".format(stats["sd"] * MILLIONS)))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return result


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
    quarterly_pnl(model, frame, os.path.join(a.out_dir, "quarterly_pnl.png"))
    tornado_chart(model, "operating_income_fy", os.path.join(a.out_dir, "tornado.png"))
    result = distribution_chart(model, "operating_income_fy", a.samples,
                                os.path.join(a.out_dir, "fy_operating_income.png"))
    print("\nP(FY operating income >= target) = %.4f over %d scenarios" % (
        result.targets.loc["operating_income_fy", "p_meet"], result.samples))
    print("saved quarterly_pnl.png, tornado.png, fy_operating_income.png to %s" % a.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
