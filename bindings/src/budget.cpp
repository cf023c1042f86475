// Bindings of project8::budget: allocation, weight formulas, norms and
// estimates, the ledger, payment audit. Results cross as numpy arrays and
// lists of tuples; project8/budget.py turns them into DataFrames.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include "columns.hpp"
#include <project8/budget/allocation.hpp>
#include <project8/budget/audit.hpp>
#include <project8/budget/estimate.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/formula.hpp>

namespace py = pybind11;
using namespace project8;

namespace {

/// Contiguous int64 values of `a`, checked to hold `n`.
std::vector<std::int64_t> int64_values(const py::array& a, std::size_t n, const char* name) {
  const auto arr = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!arr || arr.ndim() != 1 || static_cast<std::size_t>(arr.shape(0)) != n) {
    throw core::InvalidArgument(std::string(name) + ": one integer per unit (" + std::to_string(n) +
                                ") was expected");
  }
  return {arr.data(), arr.data() + n};
}

py::tuple allocate(std::int64_t total, const py::array& weights,
                   const std::optional<py::array>& floor, const std::optional<py::array>& cap,
                   std::int64_t step,
                   const std::vector<std::pair<std::string, std::int64_t>>& reserve,
                   const std::optional<std::vector<std::string>>& units) {
  const auto w =
      py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(weights);
  if (!w || w.ndim() != 1)
    throw core::InvalidArgument("weights: a one-dimensional array of integers was expected");
  const auto n = static_cast<std::size_t>(w.shape(0));
  budget::AllocationRequest r;
  r.total = core::Money::vnd(total);
  r.step = core::Money::vnd(step);
  for (const auto& [name, amount] : reserve)
    r.reservations.push_back({name, core::Money::vnd(amount)});
  std::vector<std::int64_t> floors, caps;
  if (floor) floors = int64_values(*floor, n, "floor");
  if (cap) caps = int64_values(*cap, n, "cap");
  if (units && units->size() != n)
    throw core::InvalidArgument("units: one name per weight was expected");
  r.units.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    budget::AllocationUnit u{
        core::UnitCode{units ? (*units)[i] : std::to_string(i)}, w.data()[i], {}, {}};
    if (floor) u.floor = core::Money::vnd(floors[i]);
    if (cap) u.cap = core::Money::vnd(caps[i]);
    r.units.push_back(std::move(u));
  }
  budget::Allocation a;
  {
    py::gil_scoped_release release;
    a = budget::allocate(r);
  }
  py::array_t<std::int64_t> amount(static_cast<py::ssize_t>(n)),
      rounding(static_cast<py::ssize_t>(n));
  py::array_t<bool> floor_applied(static_cast<py::ssize_t>(n)),
      cap_applied(static_cast<py::ssize_t>(n));
  std::vector<std::string> explanation_vi, explanation_en;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& l = a.lines[i];
    amount.mutable_at(i) = l.amount.in_vnd();
    rounding.mutable_at(i) = l.rounding.in_vnd();
    floor_applied.mutable_at(i) = l.floor_applied;
    cap_applied.mutable_at(i) = l.cap_applied;
    explanation_vi.push_back(budget::explain(a, i, core::Language::vi));
    explanation_en.push_back(budget::explain(a, i, core::Language::en));
  }
  return py::make_tuple(amount, floor_applied, cap_applied, rounding, explanation_vi,
                        explanation_en);
}

py::tuple estimate_line(const budget::EstimateLine& l) {
  return py::make_tuple(
      l.content_area ? py::object(py::int_(*l.content_area)) : py::object(py::none()),
      l.activity.value(), l.agency.value(), l.unit.value(), l.funding_source, l.norm,
      std::string(budget::to_string(l.basis)), l.quantity, l.quantity_formula, l.rate.in_vnd(),
      l.amount.in_vnd(), l.source.to_string(), std::string(legal::to_string(l.status)), l.note,
      l.location.line ? py::object(py::int_(*l.location.line)) : py::object(py::none()));
}

py::tuple entry_row(const budget::LedgerEntry& e) {
  return py::make_tuple(
      e.date, e.budget_year(), e.unit.value(),
      e.activity ? py::object(py::str(e.activity->value())) : py::object(py::none()),
      e.funding_source, std::string(budget::to_string(e.stage)), e.amount.in_vnd(), e.reference,
      e.note, e.carried_over);
}

budget::LedgerEntry entry_from(const py::tuple& t) {
  if (t.size() != 9) throw core::InvalidArgument("a ledger entry has 9 fields");
  budget::LedgerEntry e;
  e.date = t[0].cast<core::Date>();
  if (!t[1].is_none()) e.year = t[1].cast<int>();
  e.unit = core::UnitCode{t[2].cast<std::string>()};
  if (!t[3].is_none()) e.activity = core::ActivityId{t[3].cast<std::string>()};
  e.funding_source = t[4].is_none() ? "" : t[4].cast<std::string>();
  e.stage = budget::parse_stage(t[5].cast<std::string>());
  e.amount = core::Money::vnd(t[6].cast<std::int64_t>());
  e.reference = t[7].is_none() ? "" : t[7].cast<std::string>();
  e.note = t[8].is_none() ? "" : t[8].cast<std::string>();
  e.carried_over = e.reference.starts_with("carry_over:");
  return e;
}

}  // namespace

void register_budget(py::module_& m) {
  m.def("_allocate", &allocate, py::arg("total"), py::arg("weights"), py::arg("floor"),
        py::arg("cap"), py::arg("step"), py::arg("reserve"), py::arg("units"));

  py::class_<rules::Formula>(
      m, "Formula", "An integer formula in the rule language over named columns (e.g. a weight).")
      .def(py::init([](const std::string& text,
                       const std::vector<std::pair<std::string, std::string>>& columns) {
             return rules::Formula::compile(text, data::Schema::parse(columns), {}, "formula");
           }),
           py::arg("text"), py::arg("columns"),
           "Compiles ``text`` for columns given as (name, type) pairs: bool, int, date, string, "
           "enum(…).")
      .def_property_readonly("text", &rules::Formula::text, "The formula's text.")
      .def_property_readonly("columns_used", &rules::Formula::columns_used, "The columns it reads.")
      .def("_evaluate",
           [](const rules::Formula& f,
              const std::vector<std::pair<std::string, std::string>>& columns,
              const py::list& specs, std::size_t rows, core::Date as_of) {
             const auto table = bindings::table_from(data::Schema::parse(columns), specs, rows);
             const auto values = f.evaluate(table, as_of);
             py::array_t<std::int64_t> v(static_cast<py::ssize_t>(rows));
             py::array_t<std::uint8_t> s(static_cast<py::ssize_t>(rows));
             for (std::size_t i = 0; i < rows; ++i) {
               v.mutable_at(i) = values[i].value;
               s.mutable_at(i) = static_cast<std::uint8_t>(values[i].state);
             }
             return py::make_tuple(v, s);
           })
      .def("_explain",
           [](const rules::Formula& f,
              const std::vector<std::pair<std::string, std::string>>& columns,
              const py::list& specs, std::size_t rows, std::size_t row, core::Date as_of) {
             return f.explain(bindings::table_from(data::Schema::parse(columns), specs, rows), row,
                              as_of);
           })
      .def("__repr__", [](const rules::Formula& f) { return "Formula('" + f.text() + "')"; });

  py::class_<budget::NormSet>(m, "NormSet",
                              "Spending norms: dated, cited rates (schema project8/norms/1).")
      .def_static("load", &budget::NormSet::load, py::arg("path"))
      .def_static("parse", &budget::NormSet::parse, py::arg("text"),
                  py::arg("source_name") = "norms")
      .def_property_readonly("name", &budget::NormSet::name, "The set's name.")
      .def_property_readonly(
          "ids",
          [](const budget::NormSet& n) {
            std::vector<std::string> out;
            for (const auto& x : n.norms()) out.push_back(x.id);
            return out;
          },
          "The norms' ids in file order.")
      .def("_rows",
           [](const budget::NormSet& n, core::Date on) {
             py::list out;
             for (const auto& x : n.norms()) {
               const auto* v = x.rate.find(on);
               out.append(py::make_tuple(
                   x.id, x.title.vi, x.title.en, std::string(budget::to_string(x.basis)), x.per.vi,
                   x.per.en, v ? py::object(py::int_(v->value)) : py::object(py::none()),
                   v ? py::object(py::str(v->source.to_string())) : py::object(py::none()),
                   v ? py::object(py::str(std::string(legal::to_string(v->status))))
                     : py::object(py::none())));
             }
             return out;
           })
      .def("__len__", [](const budget::NormSet& n) { return n.norms().size(); })
      .def("__repr__", [](const budget::NormSet& n) {
        return "NormSet('" + n.name() + "', " + std::to_string(n.norms().size()) + " norms)";
      });

  py::class_<budget::Quantity>(m, "Quantity", "One row of a quantities file.")
      .def_property_readonly(
          "activity", [](const budget::Quantity& q) { return q.activity.value(); },
          "The plan's activity id.")
      .def_readonly("norm", &budget::Quantity::norm, "The norm's id.")
      .def("__repr__", [](const budget::Quantity& q) {
        return "Quantity('" + q.activity.value() + "', '" + q.norm + "')";
      });
  m.def("load_quantities", &budget::load_quantities, py::arg("path"), "Reads a quantities CSV.");
  m.def("parse_quantities", &budget::parse_quantities, py::arg("text"),
        py::arg("source_name") = "quantities", "Reads quantities from CSV text.");

  py::class_<budget::Estimate>(m, "Estimate",
                               "A cost estimate (dự toán): line items, missing norms, totals.")
      .def_property_readonly(
          "total", [](const budget::Estimate& e) { return e.total.in_vnd(); },
          "Sum of the lines (đồng).")
      .def_property_readonly(
          "provisional", [](const budget::Estimate& e) { return e.provisional.in_vnd(); },
          "The part of the total resting on provisional rates (đồng).")
      .def_property_readonly("complete", &budget::Estimate::complete,
                             "True when no row was left out for a missing norm.")
      .def_property_readonly(
          "on", [](const budget::Estimate& e) { return e.on; }, "The date whose norms apply.")
      .def_property_readonly(
          "missing",
          [](const budget::Estimate& e) {
            std::vector<std::string> out;
            for (const auto& p : e.missing) out.push_back(p.to_string());
            return out;
          },
          "Rows left out: the norm is unknown or has no value in force.")
      .def("_lines",
           [](const budget::Estimate& e) {
             py::list out;
             for (const auto& l : e.lines) out.append(estimate_line(l));
             return out;
           })
      .def(
          "to_csv",
          [](const budget::Estimate& e, const std::string& lang) {
            return report::to_csv(e, core::parse_language(lang));
          },
          py::arg("lang") = "vi", "The line items as CSV for appraisal, headers in 'vi' or 'en'.")
      .def(
          "to_json",
          [](const budget::Estimate& e, int indent) { return report::to_json(e, indent); },
          py::arg("indent") = 2, "Lines, totals and missing norms as JSON.")
      .def(
          "to_text",
          [](const budget::Estimate& e, const std::string& lang) {
            return report::to_text(e, core::parse_language(lang));
          },
          py::arg("lang") = "vi", "A readable summary in 'vi' or 'en'.")
      .def("__str__",
           [](const budget::Estimate& e) { return report::to_text(e, core::Language::vi); })
      .def("__repr__", [](const budget::Estimate& e) {
        return "Estimate(" + std::to_string(e.lines.size()) + " lines, total " +
               e.total.to_string() + ", " + std::to_string(e.missing.size()) + " missing)";
      });
  m.def("_estimate", &budget::estimate, py::arg("plan"), py::arg("norms"), py::arg("quantities"),
        py::arg("on"));

  py::class_<budget::Ledger>(m, "Ledger",
                             "A sound budget ledger: allocated → committed → disbursed → settled.")
      .def(py::init<>())
      .def(
          "_add_rows",
          [](budget::Ledger& l, const py::list& rows) {
            std::vector<budget::LedgerEntry> entries;
            std::size_t i = 0;
            for (const auto& r : rows) {
              auto e = entry_from(r.cast<py::tuple>());
              e.location = {"entries", ++i, std::nullopt};  // the i-th entry given, counting from 1
              entries.push_back(std::move(e));
            }
            l.add(std::move(entries));
          },
          py::arg("rows"))
      .def(
          "add_csv",
          [](budget::Ledger& l, const std::filesystem::path& path) {
            l.add(budget::load_ledger(path));
          },
          py::arg("path"), "Adds the entries of a ledger CSV, all or nothing.")
      .def("_columns",
           [](const budget::Ledger& l) {
             py::list out = bindings::records_to_python(budget::ledger_schema(), l.entries());
             py::array_t<bool> carried(static_cast<py::ssize_t>(l.entries().size()));
             for (std::size_t i = 0; i < l.entries().size(); ++i)
               carried.mutable_at(i) = l.entries()[i].carried_over;
             out.append(py::make_tuple("carried_over", "bool", carried, py::none(),
                                       std::vector<std::string>{}));
             return out;
           })
      .def("_rows",
           [](const budget::Ledger& l) {
             py::list out;
             for (const auto& e : l.entries()) out.append(entry_row(e));
             return out;
           })
      .def(
          "_summary",
          [](const budget::Ledger& l, const std::string& by, core::Date as_of,
             const plan::Plan* plan, core::PeriodKind period) {
            py::list out;
            for (const auto& r :
                 l.summary(core::parse_enum<budget::LedgerGroup>(by), as_of, plan, period)) {
              out.append(py::make_tuple(r.key, r.balance.allocated.in_vnd(),
                                        r.balance.committed.in_vnd(), r.balance.disbursed.in_vnd(),
                                        r.balance.settled.in_vnd(), r.rate_percent()));
            }
            return out;
          },
          py::arg("by"), py::arg("as_of"), py::arg("plan") = nullptr,
          py::arg("period") = core::PeriodKind::quarter)
      .def("_carry_over",
           [](const budget::Ledger& l, int year) {
             py::list out;
             for (const auto& e : l.carry_over(year)) out.append(entry_row(e));
             return out;
           })
      .def("__len__", [](const budget::Ledger& l) { return l.entries().size(); })
      .def("__repr__", [](const budget::Ledger& l) {
        return "Ledger(" + std::to_string(l.entries().size()) + " entries)";
      });

  m.def("_load_payments", [](const std::filesystem::path& path) {
    return bindings::records_to_python(budget::payment_schema(), budget::load_payments(path));
  });
  m.def(
      "_audit",
      [](const rules::RuleSet& rules, const py::list& specs, std::size_t rows,
         const std::vector<std::pair<std::string, std::vector<std::optional<std::string>>>>& texts,
         const py::list& payments, core::Date as_of, const std::string& id_column,
         const std::string& unit_column, std::size_t suppress_below) {
        std::vector<data::Field> fields;
        std::vector<data::Column> columns;
        {
          const auto inputs = bindings::table_from(rules.inputs(), specs, rows);
          fields = inputs.schema().fields();
          columns = inputs.columns();
        }
        for (const auto& [name, values] : texts) {
          if (values.size() != rows)
            throw core::InvalidArgument("column '" + name + "' has another length");
          std::vector<std::string> v;
          std::vector<std::uint8_t> valid;
          bool missing = false;
          for (const auto& x : values) {
            v.push_back(x.value_or(""));
            valid.push_back(x ? 1 : 0);
            missing = missing || !x;
          }
          if (!missing) valid.clear();
          fields.push_back(data::parse_field(name, "string"));
          columns.push_back(data::Column::strings(v, std::move(valid)));
        }
        const data::Table people(data::Schema(std::move(fields)), std::move(columns));
        std::vector<budget::Payment> pays;
        for (const auto& item : payments) {
          const auto t = item.cast<py::tuple>();
          budget::Payment p;
          p.payment_id = t[0].is_none() ? "" : t[0].cast<std::string>();
          p.person = core::PersonId{t[1].cast<std::string>()};
          p.package = core::PackageId{t[2].cast<std::string>()};
          p.date = t[3].cast<core::Date>();
          p.amount = core::Money::vnd(t[4].cast<std::int64_t>());
          p.episode = t[5].is_none() ? "" : t[5].cast<std::string>();
          if (!t[6].is_none()) p.location.line = t[6].cast<std::size_t>();
          pays.push_back(std::move(p));
        }
        budget::AuditOptions options{id_column, unit_column};
        budget::AuditResult res;
        {
          py::gil_scoped_release release;
          res = budget::audit_payments(rules, people, pays, as_of, options);
        }
        py::list flags;
        for (const auto& f : res.flags) {
          const auto& p = res.payments[f.payment];
          flags.append(py::make_tuple(f.payment, p.payment_id, p.person.value(), p.package.value(),
                                      p.date, p.amount.in_vnd(),
                                      std::string(budget::to_string(f.flag)),
                                      f.entitlement.in_vnd(), f.paid_so_far.in_vnd()));
        }
        py::list summary;
        for (const auto& c : res.summary) {
          summary.append(py::make_tuple(c.unit, std::string(budget::to_string(c.flag)), c.payments,
                                        c.amount.in_vnd()));
        }
        return py::make_tuple(flags, summary, res.clean, res.total_paid.in_vnd(),
                              res.total_flagged.in_vnd(),
                              report::to_text(res, core::Language::vi, suppress_below),
                              report::to_text(res, core::Language::en, suppress_below));
      },
      py::arg("rules"), py::arg("specs"), py::arg("rows"), py::arg("texts"), py::arg("payments"),
      py::arg("as_of"), py::arg("id_column"), py::arg("unit_column"), py::arg("suppress_below"));
}
