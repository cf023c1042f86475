// The library's exceptions as Python classes. Each is a project8.Error and the
// matching built-in (ValueError, OverflowError, LookupError); parse and
// validation errors carry their location as attributes.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <project8/core/error.hpp>

namespace py = pybind11;
using namespace project8::core;

namespace {

// Returns a borrowed handle: the module attribute keeps the class alive.
py::handle new_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
  const std::string qualified = std::string("project8.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  auto obj = py::reinterpret_steal<py::object>(type);
  m.attr(name) = obj;
  return type;
}

py::list problems_to_python(const std::vector<Problem>& problems) {
  py::list out;
  for (const auto& p : problems) {
    py::dict d;
    d["file"] = p.location.file.empty() ? py::none() : py::cast(p.location.file);
    d["line"] = py::cast(p.location.line);
    d["column"] = py::cast(p.location.column);
    d["sheet"] = p.location.sheet.empty() ? py::none() : py::cast(p.location.sheet);
    d["field"] = p.field.empty() ? py::none() : py::cast(p.field);
    d["row"] = py::cast(p.row);
    d["message"] = p.message;
    out.append(d);
  }
  return out;
}

void raise_input(py::handle type, const InputError& e) {
  py::object exc = type(e.what());
  const auto& problems = e.problems();
  const Problem first = problems.empty() ? Problem{} : problems.front();
  exc.attr("file") = first.location.file.empty() ? py::none() : py::cast(first.location.file);
  exc.attr("line") = py::cast(first.location.line);
  exc.attr("column") = py::cast(first.location.column);
  exc.attr("sheet") = first.location.sheet.empty() ? py::none() : py::cast(first.location.sheet);
  exc.attr("row") =
      py::cast(first.row);  // a table's row (Arrow columns; project8.rules sets its own)
  exc.attr("field") = first.field.empty() ? py::none() : py::cast(first.field);
  exc.attr("problems") = problems_to_python(problems);
  PyErr_SetObject(type.ptr(), exc.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
  // Borrowed: kept alive for the interpreter's lifetime by the module attributes.
  static py::handle error, invalid, overflow, not_found, parse, validation, rule;
  error = new_exception(m, "Error", py::make_tuple(py::handle(PyExc_Exception)),
                        "Base of every exception raised by project8.");
  invalid = new_exception(m, "InvalidArgument", py::make_tuple(error, py::handle(PyExc_ValueError)),
                          "An argument is outside its domain (e.g. no such date).");
  overflow =
      new_exception(m, "OverflowError", py::make_tuple(error, py::handle(PyExc_OverflowError)),
                    "Arithmetic left the range of its type (e.g. Money beyond int64).");
  not_found =
      new_exception(m, "NotFoundError", py::make_tuple(error, py::handle(PyExc_LookupError)),
                    "A lookup by id, code or name found nothing.");
  parse = new_exception(
      m, "ParseError", py::make_tuple(invalid),
      "Text could not be parsed. Attributes: file, line, column, sheet, row, field, problems.");
  validation = new_exception(m, "ValidationError", py::make_tuple(invalid),
                             "Input breaks a rule of the domain. Attributes: field, problems.");
  rule = new_exception(m, "RuleError", py::make_tuple(invalid),
                       "A rule set or expression is wrong. Attributes: file, line, column.");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ParseError& e) {
      raise_input(parse, e);
    } catch (const ValidationError& e) {
      raise_input(validation, e);
    } catch (const RuleError& e) {
      raise_input(rule, e);
    } catch (const InputError& e) {
      raise_input(invalid, e);
    } catch (const InvalidArgument& e) {
      PyErr_SetString(invalid.ptr(), e.what());
    } catch (const OverflowError& e) {
      PyErr_SetString(overflow.ptr(), e.what());
    } catch (const NotFoundError& e) {
      PyErr_SetString(not_found.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });
}
