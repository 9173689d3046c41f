// SPDX-License-Identifier: MIT
// The sweep driver (Sweep, SweepRange, CombineSweep): chunks of scenarios computed on worker
// threads and merged in index order, --until-ci checkpoints, stop requests; pieces of
// distributed sweeps and their combination.
#include "outturn/sweep/sweep.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sweep/accumulate.h"
#include "sweep/designs.h"

namespace outturn {
namespace internal {
namespace {

class Engine {
 public:
  Engine(const Model& m, const SweepOptions& o)
      : opt_(o),
        design_(m, o),
        program_(TargetProgram(m, design_, PathCells(m, o))),
        acc_(m, opt_, design_, *program_) {}

  SweepResult Run(const std::atomic<bool>* stop, const ProgressFn& progress, std::chrono::steady_clock::time_point t0) {
    const long long N = design_.total();
    acc_.Start();

    int threads = opt_.threads > 0 ? opt_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const long long chunk = std::max<long long>(kLeafSize, (opt_.chunk + kLeafSize - 1) / kLeafSize * kLeafSize);
    // Rounds end at checkpoints (until_ci) or at N.
    std::vector<long long> ends;
    if (opt_.until_ci > 0) {
      for (long long c = 65536; c < N; c *= 2) ends.push_back(c);
    }
    ends.push_back(N);
    SweepResult r;
    r.threads_used = threads;
    bool interrupted = false;
    long long begin = 0;
    for (long long end : ends) {
      interrupted = !RunRound(begin, end, chunk, threads, stop, progress, N);
      begin = acc_.merged();
      if (interrupted) break;
      if (opt_.until_ci > 0 && end < N && CiReached(acc_)) {
        r.stopped_by_ci = true;
        break;
      }
    }
    r.partial = interrupted;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    acc_.FlushSegment();
    Summarize(acc_, &r);
    return r;
  }

  // A piece [first, first + count) of a sweep, for another process to combine.
  SweepPartial RunRange(long long first, long long count, const std::atomic<bool>* stop, const ProgressFn& progress) {
    const long long N = design_.total();
    if (first < 0 || count < 1 || first + count > N || first % kSegmentSize != 0 ||
        (count % kSegmentSize != 0 && first + count != N))
      throw UsageError("a sweep range must start at a multiple of " + std::to_string(kSegmentSize) +
                       " scenarios and end at one, or at the end of the sweep (" + std::to_string(N) + ")");
    acc_.Start();
    acc_.KeepSegments(first);
    const int threads =
        opt_.threads > 0 ? opt_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const long long chunk = std::max<long long>(kLeafSize, (opt_.chunk + kLeafSize - 1) / kLeafSize * kLeafSize);
    if (!RunRound(first, first + count, chunk, threads, stop, progress, N)) throw UsageError("sweep range interrupted");
    acc_.FlushSegment();
    return acc_.Partial(first, count);
  }

  // Combines pieces that tile [0, N) (in any order given; folded in index order).
  SweepResult Combine(std::vector<SweepPartial> parts) {
    const long long N = design_.total();
    acc_.Start();
    std::sort(parts.begin(), parts.end(),
              [](const SweepPartial& a, const SweepPartial& b) { return a.first < b.first; });
    long long at = 0;
    for (const SweepPartial& p : parts) {
      if (p.first != at)
        throw UsageError("sweep pieces do not tile the sample range: expected one starting at " + std::to_string(at) +
                         ", got " + std::to_string(p.first));
      acc_.AddPartial(p);
      at = p.first + p.count;
    }
    if (at != N)
      throw UsageError("sweep pieces cover " + std::to_string(at) + " of " + std::to_string(N) + " scenarios");
    SweepResult r;
    Summarize(acc_, &r);
    return r;
  }

 private:
  bool RunRound(long long begin, long long end, long long chunk, int threads, const std::atomic<bool>* stop,
                const ProgressFn& progress, long long total) {
    const long long nchunks = (end - begin + chunk - 1) / chunk;
    std::atomic<long long> next{0};
    std::mutex mu;
    std::condition_variable cv;
    std::map<long long, ChunkResult> done;
    std::exception_ptr error;
    auto worker = [&]() {
      Workspace ws;
      program_->PrepareWorkspace(ws);
      std::vector<double> miss;
      for (;;) {
        if (stop && stop->load()) return;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (error) return;
        }
        const long long c = next.fetch_add(1);
        if (c >= nchunks) return;
        ChunkResult res;
        try {
          const long long first = begin + c * chunk;
          acc_.Compute(first, std::min(chunk, end - first), &res, ws, miss);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mu);
          if (!error) error = std::current_exception();
          cv.notify_all();
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        done.emplace(c, std::move(res));
        cv.notify_all();
      }
    };
    std::vector<std::thread> pool;
    const int nthreads = static_cast<int>(std::min<long long>(threads, nchunks));
    for (int t = 0; t < nthreads; ++t) pool.emplace_back(worker);
    // Merge in chunk order as chunks arrive.
    long long want = 0;
    bool complete = true;
    {
      std::unique_lock<std::mutex> lock(mu);
      while (want < nchunks) {
        cv.wait_for(lock, std::chrono::milliseconds(100),
                    [&] { return error || done.count(want) || (stop && stop->load()); });
        if (error) break;
        while (done.count(want)) {
          ChunkResult res = std::move(done[want]);
          done.erase(want);
          lock.unlock();
          acc_.Merge(res);
          if (progress) progress(acc_.merged(), total);
          lock.lock();
          ++want;
        }
        if (stop && stop->load() && !done.count(want)) {
          // Wait for the workers to finish what they hold, then keep the contiguous prefix.
          lock.unlock();
          for (auto& th : pool) th.join();
          pool.clear();
          lock.lock();
          while (done.count(want)) {
            ChunkResult res = std::move(done[want]);
            done.erase(want);
            acc_.Merge(res);
            ++want;
          }
          complete = want >= nchunks;
          break;
        }
      }
    }
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
    return complete;
  }

  SweepOptions opt_;
  Design design_;
  std::unique_ptr<Program> program_;
  Accumulator acc_;
};

}  // namespace
}  // namespace internal

SweepResult Sweep(const Model& model, const SweepOptions& options, const std::atomic<bool>* stop,
                  const ProgressFn& progress) {
  options.Validate();
  const auto t0 = std::chrono::steady_clock::now();  // the rate counts the set-up too
  internal::Engine engine(model, options);
  SweepResult r = engine.Run(stop, progress, t0);
  if (options.sobol_index_samples > 0 && !r.partial) internal::SobolIndices(model, options, &r);
  if ((options.method == SweepMethod::kGrid || options.method == SweepMethod::kOneAtATime) && !r.partial)
    internal::DesignTable(model, options, &r);
  if (!options.dump_path.empty()) internal::Dump(model, options, std::min(r.samples, options.dump_limit));
  return r;
}

SweepPartial SweepRange(const Model& model, const SweepOptions& options, long long first, long long count,
                        const std::atomic<bool>* stop, const ProgressFn& progress) {
  options.Validate();
  internal::Engine engine(model, options);
  return engine.RunRange(first, count, stop, progress);
}

SweepResult CombineSweep(const Model& model, const SweepOptions& options, std::vector<SweepPartial> parts) {
  options.Validate();
  internal::Engine engine(model, options);
  SweepResult r = engine.Combine(std::move(parts));
  r.threads_used = 0;
  return r;
}

}  // namespace outturn
