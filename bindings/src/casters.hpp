// Type casters between boost::gregorian::date and Python's datetime.date.
// A Python str in ISO form (YYYY-MM-DD) and numpy.datetime64 scalars are accepted too;
// datetime.datetime is refused (it would silently drop the time of day).
#pragma once

#include <project8/core/date.hpp>
#include <project8/core/error.hpp>

#include <string>

#include <datetime.h>
#include <pybind11/pybind11.h>

namespace pybind11::detail {

template <>
struct type_caster<boost::gregorian::date> {
 public:
  PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

  bool load(handle src, bool convert) {
    if (!src) return false;
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (PyDateTime_Check(src.ptr())) return false;  // a datetime is not a day
    if (PyDate_Check(src.ptr())) {
      value = project8::core::make_date(PyDateTime_GET_YEAR(src.ptr()),
                                        PyDateTime_GET_MONTH(src.ptr()),
                                        PyDateTime_GET_DAY(src.ptr()));
      return true;
    }
    if (!convert) return false;
    if (PyUnicode_Check(src.ptr())) {
      value = project8::core::parse_date(src.cast<std::string>());
      return true;
    }
    // numpy.datetime64 scalar: go through its ISO day string.
    const auto type_name = std::string(Py_TYPE(src.ptr())->tp_name);
    if (type_name == "numpy.datetime64") {
      object as_day = src.attr("astype")("datetime64[D]");
      value = project8::core::parse_date(str(as_day).cast<std::string>());
      return true;
    }
    return false;
  }

  static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (d.is_special()) throw project8::core::InvalidArgument("not a calendar day");
    const auto ymd = d.year_month_day();
    return PyDate_FromDate(static_cast<int>(ymd.year), static_cast<int>(ymd.month),
                           static_cast<int>(ymd.day));
  }
};

}  // namespace pybind11::detail
