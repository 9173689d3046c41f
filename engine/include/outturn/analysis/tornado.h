// SPDX-License-Identifier: MIT
#pragma once
/// \file tornado.h
/// Tornado and spider: one-at-a-time swings of each driver between a low and a high value,
/// evaluated as one batch.///
/// Every function here takes an immutable Model and returns its result by value; none keeps
/// state, so all are safe to call concurrently. Bad arguments (an unknown KPI or driver, an
/// option out of range) throw UsageError or OptionsError; expected outcomes (no root in the
/// bracket, no convergence) are statuses in the result, never exceptions.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outturn/analysis/kpi.h"
#include "outturn/base/eigen_types.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"

namespace outturn {

// ---------------------------------------------------------------------------------------
// Tornado and spider

struct TornadoOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis().
  std::vector<std::string> kpis;
  /// Include date drivers.
  bool include_dates = false;
  /// Low and high of each driver.
  SwingOptions swing;
  void Validate() const;
};

/// One driver's bar in a KPI's tornado.
struct TornadoBar {
  int input = -1;       ///< index into TornadoResult::inputs
  double kpi_low = 0;   ///< KPI with the driver at its low (all others at their own values)
  double kpi_high = 0;  ///< KPI with the driver at its high
  double swing = 0;     ///< |kpi_high - kpi_low|
};

struct TornadoResult {
  std::vector<Kpi> kpis;
  std::vector<Input> inputs;  ///< the drivers' base values (DriverInputs)
  std::vector<std::string> input_names;
  std::vector<InputRange> ranges;
  Vector input_values;  ///< each driver's own value
  Vector base;          ///< KPI values at the model's own values
  /// For each KPI, one bar per driver, by swing descending (ties: input order).
  std::vector<std::vector<TornadoBar>> bars;
  /// Input indices by their largest normalized swing over the KPIs (a driver's swing on a
  /// KPI divided by the largest swing on that KPI): the drivers that matter most anywhere.
  std::vector<int> top;
};

/// One-at-a-time swings: each driver at its low and at its high with every other driver at
/// its own value, all 2 × drivers + 1 scenarios in one Program::Evaluate batch.
TornadoResult Tornado(const Model& model, const TornadoOptions& options = {});

/// The `top` drivers that move `kpis` (target names or "line@COLUMN") most: the first `top`
/// of Tornado(model, {kpis}).top (fewer when the model has fewer). What a bridge or goal seek
/// to the targets moves when no drivers are named.
std::vector<Input> TopInputs(const Model& model, const std::vector<std::string>& kpis, int top);

struct SpiderOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis().
  std::vector<std::string> kpis;
  /// Drivers ("driver" or "driver@PERIOD"). Empty: the `top` drivers of Tornado().
  std::vector<std::string> drivers;
  /// How many drivers when `drivers` is empty. >= 1.
  int top = 5;
  /// Points across each driver's range, low to high, evenly spaced. >= 2.
  int steps = 9;
  bool include_dates = false;
  SwingOptions swing;
  void Validate() const;
};

/// Each KPI along one driver's range.
struct SpiderSeries {
  int input = -1;  ///< index into SpiderResult::inputs
  Vector x;        ///< the driver's values (steps), low to high
  Vector change;   ///< (x - own value) / |own value|; NaN when the own value is 0
  BatchMatrix y;   ///< kpis x steps
};

struct SpiderResult {
  std::vector<Kpi> kpis;
  std::vector<Input> inputs;
  std::vector<std::string> input_names;
  std::vector<InputRange> ranges;
  Vector input_values;
  Vector base;  ///< KPI values at the model's own values
  std::vector<SpiderSeries> series;
};

/// Spider data: each KPI over each chosen driver's range in `steps` points (one batch).
SpiderResult Spider(const Model& model, const SpiderOptions& options = {});

}  // namespace outturn
