// Bindings of project8::workspace and project8::report.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"
#include "columns.hpp"
#include "source.hpp"
#include <project8/report/report.hpp>
#include <project8/workspace/workspace.hpp>

namespace py = pybind11;
using namespace project8;

namespace {

/// The declared fields of a record type, for Python.
template <class R>
py::list fields_to_python(const data::RecordSchema<R>& schema) {
  py::list out;
  for (const auto& f : schema.fields) {
    py::dict d;
    d["name"] = f.name;
    d["kind"] = std::string(core::key(f.kind));
    d["required"] = f.is_required();
    d["meaning_vi"] = f.meaning.vi;
    d["meaning_en"] = f.meaning.en;
    d["categories"] = f.categories;
    d["min"] = f.limits.min;
    d["max"] = f.limits.max;
    out.append(d);
  }
  return out;
}

}  // namespace

void register_workspace(py::module_& m) {
  m.def(
      "record_fields",
      [](const std::string& kind) {
        switch (workspace::parse_import_kind(kind)) {
          case workspace::ImportKind::records:
            return fields_to_python(tracking::record_schema());
          case workspace::ImportKind::payments:
            return fields_to_python(budget::payment_schema());
          case workspace::ImportKind::ledger:
            return fields_to_python(budget::ledger_schema());
          case workspace::ImportKind::population:
            break;
        }
        throw core::InvalidArgument(
            "a population's fields are its rule set's inputs (RuleSet.inputs)");
      },
      py::arg("kind"),
      "The declared fields of 'records', 'payments' or 'ledger': a list of dicts with name, kind, "
      "required, "
      "meaning_vi, meaning_en, categories, min and max. Every reader, the workspace and the frames "
      "follow it.");
  py::class_<workspace::Workspace>(
      m, "Workspace",
      "A workspace: the year's plan, rules, units, records, payments, ledger and "
      "population in one SQLite file.")
      .def_static(
          "create",
          [](const std::filesystem::path& file, const std::filesystem::path& plan,
             std::optional<std::filesystem::path> rules, std::optional<std::filesystem::path> units,
             std::optional<std::filesystem::path> calendar, std::optional<std::string> key,
             const std::optional<std::filesystem::path>& key_file) {
            return workspace::Workspace::create(
                file, plan,
                {std::move(rules), std::move(units), std::move(calendar),
                 workspace::Key::given(std::move(key), key_file)});
          },
          py::arg("file"), py::arg("plan"), py::arg("rules") = py::none(),
          py::arg("units") = py::none(), py::arg("calendar") = py::none(), py::kw_only(),
          py::arg("key") = py::none(), py::arg("key_file") = py::none(),
          "Creates a workspace file (which must not exist) from a plan file; rules, units and "
          "calendar default to the bundled ones; encrypted with key (a passphrase) or the first "
          "line of key_file.")
      .def_static(
          "open",
          [](const std::filesystem::path& file, std::optional<std::string> key,
             const std::optional<std::filesystem::path>& key_file, bool read_only) {
            return workspace::Workspace::open(
                file, {workspace::Key::given(std::move(key), key_file), read_only});
          },
          py::arg("file"), py::kw_only(), py::arg("key") = py::none(),
          py::arg("key_file") = py::none(), py::arg("read_only") = false,
          "Opens a workspace, migrating an older schema (unless read_only); an encrypted one "
          "with key or key_file.")
      .def_property_readonly("encrypted", &workspace::Workspace::encrypted,
                             "Whether the file is encrypted.")
      .def_property_readonly("read_only", &workspace::Workspace::read_only,
                             "Whether it was opened for reading only.")
      .def_property_readonly("schema_version", &workspace::Workspace::schema_version,
                             "The file's schema version.")
      .def_property_readonly("plan", &workspace::Workspace::plan, py::return_value_policy::copy,
                             "The plan.")
      .def_property_readonly("units", &workspace::Workspace::units, py::return_value_policy::copy,
                             "The unit registry.")
      .def_property_readonly("rules", &workspace::Workspace::rules, py::return_value_policy::copy,
                             "The rule set of the policy packages.")
      .def(
          "import_file",
          [](workspace::Workspace& w, const std::string& kind, const std::filesystem::path& file,
             const std::optional<std::string>& encoding,
             const std::optional<std::string>& delimiter, const std::optional<std::string>& sheet,
             const std::string& lang, bool replace_smaller) {
            const auto options = bindings::source_options(encoding, delimiter, sheet);
            const auto language = core::parse_language(lang);
            workspace::ImportOptions policy;
            policy.replace_smaller = replace_smaller;
            workspace::ImportResult r;
            {
              py::gil_scoped_release release;
              r = w.import_file(workspace::parse_import_kind(kind), file, options, policy);
            }
            py::dict d;
            d["kind"] = std::string(workspace::to_string(r.kind));
            d["id"] = r.id;
            d["rows"] = r.rows;
            d["already_imported"] = r.already_imported;
            d["normalised"] = r.notes.summary(language);
            return d;
          },
          py::arg("kind"), py::arg("file"), py::arg("encoding") = py::none(),
          py::arg("delimiter") = py::none(), py::arg("sheet") = py::none(), py::arg("lang") = "vi",
          py::arg("replace_smaller") = false,
          "Imports a file (CSV in any encoding or delimiter, or an Excel workbook) of kind "
          "records, payments, ledger or population: all or nothing, once.")
      .def("_imports",
           [](const workspace::Workspace& w) {
             py::list out;
             for (const auto& i : w.imports()) {
               out.append(py::make_tuple(i.id, std::string(workspace::to_string(i.kind)), i.name,
                                         i.rows, i.imported_at));
             }
             return out;
           })
      .def("records", &workspace::Workspace::records, "The records imported so far (a RecordSet).")
      .def("ledger", &workspace::Workspace::ledger, "The ledger.")
      .def("_payments",
           [](const workspace::Workspace& w) {
             return bindings::records_to_python(budget::payment_schema(), w.payments());
           })
      .def("_population",
           [](const workspace::Workspace& w) { return bindings::table_to_python(w.population()); })
      .def("__repr__", [](const workspace::Workspace& w) {
        return "Workspace(plan '" + w.plan().id + "', schema " +
               std::to_string(w.schema_version()) + ")";
      });
}

void register_report(py::module_& m) {
  py::class_<report::Document>(m, "Document",
                               "A report: facts and bilingual tables, ready to render.")
      .def_readonly("suppress_below", &report::Document::suppress_below,
                    "The threshold applied to sensitive counts.")
      .def_readonly("suppressed_cells", &report::Document::suppressed_cells,
                    "How many cells were suppressed.")
      .def_readonly("internal", &report::Document::internal,
                    "Built without suppression: stamped internal, not for publication.")
      .def_property_readonly(
          "table_ids",
          [](const report::Document& d) {
            std::vector<std::string> out;
            for (const auto& t : d.tables) out.push_back(t.id);
            return out;
          },
          "The tables' ids, in order.")
      .def(
          "to_markdown",
          [](const report::Document& d, const std::string& lang) {
            return report::to_markdown(d, core::parse_language(lang));
          },
          py::arg("lang") = "vi", "Markdown, in 'vi' or 'en'.")
      .def(
          "to_json",
          [](const report::Document& d, const std::string& lang) {
            return report::to_json(d, core::parse_language(lang));
          },
          py::arg("lang") = "vi", "JSON with raw values (suppressed cells as '<N').")
      .def(
          "to_csv",
          [](const report::Document& d, const std::string& lang) {
            return report::to_csv(d, core::parse_language(lang));
          },
          py::arg("lang") = "vi", "One CSV per table: a list of (file name, content).")
      .def(
          "write_xlsx",
          [](const report::Document& d, const std::filesystem::path& file,
             const std::string& lang) { report::write_xlsx(d, core::parse_language(lang), file); },
          py::arg("file"), py::arg("lang") = "vi", "Writes an Excel workbook: one sheet per table.")
      .def("__repr__", [](const report::Document& d) {
        return "Document(" + std::to_string(d.tables.size()) + " tables, " +
               std::to_string(d.suppressed_cells) + " suppressed cells)";
      });
  m.def(
      "build",
      [](const workspace::Workspace& ws, core::Date as_of,
         const std::optional<core::ReportingPeriod>& period, std::size_t suppress_below,
         bool no_suppression) {
        report::ReportOptions o(as_of);
        o.period = period;
        o.suppress_below = suppress_below;
        o.internal = no_suppression;
        py::gil_scoped_release release;
        return report::build(ws.report_inputs(), o);
      },
      py::arg("workspace"), py::arg("as_of"), py::arg("period") = py::none(),
      py::arg("suppress_below") = 5, py::arg("no_suppression") = false,
      "Builds the report of a workspace as of a date (optionally a period such as '2025-H1').");
}
