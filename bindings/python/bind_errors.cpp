// SPDX-License-Identifier: MIT
// errors.h: outturn::Error and its subclasses as a Python hierarchy rooted at ValueError.
// str(exception) is the engine's what(), unchanged: for model files the compiler-style
// "file:line:col: error: key.path: rule" line, the source line and the caret. The location
// is also kept as attributes (file, line, column, key_path, rule).
#include <functional>

#include "bind.h"
#include "outturn/base/errors.h"

namespace outturn::python {
namespace {

// Owned for the life of the process (never released: the interpreter may be gone at exit).
PyObject* g_error = nullptr;
PyObject* g_model_error = nullptr;
PyObject* g_numerical_error = nullptr;
PyObject* g_options_error = nullptr;
PyObject* g_usage_error = nullptr;

PyObject* NewType(py::module_& m, const char* name, PyObject* base, const char* doc) {
  PyObject* type = PyErr_NewExceptionWithDoc(("outturn." + std::string(name)).c_str(), doc, base, nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module keeps a reference; so does g_*
  Py_INCREF(type);
  return type;
}

// Text from the engine as a Python str; bytes that are not UTF-8 (a file name) are replaced
// rather than raising inside the translator.
py::str Text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

void Raise(PyObject* type, const std::exception& e, const std::function<void(py::object&)>& fill = {}) {
  py::object value = py::reinterpret_borrow<py::object>(type)(Text(e.what()));
  if (fill) fill(value);
  PyErr_SetObject(type, value.ptr());
}

void FillModelError(py::object& v, const ModelError& e) {
  v.attr("file") = Text(e.where().file);
  v.attr("line") = e.where().line;
  v.attr("column") = e.where().column;
  v.attr("key_path") = Text(e.key_path());
  v.attr("rule") = Text(e.message());
  v.attr("headline") = Text(e.Headline());
}

}  // namespace

void BindErrors(py::module_& m) {
  g_error = NewType(m, "Error", PyExc_ValueError,
                    "Root of every error outturn raises on bad input (a ValueError). str() is the full\n"
                    "user-facing message.");
  g_model_error = NewType(m, "ModelError", g_error,
                          "A model or scenario file breaks a rule. str() reads like a compiler diagnostic:\n"
                          "'file:line:col: error: key.path: rule', then the source line and a caret.\n"
                          "Attributes: file, line, column (1-based; 0: unknown), key_path, rule (the rule\n"
                          "broken, without location), headline (the first line of str()).");
  g_numerical_error = NewType(m, "NumericalError", g_model_error,
                              "Evaluation produced NaN or infinity. Besides ModelError's attributes: model_line\n"
                              "(the line's name), period (the column label) and scenario (index within the\n"
                              "batch evaluated).");
  g_usage_error = NewType(m, "UsageError", g_error,
                          "Bad use of the API: an unknown scenario, driver, KPI or period; a malformed value.");
  g_options_error = NewType(m, "OptionsError", g_usage_error,
                            "An options value is out of range (a UsageError): the message names the field,\n"
                            "the rule and the value. Attributes: option, rule, value.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const NumericalError& e) {
      Raise(g_numerical_error, e, [&](py::object& v) {
        FillModelError(v, e);
        v.attr("model_line") = Text(e.line());
        v.attr("period") = Text(e.column());
        v.attr("scenario") = e.scenario();
      });
    } catch (const ModelError& e) {
      Raise(g_model_error, e, [&](py::object& v) { FillModelError(v, e); });
    } catch (const OptionsError& e) {
      Raise(g_options_error, e, [&](py::object& v) {
        v.attr("option") = Text(e.option());
        v.attr("rule") = Text(e.rule());
        v.attr("value") = Text(e.value());
      });
    } catch (const UsageError& e) {
      Raise(g_usage_error, e);
    } catch (const Error& e) {
      Raise(g_error, e);
    }
  });
}

}  // namespace outturn::python
