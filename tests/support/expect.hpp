// Assertions the C++ tests share.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace project8::test {

/// Expects `text` (e.g. every problem of an error, joined) to mention each of
/// `parts`; each missing one fails on its own.
inline void expect_mentions(const std::string& text,
                            std::initializer_list<std::string_view> parts) {
  for (const auto part : parts) EXPECT_THAT(text, ::testing::HasSubstr(std::string(part)));
}

}  // namespace project8::test
