// The eligibility engine on a synthetic population (the bundled safe-motherhood
// rules; same shares as project8.synthetic): rows per second by thread count,
// and the CSV reader.
#include <cstdio>
#include <fstream>
#include <random>

#include <benchmark/benchmark.h>

#include <project8/data/csv.hpp>
#include <project8/geo/registry.hpp>
#include <project8/rules/evaluate.hpp>

namespace {

using namespace project8;

const rules::RuleSet& bundled() {
  static const auto r =
      rules::RuleSet::load(geo::bundled_data_dir() + "/rules/safe-motherhood.yaml");
  return r;
}

data::Table population(std::size_t n) {
  std::mt19937_64 rng(2025);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::int32_t> sex(n), delivery(n);
  std::vector<std::int64_t> ethnicity(n), visits(n), region(n);
  std::vector<std::uint8_t> pregnant(n), village(n), region_ok(n), village_ok(n);
  for (std::size_t i = 0; i < n; ++i) {
    sex[i] = u(rng) < 0.51 ? 0 : 1;
    ethnicity[i] = u(rng) < 0.15 ? 1 : 2 + static_cast<std::int64_t>(u(rng) * 53);
    pregnant[i] = sex[i] == 0 && u(rng) < 0.06;
    visits[i] = pregnant[i] ? static_cast<std::int64_t>(u(rng) * 7) : 0;
    delivery[i] = pregnant[i] ? static_cast<std::int32_t>(u(rng) * 4) : 0;
    const double r = u(rng);
    region[i] = r < 0.2 ? 1 : r < 0.5 ? 2 : 3;
    village[i] = u(rng) < 0.4;
    region_ok[i] = u(rng) >= 0.05;
    village_ok[i] = u(rng) >= 0.05;
  }
  const auto& in = bundled().inputs();
  std::vector<data::Field> fields;
  std::vector<data::Column> cols;
  auto add = [&](const char* name, data::Column c) {
    fields.push_back(in.field(name));
    cols.push_back(std::move(c));
  };
  add("sex", data::Column::enumeration(std::move(sex)));
  add("ethnicity", data::Column::integers(std::move(ethnicity)));
  add("pregnant", data::Column::booleans(std::move(pregnant)));
  add("anc_visits", data::Column::integers(std::move(visits)));
  add("delivery", data::Column::enumeration(std::move(delivery)));
  add("commune_region", data::Column::integers(std::move(region), std::move(region_ok)));
  add("village_especially_difficult",
      data::Column::booleans(std::move(village), std::move(village_ok)));
  return data::Table(data::Schema(std::move(fields)), std::move(cols));
}

void BM_Evaluate(benchmark::State& state) {
  static const auto people = population(1'000'000);
  rules::EvaluateOptions options;
  options.threads = static_cast<std::size_t>(state.range(0));
  const auto as_of = core::make_date(2025, 6, 30);
  for (auto _ : state) benchmark::DoNotOptimize(rules::evaluate(bundled(), people, as_of, options));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(people.rows()));
}
BENCHMARK(BM_Evaluate)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// As the Python binding asks: one-byte reason codes.
void BM_EvaluateNarrowReasons(benchmark::State& state) {
  static const auto people = population(1'000'000);
  rules::EvaluateOptions options;
  options.threads = static_cast<std::size_t>(state.range(0));
  options.narrow_reasons = true;
  const auto as_of = core::make_date(2025, 6, 30);
  for (auto _ : state) benchmark::DoNotOptimize(rules::evaluate(bundled(), people, as_of, options));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(people.rows()));
}
BENCHMARK(BM_EvaluateNarrowReasons)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadCsv(benchmark::State& state) {
  const std::string path = "/tmp/project8-bench-people.csv";
  {
    std::ofstream out(path);
    out << "sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_especially_"
           "difficult\n";
    std::mt19937_64 rng(7);
    for (int i = 0; i < 1'000'000; ++i) {
      const auto r = rng();
      out << ((r & 1) ? "F" : "M") << ',' << (r >> 8) % 54 + 1 << ','
          << ((r >> 20) % 17 == 0 ? "true" : "false") << ',' << (r >> 30) % 7 << ",none,"
          << (r >> 40) % 3 + 1 << ',' << ((r >> 50) % 5 == 0 ? "" : "1") << '\n';
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(rules::read_population(bundled(), path));
  state.SetItemsProcessed(state.iterations() * 1'000'000);
  std::remove(path.c_str());
}
BENCHMARK(BM_ReadCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
