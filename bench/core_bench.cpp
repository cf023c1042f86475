// Core micro-benchmarks: parsing and formatting money and dates, name keys.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <project8/core/date.hpp>
#include <project8/core/money.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/core/text.hpp>

namespace {
using namespace project8::core;

void BM_MoneyParseVietnamese(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Money::parse("1.234.567.890 đ"));
}
BENCHMARK(BM_MoneyParseVietnamese);

void BM_MoneyFormat(benchmark::State& state) {
  const Money m = Money::vnd(1'234'567'890);
  for (auto _ : state) benchmark::DoNotOptimize(m.to_string());
}
BENCHMARK(BM_MoneyFormat);

void BM_ParseDate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_date("2025-07-01"));
}
BENCHMARK(BM_ParseDate);

void BM_ReportingPeriodContaining(benchmark::State& state) {
  const Date d = make_date(2025, 8, 9);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ReportingPeriod::containing(PeriodKind::quarter, d).first());
  }
}
BENCHMARK(BM_ReportingPeriodContaining);

void BM_NameKey(benchmark::State& state) {
  const std::string name = "Xã Sin Suối Hồ, huyện Tam Đường, tỉnh Lai Châu";
  for (auto _ : state) benchmark::DoNotOptimize(name_key(name));
}
BENCHMARK(BM_NameKey);

void BM_MatchKey(benchmark::State& state) {
  const std::string name = "Xã Sin Suối Hồ, huyện Tam Đường, tỉnh Lai Châu";
  for (auto _ : state) benchmark::DoNotOptimize(match_key(name));
}
BENCHMARK(BM_MatchKey);

}  // namespace
