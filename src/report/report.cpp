// Reports: building the document from its inputs, and the four renderers.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include <project8/budget/audit.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/report/report.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/tracking/progress.hpp>
#include <project8/tracking/quality.hpp>
#include <xlsxwriter.h>

namespace project8::report {

namespace {

using core::LocalizedText;

LocalizedText lt(std::string vi, std::string en) {
  return LocalizedText{std::move(vi), std::move(en)};
}

Cell text(std::string s) {
  return Cell{std::move(s), false};
}
Cell text(const LocalizedText& s) {
  return Cell{s, false};
}
Cell integer(std::int64_t n) {
  return Cell{n, false};
}
Cell number(double x) {
  return Cell{x, false};
}
Cell none() {
  return Cell{std::monostate{}, false};
}

/// Topics whose participant counts are sensitive.
bool sensitive_topic(const std::string& t) {
  return t.find("violence") != std::string::npos || t.find("trafficking") != std::string::npos;
}

/// Builds tables, counting suppressions.
class Builder {
 public:
  Builder(const ReportInputs& in, const ReportOptions& o) : in_(in), o_(o) {
    as_of_ = o.as_of;
    if (o.period && o.period->last() < as_of_) as_of_ = o.period->last();
    doc_.suppress_below = o.suppress_below;
  }

  /// A count that is hidden when small and sensitive.
  Cell count(std::int64_t n, bool sensitive) {
    if (sensitive && n > 0 && suppressed(static_cast<std::size_t>(n), o_.suppress_below)) {
      ++doc_.suppressed_cells;
      return Cell{std::monostate{}, true};
    }
    return integer(n);
  }
  /// An amount beside a count: hidden when the count is.
  Cell amount_beside(const Cell& count_cell, std::int64_t dong) {
    if (count_cell.suppressed) {
      ++doc_.suppressed_cells;
      return Cell{std::monostate{}, true};
    }
    return integer(dong);
  }

  std::string unit_name(const std::string& code) const {
    if (code.empty()) return "—";
    const auto* u = in_.units.find(core::UnitCode{code});
    return u != nullptr ? u->name : code;
  }
  LocalizedText agency_name(const core::AgencyId& id) const {
    for (const auto& a : in_.plan.agencies) {
      if (a.id == id) return a.name;
    }
    return lt(id.value(), id.value());
  }
  /// "Nội dung 2" / "Content area 2" ("Nhiệm vụ chung" for cross-cutting work); the
  /// titles are in the content-area table.
  static LocalizedText area_title(const std::string& key) {
    if (key.empty()) return lt("Nhiệm vụ chung", "Cross-cutting");
    return lt("Nội dung " + key, "Content area " + key);
  }
  bool target_sensitive(const core::TargetId& t) const {
    for (const auto* a : in_.plan.activities_toward(t)) {
      if (std::any_of(a->topics.begin(), a->topics.end(), sensitive_topic)) return true;
    }
    return false;
  }

  Document run() {
    const auto& plan = in_.plan;
    doc_.title = lt("Báo cáo kết quả thực hiện Dự án 8 — " + plan.title.vi,
                    "Project 8 implementation report — " + plan.title.in(core::Language::en));
    const auto& records = in_.records;
    const auto& payments = in_.payments;
    const auto& ledger = in_.ledger;
    const auto& people = in_.population;
    auto same = [](const std::string& x) { return lt(x, x); };
    const auto n = [](std::size_t k) { return std::to_string(k); };
    doc_.facts = {
        {"plan", lt("Kế hoạch", "Plan"), lt(plan.title.vi, plan.title.in(core::Language::en))},
        {"number", lt("Số hiệu", "Number"), same(plan.number.empty() ? plan.id : plan.number)},
        {"issuer", lt("Cơ quan ban hành", "Issuer"), agency_name(plan.issuer)},
        {"year", lt("Năm", "Year"), same(std::to_string(plan.year))},
        {"scope", lt("Địa bàn", "Scope"), same(unit_name(plan.scope.value()))},
        {"as_of", lt("Số liệu đến ngày", "As of"),
         lt(core::to_vietnamese(as_of_), core::to_iso(as_of_))},
        {"period", lt("Kỳ báo cáo", "Period"),
         same(o_.period ? o_.period->label() : std::to_string(as_of_.year()))},
        {"data", lt("Dữ liệu", "Data"),
         lt(n(records.size()) + " bản ghi kết quả, " + n(payments.size()) + " khoản chi, " +
                n(ledger.entries().size()) + " bút toán, " + n(people.rows()) + " người",
            n(records.size()) + " records, " + n(payments.size()) + " payments, " +
                n(ledger.entries().size()) + " ledger entries, " + n(people.rows()) + " persons")},
    };
    content_areas();
    targets(records);
    activities();
    budget(ledger);
    packages(people);
    audit(people, payments);
    quality(records);
    return std::move(doc_);
  }

 private:
  void targets(const tracking::RecordSet& records) {
    const auto& plan = in_.plan;
    const auto pr = tracking::progress(plan, in_.units, records, as_of_);
    Table t{"targets",
            lt("Chỉ tiêu", "Targets"),
            {{"id", lt("Mã", "Id"), CellKind::text},
             {"indicator", lt("Chỉ tiêu", "Indicator"), CellKind::text},
             {"planned", lt("Kế hoạch", "Planned"), CellKind::integer},
             {"achieved", lt("Kết quả", "Achieved"), CellKind::number},
             {"percent", lt("Tỷ lệ (%)", "Percent"), CellKind::percent},
             {"status", lt("Đánh giá", "Status"), CellKind::text},
             {"records", lt("Số bản ghi", "Records"), CellKind::integer}},
            {},
            {}};
    Table form{
        "progress_01_2022",
        lt("Biểu tiến độ thực hiện (theo Thông tư 01/2022/TT-UBDT)",
           "Progress table (Circular 01/2022/TT-UBDT)"),
        {{"content_area", lt("Nội dung", "Content area"), CellKind::text},
         {"indicator", lt("Chỉ tiêu", "Indicator"), CellKind::text},
         {"planned", lt("Kế hoạch", "Plan"), CellKind::integer},
         {"achieved", lt("Kết quả", "Result"), CellKind::number},
         {"percent", lt("Tỷ lệ (%)", "%"), CellKind::percent},
         {"notes", lt("Ghi chú", "Notes"), CellKind::text}},
        {},
        {lt("Biểu mẫu chính thức của Thông tư 01/2022/TT-UBDT không tìm thấy trong tài liệu tham "
            "chiếu; các cột "
            "theo cấu trúc báo cáo tiến độ: nội dung, chỉ tiêu, kế hoạch, kết quả, tỷ lệ, ghi chú.",
            "The official form of Circular 01/2022/TT-UBDT was not found in the domain reference; "
            "the columns "
            "follow its progress-report shape: content area, indicator, plan, result, %, notes.")}};
    Table dis{"disaggregation",
              lt("Phân tổ người tham gia", "Participants broken down"),
              {{"id", lt("Mã", "Id"), CellKind::text},
               {"female", lt("Nữ", "Women"), CellKind::integer},
               {"male", lt("Nam", "Men"), CellKind::integer},
               {"ethnic_minority", lt("Dân tộc thiểu số", "Ethnic minority"), CellKind::integer},
               {"kinh", lt("Kinh", "Kinh"), CellKind::integer},
               {"female_percent", lt("Tỷ lệ nữ (%)", "Women (%)"), CellKind::percent}},
              {},
              {}};
    for (const auto& p : pr.targets) {
      const auto& target = plan.target(p.target);
      const Cell pct = p.percent ? number(*p.percent) : none();
      t.rows.push_back({text(p.target.value()), text(target.indicator), integer(p.planned),
                        number(p.achieved), pct, text(tracking::label(p.status)),
                        integer(static_cast<std::int64_t>(p.records))});
      form.rows.push_back(
          {text(target.content_area ? area_title(std::to_string(*target.content_area))
                                    : area_title("")),
           text(target.indicator), integer(p.planned), number(p.achieved), pct,
           p.records == 0 ? text(lt("Chưa có số liệu", "No records yet"))
                          : text(tracking::label(p.status))});
      const bool sensitive = target_sensitive(p.target);
      const auto& b = p.breakdown;
      const auto share = b.female_share();
      Cell women = count(b.female, sensitive);
      dis.rows.push_back({text(p.target.value()), women, count(b.male, sensitive),
                          count(b.ethnic_minority, sensitive), count(b.kinh, sensitive),
                          share && !women.suppressed ? number(100.0 * *share) : none()});
    }
    doc_.tables.push_back(std::move(t));
    doc_.tables.push_back(std::move(form));
    doc_.tables.push_back(std::move(dis));
  }

  void content_areas() {
    Table t{"content_areas",
            lt("Nội dung của Dự án 8", "Project 8 content areas"),
            {{"content_area", lt("Nội dung", "Content area"), CellKind::text},
             {"title", lt("Tên", "Title"), CellKind::text}},
            {},
            {}};
    for (const auto& a : in_.plan.content_areas) {
      t.rows.push_back({text(area_title(std::to_string(a.number))), text(a.title)});
    }
    doc_.tables.push_back(std::move(t));
  }

  void activities() {
    Table t{"activities",
            lt("Hoạt động theo nội dung", "Activities by content area"),
            {{"content_area", lt("Nội dung", "Content area"), CellKind::text},
             {"id", lt("Mã", "Id"), CellKind::text},
             {"activity", lt("Hoạt động", "Activity"), CellKind::text},
             {"lead", lt("Chủ trì", "Lead"), CellKind::text},
             {"support", lt("Phối hợp", "Supporting"), CellKind::text}},
            {},
            {}};
    for (const auto& a : in_.plan.activities) {
      LocalizedText support;
      for (const auto& s : a.support) {
        const auto n = agency_name(s);
        support.vi += (support.vi.empty() ? "" : "; ") + n.vi;
        support.en += (support.en.empty() ? "" : "; ") + n.in(core::Language::en);
      }
      t.rows.push_back({text(area_title(a.content_area ? std::to_string(*a.content_area) : "")),
                        text(a.id.value()), text(a.title),
                        a.lead ? text(agency_name(*a.lead)) : none(), text(support)});
    }
    doc_.tables.push_back(std::move(t));
  }

  static std::vector<Column> budget_columns(std::string first_key, LocalizedText first) {
    return {{std::move(first_key), std::move(first), CellKind::text},
            {"allocated", lt("Phân bổ (đ)", "Allocated (VND)"), CellKind::money},
            {"committed", lt("Cam kết (đ)", "Committed (VND)"), CellKind::money},
            {"disbursed", lt("Giải ngân (đ)", "Disbursed (VND)"), CellKind::money},
            {"settled", lt("Quyết toán (đ)", "Settled (VND)"), CellKind::money},
            {"disbursement_rate_percent", lt("Tỷ lệ giải ngân (%)", "Disbursement rate (%)"),
             CellKind::percent}};
  }

  void budget(const budget::Ledger& ledger) {
    Table by_unit{"budget_units",
                  lt("Kinh phí theo đơn vị", "Budget by unit"),
                  budget_columns("unit", lt("Đơn vị", "Unit")),
                  {},
                  {}};
    for (const auto& r : ledger.summary(budget::LedgerGroup::unit, as_of_)) {
      by_unit.rows.push_back({text(unit_name(r.key)), integer(r.balance.allocated.in_vnd()),
                              integer(r.balance.committed.in_vnd()),
                              integer(r.balance.disbursed.in_vnd()),
                              integer(r.balance.settled.in_vnd()), number(r.rate_percent())});
    }
    Table by_area{"budget_areas",
                  lt("Kinh phí theo nội dung", "Budget by content area"),
                  budget_columns("content_area", lt("Nội dung", "Content area")),
                  {},
                  {}};
    for (const auto& r : ledger.summary(budget::LedgerGroup::content_area, as_of_, &in_.plan)) {
      by_area.rows.push_back({text(area_title(r.key)), integer(r.balance.allocated.in_vnd()),
                              integer(r.balance.committed.in_vnd()),
                              integer(r.balance.disbursed.in_vnd()),
                              integer(r.balance.settled.in_vnd()), number(r.rate_percent())});
    }
    if (ledger.entries().empty()) {
      by_unit.notes.push_back(lt("Chưa có bút toán nào.", "No ledger entries yet."));
    }
    doc_.tables.push_back(std::move(by_unit));
    doc_.tables.push_back(std::move(by_area));
  }

  void packages(const data::Table& people) {
    Table t{
        "packages",
        lt("Chính sách hỗ trợ: người đủ điều kiện và kinh phí",
           "Policy packages: eligible persons and amounts"),
        {{"package", lt("Gói hỗ trợ", "Package"), CellKind::text},
         {"commune", lt("Xã", "Commune"), CellKind::text},
         {"eligible_persons", lt("Số người đủ điều kiện", "Eligible persons"), CellKind::integer},
         {"amount", lt("Số tiền (đ)", "Amount (VND)"), CellKind::money}},
        {},
        {}};
    if (!in_.rules) {
      t.notes.push_back(lt("Không có bộ quy định chính sách.", "No policy-package rules given."));
    } else if (people.rows() > 0) {
      const auto& rules = *in_.rules;
      const auto res = rules::evaluate(rules, people, as_of_);
      const auto& communes = people.column("commune");
      for (std::size_t p = 0; p < res.packages.size(); ++p) {
        const auto& pr = res.packages[p];
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> by;
        for (std::size_t i = 0; i < res.rows; ++i) {
          if (pr.eligible[i] == 0U) continue;
          auto& [n, a] = by[std::string(communes.is_valid(i) ? communes.string_at(i) : "")];
          ++n;
          a += pr.amount[i];
        }
        const auto& title = rules.packages()[p].title;
        std::int64_t n_all = 0, a_all = 0;
        for (const auto& [commune, v] : by) {
          const Cell c = count(v.first, true);
          t.rows.push_back({text(title), text(unit_name(commune)), c, amount_beside(c, v.second)});
          n_all += v.first;
          a_all += v.second;
        }
        const Cell c = count(n_all, true);
        t.rows.push_back({text(title), text(lt("Tổng", "Total")), c, amount_beside(c, a_all)});
      }
      if (std::any_of(
              rules.packages().begin(), rules.packages().end(),
              [](const rules::Package& k) { return k.status != legal::ValueStatus::verified; })) {
        t.notes.push_back(
            lt("Một số gói và mức hỗ trợ là tạm tính (chưa xác minh với văn bản pháp lý): xem tệp "
               "quy định.",
               "Some packages and amounts are provisional (not verified against a legal text): see "
               "the rule file."));
      }
    } else {
      t.notes.push_back(lt("Chưa nhập danh sách đối tượng.", "No population imported yet."));
    }
    doc_.tables.push_back(std::move(t));
  }

  void audit(const data::Table& people, const std::vector<budget::Payment>& payments) {
    Table t{"payment_audit",
            lt("Kiểm tra chi trả chính sách", "Payment audit"),
            {{"commune", lt("Xã", "Commune"), CellKind::text},
             {"flag", lt("Dấu hiệu", "Flag"), CellKind::text},
             {"payments", lt("Số khoản chi", "Payments"), CellKind::integer},
             {"amount", lt("Số tiền (đ)", "Amount (VND)"), CellKind::money}},
            {},
            {}};
    if (in_.rules && !payments.empty() && people.rows() > 0) {
      const auto res = budget::audit_payments(*in_.rules, people, payments, as_of_);
      for (const auto& c : res.summary) {
        const Cell n = count(static_cast<std::int64_t>(c.payments), true);
        t.rows.push_back({text(unit_name(c.unit)),
                          text(lt(std::string(budget::label(c.flag, core::Language::vi)),
                                  std::string(budget::label(c.flag, core::Language::en)))),
                          n, amount_beside(n, c.amount.in_vnd())});
      }
      t.notes.push_back(lt(std::to_string(res.clean) + " / " + std::to_string(payments.size()) +
                               " khoản chi không có dấu hiệu sai.",
                           std::to_string(res.clean) + " of " + std::to_string(payments.size()) +
                               " payments without a flag."));
    } else {
      t.notes.push_back(lt("Chưa có khoản chi hoặc danh sách đối tượng để kiểm tra.",
                           "No payments or population to audit yet."));
    }
    doc_.tables.push_back(std::move(t));
  }

  void quality(const tracking::RecordSet& records) {
    Table t{"data_quality",
            lt("Chất lượng số liệu", "Data quality"),
            {{"kind", lt("Loại", "Kind"), CellKind::text},
             {"records", lt("Số bản ghi", "Records"), CellKind::integer},
             {"example", lt("Ví dụ", "Example"), CellKind::text}},
            {},
            {}};
    const auto issues =
        tracking::quality(in_.plan, in_.units, records, in_.calendar ? &*in_.calendar : nullptr);
    std::map<std::string, std::pair<std::int64_t, LocalizedText>> by;
    for (const auto& q : issues) {
      auto& [n, example] = by[q.kind];
      if (n++ == 0) example = q.message;
    }
    auto kind_label = [](const std::string& kind) {
      if (kind == "late") return lt("Báo cáo muộn", "Filed late");
      if (kind == "missing_disaggregation") return lt("Thiếu số liệu phân tổ", "Breakdown missing");
      if (kind == "scope_ambiguous")
        return lt("Đơn vị chỉ một phần thuộc địa bàn", "Unit partly outside the scope");
      if (kind == "out_of_scope") return lt("Ngoài địa bàn kế hoạch", "Outside the plan's scope");
      if (kind == "outlier") return lt("Giá trị bất thường", "Outlier");
      return lt(kind, kind);
    };
    for (const auto& [kind, v] : by)
      t.rows.push_back({text(kind_label(kind)), integer(v.first), text(v.second)});
    if (issues.empty()) t.notes.push_back(lt("Không phát hiện vấn đề.", "No problems found."));
    doc_.tables.push_back(std::move(t));
  }

  const ReportInputs& in_;
  const ReportOptions& o_;
  core::Date as_of_;
  Document doc_;
};

// ---------------------------------------------------------------------------
// Rendering

const std::string& in(const LocalizedText& t, core::Language lang) {
  return t.in(lang);
}

std::string group_digits(std::int64_t n, char sep) {
  const bool neg = n < 0;
  const std::uint64_t magnitude =
      neg ? 0U - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  const std::string d = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i != 0 && (d.size() - i) % 3 == 0) out += sep;
    out += d[i];
  }
  return (neg ? "-" : "") + out;
}

std::string decimal(double x, core::Language lang) {
  std::ostringstream s;
  const double r = std::round(x * 10.0) / 10.0;
  if (r == std::floor(r)) {
    s << static_cast<long long>(r);
  } else {
    s.setf(std::ios::fixed);
    s.precision(1);
    s << r;
  }
  std::string out = s.str();
  if (lang == core::Language::vi) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

/// A cell as people read it (Markdown, Excel strings).
std::string shown(const Cell& c, CellKind kind, core::Language lang, std::size_t suppress_below) {
  if (c.suppressed && kind == CellKind::money)
    return lang == core::Language::vi ? "(ẩn)" : "(hidden)";
  if (c.suppressed) return "<" + std::to_string(suppress_below);
  return std::visit(
      [&](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<V, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<V, LocalizedText>) {
          return in(v, lang);
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          if (kind == CellKind::money)
            return group_digits(v, lang == core::Language::vi ? '.' : ',');
          return std::to_string(v);
        } else {
          return decimal(v, lang);
        }
      },
      c.value);
}

/// A cell as data (CSV, JSON): raw numbers.
nlohmann::ordered_json raw(const Cell& c, CellKind kind, core::Language lang,
                           std::size_t suppress_below) {
  if (c.suppressed && kind == CellKind::money)
    return lang == core::Language::vi ? "(ẩn)" : "(hidden)";
  if (c.suppressed) return "<" + std::to_string(suppress_below);
  return std::visit(
      [&](const auto& v) -> nlohmann::ordered_json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<V, LocalizedText>) {
          return in(v, lang);
        } else if constexpr (std::is_same_v<V, double>) {
          return std::round(v * 10.0) / 10.0;
        } else {
          return v;
        }
      },
      c.value);
}

bool numeric(CellKind k) {
  return k != CellKind::text;
}

std::string md_escape(std::string s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  return out;
}

}  // namespace

Document build(const ReportInputs& inputs, const ReportOptions& options) {
  core::require(!options.as_of.is_special(), "the report date must be a real date");
  core::require(options.suppress_below >= 1, "suppress_below must be at least 1");
  return Builder(inputs, options).run();
}

std::string to_markdown(const Document& doc, core::Language lang) {
  std::ostringstream out;
  out << "# " << in(doc.title, lang) << "\n\n";
  for (const auto& f : doc.facts)
    out << "- **" << in(f.label, lang) << "**: " << in(f.value, lang) << '\n';
  for (const auto& t : doc.tables) {
    out << "\n## " << in(t.title, lang) << "\n\n";
    if (t.rows.empty()) {
      out << (lang == core::Language::vi ? "_(không có dòng nào)_\n" : "_(no rows)_\n");
    } else {
      out << '|';
      for (const auto& c : t.columns) out << ' ' << md_escape(in(c.title, lang)) << " |";
      out << "\n|";
      for (const auto& c : t.columns) out << (numeric(c.kind) ? "---:|" : "---|");
      out << '\n';
      for (const auto& row : t.rows) {
        out << '|';
        for (std::size_t i = 0; i < row.size(); ++i) {
          out << ' ' << md_escape(shown(row[i], t.columns[i].kind, lang, doc.suppress_below))
              << " |";
        }
        out << '\n';
      }
    }
    for (const auto& n : t.notes) out << "\n> " << in(n, lang) << '\n';
  }
  if (doc.suppressed_cells > 0) {
    out << '\n'
        << (lang == core::Language::vi
                ? "_Các số dưới " + std::to_string(doc.suppress_below) +
                      " về đối tượng nhạy cảm được ẩn (<" + std::to_string(doc.suppress_below) +
                      ")._"
                : "_Sensitive counts below " + std::to_string(doc.suppress_below) +
                      " are hidden (<" + std::to_string(doc.suppress_below) + ")._")
        << '\n';
  }
  return out.str();
}

std::string to_json(const Document& doc, core::Language lang, int indent) {
  nlohmann::ordered_json j;
  j["title"] = in(doc.title, lang);
  auto& facts = j["facts"] = nlohmann::ordered_json::object();
  for (const auto& f : doc.facts)
    facts[f.key] = {{"label", in(f.label, lang)}, {"value", in(f.value, lang)}};
  j["suppress_below"] = doc.suppress_below;
  j["suppressed_cells"] = doc.suppressed_cells;
  auto& tables = j["tables"] = nlohmann::ordered_json::array();
  for (const auto& t : doc.tables) {
    nlohmann::ordered_json o;
    o["id"] = t.id;
    o["title"] = in(t.title, lang);
    auto& cols = o["columns"] = nlohmann::ordered_json::array();
    for (const auto& c : t.columns) cols.push_back({{"key", c.key}, {"title", in(c.title, lang)}});
    auto& rows = o["rows"] = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      auto& r = rows.emplace_back(nlohmann::ordered_json::array());
      for (std::size_t i = 0; i < row.size(); ++i)
        r.push_back(raw(row[i], t.columns[i].kind, lang, doc.suppress_below));
    }
    auto& notes = o["notes"] = nlohmann::ordered_json::array();
    for (const auto& n : t.notes) notes.push_back(in(n, lang));
    tables.push_back(std::move(o));
  }
  return j.dump(indent);
}

std::vector<std::pair<std::string, std::string>> to_csv(const Document& doc, core::Language lang) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : doc.tables) {
    std::string s;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      s += (i ? "," : "") + data::csv_field(t.columns[i].key);
    s += '\n';
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        const auto v = raw(row[i], t.columns[i].kind, lang, doc.suppress_below);
        std::string cell = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
        s += (i ? "," : "") + data::csv_field(cell);
      }
      s += '\n';
    }
    out.emplace_back(t.id + ".csv", std::move(s));
  }
  return out;
}

void write_xlsx(const Document& doc, core::Language lang, const std::filesystem::path& file) {
  lxw_workbook* wb = workbook_new(file.string().c_str());
  if (wb == nullptr) throw core::Error("cannot create " + file.string());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0");
  lxw_format* count = workbook_add_format(wb);
  format_set_num_format(count, "0");
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.0");
  lxw_format* right = workbook_add_format(wb);
  format_set_align(right, LXW_ALIGN_RIGHT);
  lxw_format* note = workbook_add_format(wb);
  format_set_italic(note);

  auto width = [](const std::string& s) { return static_cast<double>(core::code_point_count(s)); };

  // First sheet: the title and the facts.
  lxw_worksheet* info =
      workbook_add_worksheet(wb, lang == core::Language::vi ? "Thông tin" : "Info");
  worksheet_write_string(info, 0, 0, in(doc.title, lang).c_str(), title);
  double w0 = 12, w1 = 20;
  for (std::size_t i = 0; i < doc.facts.size(); ++i) {
    const auto r = static_cast<lxw_row_t>(i + 2);
    worksheet_write_string(info, r, 0, in(doc.facts[i].label, lang).c_str(), bold);
    worksheet_write_string(info, r, 1, in(doc.facts[i].value, lang).c_str(), nullptr);
    w0 = std::max(w0, width(in(doc.facts[i].label, lang)) + 2);
    w1 = std::max(w1, width(in(doc.facts[i].value, lang)) + 2);
  }
  worksheet_set_column(info, 0, 0, std::min(w0, 40.0), nullptr);
  worksheet_set_column(info, 1, 1, std::min(w1, 80.0), nullptr);

  for (const auto& t : doc.tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.id.substr(0, 31).c_str());
    std::vector<double> widths;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string h = in(t.columns[c].title, lang);
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), h.c_str(), bold);
      widths.push_back(std::max(8.0, width(h) + 2));
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
        const Cell& cell = t.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        const CellKind kind = t.columns[c].kind;
        const std::string s = shown(cell, kind, lang, doc.suppress_below);
        if (cell.suppressed) {
          worksheet_write_string(ws, row, col, s.c_str(), right);
        } else if (const auto* i = std::get_if<std::int64_t>(&cell.value)) {
          worksheet_write_number(ws, row, col, static_cast<double>(*i),
                                 kind == CellKind::money ? money : count);
        } else if (const auto* d = std::get_if<double>(&cell.value)) {
          worksheet_write_number(ws, row, col, std::round(*d * 10.0) / 10.0, pct);
        } else if (!s.empty()) {
          worksheet_write_string(ws, row, col, s.c_str(), nullptr);
        }
        const double shown_width =
            kind == CellKind::money
                ? width(group_digits(std::get_if<std::int64_t>(&cell.value)
                                         ? *std::get_if<std::int64_t>(&cell.value)
                                         : 0,
                                     ',')) +
                      2
                : width(s) + 2;
        widths[c] = std::max(widths[c], shown_width);
      }
    }
    auto next = static_cast<lxw_row_t>(t.rows.size() + 2);
    for (const auto& n : t.notes) worksheet_write_string(ws, next++, 0, in(n, lang).c_str(), note);
    for (std::size_t c = 0; c < widths.size(); ++c) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::min(widths[c], 60.0), nullptr);
    }
  }
  if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    throw core::Error("cannot write " + file.string() + ": " + lxw_strerror(e));
  }
}

}  // namespace project8::report
