// SPDX-License-Identifier: MIT
#pragma once
// Shared by the bind_<module>.cpp files of the _outturn extension: one Bind function per
// engine module, and the few helpers every binding uses.
#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace outturn::python {

namespace py = pybind11;

void BindErrors(py::module_& m);
void BindModel(py::module_& m);
void BindDistributions(py::module_& m);
void BindProgram(py::module_& m);
void BindVerdict(py::module_& m);
void BindReport(py::module_& m);
void BindSweep(py::module_& m);
void BindStress(py::module_& m);
void BindSensitivity(py::module_& m);
void BindVintage(py::module_& m);

/// Builds an options struct from keyword arguments, each set through the property of the
/// same name (so each field's own conversion and checks apply). Unknown names: TypeError.
template <class T>
T FromKwargs(const py::kwargs& kwargs) {
  T value;
  py::object self = py::cast(&value, py::return_value_policy::reference);
  for (auto item : kwargs) {
    const std::string key = py::str(item.first);
    if (key.empty() || key[0] == '_' || !py::hasattr(self, key.c_str()))
      throw py::type_error("unexpected keyword argument '" + key + "' for " +
                           std::string(py::str(py::type::of(self).attr("__name__"))));
    self.attr(key.c_str()) = item.second;
  }
  return value;
}

/// Runs `fn(stop)` (a long engine call) on a thread of its own with the GIL released, while
/// the calling thread checks for signals every 50 ms (taking the GIL only for that). On Ctrl-C
/// it sets `stop`, waits for `fn` to return what it has, and raises KeyboardInterrupt (or
/// whatever the signal handler raised); `on_interrupt(result, error)` may attach the partial
/// result to it. Engine exceptions are rethrown in the caller's thread (and so translated).
template <class F, class G>
auto RunInterruptible(F&& fn, G&& on_interrupt) -> decltype(fn(std::declval<std::atomic<bool>*>())) {
  using R = decltype(fn(std::declval<std::atomic<bool>*>()));
  std::atomic<bool> stop{false};
  std::optional<R> result;
  std::exception_ptr error;
  std::optional<py::error_already_set> interrupt;
  {
    py::gil_scoped_release release;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::thread worker([&] {
      try {
        result.emplace(fn(&stop));
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mu);
      done = true;
      cv.notify_all();
    });
    std::unique_lock<std::mutex> lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      if (interrupt) continue;
      lock.unlock();
      {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
          interrupt.emplace();  // fetches the pending exception (KeyboardInterrupt)
          stop.store(true);
        }
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (interrupt) {
    on_interrupt(result ? &*result : nullptr, *interrupt);
    throw *interrupt;
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

template <class F>
auto RunInterruptible(F&& fn) {
  return RunInterruptible(std::forward<F>(fn), [](auto*, py::error_already_set&) {});
}

}  // namespace outturn::python

namespace outturn::python {

/// An enum from its spelling (the engine's FromString), or UsageError-like ValueError naming
/// the field and the accepted spellings.
template <class E>
E EnumFromString(const std::string& s, std::optional<E> (*from)(const std::string&), const char* field,
                 const char* accepted) {
  const std::optional<E> e = from(s);
  if (!e) throw py::value_error(std::string(field) + " must be " + accepted + " (got '" + s + "')");
  return *e;
}

}  // namespace outturn::python
