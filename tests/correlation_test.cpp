// SPDX-License-Identifier: MIT
// Dependence among sampled drivers: the Gaussian copula and Iman-Conover against the target
// rank correlations, the nearest correlation matrix, AR(1) per-period shocks.
#include "outturn/sweep/sweep.h"

#include <Eigen/Eigenvalues>
#include <algorithm>

#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/correlation") {
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
        for (size_t i = 0; i < x.size(); ++i) {
          mx += x[i];
          my += y[i];
        }
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
