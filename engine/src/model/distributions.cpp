// SPDX-License-Identifier: MIT
// The model's description of a driver's uncertainty: Quantile, Mean, StdDev and Cdf of each
// distribution family (outturn/model/distributions.h), and the per-family constants that the
// sweep's block inversion shares (model/inversion.h).
#include "outturn/model/distributions.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <numeric>
#include <utility>

#include "base/normal.h"
#include "base/vecmath.h"
#include "model/inversion.h"

namespace outturn {
namespace internal {

void LognormalParams(const Distribution& d, double* mu, double* sigma) {
  const double s2 = std::log1p((d.sd * d.sd) / (d.mean * d.mean));
  *sigma = std::sqrt(s2);
  *mu = std::log(d.mean) - 0.5 * s2;
}

void PertParams(const Distribution& d, double* alpha, double* beta) {
  const double range = d.high - d.low;
  *alpha = 1 + 4 * (d.mode - d.low) / range;
  *beta = 1 + 4 * (d.high - d.mode) / range;
}

TriangularShape Triangular(const Distribution& d) {
  TriangularShape s;
  s.a = d.low;
  s.b = d.high;
  const double c = d.mode;
  s.fc = (c - s.a) / (s.b - s.a);
  s.k1 = (s.b - s.a) * (c - s.a);
  s.k2 = (s.b - s.a) * (s.b - c);
  return s;
}

DiscreteSteps Discrete(const Distribution& d) {
  std::vector<std::pair<double, double>> vw;
  for (size_t i = 0; i < d.values.size(); ++i) vw.push_back({d.values[i], d.weights[i]});
  std::stable_sort(vw.begin(), vw.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const double total = std::accumulate(d.weights.begin(), d.weights.end(), 0.0);
  DiscreteSteps s;
  double run = 0;
  for (const auto& [v, w] : vw) {
    run += w;
    s.cumulative.push_back(run / total);
    s.values.push_back(v);
  }
  s.cumulative.back() = 1.0;
  return s;
}

std::vector<double> SortedObservations(const Distribution& d) {
  std::vector<double> v = d.values;
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace internal

using internal::NormalPdf;
using internal::Phi;

double Quantile(const Distribution& d, double p) {
  if (!(p > 0 && p < 1)) throw UsageError("quantile level must be in (0, 1)");
  switch (d.type) {
    case DistributionType::kNormal: return d.mean + d.sd * internal::NormalQuantile(p);
    case DistributionType::kTruncatedNormal: {
      const double a = Phi((d.low - d.mean) / d.sd), b = Phi((d.high - d.mean) / d.sd);
      return std::min(std::max(d.mean + d.sd * internal::NormalQuantile(a + p * (b - a)), d.low), d.high);
    }
    case DistributionType::kLognormal: {
      double mu, sigma;
      internal::LognormalParams(d, &mu, &sigma);
      return internal::Exp(mu + sigma * internal::NormalQuantile(p));
    }
    case DistributionType::kUniform: return internal::UniformQuantile(d.low, d.high, p);
    case DistributionType::kTriangular: return internal::TriangularQuantile(internal::Triangular(d), p);
    case DistributionType::kPert: {
      double a, b;
      internal::PertParams(d, &a, &b);
      return d.low + (d.high - d.low) * boost::math::quantile(boost::math::beta_distribution<double>(a, b), p);
    }
    case DistributionType::kDiscrete: return internal::DiscreteQuantile(internal::Discrete(d), p);
    case DistributionType::kEmpirical: {
      const std::vector<double> sorted = internal::SortedObservations(d);
      return internal::EmpiricalQuantile(sorted.data(), static_cast<std::int64_t>(sorted.size()), p);
    }
    case DistributionType::kNone: break;
  }
  throw UsageError("the driver has no distribution");
}

double Mean(const Distribution& d) {
  switch (d.type) {
    case DistributionType::kNormal:
    case DistributionType::kLognormal: return d.mean;
    case DistributionType::kTruncatedNormal: {
      const double a = (d.low - d.mean) / d.sd, b = (d.high - d.mean) / d.sd;
      const double z = Phi(b) - Phi(a);
      const double phi = internal::NormalPdf(a) - internal::NormalPdf(b);
      return d.mean + d.sd * phi / z;
    }
    case DistributionType::kUniform: return 0.5 * (d.low + d.high);
    case DistributionType::kTriangular: return (d.low + d.mode + d.high) / 3.0;
    case DistributionType::kPert: return (d.low + 4 * d.mode + d.high) / 6.0;
    case DistributionType::kDiscrete: {
      double s = 0, w = 0;
      for (size_t i = 0; i < d.values.size(); ++i) {
        s += d.values[i] * d.weights[i];
        w += d.weights[i];
      }
      return s / w;
    }
    case DistributionType::kEmpirical: return std::accumulate(d.values.begin(), d.values.end(), 0.0) / d.values.size();
    case DistributionType::kNone: break;
  }
  throw UsageError("the driver has no distribution");
}

double StdDev(const Distribution& d) {
  switch (d.type) {
    case DistributionType::kNormal:
    case DistributionType::kLognormal: return d.sd;
    case DistributionType::kTruncatedNormal: {
      const double a = (d.low - d.mean) / d.sd, b = (d.high - d.mean) / d.sd;
      const auto phi = internal::NormalPdf;
      const double z = Phi(b) - Phi(a);
      const double t1 = (a * phi(a) - b * phi(b)) / z, t2 = (phi(a) - phi(b)) / z;
      return d.sd * std::sqrt(1 + t1 - t2 * t2);
    }
    case DistributionType::kUniform: return (d.high - d.low) / std::sqrt(12.0);
    case DistributionType::kTriangular: {
      const double a = d.low, b = d.high, c = d.mode;
      return std::sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
    }
    case DistributionType::kPert: {
      double al, be;
      internal::PertParams(d, &al, &be);
      const double r = d.high - d.low;
      return r * std::sqrt(al * be / ((al + be) * (al + be) * (al + be + 1)));
    }
    case DistributionType::kDiscrete:
    case DistributionType::kEmpirical: {
      const double m = Mean(d);
      double s = 0, w = 0;
      for (size_t i = 0; i < d.values.size(); ++i) {
        const double wi = d.type == DistributionType::kDiscrete ? d.weights[i] : 1.0;
        s += wi * (d.values[i] - m) * (d.values[i] - m);
        w += wi;
      }
      return std::sqrt(s / w);
    }
    case DistributionType::kNone: break;
  }
  throw UsageError("the driver has no distribution");
}

double Cdf(const Distribution& d, double x) {
  switch (d.type) {
    case DistributionType::kNormal: return Phi((x - d.mean) / d.sd);
    case DistributionType::kTruncatedNormal: {
      if (x <= d.low) return 0;
      if (x >= d.high) return 1;
      const double a = Phi((d.low - d.mean) / d.sd), b = Phi((d.high - d.mean) / d.sd);
      return (Phi((x - d.mean) / d.sd) - a) / (b - a);
    }
    case DistributionType::kLognormal: {
      if (x <= 0) return 0;
      double mu, sigma;
      internal::LognormalParams(d, &mu, &sigma);
      return Phi((std::log(x) - mu) / sigma);
    }
    case DistributionType::kUniform: return std::min(1.0, std::max(0.0, (x - d.low) / (d.high - d.low)));
    case DistributionType::kTriangular: {
      const double a = d.low, b = d.high, c = d.mode;
      if (x <= a) return 0;
      if (x >= b) return 1;
      return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case DistributionType::kPert: {
      if (x <= d.low) return 0;
      if (x >= d.high) return 1;
      double al, be;
      internal::PertParams(d, &al, &be);
      return boost::math::cdf(boost::math::beta_distribution<double>(al, be), (x - d.low) / (d.high - d.low));
    }
    case DistributionType::kDiscrete: {
      double s = 0, w = 0;
      for (size_t i = 0; i < d.values.size(); ++i) {
        w += d.weights[i];
        if (d.values[i] <= x) s += d.weights[i];
      }
      return s / w;
    }
    case DistributionType::kEmpirical: {
      double s = 0;
      for (double v : d.values) s += v <= x;
      return s / d.values.size();
    }
    case DistributionType::kNone: break;
  }
  throw UsageError("the driver has no distribution");
}

double Density(const Distribution& d, double x) {
  switch (d.type) {
    case DistributionType::kNormal: return NormalPdf((x - d.mean) / d.sd) / d.sd;
    case DistributionType::kTruncatedNormal: {
      if (x < d.low || x > d.high) return 0;
      const double a = Phi((d.low - d.mean) / d.sd), b = Phi((d.high - d.mean) / d.sd);
      return NormalPdf((x - d.mean) / d.sd) / (d.sd * (b - a));
    }
    case DistributionType::kLognormal: {
      if (x <= 0) return 0;
      double mu, sigma;
      internal::LognormalParams(d, &mu, &sigma);
      return NormalPdf((std::log(x) - mu) / sigma) / (x * sigma);
    }
    case DistributionType::kUniform: return x < d.low || x > d.high ? 0 : 1 / (d.high - d.low);
    case DistributionType::kTriangular: {
      const double a = d.low, b = d.high, c = d.mode;
      if (x < a || x > b) return 0;
      if (x < c) return 2 * (x - a) / ((b - a) * (c - a));
      if (x > c) return 2 * (b - x) / ((b - a) * (b - c));
      return 2 / (b - a);
    }
    case DistributionType::kPert: {
      if (x < d.low || x > d.high) return 0;
      double al, be;
      internal::PertParams(d, &al, &be);
      return boost::math::pdf(boost::math::beta_distribution<double>(al, be), (x - d.low) / (d.high - d.low)) /
             (d.high - d.low);
    }
    case DistributionType::kDiscrete:
    case DistributionType::kEmpirical: throw UsageError("a discrete or empirical distribution has no density");
    case DistributionType::kNone: break;
  }
  throw UsageError("the driver has no distribution");
}

double SampledValue(const Driver& driver, double x) { return driver.is_date ? std::nearbyint(x) : x; }

}  // namespace outturn
