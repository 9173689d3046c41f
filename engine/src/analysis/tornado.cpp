// SPDX-License-Identifier: MIT
// Tornado and spider: each driver at its low and high, or across its range, in one batch
// (TornadoOn, the core, also picks the top drivers for BreakEven).
#include "outturn/analysis/tornado.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/analysis_internal.h"

namespace outturn {
namespace internal {

TornadoResult TornadoOn(const Model& m, std::vector<Kpi> kpis, bool include_dates, const SwingOptions& swing) {
  TornadoResult r;
  r.kpis = std::move(kpis);
  r.inputs = DriverInputs(m, include_dates);
  r.input_names = NamesOf(m, r.inputs);
  const int n = static_cast<int>(r.inputs.size()), K = static_cast<int>(r.kpis.size());
  for (const Input& in : r.inputs) r.ranges.push_back(SwingRange(m, in, swing));
  r.input_values.resize(n);
  for (int j = 0; j < n; ++j) r.input_values[j] = InputValue(m, r.inputs[j]);
  if (K == 0) return r;  // a Program without outputs would read back every cell
  const Program p(m, r.inputs, CellsOf(r.kpis));
  // Column 0: the model's own values; 1 + 2j: driver j at its low; 2 + 2j: at its high.
  BatchMatrix x(n, 2 * n + 1);
  for (int c = 0; c < x.cols(); ++c) x.col(c) = r.input_values;
  for (int j = 0; j < n; ++j) {
    x(j, 1 + 2 * j) = r.ranges[j].low;
    x(j, 2 + 2 * j) = r.ranges[j].high;
  }
  const BatchMatrix y = EvaluateExplained(p, x, [&](int c) {
    if (c == 0) return std::string("the model's own values");
    const int j = (c - 1) / 2;
    const Driver& d = m.drivers()[r.inputs[j].driver];
    return r.input_names[j] + " at its " + (c % 2 ? "low " : "high ") + ValueText(d, x(j, c));
  });
  r.base = y.col(0);
  std::vector<double> score(n, 0.0);
  for (int i = 0; i < K; ++i) {
    std::vector<TornadoBar> bars;
    double widest = 0;
    for (int j = 0; j < n; ++j) {
      TornadoBar b{j, y(i, 1 + 2 * j), y(i, 2 + 2 * j), std::fabs(y(i, 2 + 2 * j) - y(i, 1 + 2 * j))};
      widest = std::max(widest, b.swing);
      bars.push_back(b);
    }
    std::stable_sort(bars.begin(), bars.end(),
                     [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
    if (widest > 0)
      for (const TornadoBar& b : bars) score[b.input] = std::max(score[b.input], b.swing / widest);
    r.bars.push_back(std::move(bars));
  }
  r.top.resize(n);
  std::iota(r.top.begin(), r.top.end(), 0);
  std::stable_sort(r.top.begin(), r.top.end(), [&](int a, int b) { return score[a] > score[b]; });
  // Drivers that move no KPI are not "top" anywhere.
  r.top.erase(std::remove_if(r.top.begin(), r.top.end(), [&](int j) { return score[j] == 0; }), r.top.end());
  return r;
}

}  // namespace internal

using internal::CellsOf;
using internal::EvaluateExplained;
using internal::kNaN;
using internal::NamesOf;
using internal::OptionFail;
using internal::TornadoOn;
using internal::ValueText;

// ---------------------------------------------------------------------------------------
// Tornado and spider

void TornadoOptions::Validate() const { swing.Validate(); }

TornadoResult Tornado(const Model& m, const TornadoOptions& o) {
  o.Validate();
  return TornadoOn(m, SelectKpis(m, o.kpis), o.include_dates, o.swing);
}

std::vector<Input> TopInputs(const Model& m, const std::vector<std::string>& kpis, int top) {
  TornadoOptions o;
  o.kpis = kpis;
  const TornadoResult t = Tornado(m, o);
  std::vector<Input> inputs;
  for (int j : t.top) {
    if (static_cast<int>(inputs.size()) >= top) break;
    inputs.push_back(t.inputs[j]);
  }
  return inputs;
}

void SpiderOptions::Validate() const {
  if (top < 1) OptionFail("SpiderOptions::top", std::to_string(top), "must be at least 1");
  if (steps < 2 || steps > 10000) OptionFail("SpiderOptions::steps", std::to_string(steps), "must be in [2, 10000]");
  swing.Validate();
}

SpiderResult Spider(const Model& m, const SpiderOptions& o) {
  o.Validate();
  SpiderResult r;
  r.kpis = SelectKpis(m, o.kpis);
  if (!o.drivers.empty()) {
    for (const std::string& s : o.drivers) r.inputs.push_back(FindInput(m, s));
  } else {
    const TornadoResult t = TornadoOn(m, r.kpis, o.include_dates, o.swing);
    for (int j = 0; j < std::min<int>(o.top, static_cast<int>(t.top.size())); ++j)
      r.inputs.push_back(t.inputs[t.top[j]]);
  }
  r.input_names = NamesOf(m, r.inputs);
  for (const Input& in : r.inputs) r.ranges.push_back(SwingRange(m, in, o.swing));
  const int n = static_cast<int>(r.inputs.size()), S = o.steps;
  r.input_values.resize(n);
  for (int j = 0; j < n; ++j) r.input_values[j] = InputValue(m, r.inputs[j]);
  if (r.kpis.empty()) return r;
  const Program p(m, r.inputs, CellsOf(r.kpis));
  BatchMatrix x(n, 1 + n * S);
  for (int c = 0; c < x.cols(); ++c) x.col(c) = r.input_values;
  auto step = [&](int j, int s) {
    return s == S - 1 ? r.ranges[j].high : r.ranges[j].low + r.ranges[j].width() * s / (S - 1);
  };
  for (int j = 0; j < n; ++j)
    for (int s = 0; s < S; ++s) x(j, 1 + j * S + s) = step(j, s);
  const BatchMatrix y = EvaluateExplained(p, x, [&](int c) {
    if (c == 0) return std::string("the model's own values");
    const int j = (c - 1) / S;
    return r.input_names[j] + " = " + ValueText(m.drivers()[r.inputs[j].driver], x(j, c));
  });
  r.base = y.col(0);
  for (int j = 0; j < n; ++j) {
    SpiderSeries s;
    s.input = j;
    s.x.resize(S);
    s.change.resize(S);
    for (int k = 0; k < S; ++k) {
      s.x[k] = x(j, 1 + j * S + k);
      const double own = r.input_values[j];
      s.change[k] = own == 0 ? kNaN : (s.x[k] - own) / std::fabs(own);
    }
    s.y = y.block(0, 1 + j * S, y.rows(), S);
    r.series.push_back(std::move(s));
  }
  return r;
}

}  // namespace outturn
