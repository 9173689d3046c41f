// SPDX-License-Identifier: MIT
// Sweeps: designs, reproducibility (threads, chunks, prefixes, pieces), statistics against
// exact values. Statistical checks state their confidence; seeds are fixed.
#include "outturn/sweep/sweep.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <sstream>

#include "outturn/model/distributions.h"
#include "outturn/report/report.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

// KPI = a + 2 b - c, with a target; a, b, c uniform or normal.
const char* kLinear =
    "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 2Q10}\n"
    "drivers:\n"
    "  a: {value: 1, distribution: {type: uniform, low: 0, high: 2}}\n"
    "  b: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
    "  c: {value: 0.5, distribution: {type: triangular, low: 0, mode: 0.5, high: 1}}\n"
    "lines:\n"
    "  x: {formula: a + 2 * b - c, actuals: {1Q10: 0, 2Q10: 0}}\n"
    "targets:\n"
    "  fy: {line: x, span: FY10, value: 1.5}\n"
    "  h1: {line: x, span: 1H10, value: 0}\n";

// Two uniforms on (0, 1), read back through a dump.
const char* kUnitSquare =
    "calendar: {start: 2010-04, fiscal_year_label: start, periods: 1}\n"
    "drivers:\n"
    "  u: {value: 0.5, distribution: {type: uniform, low: 0, high: 1}}\n"
    "  v: {value: 0.5, distribution: {type: uniform, low: 0, high: 1}}\n"
    "lines:\n"
    "  s: {formula: u + v}\n"
    "targets:\n"
    "  q: {line: s, span: 1Q10, value: 1}\n";

// Everything that must be identical across thread counts and chunk sizes.
std::string Fingerprint(const SweepResult& r) {
  std::ostringstream os;
  os.precision(17);
  os << r.samples << ' ' << r.all_meets << '\n';
  for (const KpiStats& k : r.kpis) {
    os << k.mean << ' ' << k.sd << ' ' << k.min << ' ' << k.max << ' ' << k.meets << ' ' << k.expected_shortfall;
    for (double q : k.quantiles) os << ' ' << q;
    for (double v : k.driver_mean_miss) os << ' ' << v;
    for (double v : k.src) os << ' ' << v;
    for (long long b : k.bins) os << ' ' << b;
    os << '\n';
  }
  return os.str();
}

std::vector<std::vector<double>> ReadDump(const std::string& path) {
  std::istringstream in(test::ReadFile(path));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> r;
    std::istringstream ls(line);
    for (std::string f; std::getline(ls, f, ',');) r.push_back(std::stod(f));
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST_SUITE("sweep") {
  TEST_CASE("same seed, same statistics, whatever the threads and chunks") {
    Model m = test::LoadText(kLinear);
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      CAPTURE(ToString(method));
      SweepOptions o;
      o.method = method;
      o.samples = 300'000;
      o.regression = true;
      o.threads = 1;
      o.chunk = 1 << 18;
      const std::string one = Fingerprint(Sweep(m, o));
      o.threads = 2;
      o.chunk = 4096;
      CHECK(Fingerprint(Sweep(m, o)) == one);
      o.threads = 3;
      o.chunk = 40'000;
      CHECK(Fingerprint(Sweep(m, o)) == one);
      o.seed = 2;
      CHECK(Fingerprint(Sweep(m, o)) != one);
    }
  }

  TEST_CASE("pieces of a sweep combine into the whole, bit for bit") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 2 * kSegmentSize + 12345;
    o.threads = 2;
    o.regression = true;
    const std::string whole = Fingerprint(Sweep(m, o));
    std::vector<SweepPartial> parts;
    parts.push_back(SweepRange(m, o, 2 * kSegmentSize, 12345));  // out of order on purpose
    parts.push_back(SweepRange(m, o, 0, kSegmentSize));
    parts.push_back(SweepRange(m, o, kSegmentSize, kSegmentSize));
    CHECK(Fingerprint(CombineSweep(m, o, parts)) == whole);
    CHECK_THROWS_AS(SweepRange(m, o, 1000, kSegmentSize), UsageError);
    parts.pop_back();
    CHECK_THROWS_AS(CombineSweep(m, o, parts), UsageError);
  }

  TEST_CASE("a run of N samples is the first N of a run of 2N") {
    test::TempDir d;
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 5000;
    o.dump_path = d.path() + "/a.csv";
    Sweep(m, o);
    o.samples = 10000;
    o.dump_path = d.path() + "/b.csv";
    Sweep(m, o);
    const auto a = ReadDump(d.path() + "/a.csv"), b = ReadDump(d.path() + "/b.csv");
    REQUIRE(a.size() == 5000);
    REQUIRE(b.size() == 10000);
    for (size_t i = 0; i < a.size(); i += 7) CHECK(a[i] == b[i]);
  }

  TEST_CASE("Sobol points equal the known first points") {
    // Boost's sobol_engine (Joe-Kuo directions) skips the zero point: (1/2, 1/2),
    // (3/4, 1/4), (1/4, 3/4), (3/8, 3/8), (7/8, 7/8).
    test::TempDir d;
    Model m = test::LoadText(kUnitSquare);
    SweepOptions o;
    o.method = SweepMethod::kSobol;
    o.sobol_shift = false;
    o.samples = 5;
    o.dump_path = d.path() + "/s.csv";
    Sweep(m, o);
    const auto rows = ReadDump(o.dump_path);
    const double expected[5][2] = {{0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}, {0.875, 0.875}};
    REQUIRE(rows.size() == 5);
    for (int i = 0; i < 5; ++i) {
      CHECK(rows[i][1] == doctest::Approx(expected[i][0]).epsilon(1e-15));
      CHECK(rows[i][2] == doctest::Approx(expected[i][1]).epsilon(1e-15));
    }
  }

  TEST_CASE("Latin hypercube: one sample per stratum per driver in each block") {
    test::TempDir d;
    Model m = test::LoadText(kUnitSquare);
    SweepOptions o;
    o.method = SweepMethod::kLatinHypercube;
    o.lhs_block = 1024;
    o.samples = 3 * 1024;
    o.dump_path = d.path() + "/l.csv";
    Sweep(m, o);
    const auto rows = ReadDump(o.dump_path);
    for (int block = 0; block < 3; ++block)
      for (int col : {1, 2}) {
        std::vector<int> hits(1024, 0);
        for (int i = 0; i < 1024; ++i) ++hits[static_cast<int>(rows[block * 1024 + i][col] * 1024)];
        CHECK(std::count(hits.begin(), hits.end(), 1) == 1024);
      }
  }

  TEST_CASE("P(target) on a small grid equals the exact fraction") {
    // a, b, c at 5 levels each (P5..P95): 125 scenarios; count a + 2b - c >= 1.5 by hand.
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.method = SweepMethod::kGrid;
    o.grid_points = 5;
    o.samples = 1000;
    const SweepResult r = Sweep(m, o);
    REQUIRE(r.samples == 125);
    std::vector<double> la, lb, lc;
    for (int k = 0; k < 5; ++k) {
      const double p = 0.05 + 0.9 * k / 4;
      la.push_back(Quantile(m.drivers()[0].distribution, p));
      lb.push_back(Quantile(m.drivers()[1].distribution, p));
      lc.push_back(Quantile(m.drivers()[2].distribution, p));
    }
    long long meets = 0;
    double sum = 0;
    for (double a : la)
      for (double b : lb)
        for (double c : lc) {
          const double fy = 2 * (a + 2 * b - c);  // 3Q10 + 4Q10; the 1H is 0
          meets += fy >= 1.5;
          sum += fy;
        }
    CHECK(r.kpis[0].meets == meets);
    CHECK(r.kpis[0].p_meet == static_cast<double>(meets) / 125);
    CHECK(r.kpis[0].mean == doctest::Approx(sum / 125).epsilon(1e-12));
    CHECK(r.kpis[1].p_meet == 1.0);  // 1H10 is reported: 0 >= 0
  }

  TEST_CASE("one at a time moves one driver, the others at their values") {
    test::TempDir d;
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.method = SweepMethod::kOneAtATime;
    o.grid_points = 3;
    o.dump_path = d.path() + "/o.csv";
    const SweepResult r = Sweep(m, o);
    CHECK(r.samples == 9);
    const auto rows = ReadDump(o.dump_path);
    CHECK(rows[4][1] == 1);    // a at its value while b moves
    CHECK(rows[4][3] == 0.5);  // c too
    CHECK(rows[4][2] == doctest::Approx(0.0).epsilon(1e-12));  // b at its median
  }

  TEST_CASE("moments, quantiles and P(meet) against exact values (99.99% level)") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 1'000'000;
    o.regression = true;
    const SweepResult r = Sweep(m, o);
    const KpiStats& k = r.kpis[0];
    // FY = 2 (a + 2b - c): mean 2 (1 + 0 - 0.5) = 1; var = 4 (1/3 + 4 + 1/24).
    const double sd = 2 * std::sqrt(1.0 / 3 + 4 + 1.0 / 24);
    CHECK(std::fabs(k.mean - 1.0) < 4 * sd / std::sqrt(o.samples));
    CHECK(k.sd == doctest::Approx(sd).epsilon(0.005));
    // The median of a symmetric distribution about 1 is 1: within a bin plus sampling error.
    CHECK(std::fabs(k.quantiles[4] - 1.0) < k.quantile_error + 4 * sd * 1.2533 / std::sqrt(o.samples));
    CHECK(k.p_low <= k.p_meet);
    CHECK(k.p_meet <= k.p_high);
    // Standardized regression coefficients of a linear model: beta_i sd_i / sd_y, R^2 = 1.
    CHECK(k.r_squared == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(k.src[1] == doctest::Approx(2 * 2 * 1.0 / sd).epsilon(0.01));
    // Misses have lower b than meets.
    CHECK(k.driver_mean_miss[1] < k.driver_mean_meet[1]);
  }

  TEST_CASE("--until-ci stops at the first checkpoint where every interval is narrow enough") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 50'000'000;
    o.until_ci = 0.005;
    const SweepResult r = Sweep(m, o);
    CHECK(r.stopped_by_ci);
    CHECK(r.samples < o.samples);
    for (const KpiStats& k : r.kpis) CHECK(k.p_high - k.p_low < 0.005);
    // The previous checkpoint was not enough.
    SweepOptions half = o;
    half.until_ci = 0;
    half.samples = r.samples / 2;
    const SweepResult h = Sweep(m, half);
    bool wide = false;
    for (const KpiStats& k : h.kpis) wide |= k.p_high - k.p_low >= 0.005;
    CHECK(wide);
  }

  TEST_CASE("a stop request returns a partial result") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 100'000'000;
    o.chunk = 1 << 16;
    std::atomic<bool> stop{false};
    const SweepResult r = Sweep(m, o, &stop, [&](long long done, long long) {
      if (done >= 1'000'000) stop = true;
    });
    CHECK(r.partial);
    CHECK(r.samples >= 1'000'000);
    CHECK(r.samples < o.samples);
    CHECK(r.samples % (1 << 16) == 0);
  }

  TEST_CASE("options are validated with the field, value and rule") {
    SweepOptions o;
    o.samples = 0;
    CHECK_THROWS_WITH_AS(o.Validate(), "SweepOptions::samples must be at least 1 (got 0)", OptionsError);
    o = SweepOptions();
    o.lhs_block = 1000;
    CHECK_THROWS_WITH_AS(o.Validate(),
                         "SweepOptions::lhs_block must be 0 or a power of two in [2, 2^24] (got 1000)",
                         OptionsError);
  }

  TEST_CASE("a model without uncertain drivers or targets cannot be swept") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    SweepOptions o;
    o.drivers = {"subscription_fee"};
    CHECK_THROWS_WITH_AS(Sweep(m, o), "driver 'subscription_fee' has no distribution to sample", UsageError);
    o.drivers = {"nope"};
    CHECK_THROWS_AS(Sweep(m, o), UsageError);
  }

  TEST_CASE("a scenario that divides by zero is named") {
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2, actuals_through: 1Q10}\n"
        "drivers:\n  d: {value: 1, distribution: {type: discrete, values: [1, 0], weights: [0.5, 0.5]}}\n"
        "lines:\n  x: {formula: 1 / d, actuals: {1Q10: 1}}\n"
        "targets:\n  t: {line: x, span: 2Q10, value: 0}\n");
    SweepOptions o;
    o.samples = 1000;
    CHECK_THROWS_AS(Sweep(m, o), NumericalError);
  }

  TEST_CASE("the IIJ model sweeps, and its report renders") {
    Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    SweepOptions o;
    o.samples = 100'000;
    const SweepResult r = Sweep(m, o);
    CHECK(r.kpis.size() == m.targets().size());
    CHECK(r.drivers.size() >= 30);
    for (const KpiStats& k : r.kpis) CHECK(std::isfinite(k.mean));
    CHECK(RenderSweep(r, Format::kTable).find("P(every target met)") != std::string::npos);
    CHECK(RenderSweep(r, Format::kJson).find("\"p_meet\"") != std::string::npos);
  }
}

TEST_SUITE("sweep") {
  TEST_CASE("correlated drivers: achieved correlation within tolerance (99.99% level)") {
    const std::string model =
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  a: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  b: {value: 0, distribution: {type: uniform, low: 0, high: 1}}\n"
        "  c: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "lines:\n  x: {formula: a + b + c, actuals: {1Q10: 0}}\n"
        "targets:\n  t: {line: x, span: 2Q10, value: 0}\n"
        "correlations:\n"
        "  - drivers: [a, b, c]\n"
        "    matrix: [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]]\n";
    Model m = test::LoadText(model);
    REQUIRE(m.correlations().size() == 1);
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      CAPTURE(ToString(method));
      test::TempDir d;
      SweepOptions o;
      o.method = method;
      o.samples = 32768;
      o.lhs_block = 32768;
      o.dump_path = d.path() + "/c.csv";
      Sweep(m, o);
      const auto rows = ReadDump(o.dump_path);
      // Rank correlation (Spearman) of each pair against the target, within 0.05.
      auto ranks = [&](int col) {
        std::vector<int> idx(rows.size());
        for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
        std::sort(idx.begin(), idx.end(), [&](int l, int r) { return rows[l][col] < rows[r][col]; });
        std::vector<double> rk(rows.size());
        for (size_t i = 0; i < idx.size(); ++i) rk[idx[i]] = static_cast<double>(i);
        return rk;
      };
      auto corr = [](const std::vector<double>& x, const std::vector<double>& y) {
        const double n = static_cast<double>(x.size());
        double mx = 0, my = 0;
        for (size_t i = 0; i < x.size(); ++i) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (size_t i = 0; i < x.size(); ++i) {
          sxy += (x[i] - mx) * (y[i] - my);
          sxx += (x[i] - mx) * (x[i] - mx);
          syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / std::sqrt(sxx * syy);
      };
      const auto ra = ranks(1), rb = ranks(2), rc = ranks(3);
      // Spearman's rho of a Gaussian copula with Pearson rho r is (6/pi) asin(r/2).
      auto spearman = [](double r) { return 6 / M_PI * std::asin(r / 2); };
      const double tol = method == SweepMethod::kMonteCarlo ? 0.03 : 0.05;
      CHECK(std::fabs(corr(ra, rb) - spearman(0.6)) < tol);
      CHECK(std::fabs(corr(ra, rc) - spearman(-0.3)) < tol);
      CHECK(std::fabs(corr(rb, rc) - spearman(0.2)) < tol);
      // Marginals are kept: b stays uniform on (0, 1); Latin hypercube keeps one value per
      // stratum.
      if (method == SweepMethod::kLatinHypercube) {
        std::vector<int> hits(32768, 0);
        for (const auto& r : rows) ++hits[static_cast<int>(r[2] * 32768)];
        CHECK(std::count(hits.begin(), hits.end(), 1) == 32768);
      }
    }
  }

  TEST_CASE("a matrix that is not positive semi-definite can be replaced by the nearest one") {
    const std::string base =
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 1}\n"
        "drivers:\n"
        "  a: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  b: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "  c: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
        "lines:\n  x: {formula: a + b + c}\n"
        "correlations:\n"
        "  - drivers: [a, b, c]\n"
        "    matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]\n";
    CHECK(test::LoadError(base).find("not positive semi-definite (smallest eigenvalue -0.8)") != std::string::npos);
    Model m = test::LoadText(base + "    nearest: true\n");
    const Correlation& c = m.correlations()[0];
    CHECK(c.adjusted);
    Eigen::Map<const Matrix> mat(c.matrix.data(), 3, 3);
    Eigen::SelfAdjointEigenSolver<Matrix> es(mat);
    CHECK(es.eigenvalues().minCoeff() > -1e-12);
    for (int i = 0; i < 3; ++i) CHECK(mat(i, i) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK((mat - mat.transpose()).norm() < 1e-12);
    // Nearest: closer to the given matrix than, e.g., the identity.
    Matrix given(3, 3);
    given << 1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1;
    CHECK((mat - given).norm() < (Matrix::Identity(3, 3) - given).norm());
  }

  TEST_CASE("per-period shocks follow an AR(1) with the stated sd and autocorrelation") {
    test::TempDir d;
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  g: {value: 0, distribution: {type: uniform, low: -0.001, high: 0.001}, shocks: {sd: 0.5, ar1: 0.7}}\n"
        "lines:\n  x: {formula: g, actuals: {1Q10: 0}}\n"
        "targets:\n  t: {line: x, span: FY10, value: 0}\n");
    SweepOptions o;
    o.samples = 100000;
    o.dump_path = d.path() + "/s.csv";
    Sweep(m, o);
    const auto rows = ReadDump(o.dump_path);
    REQUIRE(rows[0].size() == 6);  // scenario, g, g@2Q10, g@3Q10, g@4Q10, t
    double s2 = 0, s3 = 0, c23 = 0, c24 = 0, s4 = 0;
    for (const auto& r : rows) {
      const double e2 = r[2] - r[1], e3 = r[3] - r[1], e4 = r[4] - r[1];
      s2 += e2 * e2;
      s3 += e3 * e3;
      s4 += e4 * e4;
      c23 += e2 * e3;
      c24 += e2 * e4;
    }
    const double n = static_cast<double>(rows.size());
    CHECK(std::sqrt(s2 / n) == doctest::Approx(0.5).epsilon(0.02));
    CHECK(std::sqrt(s4 / n) == doctest::Approx(0.5).epsilon(0.02));
    CHECK(c23 / std::sqrt(s2 * s3) == doctest::Approx(0.7).epsilon(0.02));
    CHECK(c24 / std::sqrt(s2 * s4) == doctest::Approx(0.49).epsilon(0.04));
  }
}

TEST_SUITE("sweep") {
  TEST_CASE("Sobol indices of an additive model equal the variance shares") {
    // FY = 2 (a + 2b - c): variance shares 1/3, 4, 1/24 over their sum; total = first order.
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 1000;
    o.sobol_index_samples = 40000;
    const SweepResult r = Sweep(m, o);
    const double va = 1.0 / 3, vb = 4, vc = 1.0 / 24, v = va + vb + vc;
    const KpiStats& k = r.kpis[0];
    REQUIRE(k.sobol_first.size() == 3);
    CHECK(k.sobol_first[0] == doctest::Approx(va / v).epsilon(0.03 / (va / v)));
    CHECK(k.sobol_first[1] == doctest::Approx(vb / v).epsilon(0.03));
    CHECK(k.sobol_total[1] == doctest::Approx(vb / v).epsilon(0.03));
    CHECK(std::fabs(k.sobol_total[2] - vc / v) < 0.01);
  }
}
