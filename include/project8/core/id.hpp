/// \file
/// Strong identifiers: a commune code is not a target id.
///
/// `Id<Tag>` wraps a string (or another representation) and adds only what an
/// identifier needs: explicit construction, comparison, hashing and printing.
/// Ids of different tags do not convert into each other, so passing a unit
/// code where a target id is expected does not compile.
///
/// **Example**:
///
///     using namespace project8::core;
///     UnitCode commune{"03412"};          // Xã Bình Lư
///     TargetId target{"T3"};
///     // commune == target;               // does not compile
///     std::unordered_set<UnitCode> seen{commune};
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

namespace project8::core {

/// An identifier of the kind named by `Tag`, represented as `Rep`.
template <class Tag, class Rep = std::string>
class Id {
 public:
  /// The representation type.
  using rep_type = Rep;

  /// An empty id (an empty string for string ids); useful as a container default.
  Id() = default;
  /// An id with the given value; explicit so that raw strings never become ids silently.
  explicit Id(Rep value) noexcept(std::is_nothrow_move_constructible_v<Rep>)
      : value_(std::move(value)) {}

  /// The underlying value.
  [[nodiscard]] const Rep& value() const noexcept { return value_; }

  /// Ids of one kind order by value.
  friend auto operator<=>(const Id&, const Id&) = default;
  /// Ids of one kind are equal when their values are.
  friend bool operator==(const Id&, const Id&) = default;
  /// Prints the value.
  friend std::ostream& operator<<(std::ostream& os, const Id& id) { return os << id.value_; }

 private:
  Rep value_{};
};

/// Official code of an administrative unit (e.g. "03412"), or a local id where
/// no official code is known.
using UnitCode = Id<struct UnitCodeTag>;
/// Id of a plan target (e.g. "T3").
using TargetId = Id<struct TargetIdTag>;
/// Id of a plan activity.
using ActivityId = Id<struct ActivityIdTag>;
/// Id of an agency in a plan.
using AgencyId = Id<struct AgencyIdTag>;
/// Id of a policy package in a rule set.
using PackageId = Id<struct PackageIdTag>;
/// Number of a legal instrument (e.g. "55/2023/TT-BTC").
using InstrumentId = Id<struct InstrumentIdTag>;
/// Id of a person in a population file (never a name or other personal data).
using PersonId = Id<struct PersonIdTag>;

}  // namespace project8::core

// Hashing, so that ids can key unordered containers (hidden from Doxygen, which
// cannot document a std specialisation).
/// \cond INTERNAL
template <class Tag, class Rep>
struct std::hash<project8::core::Id<Tag, Rep>> {
  /// Hash of the underlying value.
  std::size_t operator()(const project8::core::Id<Tag, Rep>& id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
/// \endcond
