/// \file
/// Dated, cited parameters: a value history by effective date.
///
/// Every number that comes from a law (an amount, a coefficient, a cap) is a
/// Parameter: a list of values, each in force over a period, each with its
/// citation and a status saying whether anyone verified it. Periods may not
/// overlap; asking for a date with no value in force is an error that names
/// the parameter and the date.
///
/// **Example**:
///
///     using namespace project8;
///     legal::Parameter<std::int64_t> p{"anc_travel_per_visit", "VND"};
///     p.add({.effective = core::DateRange::since(core::make_date(2023, 8, 15)), .value = 100'000,
///            .source = {core::InstrumentId{"55/2023/TT-BTC"}},
///            .status = legal::ValueStatus::verified});
///     p.at(core::make_date(2025, 7, 1)).value;   // 100000
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/legal/instrument.hpp>

namespace project8::legal {

/// Whether a parameter value was checked against its source.
enum class ValueStatus {
  verified,     ///< Read in the cited instrument.
  provisional,  ///< Not verified: shown as provisional in every explanation and report.
  disputed,     ///< Sources disagree: shown as disputed, never as verified, until settled.
};

/// The keys and labels of ValueStatus (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<ValueStatus> kValueStatusText[] = {
    {ValueStatus::verified, "verified", "Đã kiểm chứng", "Verified"},
    {ValueStatus::provisional, "provisional", "Tạm tính", "Provisional"},
    {ValueStatus::disputed, "disputed", "Nguồn chưa thống nhất", "Disputed"},
};
/// The text table of ValueStatus (found by argument-dependent lookup).
constexpr core::EnumInfo<ValueStatus> enum_text(ValueStatus /*unused*/) noexcept {
  return {"status", kValueStatusText};
}

/// `verified`, `provisional` or `disputed`.
[[nodiscard]] std::string_view to_string(ValueStatus s) noexcept;
/// The status named `name`; InvalidArgument otherwise.
[[nodiscard]] ValueStatus parse_value_status(std::string_view name);

/// One value of a parameter and the days it is in force.
template <class T>
struct ParameterValue {
  /// The days it is in force: from its first day (which Parameter::add()
  /// requires), to its last inclusive or open-ended.
  core::DateRange effective;
  T value{};                                      ///< The value.
  Citation source;                                ///< Where the value comes from.
  ValueStatus status = ValueStatus::provisional;  ///< Verified or provisional.
  std::string note;                               ///< Caveats (e.g. "start is the signing date").

  /// True when the value is in force on `d`.
  [[nodiscard]] bool covers(core::Date d) const noexcept { return effective.contains(d); }
  /// Values are equal when every field is.
  friend bool operator==(const ParameterValue&, const ParameterValue&) = default;
};

/// A named value history: at most one value in force on any day.
template <class T>
class Parameter {
 public:
  /// An empty parameter called `name`, measured in `unit` (e.g. "VND").
  Parameter(std::string name, std::string unit) : name_(std::move(name)), unit_(std::move(unit)) {}

  /// The parameter's name.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The unit of its values.
  [[nodiscard]] const std::string& unit() const noexcept { return unit_; }
  /// Every value, ordered by start date.
  [[nodiscard]] const std::vector<ParameterValue<T>>& values() const noexcept { return values_; }

  /// Adds a value. Throws ValidationError when it has no first day in force
  /// or its days overlap those of a value already present (naming both starts).
  void add(ParameterValue<T> v) {
    if (!v.effective.first()) {
      throw core::ValidationError(name_, "a value needs the first day it is in force");
    }
    const core::Date first = *v.effective.first();
    for (const auto& w : values_) {
      if (v.effective.overlaps(w.effective)) {
        throw core::ValidationError(name_, "the value from " + core::to_iso(first) +
                                               " overlaps the value from " +
                                               core::to_iso(*w.effective.first()));
      }
    }
    const auto pos =
        std::upper_bound(values_.begin(), values_.end(), first,
                         [](core::Date d, const auto& w) { return d < *w.effective.first(); });
    values_.insert(pos, std::move(v));
  }

  /// The value in force on `d`, or nothing.
  [[nodiscard]] const ParameterValue<T>* find(core::Date d) const noexcept {
    for (const auto& v : values_) {
      if (v.covers(d)) return &v;
    }
    return nullptr;
  }

  /// The value in force on `d`; NotFoundError naming the parameter and the date otherwise.
  [[nodiscard]] const ParameterValue<T>& at(core::Date d) const {
    if (const auto* v = find(d)) return *v;
    throw core::NotFoundError("parameter '" + name_ + "' has no value in force on " +
                              core::to_iso(d));
  }

  /// Parameters are equal when name, unit and values are.
  friend bool operator==(const Parameter&, const Parameter&) = default;

 private:
  std::string name_;
  std::string unit_;
  std::vector<ParameterValue<T>> values_;
};

}  // namespace project8::legal
