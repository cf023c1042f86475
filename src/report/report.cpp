// Reports: building the document (facts and bilingual tables) from its inputs.
#include <algorithm>
#include <map>
#include <optional>

#include <project8/budget/audit.hpp>
#include <project8/core/checked.hpp>
#include <project8/report/render.hpp>
#include <project8/report/report.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/tracking/progress.hpp>
#include <project8/tracking/quality.hpp>

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
  /// Hides `c` too (complementary suppression): a shown cell that, with the
  /// totals or shares beside it, would give a hidden one away.
  void hide(Cell& c) {
    if (c.suppressed) return;
    c = Cell{std::monostate{}, true};
    ++doc_.suppressed_cells;
  }

  /// Complementary suppression of a group of counts that add up to a shown
  /// `total` (the communes of one package): with one cell hidden, the total
  /// minus the others gives it, so the smallest other count (or, alone, the
  /// total) is hidden as well. `amounts[i]`, beside `counts[i]`, follow them.
  void protect_sum(std::vector<Cell*> counts, std::vector<Cell*> amounts, Cell& total,
                   Cell& total_amount) {
    std::size_t hidden = 0;
    for (const auto* c : counts) hidden += c->suppressed ? 1 : 0;
    if (hidden != 1 || total.suppressed) return;
    std::optional<std::size_t> smallest;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i]->suppressed) continue;
      const auto n = std::get<std::int64_t>(counts[i]->value);
      if (!smallest || n < std::get<std::int64_t>(counts[*smallest]->value)) smallest = i;
    }
    if (smallest) {
      hide(*counts[*smallest]);
      hide(*amounts[*smallest]);
    } else {
      hide(total);
      hide(total_amount);
    }
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
    const auto* u = in_.units.find_latest(core::UnitCode{code}, as_of_);
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
      Cell men = count(b.male, sensitive);
      Cell minority = count(b.ethnic_minority, sensitive);
      Cell kinh = count(b.kinh, sensitive);
      // Complementary suppression: the two halves of a split (with the share,
      // or a total elsewhere) give each other away, so one hidden hides both.
      if (women.suppressed || men.suppressed) {
        hide(women);
        hide(men);
      }
      if (minority.suppressed || kinh.suppressed) {
        hide(minority);
        hide(kinh);
      }
      dis.rows.push_back({text(p.target.value()), women, men, minority, kinh,
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
        const std::size_t first = t.rows.size();
        for (const auto& [commune, v] : by) {
          const Cell c = count(v.first, true);
          t.rows.push_back({text(title), text(unit_name(commune)), c, amount_beside(c, v.second)});
          n_all = core::checked_add(n_all, v.first);
          a_all = core::checked_add(a_all, v.second);
        }
        const Cell c = count(n_all, true);
        t.rows.push_back({text(title), text(lt("Tổng", "Total")), c, amount_beside(c, a_all)});
        std::vector<Cell*> counts, amounts;
        for (std::size_t r = first; r + 1 < t.rows.size(); ++r) {
          counts.push_back(&t.rows[r][2]);
          amounts.push_back(&t.rows[r][3]);
        }
        protect_sum(counts, amounts, t.rows.back()[2], t.rows.back()[3]);
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
      // The note's count of flagged payments is the sum of the cells: it is
      // shown only when it is not small itself and no single hidden cell is
      // then that sum minus the others (complementary suppression).
      const auto flagged = static_cast<std::int64_t>(payments.size() - res.clean);
      std::vector<Cell*> counts, amounts;
      for (auto& row : t.rows) {
        counts.push_back(&row[2]);
        amounts.push_back(&row[3]);
      }
      const auto hidden_in_table = [&] {
        std::size_t n = 0;
        for (std::size_t i = 0; i < counts.size(); ++i)
          n += (counts[i]->suppressed ? 1U : 0U) + (amounts[i]->suppressed ? 1U : 0U);
        return n;
      };
      // Only the table's cells count as suppressed cells, not the note's total.
      const std::size_t cells_hidden = doc_.suppressed_cells;
      const std::size_t table_before = hidden_in_table();
      Cell total = count(flagged, true);
      Cell no_amount = none();
      protect_sum(counts, amounts, total, no_amount);
      doc_.suppressed_cells = cells_hidden + (hidden_in_table() - table_before);
      const auto n = std::to_string(payments.size());
      if (total.suppressed) {
        const auto below = std::to_string(o_.suppress_below);
        t.notes.push_back(lt("Dưới " + below + " trong " + n + " khoản chi có dấu hiệu sai.",
                             "Fewer than " + below + " of " + n + " payments have a flag."));
      } else {
        t.notes.push_back(
            lt(std::to_string(res.clean) + " / " + n + " khoản chi không có dấu hiệu sai.",
               std::to_string(res.clean) + " of " + n + " payments without a flag."));
      }
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

}  // namespace

const core::LocalizedText& internal_stamp() {
  static const core::LocalizedText stamp{
      "NỘI BỘ — KHÔNG CÔNG BỐ (số nhỏ không được ẩn)",
      "INTERNAL — NOT FOR PUBLICATION (small counts not hidden)"};
  return stamp;
}

std::size_t suppression_threshold(std::size_t suppress_below, bool internal) {
  if (internal) return 1;
  core::require(suppress_below >= kMinimumSuppression,
                "suppress_below " + std::to_string(suppress_below) + ": at least " +
                    std::to_string(kMinimumSuppression) +
                    " in a document that may be published (below that, a hidden count is 1 or 2 "
                    "and a total gives it away); for the office's own use, ask for an internal "
                    "document without suppression (--no-suppression), which is stamped as such");
  return suppress_below;
}

Document build(const ReportInputs& inputs, const ReportOptions& options) {
  core::require(!options.as_of.is_special(), "the report date must be a real date");
  ReportOptions o = options;
  o.suppress_below = suppression_threshold(options.suppress_below, options.internal);
  Document doc = Builder(inputs, o).run();
  doc.internal = o.internal;
  if (o.internal)
    doc.facts.insert(doc.facts.begin(),
                     Fact{"internal", {"Lưu hành", "Circulation"}, internal_stamp()});
  return doc;
}

}  // namespace project8::report
