// The presentation of the engines' results: text, CSV and JSON of an audit, a
// cost estimate, a trace and a progress (the engines return plain data), and
// the one rule of small-count suppression.
#include <sstream>

#include <nlohmann/json.hpp>

#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/report/report.hpp>

namespace project8::report {

using budget::AuditFlag;
using budget::Payment;
using tracking::TargetProgress;

bool suppressed(std::size_t count, std::size_t threshold) noexcept {
  return count > 0 && count < threshold;
}

std::string shown_count(std::size_t count, std::size_t threshold) {
  return suppressed(count, threshold) ? "<" + std::to_string(threshold) : std::to_string(count);
}

std::string to_csv(const budget::AuditResult& a) {
  std::ostringstream out;
  out << "line,payment_id,person_id,package,date,amount,flag,entitlement,paid_so_far\n";
  for (const auto& f : a.flags) {
    const Payment& p = a.payments.at(f.payment);
    out << (p.location.line ? std::to_string(*p.location.line) : "") << ','
        << data::csv_field(p.payment_id) << ',' << data::csv_field(p.person.value()) << ','
        << data::csv_field(p.package.value()) << ',' << core::to_iso(p.date) << ','
        << p.amount.in_vnd() << ',' << to_string(f.flag) << ',';
    if (f.flag == AuditFlag::over_entitlement || f.flag == AuditFlag::beyond_cap) {
      out << f.entitlement.in_vnd() << ',' << f.paid_so_far.in_vnd();
    } else {
      out << ',';
    }
    out << '\n';
  }
  return out.str();
}

std::string to_text(const budget::AuditResult& a, core::Language lang, std::size_t suppress_below) {
  suppress_below = suppression_threshold(suppress_below);
  const bool vi = lang == core::Language::vi;
  auto money = [&](core::Money m) { return m.to_string(lang); };
  std::ostringstream out;
  out << (vi ? "Kiểm tra chi trả chính sách đến ngày " : "Payment audit as of ")
      << (vi ? core::to_vietnamese(a.as_of) : core::to_iso(a.as_of)) << '\n';
  out << (vi ? "Số khoản chi: " : "Payments: ") << a.payments.size() << ", " << money(a.total_paid)
      << '\n';
  out << (vi ? "Không có dấu hiệu sai: " : "Without a flag: ") << a.clean << '\n';
  out << (vi ? "Có dấu hiệu sai: " : "Flagged: ") << a.payments.size() - a.clean << ", "
      << money(a.total_flagged) << '\n';
  std::string unit = "\x01";
  for (const auto& c : a.summary) {
    if (c.unit != unit) {
      unit = c.unit;
      out << "  " << (unit.empty() ? (vi ? "(không rõ xã)" : "(commune unknown)") : unit) << '\n';
    }
    const bool hide = suppressed(c.payments, suppress_below);
    out << "    " << label(c.flag, lang) << ": " << shown_count(c.payments, suppress_below)
        << (hide ? "" : ", " + money(c.amount)) << '\n';
  }
  if (suppress_below > 1) {
    out << (vi ? "(Số dưới " : "(Counts below ") << suppress_below
        << (vi ? " được ẩn để bảo vệ thông tin cá nhân.)"
               : " are suppressed to protect personal data.)")
        << '\n';
  }
  return out.str();
}

std::string to_json(const budget::AuditResult& a, std::size_t suppress_below, int indent) {
  suppress_below = suppression_threshold(suppress_below);
  nlohmann::ordered_json j;
  j["as_of"] = core::to_iso(a.as_of);
  j["payments"] = a.payments.size();
  j["total_paid"] = a.total_paid.in_vnd();
  j["clean"] = a.clean;
  j["total_flagged"] = a.total_flagged.in_vnd();
  j["suppress_below"] = suppress_below;
  auto& s = j["summary"] = nlohmann::ordered_json::array();
  for (const auto& c : a.summary) {
    const bool hide = suppressed(c.payments, suppress_below);
    nlohmann::ordered_json o;
    o["unit"] = c.unit;
    o["flag"] = to_string(c.flag);
    o["payments"] = hide ? nlohmann::ordered_json(shown_count(c.payments, suppress_below))
                         : nlohmann::ordered_json(c.payments);
    o["amount"] =
        hide ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.amount.in_vnd());
    s.push_back(std::move(o));
  }
  auto& fl = j["flags"] = nlohmann::ordered_json::array();
  for (const auto& f : a.flags) {
    const Payment& p = a.payments.at(f.payment);
    nlohmann::ordered_json o;
    o["line"] = p.location.line ? nlohmann::ordered_json(*p.location.line)
                                : nlohmann::ordered_json(nullptr);
    o["payment_id"] = p.payment_id;
    o["person_id"] = p.person.value();
    o["package"] = p.package.value();
    o["date"] = core::to_iso(p.date);
    o["amount"] = p.amount.in_vnd();
    o["flag"] = to_string(f.flag);
    const bool amounts = f.flag == AuditFlag::over_entitlement || f.flag == AuditFlag::beyond_cap;
    o["entitlement"] =
        amounts ? nlohmann::ordered_json(f.entitlement.in_vnd()) : nlohmann::ordered_json(nullptr);
    o["paid_so_far"] =
        amounts ? nlohmann::ordered_json(f.paid_so_far.in_vnd()) : nlohmann::ordered_json(nullptr);
    fl.push_back(std::move(o));
  }
  return j.dump(indent);
}

std::string to_csv(const budget::Estimate& e, core::Language lang) {
  const bool vi = lang == core::Language::vi;
  std::ostringstream out;
  out << (vi ? "noi_dung,hoat_dong,co_quan,don_vi,nguon_von,dinh_muc,cach_tinh,so_luong,cong_thuc,"
               "don_gia,thanh_tien,"
               "can_cu,trang_thai,ghi_chu\n"
             : "content_area,activity,agency,unit,funding_source,norm,basis,quantity,quantity_"
               "formula,rate,amount,"
               "source,status,note\n");
  for (const auto& l : e.lines) {
    out << (l.content_area ? std::to_string(*l.content_area) : "") << ','
        << data::csv_field(l.activity.value()) << ',' << data::csv_field(l.agency.value()) << ','
        << data::csv_field(l.unit.value()) << ',' << data::csv_field(l.funding_source) << ','
        << data::csv_field(l.norm) << ',' << to_string(l.basis) << ',' << l.quantity << ','
        << data::csv_field(l.quantity_formula) << ',' << l.rate.in_vnd() << ',' << l.amount.in_vnd()
        << ',' << data::csv_field(l.source.to_string()) << ',' << legal::to_string(l.status) << ','
        << data::csv_field(l.note) << '\n';
  }
  return out.str();
}

std::string to_json(const budget::Estimate& e, int indent) {
  nlohmann::ordered_json j;
  j["plan"] = e.plan;
  j["on"] = core::to_iso(e.on);
  j["norms"] = e.norms;
  j["total"] = e.total.in_vnd();
  j["provisional"] = e.provisional.in_vnd();
  j["complete"] = e.complete();
  auto& ls = j["lines"] = nlohmann::ordered_json::array();
  for (const auto& l : e.lines) {
    nlohmann::ordered_json o;
    o["content_area"] =
        l.content_area ? nlohmann::ordered_json(*l.content_area) : nlohmann::ordered_json(nullptr);
    o["activity"] = l.activity.value();
    o["agency"] = l.agency.value();
    o["unit"] = l.unit.value();
    o["funding_source"] = l.funding_source;
    o["norm"] = l.norm;
    o["basis"] = to_string(l.basis);
    o["quantity"] = l.quantity;
    o["quantity_formula"] = l.quantity_formula;
    o["rate"] = l.rate.in_vnd();
    o["amount"] = l.amount.in_vnd();
    o["source"] = l.source.to_string();
    o["status"] = legal::to_string(l.status);
    o["note"] = l.note;
    o["line"] = l.location.line ? nlohmann::ordered_json(*l.location.line)
                                : nlohmann::ordered_json(nullptr);
    ls.push_back(std::move(o));
  }
  auto totals = [](const std::vector<std::pair<std::string, core::Money>>& v) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (const auto& [k, m] : v) o[k] = m.in_vnd();
    return o;
  };
  j["by_content_area"] = totals(e.by_content_area());
  j["by_agency"] = totals(e.by_agency());
  j["by_funding_source"] = totals(e.by_funding_source());
  auto& ms = j["missing"] = nlohmann::ordered_json::array();
  for (const auto& m : e.missing) ms.push_back(m.to_string());
  return j.dump(indent);
}

std::string to_text(const budget::Estimate& e, core::Language lang) {
  const bool vi = lang == core::Language::vi;
  auto money = [&](core::Money m) { return m.to_string(lang); };
  std::ostringstream out;
  out << (vi ? "Dự toán kinh phí " : "Cost estimate ") << e.plan
      << (vi ? " — định mức " : " — norms ") << e.norms << (vi ? ", áp dụng ngày " : ", as on ")
      << (vi ? core::to_vietnamese(e.on) : core::to_iso(e.on)) << '\n';
  out << (vi ? "Tổng cộng: " : "Total: ") << money(e.total) << " (" << e.lines.size()
      << (vi ? " dòng)" : " lines)") << '\n';
  if (e.provisional.in_vnd() != 0) {
    out << (vi ? "  trong đó theo định mức tạm tính (chưa xác minh): "
               : "  of which on provisional (unverified) norms: ")
        << money(e.provisional) << '\n';
  }
  auto agency_label = [&](const std::string& id) {
    for (const auto& l : e.lines) {
      if (l.agency.value() == id && !l.agency_name.in(lang).empty()) return l.agency_name.in(lang);
    }
    return id;
  };
  auto section = [&](const char* title, const std::vector<std::pair<std::string, core::Money>>& v,
                     char kind) {
    out << title << '\n';
    for (const auto& [k, m] : v) {
      const std::string label = kind == 'c' ? (k.empty() ? (vi ? "Nhiệm vụ chung" : "Cross-cutting")
                                                         : (vi ? "Nội dung " : "Content area ") + k)
                                : kind == 'a' ? agency_label(k)
                                              : k;
      out << "  " << label << ": " << money(m) << '\n';
    }
  };
  section(vi ? "Theo nội dung:" : "By content area:", e.by_content_area(), 'c');
  section(vi ? "Theo cơ quan:" : "By agency:", e.by_agency(), 'a');
  section(vi ? "Theo nguồn vốn:" : "By funding source:", e.by_funding_source(), 's');
  if (!e.missing.empty()) {
    out << (vi ? "Thiếu định mức (không tính vào tổng): "
               : "Missing norms (left out of the total): ")
        << e.missing.size() << '\n';
    for (const auto& m : e.missing) out << "  " << m.to_string() << '\n';
  }
  return out.str();
}

std::string to_text(const rules::Trace& t, core::Language lang) {
  const bool vi = lang == core::Language::vi;
  const bool household = t.entity == "household";
  std::string out =
      (vi ? "Ngày xét: " : "As of: ") + core::to_iso(t.as_of) +
      (household ? (vi ? " — hộ, dòng " : " — household, row ") : (vi ? " — dòng " : " — row ")) +
      std::to_string(t.row + 1) + (t.person.empty() ? "" : " (" + t.person + ")") + "\n";
  for (const auto& p : t.packages) {
    out += "\n" + p.id + ": " + p.title.in(lang) +
           (p.status == legal::ValueStatus::provisional ? (vi ? " [tạm tính]" : " [provisional]")
            : p.status == legal::ValueStatus::disputed
                ? (vi ? " [nguồn chưa thống nhất]" : " [disputed]")
                : "") +
           "\n";
    if (!p.in_force) {
      out += vi ? "  Chưa/không còn hiệu lực vào ngày xét.\n" : "  Not in force on that date.\n";
      continue;
    }
    for (const auto& c : p.conditions) {
      out += "  " + std::string(c.decisive ? "✗ " : (c.value == rules::Truth::yes ? "✓ " : "  ")) +
             c.id + ": " + c.when + "  →  " + c.with_values + "  =  " +
             std::string(to_string(c.value)) + "\n";
    }
    for (const auto& u : p.parameters) {
      out +=
          (vi ? "  Tham số " : "  Parameter ") + u.name + " = " +
          (u.decimal ? rules::decimal_text(u.value) : std::to_string(u.value)) + " " + u.unit +
          (vi ? " (từ " : " (from ") + core::to_iso(u.from) + ", " + u.source.to_string() + ", " +
          std::string(legal::to_string(u.status)) +
          (u.status != legal::ValueStatus::verified ? (vi ? " — CHƯA XÁC MINH" : " — NOT VERIFIED")
                                                    : "") +
          ")\n";
    }
    for (const auto& u : p.variables) {
      out += (vi ? "  Biến " : "  Variable ") + u.name + " = " + u.value + "\n";
    }
    for (const auto& u : p.tables) {
      std::string sources;
      for (const auto& c : u.sources) sources += (sources.empty() ? "" : "; ") + c.to_string();
      out += (vi ? "  Bảng " : "  Table ") + u.table + "['" + u.key + "']." + u.column + " = " +
             u.value + " (" + u.note.in(lang) + (sources.empty() ? "" : "; " + sources) + ")\n";
    }
    if (p.eligible) {
      out += (vi ? "  ĐỦ ĐIỀU KIỆN. Số tiền: " : "  ELIGIBLE. Amount: ") + p.amount_expression +
             " = " + p.amount_with_values + " = " + core::Money::vnd(p.amount).to_string() + "\n";
    } else {
      out += (vi ? "  KHÔNG ĐỦ ĐIỀU KIỆN. Lý do: " : "  NOT ELIGIBLE. Reason: ") + p.reason + "\n";
    }
  }
  return out;
}

std::string to_json(const rules::Trace& t, int indent) {
  using nlohmann::json;
  json j;
  j["as_of"] = core::to_iso(t.as_of);
  j["row"] = t.row;
  j["entity"] = t.entity;
  j["person"] = t.person;
  j["packages"] = json::array();
  for (const auto& p : t.packages) {
    json jp{{"id", p.id},
            {"title", {{"vi", p.title.vi}, {"en", p.title.en}}},
            {"status", legal::to_string(p.status)},
            {"in_force", p.in_force},
            {"eligible", p.eligible},
            {"reason", p.reason},
            {"amount", p.amount},
            {"amount_expression", p.amount_expression},
            {"amount_with_values", p.amount_with_values}};
    jp["conditions"] = json::array();
    for (const auto& c : p.conditions) {
      jp["conditions"].push_back({{"id", c.id},
                                  {"when", c.when},
                                  {"with_values", c.with_values},
                                  {"value", to_string(c.value)},
                                  {"decisive", c.decisive}});
    }
    jp["parameters"] = json::array();
    for (const auto& u : p.parameters) {
      jp["parameters"].push_back(
          {{"name", u.name},
           {"value", u.decimal ? json(rules::decimal_text(u.value)) : json(u.value)},
           {"unit", u.unit},
           {"from", core::to_iso(u.from)},
           {"source", u.source.to_string()},
           {"status", legal::to_string(u.status)}});
    }
    jp["variables"] = json::array();
    for (const auto& u : p.variables)
      jp["variables"].push_back({{"name", u.name}, {"value", u.value}});
    jp["tables"] = json::array();
    for (const auto& u : p.tables) {
      json sources = json::array();
      for (const auto& c : u.sources) sources.push_back(c.to_string());
      jp["tables"].push_back({{"table", u.table},
                              {"column", u.column},
                              {"key", u.key},
                              {"value", u.value},
                              {"note", {{"vi", u.note.vi}, {"en", u.note.en}}},
                              {"sources", sources}});
    }
    j["packages"].push_back(std::move(jp));
  }
  return j.dump(indent);
}

std::string to_json(const tracking::Progress& p, int indent) {
  using nlohmann::json;
  auto one = [](const TargetProgress& t) {
    json j{{"id", t.target.value()},
           {"aggregation", plan::to_string(t.aggregation)},
           {"planned", t.planned},
           {"achieved", t.achieved},
           {"status", to_string(t.status)},
           {"records", t.records},
           {"female", t.breakdown.female},
           {"male", t.breakdown.male},
           {"ethnic_minority", t.breakdown.ethnic_minority},
           {"kinh", t.breakdown.kinh}};
    for (const auto& [name, count] : t.breakdown.other) j[name] = count;
    j["percent"] = t.percent ? json(*t.percent) : json(nullptr);
    j["female_share"] =
        t.breakdown.female_share() ? json(*t.breakdown.female_share()) : json(nullptr);
    if (t.unit) j["unit"] = t.unit->value();
    if (t.aggregation == plan::Aggregation::ratio) {
      j["numerator"] = t.numerator;
      j["denominator"] = t.denominator;
    }
    return j;
  };
  json j;
  j["as_of"] = core::to_iso(p.as_of);
  j["targets"] = json::array();
  for (const auto& t : p.targets) j["targets"].push_back(one(t));
  j["by_unit"] = json::array();
  for (const auto& t : p.by_unit) j["by_unit"].push_back(one(t));
  j["by_agency"] = json::array();
  for (const auto& [agency, t] : p.by_agency) {
    auto row = one(t);
    row["agency"] = agency.value();
    j["by_agency"].push_back(std::move(row));
  }
  j["scope_issues"] = json::array();
  for (const auto& s : p.scope_issues) {
    j["scope_issues"].push_back({{"line", s.location.line ? json(*s.location.line) : json(nullptr)},
                                 {"unit", s.unit.value()},
                                 {"kind", s.kind}});
  }
  return j.dump(indent);
}

std::string to_json(const budget::Allocation& allocation, core::Language lang, int indent) {
  nlohmann::ordered_json j;
  j["total"] = allocation.total().in_vnd();
  j["distributed"] = allocation.distributed.in_vnd();
  auto& reservations = j["reservations"] = nlohmann::ordered_json::array();
  for (const auto& x : allocation.reservations)
    reservations.push_back({{"name", x.name}, {"amount", x.amount.in_vnd()}});
  auto& units = j["units"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < allocation.lines.size(); ++i) {
    const auto& l = allocation.lines[i];
    units.push_back({{"unit", l.unit.value()},
                     {"weight", l.weight},
                     {"amount", l.amount.in_vnd()},
                     {"floor_applied", l.floor_applied},
                     {"cap_applied", l.cap_applied},
                     {"rounding", l.rounding.in_vnd()},
                     {"explanation", budget::explain(allocation, i, lang)}});
  }
  return j.dump(indent);
}

}  // namespace project8::report
