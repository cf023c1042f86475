// Payment audit against the rule engine.
#include <algorithm>
#include <map>
#include <numeric>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "../io/yaml_reader.hpp"
#include <project8/budget/audit.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::budget {

namespace {}  // namespace

std::string_view to_string(AuditFlag f) noexcept {
  return core::key(f);
}

std::string_view label(AuditFlag f, core::Language lang) noexcept {
  return core::label(f, lang);
}

const data::RecordSchema<Payment>& payment_schema() {
  using data::field;
  static const data::RecordSchema<Payment> schema{
      "payments",
      {
          field("payment_id", &Payment::payment_id, data::optional,
                {"Số chứng từ, mã khoản chi", "Voucher or payment id"}),
          field("person_id", &Payment::person, data::required,
                {"Mã đối tượng (cột id của danh sách)", "Person id (the population's id)"}),
          field("package", &Payment::package, data::required,
                {"Mã gói hỗ trợ trong bộ quy tắc", "Package id in the rule set"}),
          field("date", &Payment::date, data::required, {"Ngày chi", "Date paid"}),
          field("amount", &Payment::amount, data::required, {"Số tiền (đồng)", "Amount (đồng)"},
                {.min = 0, .max = {}}),
          field("episode_id", &Payment::episode, data::optional,
                {"Lần mang thai hoặc trẻ được hỗ trợ", "The pregnancy or child it is for"}),
      },
      std::nullopt};
  return schema;
}

std::vector<Payment> parse_payments(std::string_view csv, const std::string& source_name,
                                    data::ReadNotes* notes) {
  return data::read_records(payment_schema(), csv, source_name, nullptr, notes);
}

std::vector<Payment> load_payments(const std::filesystem::path& path) {
  return parse_payments(io::read_file(path.string()), path.string());
}

namespace {

/// The population's schema for an audit and the fields that may be absent.
std::pair<data::Schema, data::CsvOptions> audit_schema(const rules::RuleSet& rules,
                                                       const std::string& unit_column) {
  std::vector<std::pair<std::string, std::string>> fields;
  data::CsvOptions options;
  for (const auto& f : rules.inputs().fields()) {
    fields.emplace_back(f.name, f.type_name());
    if (!rules.input_used(f.name) && f.name != "id") options.optional_fields.push_back(f.name);
  }
  if (!rules.inputs().index_of(unit_column)) {
    fields.emplace_back(unit_column, "string");
    options.optional_fields.push_back(unit_column);
  }
  if (!rules.inputs().index_of("id")) fields.emplace_back("id", "string");
  return {data::Schema::parse(fields), options};
}

/// Problems for the rows whose person id an earlier row already has, each at
/// `where(row)` — never the id itself (personal data). At most 20.
template <class Where>
std::vector<core::Problem> repeated_ids(const data::Column& ids, const std::string& field,
                                        Where where) {
  std::vector<core::Problem> problems;
  for (const auto& [row, first] : data::repeated_rows(ids)) {
    problems.push_back({where(row), field,
                        "this person id is already on row " + std::to_string(first + 1) +
                            " of the population: each person once"});
  }
  return problems;
}

/// The population checked for repeated ids, located in its file.
data::Table unique_people(std::pair<data::Table, data::CsvLocator> read) {
  const data::CsvLocator& cells = read.second;
  auto problems = repeated_ids(read.first.column("id"), "id",
                               [&cells](std::size_t r) { return cells.at(r, "id"); });
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  return std::move(read.first);
}

}  // namespace

data::Table read_audit_population(const rules::RuleSet& rules, const std::filesystem::path& path,
                                  const std::string& unit_column) {
  const auto [schema, options] = audit_schema(rules, unit_column);
  return unique_people(data::read_csv_located(path, schema, options));
}

data::Table parse_audit_population(const rules::RuleSet& rules, std::string_view csv,
                                   const std::string& source_name, const std::string& unit_column) {
  const auto [schema, options] = audit_schema(rules, unit_column);
  return unique_people(data::parse_csv_located(csv, schema, source_name, options));
}

AuditResult audit_payments(const rules::RuleSet& rules, const data::Table& population,
                           const std::vector<Payment>& payments, core::Date as_of,
                           const AuditOptions& options) {
  core::require(!as_of.is_special(), "the audit date must be a real date");
  const auto id_col = population.schema().index_of(options.id_column);
  if (!id_col || population.column(*id_col).type() != data::ColumnType::string) {
    throw core::InvalidArgument("the population has no text column '" + options.id_column +
                                "' of person ids");
  }
  const data::Column& ids = population.column(*id_col);
  const data::Column* units = nullptr;
  if (const auto u = population.schema().index_of(options.unit_column);
      u && population.column(*u).type() == data::ColumnType::string) {
    units = &population.column(*u);
  }
  if (auto problems = repeated_ids(
          ids, options.id_column,
          [](std::size_t r) {
            return core::SourceLocation{"population row " + std::to_string(r + 1), {}, {}};
          });
      !problems.empty()) {
    throw core::ValidationError(std::move(problems));
  }
  std::unordered_map<std::string_view, std::size_t> row_of;
  row_of.reserve(population.rows());
  for (std::size_t r = 0; r < population.rows(); ++r) row_of.emplace(ids.string_at(r), r);

  AuditResult res;
  res.as_of = as_of;
  res.payments = payments;
  // Payments are checked in date order (stable: same day keeps file order), so
  // "earlier payments" means what it says.
  std::vector<std::size_t> order(payments.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return payments[a].date < payments[b].date;
  });
  const rules::CaseEvaluator cases(rules, population);
  std::map<std::pair<std::size_t, core::Date>, std::vector<rules::Decision>>
      decided;  // per person and date
  std::map<std::tuple<std::string, std::string, std::string>, core::Money> paid;
  std::map<std::tuple<std::string, std::string, std::string, core::Date, std::int64_t>, std::size_t>
      seen;
  std::vector<std::vector<FlaggedPayment>> per_payment(payments.size());
  for (const std::size_t i : order) {
    const Payment& p = payments[i];
    res.total_paid += p.amount;
    auto flag = [&](AuditFlag f, core::Money entitled = {}, core::Money so_far = {}) {
      per_payment[i].push_back({i, f, entitled, so_far});
    };
    if (as_of < p.date) {
      flag(AuditFlag::after_as_of);
      continue;
    }
    if (!seen.emplace(std::tuple{p.person.value(), p.package.value(), p.episode, p.date,
                                 p.amount.in_vnd()},
                      i)
             .second) {
      flag(AuditFlag::duplicate);
    }
    const auto row = row_of.find(p.person.value());
    if (row == row_of.end()) {
      flag(AuditFlag::unknown_person);
      continue;
    }
    const auto& pkgs = rules.packages();
    const auto pkg = std::find_if(pkgs.begin(), pkgs.end(), [&](const rules::Package& k) {
      return k.id == p.package.value();
    });
    if (pkg == pkgs.end()) {
      flag(AuditFlag::unknown_package);
      continue;
    }
    if (!pkg->in_force(p.date)) {
      flag(AuditFlag::not_in_force);
      continue;
    }
    auto it = decided.find({row->second, p.date});
    if (it == decided.end()) {
      it = decided.emplace(std::pair{row->second, p.date}, cases.decide(row->second, p.date)).first;
    }
    const auto& pt = it->second[static_cast<std::size_t>(pkg - pkgs.begin())];
    if (!pt.eligible) {
      flag(AuditFlag::ineligible);
      continue;
    }
    const core::Money entitled = core::Money::vnd(pt.amount);
    core::Money& so_far = paid[{p.person.value(), p.package.value(), p.episode}];
    so_far += p.amount;
    if (entitled < p.amount) {
      flag(AuditFlag::over_entitlement, entitled, so_far);
    } else if (entitled < so_far) {
      flag(AuditFlag::beyond_cap, entitled, so_far);
    }
  }
  std::map<std::pair<std::string, AuditFlag>, AuditCount> counts;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    if (per_payment[i].empty()) {
      ++res.clean;
      continue;
    }
    res.total_flagged += payments[i].amount;
    std::string unit;
    if (const auto row = row_of.find(payments[i].person.value());
        row != row_of.end() && units != nullptr) {
      unit = std::string(units->string_at(row->second));
    }
    for (const auto& f : per_payment[i]) {
      res.flags.push_back(f);
      auto& c = counts[{unit, f.flag}];
      c.unit = unit;
      c.flag = f.flag;
      ++c.payments;
      c.amount += payments[i].amount;
    }
  }
  for (auto& [k, c] : counts) res.summary.push_back(c);
  return res;
}

}  // namespace project8::budget
