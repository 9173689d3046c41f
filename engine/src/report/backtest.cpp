// SPDX-License-Identifier: MIT
// `outturn backtest`: the scores, the coverage table and the width multiplier.
#include "outturn/report/backtest.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::CsvNumber;
using internal::Fixed;
using internal::JsonNumber;

std::string Verdict(const BacktestScore& s, bool meets) {
  if (meets) return "met";
  return s.direction == Direction::kBetween ? "outside" : "missed";
}

std::string TargetText(const BacktestScore& s) {
  switch (s.direction) {
    case Direction::kAtLeast: return ">= " + internal::Amount(s.target_value);
    case Direction::kAtMost: return "<= " + internal::Amount(s.target_value);
    case Direction::kBetween: return internal::Amount(s.target_value) + " to " + internal::Amount(s.target_high);
  }
  return "";
}

std::string Multiplier(double m) { return std::isfinite(m) ? internal::Sig(m, 3) : "inf"; }

}  // namespace

std::string RenderBacktest(const BacktestResult& r, Format fmt) {
  std::ostringstream os;
  if (fmt == Format::kJson) {
    nlohmann::json j = {{"outcome", r.outcome_path},
                        {"samples", r.samples},
                        {"seed", r.seed},
                        {"method", "mc"},
                        {"confidence", r.confidence}};
    j["scores"] = nlohmann::json::array();
    for (const BacktestScore& s : r.scores)
      j["scores"].push_back({{"vintage", s.vintage},
                             {"as_of", s.as_of},
                             {"actuals_through", s.through},
                             {"target", s.target},
                             {"line", s.line},
                             {"span", s.span},
                             {"direction", ToString(s.direction)},
                             {"target_value", s.target_value},
                             {"target_high", s.target_high},
                             {"forecast", s.forecast},
                             {"p5", s.p5},
                             {"p25", s.p25},
                             {"p50", s.p50},
                             {"p75", s.p75},
                             {"p95", s.p95},
                             {"p_meet", s.p_meet},
                             {"p_meet_low", s.p_meet_low},
                             {"p_meet_high", s.p_meet_high},
                             {"outcome", s.outcome},
                             {"percentile", s.percentile},
                             {"in50", s.in50},
                             {"in90", s.in90},
                             {"forecast_met", s.forecast_meets},
                             {"outcome_met", s.outcome_meets},
                             {"verdict_right", s.verdict_right},
                             {"brier", s.brier},
                             {"crps", s.crps},
                             {"stretch50", JsonNumber(s.stretch50)},
                             {"stretch90", JsonNumber(s.stretch90)}});
    j["coverage"] = {{"n", r.n},
                     {"in50", r.in50},
                     {"in50_interval", {r.in50_low, r.in50_high}},
                     {"in90", r.in90},
                     {"in90_interval", {r.in90_low, r.in90_high}},
                     {"verdicts_right", r.verdicts_right},
                     {"mean_brier", r.mean_brier},
                     {"multiplier50", JsonNumber(r.multiplier50)},
                     {"multiplier90", JsonNumber(r.multiplier90)}};
    j["notes"] = r.notes;
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    os << "vintage,as_of,actuals_through,target,line,span,direction,target_value,target_high,forecast,p5,p25,p50,p75,"
          "p95,p_meet,p_meet_low,p_meet_high,outcome,percentile,in50,in90,forecast_met,outcome_met,verdict_right,"
          "brier,crps,stretch50,stretch90\n";
    for (const BacktestScore& s : r.scores)
      os << CsvField(s.vintage) << ',' << CsvField(s.as_of) << ',' << CsvField(s.through) << ',' << CsvField(s.target)
         << ',' << CsvField(s.line) << ',' << CsvField(s.span) << ',' << ToString(s.direction) << ','
         << CsvNumber(s.target_value) << ',' << CsvNumber(s.target_high) << ',' << CsvNumber(s.forecast) << ','
         << CsvNumber(s.p5) << ',' << CsvNumber(s.p25) << ',' << CsvNumber(s.p50) << ',' << CsvNumber(s.p75) << ','
         << CsvNumber(s.p95) << ',' << CsvNumber(s.p_meet) << ',' << CsvNumber(s.p_meet_low) << ','
         << CsvNumber(s.p_meet_high) << ',' << CsvNumber(s.outcome) << ',' << CsvNumber(s.percentile) << ',' << s.in50
         << ',' << s.in90 << ',' << s.forecast_meets << ',' << s.outcome_meets << ',' << s.verdict_right << ','
         << CsvNumber(s.brier) << ',' << CsvNumber(s.crps) << ',' << CsvNumber(s.stretch50) << ','
         << CsvNumber(s.stretch90) << '\n';
    os << "\nn,in50,in50_low,in50_high,in90,in90_low,in90_high,verdicts_right,mean_brier,multiplier50,multiplier90,"
          "samples,seed,method\n"
       << r.n << ',' << r.in50 << ',' << CsvNumber(r.in50_low) << ',' << CsvNumber(r.in50_high) << ',' << r.in90 << ','
       << CsvNumber(r.in90_low) << ',' << CsvNumber(r.in90_high) << ',' << r.verdicts_right << ','
       << CsvNumber(r.mean_brier) << ',' << CsvNumber(r.multiplier50) << ',' << CsvNumber(r.multiplier90) << ','
       << r.samples << ',' << r.seed << ",mc\n";
    return os.str();
  }
  os << "Backtest against " << r.outcome_path << " (Monte Carlo, " << internal::WithCommas(r.samples)
     << " scenarios per vintage, seed " << r.seed << ")\n\n";
  TextTable t;
  t.Row({"vintage", "through", "target", "", "forecast", "P5", "P50", "P95", "outcome", "percentile", "P(meet)",
         "verdict", "outcome", "right?", "Brier", "CRPS"});
  for (const BacktestScore& s : r.scores)
    t.Row({s.vintage + (s.as_of.empty() ? "" : " (" + s.as_of + ")"), s.through, s.target, TargetText(s),
           internal::Amount(s.forecast), internal::Amount(s.p5), internal::Amount(s.p50), internal::Amount(s.p95),
           internal::Amount(s.outcome), "P" + Fixed(100 * s.percentile, 1), Fixed(s.p_meet, 4),
           Verdict(s, s.forecast_meets), Verdict(s, s.outcome_meets), s.verdict_right ? "yes" : "no", Fixed(s.brier, 4),
           internal::Amount(s.crps)});
  os << t.Render(internal::kTableIndent);
  const int pct = static_cast<int>(std::lround(100 * r.confidence));
  os << "\nCoverage (" << r.n << " outcome" << (r.n == 1 ? "" : "s") << "):\n";
  TextTable c;
  c.Row(
      {"band", "nominal", "inside", "share", std::to_string(pct) + "% interval (Clopper-Pearson)", "width multiplier"});
  c.Row({"P25-P75", "50%", std::to_string(r.in50) + " of " + std::to_string(r.n), Fixed(double(r.in50) / r.n, 2),
         "[" + Fixed(r.in50_low, 2) + ", " + Fixed(r.in50_high, 2) + "]", Multiplier(r.multiplier50)});
  c.Row({"P5-P95", "90%", std::to_string(r.in90) + " of " + std::to_string(r.n), Fixed(double(r.in90) / r.n, 2),
         "[" + Fixed(r.in90_low, 2) + ", " + Fixed(r.in90_high, 2) + "]", Multiplier(r.multiplier90)});
  os << c.Render(internal::kTableIndent);
  os << "\nVerdicts right: " << r.verdicts_right << " of " << r.n
     << "; mean Brier score of P(meet): " << Fixed(r.mean_brier, 4) << " (0 is perfect, 0.25 a coin's)\n";
  os << "Width multiplier: the factor on each band's halves about its median that would have put the nominal share "
        "of these outcomes inside (1: the bands were honest; above 1: too narrow). --calibrate MODEL applies the 90% "
        "band's to a model's distributions.\n";
  for (const std::string& n : r.notes) os << "note: " << n << "\n";
  return os.str();
}

}  // namespace outturn
