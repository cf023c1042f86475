// Bindings of project8::rules and the column tables they read. Columns come in
// as numpy arrays and are borrowed, not copied (strings are copied); results go
// out as numpy arrays that own the library's buffers. The GIL is released
// while evaluating.
#include <chrono>
#include <optional>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include "columns.hpp"
#include "source.hpp"
#include <project8/geo/registry.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/evaluate.hpp>

namespace py = pybind11;
using namespace project8;

namespace {

/// A numpy array that owns `v` (moved to the heap; freed with the array).
template <class T, class A>
py::array owning_array(std::vector<T, A>&& v, const char* dtype = nullptr) {
  auto* heap = new std::vector<T, A>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T, A>*>(p); });
  const auto dt = dtype != nullptr ? py::dtype(dtype) : py::dtype::of<T>();
  return py::array(dt, {static_cast<py::ssize_t>(heap->size())},
                   {static_cast<py::ssize_t>(sizeof(T))}, heap->data(), owner);
}

py::dict results_to_python(rules::Results&& r) {
  py::dict out;
  out["rows"] = r.rows;
  py::list packages;
  for (auto& p : r.packages) {
    py::dict d;
    d["id"] = p.id;
    d["entity"] = p.entity;
    d["eligible"] = owning_array(std::move(p.eligible), "bool");
    d["amount"] = owning_array(std::move(p.amount));
    // Codes of up to 127 reasons come narrowed by the engine (narrow_reasons):
    // int8, as pandas stores them, so Categorical.from_codes does not copy.
    d["reason"] =
        std::visit([](auto& codes) { return owning_array(std::move(codes)); }, p.reason.storage());
    d["reasons"] = p.reasons;
    d["columns"] = py::make_tuple(rules::result_column(p.id, rules::ResultPart::eligible),
                                  rules::result_column(p.id, rules::ResultPart::amount),
                                  rules::result_column(p.id, rules::ResultPart::reason));
    d["eligible_count"] = p.eligible_count;
    d["error_count"] = p.error_count;
    d["total"] = p.total.in_vnd();
    packages.append(d);
  }
  out["packages"] = packages;
  return out;
}

/// The table `read()` returns, read with the GIL released, for Python.
template <class Read>
py::list read_for_python(Read&& read) {
  data::Table t;
  {
    py::gil_scoped_release release;
    t = read();
  }
  return bindings::table_to_python(t);
}

/// The results `evaluate()` returns, computed with the GIL released, for
/// Python, with `core_seconds`: the C++ engine alone (for measuring the
/// bindings' overhead).
template <class Evaluate>
py::dict evaluated_for_python(Evaluate&& evaluate) {
  rules::Results res;
  double seconds = 0;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    res = evaluate();
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  auto out = results_to_python(std::move(res));
  out["core_seconds"] = seconds;
  return out;
}

rules::EvaluateOptions options_of(std::size_t threads, std::size_t chunk_rows) {
  rules::EvaluateOptions o;
  o.threads = threads;
  o.chunk_rows = chunk_rows;
  o.narrow_reasons = true;
  return o;
}

}  // namespace

void register_rules(py::module_& m) {
  py::class_<rules::Package>(m, "Package",
                             "A policy package: conditions, amount, effective period, source.")
      .def_readonly("id", &rules::Package::id, "Identifier (column prefix in results).")
      .def_readonly("entity", &rules::Package::entity,
                    "Whom it decides: person, or household (one decision per household).")
      .def_property_readonly(
          "title", [](const rules::Package& p) { return p.title.vi; }, "Title in Vietnamese.")
      .def_property_readonly(
          "title_en", [](const rules::Package& p) { return p.title.en; }, "Title in English.")
      .def_property_readonly(
          "effective_from", [](const rules::Package& p) { return p.effective.first().value(); },
          "First day in force.")
      .def_property_readonly(
          "effective_to", [](const rules::Package& p) { return p.effective.last(); },
          "Last day in force; None when open-ended.")
      .def_property_readonly(
          "source",
          [](const rules::Package& p) { return p.source ? p.source->to_string() : std::string(); },
          "The legal basis, or None.")
      .def_property_readonly(
          "provisional",
          [](const rules::Package& p) { return p.status != legal::ValueStatus::verified; },
          "True when the package itself is not verified (provisional or disputed).")
      .def_readonly("note", &rules::Package::note, "What is known and unknown about it.")
      .def_property_readonly(
          "conditions",
          [](const rules::Package& p) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& c : p.conditions) out.emplace_back(c.id, c.when);
            return out;
          },
          "Its conditions, in order: (id, expression) pairs.")
      .def_readonly("amount", &rules::Package::amount,
                    "Integer expression in đồng (`0` when none).")
      .def("in_force", &rules::Package::in_force, py::arg("day"),
           "True when the package is in force on `day`.")
      .def("__repr__", [](const rules::Package& p) {
        return "Package('" + p.id + "', " + std::to_string(p.conditions.size()) + " conditions)";
      });

  py::class_<rules::Trace>(m, "Trace", "A full explanation of one person's results.")
      .def_readonly("as_of", &rules::Trace::as_of, "Evaluation date.")
      .def_readonly("row", &rules::Trace::row, "Row in the population.")
      .def_readonly("person", &rules::Trace::person,
                    "The `id` column's value when there is one (a household's: its key).")
      .def_readonly("entity", &rules::Trace::entity, "Whose row: person or household.")
      .def(
          "to_text",
          [](const rules::Trace& t, const std::string& lang) {
            return report::to_text(t, core::parse_language(lang));
          },
          py::arg("lang") = "vi", "A readable explanation in 'vi' or 'en'.")
      .def(
          "to_json", [](const rules::Trace& t, int indent) { return report::to_json(t, indent); },
          py::arg("indent") = 2, "The trace as JSON text.")
      .def("__str__", [](const rules::Trace& t) { return report::to_text(t, core::Language::vi); })
      .def("__repr__", [](const rules::Trace& t) {
        return "Trace(row=" + std::to_string(t.row) + ", " + std::to_string(t.packages.size()) +
               " packages)";
      });

  py::class_<rules::TestReport>(m, "TestReport", "The outcome of a rule file's own tests.")
      .def_readonly("passed", &rules::TestReport::passed, "Tests whose expectations all held.")
      .def_property_readonly(
          "failures",
          [](const rules::TestReport& r) {
            std::vector<std::string> out;
            for (const auto& f : r.failures) out.push_back(f.to_string());
            return out;
          },
          "One text per failed expectation, located at the test.")
      .def_property_readonly(
          "coverage",
          [](const rules::TestReport& r) {
            std::vector<std::tuple<std::string, std::string, bool, bool>> out;
            for (const auto& c : r.coverage)
              out.emplace_back(c.package, c.condition, c.seen_true, c.seen_false);
            return out;
          },
          "Per condition: (package, condition, seen true, seen false).")
      .def_property_readonly("covered", &rules::TestReport::covered,
                             "Conditions seen both true and false.")
      .def_property_readonly("ok", &rules::TestReport::ok, "True when every test passed.")
      .def("__repr__", [](const rules::TestReport& r) {
        return "TestReport(passed=" + std::to_string(r.passed) +
               ", failures=" + std::to_string(r.failures.size()) +
               ", covered=" + std::to_string(r.covered()) + "/" +
               std::to_string(r.coverage.size()) + ")";
      });

  py::class_<rules::RuleSet>(m, "RuleSet",
                             "A loaded, checked rule set (YAML, schema project8/rules/1 or /2).")
      .def_static("load", &rules::RuleSet::load, py::arg("path"), "Loads and checks a rule file.")
      .def_static("from_yaml", &rules::RuleSet::parse, py::arg("text"),
                  py::arg("source_name") = "<text>", "Loads and checks rules from YAML text.")
      .def_property_readonly("name", &rules::RuleSet::name, "The rule set's name.")
      .def_property_readonly("packages", &rules::RuleSet::packages, "The packages in file order.")
      .def_property_readonly(
          "inputs",
          [](const rules::RuleSet& r) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& f : r.inputs().fields())
              out.emplace_back(f.name, r.is_unit_input(f.name) ? "unit" : f.type_name());
            return out;
          },
          "(name, type) of each declared input, e.g. ('sex', 'enum(F, M)'), ('commune', 'unit').")
      .def(
          "_input_fields",
          [](const rules::RuleSet& r, const std::string& entity) {
            std::vector<std::tuple<std::string, std::string, std::vector<std::string>, bool, bool>>
                out;
            const auto& schema = entity == "household" ? r.household_inputs() : r.inputs();
            for (const auto& f : schema.fields()) {
              out.emplace_back(f.name, std::string(data::to_string(f.type)), f.categories,
                               r.input_used(f.name, entity), r.has_default(f.name, entity));
            }
            return out;
          },
          py::arg("entity") = "person")
      .def("is_unit_input", &rules::RuleSet::is_unit_input, py::arg("name"),
           py::arg("entity") = "person",
           "True when input `name` of `entity` is declared `unit` (a unit code).")
      .def_property_readonly("has_households", &rules::RuleSet::has_households,
                             "True when the rule set declares households.")
      .def_property_readonly("household_key", &rules::RuleSet::household_key,
                             "The column linking persons to households (\"\" without).")
      .def_property_readonly(
          "household_inputs",
          [](const rules::RuleSet& r) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto& f : r.household_inputs().fields())
              out.emplace_back(f.name,
                               r.is_unit_input(f.name, "household") ? "unit" : f.type_name());
            return out;
          },
          "(name, type) of each declared household input.")
      .def_property_readonly(
          "tables",
          [](const rules::RuleSet& r) {
            std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> out;
            for (const auto& t : r.tables())
              out.emplace_back(t.name, std::string(core::key(t.source)), t.columns);
            return out;
          },
          "(name, source, columns) of each dated table.")
      .def_property_readonly(
          "variables",
          [](const rules::RuleSet& r) {
            std::vector<std::tuple<std::string, std::string, std::string>> out;
            for (const auto& v : r.variables()) out.emplace_back(v.entity, v.name, v.expression);
            return out;
          },
          "(entity, name, expression) of each named variable.")
      .def_property_readonly("reads_registry", &rules::RuleSet::reads_registry,
                             "True when some table reads the unit registry.")
      .def("with_registry", &rules::RuleSet::with_registry, py::arg("registry"),
           "This rule set with `registry` as the source of its registry tables.")
      .def_property_readonly(
          "registry",
          [](const rules::RuleSet& r) -> std::optional<geo::Registry> {
            if (r.registry() == nullptr) return std::nullopt;
            return *r.registry();
          },
          "The registry given by with_registry(), or None.")
      .def("input_used", &rules::RuleSet::input_used, py::arg("name"), py::arg("entity") = "person",
           "True when some package reads input `name` of `entity` (one read by none, such as id, "
           "may be absent).")
      .def_property_readonly(
          "parameters",
          [](const rules::RuleSet& r) {
            std::vector<std::string> out;
            for (const auto& p : r.parameters()) out.push_back(p.name());
            return out;
          },
          "The dated, cited parameters.")
      .def(
          "parameter_value",
          [](const rules::RuleSet& r, const std::string& name, core::Date day) -> py::object {
            for (const auto& p : r.parameters()) {
              if (p.name() != name) continue;
              const std::int64_t v = p.at(day).value;
              if (!r.is_decimal_parameter(name)) return py::int_(v);
              return py::module_::import("decimal").attr("Decimal")(rules::decimal_text(v));
            }
            throw core::NotFoundError("no parameter '" + name + "'");
          },
          py::arg("name"), py::arg("day"),
          "The value of parameter `name` in force on `day` (a decimal.Decimal for a decimal "
          "parameter).")
      .def_property_readonly(
          "warnings",
          [](const rules::RuleSet& r) {
            std::vector<std::string> out;
            for (const auto& w : r.warnings()) out.push_back(w.to_string());
            return out;
          },
          "Warnings of the static checks (unused inputs or parameters).")
      .def_property_readonly("source_text", &rules::RuleSet::source_text,
                             "The YAML text it was loaded from (what pickling ships).")
      .def("run_tests", &rules::run_tests, "Runs the tests written in the rule file.")
      .def(
          "_evaluate",
          [](const rules::RuleSet& r, const py::list& specs, std::size_t rows, core::Date as_of,
             std::size_t threads, std::size_t chunk_rows) {
            const auto table = bindings::table_from(r.inputs(), specs, rows);
            return evaluated_for_python(
                [&] { return rules::evaluate(r, table, as_of, options_of(threads, chunk_rows)); });
          },
          py::arg("specs"), py::arg("rows"), py::arg("as_of"), py::arg("threads") = 0,
          py::arg("chunk_rows") = rules::EvaluateOptions{}.chunk_rows)
      .def(
          "_evaluate_households",
          [](const rules::RuleSet& r, const py::list& person_specs, std::size_t person_rows,
             const py::list& household_specs, std::size_t household_rows, core::Date as_of,
             std::size_t threads, std::size_t chunk_rows) {
            const auto persons = bindings::table_from(r.inputs(), person_specs, person_rows);
            const auto households =
                bindings::table_from(r.household_inputs(), household_specs, household_rows);
            return evaluated_for_python([&] {
              return rules::evaluate(r, persons, households, as_of,
                                     options_of(threads, chunk_rows));
            });
          },
          py::arg("person_specs"), py::arg("person_rows"), py::arg("household_specs"),
          py::arg("household_rows"), py::arg("as_of"), py::arg("threads") = 0,
          py::arg("chunk_rows") = rules::EvaluateOptions{}.chunk_rows)
      .def(
          "_explain_households",
          [](const rules::RuleSet& r, const py::list& person_specs, std::size_t person_rows,
             const py::list& household_specs, std::size_t household_rows, std::size_t row,
             core::Date as_of, const std::string& entity) {
            const auto persons = bindings::table_from(r.inputs(), person_specs, person_rows);
            const auto households =
                bindings::table_from(r.household_inputs(), household_specs, household_rows);
            return rules::explain(r, persons, households, row, as_of, entity);
          },
          py::arg("person_specs"), py::arg("person_rows"), py::arg("household_specs"),
          py::arg("household_rows"), py::arg("row"), py::arg("as_of"), py::arg("entity"))
      .def(
          "_read_households",
          [](const rules::RuleSet& r, const std::filesystem::path& path,
             const std::optional<std::string>& encoding,
             const std::optional<std::string>& delimiter, const std::optional<std::string>& sheet) {
            data::CsvOptions o;
            o.source = bindings::source_options(encoding, delimiter, sheet);
            return read_for_python([&] { return rules::read_households(r, path, o); });
          },
          py::arg("path"), py::arg("encoding") = py::none(), py::arg("delimiter") = py::none(),
          py::arg("sheet") = py::none())
      .def(
          "_explain",
          [](const rules::RuleSet& r, const py::list& specs, std::size_t rows, std::size_t row,
             core::Date as_of) {
            const auto table = bindings::table_from(r.inputs(), specs, rows);
            return rules::explain(r, table, row, as_of);
          },
          py::arg("specs"), py::arg("rows"), py::arg("row"), py::arg("as_of"))
      .def(
          "_whatif",
          [](const rules::RuleSet& base, const rules::RuleSet& variant, const py::list& specs,
             std::size_t rows, const py::object& household_specs, std::size_t household_rows,
             core::Date as_of, std::size_t threads) {
            const auto table = bindings::table_from(base.inputs(), specs, rows);
            const auto& with = base.has_households() ? base : variant;
            std::optional<data::Table> households;
            if (!household_specs.is_none()) {
              households = bindings::table_from(with.household_inputs(),
                                                household_specs.cast<py::list>(), household_rows);
            }
            rules::WhatIf w;
            {
              py::gil_scoped_release release;
              const auto options = options_of(threads, rules::EvaluateOptions{}.chunk_rows);
              w = households ? rules::whatif(base, variant, table, *households, as_of, options)
                             : rules::whatif(base, variant, table, as_of, options);
            }
            py::list out;
            for (const auto& p : w.packages) {
              py::dict d;
              d["package"] = p.id;
              d["entity"] = p.entity;
              d["in_base"] = p.in_base;
              d["in_variant"] = p.in_variant;
              d["base_eligible"] = p.base_eligible;
              d["variant_eligible"] = p.variant_eligible;
              d["gained"] = p.gained;
              d["lost"] = p.lost;
              d["base_cost"] = p.base_cost.in_vnd();
              d["variant_cost"] = p.variant_cost.in_vnd();
              d["cost_difference"] = p.cost_difference().in_vnd();
              d["gained_by_reason"] = p.gained_by_reason;
              d["lost_by_reason"] = p.lost_by_reason;
              out.append(d);
            }
            return out;
          },
          py::arg("variant"), py::arg("specs"), py::arg("rows"), py::arg("household_specs"),
          py::arg("household_rows"), py::arg("as_of"), py::arg("threads") = 0)
      .def(
          "_read_population",
          [](const rules::RuleSet& r, const std::filesystem::path& path,
             const std::optional<std::string>& encoding,
             const std::optional<std::string>& delimiter, const std::optional<std::string>& sheet) {
            data::CsvOptions o;
            o.source = bindings::source_options(encoding, delimiter, sheet);
            return read_for_python([&] { return rules::read_population(r, path, o); });
          },
          py::arg("path"), py::arg("encoding") = py::none(), py::arg("delimiter") = py::none(),
          py::arg("sheet") = py::none())
      .def("__repr__",
           [](const rules::RuleSet& r) {
             return "RuleSet('" + r.name() + "', " + std::to_string(r.packages().size()) +
                    " packages)";
           })
      .def(py::pickle(
          [](const rules::RuleSet& r) -> py::tuple {
            if (r.registry() == nullptr) return py::make_tuple(r.source_text(), r.source_name());
            return py::make_tuple(r.source_text(), r.source_name(), r.registry()->source_text(),
                                  r.registry()->source_name());
          },
          [](const py::tuple& t) {
            auto r = rules::RuleSet::parse(t[0].cast<std::string>(), t[1].cast<std::string>());
            if (t.size() < 4) return r;
            const auto text = t[2].cast<std::string>();
            return r.with_registry(text.empty()
                                       ? geo::Registry()
                                       : geo::Registry::parse(text, t[3].cast<std::string>()));
          }));
}
