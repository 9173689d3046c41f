// SPDX-License-Identifier: MIT
#pragma once
/// \file simd.h
/// The instruction set the engine's vector kernels run on. The sampling kernels (uniforms,
/// normal quantiles and CDF, the families' inversions) and the tape's elementwise operations
/// are compiled once per target (Google Highway's dynamic dispatch) and the best target the
/// CPU has is chosen at run time, so one binary runs everywhere at its CPU's width. Every
/// target computes the same bits: the kernels are the scalar definitions written over
/// vectors, without fused multiply-adds or approximate instructions.
///
/// Targets, by name: "avx512" (AVX-512 F/VL/DQ/BW, 8 doubles), "avx2" (AVX2 with FMA
/// available but unused, 4 doubles), "sse4" (SSE4.2, 2 doubles) and "baseline" (portable
/// C++, any CPU). The environment variable OUTTURN_SIMD (one of those names, or "auto")
/// picks one for the process when it first runs a kernel; SetSimdTarget does it for the
/// rest of the process. Thread safety: call SetSimdTarget while no kernel is running.

#include <string>
#include <vector>

namespace outturn {

/// The target the kernels run on now (after OUTTURN_SIMD is applied): "avx512", "avx2",
/// "sse4" or "baseline". Throws UsageError when OUTTURN_SIMD names no target, or one that
/// this CPU or this build lacks (the CLI exits 2 on it).
std::string SimdTarget();

/// The targets this build has and this CPU runs, best first (always ends with "baseline").
std::vector<std::string> AvailableSimdTargets();

/// Runs the kernels on `name` from now on ("auto": the best available). Throws UsageError
/// for a name that is not one of AvailableSimdTargets() (or "auto").
void SetSimdTarget(const std::string& name);

}  // namespace outturn
