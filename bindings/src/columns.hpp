// Borrowing numpy arrays as library columns, shared by the bindings. No copy:
// the column keeps the arrays alive and releases them with the GIL held.
#pragma once

#include <project8/core/error.hpp>
#include <project8/data/table.hpp>

#include <memory>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

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
/// codes) and an optional one-byte validity mask (None: every value present).
/// Errors name `name`, the column.
inline data::Column borrow(const std::string& name, data::ColumnType type, const pybind11::array& a,
                           const pybind11::object& valid, std::size_t rows) {
  namespace py = pybind11;
  if (!(a.flags() & py::array::c_style) || a.ndim() != 1 || static_cast<std::size_t>(a.shape(0)) != rows) {
    throw core::InvalidArgument("column '" + name + "': a contiguous one-dimensional array of " +
                                std::to_string(rows) + " values was expected");
  }
  const auto width = static_cast<std::size_t>(a.itemsize());
  const bool fits = type == data::ColumnType::boolean       ? width == 1
                    : type == data::ColumnType::enumeration ? (width == 1 || width == 2 || width == 4)
                                                            : width == 8;
  if (!fits) {
    throw core::InvalidArgument("column '" + name + "': values of " + std::to_string(width) +
                                " bytes do not fit a " + std::string(data::to_string(type)) + " column");
  }
  const std::uint8_t* mask = nullptr;
  py::list owners;
  owners.append(a);
  if (!valid.is_none()) {
    const auto v = py::reinterpret_borrow<py::array>(valid);
    if (!(v.flags() & py::array::c_style) || v.itemsize() != 1 || static_cast<std::size_t>(v.size()) != rows) {
      throw core::InvalidArgument("column '" + name + "': the validity mask must be one byte per row");
    }
    mask = static_cast<const std::uint8_t*>(v.data());
    owners.append(v);
  }
  return data::Column::borrow(type, a.data(), rows, mask, keep(owners),
                              type == data::ColumnType::enumeration ? width : 4);
}

}  // namespace project8::bindings
