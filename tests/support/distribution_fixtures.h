// SPDX-License-Identifier: MIT
#pragma once
// Distributions shared by the distribution and sampling tests: one of each family.
#include <initializer_list>
#include <vector>

#include "outturn/model/model.h"

namespace outturn::test {

inline Distribution Make(DistributionType t, std::initializer_list<double> p, std::vector<double> values = {},
                         std::vector<double> weights = {}) {
  Distribution d;
  d.type = t;
  auto it = p.begin();
  switch (t) {
    case DistributionType::kNormal:
      d.mean = *it++;
      d.sd = *it++;
      break;
    case DistributionType::kTruncatedNormal:
      d.mean = *it++;
      d.sd = *it++;
      d.low = *it++;
      d.high = *it++;
      break;
    case DistributionType::kLognormal:
      d.mean = *it++;
      d.sd = *it++;
      break;
    case DistributionType::kUniform:
      d.low = *it++;
      d.high = *it++;
      break;
    case DistributionType::kTriangular:
    case DistributionType::kPert:
      d.low = *it++;
      d.mode = *it++;
      d.high = *it++;
      break;
    default: break;
  }
  d.values = values;
  d.weights = weights;
  return d;
}

inline std::vector<Distribution> All() {
  return {Make(DistributionType::kNormal, {10, 2}),
          Make(DistributionType::kTruncatedNormal, {10, 2, 8, 15}),
          Make(DistributionType::kLognormal, {5, 1.5}),
          Make(DistributionType::kUniform, {-1, 3}),
          Make(DistributionType::kTriangular, {0, 1, 5}),
          Make(DistributionType::kPert, {0.5, 0.7, 1.5}),
          Make(DistributionType::kDiscrete, {}, {1, 2, 5}, {0.2, 0.5, 0.3}),
          Make(DistributionType::kEmpirical, {}, {3, 1, 4, 1, 5, 9, 2, 6})};
}

}  // namespace outturn::test
