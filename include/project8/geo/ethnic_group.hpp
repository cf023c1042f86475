/// \file
/// The ethnic groups of Vietnam and their codes.
///
/// An ethnicity code means nothing without its code list: the 1979 list
/// (121-TCTK/PPCĐ) and the 2008 list (1019/QĐ-TCTK) number the groups
/// differently. An EthnicGroupList names the decision it follows; Kinh is 1 in
/// both, so "ethnic minority = code ≠ 1" holds in either.
///
/// **Example**:
///
///     auto list = project8::geo::EthnicGroupList::load(dir + "/geo/ethnic-groups-1019-2008.yaml");
///     list.get(8).name;             // "Mông"
///     list.get(8).ethnic_minority;  // true
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>

namespace project8::geo {

/// One ethnic group of a code list.
struct EthnicGroup {
  int code = 0;                          ///< Code in its list (1 = Kinh).
  std::string name;                      ///< Vietnamese name, NFC.
  std::vector<std::string> other_names;  ///< Other names the list gives, if bundled.
  bool ethnic_minority = true;           ///< Every group but Kinh.
  legal::ValueStatus status = legal::ValueStatus::provisional;  ///< Was the code verified?
  std::string note;  ///< Why a code is provisional or disputed, with the sources.
  /// Groups are equal when every field is.
  friend bool operator==(const EthnicGroup&, const EthnicGroup&) = default;
};

/// A code list of ethnic groups, as one decision issued it.
class EthnicGroupList {
 public:
  /// Loads a list (schema `project8/ethnic-groups/1`), reporting every problem at once.
  [[nodiscard]] static EthnicGroupList load(const std::filesystem::path& path);
  /// As load(), from text.
  [[nodiscard]] static EthnicGroupList parse(std::string_view yaml, const std::string& source_name);

  /// The decision the codes follow (e.g. "1019/QĐ-TCTK").
  [[nodiscard]] const legal::Citation& source() const noexcept { return source_; }
  /// Every group, ordered by code.
  [[nodiscard]] const std::vector<EthnicGroup>& groups() const noexcept { return groups_; }
  /// The group with `code`, or nullptr.
  [[nodiscard]] const EthnicGroup* find(int code) const noexcept;
  /// The group with `code`; NotFoundError naming the list otherwise.
  [[nodiscard]] const EthnicGroup& get(int code) const;
  /// The group whose name (or other name) matches leniently, or nullptr.
  [[nodiscard]] const EthnicGroup* find_by_name(std::string_view name) const;

 private:
  legal::Citation source_;
  std::vector<EthnicGroup> groups_;
};

}  // namespace project8::geo
