// SPDX-License-Identifier: MIT
// Choosing the vector target at run time (outturn/base/simd.h): Highway's dispatch tables,
// narrowed with SetSupportedTargetsForTest to the one target asked for.
#include "base/simd.h"

#include <cstdint>
#include <cstdlib>
#include <mutex>

#include "hwy/highway.h"
#include "outturn/base/errors.h"

namespace outturn {
namespace {

struct Named {
  const char* name;
  std::int64_t target;
};
// Best first. HWY_EMU128 is Highway's portable C++ target (the baseline of a build without
// -march flags); HWY_SCALAR the same where EMU128 is unavailable.
constexpr Named kTargets[] = {
    {"avx512", HWY_AVX3}, {"avx2", HWY_AVX2}, {"sse4", HWY_SSE4}, {"baseline", HWY_EMU128 | HWY_SCALAR}};

// What this build compiled and the CPU runs, as a target mask: read once, before anything
// narrows SupportedTargets (only this file does).
std::int64_t Runnable() {
  static const std::int64_t all = hwy::SupportedTargets() & HWY_TARGETS;
  return all;
}

std::mutex& Mutex() {
  static std::mutex mu;
  return mu;
}
std::string& Forced() {  // the name in force ("auto" or a target)
  static std::string name = "auto";
  return name;
}

std::int64_t MaskOf(const std::string& name) {
  for (const Named& t : kTargets)
    if (name == t.name) return t.target;
  return 0;
}

// Narrows dispatch to `name` (already checked), or lifts it for "auto".
void Apply(const std::string& name) {
  hwy::SetSupportedTargetsForTest(name == "auto" ? 0 : MaskOf(name) & Runnable());
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
  Forced() = name;
}

bool Usable(const std::string& name) {
  if (name == "auto") return true;
  return (MaskOf(name) & Runnable()) != 0;
}

// OUTTURN_SIMD, checked: "" when unset.
std::string EnvName() {
  const char* v = std::getenv("OUTTURN_SIMD");
  return v ? std::string(v) : std::string();
}

void InitLocked() {
  static bool done = false;
  if (done) return;
  done = true;
  Runnable();
  const std::string env = EnvName();
  Apply(!env.empty() && Usable(env) ? env : "auto");
}

}  // namespace

namespace internal {
void SimdInit() {
  static const bool once = [] {
    std::lock_guard<std::mutex> lock(Mutex());
    InitLocked();
    return true;
  }();
  (void)once;
}
}  // namespace internal

std::vector<std::string> AvailableSimdTargets() {
  std::lock_guard<std::mutex> lock(Mutex());
  InitLocked();
  const std::int64_t runnable = Runnable();
  std::vector<std::string> out;
  for (const Named& t : kTargets)
    if (t.target & runnable) out.push_back(t.name);
  return out;
}

std::string SimdTarget() {
  internal::SimdInit();
  const std::string env = EnvName();
  if (!env.empty() && !Usable(env)) {
    std::string names;
    for (const std::string& n : AvailableSimdTargets()) names += n + ", ";
    throw UsageError("OUTTURN_SIMD=" + env + ": not a target this CPU and build run (available: " + names + "auto)");
  }
  std::lock_guard<std::mutex> lock(Mutex());
  InitLocked();
  const std::int64_t chosen = hwy::SupportedTargets() & HWY_TARGETS;
  const std::int64_t best = chosen & -chosen;  // the lowest bit is the best target
  for (const Named& t : kTargets)
    if (t.target & best) return t.name;
  return "baseline";
}

void SetSimdTarget(const std::string& name) {
  std::lock_guard<std::mutex> lock(Mutex());
  InitLocked();
  if (!Usable(name)) {
    std::string names;
    const std::int64_t runnable = Runnable();
    for (const Named& t : kTargets)
      if (t.target & runnable) names += std::string(t.name) + ", ";
    throw UsageError("SIMD target '" + name + "' is not one this CPU and build run (available: " + names + "auto)");
  }
  Apply(name);
}

}  // namespace outturn
