#include <map>
#include <sstream>
#include <unordered_set>

#include <gtest/gtest.h>

#include <project8/core/id.hpp>

namespace {
using namespace project8::core;

TEST(IdTest, ComparesHashesAndPrintsByValue) {
  UnitCode a{"03412"};
  UnitCode b{"03412"};
  UnitCode c{"03430"};
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_LT(a, c);
  std::unordered_set<UnitCode> set{a, b, c};
  EXPECT_EQ(set.size(), 2U);
  std::map<TargetId, int> targets{{TargetId{"T3"}, 11}, {TargetId{"T1"}, 2}};
  EXPECT_EQ(targets.begin()->second, 2);
  std::ostringstream os;
  os << c;
  EXPECT_EQ(os.str(), "03430");
  EXPECT_EQ(a.value(), "03412");
}

TEST(IdTest, WorksWithIntegerRepresentations) {
  using Row = Id<struct RowTag, long>;
  EXPECT_LT(Row{1}, Row{2});
  EXPECT_EQ(std::hash<Row>{}(Row{7}), std::hash<long>{}(7));
}

}  // namespace
