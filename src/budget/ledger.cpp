// The budget ledger: soundness rules, carry-over, summaries.
#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "../io/yaml_reader.hpp"
#include <project8/budget/ledger.hpp>
#include <project8/core/checked.hpp>
#include <project8/data/csv.hpp>

namespace project8::budget {

namespace {

/// The key money is held under.
using Key = std::tuple<std::string, std::string, std::string, int>;  // unit, activity, source, year

Key key_of(const LedgerEntry& e) {
  return {e.unit.value(), e.activity ? e.activity->value() : std::string(), e.funding_source,
          e.budget_year()};
}

std::string describe(const Key& k) {
  std::string s = "unit " + std::get<0>(k);
  if (!std::get<1>(k).empty()) s += ", activity " + std::get<1>(k);
  if (!std::get<2>(k).empty()) s += ", source " + std::get<2>(k);
  return s + ", budget year " + std::to_string(std::get<3>(k));
}

core::Money& slot(Balance& b, Stage s) {
  switch (s) {
    case Stage::allocated:
      return b.allocated;
    case Stage::committed:
      return b.committed;
    case Stage::disbursed:
      return b.disbursed;
    case Stage::settled:
      return b.settled;
  }
  return b.allocated;
}

/// The first rule `b` breaks, or "".
std::string broken(const Balance& b) {
  const core::Money zero;
  if (b.settled < zero) return "settled would be " + b.settled.to_string() + ", below zero";
  if (b.disbursed < b.settled) {
    return "settled would be " + b.settled.to_string() + ", more than the " +
           b.disbursed.to_string() + " disbursed";
  }
  if (b.committed < b.disbursed) {
    return "disbursed would be " + b.disbursed.to_string() + ", more than the " +
           b.committed.to_string() + " committed";
  }
  if (b.allocated < b.committed) {
    return "committed would be " + b.committed.to_string() + ", more than the " +
           b.allocated.to_string() + " allocated";
  }
  if (b.allocated < zero) return "allocated would be " + b.allocated.to_string() + ", below zero";
  return "";
}

bool before(const LedgerEntry& a, const LedgerEntry& b) {
  if (a.date != b.date) return a.date < b.date;
  return a.stage < b.stage;
}

}  // namespace

std::string_view to_string(Stage s) noexcept {
  return core::key(s);
}

Stage parse_stage(std::string_view name) {
  return core::parse_enum<Stage>(name);
}

// ---------------------------------------------------------------------------
// CSV

const data::RecordSchema<LedgerEntry>& ledger_schema() {
  using data::field;
  static const data::RecordSchema<LedgerEntry> schema{
      "ledger",
      {
          field("date", &LedgerEntry::date, data::required, {"Ngày", "Date"}),
          field("year", &LedgerEntry::year, data::optional,
                {"Niên độ ngân sách (trống: năm của ngày)", "Budget year (empty: the date's year)"},
                {.min = 1900, .max = 9999}),
          field("unit", &LedgerEntry::unit, data::required, {"Mã đơn vị", "Unit code"}),
          field("activity", &LedgerEntry::activity, data::optional,
                {"Hoạt động của kế hoạch (trống: chưa phân)",
                 "Plan activity (empty: not yet assigned)"}),
          field("funding_source", &LedgerEntry::funding_source, data::optional,
                {"Nguồn vốn", "Funding source"}),
          field("stage", &LedgerEntry::stage, data::required, {"Giai đoạn", "Stage"}),
          field("amount", &LedgerEntry::amount, data::required,
                {"Số tiền (đồng; âm: điều chỉnh giảm)", "Amount (đồng; negative: a correction)"}),
          field("reference", &LedgerEntry::reference, data::optional,
                {"Số chứng từ, văn bản", "Document or voucher"}),
          field("note", &LedgerEntry::note, data::optional, {"Ghi chú", "Note"}),
      },
      std::nullopt};
  return schema;
}

std::vector<LedgerEntry> parse_ledger(std::string_view csv, const std::string& source_name,
                                      data::ReadNotes* notes) {
  auto out = data::read_records(ledger_schema(), csv, source_name, nullptr, notes);
  for (auto& e : out) e.carried_over = e.reference.starts_with("carry_over:");
  return out;
}

std::vector<LedgerEntry> load_ledger(const std::filesystem::path& path) {
  return parse_ledger(io::read_file(path.string()), path.string());
}

std::string to_csv(const std::vector<LedgerEntry>& entries, bool header) {
  std::string out =
      header ? "date,year,unit,activity,funding_source,stage,amount,reference,note\n" : "";
  for (const auto& e : entries) {
    out += core::to_iso(e.date) + ',' + std::to_string(e.budget_year()) + ',' +
           data::csv_field(e.unit.value()) + ',' +
           data::csv_field(e.activity ? e.activity->value() : "") + ',' +
           data::csv_field(e.funding_source) + ',' + std::string(to_string(e.stage)) + ',' +
           std::to_string(e.amount.in_vnd()) + ',' + data::csv_field(e.reference) + ',' +
           data::csv_field(e.note) + '\n';
  }
  return out;
}

// ---------------------------------------------------------------------------
// Ledger

void Ledger::add(LedgerEntry entry) {
  std::vector<LedgerEntry> one;
  one.push_back(std::move(entry));
  add(std::move(one));
}

std::string identity(const LedgerEntry& e) {
  if (e.reference.empty()) return {};
  constexpr char kSeparator = '\x1f';  // a unit separator, in no field
  std::string id = e.reference;
  for (const std::string& part : {core::to_iso(e.date), std::to_string(e.budget_year()),
                                  e.unit.value(), e.activity ? e.activity->value() : std::string(),
                                  e.funding_source, std::string(to_string(e.stage))}) {
    id += kSeparator;
    id += part;
  }
  return id;
}

void Ledger::add(std::vector<LedgerEntry> entries) {
  std::vector<core::Problem> problems;
  for (auto& e : entries) {
    if (e.date.is_special())
      problems.push_back({e.location, "date", "the date is not a real date"});
    if (e.unit.value().empty()) problems.push_back({e.location, "unit", "the unit is empty"});
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  {
    // One entry per identity, among those there and those given.
    std::unordered_map<std::string, const core::SourceLocation*> seen;
    seen.reserve(entries_.size() + entries.size());
    for (const auto& e : entries_) {
      if (auto id = identity(e); !id.empty()) seen.emplace(std::move(id), &e.location);
    }
    for (const auto& e : entries) {
      auto id = identity(e);
      if (id.empty()) continue;
      if (const auto [it, fresh] = seen.emplace(std::move(id), &e.location); !fresh) {
        const std::string where = it->second->to_string();
        problems.push_back(
            {e.location, "reference",
             "this entry is already in the ledger" + (where.empty() ? "" : " (" + where + ")") +
                 ": the same document, date, unit, activity, funding source and stage count "
                 "once — a file imported again, whole or in part, would count its money twice"});
      }
    }
    if (!problems.empty()) throw core::ValidationError(std::move(problems));
  }
  // Merge: existing entries keep their order; new ones go after existing ones of the same day and
  // stage.
  std::vector<LedgerEntry> all = entries_;
  const std::size_t existing = all.size();
  std::stable_sort(entries.begin(), entries.end(), before);
  std::vector<LedgerEntry> merged;
  merged.reserve(existing + entries.size());
  std::vector<bool> merged_new;
  std::size_t i = 0, j = 0;
  while (i < existing || j < entries.size()) {
    if (j == entries.size() || (i < existing && !before(entries[j], all[i]))) {
      merged.push_back(all[i++]);
      merged_new.push_back(false);
    } else {
      merged.push_back(std::move(entries[j++]));
      merged_new.push_back(true);
    }
  }
  std::map<Key, Balance> totals;
  for (std::size_t k = 0; k < merged.size(); ++k) {
    const LedgerEntry& e = merged[k];
    const Key key = key_of(e);
    Balance next = totals[key];
    try {
      slot(next, e.stage) += e.amount;
    } catch (const core::OverflowError&) {
      problems.push_back(
          {e.location, to_string(e.stage).data(),
           "the " + std::string(to_string(e.stage)) + " total overflows for " + describe(key)});
      continue;
    }
    if (const std::string why = broken(next); !why.empty()) {
      const std::string what = std::string(to_string(e.stage)) + " " + e.amount.to_string() +
                               " on " + core::to_iso(e.date) +
                               (e.reference.empty() ? "" : " (" + e.reference + ")");
      problems.push_back({e.location, std::string(to_string(e.stage)),
                          (merged_new[k] ? "" : "an entry already in the ledger now fails: ") +
                              what + ": " + why + " for " + describe(key)});
      continue;  // leave it out so one bad entry does not cascade
    }
    totals[key] = next;
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  entries_ = std::move(merged);
}

Balance Ledger::balance(int year, core::Date as_of, std::optional<core::UnitCode> unit,
                        std::optional<core::ActivityId> activity,
                        std::optional<std::string> funding_source) const {
  Balance b;
  for (const auto& e : entries_) {
    if (e.budget_year() != year || as_of < e.date) continue;
    if (unit && e.unit != *unit) continue;
    if (activity && e.activity != activity) continue;
    if (funding_source && e.funding_source != *funding_source) continue;
    slot(b, e.stage) += e.amount;
  }
  return b;
}

double LedgerRow::rate_percent() const noexcept {
  const std::int64_t a = balance.allocated.in_vnd();
  if (a <= 0) return 0.0;
  const auto d = static_cast<core::detail::int128>(balance.disbursed.in_vnd());
  const auto per_mille =
      static_cast<std::int64_t>((d * 2000 + a) / (2 * static_cast<core::detail::int128>(a)));
  return static_cast<double>(per_mille) / 10.0;
}

std::vector<LedgerRow> Ledger::summary(LedgerGroup by, core::Date as_of, const plan::Plan* plan,
                                       core::PeriodKind kind) const {
  core::require(!as_of.is_special(), "as_of must be a real date");
  const int year = static_cast<int>(as_of.year());
  std::vector<LedgerRow> rows;
  if (by == LedgerGroup::period) {
    for (auto p = core::ReportingPeriod::of(kind, year, 1); p.first() <= as_of; p = p.next()) {
      rows.push_back({p.label(), balance(year, std::min(p.last(), as_of))});
      if (p.last() >= as_of || p.next().year() != year) break;
    }
    return rows;
  }
  if (by == LedgerGroup::content_area && plan == nullptr) {
    throw core::InvalidArgument("a summary by content area needs the plan");
  }
  auto key_of_entry = [&](const LedgerEntry& e) -> std::string {
    switch (by) {
      case LedgerGroup::unit:
        return e.unit.value();
      case LedgerGroup::activity:
        return e.activity ? e.activity->value() : "";
      case LedgerGroup::funding_source:
        return e.funding_source;
      case LedgerGroup::content_area: {
        if (!e.activity) return "";
        for (const auto& a : plan->activities) {
          if (a.id == *e.activity) return a.content_area ? std::to_string(*a.content_area) : "";
        }
        return "";
      }
      case LedgerGroup::period:
        break;
    }
    return "";
  };
  for (const auto& e : entries_) {
    if (e.budget_year() != year || as_of < e.date) continue;
    const std::string k = key_of_entry(e);
    auto it =
        std::find_if(rows.begin(), rows.end(), [&](const LedgerRow& r) { return r.key == k; });
    if (it == rows.end()) {
      rows.push_back({k, {}});
      it = rows.end() - 1;
    }
    slot(it->balance, e.stage) += e.amount;
  }
  if (by == LedgerGroup::content_area) {
    std::sort(rows.begin(), rows.end(),
              [](const LedgerRow& a, const LedgerRow& b) { return a.key < b.key; });
  }
  return rows;
}

std::vector<LedgerEntry> Ledger::carry_over(int year) const {
  for (const auto& e : entries_) {
    if (e.reference == "carry_over:" + std::to_string(year)) {
      throw core::InvalidArgument("budget year " + std::to_string(year) +
                                  " was already carried over");
    }
  }
  std::map<Key, std::pair<Balance, const LedgerEntry*>> totals;
  for (const auto& e : entries_) {
    if (e.budget_year() != year) continue;
    auto& [b, first] = totals[key_of(e)];
    if (first == nullptr) first = &e;
    slot(b, e.stage) += e.amount;
  }
  const core::Date jan1 = core::make_date(year + 1, 1, 1);
  std::vector<LedgerEntry> out;
  for (const auto& [key, value] : totals) {
    const auto& [b, first] = value;
    for (const auto& [stage, amount] : {std::pair{Stage::allocated, b.unspent()},
                                        std::pair{Stage::committed, b.open_commitments()}}) {
      if (amount.in_vnd() == 0) continue;
      LedgerEntry e;
      e.date = jan1;
      e.year = year + 1;
      e.unit = first->unit;
      e.activity = first->activity;
      e.funding_source = first->funding_source;
      e.stage = stage;
      e.amount = amount;
      e.reference = "carry_over:" + std::to_string(year);
      e.note = "chuyển nguồn từ năm " + std::to_string(year) + " / carried over from " +
               std::to_string(year);
      e.carried_over = true;
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace project8::budget
