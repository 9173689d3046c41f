// SPDX-License-Identifier: MIT
#pragma once
/// \file html.h
/// `outturn report`: one self-contained HTML file of a model and its scenarios (no scripts,
/// no network, no external files: it opens from an email attachment), with its charts as
/// inline SVG written here. The same inputs and seed give the same bytes: the only date in
/// it is the model's own `as_of`, and nothing in it depends on the machine, the clock or the
/// thread count.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "outturn/model/model.h"
#include "outturn/sweep/sweep.h"

namespace outturn {

struct HtmlReportOptions {
  /// Other versions of the model to put beside it (scenario files, in-file scenarios): each
  /// must be the same model (drivers, lines, calendar). The model's own in-file scenarios
  /// (Model::scenario_names) are always added after these.
  std::vector<Model> compare;
  /// Scenarios of a Monte Carlo sweep (the distribution of each target, P(meet), the fan
  /// chart of the quarterly path, what drives the misses). 0: no sweep. >= 0.
  long long samples = 0;
  /// Seed of the sweep (SweepOptions::seed); printed in the report.
  std::uint64_t seed = 1;
  /// Threads of the sweep (0: every core). The report does not depend on it.
  int threads = 0;
  /// How many drivers (the tornado's top ones for that target) the bridge to each missed
  /// target may move. In [1, 20].
  int bridge_drivers = 3;
  /// Throws OptionsError naming the field, the value and the rule.
  void Validate() const;
};

/// The report of `model` (under its scenario and overrides, both named in it): the header
/// (model, description, source, as-of date, files read, scenario, every override, unit,
/// engine version, seed), the verdict per target and what the open periods must deliver
/// against what the reported ones did, the quarterly P&L of each target's line (reported and
/// forecast periods told apart, the target's required run-rate marked), the P&L and the
/// component tables, the scenarios side by side, the tornado of each open target, the bridge
/// to each missed target as a waterfall (the least weighted change of its top drivers that
/// meets it, by Shapley contributions), and with `samples` a sweep: each target's
/// distribution against its target with P(meet) and its interval, the fan chart (P5-P95 and
/// P25-P75 bands around the median) of each target line's path, and what drives the misses.
/// Numbers shown carry `data-value` attributes with the exact value (shortest round trip, as
/// the CLI's JSON). Throws as the analyses it runs do (UsageError: a compared model that is
/// not this model, a sweep over a model without uncertain drivers). `stop`: as Sweep's.
std::string RenderHtmlReport(const Model& model, const HtmlReportOptions& options = {},
                             const std::atomic<bool>* stop = nullptr);

/// One target's distribution over a sweep as inline SVG (`width` x `height` pixels): the
/// histogram (merged to at most 80 bars), bars on the side that meets the target green and
/// the misses red, the target as a line, `base` (the model's own forecast; NaN: none) marked,
/// the axis in the model's `currency` and `unit` (Model::currency, Model::unit; scaled by a
/// power of 1,000 where that shortens the labels), and P(meet) with its interval in the
/// title. Empty when the histogram is empty. For random samples only (a grid or one-at-a-time
/// design gives no probability: its callers draw no distribution). Used by the report and by
/// the Python package's notebook view of a sweep.
std::string DistributionSvg(const KpiStats& kpi, const std::string& currency, const std::string& unit, double base,
                            int width = 640, int height = 220);

}  // namespace outturn
