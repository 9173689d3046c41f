// SPDX-License-Identifier: MIT
// `outturn report`: one self-contained HTML file. Its charts are inline SVG written here,
// not a charting library: the file opens offline (from an email attachment) and has no
// scripts to fail or to block, it stays small (tens of kilobytes where a library would add
// hundreds), and every coordinate is printed with fixed decimals, so the same inputs give
// the same bytes.
#include "outturn/report/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/tornado.h"
#include "outturn/analysis/verdict.h"
#include "outturn/base/calendar.h"
#include "outturn/base/errors.h"
#include "outturn/base/version.h"
#include "outturn/compile/program.h"
#include "outturn/report/tables.h"
#include "report/format.h"

namespace outturn {
namespace {

using internal::Fixed;
using internal::FormatNumber;

constexpr const char* kGood = "#2e7d4f";      // meets the target
constexpr const char* kBad = "#c0392b";       // misses it
constexpr const char* kReported = "#8c939d";  // a reported (locked) figure
constexpr const char* kForecast = "#4a78b5";  // a forecast with no target to judge it by
constexpr const char* kInk = "#222";
constexpr double kRoomy = 44;  // pixels a period needs for its label and value

std::string Esc(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

// A coordinate: one decimal, fixed, so that the bytes do not depend on anything but the value.
std::string F(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// A sweep's target met at v (a range: within it).
bool Meets(double v, const KpiStats& k) {
  if (k.direction == Direction::kBetween) return v >= k.target && v <= k.high;
  return k.direction == Direction::kAtLeast ? v >= k.target : v <= k.target;
}

// A number for people in a table cell, with the exact value for programs (and the tests).
std::string Num(double v, const std::string& cls = "", const std::string& text = "") {
  return "<td class=\"num" + (cls.empty() ? "" : " " + cls) + "\" data-value=\"" + FormatNumber(v) + "\">" +
         Esc(text.empty() ? FormatAmount(v) : text) + "</td>";
}

std::string Td(const std::string& text, const std::string& cls = "") {
  return "<td" + (cls.empty() ? "" : " class=\"" + cls + "\"") + ">" + Esc(text) + "</td>";
}

std::string Th(const std::string& text) { return "<th>" + Esc(text) + "</th>"; }

// ---------------------------------------------------------------------------------------
// Axes

// The unit of an axis whose numbers are the model's divided by `scale` (a power of 1,000):
// "JPY millions" for a model in JPY thousands shown in thousands of them.
struct Units {
  std::string currency, unit;  // the model's (Model::currency, Model::unit)
};

std::string ScaledUnit(const Units& m, double scale) {
  static const char* kNames[] = {"ones", "thousands", "millions", "billions", "trillions"};
  int steps = 0;
  for (double s = scale; s >= 1000; s /= 1000) ++steps;
  int at = m.unit.empty() ? 0 : -1;
  for (int i = 0; i < 5; ++i)
    if (m.unit == kNames[i]) at = i;
  std::string unit;
  if (at >= 0 && at + steps < 5) {
    unit = at + steps == 0 ? "" : kNames[at + steps];
  } else {
    unit = m.unit + (steps ? " x " + FormatAmount(scale) : "");
  }
  if (m.currency.empty()) return unit.empty() ? "units" : unit;
  return m.currency + (unit.empty() ? "" : " " + unit);
}

// A linear axis over [lo, hi] mapped to pixels [p0, p1], widened to round ticks (1, 2 or 5
// times a power of ten) and shown in the model's unit scaled by a power of 1,000 so that
// its labels stay short.
struct Axis {
  double lo = 0, hi = 1, p0 = 0, p1 = 1, step = 1, scale = 1;
  std::string unit;  // of the labels: the model's unit times `scale`
  double operator()(double v) const { return p0 + (v - lo) / (hi - lo) * (p1 - p0); }
  std::vector<double> ticks() const {
    std::vector<double> t;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) t.push_back(v);
    return t;
  }
  // A value in the axis' unit, to a tenth of a tick step (whole numbers with separators).
  std::string Label(double v) const {
    const double x = v / scale, s = step / scale / 10;
    if (std::fabs(x) < s * 1e-6) return "0";
    const int decimals = s >= 1 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(s) - 1e-9)));
    if (decimals == 0) return FormatAmount(std::round(x));
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", decimals, x);
    return b;
  }
};

Axis MakeAxis(const Units& units, double lo, double hi, double p0, double p1, int ticks = 5, bool zero = false) {
  if (zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  if (!(hi > lo)) {
    const double pad = std::max(1.0, std::fabs(hi) * 0.05);
    lo -= pad, hi += pad;
  }
  Axis a;
  const double raw = (hi - lo) / ticks, mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  a.step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
  a.lo = std::floor(lo / a.step) * a.step;
  a.hi = std::ceil(hi / a.step) * a.step;
  a.p0 = p0, a.p1 = p1;
  const double big = std::max(std::fabs(a.lo), std::fabs(a.hi));
  while (a.scale * 1000 <= big / 10 && a.scale < 1e12) a.scale *= 1000;
  a.unit = ScaledUnit(units, a.scale);
  return a;
}

// SVG markup, written in one place so that every chart has the same conventions.
class Svg {
 public:
  Svg(const std::string& cls, int w, int h, const std::string& title) : w_(w), h_(h) {
    s_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" << cls << "\" width=\"" << w << "\" height=\"" << h
       << "\" viewBox=\"0 0 " << w << ' ' << h << "\" font-size=\"11\" role=\"img\"><title>" << Esc(title)
       << "</title>";
  }
  void Rect(double x, double y, double w, double h, const std::string& fill, const std::string& extra = "") {
    if (w < 0) x += w, w = -w;
    if (h < 0) y += h, h = -h;
    s_ << "<rect x=\"" << F(x) << "\" y=\"" << F(y) << "\" width=\"" << F(std::max(w, 0.5)) << "\" height=\""
       << F(std::max(h, 0.5)) << "\" fill=\"" << fill << '"' << (extra.empty() ? "" : " " + extra) << "/>";
  }
  void Line(double x1, double y1, double x2, double y2, const std::string& stroke, const std::string& extra = "") {
    s_ << "<line x1=\"" << F(x1) << "\" y1=\"" << F(y1) << "\" x2=\"" << F(x2) << "\" y2=\"" << F(y2) << "\" stroke=\""
       << stroke << '"' << (extra.empty() ? "" : " " + extra) << "/>";
  }
  void Text(double x, double y, const std::string& text, const std::string& anchor = "start",
            const std::string& extra = "") {
    s_ << "<text x=\"" << F(x) << "\" y=\"" << F(y) << '"'
       << (anchor == "start" ? "" : " text-anchor=\"" + anchor + '"') << (extra.empty() ? "" : " " + extra) << '>'
       << Esc(text) << "</text>";
  }
  void Circle(double cx, double cy, double r, const std::string& fill, const std::string& extra = "") {
    s_ << "<circle cx=\"" << F(cx) << "\" cy=\"" << F(cy) << "\" r=\"" << F(r) << "\" fill=\"" << fill << '"'
       << (extra.empty() ? "" : " " + extra) << "/>";
  }
  void Path(const std::string& d, const std::string& fill, const std::string& extra = "") {
    s_ << "<path d=\"" << d << "\" fill=\"" << fill << '"' << (extra.empty() ? "" : " " + extra) << "/>";
  }
  // A vertical value axis at x = `x` from the axis' p1 (top) to p0 (bottom), its unit above.
  void YAxis(const Axis& a, double x, double right) {
    for (double t : a.ticks()) {
      Line(x, a(t), right, a(t), "#e3e3e3");
      Text(x - 4, a(t) + 4, a.Label(t), "end");
    }
    Line(x, a.p0, x, a.p1, "#999");
    Text(4, a.p1 - 12, a.unit, "start", "font-weight=\"bold\"");
  }
  // A horizontal value axis at y = `y`, ticks from the axis' p0 (left) to p1 (right), its
  // unit under the middle.
  void XAxis(const Axis& a, double y, double top) {
    for (double t : a.ticks()) {
      Line(a(t), top, a(t), y, "#e3e3e3");
      Text(a(t), y + 13, a.Label(t), "middle");
    }
    Line(a.p0, y, a.p1, y, "#999");
    Text((a.p0 + a.p1) / 2, y + 28, a.unit, "middle", "font-weight=\"bold\"");
  }
  // The periods under a chart of P slots from x = `left`, `slot` pixels each: labels (every
  // k-th where they would overlap), "reported"/"forecast" under each when there is room, else
  // one line between the reported and the forecast periods, named at the top.
  void PeriodAxis(const Calendar& cal, double left, double slot, double y, double top) {
    const int P = cal.num_periods(), every = std::max(1, static_cast<int>(std::ceil(kRoomy / slot)));
    for (int p = 0; p < P; p += every) Text(left + slot * (p + 0.5), y + 14, cal.periods()[p].label, "middle");
    if (slot >= kRoomy) {
      for (int p = 0; p < P; ++p)
        Text(left + slot * (p + 0.5), y + 27, cal.periods()[p].actual ? "reported" : "forecast", "middle",
             "fill=\"#666\" font-size=\"9\"");
    } else if (cal.num_actual() > 0 && cal.num_actual() < P) {
      const double x = left + slot * cal.num_actual();
      Line(x, top, x, y, "#666", "stroke-dasharray=\"3 3\"");
      Text(x - 4, top + 10, "reported", "end", "fill=\"#666\" font-size=\"9\"");
      Text(x + 4, top + 10, "forecast", "start", "fill=\"#666\" font-size=\"9\"");
    }
  }
  std::string Close() {
    s_ << "</svg>";
    return s_.str();
  }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  std::ostringstream s_;
  int w_, h_;
};

// A label at a wanted height; Spread moves each one down, top to bottom, until it is at
// least `gap` pixels below the one above it.
struct Label {
  double y;
  std::string text, extra;
};

std::vector<Label> Spread(std::vector<Label> labels, double gap) {
  std::stable_sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.y < b.y; });
  for (size_t i = 1; i < labels.size(); ++i) labels[i].y = std::max(labels[i].y, labels[i - 1].y + gap);
  return labels;
}

std::string Truncated(const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(0, n - 3) + "..."; }

// A driver as a reader knows it: its description (first clause), else its name.
std::string DriverLabel(const Model& m, int driver, int period = -1) {
  const Driver& d = m.drivers()[driver];
  std::string label = d.description.empty() ? d.name : d.description;
  if (period >= 0) label += " (" + m.calendar().periods()[period].label + ")";
  return Truncated(label, 56);
}

// ---------------------------------------------------------------------------------------
// Charts

// The path of one line: a bar per period, reported grey, forecast coloured by the
// verdict of `target` (when given), the run-rate each open period must deliver marked.
std::string PnlChart(const Model& m, const Results& r, int line, const TargetVerdict* v, const Units& units) {
  const Calendar& cal = m.calendar();
  const int P = cal.num_periods();
  double lo = 0, hi = 0;
  for (int p = 0; p < P; ++p) lo = std::min(lo, r.at(line, p)), hi = std::max(hi, r.at(line, p));
  const bool need = v && v->has_open && v->open_periods > 0;
  const double per = need ? (v->open_ratio ? v->open_required : v->open_required / v->open_periods) : 0;
  if (need) lo = std::min(lo, per), hi = std::max(hi, per);
  const auto [first, last] = v ? cal.ColumnRange(cal.FindColumn(v->span)) : std::pair<int, int>{0, -1};
  const int W = 560, H = 250, L = 80, R = 20, T = 28, B = 46;
  const Axis y = MakeAxis(units, lo, hi, H - B, T, 5, true);
  const std::string& name = m.lines()[line].name;
  Svg s("pnl-chart", W, H, name + " by period");
  s.YAxis(y, L, W - R);
  const double slot = static_cast<double>(W - L - R) / P, bw = slot * 0.62;
  for (int p = 0; p < P; ++p) {
    const double x = L + slot * p + (slot - bw) / 2, val = r.at(line, p);
    const bool actual = cal.periods()[p].actual, in_span = p >= first && p <= last;
    const char* fill = actual ? kReported : in_span ? (v->met ? kGood : kBad) : kForecast;
    s.Rect(x, y(0), bw, y(val) - y(0), fill, actual ? "" : "fill-opacity=\"0.85\"");
    if (slot >= kRoomy)
      s.Text(x + bw / 2, (val >= 0 ? y(val) - 4 : y(val) + 12), y.Label(val), "middle", "font-size=\"10\"");
    if (need && !actual && in_span) {
      s.Line(x - 3, y(per), x + bw + 3, y(per), kInk, "stroke-width=\"2\" stroke-dasharray=\"5 3\"");
      if (p == first || cal.periods()[p - 1].actual)
        s.Text(x - 6, y(per) + 4, "needed " + y.Label(per), "end", "font-size=\"10\" font-weight=\"bold\"");
    }
  }
  s.PeriodAxis(cal, L, slot, H - B, T);
  s.Line(L, y(0), W - R, y(0), "#999");
  return s.Close();
}

// One KPI's tornado: a bar per driver from the KPI at the driver's low to at its high, the
// part on the side that misses the target red, the base case and the target as lines.
std::string TornadoChart(const Model& m, const TornadoResult& t, int k, const Target* target, const Units& units) {
  const auto& bars = t.bars[k];
  const int n = std::min<int>(10, static_cast<int>(bars.size()));
  if (n == 0) return "";
  double lo = t.base[k], hi = t.base[k];
  for (int i = 0; i < n; ++i) {
    lo = std::min({lo, bars[i].kpi_low, bars[i].kpi_high});
    hi = std::max({hi, bars[i].kpi_low, bars[i].kpi_high});
  }
  if (target) lo = std::min(lo, target->value), hi = std::max(hi, target->value);
  const int label_w = 330, plot_w = 440, row = 24, top = 44, W = label_w + plot_w + 150;
  const int H = top + n * row + 44;
  const Axis x = MakeAxis(units, lo, hi, label_w, label_w + plot_w, 5);
  Svg s("tornado", W, H, t.kpis[k].name + ": tornado");
  const double bottom = top + n * row;
  s.XAxis(x, bottom, top - 4);
  for (int i = 0; i < n; ++i) {
    const TornadoBar& b = bars[i];
    const Input& in = t.inputs[b.input];
    const double y = top + i * row;
    s.Text(label_w - 8, y + 15, DriverLabel(m, in.driver, in.period), "end");
    for (double v : {b.kpi_low, b.kpi_high}) {
      const bool good = !target || target->Meets(v);
      s.Rect(x(t.base[k]), y + 4, x(v) - x(t.base[k]), 16, target ? (good ? kGood : kBad) : kForecast);
    }
    const InputRange& rg = t.ranges[b.input];
    s.Text(label_w + plot_w + 8, y + 15,
           internal::DriverValueText(m, in, rg.low) + " to " + internal::DriverValueText(m, in, rg.high), "start",
           "fill=\"#555\" font-size=\"10\"");
  }
  s.Text(label_w + plot_w + 8, top - 10, "driver low to high", "start", "fill=\"#555\" font-size=\"10\"");
  s.Line(x(t.base[k]), top - 6, x(t.base[k]), bottom, kInk, "stroke-width=\"2\"");
  s.Text(x(t.base[k]), top - 10, "base " + x.Label(t.base[k]), "middle");
  if (target) {
    s.Line(x(target->value), top - 20, x(target->value), bottom, kBad, "stroke-width=\"2\" stroke-dasharray=\"5 3\"");
    s.Text(x(target->value), top - 24, "target " + x.Label(target->value), "middle",
           std::string("fill=\"") + kBad + '"');
  }
  return s.Close();
}

// The bridge from the forecast to a target: the forecast, each driver's contribution as a
// floating bar (green where it moves towards meeting the target), and where they arrive.
std::string WaterfallChart(const Model& m, const BridgeResult& br, const MultiGoalSeekResult& seek,
                           const Target& target, const Units& units) {
  const int S = static_cast<int>(br.steps.size());
  std::vector<double> level = {br.from[0]};
  for (int i = 0; i < S; ++i) level.push_back(level.back() + br.contributions(i, 0));
  double lo = *std::min_element(level.begin(), level.end()), hi = *std::max_element(level.begin(), level.end());
  lo = std::min(lo, target.value), hi = std::max(hi, target.value);
  const double pad = (hi - lo) * 0.4;
  const int W = 620, L = 90, R = 20, T = 30, B = 74, H = 300;
  const Axis y = MakeAxis(units, lo - pad, hi + pad * 0.3, H - B, T, 5);
  Svg s("waterfall", W, H, target.name + ": bridge to the target");
  s.YAxis(y, L, W - R);
  const int bars = S + 2;
  const double slot = static_cast<double>(W - L - R) / bars, bw = slot * 0.6;
  auto label = [&](int i, const std::string& text) {
    const double cx = L + slot * i + slot / 2;
    s.Text(cx, H - B + 14, Truncated(text, 18), "middle", "font-size=\"10\"");
  };
  auto column = [&](int i, double v, const char* fill, const std::string& text) {
    const double x = L + slot * i + (slot - bw) / 2;
    s.Rect(x, y(y.lo), bw, y(v) - y(y.lo), fill);
    s.Text(x + bw / 2, y(v) - 4, y.Label(v), "middle", "font-size=\"10\"");
    label(i, text);
  };
  column(0, br.from[0], target.Meets(br.from[0]) ? kGood : kBad, "forecast");
  for (int i = 0; i < S; ++i) {
    const double x = L + slot * (i + 1) + (slot - bw) / 2, c = br.contributions(i, 0);
    // Towards the target (a range: towards its edge nearest the forecast).
    const bool up = target.direction == Direction::kAtLeast ||
                    (target.direction == Direction::kBetween && br.from[0] < target.NearestEdge(br.from[0]));
    const bool toward = up ? c >= 0 : c <= 0;
    s.Rect(x, y(level[i]), bw, y(level[i + 1]) - y(level[i]), toward ? kGood : kBad);
    s.Text(x + bw / 2, y(std::max(level[i], level[i + 1])) - 4, (c >= 0 ? "+" : "") + y.Label(c), "middle",
           "font-size=\"10\"");
    // The step's driver and how far it moves.
    std::string text = br.steps[i];
    for (size_t j = 0; j < seek.inputs.size(); ++j)
      if (seek.input_names[j] == br.steps[i]) {
        const Input& in = seek.inputs[j];
        text = DriverLabel(m, in.driver, in.period);
        const double cx = L + slot * (i + 1) + slot / 2;
        s.Text(cx, H - B + 40,
               internal::DriverValueText(m, in, seek.own_values[j]) + " to " +
                   internal::DriverValueText(m, in, seek.values[j]),
               "middle", "fill=\"#555\" font-size=\"9\"");
      }
    s.Line(x + bw, y(level[i + 1]), x + slot, y(level[i + 1]), "#999", "stroke-dasharray=\"2 2\"");
    const double cx = L + slot * (i + 1) + slot / 2;
    // Long descriptions wrap onto two lines under the bar.
    if (text.size() > 18) {
      const size_t cut = text.rfind(' ', 18) == std::string::npos ? 18 : text.rfind(' ', 18);
      s.Text(cx, H - B + 14, text.substr(0, cut), "middle", "font-size=\"10\"");
      s.Text(cx, H - B + 26, Truncated(text.substr(std::min(text.size(), cut + 1)), 18), "middle", "font-size=\"10\"");
    } else {
      label(i + 1, text);
    }
  }
  column(S + 1, br.to[0], target.Meets(br.to[0]) ? kGood : kBad, "with the changes");
  s.Line(L, y(target.value), W - R, y(target.value), kBad, "stroke-width=\"2\" stroke-dasharray=\"5 3\"");
  s.Text(W - R, y(target.value) - 4, "target " + y.Label(target.value), "end", std::string("fill=\"") + kBad + '"');
  return s.Close();
}

// Each compared scenario's value of a target on one axis: a dot per scenario (the report's
// own filled black), green where it meets the target, the target as a line.
std::string ScenarioChart(const std::vector<std::string>& names, const std::vector<double>& values,
                          const Target& target, const Units& units) {
  double lo = target.value, hi = target.value;
  for (double v : values) lo = std::min(lo, v), hi = std::max(hi, v);
  const int n = static_cast<int>(values.size()), label_w = 170, plot_w = 420, row = 20, top = 24;
  const int W = label_w + plot_w + 30, H = top + n * row + 40;
  const Axis x = MakeAxis(units, lo, hi, label_w, label_w + plot_w, 5);
  Svg s("scenario-chart", W, H, target.name + " by scenario");
  const double bottom = top + n * row;
  s.XAxis(x, bottom, top - 4);
  s.Line(x(target.value), top - 6, x(target.value), bottom, kBad, "stroke-width=\"2\" stroke-dasharray=\"5 3\"");
  s.Text(x(target.value) + 3, top - 10, "target " + x.Label(target.value), "start",
         std::string("fill=\"") + kBad + '"');
  for (int i = 0; i < n; ++i) {
    const double cy = top + i * row + row / 2.0;
    s.Text(label_w - 8, cy + 4, Truncated(names[i] + (i == 0 ? " (this report)" : ""), 30), "end",
           i == 0 ? "font-weight=\"bold\"" : "");
    s.Line(label_w, cy, label_w + plot_w, cy, "#f0f0f0");
    const char* fill = target.Meets(values[i]) ? kGood : kBad;
    s.Circle(x(values[i]), cy, i == 0 ? 6 : 5, fill, i == 0 ? "stroke=\"#000\" stroke-width=\"2\"" : "");
  }
  return s.Close();
}

// The fan chart of one line: the P5-P95 and P25-P75 bands of each period over the sweep
// around the median, the model's own path (the base case) dashed, reported periods as the
// facts they are, and the run-rate each open period must deliver for `v`.
std::string FanChart(const Model& m, const PathStats& p, const Results& base, int line, const TargetVerdict* v,
                     const Units& units) {
  const int P = static_cast<int>(p.periods.size());
  if (P == 0) return "";
  const Calendar& cal = m.calendar();
  const bool need = v && v->has_open && v->open_periods > 0;
  const double per = need ? (v->open_ratio ? v->open_required : v->open_required / v->open_periods) : 0;
  const auto [span_first, span_last] = v ? cal.ColumnRange(cal.FindColumn(v->span)) : std::pair<int, int>{0, -1};
  double lo = INFINITY, hi = -INFINITY;
  for (int t = 0; t < P; ++t) {
    lo = std::min({lo, p.quantiles[t][1], base.at(line, t)});
    hi = std::max({hi, p.quantiles[t][7], base.at(line, t)});
  }
  if (need) lo = std::min(lo, per), hi = std::max(hi, per);
  const int W = 560, H = 260, L = 80, R = 90, T = 28, B = 40;
  const Axis y = MakeAxis(units, lo, hi, H - B, T, 5);
  Svg s("fan", W, H, p.line + ": fan chart by period");
  s.YAxis(y, L, W - R);
  const double slot = static_cast<double>(W - L - R) / P;
  auto x = [&](int t) { return L + slot * t + slot / 2; };
  auto band = [&](int a, int b, const char* fill, double opacity) {
    std::string d = "M";
    for (int t = 0; t < P; ++t) d += (t ? " L" : "") + F(x(t)) + ' ' + F(y(p.quantiles[t][b]));
    for (int t = P - 1; t >= 0; --t) d += " L" + F(x(t)) + ' ' + F(y(p.quantiles[t][a]));
    s.Path(d + " Z", fill, "fill-opacity=\"" + Fixed(opacity, 2) + "\"");
  };
  band(1, 7, kForecast, 0.22);  // P5..P95
  band(3, 5, kForecast, 0.38);  // P25..P75
  std::string med = "M", own = "M";
  for (int t = 0; t < P; ++t) {
    med += (t ? " L" : "") + F(x(t)) + ' ' + F(y(p.quantiles[t][4]));
    own += (t ? " L" : "") + F(x(t)) + ' ' + F(y(base.at(line, t)));
  }
  s.Path(med, "none", std::string("stroke=\"") + kForecast + "\" stroke-width=\"2\"");
  s.Path(own, "none", std::string("stroke=\"") + kInk + "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
  for (int t = 0; t < P; ++t) {
    const bool actual = cal.periods()[t].actual;
    s.Circle(x(t), y(base.at(line, t)), slot >= kRoomy ? 3.5 : 2, actual ? kReported : kInk);
    if (need && !actual && t >= span_first && t <= span_last)
      s.Line(x(t) - slot * 0.3, y(per), x(t) + slot * 0.3, y(per), kBad, "stroke-width=\"2\"");
  }
  s.PeriodAxis(cal, L, slot, H - B, T);
  // Labels at the right edge, where the last period's band ends, pushed apart to stay legible.
  const int last = P - 1;
  std::vector<Label> labels = {{y(p.quantiles[last][7]), "P95", "fill=\"#555\""},
                               {y(p.quantiles[last][4]), "median", std::string("fill=\"") + kForecast + '"'},
                               {y(p.quantiles[last][1]), "P5", "fill=\"#555\""},
                               {y(base.at(line, last)), "base case", ""}};
  if (need) labels.push_back({y(per), "needed " + y.Label(per), std::string("fill=\"") + kBad + '"'});
  for (const Label& l : Spread(labels, 12))
    s.Text(x(last) + 12, l.y + 4, l.text, "start", l.extra + " font-size=\"10\"");
  return s.Close();
}

}  // namespace

std::string DistributionSvg(const KpiStats& k, const std::string& currency, const std::string& unit, double base,
                            int width, int height) {
  const Units units{currency, unit};
  const int B = static_cast<int>(k.bins.size());
  if (B == 0 || !(k.hist_high > k.hist_low)) return "";
  // The bins that hold scenarios, first to last, in at most 80 bars of whole bins.
  const double bin = (k.hist_high - k.hist_low) / B;
  int first = 0, last = B - 1;
  while (first < B && k.bins[first] == 0) ++first;
  while (last > first && k.bins[last] == 0) --last;
  if (first == B) return "";
  const int span = last - first + 1, group = std::max(1, (span + 79) / 80), bars = (span + group - 1) / group;
  std::vector<double> c(bars, 0);
  for (int i = first; i <= last; ++i) c[(i - first) / group] += static_cast<double>(k.bins[i]);
  double top = 0;
  for (double v : c) top = std::max(top, v);
  if (top <= 0) return "";
  const double lo = k.hist_low + first * bin, hi = k.hist_low + (first + bars * group) * bin;
  const int L = 16, R = 16, T = 48, Bm = 44;
  Axis x = MakeAxis(units, std::min(lo, k.target), std::max(hi, k.target), L, width - R, 5);
  if (!std::isnan(base))
    x = MakeAxis(units, std::min({lo, k.target, base}), std::max({hi, k.target, base}), L, width - R, 5);
  const double ph = height - T - Bm;
  Svg s("distribution", width, height, k.name + ": distribution over the sweep");
  s.Text(L, 13,
         k.name + " (" + k.span + "): P(meet) " + Fixed(k.p_meet, 4) + " [" + Fixed(k.p_low, 4) + ", " +
             Fixed(k.p_high, 4) + "]",
         "start", "font-weight=\"bold\"");
  s.XAxis(x, T + ph, T);
  for (int i = 0; i < bars; ++i) {
    if (c[i] == 0) continue;
    const double a = lo + i * group * bin, b = a + group * bin, h = ph * c[i] / top;
    s.Rect(x(a), T + ph - h, std::max(x(b) - x(a) - 0.3, 0.3), h, Meets((a + b) / 2, k) ? kGood : kBad);
  }
  s.Line(x(k.target), T - 22, x(k.target), T + ph, kBad, "stroke-width=\"2\" stroke-dasharray=\"5 3\"");
  s.Text(x(k.target), T - 24, "target " + x.Label(k.target), "middle",
         std::string("class=\"target\" fill=\"") + kBad + '"');
  if (!std::isnan(base)) {
    s.Line(x(base), T - 8, x(base), T + ph, kInk, "stroke-width=\"2\"");
    s.Text(x(base), T - 10, "base case " + x.Label(base), "middle", "class=\"base\"");
  }
  return s.Close();
}

void HtmlReportOptions::Validate() const {
  if (samples < 0) throw OptionsError("HtmlReportOptions::samples", "must be at least 0", std::to_string(samples));
  if (threads < 0 || threads > 1024)
    throw OptionsError("HtmlReportOptions::threads", "must be in [0, 1024] (0: every core)", std::to_string(threads));
  if (bridge_drivers < 1 || bridge_drivers > 20)
    throw OptionsError("HtmlReportOptions::bridge_drivers", "must be in [1, 20]", std::to_string(bridge_drivers));
}

namespace {

const char* kStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px auto;color:#222;max-width:1180px;padding:0 16px}"
    "table{border-collapse:collapse;margin:8px 0 16px}th,td{padding:3px 8px;border-bottom:1px solid #ddd}"
    "th{background:#f1f3f5;text-align:right;font-weight:600}th:first-child,td:first-child{text-align:left}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "td.reported,th.reported{background:#eceef0;color:#555}.good{color:#2e7d4f;font-weight:bold}"
    ".bad{color:#c0392b;font-weight:bold}table.meta td{border:none;padding:1px 10px 1px 0;vertical-align:top}"
    "table.meta td:first-child{color:#666;white-space:nowrap}h1{font-size:22px;margin-bottom:4px}"
    "h2{border-bottom:2px solid #444;padding-bottom:2px;margin-top:32px;font-size:18px}h3{font-size:15px}"
    ".note{color:#555;font-size:90%;max-width:900px}.charts{display:flex;flex-wrap:wrap;gap:12px 28px}"
    "figure{margin:0}figcaption{font-size:13px;font-weight:600;margin-bottom:2px}"
    ".key span{display:inline-block;width:12px;height:12px;vertical-align:middle;margin:0 4px 0 12px}"
    "svg text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    ".scroll{overflow-x:auto}table.pnl,table.components,#contributions{font-size:13px}"
    "#contributions td:nth-child(2){white-space:nowrap}td.unit{white-space:nowrap;color:#666}";

// The colour key shown once under each section's heading: no legend hunt inside the charts.
std::string Key(std::initializer_list<std::pair<const char*, const char*>> items) {
  std::string s = "<p class=\"note key\">";
  for (const auto& [colour, text] : items) s += std::string("<span style=\"background:") + colour + "\"></span>" + text;
  return s + "</p>\n";
}

}  // namespace

std::string RenderHtmlReport(const Model& m, const HtmlReportOptions& opt, const std::atomic<bool>* stop) {
  opt.Validate();
  const Calendar& cal = m.calendar();
  const std::string unit = UnitLabel(m).empty() ? "units" : UnitLabel(m);
  const Units units{m.currency(), m.unit()};
  const Results results = Run(m);
  const std::vector<TargetVerdict> verdicts = Verdicts(results);
  // The lines that carry a target, in target order, each once.
  std::vector<int> target_lines;
  for (const Target& t : m.targets())
    if (std::find(target_lines.begin(), target_lines.end(), t.line) == target_lines.end())
      target_lines.push_back(t.line);
  // The verdict a line's chart is judged by: its first target with open periods.
  auto line_verdict = [&](int line) -> const TargetVerdict* {
    for (size_t t = 0; t < verdicts.size(); ++t)
      if (m.targets()[t].line == line && verdicts[t].has_open) return &verdicts[t];
    return nullptr;
  };

  std::ostringstream o;
  const std::string title = (m.name().empty() ? m.path() : m.name());
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width\"><title>"
    << Esc(title + " -- scenario " + m.scenario()) << "</title><style>" << kStyle << "</style></head><body>\n<h1>"
    << Esc(title) << "</h1>\n";
  if (!m.description().empty()) o << "<p class=\"note\">" << Esc(m.description()) << "</p>\n";

  // What this is: the model, the scenario and every override, the unit, the engine.
  o << "<table class=\"meta\">";
  auto meta = [&](const std::string& key, const std::string& label, const std::string& value) {
    o << "<tr><td>" << Esc(label) << "</td><td id=\"meta-" << key << "\">" << Esc(value) << "</td></tr>";
  };
  meta("scenario", "scenario",
       m.scenario() + (m.scenario_description().empty() ? "" : ": " + m.scenario_description()));
  std::string sets;
  for (const DriverOverride& d : m.overrides()) sets += (sets.empty() ? "" : ", ") + OverrideText(m, d);
  meta("overrides", "overrides (--set)", sets.empty() ? "none" : sets);
  meta("as-of", "as of", m.as_of().empty() ? "(not given in the model)" : m.as_of());
  meta("actuals", "reported periods",
       cal.num_actual() == 0 ? "none"
                             : cal.periods()[0].label + ".." + cal.periods()[cal.num_actual() - 1].label +
                                   (m.actuals_source().empty() ? "" : " (" + m.actuals_source() + ")"));
  meta("source", "source", m.source().empty() ? "(not given in the model)" : m.source());
  meta("files", "files read", internal::JoinList(m.source_files()));
  meta("unit", "amounts in", unit);
  std::string engine = std::string("outturn ") + OUTTURN_VERSION_STRING;
  if (opt.samples > 0)
    engine += "; sweep: Monte Carlo, " + std::to_string(opt.samples) + " scenarios, seed " + std::to_string(opt.seed);
  else
    engine += "; no sweep (run with --samples N for probabilities)";
  meta("engine", "engine", engine);
  o << "</table>\n";

  // The verdict per target.
  o << "<h2 id=\"verdict\">Does each target hold?</h2>\n"
    << "<table id=\"targets\"><tr>" << Th("target") << Th("line") << Th("span") << Th("forecast (" + unit + ")")
    << Th("target (" + unit + ")") << Th("gap (" + unit + ")") << Th("gap %") << Th("verdict") << "</tr>";
  for (const TargetVerdict& v : verdicts)
    o << "<tr data-target=\"" << Esc(v.name) << "\">" << Td(v.name) << Td(v.line) << Td(v.span)
      << Num(v.forecast, "forecast")
      << (v.direction == Direction::kBetween
              ? Num(v.target, "target", FormatAmount(v.target) + " to " + FormatAmount(v.high))
              : Num(v.target, "target"))
      << Num(v.gap, "gap") << Num(v.gap_pct, "", internal::Percent(v.gap_pct, 1))
      << Td((v.direction == Direction::kBetween ? ToString(v.position) : std::string(v.met ? "met" : "missed")) +
                (v.reported ? " (reported)" : ""),
            v.met ? "good" : "bad")
      << "</tr>";
  o << "</table>\n";
  bool any_open = false;
  for (const TargetVerdict& v : verdicts) any_open |= v.has_open;
  if (any_open) {
    o << "<h3>What the open periods must deliver, against what the reported ones did</h3>\n<table id=\"open\"><tr>"
      << Th("target") << Th("reported") << Th("reported to date (" + unit + ")")
      << Th("per reported period (" + unit + ")") << Th("open") << Th("required (" + unit + ")")
      << Th("per open period (" + unit + ")") << Th("vs reported pace") << Th("forecast (" + unit + ")")
      << Th("short (-) / over (" + unit + ")") << "</tr>";
    for (const TargetVerdict& v : verdicts) {
      if (!v.has_open) continue;
      const int col = cal.FindColumn(v.span);
      const auto [first, last] = cal.ColumnRange(col);
      const int reported = last - first + 1 - v.open_periods;
      // A ratio line's figures are ratios already: its pace is the ratio itself.
      const int per = v.open_ratio ? 1 : v.open_periods, per_reported = v.open_ratio ? 1 : reported;
      const double pace = reported > 0 ? v.reported_to_date / per_reported : NAN;
      const double need = v.open_required / per;
      double over = v.open_forecast - v.open_required;
      bool ok = v.direction == Direction::kAtLeast ? over >= 0 : over <= 0;
      if (v.direction == Direction::kBetween) {
        // Against the edge the open forecast misses; 0 within what the open periods may deliver.
        over = v.open_forecast < v.open_required        ? v.open_forecast - v.open_required
               : v.open_forecast > v.open_required_high ? v.open_forecast - v.open_required_high
                                                        : 0.0;
        ok = over == 0;
      }
      o << "<tr data-target=\"" << Esc(v.name) << "\">" << Td(v.name)
        << Td(v.reported_label.empty() ? "-" : v.reported_label) << Num(v.reported_to_date, "reported")
        << (reported > 0 ? Num(pace, "reported") : Td("-")) << Td(v.open_label) << Num(v.open_required, "required")
        << Num(need)
        << (reported > 0 && pace != 0 ? Num(need / pace - 1, "", internal::Percent(need / pace - 1, 1)) : Td("-"))
        << Num(v.open_forecast) << Num(over, ok ? "good" : "bad") << "</tr>";
    }
    o << "</table>\n<p class=\"note\">Per period: the total divided by the number of periods. \"vs reported pace\": "
         "how much more (or less) each open period must deliver than the reported periods did on average.</p>\n";
  }

  // The P&L by period: a chart per target line, then the tables.
  o << "<h2 id=\"pnl\">" << (cal.spec().periodicity == Periodicity::kMonth ? "Monthly" : "Quarterly") << " P&amp;L ("
    << Esc(unit) << ")</h2>\n"
    << Key({{kReported, "reported"},
            {kGood, "forecast, target met"},
            {kBad, "forecast, target missed"},
            {kForecast, "forecast outside the target's span"}})
    << "<p class=\"note\">Dashed black marks: what each open period must deliver (the required total spread "
       "evenly) for the line's target to be met.</p>\n<div class=\"charts\">";
  for (int line : target_lines) {
    const Line& l = m.lines()[line];
    o << "<figure><figcaption>" << Esc(l.description.empty() ? l.name : l.name + ": " + l.description)
      << "</figcaption>" << PnlChart(m, results, line, line_verdict(line), units) << "</figure>";
  }
  o << "</div>\n";
  for (bool components : {false, true}) {
    std::vector<int> idx;
    for (int i = 0; i < static_cast<int>(m.lines().size()); ++i)
      if (m.lines()[i].component.empty() != components) idx.push_back(i);
    if (idx.empty()) continue;
    if (components) {
      o << "<h2 id=\"components\">Component contributions (" << Esc(unit) << ")</h2>\n";
      for (const Component& c : m.components())
        o << "<p class=\"note\"><b>" << Esc(c.name) << "</b>: " << Esc(c.description) << "</p>\n";
      // Each component's part of a target line, where the component has a line of that name
      // (COMPONENT.LINE: iijgs.revenue in revenue), and what the rest of the company adds.
      bool any = false;
      for (int line : target_lines) {
        const Line& total = m.lines()[line];
        std::vector<int> parts;
        for (const Component& c : m.components()) {
          const int l = m.FindLine(c.name + "." + total.name);
          if (l >= 0) parts.push_back(l);
        }
        if (parts.empty()) continue;
        if (!any) {
          o << "<div class=\"scroll\"><table id=\"contributions\"><tr>" << Th("target line")
            << Th("part (" + unit + ", share of the total)");
          for (int c = 0; c < cal.num_columns(); ++c) o << Th(cal.ColumnLabel(c));
          o << "</tr>";
          any = true;
        }
        auto row = [&](const std::string& what, const std::string& label, auto value, const std::string& cls) {
          o << "<tr data-line=\"" << Esc(total.name) << "\" data-part=\"" << Esc(label) << "\"" << cls << ">"
            << Td(what) << Td(label);
          for (int c = 0; c < cal.num_columns(); ++c) {
            const double v = value(c), all = results.at(line, c);
            const bool actual = c < cal.num_periods() && cal.periods()[c].actual;
            o << Num(v, actual ? "reported" : "",
                     FormatAmount(v) + (label == "total" || all == 0 ? "" : " (" + Fixed(100 * v / all, 1) + "%)"));
          }
          o << "</tr>";
        };
        row(
            total.name, "total", [&](int c) { return results.at(line, c); }, " style=\"font-weight:bold\"");
        for (int l : parts)
          row(
              "", m.lines()[l].component, [&](int c) { return results.at(l, c); }, "");
        row(
            "", "rest of the company",
            [&](int c) {
              double rest = results.at(line, c);
              for (int l : parts) rest -= results.at(l, c);
              return rest;
            },
            "");
      }
      if (any)
        o << "</table></div>\n<p class=\"note\">Each component's line of the same name as a target line, with its "
             "share of the total in that period or span.</p>\n";
    }
    o << "<div class=\"scroll\"><table class=\"" << (components ? "components" : "pnl") << "\"><tr>" << Th("line")
      << "<th style=\"text-align:left\">unit</th>";
    for (int c = 0; c < cal.num_columns(); ++c) {
      const bool actual = c < cal.num_periods() && cal.periods()[c].actual;
      o << "<th" << (actual ? " class=\"reported\"" : "") << ">" << Esc(cal.ColumnLabel(c))
        << (c < cal.num_periods() ? (actual ? "<br>reported" : "<br>forecast") : "") << "</th>";
    }
    o << "</tr>";
    for (int i : idx) {
      const Line& l = m.lines()[i];
      o << "<tr data-line=\"" << Esc(l.name) << "\">"
        << "<td title=\"" << Esc(l.description) << "\">" << Esc(l.name) << "</td>"
        << Td(l.unit.empty() ? unit : l.unit, "unit");
      for (int c = 0; c < cal.num_columns(); ++c)
        o << Num(results.at(i, c), c < cal.num_periods() && cal.periods()[c].actual ? "reported" : "");
      o << "</tr>";
    }
    o << "</table></div>\n";
  }
  o << "<p class=\"note\">Shaded columns are reported (locked) periods; the others are forecast. Spans (1H, FY) "
       "add up their periods as each line's rollup says.</p>\n";

  // The scenarios side by side.
  std::vector<Model> scenarios = {m};
  for (const Model& c : opt.compare) {
    // Side by side target by target: the same targets, in the same order.
    bool same = c.targets().size() == m.targets().size();
    for (size_t t = 0; same && t < m.targets().size(); ++t) same = c.targets()[t].name == m.targets()[t].name;
    if (!same)
      throw UsageError("report: " + c.path() + " is not a version of " + m.path() +
                       " (its targets differ): compare scenarios of one model");
    scenarios.push_back(c);
  }
  for (const std::string& n : m.scenario_names())
    if (n != m.scenario()) scenarios.push_back(m.WithScenario(n));
  if (scenarios.size() > 1 && !m.targets().empty()) {
    std::vector<std::vector<TargetVerdict>> vs;
    for (const Model& s : scenarios) vs.push_back(Verdicts(Run(s)));
    o << "<h2 id=\"scenarios\">Scenarios side by side (" << Esc(unit) << ")</h2>\n"
      << Key({{kGood, "the target is met in that scenario"}, {kBad, "missed"}}) << "<table id=\"scenario-table\"><tr>"
      << Th("target") << Th("target (" + unit + ")");
    for (const Model& s : scenarios) o << Th(s.scenario() + " (" + unit + ")");
    o << "</tr>";
    for (size_t t = 0; t < verdicts.size(); ++t) {
      o << "<tr data-target=\"" << Esc(verdicts[t].name) << "\">"
        << Td(verdicts[t].name + " (" + verdicts[t].span + ")") << Num(verdicts[t].target);
      for (size_t k = 0; k < scenarios.size(); ++k) o << Num(vs[k][t].forecast, vs[k][t].met ? "good" : "bad");
      o << "</tr>";
    }
    o << "</table>\n<p class=\"note\">";
    for (size_t k = 1; k < scenarios.size(); ++k)
      o << "<b>" << Esc(scenarios[k].scenario()) << "</b>: "
        << Esc(scenarios[k].scenario_description().empty() ? internal::JoinList(scenarios[k].source_files())
                                                           : scenarios[k].scenario_description())
        << "<br>";
    o << "</p>\n<div class=\"charts\">";
    for (size_t t = 0; t < verdicts.size(); ++t) {
      if (!verdicts[t].has_open) continue;
      std::vector<std::string> names;
      std::vector<double> values;
      for (size_t k = 0; k < scenarios.size(); ++k) {
        names.push_back(scenarios[k].scenario());
        values.push_back(vs[k][t].forecast);
      }
      o << "<figure><figcaption>" << Esc(verdicts[t].name + " (" + verdicts[t].span + ")") << "</figcaption>"
        << ScenarioChart(names, values, m.targets()[t], units) << "</figure>";
    }
    o << "</div>\n";
  }

  // The tornado of each open target.
  std::vector<std::string> open_targets;
  for (const TargetVerdict& v : verdicts)
    if (v.has_open) open_targets.push_back(v.name);
  if (!open_targets.empty()) {
    TornadoOptions to;
    to.kpis = open_targets;
    const TornadoResult t = Tornado(m, to);
    o << "<h2 id=\"tornado\">Tornado: each driver alone from its low to its high</h2>\n"
      << Key({{kGood, "the target is met with the driver there"}, {kBad, "missed"}})
      << "<p class=\"note\">Each bar runs from the target's value with the driver at its low to at its high (its "
         "P10 and P90, or bounds, or &plusmn;10%), every other driver at its own value. Solid black: the base case; "
         "dashed red: the target. The ten largest swings.</p>\n";
    for (size_t k = 0; k < t.kpis.size(); ++k) {
      const Target* target = t.kpis[k].target >= 0 ? &m.targets()[t.kpis[k].target] : nullptr;
      o << "<figure><figcaption>" << Esc(internal::KpiTitle(m, t.kpis[k])) << "</figcaption>"
        << TornadoChart(m, t, static_cast<int>(k), target, units) << "</figure>\n";
    }
  }

  // The bridge to each missed target.
  bool any_missed = false;
  for (const TargetVerdict& v : verdicts) any_missed |= v.has_open && !v.met;
  if (any_missed) {
    o << "<h2 id=\"bridge\">Bridge to each missed target</h2>\n"
      << Key({{kGood, "moves towards the target"}, {kBad, "moves away"}})
      << "<p class=\"note\">The least weighted change of the target's " << opt.bridge_drivers
      << " most influential drivers (by the tornado) that meets it, within their bounds; each driver's Shapley "
         "contribution from the forecast to there. The axis does not start at zero.</p>\n<div class=\"charts\">";
    for (size_t t = 0; t < verdicts.size(); ++t) {
      const TargetVerdict& v = verdicts[t];
      if (!v.has_open || v.met) continue;
      const Goal goal = TargetGoal(m, static_cast<int>(t));
      const std::vector<Input> inputs = TopInputs(m, {v.name}, opt.bridge_drivers);
      const MultiGoalSeekResult seek = MultiGoalSeek(m, {goal}, inputs);
      o << "<figure data-target=\"" << Esc(v.name) << "\"><figcaption>" << Esc(v.name + " (" + v.span + ")")
        << "</figcaption>";
      if (seek.status != GoalSeekStatus::kSolved) {
        o << "<p class=\"note bad\">Not reachable by moving " << Esc(internal::JoinList(seek.input_names)) << ": "
          << Esc(seek.message) << "</p></figure>";
        continue;
      }
      BridgeOptions bo;
      bo.kpis = {v.name};
      const BridgeResult br = Bridge(m, m.WithOverrides(seek.overrides), bo);
      o << WaterfallChart(m, br, seek, m.targets()[t], units);
      // What the change does to the other targets: a bridge that breaks a met one says so.
      std::vector<std::string> broken;
      for (const TargetChange& c : seek.targets)
        if (c.broken()) broken.push_back(c.name + " (" + c.span + ")");
      o << "<p class=\"note"
        << (broken.empty() ? "\">It breaks no met target."
                           : " bad\">It breaks " + Esc(internal::JoinList(broken)) + ".")
        << "</p></figure>";
    }
    o << "</div>\n";
  }

  // The sweep.
  if (opt.samples > 0) {
    SweepOptions so;
    so.samples = opt.samples;
    so.seed = opt.seed;
    so.threads = opt.threads;
    for (int line : target_lines) so.path_lines.push_back(m.lines()[line].name);
    const SweepResult r = Sweep(m, so, stop);
    o << "<h2 id=\"sweep\">How likely: " << r.samples << " Monte Carlo scenarios, seed " << r.seed << "</h2>\n";
    if (r.partial)
      o << "<p class=\"bad\">PARTIAL: interrupted after " << r.samples << " of " << r.requested << " scenarios.</p>\n";
    o << "<p class=\"note\">Every driver with a distribution varies at once (" << r.drivers.size()
      << " drivers), with the model's correlations. Intervals: Wilson score at 95%. Quantiles are read from "
         "histograms of "
      << so.histogram_bins << " bins, each within one bin width of the sample quantile.</p>\n";
    for (const std::string& note : r.notes) o << "<p class=\"note\">Note: " << Esc(note) << "</p>\n";
    o << "<p id=\"p-all\" data-value=\"" << FormatNumber(r.p_all) << "\">P(every target met) = <b>" << Fixed(r.p_all, 4)
      << "</b> [" << Fixed(r.p_all_low, 4) << ", " << Fixed(r.p_all_high, 4) << "]</p>\n"
      << "<table id=\"sweep-table\"><tr>" << Th("target") << Th("span") << Th("target (" + unit + ")")
      << Th("base case (" + unit + ")") << Th("P5 (" + unit + ")") << Th("median (" + unit + ")")
      << Th("P95 (" + unit + ")") << Th("P(meet)") << Th("95% interval") << Th("E[shortfall] (" + unit + ")")
      << "</tr>";
    for (size_t k = 0; k < r.kpis.size(); ++k) {
      const KpiStats& s = r.kpis[k];
      o << "<tr data-target=\"" << Esc(s.name) << "\">" << Td(s.name) << Td(s.span) << Num(s.target)
        << Num(verdicts[k].forecast) << Num(s.quantiles[1]) << Num(s.quantiles[4]) << Num(s.quantiles[7])
        << Num(s.p_meet, "p-meet", Fixed(s.p_meet, 4))
        << Td("[" + Fixed(s.p_low, 4) + ", " + Fixed(s.p_high, 4) + "]", "num") << Num(s.expected_shortfall) << "</tr>";
    }
    o << "</table>\n<h3>Each target's distribution</h3>\n"
      << Key({{kGood, "scenarios that meet the target"}, {kBad, "that miss it"}})
      << "<p class=\"note\">Bar height: scenarios per bar. Dashed red: the target; solid black: the base case "
         "(the model's own forecast).</p>\n<div class=\"charts\">";
    for (size_t k = 0; k < r.kpis.size(); ++k) {
      if (verdicts[k].reported) continue;  // a reported figure does not vary
      o << "<figure>" << DistributionSvg(r.kpis[k], m.currency(), m.unit(), r.kpis[k].base) << "</figure>";
    }
    o << "</div>\n<h3>The path by period: fan charts</h3>\n<p class=\"note\">Bands: P5 to P95 (light) and P25 to "
         "P75 (dark) of each period over the scenarios; solid blue: the median; dashed black: the base case; red "
         "marks: what each open period must deliver for the line's target.</p>\n<div class=\"charts\">";
    for (size_t p = 0; p < r.paths.size(); ++p) {
      const int line = target_lines[p];
      o << "<figure><figcaption>" << Esc(r.paths[p].line) << "</figcaption>"
        << FanChart(m, r.paths[p], results, line, line_verdict(line), units) << "</figure>";
    }
    o << "</div>\n<h3>What drives the misses</h3>\n<p class=\"note\">Each driver's mean among the scenarios that "
         "meet the target and among those that miss it; the gap in standard deviations of the driver. The five "
         "largest gaps per target.</p>\n";
    for (size_t k = 0; k < r.kpis.size(); ++k) {
      const std::vector<MissDriver> md = MissDrivers(r, static_cast<int>(k));
      if (md.empty()) continue;
      o << "<table class=\"miss-drivers\" data-target=\"" << Esc(r.kpis[k].name) << "\"><tr>"
        << Th(r.kpis[k].name + ": driver") << Th("description") << Th("unit") << Th("mean if met")
        << Th("mean if missed") << Th("gap in sd") << "</tr>";
      for (size_t g = 0; g < std::min<size_t>(5, md.size()); ++g) {
        const int d = m.FindDriver(r.drivers[md[g].driver]);
        const Driver& dr = m.drivers()[d];
        o << "<tr>" << Td(dr.name) << Td(dr.description) << Td(dr.unit)
          << Num(md[g].mean_meet, "", internal::Sig(md[g].mean_meet))
          << Num(md[g].mean_miss, "", internal::Sig(md[g].mean_miss))
          << Num(md[g].gap_sd, "", Fixed(md[g].gap_sd, 2, true)) << "</tr>";
      }
      o << "</table>\n";
    }
  }
  o << "<p class=\"note\">Written by outturn " << OUTTURN_VERSION_STRING
    << " from the files above; self-contained (no scripts, no external files, no network). The same files, options "
       "and seed give the same bytes.</p>\n</body></html>\n";
  return o.str();
}

}  // namespace outturn
