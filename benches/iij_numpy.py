#!/usr/bin/python3
# (Over 600 lines on purpose: the whole IIJ forecast by hand in numpy, independent of the
# engine, so that it can be checked against the model file in one read.)
"""Reference Monte Carlo of the IIJ FY2010 model in vectorized numpy (no outturn code).

The forecast arithmetic of scenarios/iij_fy2010/model.yaml for 3Q10 and 4Q10 is written out by
hand (as in scenarios/iij_fy2010/calibrate.py), over arrays of scenarios; the 1H10 actuals are
constants. Each of the 40 drivers with a `distribution:` is sampled from the same family and
parameters as `outturn sweep --method mc`: independent drivers with numpy's own samplers
(triangular by inverse CDF, PERT by numpy's beta, discrete by rng.choice), the model's
`correlations:` groups through a Gaussian copula (scipy.special for Phi and the beta inverse
CDF: Debian's python3-scipy), and the per-quarter AR(1) `shocks:` added in 3Q10 and 4Q10.
Random numbers come from numpy's default_rng(seed): the streams differ from outturn's, so the
two agree statistically, not bit for bit.

    /usr/bin/python3 benches/iij_numpy.py --deterministic --pointwise 100000
    /usr/bin/python3 benches/iij_numpy.py -n 10000000 --seed 1      # Monte Carlo, JSON on stdout
    /usr/bin/python3 benches/iij_numpy.py -n 1000000 --compare sweep.json   # z-scores vs outturn

--deterministic: every driver at its model value; every 3Q10/4Q10 line and the four FY10
targets must equal `outturn run base.yaml --format json` to 1e-9 relative. --pointwise K: the
K scenarios that `outturn sweep --dump` sampled (a copy of the model without `shocks:`, since
the dump holds each driver's value, not its per-quarter shocks) are re-evaluated here, and
every FY10 target of every one must agree to 1e-9 relative.

The driver, shock and correlation tables below are hard-coded (the script is an independent
reference) and checked at start against model.yaml by a small purpose-built reader: any
difference in a value, a by_period entry, a distribution, a shock or a correlation matrix
stops the script (exit 3).

Scenarios are processed in chunks (--chunk, default 8192: cache-sized chunks are the fastest
here), so memory is bounded whatever N; mean and variance are merged across chunks with Chan's
parallel formula. Results depend on the seed and on the chunk size (the order in which the
stream is consumed). Amounts are thousands of JPY.
"""
import argparse
import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
import time
from decimal import Decimal

import numpy as np


def _keep_freed_memory():
    """glibc returns freed chunk-sized arrays to the OS (munmap, heap trim) and takes them back
    with page faults on the next chunk: at some chunk sizes that doubles the run time. Keep
    freed memory in the process instead (bounded: the working set of one chunk)."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 1 << 30)   # M_MMAP_THRESHOLD: serve arrays from the heap
        libc.mallopt(-1, 1 << 31)   # M_TRIM_THRESHOLD: do not trim the heap top
    except (OSError, AttributeError):
        pass


_keep_freed_memory()

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MODEL = os.path.join(ROOT, "scenarios", "iij_fy2010", "model.yaml")
BASE = os.path.join(ROOT, "scenarios", "iij_fy2010", "base.yaml")
OUTTURN = os.path.join(ROOT, "build", "outturn")

D = dt.date

# ----------------------------------------------------------------------------------------------
# Driver table (all 53 drivers of model.yaml). dist: (type, params) or None.
#   triangular (low, mode, high); pert (low, mode, high); uniform (low, high);
#   normal (mean, sd); discrete ((values), (weights)).
# ----------------------------------------------------------------------------------------------
DRIVERS = {
    "corp_growth": (0.003, {}, ("triangular", (-0.005, 0.003, 0.01))),
    "home_growth": (-0.019, {}, ("triangular", (-0.03, -0.019, -0.008))),
    "wan_growth": (0.01, {}, ("triangular", (0.0, 0.01, 0.035))),
    "outsourcing_growth": (0.023, {}, ("triangular", (0.013, 0.023, 0.033))),
    "om_growth": (-0.015, {}, ("triangular", (-0.05, -0.015, 0.01))),
    "construction_index_q3": (0.88, {}, ("triangular", (0.75, 0.88, 1.12))),
    "construction_index_q4": (2.59, {}, ("pert", (1.53, 2.59, 3.25))),
    "equipment_to_construction": (0.0824, {}, ("triangular", (0.065, 0.0824, 0.10))),
    "network_cost_ratio": (0.809, {}, ("triangular", (0.80, 0.809, 0.822))),
    "network_cost_ratio_trend": (-0.003, {}, ("triangular", (-0.006, -0.003, 0.0))),
    "si_cost_ratio": (0.759, {}, ("triangular", (0.745, 0.759, 0.775))),
    "equipment_cost_ratio": (0.845, {}, ("triangular", (0.82, 0.845, 0.87))),
    "sga_growth": (0.015, {}, ("triangular", (0.0, 0.015, 0.03))),
    "rnd_per_quarter": (77000.0, {}, ("triangular", (60000.0, 77000.0, 95000.0))),
    "ma_one_off_expense": (0.0, {"2Q10": 56000.0}, None),
    "iijgs_consolidation_date": (D(2010, 9, 1), {}, None),
    "iijgs_monthly_revenue": (2246000.0, {}, None),
    "iijgs_monthly_cost": (1761000.0, {}, None),
    "iijgs_monthly_sga": (224000.0, {}, None),
    "iijgs_runrate_adjust": (0.0, {}, ("normal", (0.0, 0.03))),
    "iijgs_churn": (0.05, {}, ("pert", (0.0, 0.05, 0.15))),
    "iijgs_variable_cost_share": (0.70, {}, ("triangular", (0.50, 0.70, 0.90))),
    "iijgs_share_wan": (0.88, {}, ("triangular", (0.86, 0.88, 0.90))),
    "iijgs_share_outsourcing": (0.03, {}, ("triangular", (0.005, 0.03, 0.065))),
    "iijgs_sga_share_sales_marketing": (0.50, {}, ("uniform", (0.30, 0.70))),
    "iijgs_cross_sell_monthly": (30000.0, {}, ("pert", (0.0, 30000.0, 100000.0))),
    "iijgs_cross_sell_start": (D(2010, 10, 1), {}, None),
    "iijgs_cross_sell_full": (D(2011, 4, 1), {}, None),
    "iijgs_cross_sell_share_wan": (0.50, {}, ("uniform", (0.25, 0.75))),
    "iijgs_cross_sell_cost_ratio": (0.75, {}, ("triangular", (0.65, 0.75, 0.85))),
    "atm_units_installed": (148.0, {}, None),
    "atm_units_new": (250.0, {}, ("triangular", (200.0, 250.0, 270.0))),
    "atm_rollout_start": (D(2010, 11, 15), {}, None),
    "atm_rollout_days": (92.0, {}, ("triangular", (60.0, 92.0, 150.0))),
    "atm_new_unit_usage": (0.60, {}, ("triangular", (0.40, 0.60, 0.85))),
    "atm_commission": (150.0, {}, None),
    "atm_withdrawals_per_day": (60.01517822169996, {"1Q10": 52.37154737154737}, None),
    "atm_usage_growth": (0.05, {}, ("triangular", (0.0, 0.05, 0.12))),
    "atm_existing_cost": (226970.0, {"1Q10": 229148.0}, None),
    "atm_cost_per_unit_month": (150.0, {}, ("triangular", (100.0, 150.0, 250.0))),
    "atm_sga_per_quarter": (36420.0, {}, ("triangular", (30000.0, 36420.0, 50000.0))),
    "nci_share_atm_loss": (0.34, {}, ("triangular", (0.30, 0.34, 0.38))),
    "interest_income_per_quarter": (6000.0, {}, ("triangular", (4000.0, 6000.0, 8000.0))),
    "interest_expense_base": (53000.0, {}, ("triangular", (48000.0, 53000.0, 58000.0))),
    "new_borrowing": (9000000.0, {}, ("discrete", ((9000000.0, 6000000.0, 4500000.0), (0.7, 0.2, 0.1)))),
    "borrowing_date": (D(2010, 9, 1), {}, None),
    "borrowing_rate": (0.007, {}, ("triangular", (0.005, 0.007, 0.012))),
    "fx_gain_loss": (0.0, {}, ("normal", (0.0, 10000.0))),
    "investment_gains_losses": (-35000.0, {}, ("triangular", (-150000.0, -35000.0, 10000.0))),
    "other_misc_per_quarter": (15000.0, {}, ("triangular", (0.0, 15000.0, 30000.0))),
    "tax_rate": (0.40, {}, ("triangular", (0.30, 0.40, 0.57))),
    "tax_rate_q4": (0.30, {}, ("triangular", (0.20, 0.30, 0.42))),
    "equity_method_per_quarter": (30000.0, {}, ("triangular", (-5000.0, 30000.0, 85000.0))),
}
UNCERTAIN = [k for k, v in DRIVERS.items() if v[2] is not None]

# Per-period AR(1) shocks (sweeps): driver -> (sd, ar1). In each forecast period the driver is
# its sampled value plus e_t, e_3Q = sd N, e_4Q = ar1 e_3Q + sqrt(1 - ar1^2) sd N.
SHOCKS = {"outsourcing_growth": (0.0025, 0.0)}

# Correlated groups (Gaussian copula in Monte Carlo): (drivers, correlation matrix).
CORRELATIONS = [
    (("corp_growth", "wan_growth", "outsourcing_growth", "om_growth", "iijgs_share_wan", "iijgs_share_outsourcing"),
     ((1.0, 0.3, 0.3, 0.2, 0.0, 0.0),
      (0.3, 1.0, 0.45, 0.2, -0.5, 0.0),
      (0.3, 0.45, 1.0, 0.3, 0.0, -0.3),
      (0.2, 0.2, 0.3, 1.0, 0.0, 0.0),
      (0.0, -0.5, 0.0, 0.0, 1.0, 0.0),
      (0.0, 0.0, -0.3, 0.0, 0.0, 1.0))),
    (("iijgs_runrate_adjust", "iijgs_churn", "iijgs_cross_sell_monthly"),
     ((1.0, -0.4, 0.2),
      (-0.4, 1.0, -0.3),
      (0.2, -0.3, 1.0))),
    (("construction_index_q3", "construction_index_q4", "si_cost_ratio"),
     ((1.0, -0.3, 0.0),
      (-0.3, 1.0, 0.3),
      (0.0, 0.3, 1.0))),
    (("tax_rate", "tax_rate_q4"),
     ((1.0, -0.3),
      (-0.3, 1.0))),
    (("atm_units_new", "atm_rollout_days"),
     ((1.0, -0.3),
      (-0.3, 1.0))),
]

# ----------------------------------------------------------------------------------------------
# 1H10 actuals (thousands of JPY): 2Q10 from the three-month statement, 1Q10 = 1H10 - 2Q10.
# ----------------------------------------------------------------------------------------------
A2Q = dict(corp=3_475_135, home=1_657_391, wan=2_644_320, outs=3_605_094, om=4_240_732,
           sm=1_476_655, ga=1_338_928)
CONS_1Q, CONS_2Q = 4_498_738 - 2_487_243, 2_487_243
ACT_1H = dict(revenue=34_272_080, operating_income=1_201_091, pretax_income=1_005_964, net_income_iij=859_277)

TARGETS = [  # (outturn target name, line, FY10 target)
    ("revenue_fy", "revenue", 84_500_000.0),
    ("operating_income_fy", "operating_income", 4_800_000.0),
    ("pretax_income_fy", "pretax_income", 4_100_000.0),
    ("net_income_iij_fy", "net_income_iij", 3_000_000.0),
]

# ----------------------------------------------------------------------------------------------
# Calendar: quarters [start, end), day numbers = proleptic ordinals (only differences matter).
# ----------------------------------------------------------------------------------------------
P_START = {"2Q10": D(2010, 7, 1), "3Q10": D(2010, 10, 1), "4Q10": D(2011, 1, 1)}
P_END = {"2Q10": D(2010, 10, 1), "3Q10": D(2011, 1, 1), "4Q10": D(2011, 4, 1)}
P_INDEX = {"2Q10": 1, "3Q10": 2, "4Q10": 3}   # period.index (1Q10 = 0)
P_MONTHS = 3.0                                  # period.months of a quarter


def months_after(p, d):
    """months of period p on or after date d, each month counted by the fraction of its days."""
    s, e = P_START[p], P_END[p]
    total, m = 0.0, s
    while m < e:
        nxt = D(m.year + m.month // 12, m.month % 12 + 1, 1)
        days = (nxt - m).days
        total += max(0, min((nxt - max(d, m)).days, days)) / days
        m = nxt
    return total


def ramp(p, a, b):
    """exact average over [start, end) of period p of clamp((t - a) / (b - a), 0, 1); a scalar
    day number, b a scalar or an array of day numbers (b > a)."""
    s, e = float(P_START[p].toordinal()), float(P_END[p].toordinal())
    b = np.asarray(b, dtype=np.float64)
    w = b - a

    def F(t):  # integral of the clamped ramp from -inf to t
        return np.where(t <= a, 0.0, np.where(t <= b, (t - a) ** 2 / (2 * w), w / 2 + (t - b)))
    return (F(e) - F(s)) / (e - s)


# ----------------------------------------------------------------------------------------------
# The model, vectorized: x maps driver name -> array (uncertain) or float (fixed).
# Returns {line: (3Q10, 4Q10)} for the lines of the statement.
# ----------------------------------------------------------------------------------------------
def forecast(x):
    def dv(name, p):
        val, byp, _ = DRIVERS[name]
        if name in x:
            return X(name, p)
        return byp.get(p, val)

    def X(name, p):  # a sampled driver in period p (its shocked value where it has one)
        v = x.get((name, p))
        return x[name] if v is None else v

    cons_date = dv("iijgs_consolidation_date", "3Q10").toordinal()

    def iijgs(p):
        actual = p == "2Q10"
        s, e = P_START[p].toordinal(), P_END[p].toordinal()
        sw, so = X("iijgs_share_wan", p), X("iijgs_share_outsourcing", p)
        xw, ssm, churn = X("iijgs_cross_sell_share_wan", p), X("iijgs_sga_share_sales_marketing", p), X("iijgs_churn", p)
        g = {}
        months = months_after(p, dv("iijgs_consolidation_date", p))
        elapsed = max(0.0, (s + e) / 2 - cons_date) / 365
        g["volume"] = (1 - churn) ** elapsed * (1 + (0.0 if actual else X("iijgs_runrate_adjust", p)))
        g["cross"] = (X("iijgs_cross_sell_monthly", p)
                      * ramp(p, float(dv("iijgs_cross_sell_start", p).toordinal()),
                             float(dv("iijgs_cross_sell_full", p).toordinal())) * P_MONTHS)
        g["base_revenue"] = months * dv("iijgs_monthly_revenue", p) * g["volume"]
        g["revenue"] = g["base_revenue"] + g["cross"]
        g["revenue_wan"] = g["base_revenue"] * sw + g["cross"] * xw
        g["revenue_outsourcing"] = g["base_revenue"] * so + g["cross"] * (1 - xw)
        g["revenue_network"] = g["revenue_wan"] + g["revenue_outsourcing"]
        g["revenue_si_operation"] = g["base_revenue"] * (1 - sw - so)
        g["base_cost"] = months * dv("iijgs_monthly_cost", p) * (1 - X("iijgs_variable_cost_share", p) * (1 - g["volume"]))
        g["cost"] = g["base_cost"] + g["cross"] * X("iijgs_cross_sell_cost_ratio", p)
        g["cost_si"] = g["base_cost"] * (1 - sw - so)
        g["cost_network"] = g["cost"] - g["cost_si"]
        g["sga"] = months * dv("iijgs_monthly_sga", p)
        g["sga_sales_marketing"] = g["sga"] * ssm
        g["sga_general_admin"] = g["sga"] - g["sga_sales_marketing"]
        g["operating_income"] = g["revenue"] - g["cost"] - g["sga"]
        return g

    def atm(p):
        s, e = P_START[p].toordinal(), P_END[p].toordinal()
        start = float(dv("atm_rollout_start", p).toordinal())
        inst, new = dv("atm_units_installed", p), X("atm_units_new", p)
        a = {}
        a["units"] = inst + new * ramp(p, start, start + X("atm_rollout_days", p))
        a["effective_units"] = inst + (a["units"] - inst) * X("atm_new_unit_usage", p)
        a["usage"] = dv("atm_withdrawals_per_day", p) * (1 + X("atm_usage_growth", p)) ** max(0, P_INDEX[p] - 1)
        a["withdrawals"] = a["effective_units"] * a["usage"] * (e - s)
        a["revenue"] = a["withdrawals"] * dv("atm_commission", p) / 1000
        a["cost"] = dv("atm_existing_cost", p) + (a["units"] - inst) * X("atm_cost_per_unit_month", p) * P_MONTHS
        a["sga"] = X("atm_sga_per_quarter", p)
        a["operating_income"] = a["revenue"] - a["cost"] - a["sga"]
        return a

    # prev() of 3Q10 is 2Q10: actual lines, and the component memos of 2Q10 (which do depend on
    # sampled drivers: the IIJ-GS shares and the S&M share of its SG&A).
    prev = {
        "revenue.network.connectivity_corporate": float(A2Q["corp"]),
        "revenue.network.connectivity_home": float(A2Q["home"]),
        "revenue.network.wan": float(A2Q["wan"]),
        "revenue.network.outsourcing": float(A2Q["outs"]),
        "revenue.si.operation": float(A2Q["om"]),
        "expense.sales_marketing": float(A2Q["sm"]),
        "expense.general_admin": float(A2Q["ga"]),
        "oneoff.ma_expense": dv("ma_one_off_expense", "2Q10"),
    }
    g_prev = iijgs("2Q10")
    out = {}
    for p in ("3Q10", "4Q10"):
        g, a = iijgs(p), atm(p)
        v = {}
        v["revenue.network.connectivity_corporate"] = prev["revenue.network.connectivity_corporate"] * (1 + X("corp_growth", p))
        v["revenue.network.connectivity_home"] = prev["revenue.network.connectivity_home"] * (1 + X("home_growth", p))
        v["revenue.network.wan"] = (prev["revenue.network.wan"] - g_prev["revenue_wan"]) * (1 + X("wan_growth", p)) + g["revenue_wan"]
        v["revenue.network.outsourcing"] = ((prev["revenue.network.outsourcing"] - g_prev["revenue_outsourcing"])
                                            * (1 + X("outsourcing_growth", p)) + g["revenue_outsourcing"])
        ci = X("construction_index_q3", p) if p == "3Q10" else X("construction_index_q4", p)
        v["revenue.si.construction"] = (CONS_1Q + CONS_2Q) / 2 * ci
        v["revenue.si.operation"] = ((prev["revenue.si.operation"] - g_prev["revenue_si_operation"]) * (1 + X("om_growth", p))
                                     + g["revenue_si_operation"])
        v["revenue.equipment"] = v["revenue.si.construction"] * X("equipment_to_construction", p)
        v["revenue.atm"] = a["revenue"]
        v["revenue.network"] = (v["revenue.network.connectivity_corporate"] + v["revenue.network.connectivity_home"]
                                + v["revenue.network.wan"] + v["revenue.network.outsourcing"])
        v["revenue.si"] = v["revenue.si.construction"] + v["revenue.si.operation"]
        v["revenue"] = v["revenue.network"] + v["revenue.si"] + v["revenue.equipment"] + v["revenue.atm"]
        ratio = X("network_cost_ratio", p) + X("network_cost_ratio_trend", p) * (P_INDEX[p] - 1)
        v["cost.network"] = (v["revenue.network"] - g["revenue_network"]) * ratio + g["cost_network"]
        v["cost.si"] = (v["revenue.si"] - g["revenue_si_operation"]) * X("si_cost_ratio", p) + g["cost_si"]
        v["cost.equipment"] = v["revenue.equipment"] * X("equipment_cost_ratio", p)
        v["cost.atm"] = a["cost"]
        sga_g = 1 + X("sga_growth", p)
        ma = dv("ma_one_off_expense", p)
        v["expense.sales_marketing"] = (prev["expense.sales_marketing"] - g_prev["sga_sales_marketing"]) * sga_g + g["sga_sales_marketing"]
        v["expense.general_admin"] = ((prev["expense.general_admin"] - g_prev["sga_general_admin"] - prev["oneoff.ma_expense"]) * sga_g
                                      + g["sga_general_admin"] + ma)
        v["expense.rnd"] = X("rnd_per_quarter", p)
        v["cost"] = v["cost.network"] + v["cost.si"] + v["cost.equipment"] + v["cost.atm"]
        v["expense"] = v["expense.sales_marketing"] + v["expense.general_admin"] + v["expense.rnd"]
        v["cost_and_expenses"] = v["cost"] + v["expense"]
        v["operating_income"] = v["revenue"] - v["cost"] - v["expense"]
        v["other.interest_income"] = X("interest_income_per_quarter", p)
        v["other.interest_expense"] = -(X("interest_expense_base", p) + X("new_borrowing", p) * X("borrowing_rate", p)
                                        * months_after(p, dv("borrowing_date", p)) / 12)
        v["other.fx"] = X("fx_gain_loss", p)
        v["other.investments"] = X("investment_gains_losses", p)
        v["other.misc"] = X("other_misc_per_quarter", p)
        v["other"] = (v["other.interest_income"] + v["other.interest_expense"] + v["other.fx"]
                      + v["other.investments"] + v["other.misc"])
        v["pretax_income"] = v["operating_income"] + v["other"]
        v["income_tax"] = v["pretax_income"] * (X("tax_rate_q4", p) if p == "4Q10" else X("tax_rate", p))
        v["equity_method_income"] = X("equity_method_per_quarter", p)
        v["net_loss_noncontrolling"] = -a["operating_income"] * X("nci_share_atm_loss", p)
        v["net_income"] = v["pretax_income"] - v["income_tax"] + v["equity_method_income"]
        v["net_income_iij"] = v["net_income"] + v["net_loss_noncontrolling"]
        v["oneoff.ma_expense"] = ma
        for k, val in g.items():
            v["iijgs." + k] = val
        for k, val in a.items():
            v["atm." + k] = val
        out[p] = v
        prev, g_prev = v, g
    return out


def fy(out, line):
    return ACT_1H[line] + out["3Q10"][line] + out["4Q10"][line]


# ----------------------------------------------------------------------------------------------
# Sampling
# ----------------------------------------------------------------------------------------------
def _triangular_q(u, lo, mode, hi):
    fc = (mode - lo) / (hi - lo)
    return np.where(u < fc, lo + np.sqrt(u * (hi - lo) * (mode - lo)), hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode)))


class BetaQuantile:
    """inverse CDF of Beta(a, b): linear interpolation in a table of scipy's betaincinv at
    4096 + 1 equally spaced probabilities, then two Newton steps on scipy's betainc, kept
    inside the table cell (which brackets the root); betaincinv itself in the outer cells.
    Agrees with betaincinv to ~1e-15 and is several times faster."""

    def __init__(self, a, b, nodes=4096):
        from scipy import special
        self.sp, self.a, self.b, self.nodes = special, a, b, nodes
        self.x = special.betaincinv(a, b, np.linspace(0.0, 1.0, nodes + 1))
        self.x[0], self.x[-1] = 0.0, 1.0
        self.lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)

    def __call__(self, u):
        pos = u * self.nodes
        i = np.minimum(pos.astype(np.int64), self.nodes - 1)
        lo, hi = self.x[i], self.x[i + 1]
        x = lo + (pos - i) * (hi - lo)
        with np.errstate(divide="ignore", invalid="ignore"):
            for _ in range(2):
                f = self.sp.betainc(self.a, self.b, x) - u
                pdf = np.exp((self.a - 1) * np.log(x) + (self.b - 1) * np.log1p(-x) - self.lbeta)
                step = np.where(pdf > 0, f / pdf, 0.0)
                x = np.clip(x - step, lo, hi)
        # Near 0 and 1 the density vanishes and Newton from the chord converges slowly: the
        # outer cells (0.4% of the probability) take the exact betaincinv.
        tail = (i < 8) | (i >= self.nodes - 8)
        if tail.any():
            x[tail] = self.sp.betaincinv(self.a, self.b, u[tail])
        return x


_BETA_Q = {}


def _quantile(name, u):
    """driver `name`'s inverse CDF at probabilities u (for the copula)."""
    kind, par = DRIVERS[name][2]
    if kind == "triangular":
        return _triangular_q(u, *par)
    if kind == "uniform":
        return par[0] + u * (par[1] - par[0])
    if kind == "pert":
        lo, mode, hi = par
        r = hi - lo
        if name not in _BETA_Q:
            _BETA_Q[name] = BetaQuantile(1 + 4 * (mode - lo) / r, 1 + 4 * (hi - mode) / r)
        return lo + r * _BETA_Q[name](u)
    if kind == "discrete":
        vals, w = par
        cum = np.cumsum(w) / sum(w)
        return np.asarray(vals)[np.minimum(np.searchsorted(cum, u, side="left"), len(vals) - 1)]
    raise AssertionError(kind)


_FACTORS = {}


def _factor(matrix):
    """B with B B^T = C (eigen factor: exists for semi-definite C too)."""
    key = tuple(map(tuple, matrix))
    if key not in _FACTORS:
        c = np.asarray(matrix, dtype=np.float64)
        w, v = np.linalg.eigh(c)
        _FACTORS[key] = v * np.sqrt(np.maximum(w, 0.0))
    return _FACTORS[key]


def sample(rng, n):
    """the 40 uncertain drivers of n scenarios: {name: array}, plus {(name, period): array} for
    the shocked periods. Independent drivers use numpy's samplers (triangular by inverse CDF,
    PERT by numpy's beta); correlated groups a Gaussian copula (z ~ N(0, C), u = Phi(z), then
    each driver's inverse CDF; a normal driver takes mean + sd z directly)."""
    x = {}
    grouped = {d for drivers, _ in CORRELATIONS for d in drivers}
    for name in UNCERTAIN:
        if name in grouped:
            continue
        kind, par = DRIVERS[name][2]
        if kind == "triangular":
            x[name] = _triangular_q(rng.random(n), *par)
        elif kind == "pert":
            lo, mode, hi = par
            r = hi - lo
            x[name] = lo + r * rng.beta(1 + 4 * (mode - lo) / r, 1 + 4 * (hi - mode) / r, n)
        elif kind == "uniform":
            x[name] = rng.uniform(par[0], par[1], n)
        elif kind == "normal":
            x[name] = rng.normal(par[0], par[1], n)
        elif kind == "discrete":
            vals, w = par
            x[name] = rng.choice(np.asarray(vals), size=n, p=np.asarray(w) / sum(w))
        else:
            raise AssertionError(kind)
    if CORRELATIONS:
        from scipy.special import ndtr
    for drivers, matrix in CORRELATIONS:
        z = _factor(matrix) @ rng.standard_normal((len(drivers), n))
        for k, name in enumerate(drivers):
            kind, par = DRIVERS[name][2]
            if kind == "normal":
                x[name] = par[0] + par[1] * z[k]
            else:
                x[name] = _quantile(name, np.clip(ndtr(z[k]), 2.0 ** -60, 1 - 2.0 ** -53))
    for name, (sd, ar1) in SHOCKS.items():
        e = sd * rng.standard_normal(n)
        x[(name, "3Q10")] = x[name] + e
        e = ar1 * e + math.sqrt(1 - ar1 * ar1) * sd * rng.standard_normal(n)
        x[(name, "4Q10")] = x[name] + e
    return x


def base_inputs():
    return {name: np.array([DRIVERS[name][0]]) for name in UNCERTAIN}


# ----------------------------------------------------------------------------------------------
# Check the table against model.yaml (a reader for this file's regular `drivers:` section)
# ----------------------------------------------------------------------------------------------
def _scalar(t):
    t = t.strip().strip('"').strip("'")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        return D.fromisoformat(t)
    t = t.replace("_", "")
    if t.endswith("%"):
        return float(Decimal(t[:-1]) / 100)
    try:
        return float(Decimal(t))
    except Exception:
        return t


def _flow(t):
    """{a: 1, b: [1, 2]} -> dict (flat flow maps with flat lists, as model.yaml writes them)."""
    t = t.strip()
    if not (t.startswith("{") and t.endswith("}")):
        raise ValueError(f"not a flow map: {t}")
    out, depth, cur, parts = {}, 0, "", []
    for ch in t[1:-1]:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    for part in parts:
        k, v = part.split(":", 1)
        v = v.strip()
        out[k.strip()] = tuple(_scalar(e) for e in v[1:-1].split(",")) if v.startswith("[") else _scalar(v)
    return out


def _strip_comment(line):
    """drops a trailing ` # comment` (outside quotes)."""
    q = None
    for i, ch in enumerate(line):
        if ch in "\"'" and q is None:
            q = ch
        elif ch == q:
            q = None
        elif ch == "#" and q is None and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line


def read_model(path):
    """(drivers, correlations) from model.yaml: drivers {name: {value, by_period, distribution,
    shocks}}, correlations [(drivers tuple, matrix tuple of tuples)]."""
    drivers, corr, cur, section = {}, [], None, None
    for raw in open(path, encoding="utf-8"):
        line = _strip_comment(raw.rstrip("\n"))
        if not line.strip():
            continue
        if not line.startswith(" "):
            section = line.split(":", 1)[0]
            continue
        if section == "drivers":
            m = re.match(r"^  ([A-Za-z0-9_]+):\s*$", line)
            if m:
                cur = m.group(1)
                drivers[cur] = {"value": None, "by_period": {}, "distribution": None, "shocks": None}
                continue
            m = re.match(r"^    (value|by_period|distribution|shocks):\s*(.*)$", line)
            if m:
                key, val = m.groups()
                drivers[cur][key] = _scalar(val) if key == "value" else _flow(val)
        elif section == "correlations":
            m = re.match(r"^  - drivers:\s*\[(.*)\]\s*$", line)
            if m:
                corr.append({"drivers": tuple(d.strip() for d in m.group(1).split(",")), "matrix": [], "nearest": None})
                continue
            m = re.match(r"^      - \[(.*)\]\s*$", line)
            if m:
                corr[-1]["matrix"].append(tuple(float(Decimal(v.strip())) for v in m.group(1).split(",")))
                continue
            m = re.match(r"^    nearest:\s*(\S+)\s*$", line)
            if m:
                corr[-1]["nearest"] = m.group(1)
                continue
            if not re.match(r"^    matrix:\s*$", line):
                raise ValueError(f"model.yaml correlations: unexpected line: {line}")
    return drivers, [(c["drivers"], tuple(c["matrix"]), c["nearest"]) for c in corr]


def _table_dist(dist):
    if dist is None:
        return None
    kind, par = dist
    keys = {"triangular": ("low", "mode", "high"), "pert": ("low", "mode", "high"), "uniform": ("low", "high"),
            "normal": ("mean", "sd"), "discrete": ("values", "weights")}[kind]
    return dict(type=kind, **dict(zip(keys, par)))


def check_table(path=MODEL):
    """differences between the script's tables (DRIVERS, SHOCKS, CORRELATIONS) and model.yaml
    (empty list: in sync)."""
    y, corr = read_model(path)
    diffs = []
    for name in sorted(set(y) | set(DRIVERS)):
        if name not in y:
            diffs.append(f"{name}: in the script, not in model.yaml")
            continue
        if name not in DRIVERS:
            diffs.append(f"{name}: in model.yaml, not in the script")
            continue
        val, byp, dist = DRIVERS[name]
        if y[name]["value"] != val:
            diffs.append(f"{name}.value: model.yaml {y[name]['value']!r}, script {val!r}")
        if y[name]["by_period"] != byp:
            diffs.append(f"{name}.by_period: model.yaml {y[name]['by_period']!r}, script {byp!r}")
        if y[name]["distribution"] != _table_dist(dist):
            diffs.append(f"{name}.distribution: model.yaml {y[name]['distribution']!r}, script {_table_dist(dist)!r}")
        mine = {"sd": SHOCKS[name][0], "ar1": SHOCKS[name][1]} if name in SHOCKS else None
        if y[name]["shocks"] != mine:
            diffs.append(f"{name}.shocks: model.yaml {y[name]['shocks']!r}, script {mine!r}")
    theirs = [(d, m) for d, m, _ in corr]
    if theirs != [(tuple(d), tuple(map(tuple, m))) for d, m in CORRELATIONS]:
        diffs.append(f"correlations: model.yaml {theirs!r}, script {CORRELATIONS!r}")
    for d, m, nearest in corr:
        if nearest not in (None, "false") or np.linalg.eigvalsh(np.asarray(m)).min() < -1e-12:
            diffs.append(f"correlations {d}: not positive semi-definite or `nearest:` set (not implemented here)")
    return diffs


# ----------------------------------------------------------------------------------------------
# Streaming statistics
# ----------------------------------------------------------------------------------------------
class Acc:
    def __init__(self):
        self.n, self.mean, self.m2 = 0, 0.0, 0.0
        self.min, self.max = math.inf, -math.inf
        self.meets = 0

    def add(self, v, target):
        nb = v.size
        mb = float(v.mean())
        m2b = float(((v - mb) ** 2).sum())
        n = self.n + nb
        delta = mb - self.mean
        self.mean += delta * nb / n
        self.m2 += m2b + delta * delta * self.n * nb / n
        self.n = n
        self.min = min(self.min, float(v.min()))
        self.max = max(self.max, float(v.max()))
        self.meets += int(np.count_nonzero(v >= target))


def wilson(k, n, z=1.959963984540054):
    p = k / n
    den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, c - h), min(1.0, c + h)


def monte_carlo(n, seed, chunk):
    rng = np.random.default_rng(seed)
    accs = {t[0]: Acc() for t in TARGETS}
    all_meets = 0
    t0 = time.perf_counter()
    done = 0
    while done < n:
        m = min(chunk, n - done)
        out = forecast(sample(rng, m))
        ok_all = np.ones(m, dtype=bool)
        for name, line, target in TARGETS:
            v = fy(out, line)
            accs[name].add(v, target)
            ok_all &= v >= target
        all_meets += int(np.count_nonzero(ok_all))
        done += m
    seconds = time.perf_counter() - t0
    res = {"implementation": "numpy", "numpy": np.__version__, "method": "mc", "seed": seed, "samples": n,
           "chunk": chunk, "seconds": seconds, "scenarios_per_s": n / seconds if seconds > 0 else None,
           "drivers": UNCERTAIN, "targets": []}
    for name, line, target in TARGETS:
        a = accs[name]
        lo, hi = wilson(a.meets, a.n)
        res["targets"].append({"target": name, "line": line, "span": "FY10", "target_value": target,
                               "mean": a.mean, "sd": math.sqrt(a.m2 / (a.n - 1)) if a.n > 1 else 0.0,
                               "min": a.min, "max": a.max, "meets": a.meets, "p_meet": a.meets / a.n,
                               "p_meet_interval": [lo, hi]})
    lo, hi = wilson(all_meets, n)
    res["p_all"], res["p_all_interval"], res["all_meets"] = all_meets / n, [lo, hi], all_meets
    return res


# ----------------------------------------------------------------------------------------------
# Checks against the engine
# ----------------------------------------------------------------------------------------------
def deterministic_check(outturn, tol=1e-9):
    """every forecast line and the FY10 targets with each driver at its model value, against
    `outturn run base.yaml --format json`. Returns (ok, report dict)."""
    out = forecast(base_inputs())
    run = json.loads(subprocess.run([outturn, "run", BASE, "--format", "json"], check=True,
                                    capture_output=True, text=True).stdout)
    cols = [c["label"] for c in run["columns"]]
    eng = {ln["name"]: dict(zip(cols, ln["values"])) for ln in run["lines"]}
    worst, n, rows = (0.0, None), 0, []
    for p in ("3Q10", "4Q10"):
        for line, val in out[p].items():
            if line in eng and eng[line][p] is not None:
                mine = float(np.asarray(val).reshape(-1)[0])
                ref = eng[line][p]
                rel = abs(mine - ref) / max(abs(ref), 1.0)
                n += 1
                if rel > worst[0]:
                    worst = (rel, f"{line} {p}")
    for name, line, target in TARGETS:
        mine = float(fy(out, line)[0])
        ref = eng[line]["FY10"]
        rel = abs(mine - ref) / max(abs(ref), 1.0)
        rows.append({"target": name, "numpy": mine, "outturn": ref, "rel_diff": rel})
        n += 1
        if rel > worst[0]:
            worst = (rel, f"{line} FY10")
    ok = worst[0] <= tol
    return ok, {"cells_compared": n, "max_rel_diff": worst[0], "at": worst[1], "tolerance": tol, "fy": rows, "ok": ok}


def pointwise_check(outturn, k=20000, seed=7, tol=1e-9):
    """outturn's own sampled scenarios (`sweep --dump`: the 40 drivers and the targets of each),
    re-evaluated here: every FY10 target of every scenario must agree to `tol` relative. This
    checks the arithmetic over the whole support of the distributions, scenario by scenario."""
    import csv
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        # The dump holds each driver's sampled value, not its per-period shocks: re-evaluate a
        # copy of the model without `shocks:` (the shocks are checked statistically instead).
        model = os.path.join(tmp, "model.yaml")
        with open(MODEL, encoding="utf-8") as src, open(model, "w", encoding="utf-8") as dst:
            dst.writelines(ln for ln in src if not re.match(r"^    shocks:", ln))
        dump = os.path.join(tmp, "dump.csv")
        subprocess.run([outturn, "sweep", model, "-n", str(k), "--seed", str(seed), "--method", "mc",
                        "--format", "json", "--dump", dump, "--dump-limit", str(k), "-o", os.path.join(tmp, "s.json")],
                       check=True, capture_output=True, text=True)
        with open(dump, encoding="utf-8") as f:
            rows = list(csv.reader(f))
    hdr, data = rows[0], np.array([[float(v) for v in r] for r in rows[1:]])
    col = {h: i for i, h in enumerate(hdr)}
    missing = [d for d in UNCERTAIN if d not in col]
    if missing or len([h for h in hdr if h in DRIVERS]) != len(UNCERTAIN):
        raise SystemExit(f"dump columns differ from the script's uncertain drivers: missing {missing}")
    x = {d: data[:, col[d]] for d in UNCERTAIN}
    out = forecast(x)
    worst, at = 0.0, None
    for name, line, _ in TARGETS:
        ref = data[:, col[name]]
        rel = np.abs(fy(out, line) - ref) / np.maximum(np.abs(ref), 1.0)
        i = int(np.argmax(rel))
        if rel[i] > worst:
            worst, at = float(rel[i]), f"{name}, scenario {int(data[i, 0])}"
    ok = worst <= tol
    return ok, {"scenarios": len(data), "seed": seed, "shocks_removed": sorted(SHOCKS), "max_rel_diff": worst, "at": at, "tolerance": tol, "ok": ok}


def compare(numpy_res, sweep_res, z_max=4.0):
    """z-scores of the differences of the means (and of P(meet)) between two independent runs."""
    eng = {t["target"]: t for t in sweep_res["targets"]}
    n1, n2 = numpy_res["samples"], sweep_res["samples"]
    rows, ok = [], True
    for t in numpy_res["targets"]:
        e = eng[t["target"]]
        se = math.sqrt(t["sd"] ** 2 / n1 + e["sd"] ** 2 / n2)
        z = (t["mean"] - e["mean"]) / se if se > 0 else 0.0
        p1, p2 = t["p_meet"], e["p_meet"]
        sep = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        zp = (p1 - p2) / sep if sep > 0 else 0.0
        rows.append({"target": t["target"], "mean_numpy": t["mean"], "mean_outturn": e["mean"], "se": se, "z_mean": z,
                     "sd_numpy": t["sd"], "sd_outturn": e["sd"], "sd_rel_diff": t["sd"] / e["sd"] - 1 if e["sd"] else None,
                     "p_meet_numpy": p1, "p_meet_outturn": p2, "z_p_meet": zp})
        ok &= abs(z) <= z_max and abs(zp) <= z_max
    return {"n_numpy": n1, "n_outturn": n2, "z_max": z_max, "targets": rows, "ok": ok}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--samples", type=float, default=1e6, help="scenarios (default 1e6)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=1 << 13, help="scenarios per chunk (default 8192: cache-sized chunks are the fastest here)")
    ap.add_argument("--deterministic", action="store_true",
                    help="every driver at its model value; compare with `outturn run base.yaml` to 1e-9 relative")
    ap.add_argument("--pointwise", type=int, metavar="K", default=0,
                    help="with --deterministic: also re-evaluate K scenarios sampled by `outturn sweep --dump` "
                         "and compare every FY10 target to 1e-9 relative")
    ap.add_argument("--compare", metavar="SWEEP_JSON",
                    help="also compare with an `outturn sweep --format json` output (z-scores of the means)")
    ap.add_argument("--outturn", default=OUTTURN, help="outturn binary (for --deterministic)")
    ap.add_argument("-o", "--output", help="write the JSON here instead of stdout")
    a = ap.parse_args(argv)

    diffs = check_table()
    if diffs:
        print("iij_numpy.py: the driver table is out of sync with model.yaml:", file=sys.stderr)
        for d in diffs:
            print("  " + d, file=sys.stderr)
        return 3
    if len(UNCERTAIN) != 40:
        print(f"iij_numpy.py: expected 40 uncertain drivers, have {len(UNCERTAIN)}", file=sys.stderr)
        return 3

    if a.deterministic:
        ok, rep = deterministic_check(a.outturn)
        res = {"deterministic": rep}
        if a.pointwise > 0:
            ok2, rep2 = pointwise_check(a.outturn, a.pointwise)
            res["pointwise"] = rep2
            ok = ok and ok2
        rc = 0 if ok else 1
    else:
        n = int(a.samples)
        if n < 2 or a.chunk < 1:
            ap.error("need -n >= 2 and --chunk >= 1")
        res = monte_carlo(n, a.seed, a.chunk)
        rc = 0
        if a.compare:
            res["comparison"] = compare(res, json.load(open(a.compare, encoding="utf-8")))
            rc = 0 if res["comparison"]["ok"] else 1
    text = json.dumps(res, indent=2) + "\n"
    if a.output:
        tmp = a.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, a.output)
    else:
        sys.stdout.write(text)
    return rc


if __name__ == "__main__":
    sys.exit(main())
