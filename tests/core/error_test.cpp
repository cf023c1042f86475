#include <gtest/gtest.h>

#include <project8/core/error.hpp>

namespace {
using namespace project8::core;

TEST(ErrorTest, HierarchyHasOneBase) {
  EXPECT_THROW(throw ParseError(SourceLocation{"plan.yaml", 3, 7}, "bad"), InputError);
  EXPECT_THROW(throw ParseError(SourceLocation{"plan.yaml", 3, 7}, "bad"), InvalidArgument);
  EXPECT_THROW(throw ValidationError("targets[0].planned", "negative"), Error);
  EXPECT_THROW(throw OverflowError("x"), Error);
  EXPECT_THROW(throw NotFoundError("x"), Error);
  EXPECT_THROW(throw RuleError({Problem{{}, "packages[0]", "x"}}), InvalidArgument);
}

TEST(ErrorTest, ParseErrorNamesFileLineAndColumn) {
  ParseError e(SourceLocation{"plan.yaml", 12, 5}, "unknown key 'titel'");
  EXPECT_STREQ(e.what(), "plan.yaml:12:5: unknown key 'titel'");
  EXPECT_EQ(e.location().file, "plan.yaml");
  EXPECT_EQ(e.location().line, 12U);
  EXPECT_EQ(e.location().column, 5U);
}

TEST(ErrorTest, ValidationErrorNamesTheField) {
  ValidationError e("targets[2].planned", "must not be negative");
  EXPECT_STREQ(e.what(), "targets[2].planned: must not be negative");
  EXPECT_EQ(e.field(), "targets[2].planned");
}

TEST(ErrorTest, ListsEveryProblem) {
  ValidationError e(
      {Problem{{"p.yaml", 1, 1}, "a", "first"}, Problem{{"p.yaml", 9, {}}, "b", "second"}});
  EXPECT_EQ(e.problems().size(), 2U);
  EXPECT_STREQ(e.what(), "2 problems:\n  p.yaml:1:1: a: first\n  p.yaml:9: b: second");
  EXPECT_EQ(e.field(), "a");
}

TEST(ErrorTest, LocationFormatsWhatIsKnown) {
  EXPECT_EQ((SourceLocation{"", {}, 4}).to_string(), "column 4");
  EXPECT_EQ((SourceLocation{"f.csv", {}, {}}).to_string(), "f.csv");
  EXPECT_EQ((SourceLocation{"f.csv", 2, {}}).to_string(), "f.csv:2");
  EXPECT_EQ((SourceLocation{}).to_string(), "");
}

TEST(ErrorTest, RequireThrowsInvalidArgument) {
  EXPECT_NO_THROW(require(true, "fine"));
  EXPECT_THROW(require(false, "weight at index 3 is negative"), InvalidArgument);
}

}  // namespace
