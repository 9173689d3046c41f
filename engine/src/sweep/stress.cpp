// SPDX-License-Identifier: MIT
// The reverse stress test (outturn/sweep/stress.h): FORM design points by the improved
// HL-RF iteration over the sweeps' space of normal scores.
#include "outturn/sweep/stress.h"

#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "base/enum_table.h"
#include "base/normal.h"
#include "base/text_util.h"
#include "outturn/compile/program.h"
#include "outturn/model/distributions.h"
#include "sweep/designs.h"

namespace outturn {
namespace {

using internal::EnumEntry;
using internal::NormalPdf;
using internal::Phi;

const EnumEntry<StressStatus> kStatus[] = {{StressStatus::kDesignPoint, "design_point"},
                                           {StressStatus::kNeverMissed, "never_missed"},
                                           {StressStatus::kAlwaysMissed, "always_missed"},
                                           {StressStatus::kNotConverged, "not_converged"}};

// Beyond this distance the normal scores' probabilities underflow (Phi(-37.5) ~ 5e-308):
// a search that gets there has found no boundary.
constexpr double kFar = 37.5;

bool Continuous(DistributionType t) {
  return t != DistributionType::kNone && t != DistributionType::kDiscrete && t != DistributionType::kEmpirical;
}

// A driver's value at normal score z, and dx/dz. Normal and lognormal marginals map
// directly (no CDF-then-quantile round trip, exact in the tails); the others through
// Quantile(Phi(z)), with dx/dz = phi(z) / density(x), 0 where the value sits on a bound.
void MapScore(const Distribution& d, double z, double* x, double* dxdz) {
  switch (d.type) {
    case DistributionType::kNormal:
      *x = d.mean + d.sd * z;
      *dxdz = d.sd;
      return;
    case DistributionType::kLognormal: {
      const double s2 = std::log1p((d.sd * d.sd) / (d.mean * d.mean)), sigma = std::sqrt(s2);
      const double mu = std::log(d.mean) - 0.5 * s2;
      *x = std::exp(mu + sigma * z);
      *dxdz = sigma * *x;
      return;
    }
    default: {
      constexpr double kLow = std::numeric_limits<double>::min(), kHigh = 1 - 0x1p-53;
      const double p = Phi(z);
      const double pc = std::min(kHigh, std::max(kLow, p));
      *x = Quantile(d, pc);
      const double f = Density(d, *x);
      *dxdz = (pc == p && f > 0 && std::isfinite(f)) ? NormalPdf(z) / f : 0.0;
      return;
    }
  }
}

// The space: moved drivers' scores z = B u (first D coordinates of u), then one standard
// normal per shock term. Evaluates the goals' KPIs and their gradients in u.
class Space {
 public:
  Space(const Model& m, const std::vector<Goal>& goals, StressResult* r) : m_(m) {
    internal::Design design(m, SweepOptions{});
    std::vector<int> held;
    for (int d : design.drivers()) {
      if (Continuous(m.drivers()[d].distribution.type))
        r->drivers.push_back(d);
      else
        held.push_back(d);
    }
    D_ = static_cast<int>(r->drivers.size());
    if (D_ == 0)
      throw UsageError(
          "no uncertain driver has a continuous distribution: a reverse stress test needs one "
          "(discrete and empirical distributions have no density)");
    for (int d : r->drivers) r->driver_names.push_back(m.drivers()[d].name);
    r->own_values.resize(D_);
    for (int i = 0; i < D_; ++i) r->own_values[i] = m.drivers()[r->drivers[i]].value;
    if (!held.empty()) {
      std::vector<std::string> names;
      for (int d : held) names.push_back(m.drivers()[d].name);
      r->notes.push_back("held at their values (a discrete or empirical distribution has no density): " +
                         internal::JoinList(names));
    }
    // The copula's factor of each correlation group among the moved drivers.
    B_ = Matrix::Identity(D_, D_);
    for (const internal::CorrelationGroup& g : internal::CorrelationGroups(m, r->drivers, 1))
      for (size_t a = 0; a < g.rows.size(); ++a)
        for (size_t b = 0; b < g.rows.size(); ++b)
          B_(g.rows[a], g.rows[b]) = g.factor(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
    // Shock terms of every driver the sweep varies (held ones too: their shocks are normal).
    std::vector<int> design_drivers = design.drivers();
    for (const internal::ShockRow& sr : internal::ShockRows(m, design_drivers, 1)) {
      Shock s;
      s.driver = design_drivers[sr.row];
      s.period = sr.period;
      s.moved = static_cast<int>(std::find(r->drivers.begin(), r->drivers.end(), s.driver) - r->drivers.begin());
      if (s.moved == D_) s.moved = -1;
      const bool continues = !shocks_.empty() && shocks_.back().driver == s.driver;
      s.first = continues ? shocks_.back().first : static_cast<int>(shocks_.size());
      s.innovation = continues ? std::sqrt(1 - sr.ar1 * sr.ar1) * sr.sd : sr.sd;
      // The period's unshocked value, as the sweep's FillShocks: the sampled value, or the
      // period's own profile value moved with it (Driver::ProfileAt), slope d level / d x.
      s.profile = sr.profile.has_value();
      s.profile_value = sr.profile.value_or(0);
      s.slope = sr.profile && sr.scales ? sr.profile.value() / sr.value : 1.0;
      s.ar1 = sr.ar1;
      shocks_.push_back(s);
      r->shocks.push_back({s.driver, s.period});
    }
    S_ = static_cast<int>(shocks_.size());
    r->items = r->driver_names;
    for (int k = 0; k < S_; ++k)
      if (shocks_[k].first == k) {
        item_of_shock_start_.push_back(static_cast<int>(r->items.size()));
        r->items.push_back(m.drivers()[shocks_[k].driver].name + " shocks");
      }
    std::vector<Input> inputs;
    for (int d : r->drivers) inputs.push_back({d, -1});
    for (const Shock& s : shocks_) inputs.push_back({s.driver, s.period});
    std::vector<Cell> cells;
    for (const Goal& g : goals) cells.push_back(g.kpi.cell);
    program_ = std::make_unique<Program>(m, inputs, cells);
    all_cells_ = std::make_unique<Program>(m, inputs);
    // Importance (Der Kiureghian 2005): gamma ∝ (M M^T)^-1 y with y = M u, M = diag(B, I),
    // i.e. C^-1 z for the drivers (C = B B^T, pseudo-inverse when singular) and e for shocks.
    const Matrix C = B_ * B_.transpose();
    c_inverse_ = Eigen::CompleteOrthogonalDecomposition<Matrix>(C).pseudoInverse();
  }

  int dims() const { return D_ + S_; }
  int num_items() const { return D_ + static_cast<int>(item_of_shock_start_.size()); }

  // The program's inputs at u, with dx/dz of each moved driver.
  void Point(const Vector& u, Vector* z, Vector* x, Vector* dxdz, Vector* shock) const {
    *z = B_ * u.head(D_);
    x->resize(D_ + S_);
    dxdz->resize(D_);
    for (int i = 0; i < D_; ++i)
      MapScore(m_.drivers()[program_->inputs()[i].driver].distribution, (*z)[i], &(*x)[i], &(*dxdz)[i]);
    shock->resize(S_);
    for (int k = 0; k < S_; ++k) {
      const Shock& s = shocks_[k];
      (*shock)[k] = s.innovation * u[D_ + k] + (k > s.first ? s.ar1 * (*shock)[k - 1] : 0.0);
      const Driver& d = m_.drivers()[s.driver];
      const double sampled = s.moved >= 0 ? (*x)[s.moved] : d.value;
      const double base = s.profile ? d.ProfileAt(s.profile_value, sampled) : sampled;
      (*x)[D_ + k] = base + (*shock)[k];
    }
  }

  // The KPIs at u; with `grad`, their gradients in u (goals x dims).
  Vector Evaluate(const Vector& u, Matrix* grad) const {
    Vector z, x, dxdz, shock;
    Point(u, &z, &x, &dxdz, &shock);
    Vector values;
    if (!grad) {
      BatchMatrix in(D_ + S_, 1);
      in.col(0) = x;
      const BatchMatrix out = program_->Evaluate(in);
      return out.col(0);
    }
    const Matrix J = program_->Jacobian(x, &values);
    const int K = static_cast<int>(J.rows());
    grad->setZero(K, D_ + S_);
    for (int g = 0; g < K; ++g) {
      // dKPI/dz_i: the driver's own column, and its shocked periods (value + e_t).
      Vector dz(D_);
      for (int i = 0; i < D_; ++i) dz[i] = J(g, i);
      for (int k = 0; k < S_; ++k)
        if (shocks_[k].moved >= 0) dz[shocks_[k].moved] += J(g, D_ + k) * shocks_[k].slope;
      for (int i = 0; i < D_; ++i) dz[i] *= dxdz[i];
      grad->row(g).head(D_) = (B_.transpose() * dz).transpose();
      // dKPI/du_s for shock term s: e_k = sum over s <= k (same driver) ar1^(k-s) innov_s u_s.
      for (int k = 0; k < S_; ++k) {
        double acc = 0, factor = 1;
        for (int j = k; j < S_ && shocks_[j].first == shocks_[k].first; ++j) {
          acc += J(g, D_ + j) * factor;
          factor *= shocks_[k].ar1;
        }
        (*grad)(g, D_ + k) = acc * shocks_[k].innovation;
      }
    }
    return values;
  }

  // Every cell at u, line-major.
  Vector Cells(const Vector& u) const {
    Vector z, x, dxdz, shock;
    Point(u, &z, &x, &dxdz, &shock);
    BatchMatrix in(D_ + S_, 1);
    in.col(0) = x;
    return all_cells_->Evaluate(in).col(0);
  }

  // Fills the point's description (everything but beta, kpi and iterations).
  void Describe(const Vector& u, DesignPoint* p) const {
    Vector x, dxdz;
    p->u = u;
    Point(u, &p->z, &x, &dxdz, &p->shock_values);
    p->values = x.head(D_);
    p->percentiles.resize(D_);
    for (int i = 0; i < D_; ++i) p->percentiles[i] = Phi(p->z[i]);
    Vector gamma(num_items());
    gamma.setZero();
    const Vector gz = c_inverse_ * p->z;
    for (int i = 0; i < D_; ++i) gamma[i] = gz[i] * gz[i];
    int item = D_ - 1;
    for (int k = 0; k < S_; ++k) {
      if (shocks_[k].first == k) ++item;
      gamma[item] += u[D_ + k] * u[D_ + k];
    }
    const double total = gamma.sum();
    p->importance = total > 0 ? Vector(gamma / total) : gamma;
    p->ranking.resize(num_items());
    std::iota(p->ranking.begin(), p->ranking.end(), 0);
    std::stable_sort(p->ranking.begin(), p->ranking.end(),
                     [&](int a, int b) { return p->importance[a] > p->importance[b]; });
    p->cells = Cells(u);
    p->overrides.clear();
    for (int i = 0; i < D_; ++i) p->overrides.push_back({m_.drivers()[program_->inputs()[i].driver].name, x[i], -1});
    for (int k = 0; k < S_; ++k)
      p->overrides.push_back({m_.drivers()[shocks_[k].driver].name, x[D_ + k], shocks_[k].period});
  }

 private:
  struct Shock {
    int driver, period, moved, first;
    double innovation, ar1;
    bool profile;
    double profile_value, slope;
  };
  const Model& m_;
  int D_ = 0, S_ = 0;
  Matrix B_, c_inverse_;
  std::vector<Shock> shocks_;
  std::vector<int> item_of_shock_start_;
  std::unique_ptr<Program> program_, all_cells_;
};

enum class Outcome { kConverged, kFar, kFlat, kIterations };

struct Search {
  Outcome outcome = Outcome::kIterations;
  Vector u;
  double kpi = 0;
  int iterations = 0;
};

// The improved HL-RF iteration (Zhang & Der Kiureghian 1997) for goal `k` from u0: the
// HL-RF direction d = ((grad.u - g) / |grad|^2) grad - u, with a step t = 1/2^j that
// decreases the merit function |u|^2 / 2 + c |g|, c > |u| / |grad|. g = KPI - target
// (at_least) or target - KPI (at_most): the target is missed where g < 0.
Search HlRf(const Space& space, int k, const Goal& goal, const Vector& u0, const StressOptions& o) {
  const double sign = goal.direction == Direction::kAtLeast ? 1.0 : -1.0;
  const double g_tol = o.tolerance * std::max(1.0, std::fabs(goal.target));
  Search s;
  s.u = u0;
  Matrix grad;
  auto g_of = [&](const Vector& kpis) { return sign * (kpis[k] - goal.target); };
  for (s.iterations = 0; s.iterations < o.max_iterations; ++s.iterations) {
    const Vector kpis = space.Evaluate(s.u, &grad);
    s.kpi = kpis[k];
    const double g = g_of(kpis);
    const Vector a = sign * grad.row(k).transpose();
    const double an2 = a.squaredNorm(), un = s.u.norm();
    if (!(an2 > 0)) {
      s.outcome = un > 1 ? Outcome::kFar : Outcome::kFlat;
      return s;
    }
    const Vector d = ((a.dot(s.u) - g) / an2) * a - s.u;
    const double step_tol = o.tolerance * std::max(1.0, un);
    if (std::fabs(g) <= g_tol && d.norm() <= std::sqrt(o.tolerance) * std::max(1.0, un)) {
      s.outcome = Outcome::kConverged;
      return s;
    }
    const double c = 2 * std::max(un, 1.0) / std::sqrt(an2);
    const double merit = 0.5 * s.u.squaredNorm() + c * std::fabs(g);
    double t = 1;
    Vector next = s.u + d;
    for (int halving = 0; halving < 40; ++halving, t *= 0.5) {
      next = s.u + t * d;
      double g_next;
      try {
        g_next = g_of(space.Evaluate(next, nullptr));
      } catch (const NumericalError&) {
        continue;  // outside where the model is defined: a shorter step
      }
      if (0.5 * next.squaredNorm() + c * std::fabs(g_next) < merit) break;
    }
    if ((next - s.u).norm() <= step_tol && std::fabs(g) <= g_tol) {
      s.u = next;
      s.outcome = Outcome::kConverged;
      return s;
    }
    s.u = next;
    if (s.u.norm() > kFar) {
      s.outcome = Outcome::kFar;
      return s;
    }
  }
  s.outcome = Outcome::kIterations;
  return s;
}

std::string Fmt(double v, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

}  // namespace

std::string ToString(StressStatus s) { return internal::EnumName(kStatus, s); }

void StressOptions::Validate() const {
  if (!(tolerance >= 1e-14 && tolerance <= 1e-3))
    throw OptionsError("StressOptions::tolerance", "tolerance in [1e-14, 1e-3]", internal::FormatNumber(tolerance));
  if (max_iterations < 1)
    throw OptionsError("StressOptions::max_iterations", "max_iterations >= 1", std::to_string(max_iterations));
  if (starts < 1 || starts > 1000)
    throw OptionsError("StressOptions::starts", "starts in [1, 1000]", std::to_string(starts));
}

StressResult Stress(const Model& m, const std::vector<Goal>& goals, const StressOptions& o) {
  o.Validate();
  StressResult r;
  if (goals.empty()) throw UsageError("no target to stress");
  const Space space(m, goals, &r);
  const int n = space.dims();
  const Vector center = space.Evaluate(Vector::Zero(n), nullptr);
  r.own_cells = Run(m).values();
  const std::uint64_t key = internal::StreamKey(o.seed, 0x57e550000ULL);
  for (int k = 0; k < static_cast<int>(goals.size()); ++k) {
    StressTarget t;
    t.goal = goals[k];
    t.kpi_own = r.own_cells[goals[k].kpi.cell.line * m.calendar().num_columns() + goals[k].kpi.cell.column];
    t.kpi_median = center[k];
    t.met_median =
        goals[k].direction == Direction::kAtLeast ? center[k] >= goals[k].target : center[k] <= goals[k].target;
    int far_or_flat = 0;
    double radius = 1;
    for (int start = 0; start < o.starts; ++start) {
      Vector u0 = Vector::Zero(n);
      if (start > 0) {  // a random direction at the distance of the nearest point so far
        for (int i = 0; i < n; ++i)
          u0[i] = internal::NormalQuantile(internal::UniformAt(key, static_cast<std::uint64_t>(start) * n + i));
        u0 *= radius / std::max(u0.norm(), 1e-300);
      }
      const Search s = HlRf(space, k, goals[k], u0, o);
      if (s.outcome == Outcome::kFar || s.outcome == Outcome::kFlat) ++far_or_flat;
      if (s.outcome != Outcome::kConverged) continue;
      ++t.starts_converged;
      const double beta = s.u.norm();
      bool seen = false;
      for (const DesignPoint& p : t.points) seen = seen || (p.u - s.u).norm() <= 1e-4 * std::max(1.0, beta);
      if (seen) continue;
      DesignPoint p;
      space.Describe(s.u, &p);
      p.beta = t.met_median ? beta : -beta;
      p.p_miss = Phi(-p.beta);
      p.kpi = s.kpi;
      p.iterations = s.iterations;
      t.points.push_back(std::move(p));
      radius = std::max(1.0, std::fabs(t.points.front().beta));
    }
    std::stable_sort(t.points.begin(), t.points.end(),
                     [](const DesignPoint& a, const DesignPoint& b) { return a.u.norm() < b.u.norm(); });
    if (!t.points.empty()) {
      t.status = StressStatus::kDesignPoint;
      t.message = "beta " + Fmt(t.points[0].beta, 4) + ", first-order P(miss) " + Fmt(t.points[0].p_miss, 4);
      if (t.points.size() > 1) t.message += "; " + std::to_string(t.points.size()) + " local design points";
    } else if (far_or_flat == o.starts) {
      t.status = t.met_median ? StressStatus::kNeverMissed : StressStatus::kAlwaysMissed;
      t.message =
          std::string(t.met_median ? "met" : "missed") + " with certainty: no boundary within beta " + Fmt(kFar, 3) +
          " from " + std::to_string(o.starts) +
          " starts (the target does not depend on the uncertain drivers there, or they reach their bounds first)";
    } else {
      t.status = StressStatus::kNotConverged;
      t.message = "no design point: the search did not converge from " + std::to_string(o.starts) + " starts";
    }
    r.targets.push_back(std::move(t));
  }
  return r;
}

}  // namespace outturn
