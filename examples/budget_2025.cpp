// The Tam Đường 2025 budget as data: the cost estimate from (illustrative)
// norms, the ledger's disbursement rates by content area, a 2026 allocation by
// the 2026–2030 coefficients, and the audit of (synthetic) package payments.
#include <iostream>

#include <project8/project8.hpp>
#include <project8/report/render.hpp>

int main() {
  using namespace project8;
  const std::string data = geo::bundled_data_dir();
  const plan::Plan p = plan::load_plan(data + "/plans/tam-duong-2025/plan.yaml");
  const auto lang = core::Language::vi;

  // 1. Dự toán: quantities × norms in force on 1/1/2025; a missing norm is listed, not guessed.
  const auto norms = budget::NormSet::load(data + "/budget/norms-illustrative.yaml");
  const auto e = budget::estimate(
      p, norms, budget::load_quantities(data + "/budget/tam-duong-2025-quantities.csv"),
      p.period.first());
  std::cout << report::to_text(e, lang) << '\n';

  // 2. Giải ngân: the synthetic ledger, rates by content area at year end.
  budget::Ledger ledger;
  ledger.add(budget::load_ledger(data + "/budget/tam-duong-2025-ledger-synthetic.csv"));
  std::cout << "Tỷ lệ giải ngân theo nội dung đến 31/12/2025 (số liệu giả lập):\n";
  for (const auto& row :
       ledger.summary(budget::LedgerGroup::content_area, core::make_date(2025, 12, 31), &p)) {
    std::cout << "  Nội dung " << (row.key.empty() ? "—" : row.key) << ": " << row.balance.disbursed
              << " / " << row.balance.allocated << " = " << row.rate_percent() << "%\n";
  }

  // 3. Phân bổ 2026: weights by the 2026–2030 coefficients over illustrative attributes.
  const auto units = data::read_csv_inferred(data + "/budget/tam-duong-units-2026-illustrative.csv",
                                             {{"unit", "string"}});
  const auto weight = rules::Formula::compile(
      "max(if(region == 3 or atk or border, 50, 0), if(region == 2, 40, 0), if(region == 1, 30, "
      "0), 25) + dbkk_villages",
      units.schema());
  budget::AllocationRequest request;
  request.total = core::Money::vnd(500'000'000);
  request.step = core::Money::vnd(1'000);
  request.reservations = {{"Hội LHPN (giữ lại)", core::Money::vnd(50'000'000)}};
  request.units = budget::weigh_units(units, weight, core::make_date(2026, 1, 1));
  const auto a = budget::allocate(request);
  std::cout << "\nPhân bổ 2026 (thuộc tính minh hoạ), tổng " << a.total() << ":\n";
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    std::cout << "  " << a.lines[i].unit << "  " << a.lines[i].amount << "  ("
              << budget::explain(a, i, lang) << ")\n";
  }

  // 4. Kiểm tra chi trả: synthetic payments against the safe-motherhood rules.
  const auto rules = rules::RuleSet::load(data + "/rules/safe-motherhood.yaml");
  const auto people = budget::read_audit_population(
      rules, data + "/budget/tam-duong-2025-population-synthetic.csv");
  const auto audit = budget::audit_payments(
      rules, people, budget::load_payments(data + "/budget/tam-duong-2025-payments-synthetic.csv"),
      core::make_date(2025, 12, 31));
  std::cout << '\n' << report::to_text(audit, lang);
  return 0;
}
