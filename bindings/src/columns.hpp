// Borrowing numpy arrays as library columns, shared by the bindings. No copy:
// the column keeps the arrays alive and releases them with the GIL held.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <project8/core/error.hpp>
#include <project8/data/arrow.hpp>
#include <project8/data/record.hpp>
#include <project8/data/table.hpp>

namespace project8::bindings {

/// Keeps a Python object alive from C++; releases it with the GIL held.
inline std::shared_ptr<const void> keep(pybind11::object o) {
  auto* held = new pybind11::object(std::move(o));
  return std::shared_ptr<const void>(held, [](const void* p) {
    pybind11::gil_scoped_acquire gil;
    delete static_cast<const pybind11::object*>(p);
  });
}

/// Borrows a contiguous one-dimensional array of `rows` values of `type`
/// (1-byte bools, 8-byte integers and days, 1-, 2- or 4-byte enumeration
/// codes) and an optional one-byte validity mask (None: every value present),
/// or instead pandas' marks of missing values: its one-byte mask (`missing`,
/// nonzero = missing) and/or negative codes (`negative_codes`). Errors name
/// `name`, the column.
inline data::Column borrow(const std::string& name, data::ColumnType type, const pybind11::array& a,
                           const pybind11::object& valid, std::size_t rows,
                           const pybind11::object& missing = pybind11::none(),
                           bool negative_codes = false) {
  namespace py = pybind11;
  if (!(a.flags() & py::array::c_style) || a.ndim() != 1 ||
      static_cast<std::size_t>(a.shape(0)) != rows) {
    throw core::InvalidArgument("column '" + name + "': a contiguous one-dimensional array of " +
                                std::to_string(rows) + " values was expected");
  }
  const auto width = static_cast<std::size_t>(a.itemsize());
  const bool fits = type == data::ColumnType::boolean ? width == 1
                    : type == data::ColumnType::enumeration
                        ? (width == 1 || width == 2 || width == 4)
                        : width == 8;
  if (!fits) {
    throw core::InvalidArgument("column '" + name + "': values of " + std::to_string(width) +
                                " bytes do not fit a " + std::string(data::to_string(type)) +
                                " column");
  }
  py::list owners;
  owners.append(a);
  auto byte_mask = [&](const py::object& o, const char* what) -> const std::uint8_t* {
    if (o.is_none()) return nullptr;
    const auto v = py::reinterpret_borrow<py::array>(o);
    if (!(v.flags() & py::array::c_style) || v.ndim() != 1 || v.itemsize() != 1 ||
        static_cast<std::size_t>(v.size()) != rows) {
      throw core::InvalidArgument("column '" + name + "': the " + what +
                                  " must be one byte per row");
    }
    owners.append(v);
    return static_cast<const std::uint8_t*>(v.data());
  };
  const std::uint8_t* mask = byte_mask(valid, "validity mask");
  const std::uint8_t* missing_mask = byte_mask(missing, "mask of missing values");
  const std::size_t code_width = type == data::ColumnType::enumeration ? width : 4;
  if (negative_codes && type != data::ColumnType::enumeration) {
    throw core::InvalidArgument("column '" + name +
                                "': only enumeration codes can be negative for a missing value");
  }
  if (missing_mask != nullptr || negative_codes) {
    if (mask != nullptr) {
      throw core::InvalidArgument("column '" + name +
                                  "': a validity mask or marks of missing values, not both");
    }
    return data::Column::borrow(type, a.data(), rows,
                                data::MissingMarks{missing_mask, negative_codes}, keep(owners),
                                code_width);
  }
  return data::Column::borrow(type, a.data(), rows, mask, keep(owners), code_width);
}

/// A text column from a list or a numpy object array of values: str as it
/// is; None, NaN, an empty text, pandas.NA and NaT missing (as
/// project8._convert.is_missing); anything else as str() writes it.
inline data::Column texts_from(const pybind11::object& values) {
  namespace py = pybind11;
  // A contiguous object array is read in place; anything else as a list.
  py::object held = values;
  if (py::isinstance<py::array>(values)) {
    const auto a = py::reinterpret_borrow<py::array>(values);
    if (a.dtype().kind() != 'O' || a.ndim() != 1 || !(a.flags() & py::array::c_style)) {
      held = a.attr("tolist")();
    }
  } else if (!PyList_Check(values.ptr()) && !PyTuple_Check(values.ptr())) {
    held = py::list(values);
  }
  PyObject* const* cells = nullptr;
  std::size_t n = 0;
  if (py::isinstance<py::array>(held)) {
    const auto a = py::reinterpret_borrow<py::array>(held);
    cells = static_cast<PyObject* const*>(a.data());
    n = static_cast<std::size_t>(a.size());
  } else {
    cells = PySequence_Fast_ITEMS(held.ptr());
    n = static_cast<std::size_t>(PySequence_Fast_GET_SIZE(held.ptr()));
  }
  std::vector<std::int64_t> offsets(n + 1, 0);
  std::string bytes;
  std::vector<std::uint8_t> valid(n, 1);
  bool any_missing = false;
  py::object is_missing;
  for (std::size_t i = 0; i < n; ++i) {
    PyObject* v = cells[i];
    bool present = true;
    if (PyUnicode_Check(v)) {
      Py_ssize_t size = 0;
      const char* text = PyUnicode_AsUTF8AndSize(v, &size);
      if (text == nullptr) throw py::error_already_set();
      present = size > 0;
      bytes.append(text, static_cast<std::size_t>(size));
    } else if (v == Py_None || (PyFloat_Check(v) && std::isnan(PyFloat_AS_DOUBLE(v)))) {
      present = false;
    } else {
      if (!is_missing) is_missing = py::module_::import("project8._convert").attr("is_missing");
      const auto value = py::reinterpret_borrow<py::object>(v);
      present = !is_missing(value).cast<bool>();
      if (present) bytes += py::str(value).cast<std::string>();
    }
    valid[i] = present ? 1 : 0;
    any_missing = any_missing || !present;
    offsets[i + 1] = static_cast<std::int64_t>(bytes.size());
  }
  if (!any_missing) valid.clear();
  return data::Column::strings(std::move(offsets), std::move(bytes), std::move(valid));
}

/// Builds a table from column specs prepared in Python (project8/rules.py):
/// (name, type, values, valid-or-None[, missing-or-None, negative_codes])
/// with values a contiguous numpy array of the layout data::Column expects,
/// a list or object array of texts (see texts_from()), a data::ArrowTable holding the column, or
/// (ArrowTable, categories) for bare codes into those categories; the two optional entries are
/// pandas' marks of missing values (see borrow()); a seventh, for dates, says the values are
/// moments counted in units of which that many make a day.
inline data::Table table_from(const data::Schema& schema, const pybind11::list& specs,
                              std::size_t rows) {
  namespace py = pybind11;
  std::vector<data::Field> fields;
  std::vector<data::Column> columns;
  for (const auto& item : specs) {
    const auto spec = item.cast<py::tuple>();
    const auto name = spec[0].cast<std::string>();
    const auto& field = schema.field(name);
    fields.push_back(field);
    const py::object values = spec[2];
    const py::object valid_obj = spec[3];
    if (py::isinstance<data::ArrowTable>(values)) {  // a column handed over through Arrow
      const auto& arrow = values.cast<const data::ArrowTable&>();
      py::gil_scoped_release release;
      columns.push_back(arrow.column(field));
      continue;
    }
    if (py::isinstance<py::tuple>(values) && py::len(values) == 2 &&
        py::isinstance<data::ArrowTable>(
            values[py::int_(0)])) {  // codes, and their categories apart
      const auto& arrow = values[py::int_(0)].cast<const data::ArrowTable&>();
      const auto dictionary = values[py::int_(1)].cast<std::vector<std::string>>();
      py::gil_scoped_release release;
      columns.push_back(arrow.column(field, dictionary));
      continue;
    }
    if (field.type == data::ColumnType::string) {
      columns.push_back(texts_from(values));
      continue;
    }
    if (spec.size() >= 7 && field.type == data::ColumnType::date) {
      // Moments counted in units of which `per_day` make a day (pandas keeps
      // dates as datetime64[s]): days in one pass; NaT is missing; a time of
      // day is an error naming the row.
      const auto per_day = spec[6].cast<std::int64_t>();
      const auto a = py::reinterpret_borrow<py::array>(values);
      if (a.ndim() != 1 || a.itemsize() != 8 || static_cast<std::size_t>(a.size()) != rows ||
          per_day < 1) {
        throw core::InvalidArgument("column '" + name +
                                    "': moments as 8-byte counts were expected");
      }
      const auto* src = static_cast<const std::int64_t*>(a.data());
      std::vector<std::int64_t> days(rows);
      std::vector<std::uint8_t> valid(rows);
      bool any_missing = false;
      std::size_t moments = 0;
      std::size_t first_moment = 0;
      // Division by a constant compiles to a multiplication: seconds (pandas'
      // unit for dates) get their own loop.
      auto convert = [&](auto unit) {
        const std::int64_t d = unit();
        for (std::size_t i = 0; i < rows; ++i) {
          const std::int64_t v = src[i];
          const bool nat = v == std::numeric_limits<std::int64_t>::min();
          const std::int64_t r = v % d;
          const std::int64_t q = v / d - (r < 0 ? 1 : 0);  // floor: before 1970, the day before
          days[i] = nat ? 0 : q;
          valid[i] = nat ? 0 : 1;
          any_missing = any_missing || nat;
          if (!nat && r != 0) {
            if (moments == 0) first_moment = i;
            ++moments;
          }
        }
      };
      if (per_day == 86'400) {
        convert([] { return std::int64_t{86'400}; });
      } else {
        convert([per_day] { return per_day; });
      }
      if (moments > 0) {
        throw core::InvalidArgument("column '" + name + "' row " + std::to_string(first_moment) +
                                    ": a date was expected, found a moment with a time of day (" +
                                    std::to_string(moments) + " such rows)");
      }
      if (!any_missing) valid.clear();
      columns.push_back(data::Column::dates(std::move(days), std::move(valid)));
      continue;
    }
    const bool marked = spec.size() >= 6;
    columns.push_back(borrow(name, field.type, py::reinterpret_borrow<py::array>(values), valid_obj,
                             rows, marked ? py::object(spec[4]) : py::object(py::none()),
                             marked && spec[5].cast<bool>()));
  }
  return data::Table(data::Schema(std::move(fields)), std::move(columns));
}

/// The Arrow table a PyCapsule named `arrow_array_stream` holds (what
/// `__arrow_c_stream__()` of pyarrow, polars, DuckDB and others returns); the
/// stream is taken over (read with the GIL released) and released once no
/// column of it is in use.
inline data::ArrowTable arrow_table_from_capsule(const pybind11::object& capsule) {
  namespace py = pybind11;
  auto* stream =
      static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), "arrow_array_stream"));
  if (stream == nullptr) {
    PyErr_Clear();
    throw core::InvalidArgument(
        "a PyCapsule named 'arrow_array_stream' was expected (from __arrow_c_stream__())");
  }
  py::gil_scoped_release release;
  return data::ArrowTable::from_stream(stream);
}

/// `table` as a PyCapsule named `arrow_array_stream` (the Arrow PyCapsule
/// interface): the stream keeps the columns alive; an unread stream is
/// released with the capsule.
inline pybind11::object arrow_capsule(const data::Table& table) {
  namespace py = pybind11;
  auto stream = std::make_unique<ArrowArrayStream>();
  data::export_stream(table, stream.get());
  PyObject* capsule = PyCapsule_New(stream.get(), "arrow_array_stream", [](PyObject* o) {
    auto* s = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(o, "arrow_array_stream"));
    if (s == nullptr) {
      PyErr_Clear();
      return;
    }
    if (s->release != nullptr) s->release(s);
    delete s;
  });
  if (capsule == nullptr) {
    stream->release(stream.get());
    throw py::error_already_set();
  }
  stream.release();
  return py::reinterpret_steal<py::object>(capsule);
}

/// A table from Python columns (name, type, values, valid-or-None,
/// categories), the shape table_to_python() gives: values a contiguous numpy
/// array (borrowed) of the layout data::Column expects, a list of str/None for
/// texts, or an ArrowTable holding a column of that name.
inline data::Table table_from_columns(const pybind11::list& columns) {
  namespace py = pybind11;
  std::vector<data::Field> fields;
  std::vector<data::Column> out;
  std::optional<std::size_t> rows;
  for (const auto& item : columns) {
    const auto spec = item.cast<py::tuple>();
    data::Field f;
    f.name = spec[0].cast<std::string>();
    f.type = core::parse_enum<data::ColumnType>(spec[1].cast<std::string>());
    if (f.type == data::ColumnType::enumeration) {
      f.categories = spec[4].cast<std::vector<std::string>>();
    }
    const py::object values = spec[2];
    if (py::isinstance<data::ArrowTable>(values)) {
      out.push_back(values.cast<const data::ArrowTable&>().column(f));
    } else if (f.type == data::ColumnType::string) {
      out.push_back(texts_from(values));
    } else {
      const auto a = py::reinterpret_borrow<py::array>(values);
      out.push_back(borrow(f.name, f.type, a, spec[3], static_cast<std::size_t>(a.size())));
    }
    if (rows && *rows != out.back().size()) {
      throw core::InvalidArgument("column '" + f.name + "' has " +
                                  std::to_string(out.back().size()) + " rows, the others " +
                                  std::to_string(*rows));
    }
    rows = out.back().size();
    fields.push_back(std::move(f));
  }
  return data::Table(data::Schema(std::move(fields)), std::move(out));
}

/// A table's columns for Python: (name, type, values, valid-or-None,
/// categories) per column. Numeric, boolean, date and enumeration values are
/// numpy arrays viewing the column's own buffers (no copy; each keeps a shared
/// handle of its column alive); text is a list of str/None, or None when every
/// row is missing.
inline pybind11::list table_to_python(const data::Table& t) {
  namespace py = pybind11;
  py::list out;
  for (std::size_t i = 0; i < t.columns().size(); ++i) {
    const auto& f = t.schema().fields()[i];
    const auto& c = t.column(i);
    auto view = [&](const char* dtype, const void* ptr, std::size_t itemsize) {
      auto* holder = new data::Column(c);
      py::capsule base(holder, [](void* h) { delete static_cast<data::Column*>(h); });
      return py::array(py::dtype(dtype), {static_cast<py::ssize_t>(c.size())},
                       {static_cast<py::ssize_t>(itemsize)}, ptr, base);
    };
    py::object valid = py::none();
    if (c.valid_data() != nullptr) valid = view("bool", c.valid_data(), 1);
    py::object values;
    switch (c.type()) {
      case data::ColumnType::boolean:
        values = view("bool", c.bool_data(), 1);
        break;
      case data::ColumnType::integer:
      case data::ColumnType::date:
        values = view("int64", c.int64_data(), 8);
        break;
      case data::ColumnType::enumeration:
        values = view("int32", c.code_data(), 4);
        break;
      case data::ColumnType::string: {
        if (c.size() > 0 && c.missing_count() == c.size()) {
          values =
              py::none();  // all missing (e.g. an optional column the file lacks): no list of Nones
          break;
        }
        py::list texts(c.size());
        for (std::size_t k = 0; k < c.size(); ++k) {
          texts[k] = c.is_valid(k) ? py::object(py::str(std::string(c.string_at(k))))
                                   : py::object(py::none());
        }
        values = texts;
        break;
      }
    }
    out.append(
        py::make_tuple(f.name, std::string(data::to_string(f.type)), values, valid, f.categories));
  }
  return out;
}

/// Records of a declared type for Python: the columns of data::to_table()
/// (the schema's fields in order, then the counts), then `line`, each
/// record's line in its file (missing where unknown) — as table_to_python().
template <class R>
pybind11::list records_to_python(const data::RecordSchema<R>& schema, const std::vector<R>& rows) {
  pybind11::list out = table_to_python(data::to_table(schema, rows));
  std::vector<std::int64_t> lines(rows.size(), 0);
  std::vector<std::uint8_t> valid(rows.size(), 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].location.line) {
      lines[i] = static_cast<std::int64_t>(*rows[i].location.line);
    } else {
      valid[i] = 0;
    }
  }
  const data::Table line(data::Schema({data::Field{"line", data::ColumnType::integer, {}}}),
                         {data::Column::integers(std::move(lines), std::move(valid))});
  for (auto column : table_to_python(line)) out.append(column);
  return out;
}

}  // namespace project8::bindings
