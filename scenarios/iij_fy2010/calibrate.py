#!/usr/bin/python3
# (Over 600 lines on purpose: every calibration of the IIJ model, written out by hand in one
# place, so that it can be read against the model file line by line.)
"""Calibrations and a hand computation of the IIJ FY2010 model, to cross-check the engine.

Run with the system Python (stdlib; numpy/pandas not needed):

    /usr/bin/python3 scenarios/iij_fy2010/calibrate.py                 # calibrations + base forecast
    /usr/bin/python3 scenarios/iij_fy2010/calibrate.py bear.yaml       # a scenario file of this folder
    /usr/bin/python3 scenarios/iij_fy2010/calibrate.py --all           # summary of every scenario file
    /usr/bin/python3 scenarios/iij_fy2010/calibrate.py --target-path   # solve the target path drivers
    /usr/bin/python3 scenarios/iij_fy2010/calibrate.py --compare run.csv bear.yaml   # engine CSV vs hand

What it does
  1. Seed figures (the 1H FY2010 release, thousands of JPY) are typed in below, each with the
     table it comes from; 1Q10 = 1H10 - 2Q10. It re-adds every subtotal and checks it against
     the reported one to the thousand yen.
  2. History (shared/data/iij_history_fy2008_fy2009.csv, or the file $IIJ_HISTORY_CSV names;
     JPY millions) plus the seed's WAN/outsourcing reference tables give the FY2008-FY2009
     quarterly growth rates and the systems-construction seasonality (the 3Q/4Q construction
     figures are not published; they are backed out of total revenues, stated assumptions
     printed).
  3. Driver values are read from model.yaml (and the scenario file, if given) with a small
     reader for the subset of YAML this folder uses, and the model's formulas are recomputed
     by hand, line by line, for 1Q10..4Q10 and the spans 1H10, 2H10, 9M10, FY10.

The hand computation mirrors the formulas in model.yaml one for one. Calendar functions follow
the spec: months_after(d) counts each month of the period by the fraction of its days on or
after d; ramp(d0, d1) is the exact average over the period [start, end) of the continuous ramp
clamp((t - d0) / (d1 - d0), 0, 1). If the engine evaluates ramps day by day instead, ATM and
cross-selling figures can differ by a few hundred thousand yen.
"""
import csv
import datetime as dt
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# The history CSV: $IIJ_HISTORY_CSV if set, else shared/data/ of the checkout.
HIST_CANDIDATES = [p for p in (
    os.environ.get("IIJ_HISTORY_CSV"),
    os.path.join(ROOT, "shared", "data", "iij_history_fy2008_fy2009.csv"),
) if p]

# ----------------------------------------------------------------------------------------------
# 1. Seed figures, thousands of JPY
#    "Quarterly Consolidated Statements of Income (Unaudited) (For the six months ended
#     September 30, 2009 and September 30, 2010)"  -> 1H10 (and 1H09)
#    "Quarterly Consolidated Statements of Income (Unaudited) (Three Months ended
#     September 30, 2009 and September 30, 2010)" -> 2Q10 (and 2Q09)
# ----------------------------------------------------------------------------------------------
SEED_1H10 = dict(
    corp=6_940_955, home=3_351_827, wan=3_297_421, outs=7_095_752,
    cons=4_498_738, om=8_488_261, eq=370_750, atm=228_376,
    c_net=16_802_569, c_si=9_858_693, c_eq=313_161, c_atm=456_118,
    sm=2_883_026, ga=2_603_796, rnd=153_626,
    o_ii=12_431, o_ie=-118_348, o_fx=-17_448, o_inv=32_503 - 170_091, o_misc=65_826,
    tax=280_210, eqm=31_821, nci=101_702,
)
SEED_2Q10 = dict(
    corp=3_475_135, home=1_657_391, wan=2_644_320, outs=3_605_094,
    cons=2_487_243, om=4_240_732, eq=226_327, atm=122_575,
    c_net=9_155_771, c_si=5_065_821, c_eq=193_876, c_atm=226_970,
    sm=1_476_655, ga=1_338_928, rnd=65_384,
    o_ii=6_863, o_ie=-60_835, o_fx=-14_275, o_inv=16_484 - 164_204, o_misc=7_337,
    tax=159_854, eqm=-2_657, nci=48_042,
)
SEED_1H09 = dict(
    corp=6_887_207, home=3_410_051, wan=1_264_027, outs=6_742_413,
    cons=4_148_014, om=9_475_548, eq=309_586, atm=38_178,
    c_net=15_311_269, c_si=10_049_470, c_eq=269_315, c_atm=406_517,
    sm=2_593_637, ga=2_315_698, rnd=163_035, nci=175_436,
)
SEED_2Q09 = dict(
    corp=3_438_714, home=1_712_157, wan=633_364, outs=3_393_633,
    cons=2_344_379, om=4_714_537, eq=173_011, atm=30_719,
    c_net=7_660_765, c_si=5_173_745, c_eq=150_388, c_atm=214_748,
    sm=1_268_757, ga=1_070_553, rnd=86_353,
)
# Reported subtotals (checked to the thousand yen)
REPORTED = {
    "revenue.network": (20_685_955, 11_381_940),
    "revenue.si": (12_986_999, 6_727_975),
    "revenue": (34_272_080, 18_458_817),
    "cost": (27_430_541, 14_642_438),
    "cost_and_expenses": (33_070_989, 17_523_405),
    "operating_income": (1_201_091, 935_412),
    "other": (-195_127, -208_630),
    "pretax_income": (1_005_964, 726_782),
    "net_income": (757_575, 564_271),
    "net_income_iij": (859_277, 612_313),
}
# "Reference Information", new classification (thousands of JPY): WAN and outsourcing by quarter
WAN_Q = {"1Q08": 561_931, "2Q08": 590_815, "3Q08": 639_686, "4Q08": 662_495,
         "1Q09": 630_663, "2Q09": 633_364, "3Q09": 642_668, "4Q09": 646_856,
         "1Q10": 653_101, "2Q10": 2_644_320}
OUT_Q = {"1Q08": 3_128_565, "2Q08": 3_180_946, "3Q08": 3_273_990, "4Q08": 3_357_405,
         "1Q09": 3_348_780, "2Q09": 3_393_633, "3Q09": 3_450_020, "4Q09": 3_525_272,
         "1Q10": 3_490_658, "2Q10": 3_605_094}
# Text of the release (JPY millions)
IIJGS_SEP = dict(revenue=2_246_000, cost=1_761_000, sga=224_000, oi=261_000)
ATM_SEGMENT_LOSS_1H10 = -300_582      # segment table
ATM_SEGMENT_LOSS_1H09 = -459_262
BACKLOG_CONS_EQ = 5_344_000           # construction + equipment order backlog, +20.7% YoY
BACKLOG_CONS_EQ_GROWTH = 0.207
BACKLOG_OM_GROWTH = -0.064            # O&M backlog 11,055m, -6.4% YoY

TARGETS = dict(revenue=84_500_000, operating_income=4_800_000,
               pretax_income=4_100_000, net_income_iij=3_000_000)
TARGETS_1H = dict(revenue=32_300_000, operating_income=1_200_000, net_income_iij=800_000)

PERIODS = ["1Q10", "2Q10", "3Q10", "4Q10"]
P_START = {"1Q10": dt.date(2010, 4, 1), "2Q10": dt.date(2010, 7, 1),
           "3Q10": dt.date(2010, 10, 1), "4Q10": dt.date(2011, 1, 1)}
P_END = {"1Q10": dt.date(2010, 7, 1), "2Q10": dt.date(2010, 10, 1),
         "3Q10": dt.date(2011, 1, 1), "4Q10": dt.date(2011, 4, 1)}
SPANS = {"1H10": ["1Q10", "2Q10"], "2H10": ["3Q10", "4Q10"],
         "9M10": ["1Q10", "2Q10", "3Q10"], "FY10": PERIODS}


def q1(key):
    return SEED_1H10[key] - SEED_2Q10[key]


# ----------------------------------------------------------------------------------------------
# small YAML-subset reader (drivers and scenario `set:` blocks of this folder)
# ----------------------------------------------------------------------------------------------
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def scalar(text):
    t = text.strip().strip('"').strip("'")
    if DATE_RE.match(t):
        return dt.date.fromisoformat(t)
    t2 = t.replace("_", "")
    if t2.endswith("%"):
        return float(t2[:-1]) / 100.0
    try:
        return float(t2)
    except ValueError:
        return t


def flow_map(text):
    """{1Q10: 52.3, 2Q10: 60} -> dict"""
    inner = text.strip()[1:-1]
    out = {}
    for part in inner.split(","):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = scalar(v)
    return out


def read_drivers(path):
    drivers, cur, in_drivers = {}, None, False
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            in_drivers = line.startswith("drivers:")
            continue
        if not in_drivers:
            continue
        m = re.match(r"^  ([A-Za-z0-9_.]+):\s*$", line)
        if m:
            cur = m.group(1)
            drivers[cur] = {"value": None, "by_period": {}}
            continue
        m = re.match(r"^    (value|by_period|unit):\s*(.*)$", line)
        if m and cur:
            key, val = m.groups()
            if key == "value":
                drivers[cur]["value"] = scalar(val)
            elif key == "by_period":
                drivers[cur]["by_period"] = flow_map(val)
            else:
                drivers[cur]["unit"] = val.strip()
    return drivers


def read_scenario(path):
    """returns (extends, set dict, name, description)"""
    ext, sets, name, in_set = None, {}, None, False
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            in_set = line.startswith("set:")
            if line.startswith("extends:"):
                ext = line.split(":", 1)[1].strip()
            if line.startswith("scenario:"):
                name = line.split(":", 1)[1].strip()
            continue
        if in_set:
            m = re.match(r"^  ([A-Za-z0-9_.]+):\s*(.*)$", line)
            if m:
                k, v = m.groups()
                v = v.split(" #")[0].strip()
                sets[k] = flow_map(v) if v.startswith("{") else scalar(v)
    return ext, sets, name


def load_drivers(scenario=None):
    if scenario is None:
        return read_drivers(os.path.join(HERE, "model.yaml")), "model"
    path = scenario if os.path.isabs(scenario) else os.path.join(HERE, scenario)
    ext, sets, name = read_scenario(path)
    base_path = os.path.join(os.path.dirname(path), ext)
    if os.path.basename(ext) == "model.yaml":
        drivers = read_drivers(base_path)
    else:
        drivers, _ = load_drivers(base_path)
    for k, v in sets.items():
        if k not in drivers:
            raise SystemExit(f"{path}: set: unknown driver {k}")
        if isinstance(v, dict):
            drivers[k]["by_period"] = dict(drivers[k]["by_period"], **v)
        else:
            drivers[k]["value"] = v    # by_period entries (calibrations) stay
    return drivers, name or os.path.basename(path)


def dv(drivers, name, p):
    d = drivers[name]
    return d["by_period"].get(p, d["value"])


# ----------------------------------------------------------------------------------------------
# calendar functions (spec: scenarios/README.md, Formulas)
# ----------------------------------------------------------------------------------------------
def dnum(d):
    return d.toordinal()


def months_after(p, d):
    s, e = P_START[p], P_END[p]
    total, m = 0.0, s
    while m < e:
        nxt = dt.date(m.year + (m.month // 12), m.month % 12 + 1, 1)
        days = (nxt - m).days
        on_after = max(0, min((nxt - max(d, m)).days, days))
        total += on_after / days
        m = nxt
    return total


def ramp(p, d0, d1):
    """exact average over [start, end) of clamp((t - d0) / (d1 - d0), 0, 1)."""
    s, e = dnum(P_START[p]), dnum(P_END[p])
    a, b = float(d0), float(d1)
    if b <= a:          # step: after(d)
        return max(0.0, min(e, e) - max(s, a)) / (e - s) if a < e else 0.0

    def F(t):           # integral of the clamped ramp from -inf to t (relative to a)
        if t <= a:
            return 0.0
        if t <= b:
            return (t - a) ** 2 / (2 * (b - a))
        return (b - a) / 2 + (t - b)
    return (F(e) - F(s)) / (e - s)


# ----------------------------------------------------------------------------------------------
# 2. history: growth rates and seasonality
# ----------------------------------------------------------------------------------------------
def read_history():
    for path in HIST_CANDIDATES:
        if os.path.exists(path):
            rows = list(csv.DictReader(open(path, encoding="utf-8")))
            return {(r["line"], r["period"]): float(r["jpy_millions"]) * 1000 for r in rows}, path
    raise SystemExit("history CSV not found: put it at shared/data/iij_history_fy2008_fy2009.csv "
                     "or name it with IIJ_HISTORY_CSV=PATH")


def history_calibration(verbose=True):
    H, path = read_history()
    TR = "Total revenues"
    out = {}
    pr = print if verbose else (lambda *a, **k: None)
    pr(f"== history ({os.path.relpath(path, ROOT) if path.startswith(ROOT) else path}; JPY thousands) ==")

    keys = list(WAN_Q)
    pr("quarter-on-quarter growth (seed reference tables, new classification):")
    for i in range(1, len(keys)):
        k, p = keys[i], keys[i - 1]
        pr(f"  {k}: WAN {100*(WAN_Q[k]/WAN_Q[p]-1):+6.2f}%   outsourcing {100*(OUT_Q[k]/OUT_Q[p]-1):+6.2f}%")
    h2_out = [OUT_Q[k] / OUT_Q[keys[keys.index(k) - 1]] - 1 for k in ("3Q08", "4Q08", "3Q09", "4Q09")]
    q2_out = [OUT_Q[k] / OUT_Q[keys[keys.index(k) - 1]] - 1 for k in ("2Q08", "2Q09")]
    h2_wan09 = [WAN_Q[k] / WAN_Q[keys[keys.index(k) - 1]] - 1 for k in ("3Q09", "4Q09")]
    out["outsourcing_growth_h2"] = sum(h2_out) / 4
    out["outsourcing_growth_q2"] = sum(q2_out) / 2
    out["wan_growth_h2_fy09"] = sum(h2_wan09) / 2
    pr(f"  -> outsourcing H2 mean (3Q/4Q of FY08, FY09) {100*out['outsourcing_growth_h2']:.2f}%/q;"
       f" 2Q mean {100*out['outsourcing_growth_q2']:.2f}%/q; WAN H2 FY09 mean {100*out['wan_growth_h2_fy09']:.2f}%/q")

    # home connectivity, 4Q09 estimate
    home_h2_09 = H[("Revenue: Internet connectivity services (home use)", "FY09")] - SEED_1H09["home"]
    home_4q09 = home_h2_09 / 2
    g1 = q1("home") / home_4q09 - 1
    g2 = SEED_2Q10["home"] / q1("home") - 1
    out["home_growth"] = (g1 + g2) / 2
    pr(f"home connectivity: 4Q09 ~{home_4q09:,.0f} (H2 FY09 halved) -> 1Q10 {q1('home'):,} ({100*g1:+.2f}%)"
       f" -> 2Q10 {SEED_2Q10['home']:,} ({100*g2:+.2f}%): mean {100*out['home_growth']:.2f}%/q")
    corp_yoy = SEED_2Q10["corp"] / SEED_2Q09["corp"] - 1
    pr(f"corporate connectivity: 2Q10/2Q09 {100*corp_yoy:+.2f}% = {100*((1+corp_yoy)**0.25-1):+.2f}%/q;"
       f" 1Q10->2Q10 {100*(SEED_2Q10['corp']/q1('corp')-1):+.2f}%")

    # --- construction seasonality. 3Q/4Q construction is not published: back it out.
    # FY2009: network services by quarter = WAN + outsourcing (seed tables) + connectivity
    #         (FY09 corporate + home from the CSV, less 1H09 from the seed, split evenly 3Q/4Q);
    #         O&M held at the 2Q09 level (the large-client scale-down came in 1Q10);
    #         equipment at the 1H09 quarterly average; ATM linear from 2Q09 to 1Q10.
    conn_h2_09 = (H[("Revenue: Internet connectivity services (corporate use)", "FY09")]
                  + H[("Revenue: Internet connectivity services (home use)", "FY09")]
                  - SEED_1H09["corp"] - SEED_1H09["home"])
    net = {q: WAN_Q[q] + OUT_Q[q] + conn_h2_09 / 2 for q in ("3Q09", "4Q09")}
    om09 = SEED_2Q09["om"]
    eq09 = SEED_1H09["eq"] / 2
    atm09 = {"3Q09": SEED_2Q09["atm"] + (q1("atm") - SEED_2Q09["atm"]) / 3,
             "4Q09": SEED_2Q09["atm"] + 2 * (q1("atm") - SEED_2Q09["atm"]) / 3}
    cons09 = {q: H[(TR, q)] - net[q] - om09 - eq09 - atm09[q] for q in ("3Q09", "4Q09")}
    avg09 = SEED_1H09["cons"] / 2
    # FY2008: 1H08 from the CSV (1Q08 connectivity + outsourcing old basis, construction, SI);
    #         H2 connectivity = FY08 corporate + home - 1H08 connectivity, split evenly;
    #         O&M at the 2Q08 level; equipment + ATM at the 1H08 quarterly average.
    conn_1h08 = (H[("Revenue: Internet connectivity services (corporate + home combined)", "1Q08")]
                 + H[("Revenue: Internet connectivity services (corporate + home combined)", "2Q08")])
    conn_h2_08 = (H[("Revenue: Internet connectivity services (corporate use)", "FY08")]
                  + H[("Revenue: Internet connectivity services (home use)", "FY08")] - conn_1h08)
    net08 = {q: WAN_Q[q] + OUT_Q[q] + conn_h2_08 / 2 for q in ("3Q08", "4Q08")}
    om08 = H[("Revenue: Systems operation and maintenance", "2Q08")]
    eqatm08 = (H[("Revenue: Equipment sales + ATM operation business (residual)", "1Q08")]
               + H[("Revenue: Equipment sales + ATM operation business (residual)", "2Q08")]) / 2
    cons08 = {q: H[(TR, q)] - net08[q] - om08 - eqatm08 for q in ("3Q08", "4Q08")}
    avg08 = H[("Revenue: Systems construction", "1H08")] / 2
    idx = {
        "FY08": (cons08["3Q08"] / avg08, cons08["4Q08"] / avg08),
        "FY09": (cons09["3Q09"] / avg09, cons09["4Q09"] / avg09),
    }
    out["cons_idx"] = idx
    out["cons_3q09"], out["cons_4q09"] = cons09["3Q09"], cons09["4Q09"]
    avg10 = SEED_1H10["cons"] / 2
    out["cons_avg_1h10"] = avg10
    backlog_factor = (1 + BACKLOG_CONS_EQ_GROWTH) / (SEED_1H10["cons"] / SEED_1H09["cons"])
    out["cons_idx_backlog"] = (idx["FY09"][0] * backlog_factor, idx["FY09"][1] * backlog_factor)
    out["cons_idx_flat_q4"] = cons09["4Q09"] / avg10
    pr("systems construction (3Q/4Q backed out of total revenues):")
    pr(f"  FY2008: 1H avg quarter {avg08:,.0f}; 3Q08 ~{cons08['3Q08']:,.0f} (index {idx['FY08'][0]:.3f});"
       f" 4Q08 ~{cons08['4Q08']:,.0f} (index {idx['FY08'][1]:.3f}); H2/H1 {(cons08['3Q08']+cons08['4Q08'])/(2*avg08):.3f}")
    pr(f"  FY2009: 1H avg quarter {avg09:,.0f}; 3Q09 ~{cons09['3Q09']:,.0f} (index {idx['FY09'][0]:.3f});"
       f" 4Q09 ~{cons09['4Q09']:,.0f} (index {idx['FY09'][1]:.3f}); H2/H1 {(cons09['3Q09']+cons09['4Q09'])/(2*avg09):.3f}")
    pr(f"  two-year mean index: 3Q {(idx['FY08'][0]+idx['FY09'][0])/2:.3f}, 4Q {(idx['FY08'][1]+idx['FY09'][1])/2:.3f}")
    pr(f"  backlog-implied (FY09 index x 1.207 / {SEED_1H10['cons']/SEED_1H09['cons']:.3f}): "
       f"3Q {out['cons_idx_backlog'][0]:.3f}, 4Q {out['cons_idx_backlog'][1]:.3f}")
    pr(f"  FY2010 1H avg quarter {avg10:,.0f}; 4Q10 at the 4Q09 level = index {out['cons_idx_flat_q4']:.4f}")
    # H2 over H1, total revenues and operating income
    for fy in ("08", "09"):
        rev_h2 = H[(TR, "3Q" + fy)] + H[(TR, "4Q" + fy)]
        oi_h2 = H[("Operating income", "FY" + fy)] - H[("Operating income", "1H" + fy)]
        pr(f"  FY20{fy}: revenue H2/H1 {rev_h2 / H[(TR, '1H' + fy)]:.3f}; operating income H2/H1"
           f" {oi_h2 / H[('Operating income', '1H' + fy)]:.3f} (H2 {oi_h2:,.0f})")

    # --- back-test of the cost structure on FY2009 H2 (flat cost ratios from 1H09 / 2Q09)
    net_cr09 = SEED_2Q09["c_net"] / (SEED_2Q09["corp"] + SEED_2Q09["home"] + SEED_2Q09["wan"] + SEED_2Q09["outs"])
    si_cr09 = SEED_1H09["c_si"] / (SEED_1H09["cons"] + SEED_1H09["om"])
    eq_cr09 = SEED_1H09["c_eq"] / SEED_1H09["eq"]
    sga_2q09 = SEED_2Q09["sm"] + SEED_2Q09["ga"] + SEED_2Q09["rnd"]
    atm_oi = {"3Q09": H[("Operating income (loss): ATM operation business", "3Q09")],
              "4Q09": H[("Operating income (loss): ATM operation business", "4Q09")]}
    atm_sga09 = (-(SEED_1H09["atm"] - SEED_1H09["c_atm"]) + ATM_SEGMENT_LOSS_1H09) / -2  # per quarter
    pr("back-test, FY2009 H2 with flat 2Q09/1H09 cost ratios and SG&A at 2Q09 +1.5%/q:")
    bt = {}
    for i, q in enumerate(("3Q09", "4Q09")):
        si = cons09[q] + om09
        gp = net[q] * (1 - net_cr09) + si * (1 - si_cr09) + eq09 * (1 - eq_cr09)
        sga_ex_atm = sga_2q09 * (1.015 ** (i + 1)) - atm_sga09
        oi = gp + atm_oi[q] - sga_ex_atm
        bt[q] = oi
        pr(f"  {q}: predicted {oi:,.0f} vs reported {H[('Operating income', q)]:,.0f}")
    pr(f"  H2: predicted {sum(bt.values()):,.0f} vs reported "
       f"{H[('Operating income','3Q09')] + H[('Operating income','4Q09')]:,.0f}"
       f" (flat ratios under-predict H2: the base adds network_cost_ratio_trend)")

    # --- tax in 4Q09 (implied): 4Q09 pretax = operating income + other at the 9M09 quarterly mean;
    #     NCI and equity-method at their 9M09 quarterly means.
    oth4 = H[("Other income (expense), net", "9M09")] / 3
    pt4 = H[("Operating income", "4Q09")] + oth4
    eqm4 = H[("Equity in net income of equity method investees", "9M09")] / 3
    nci4 = H[("Net loss attributable to noncontrolling interests", "9M09")] / 3
    tax4 = pt4 + eqm4 + nci4 - H[("Net income attributable to IIJ", "4Q09")]
    tax9 = H[("Income tax expense", "9M09")]
    pt9 = H[("Income before income tax expense", "9M09")]
    pr(f"tax: 9M09 {tax9:,.0f} / {pt9:,.0f} = {100*tax9/pt9:.1f}%; 4Q09 implied {tax4:,.0f} / {pt4:,.0f}"
       f" = {100*tax4/pt4:.1f}%; FY09 implied {100*(tax9+tax4)/(pt9+pt4):.1f}%")
    return out


def seed_calibration(drivers, verbose=True):
    pr = print if verbose else (lambda *a, **k: None)
    pr("== seed calibrations (thousands of JPY) ==")
    q1d = {k: q1(k) for k in SEED_1H10}
    # reported subtotals
    ok = True
    for label, d in (("1H10", SEED_1H10), ("2Q10", SEED_2Q10)):
        rev_net = d["corp"] + d["home"] + d["wan"] + d["outs"]
        rev_si = d["cons"] + d["om"]
        rev = rev_net + rev_si + d["eq"] + d["atm"]
        cost = d["c_net"] + d["c_si"] + d["c_eq"] + d["c_atm"]
        exp = d["sm"] + d["ga"] + d["rnd"]
        oi = rev - cost - exp
        oth = d["o_ii"] + d["o_ie"] + d["o_fx"] + d["o_inv"] + d["o_misc"]
        pt = oi + oth
        ni = pt - d["tax"] + d["eqm"]
        nii = ni + d["nci"]
        calc = {"revenue.network": rev_net, "revenue.si": rev_si, "revenue": rev, "cost": cost,
                "cost_and_expenses": cost + exp, "operating_income": oi, "other": oth,
                "pretax_income": pt, "net_income": ni, "net_income_iij": nii}
        j = 0 if label == "1H10" else 1
        for k, v in calc.items():
            if v != REPORTED[k][j]:
                ok = False
                pr(f"  MISMATCH {k} {label}: computed {v:,} reported {REPORTED[k][j]:,}")
    pr(f"  reported subtotals 1H10 and 2Q10 re-add exactly: {ok}")
    pr(f"  1Q10 (= 1H10 - 2Q10): revenue {sum(q1d[k] for k in ('corp','home','wan','outs','cons','om','eq','atm')):,},"
       f" operating income {1_201_091 - 935_412:,}, net income attributable to IIJ {859_277 - 612_313:,}")

    # IIJ-GS mapping
    g = drivers
    share_wan, share_out = dv(g, "iijgs_share_wan", "2Q10"), dv(g, "iijgs_share_outsourcing", "2Q10")
    wan_org = WAN_Q["1Q10"] * (1 + dv(g, "wan_growth", "3Q10"))
    out_org = OUT_Q["1Q10"] * (1 + 0.015)
    pr(f"  IIJ-GS in WAN: 2Q10 {WAN_Q['2Q10']:,} - organic {wan_org:,.0f} = {WAN_Q['2Q10']-wan_org:,.0f}"
       f" = {100*(WAN_Q['2Q10']-wan_org)/IIJGS_SEP['revenue']:.1f}% of 2,246,000 (driver {100*share_wan:.0f}%)")
    pr(f"  IIJ-GS in outsourcing: 2Q10 {OUT_Q['2Q10']:,} - 1Q10 x 1.015 {out_org:,.0f} = {OUT_Q['2Q10']-out_org:,.0f}"
       f" = {100*(OUT_Q['2Q10']-out_org)/IIJGS_SEP['revenue']:.1f}% (driver {100*share_out:.0f}%);"
       f" remainder {100*(1-share_wan-share_out):.0f}% to O&M")
    s_si = 1 - share_wan - share_out
    gs = dict(rev_net=IIJGS_SEP["revenue"] * (share_wan + share_out), rev_si=IIJGS_SEP["revenue"] * s_si,
              cost_net=IIJGS_SEP["cost"] * (share_wan + share_out), cost_si=IIJGS_SEP["cost"] * s_si)
    om_org_2q = SEED_2Q10["om"] - gs["rev_si"]
    pr(f"  organic O&M 2Q10 {om_org_2q:,.0f} vs 1Q10 {q1d['om']:,} ({100*(om_org_2q/q1d['om']-1):+.1f}% q/q);"
       f" O&M backlog {100*BACKLOG_OM_GROWTH:+.1f}% YoY = {100*((1+BACKLOG_OM_GROWTH)**0.25-1):+.2f}%/q")
    net_2q = SEED_2Q10["corp"] + SEED_2Q10["home"] + SEED_2Q10["wan"] + SEED_2Q10["outs"]
    net_1q = q1d["corp"] + q1d["home"] + q1d["wan"] + q1d["outs"]
    ncr2 = (SEED_2Q10["c_net"] - gs["cost_net"]) / (net_2q - gs["rev_net"])
    ncr1 = q1d["c_net"] / net_1q
    ncr_1h09 = SEED_1H09["c_net"] / (SEED_1H09["corp"] + SEED_1H09["home"] + SEED_1H09["wan"] + SEED_1H09["outs"])
    ncr_1h10 = (SEED_1H10["c_net"] - gs["cost_net"]) / (SEED_1H10["corp"] + SEED_1H10["home"] + SEED_1H10["wan"] + SEED_1H10["outs"] - gs["rev_net"])
    pr(f"  network cost ratio (organic): 1Q10 {100*ncr1:.2f}%, 2Q10 {100*ncr2:.2f}% (IIJ-GS cost {gs['cost_net']:,.0f},"
       f" revenue {gs['rev_net']:,.0f}); 1H10 {100*ncr_1h10:.2f}% vs 1H09 {100*ncr_1h09:.2f}%")
    si_1h = SEED_1H10["cons"] + SEED_1H10["om"]
    scr = (SEED_1H10["c_si"] - gs["cost_si"]) / (si_1h - gs["rev_si"])
    scr1 = q1d["c_si"] / (q1d["cons"] + q1d["om"])
    scr2 = (SEED_2Q10["c_si"] - gs["cost_si"]) / (SEED_2Q10["cons"] + SEED_2Q10["om"] - gs["rev_si"])
    pr(f"  SI cost ratio (organic): 1H10 {100*scr:.2f}% (1Q10 {100*scr1:.2f}%, 2Q10 {100*scr2:.2f}%;"
       f" IIJ-GS cost {gs['cost_si']:,.0f}, revenue {gs['rev_si']:,.0f}); 1H09"
       f" {100*SEED_1H09['c_si']/(SEED_1H09['cons']+SEED_1H09['om']):.2f}%")
    pr(f"  equipment: / construction 1H10 {100*SEED_1H10['eq']/SEED_1H10['cons']:.2f}%, cost ratio"
       f" {100*SEED_1H10['c_eq']/SEED_1H10['eq']:.2f}%")
    # SG&A organic
    sm_org = SEED_1H10["sm"] - IIJGS_SEP["sga"] * 0.5
    ga_org = SEED_1H10["ga"] - IIJGS_SEP["sga"] * 0.5 - 56_000
    pr(f"  SG&A organic 1H10 vs 1H09: S&M {sm_org:,.0f} vs {SEED_1H09['sm']:,} ({100*(sm_org/SEED_1H09['sm']-1):+.1f}%),"
       f" G&A {ga_org:,.0f} vs {SEED_1H09['ga']:,} ({100*(ga_org/SEED_1H09['ga']-1):+.1f}%)")
    # ATM
    days = {"1Q10": 91, "2Q10": 92}
    comm = dv(g, "atm_commission", "2Q10")
    units = dv(g, "atm_units_installed", "2Q10")
    for p, rev in (("1Q10", q1d["atm"]), ("2Q10", SEED_2Q10["atm"])):
        pr(f"  ATM usage {p}: {rev:,} x 1000 / ({units:.0f} x {days[p]} x {comm:.0f}) = {rev*1000/(units*days[p]*comm):.10f}")
    pr(f"  ATM segment SG&A: (revenue {SEED_1H10['atm']:,} - cost {SEED_1H10['c_atm']:,} - loss"
       f" {ATM_SEGMENT_LOSS_1H10:,}) / 2 = {(SEED_1H10['atm']-SEED_1H10['c_atm']-ATM_SEGMENT_LOSS_1H10)/2:,.0f}/q;"
       f" NCI share 1H10 {SEED_1H10['nci']/-ATM_SEGMENT_LOSS_1H10:.4f}, 1H09 {SEED_1H09['nci']/-ATM_SEGMENT_LOSS_1H09:.4f}")
    # interest
    ie1, ie2 = q1d["o_ie"], SEED_2Q10["o_ie"]
    pr(f"  interest expense 1Q10 {ie1:,}, 2Q10 {ie2:,} (+{ie1-ie2:,} in 2Q10); with ~2,000 lease run-off,"
       f" September on 9.0bn ~{-(ie2-ie1)+2000:,} -> {12*(-(ie2-ie1)+2000)/9_000_000:.2%} a year")
    return dict(ncr2=ncr2, scr=scr)


# ----------------------------------------------------------------------------------------------
# 3. hand computation of the model
# ----------------------------------------------------------------------------------------------
ACTUAL_KEYS = {
    "revenue.network.connectivity_corporate": "corp", "revenue.network.connectivity_home": "home",
    "revenue.network.wan": "wan", "revenue.network.outsourcing": "outs",
    "revenue.si.construction": "cons", "revenue.si.operation": "om",
    "revenue.equipment": "eq", "revenue.atm": "atm",
    "cost.network": "c_net", "cost.si": "c_si", "cost.equipment": "c_eq", "cost.atm": "c_atm",
    "expense.sales_marketing": "sm", "expense.general_admin": "ga", "expense.rnd": "rnd",
    "other.interest_income": "o_ii", "other.interest_expense": "o_ie", "other.fx": "o_fx",
    "other.investments": "o_inv", "other.misc": "o_misc",
    "income_tax": "tax", "equity_method_income": "eqm", "net_loss_noncontrolling": "nci",
}


def compute(drivers):
    D = lambda name, p: dv(drivers, name, p)     # noqa: E731
    V = {p: {} for p in PERIODS}
    for i, p in enumerate(PERIODS):
        v, prev = V[p], (V[PERIODS[i - 1]] if i > 0 else None)
        actual = p in ("1Q10", "2Q10")
        s, e = dnum(P_START[p]), dnum(P_END[p])
        ndays = e - s
        # ---- IIJ-GS component (every period)
        cons_date = dnum(D("iijgs_consolidation_date", p))
        v["iijgs.months"] = months_after(p, D("iijgs_consolidation_date", p))
        elapsed = max(0.0, (s + e) / 2 - cons_date) / 365
        v["iijgs.volume"] = (1 - D("iijgs_churn", p)) ** elapsed * (1 + (0 if actual else D("iijgs_runrate_adjust", p)))
        v["iijgs.cross_sell_revenue"] = (D("iijgs_cross_sell_monthly", p)
                                         * ramp(p, dnum(D("iijgs_cross_sell_start", p)), dnum(D("iijgs_cross_sell_full", p)))
                                         * 3)
        v["iijgs.base_revenue"] = v["iijgs.months"] * D("iijgs_monthly_revenue", p) * v["iijgs.volume"]
        v["iijgs.revenue"] = v["iijgs.base_revenue"] + v["iijgs.cross_sell_revenue"]
        sw, so, xw = D("iijgs_share_wan", p), D("iijgs_share_outsourcing", p), D("iijgs_cross_sell_share_wan", p)
        v["iijgs.revenue_wan"] = v["iijgs.base_revenue"] * sw + v["iijgs.cross_sell_revenue"] * xw
        v["iijgs.revenue_outsourcing"] = v["iijgs.base_revenue"] * so + v["iijgs.cross_sell_revenue"] * (1 - xw)
        v["iijgs.revenue_network"] = v["iijgs.revenue_wan"] + v["iijgs.revenue_outsourcing"]
        v["iijgs.revenue_si_operation"] = v["iijgs.base_revenue"] * (1 - sw - so)
        v["iijgs.base_cost"] = v["iijgs.months"] * D("iijgs_monthly_cost", p) * (1 - D("iijgs_variable_cost_share", p) * (1 - v["iijgs.volume"]))
        v["iijgs.cost"] = v["iijgs.base_cost"] + v["iijgs.cross_sell_revenue"] * D("iijgs_cross_sell_cost_ratio", p)
        v["iijgs.cost_si"] = v["iijgs.base_cost"] * (1 - sw - so)
        v["iijgs.cost_network"] = v["iijgs.cost"] - v["iijgs.cost_si"]
        v["iijgs.sga"] = v["iijgs.months"] * D("iijgs_monthly_sga", p)
        v["iijgs.sga_sales_marketing"] = v["iijgs.sga"] * D("iijgs_sga_share_sales_marketing", p)
        v["iijgs.sga_general_admin"] = v["iijgs.sga"] - v["iijgs.sga_sales_marketing"]
        v["iijgs.operating_income"] = v["iijgs.revenue"] - v["iijgs.cost"] - v["iijgs.sga"]
        # ---- ATM component (every period)
        start = dnum(D("atm_rollout_start", p))
        rdays = D("atm_rollout_days", p)
        inst, new = D("atm_units_installed", p), D("atm_units_new", p)
        v["atm.units"] = inst + new * ramp(p, start, start + rdays)
        v["atm.units_end"] = inst + new * min(max((e - start) / rdays, 0), 1)
        v["atm.effective_units"] = inst + (v["atm.units"] - inst) * D("atm_new_unit_usage", p)
        v["atm.usage"] = D("atm_withdrawals_per_day", p) * (1 + D("atm_usage_growth", p)) ** max(0, i - 1)
        v["atm.withdrawals"] = v["atm.effective_units"] * v["atm.usage"] * ndays
        v["atm.revenue"] = v["atm.withdrawals"] * D("atm_commission", p) / 1000
        v["atm.cost"] = D("atm_existing_cost", p) + (v["atm.units"] - inst) * D("atm_cost_per_unit_month", p) * 3
        v["atm.sga"] = D("atm_sga_per_quarter", p)
        v["atm.operating_income"] = v["atm.revenue"] - v["atm.cost"] - v["atm.sga"]
        v["oneoff.ma_expense"] = D("ma_one_off_expense", p)

        if actual:
            src = SEED_2Q10 if p == "2Q10" else {k: q1(k) for k in SEED_1H10}
            for line, k in ACTUAL_KEYS.items():
                v[line] = src[k]
        else:
            v["revenue.network.connectivity_corporate"] = prev["revenue.network.connectivity_corporate"] * (1 + D("corp_growth", p))
            v["revenue.network.connectivity_home"] = prev["revenue.network.connectivity_home"] * (1 + D("home_growth", p))
            v["revenue.network.wan"] = (prev["revenue.network.wan"] - prev["iijgs.revenue_wan"]) * (1 + D("wan_growth", p)) + v["iijgs.revenue_wan"]
            v["revenue.network.outsourcing"] = (prev["revenue.network.outsourcing"] - prev["iijgs.revenue_outsourcing"]) * (1 + D("outsourcing_growth", p)) + v["iijgs.revenue_outsourcing"]
            avg = (V["1Q10"]["revenue.si.construction"] + V["2Q10"]["revenue.si.construction"]) / 2
            v["revenue.si.construction"] = avg * (D("construction_index_q3", p) if p == "3Q10" else D("construction_index_q4", p))
            v["revenue.si.operation"] = (prev["revenue.si.operation"] - prev["iijgs.revenue_si_operation"]) * (1 + D("om_growth", p)) + v["iijgs.revenue_si_operation"]
            v["revenue.equipment"] = v["revenue.si.construction"] * D("equipment_to_construction", p)
            v["revenue.atm"] = v["atm.revenue"]
        v["revenue.network"] = sum(v[k] for k in ("revenue.network.connectivity_corporate", "revenue.network.connectivity_home",
                                                  "revenue.network.wan", "revenue.network.outsourcing"))
        v["revenue.si"] = v["revenue.si.construction"] + v["revenue.si.operation"]
        v["revenue"] = v["revenue.network"] + v["revenue.si"] + v["revenue.equipment"] + v["revenue.atm"]
        if not actual:
            ratio = D("network_cost_ratio", p) + D("network_cost_ratio_trend", p) * (i - 1)
            v["cost.network"] = (v["revenue.network"] - v["iijgs.revenue_network"]) * ratio + v["iijgs.cost_network"]
            v["cost.si"] = (v["revenue.si"] - v["iijgs.revenue_si_operation"]) * D("si_cost_ratio", p) + v["iijgs.cost_si"]
            v["cost.equipment"] = v["revenue.equipment"] * D("equipment_cost_ratio", p)
            v["cost.atm"] = v["atm.cost"]
            g = 1 + D("sga_growth", p)
            v["expense.sales_marketing"] = (prev["expense.sales_marketing"] - prev["iijgs.sga_sales_marketing"]) * g + v["iijgs.sga_sales_marketing"]
            v["expense.general_admin"] = ((prev["expense.general_admin"] - prev["iijgs.sga_general_admin"] - prev["oneoff.ma_expense"]) * g
                                          + v["iijgs.sga_general_admin"] + v["oneoff.ma_expense"])
            v["expense.rnd"] = D("rnd_per_quarter", p)
        v["cost"] = v["cost.network"] + v["cost.si"] + v["cost.equipment"] + v["cost.atm"]
        v["expense"] = v["expense.sales_marketing"] + v["expense.general_admin"] + v["expense.rnd"]
        v["cost_and_expenses"] = v["cost"] + v["expense"]
        v["operating_income"] = v["revenue"] - v["cost"] - v["expense"]
        if not actual:
            v["other.interest_income"] = D("interest_income_per_quarter", p)
            v["other.interest_expense"] = -(D("interest_expense_base", p) + D("new_borrowing", p) * D("borrowing_rate", p)
                                            * months_after(p, D("borrowing_date", p)) / 12)
            v["other.fx"] = D("fx_gain_loss", p)
            v["other.investments"] = D("investment_gains_losses", p)
            v["other.misc"] = D("other_misc_per_quarter", p)
        v["other"] = sum(v[k] for k in ("other.interest_income", "other.interest_expense", "other.fx", "other.investments", "other.misc"))
        v["pretax_income"] = v["operating_income"] + v["other"]
        if not actual:
            v["income_tax"] = v["pretax_income"] * (D("tax_rate_q4", p) if p == "4Q10" else D("tax_rate", p))
            v["equity_method_income"] = D("equity_method_per_quarter", p)
            v["net_loss_noncontrolling"] = -v["atm.operating_income"] * D("nci_share_atm_loss", p)
        v["net_income"] = v["pretax_income"] - v["income_tax"] + v["equity_method_income"]
        v["net_income_iij"] = v["net_income"] + v["net_loss_noncontrolling"]
        v["organic.revenue"] = v["revenue"] - v["iijgs.revenue"]
        v["organic.operating_income"] = v["operating_income"] - v["iijgs.operating_income"]
    # spans
    for span, ps in SPANS.items():
        V[span] = {k: sum(V[p][k] for p in ps) for k in V["1Q10"]}
        for k in ("atm.units", "atm.effective_units", "atm.usage", "iijgs.volume"):
            V[span][k] = sum(V[p][k] for p in ps) / len(ps)
        V[span]["atm.units_end"] = V[ps[-1]]["atm.units_end"]
    for col in V.values():
        col["kpi.operating_margin"] = col["operating_income"] / col["revenue"]
        col["kpi.effective_tax_rate"] = col["income_tax"] / col["pretax_income"] if col["pretax_income"] else float("nan")
    return V


COMPONENT_REPORTED = {
    "iijgs.revenue": {"1H10": 2_246_000, "2Q10": 2_246_000},
    "iijgs.cost": {"1H10": 1_761_000, "2Q10": 1_761_000},
    "iijgs.sga": {"1H10": 224_000, "2Q10": 224_000},
    "iijgs.operating_income": {"1H10": 261_000, "2Q10": 261_000},
    "atm.revenue": {"1H10": 228_376, "2Q10": 122_575},
    "atm.cost": {"1H10": 456_118, "2Q10": 226_970},
    "atm.operating_income": {"1H10": -300_582},
}


def check_reported(V, verbose=True):
    bad = []
    for line, (r1h, r2q) in REPORTED.items():
        for span, r in (("1H10", r1h), ("2Q10", r2q)):
            if abs(V[span][line] - r) >= 0.5:
                bad.append((line, span, r, V[span][line]))
    for line, d in COMPONENT_REPORTED.items():
        for span, r in d.items():
            if abs(V[span][line] - r) >= 0.5:
                bad.append((line, span, r, V[span][line]))
    if verbose:
        print(f"reported values reproduced to the thousand yen: {not bad}")
        for b in bad:
            print("  MISMATCH", b)
    return not bad


SHOW = [
    "revenue.network.connectivity_corporate", "revenue.network.connectivity_home", "revenue.network.wan",
    "revenue.network.outsourcing", "revenue.network", "revenue.si.construction", "revenue.si.operation",
    "revenue.si", "revenue.equipment", "revenue.atm", "revenue",
    "cost.network", "cost.si", "cost.equipment", "cost.atm", "cost",
    "expense.sales_marketing", "expense.general_admin", "expense.rnd", "expense", "operating_income",
    "other.interest_expense", "other", "pretax_income", "income_tax", "equity_method_income",
    "net_income", "net_loss_noncontrolling", "net_income_iij",
    "organic.revenue", "organic.operating_income",
    "iijgs.revenue", "iijgs.cost", "iijgs.sga", "iijgs.operating_income",
    "atm.units", "atm.units_end", "atm.usage", "atm.revenue", "atm.cost", "atm.operating_income",
    "kpi.operating_margin", "kpi.effective_tax_rate",
]


def print_table(V):
    cols = PERIODS + ["1H10", "2H10", "FY10"]
    print(f"{'line':40s}" + "".join(f"{c:>13s}" for c in cols))
    for k in SHOW:
        row = []
        for c in cols:
            x = V[c][k]
            row.append(f"{x:13.3f}" if k.startswith("kpi.") else (f"{x:13.1f}" if k.startswith("atm.u") else f"{x:13,.0f}"))
        print(f"{k:40s}" + "".join(row))


def verdict(V, verbose=True):
    res = {}
    for line, tgt in TARGETS.items():
        val = V["FY10"][line]
        h2_needed = tgt - V["1H10"][line]
        res[line] = val - tgt
        if verbose:
            print(f"  FY10 {line:16s} {val:14,.0f}  target {tgt:12,}  gap {val - tgt:+13,.0f}"
                  f"  ({100*(val/tgt-1):+.1f}%)  H2 forecast {V['2H10'][line]:,.0f} vs H2 needed {h2_needed:,.0f}")
    if verbose:
        for line, tgt in TARGETS_1H.items():
            print(f"  1H10 {line:16s} {V['1H10'][line]:14,.0f}  target {tgt:12,}  {'met' if V['1H10'][line] >= tgt else 'missed'}")
    return res


def solve_target_path(drivers):
    """construction_index_q4 for FY revenue, then si_cost_ratio for FY operating income (both linear)."""
    import copy
    d = copy.deepcopy(drivers)

    def run(ci4, scr):
        d["construction_index_q4"]["value"] = ci4
        d["si_cost_ratio"]["value"] = scr
        V = compute(d)
        return V["FY10"]["revenue"], V["FY10"]["operating_income"]
    ci0, s0 = drivers["construction_index_q4"]["value"], drivers["si_cost_ratio"]["value"]
    r0, _ = run(ci0, s0)
    r1, _ = run(ci0 + 1, s0)
    ci = ci0 + (TARGETS["revenue"] - r0) / (r1 - r0)
    _, o0 = run(ci, s0)
    _, o1 = run(ci, s0 + 0.01)
    scr = s0 + 0.01 * (TARGETS["operating_income"] - o0) / (o1 - o0)
    r, o = run(ci, scr)
    return ci, scr, r, o


def solve_single(drivers, name, line, target, x0, x1):
    """value of one driver (all forecast periods) that alone brings FY10 `line` to `target` (secant)."""
    import copy
    d = copy.deepcopy(drivers)

    def f(x):
        d[name]["value"] = x
        return compute(d)["FY10"][line] - target
    f0, f1 = f(x0), f(x1)
    for _ in range(30):
        if f1 == f0:
            break
        x0, x1, f0 = x1, x1 - f1 * (x1 - x0) / (f1 - f0), f1
        f1 = f(x1)
        if abs(f1) < 1e-3:
            break
    V = compute(d)
    return x1, V


def single_lever_table(drivers):
    base = compute(drivers)
    print("what each line would need on its own (FY10 revenue = 84,500,000):")
    print(f"  {'driver':28s}{'base':>10s}{'needed':>10s}   line moved (H2, base -> needed)          FY op. income")
    levers = [("construction_index_q4", "revenue.si.construction", 1), ("construction_index_q3", "revenue.si.construction", 1),
              ("outsourcing_growth", "revenue.network.outsourcing", 100), ("om_growth", "revenue.si.operation", 100),
              ("corp_growth", "revenue.network.connectivity_corporate", 100), ("wan_growth", "revenue.network.wan", 100),
              ("iijgs_runrate_adjust", "iijgs.revenue", 100)]
    for name, line, scale in levers:
        b = drivers[name]["value"]
        x, V = solve_single(drivers, name, "revenue", TARGETS["revenue"], b, b + 0.1)
        unit = "%" if scale == 100 else ""
        print(f"  {name:28s}{b*scale:9.3f}{unit:1s}{x*scale:9.3f}{unit:1s}   {line:30s}"
              f"{base['2H10'][line]:12,.0f} -> {V['2H10'][line]:12,.0f}   {V['FY10']['operating_income']:12,.0f}")
    print("what the operating income target needs on its own (FY10 operating income = 4,800,000):")
    for name in ("network_cost_ratio_trend", "network_cost_ratio", "si_cost_ratio", "sga_growth", "construction_index_q4"):
        b = drivers[name]["value"]
        x, V = solve_single(drivers, name, "operating_income", TARGETS["operating_income"], b, b + 0.01)
        print(f"  {name:28s}{b:10.4f} -> {x:10.4f}   (FY revenue {V['FY10']['revenue']:,.0f})")


def compare_engine_csv(csv_path, drivers):
    """compare the engine's CSV output (`outturn run ... --format csv`: a header row starting
    with `line`, one row per line, one column per period/span) with the hand computation."""
    V = compute(drivers)
    rows = list(csv.reader(open(csv_path, encoding="utf-8")))
    hdr = rows[0]
    worst, n = (0.0, None), 0
    for r in rows[1:]:
        if len(r) < len(hdr) or not r[0]:
            break                       # the targets table follows a blank line
        if r[0] not in V["1Q10"]:
            continue
        for j, col in enumerate(hdr):
            if col in V:
                diff = abs(float(r[j]) - V[col][r[0]])
                n += 1
                if diff > worst[0]:
                    worst = (diff, (r[0], col))
    print(f"compared {n} cells with {csv_path}: largest difference {worst[0]:.6g} (thousand JPY) at {worst[1]}")
    return worst[0]


def main(argv):
    if "--compare" in argv:
        path = argv[argv.index("--compare") + 1]
        scenario = next((a for a in argv if a.endswith(".yaml")), None)
        drivers, _ = load_drivers(scenario)
        compare_engine_csv(path, drivers)
        return
    if "--all" in argv:
        files = sorted(f for f in os.listdir(HERE) if f.endswith(".yaml") and f != "model.yaml")
        print(f"{'scenario':20s}{'revenue FY10':>15s}{'op. income':>13s}{'pretax':>13s}{'NI to IIJ':>13s}{'4Q10 constr.':>14s}")
        print(f"{'targets':20s}{TARGETS['revenue']:15,}{TARGETS['operating_income']:13,}{TARGETS['pretax_income']:13,}{TARGETS['net_income_iij']:13,}")
        for f in ["(model)"] + files:
            drivers, name = load_drivers(None if f == "(model)" else f)
            V = compute(drivers)
            ok = check_reported(V, verbose=False)
            fy = V["FY10"]
            print(f"{(name if f != '(model)' else 'model.yaml'):20s}{fy['revenue']:15,.0f}{fy['operating_income']:13,.0f}"
                  f"{fy['pretax_income']:13,.0f}{fy['net_income_iij']:13,.0f}{V['4Q10']['revenue.si.construction']:14,.0f}"
                  f"{'' if ok else '   REPORTED MISMATCH'}")
        return
    scenario = next((a for a in argv if a.endswith(".yaml")), None)
    drivers, name = load_drivers(scenario)
    if scenario is None:
        history_calibration()
        print()
        seed_calibration(drivers)
        print()
    if "--target-path" in argv:
        ci, scr, r, o = solve_target_path(drivers)
        print(f"target path: construction_index_q4 = {ci:.6f}, si_cost_ratio = {scr:.6%}"
              f" -> FY revenue {r:,.1f}, operating income {o:,.1f}")
        single_lever_table(drivers)
        return
    V = compute(drivers)
    print(f"== hand computation: {name} (thousands of JPY) ==")
    check_reported(V)
    print_table(V)
    print("targets:")
    verdict(V)


if __name__ == "__main__":
    main(sys.argv[1:])
