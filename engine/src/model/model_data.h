// SPDX-License-Identifier: MIT
#pragma once
// What a resolved model holds (ModelData): every name resolved to an index, actuals
// de-cumulated, cells ordered. Built from the loader's Raw* structures (load/raw_model.h).

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/ops.h"
#include "load/raw_model.h"
#include "outturn/model/model.h"

namespace outturn::internal {

/// Calendar facts a formula can read (`period.*`).
enum class Fact { kIndex, kQuarter, kMonth, kMonths, kDays, kStart, kEnd, kYear, kActual };

/// A formula with every name resolved to an index.
struct RExpr {
  enum class K : std::uint8_t {
    kConst,        // value
    kDriver,       // index: driver, same period
    kLine,         // index: line, same column
    kFact,         // fact
    kOp,           // op over args
    kIf,           // args: cond, a, b
    kLag,          // index (driver if ref_driver, else line), lag periods back; args[0] = default if any
    kAt,           // index, column
    kSum,          // members: lines
    kAfter,        // args[0]: day number
    kMonthsAfter,  // args[0]: day number
    kRamp,         // args[0], args[1]: day numbers
  };
  K k = K::kConst;
  Op op = Op::kAdd;
  Fact fact = Fact::kIndex;
  bool ref_driver = false;
  double value = 0;
  int index = -1;
  int lag = 0;
  int column = -1;
  int offset = 0;
  std::vector<int> members;
  std::vector<RExpr> args;
};

struct ModelData {
  std::shared_ptr<const RawModel> raw;
  /// Scenarios applied to raw, in order (model-file ones and scenario files).
  std::vector<std::shared_ptr<const RawScenario>> applied;
  std::vector<DriverOverride> overrides;
  std::string path;
  std::string scenario = "base";
  std::string scenario_description;

  Calendar calendar;
  std::vector<Driver> drivers;
  std::vector<Line> lines;
  std::vector<Target> targets;
  std::vector<Component> components;
  std::vector<Dimension> dimensions;
  std::vector<Correlation> correlations;
  /// Per line: the resolved formula for periods, and (rollup: formula) for spans.
  std::vector<std::optional<RExpr>> formulas;
  std::vector<std::optional<RExpr>> span_formulas;
  std::vector<FormulaSource> sources;
  /// Cells (line * num_columns + column) in an order where every cell follows its inputs.
  std::vector<int> cell_order;
  std::unordered_map<std::string, int> driver_index;
  std::unordered_map<std::string, int> line_index;
  /// Reported values of line cells (subtotals and periods alike), checked against the
  /// evaluated model once it compiles (main/model_api.cpp).
  struct ReportedCheck {
    int line = -1;
    int column = -1;
    RawValue value;
  };
  std::vector<ReportedCheck> reported_checks;
  /// The files the model was read from, in load order (load/chain.cpp's Chain::files); set by
  /// main/model_api.cpp and kept by every variant.
  std::vector<std::string> source_files;
};

/// Why a reported period cannot be set or varied: "2Q10 is a reported period (actuals through
/// 2Q10): its values are locked; the forecast periods are 3Q10..4Q10".
std::string LockedPeriod(const Calendar& cal, int period);

/// Whether a prev/lag (`r`, K::kLag) computed in period `col`, reaching before the horizon,
/// lands on the history of the line it reads (Line::history).
bool HistoryCovers(const ModelData& m, const RExpr& r, int col);

/// Sets a driver's value as a scenario, --set or a solution does: reported periods keep
/// theirs, forecast by_period entries follow Driver::ProfileAt.
void SetDriverValue(Driver& d, double value);

/// Applies scenarios and overrides to `raw`, resolves and checks everything that needs no
/// evaluation. Throws ModelError / UsageError. The caller (main/model_api.cpp) then
/// evaluates once: non-finite values and reported subtotals.
std::shared_ptr<ModelData> Finalize(std::shared_ptr<const RawModel> raw,
                                    std::vector<std::shared_ptr<const RawScenario>> applied,
                                    std::vector<DriverOverride> overrides, const std::string& path);

}  // namespace outturn::internal
