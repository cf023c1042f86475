// The results of an evaluation as a table (results_table()): the id column of
// the rows evaluated, then each package's eligible, amount and reason columns
// over the results' own buffers.
#include <numeric>
#include <string>
#include <variant>

#include <project8/core/error.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::rules {

std::string result_column(std::string_view package, ResultPart part) {
  std::string name(package);
  switch (part) {
    case ResultPart::eligible:
      return name + "_eligible";
    case ResultPart::amount:
      return name + "_amount";
    case ResultPart::reason:
      return name + "_reason";
  }
  return name;
}

data::Table results_table(std::shared_ptr<const Results> results, const data::Table& rows,
                          std::string_view id_column, std::string_view entity) {
  core::require(results != nullptr, "no results were given");
  std::vector<data::Field> fields;
  std::vector<data::Column> columns;
  if (const auto id = rows.schema().index_of(id_column)) {
    fields.push_back(rows.schema().fields()[*id]);
    columns.push_back(rows.column(*id));
  } else {
    std::vector<std::int64_t> numbers(rows.rows());
    std::iota(numbers.begin(), numbers.end(), std::int64_t{1});
    fields.push_back({std::string(id_column), data::ColumnType::integer, {}});
    columns.push_back(data::Column::integers(std::move(numbers)));
  }
  for (const auto& p : results->packages) {
    if (p.entity != entity) continue;
    core::require(p.eligible.size() == rows.rows(),
                  "package " + p.id + ": the results have " + std::to_string(p.eligible.size()) +
                      " rows, the table " + std::to_string(rows.rows()));
    fields.push_back({result_column(p.id, ResultPart::eligible), data::ColumnType::boolean, {}});
    columns.push_back(data::Column::borrow(data::ColumnType::boolean, p.eligible.data(),
                                           p.eligible.size(), nullptr, results));
    fields.push_back({result_column(p.id, ResultPart::amount), data::ColumnType::integer, {}});
    columns.push_back(data::Column::borrow(data::ColumnType::integer, p.amount.data(),
                                           p.amount.size(), nullptr, results));
    fields.push_back(
        {result_column(p.id, ResultPart::reason), data::ColumnType::enumeration, p.reasons});
    std::visit(
        [&](const auto& codes) {
          columns.push_back(data::Column::borrow(data::ColumnType::enumeration, codes.data(),
                                                 codes.size(), nullptr, results, sizeof(codes[0])));
        },
        p.reason.storage());
  }
  return {data::Schema(std::move(fields)), std::move(columns)};
}

void check_unique_ids(const data::Table& population, const std::string& source_name,
                      const std::vector<std::size_t>& row_lines) {
  const auto id = population.schema().index_of("id");
  if (!id || population.column(*id).type() != data::ColumnType::string) return;
  std::vector<core::Problem> problems;
  for (const auto& [row, first] : data::repeated_rows(population.column(*id))) {
    const bool lines = row_lines.size() == population.rows();
    core::Problem p;
    p.location.file = source_name;
    if (lines) p.location.line = row_lines[row];
    p.field = "id";
    p.message =
        "this person id is already on " +
        (lines ? "line " + std::to_string(row_lines[first]) : "row " + std::to_string(first + 1)) +
        ": each person once (counted twice, a person would be paid twice)";
    if (!lines) p.row = row;
    problems.push_back(std::move(p));
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
}

data::Table parse_unique_population(const RuleSet& rules, std::string_view csv,
                                    const std::string& source_name) {
  std::vector<std::size_t> lines;
  data::CsvOptions options;
  options.row_lines = &lines;
  auto people = parse_population(rules, csv, source_name, options);
  check_unique_ids(people, source_name, lines);
  return people;
}

}  // namespace project8::rules
