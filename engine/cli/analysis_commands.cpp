// SPDX-License-Identifier: MIT
// sensitivity, tornado, goalseek, bridge, stress: which assumptions matter most, what would
// have to be true to hit the target, and the most probable way to miss it. Each command: argv -> options -> the
// analysis (outturn/analysis/*.h) -> its report (outturn/report/*.h) -> exit code.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "outturn/analysis/verdict.h"
#include "outturn/base/atomic_file.h"
#include "outturn/report/bridge.h"
#include "outturn/report/goalseek.h"
#include "outturn/report/sensitivity.h"
#include "outturn/report/stress.h"
#include "outturn/report/tornado.h"
#include "outturn/sweep/stress.h"
#include "outturn/sweep/sweep.h"

namespace outturn::cli {
namespace {

// ---------------------------------------------------------------------------------------
// Options shared by the four commands

struct Common : ModelArgs {
  std::vector<std::string> kpis;
  void Add(po::options_description& o, const char* kpi_help) {
    ModelArgs::Add(o);
    o.add_options()("kpi,k", po::value(&kpis)->composing(), kpi_help);
  }
};

double ParseNumber(const std::string& flag, const std::string& text) {
  auto v = ParseValue(text, false);
  if (!v) throw UsageError(flag + " takes a number (got '" + text + "')");
  return *v;
}

SwingOptions ParseSwing(const std::string& kind, const std::string& percent, double date_days) {
  SwingOptions s;
  auto k = SwingKindFromString(kind);
  if (!k) throw UsageError("--swing must be distribution, bounds or percent (got '" + kind + "')");
  s.kind = *k;
  if (!percent.empty()) s.percent = ParseNumber("--percent", percent);
  s.date_days = date_days;
  s.Validate();
  return s;
}

// The goals of goalseek and stress: each --kpi (a target, with its own value and direction,
// or LINE@COLUMN with its --target VALUE), --direction over all; none: every open target.
// A range target aims where --aim says (default: its nearest edge); with `split_ranges`
// (stress: a range is missed on either side) it is two goals, its low edge and its high one.
std::vector<Goal> ParseGoals(const Model& model, const std::vector<std::string>& kpis,
                             const std::vector<std::string>& targets, const std::string& direction,
                             const std::string& aim_text = "", bool split_ranges = false) {
  if (targets.size() > kpis.size()) throw UsageError("more --target values than --kpi");
  std::optional<Direction> dir;
  if (!direction.empty()) {
    dir = DirectionFromString(direction);
    if (!dir || *dir == Direction::kBetween)
      throw UsageError("--direction must be at_least or at_most (got '" + direction + "')");
  }
  const Aim aim = aim_text.empty() ? Aim{} : ParseAim(aim_text);
  auto target_goals = [&](int t, std::vector<Goal>& out) {
    if (split_ranges && model.targets()[t].is_range()) {
      out.push_back(TargetGoal(model, t, Aim{Aim::Kind::kLow, 0}));
      out.push_back(TargetGoal(model, t, Aim{Aim::Kind::kHigh, 0}));
    } else {
      out.push_back(TargetGoal(model, t, aim));
    }
  };
  std::vector<Goal> goals;
  for (size_t i = 0; i < kpis.size(); ++i) {
    Goal g;
    g.kpi = FindKpi(model, kpis[i]);
    if (i < targets.size()) {
      // A value of one's own: a point goal, even on a range target.
      g.target = ParseNumber("--target", targets[i]);
      if (g.kpi.target >= 0 && !model.targets()[g.kpi.target].is_range())
        g.direction = model.targets()[g.kpi.target].direction;
      if (dir) g.direction = *dir;
      goals.push_back(g);
      continue;
    }
    if (g.kpi.target < 0)
      throw UsageError("--kpi " + g.kpi.name + " is not a target of the model: give its --target VALUE");
    const size_t first = goals.size();
    target_goals(g.kpi.target, goals);
    if (dir)
      for (size_t j = first; j < goals.size(); ++j) goals[j].direction = *dir;
  }
  if (goals.empty())
    for (const Goal& g : OpenTargetGoals(model, aim)) {
      if (g.range)
        target_goals(g.kpi.target, goals);
      else
        goals.push_back(g);
    }
  if (goals.empty())
    throw UsageError("the model has no open target: name a goal with --kpi LINE@COLUMN --target VALUE");
  if (!aim_text.empty() && std::none_of(goals.begin(), goals.end(), [](const Goal& g) { return g.range.has_value(); }))
    throw UsageError("--aim is for range targets (between: [low, high]); no goal here is one");
  return goals;
}

const char* const kAimHelp =
    "a range target (between: [low, high]): aim at its nearest edge (default), low, high, mid, or a VALUE inside it";

const char* const kKpiHelp =
    "a target name or LINE@COLUMN, e.g. operating_income@FY10 (repeatable; default: the open "
    "targets and the kpi lines in each fiscal year)";

// The folder-relative path of `file` as seen from the folder of `saved`.
std::string RelativeTo(const std::string& file, const std::string& saved) {
  namespace fs = std::filesystem;
  const fs::path from = fs::absolute(fs::path(saved)).parent_path();
  const fs::path target = fs::absolute(fs::path(file)).lexically_normal();
  fs::path rel = target.lexically_relative(from.lexically_normal());
  return (rel.empty() ? target : rel).generic_string();
}

// Writes the scenario that applies `overrides` on top of FILE [--scenario] [--set] as a
// scenario file that extends FILE (or FILE#scenario).
void SaveScenario(const Common& c, const Model& model, const std::vector<DriverOverride>& overrides,
                  const std::string& path, const std::string& name, const std::string& description) {
  const Model loaded = Model::Load(c.file);
  const bool is_model_file = loaded.scenario() == "base";
  std::string extends = RelativeTo(c.file, path);
  Model parent = loaded;
  if (!c.scenario.empty() && c.scenario != "base") {
    if (is_model_file) {
      extends += "#" + c.scenario;
      parent = loaded.WithScenario(c.scenario);
    } else {
      // A scenario file cannot be extended with '#scenario': write the scenario's driver
      // values instead, which is exact unless the scenario also changes formulas.
      const Model with = loaded.WithScenario(c.scenario);
      for (size_t l = 0; l < with.lines().size(); ++l)
        if (with.lines()[l].formula != loaded.lines()[l].formula)
          throw UsageError("--save: scenario '" + c.scenario + "' changes formulas and '" + c.file +
                           "' is a scenario file, which '#" + c.scenario + "' cannot extend; save from the model file");
    }
  }
  const Model result = model.WithOverrides(overrides);
  WriteFileAtomic(path, ScenarioFile(parent, result, name, description, extends));
}

}  // namespace

int Sensitivity(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, kKpiHelp);
  bool per_period = false, all_cells = false, dates = false;
  std::string range = "distribution", percent;
  int top = kSensitivityTop;
  opts.add_options()("per-period", po::bool_switch(&per_period), "add each driver's value in each forecast period")(
      "all-cells", po::bool_switch(&all_cells), "every line in every period and span instead of the KPIs")(
      "dates", po::bool_switch(&dates), "include date drivers (derivatives per day)")(
      "range", po::value(&range),
      "the range drivers are ranked across: distribution (P10/P90, default), bounds or percent")(
      "percent", po::value(&percent), "half-width of a percent range, e.g. 10% (default)")(
      "top", po::value(&top), "table: drivers shown per KPI (default 15; 0: all)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn sensitivity FILE [--scenario NAME] [--set DRIVER=VALUE ...] [--kpi KPI ...]\n"
                 "                           [--per-period] [--all-cells] [--format table|csv|json|xlsx] [-o PATH]\n"
                 "The exact derivative of each KPI with respect to each driver, its elasticity, and the\n"
                 "drivers ranked by their effect across their range."))
    return kOk;
  CheckOutput(Outputs(c));
  if (all_cells && !c.kpis.empty()) throw UsageError("--all-cells and --kpi exclude each other");
  SensitivityOptions o;
  o.kpis = c.kpis;
  o.all_cells = all_cells;
  o.per_period = per_period;
  o.include_dates = dates;
  o.range = ParseSwing(range, percent, 30);
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  const SensitivityResult result = Sensitivities(model, o);
  EmitReport(
      Outputs(c), [&](Format f) { return RenderSensitivity(model, result, f, top); },
      [&] { return SensitivityTables(model, result); }, model);
  return kOk;
}

int Tornado(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, kKpiHelp);
  bool dates = false;
  std::string swing = "distribution", percent;
  int top = kTornadoTop, spider = 0, steps = 9;
  double date_days = 30;
  opts.add_options()("swing", po::value(&swing), "low and high: distribution (P10/P90, default), bounds or percent")(
      "percent", po::value(&percent),
      "half-width of a percent swing, and of the fallback for drivers without a "
      "distribution or bounds (default 10%)")("date-days", po::value(&date_days),
                                              "half-width in days of a date driver's swing (default 30)")(
      "dates", po::bool_switch(&dates), "include date drivers")("top", po::value(&top),
                                                                "table: bars shown per KPI (default 10; 0: all)")(
      "spider", po::value(&spider), "also spider data for this many top drivers")(
      "steps", po::value(&steps), "spider: points across each range (default 9)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn tornado FILE [--scenario NAME] [--set DRIVER=VALUE ...] [--kpi KPI ...]\n"
                 "                       [--swing distribution|bounds|percent] [--percent 10%] [--spider N]\n"
                 "                       [--format table|csv|json|xlsx] [-o PATH] [--table NAME] [--tidy]\n"
                 "Each driver alone at its low and at its high, all in one batch, ranked by swing for each KPI."))
    return kOk;
  CheckOutput(Outputs(c));
  if (spider < 0) throw UsageError("--spider must be >= 0");
  TornadoOptions o;
  o.kpis = c.kpis;
  o.include_dates = dates;
  o.swing = ParseSwing(swing, percent, date_days);
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  const TornadoResult t = outturn::Tornado(model, o);
  std::optional<SpiderResult> sp;
  if (spider > 0) {
    SpiderOptions so;
    so.kpis = c.kpis;
    so.top = spider;
    so.steps = steps;
    so.include_dates = dates;
    so.swing = o.swing;
    so.Validate();
    sp = Spider(model, so);
  }
  const SpiderResult* spr = sp ? &*sp : nullptr;
  EmitReport(
      Outputs(c), [&](Format f) { return RenderTornado(model, t, spr, f, top); },
      [&] { return TornadoTables(model, t, spr); }, model);
  return kOk;
}

int GoalSeek(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, "the goal: a target name or LINE@COLUMN (repeatable; default: every open target)");
  std::vector<std::string> targets, drivers;
  std::string direction, aim, bracket, tolerance, save, name = "goalseek", description;
  int top = 5, max_iterations = 0;
  bool exact = false, keep_met = false;
  opts.add_options()("target,t", po::value(&targets)->composing(),
                     "the value of the n-th --kpi (default: the target's own value)")(
      "driver,d", po::value(&drivers)->composing(),
      "DRIVER or DRIVER@PERIOD to solve for (repeatable); none: each top driver alone (break-even)")(
      "direction", po::value(&direction), "at_least or at_most (default: the target's, else at_least)")(
      "aim", po::value(&aim), kAimHelp)("bracket", po::value(&bracket),
                                        "LOW,HIGH: where to search (one driver; default: its bounds)")(
      "tolerance", po::value(&tolerance), "relative tolerance on the KPI (default 1e-9)")(
      "max-iterations", po::value(&max_iterations), "iterations of the solver")(
      "exact", po::bool_switch(&exact), "several drivers: drive each KPI to its target (default: meet it)")(
      "keep-met", po::bool_switch(&keep_met), "several drivers: keep the targets met today met (as constraints)")(
      "top", po::value(&top), "break-even: how many top drivers (default 5)")(
      "save", po::value(&save), "write the solution as a scenario file extending FILE")(
      "name", po::value(&name), "--save: the scenario's name (default goalseek)")(
      "description", po::value(&description), "--save: the scenario's description");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn goalseek FILE --kpi KPI [--target VALUE] --driver NAME [--bracket LOW,HIGH]\n"
                 "       outturn goalseek FILE [--kpi KPI [--target VALUE] ...] --driver NAME --driver NAME ...\n"
                 "       outturn goalseek FILE [--kpi KPI ...] [--top N]           (break-even table)\n"
                 "   [--scenario NAME] [--set DRIVER=VALUE ...] [--save PATH] [--format table|csv|json] [-o PATH]\n"
                 "One driver: the value that meets the target (TOMS748 root finder). Several: the least\n"
                 "weighted change that meets every target, within bounds. None: the break-even value of\n"
                 "each top driver alone, for each target."))
    return kOk;
  const Format fmt = ParseFormat(c.format);
  if (c.tidy || !c.table.empty()) throw UsageError("goalseek: --table and --tidy are not for goalseek");
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  const std::vector<Goal> goals = ParseGoals(model, c.kpis, targets, direction, aim);
  GoalSeekOptions seek;
  if (!tolerance.empty()) seek.tolerance = ParseNumber("--tolerance", tolerance);
  if (max_iterations > 0) seek.max_iterations = max_iterations;
  if (!bracket.empty() && drivers.size() != 1) throw UsageError("--bracket takes exactly one --driver");
  if (keep_met && (drivers.empty() || (drivers.size() == 1 && goals.size() == 1)))
    throw UsageError("--keep-met goes with several drivers (--driver NAME --driver NAME ...)");
  if (!save.empty() && drivers.empty()) throw UsageError("--save needs the driver(s) to solve for (--driver)");

  if (drivers.empty()) {
    BreakEvenOptions o;
    o.top = top;
    o.seek = seek;
    o.Validate();
    Emit(RenderBreakEven(model, BreakEven(model, goals, o), fmt), c.output);
    return kOk;
  }
  std::vector<Input> inputs;
  for (const std::string& d : drivers) inputs.push_back(FindInput(model, d));
  std::vector<DriverOverride> solution;
  std::string text, failure;
  if (inputs.size() == 1 && goals.size() == 1) {
    if (!bracket.empty()) {
      const auto comma = bracket.find(',');
      if (comma == std::string::npos) throw UsageError("--bracket takes LOW,HIGH (got '" + bracket + "')");
      const bool date = model.drivers()[inputs[0].driver].is_date;
      auto lo = ParseValue(bracket.substr(0, comma), date), hi = ParseValue(bracket.substr(comma + 1), date);
      if (!lo || !hi) throw UsageError("--bracket takes LOW,HIGH (got '" + bracket + "')");
      seek.bracket = std::make_pair(*lo, *hi);
    }
    seek.Validate();
    const GoalSeekResult r = outturn::GoalSeek(model, goals[0], inputs[0], seek);
    text = RenderGoalSeek(model, r, fmt);
    solution = r.overrides;
    if (r.status != GoalSeekStatus::kSolved) failure = r.message;
  } else {
    MultiGoalSeekOptions mo;
    mo.tolerance = seek.tolerance;
    if (max_iterations > 0) mo.max_iterations = max_iterations;
    mo.equality = exact;
    mo.keep_met = keep_met;
    mo.Validate();
    const MultiGoalSeekResult r = MultiGoalSeek(model, goals, inputs, mo);
    text = RenderMultiGoalSeek(model, r, fmt);
    solution = r.overrides;
    if (r.status != GoalSeekStatus::kSolved) failure = r.message;
  }
  Emit(text, c.output);
  if (!save.empty()) {
    if (!failure.empty()) {
      std::cerr << "outturn: error: --save: no solution to save (" << failure << ")\n";
      return kBadInput;
    }
    SaveScenario(c, model, solution, save, name, description.empty() ? "goal seek of " + c.file : description);
    if (c.output != save) std::cerr << "saved scenario '" << name << "' to " << save << "\n";
  }
  return kOk;
}

int Bridge(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, kKpiHelp);
  std::string to_file, to_scenario, aim_text;
  std::vector<std::string> to_sets, targets, drivers;
  bool to_target = false, keep_met = false;
  int top = 3, max_shapley = BridgeOptions().max_shapley_drivers;
  opts.add_options()("to", po::value(&to_file), "the model or scenario file to bridge to (default: FILE)")(
      "to-scenario", po::value(&to_scenario), "a scenario of the 'to' model file")(
      "to-set", po::value(&to_sets)->composing(), "DRIVER=VALUE on the 'to' side (repeatable)")(
      "to-target", po::bool_switch(&to_target), "bridge to the least weighted change that meets the targets")(
      "target", po::value(&targets)->composing(),
      "--to-target: the targets to meet (default: every open target missed)")(
      "driver,d", po::value(&drivers)->composing(), "--to-target: the drivers to move (default: the --top ones)")(
      "top", po::value(&top), "--to-target: how many top drivers to move (default 3)")(
      "keep-met", po::bool_switch(&keep_met), "--to-target: keep the targets met today met (as constraints)")(
      "aim", po::value(&aim_text), kAimHelp)("max-shapley", po::value(&max_shapley),
                                             "exact Shapley values up to this many differing drivers (default 14)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(
          args, opts, pos, vm,
          "usage: outturn bridge FILE [--scenario NAME] [--set ...] (--to FILE2 | --to-scenario NAME |\n"
          "                      --to-set DRIVER=VALUE ... | --to-target [--target NAME ...] [--driver D ...])\n"
          "                      [--kpi KPI ...] [--format table|csv|json|xlsx] [-o PATH] [--table NAME] [--tidy]\n"
          "Each driver's contribution to the change of each KPI between two scenarios (or to the\n"
          "targets); the contributions add up exactly to the change."))
    return kOk;
  CheckOutput(Outputs(c));
  const bool to_other = !to_file.empty() || !to_scenario.empty() || !to_sets.empty();
  if (to_target == to_other)
    throw UsageError("bridge: give where to go: --to, --to-scenario, --to-set, or --to-target");
  if (!to_target && (!targets.empty() || !drivers.empty() || !aim_text.empty()))
    throw UsageError("--target, --driver and --aim go with --to-target");
  BridgeOptions bo;
  bo.kpis = c.kpis;
  bo.max_shapley_drivers = max_shapley;
  bo.Validate();
  const Model from = LoadModel(c.file, c.scenario, c.sets);
  if (!to_target) {
    const Model to = LoadModel(to_file.empty() ? c.file : to_file, to_scenario, to_sets);
    const BridgeResult br = outturn::Bridge(from, to, bo);
    EmitReport(
        Outputs(c), [&](Format f) { return RenderBridge(from, to, br, f, nullptr); },
        [&] { return BridgeTables(from, to, br, nullptr); }, from);
    return kOk;
  }
  const Aim aim = aim_text.empty() ? Aim{} : ParseAim(aim_text);
  std::vector<Goal> goals;
  for (const std::string& t : targets) {
    const Kpi k = FindKpi(from, t);
    if (k.target < 0) throw UsageError("--target takes a target's name (got '" + t + "')");
    goals.push_back(TargetGoal(from, k.target, aim));
  }
  if (goals.empty()) {
    const Results res = outturn::Run(from);
    const auto verdicts = Verdicts(res);
    for (const Goal& g : OpenTargetGoals(from, aim))
      for (const TargetVerdict& v : verdicts)
        if (v.name == g.kpi.name && !v.met) goals.push_back(g);
    if (goals.empty()) {
      std::cerr << "outturn: every open target is met; nothing to bridge to\n";
      return kOk;
    }
  }
  if (!aim_text.empty() && std::none_of(goals.begin(), goals.end(), [](const Goal& g) { return g.range.has_value(); }))
    throw UsageError("--aim is for range targets (between: [low, high]); no goal here is one");
  std::vector<Input> inputs;
  if (!drivers.empty()) {
    for (const std::string& d : drivers) inputs.push_back(FindInput(from, d));
  } else {
    std::vector<std::string> kpis;
    for (const Goal& g : goals) kpis.push_back(g.kpi.name);
    inputs = TopInputs(from, kpis, top);
  }
  // --aim naming a point (an edge, the middle, a value) drives each goal to it exactly: as
  // inequalities, an edge already on its side (at most the high edge, from below) would not move.
  MultiGoalSeekOptions mo;
  mo.keep_met = keep_met;
  mo.equality = !aim_text.empty() && aim.kind != Aim::Kind::kNearest;
  const MultiGoalSeekResult seek = MultiGoalSeek(from, goals, inputs, mo);
  if (seek.status != GoalSeekStatus::kSolved) throw Error(BridgeToTargetsFailure(seek));
  const Model to = from.WithOverrides(seek.overrides);
  const BridgeResult br = outturn::Bridge(from, to, bo);
  EmitReport(
      Outputs(c), [&](Format f) { return RenderBridge(from, to, br, f, &seek); },
      [&] { return BridgeTables(from, to, br, &seek); }, from);
  return kOk;
}

int Stress(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, "the target to stress: a target name or LINE@COLUMN (repeatable; default: every open target)");
  std::vector<std::string> targets;
  std::string direction, seed = "1", save, name = "stress", description;
  long long samples = 0;
  int top = 10;
  StressOptions so;
  opts.add_options()("target,t", po::value(&targets)->composing(),
                     "the value of the n-th --kpi (default: the target's own value)")(
      "direction", po::value(&direction), "at_least or at_most: the side that meets (default: the target's)")(
      "samples,n", po::value(&samples), "also run a Monte Carlo sweep of N scenarios: its P(miss) beside FORM's")(
      "seed", po::value(&seed), "seed of the sweep and of the extra starts (default 1)")(
      "top", po::value(&top), "drivers in each table, by share of beta^2 (default 10; 0: all)")(
      "starts", po::value(&so.starts), "starts of the search: the origin and random ones (default 8)")(
      "max-iterations", po::value(&so.max_iterations), "HL-RF iterations per start (default 200)")(
      "save", po::value(&save), "write the design point as a scenario file extending FILE (one target)")(
      "name", po::value(&name), "--save: the scenario's name (default stress)")("description", po::value(&description),
                                                                                "--save: the scenario's description");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn stress FILE [--kpi KPI [--target VALUE] ...] [--samples N] [--seed S]\n"
                 "   [--scenario NAME] [--set DRIVER=VALUE ...] [--save PATH] [--format table|csv|json] [-o PATH]\n"
                 "For each target, the most probable combination of the uncertain drivers under which it is\n"
                 "missed: the FORM design point (the point of KPI = target nearest the median in the space\n"
                 "of the drivers' normal scores, with the model's correlations), its reliability index beta\n"
                 "and P(miss) ~ Phi(-beta), each driver's value, percentile and share of beta^2 there, and\n"
                 "the P&L of that scenario."))
    return kOk;
  const Format fmt = ParseFormat(c.format);
  so.seed = ParseSeed(seed);
  so.Validate();
  if (samples < 0) throw UsageError("--samples must be at least 1 (got " + std::to_string(samples) + ")");
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  const std::vector<Goal> goals = ParseGoals(model, c.kpis, targets, direction, "", true);
  if (!save.empty() && goals.size() != 1)
    throw UsageError(
        "--save writes one design point: name its target with --kpi (a range target has two, one per "
        "edge: give --target VALUE)");
  const StressResult r = outturn::Stress(model, goals, so);
  std::optional<SweepResult> sweep;
  if (samples > 0) {
    SweepOptions o;
    o.samples = samples;
    o.seed = so.seed;
    o.Validate();
    sweep = outturn::Sweep(model, o);
  }
  if (top < 0) throw UsageError("--top must be at least 0 (got " + std::to_string(top) + ")");
  Emit(RenderStress(model, r, sweep ? &*sweep : nullptr, fmt, top), c.output);
  if (!save.empty()) {
    const StressTarget& t = r.targets.front();
    if (t.points.empty()) {
      std::cerr << "outturn: error: --save: no design point to save (" << t.message << ")\n";
      return kBadInput;
    }
    SaveScenario(c, model, t.points.front().overrides, save, name,
                 description.empty() ? "the most probable way to miss " + t.goal.kpi.name + " (FORM design point)"
                                     : description);
    if (c.output != save) std::cerr << "saved scenario '" << name << "' to " << save << "\n";
  }
  return kOk;
}

}  // namespace outturn::cli
