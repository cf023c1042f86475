// PYBIND11_MODULE(_core): one register function per C++ module (boost-histogram's shape).
#include <pybind11/pybind11.h>

namespace py = pybind11;

void register_errors(py::module_& m);
void register_core(py::module_& m);
void register_legal(py::module_& m);
void register_geo(py::module_& m);
void register_plan(py::module_& m);
void register_rules(py::module_& m);
void register_tracking(py::module_& m);
void register_budget(py::module_& m);
void register_workspace(py::module_& m);
void register_report(py::module_& m);

PYBIND11_MODULE(_core, m) {
  m.doc() = "project8: plans, eligibility rules, target tracking and budgets for Project 8.";
  m.attr("__version__") = PROJECT8_VERSION;
  register_errors(m);  // first, so that every later binding can throw them
  auto core = m.def_submodule("core", "Money, dates, reporting periods and text keys.");
  register_core(core);
  auto legal = m.def_submodule("legal", "Legal instruments, citations and dated parameters.");
  register_legal(legal);
  auto geo = m.def_submodule("geo", "Administrative units, lineage, zone classes, ethnic groups.");
  register_geo(geo);
  auto plan =
      m.def_submodule("plan", "Plans: content areas, activities, agencies, targets, models.");
  register_plan(plan);
  auto rules = m.def_submodule(
      "rules", "Eligibility rules as data: rule sets, evaluation, traces, what-if.");
  register_rules(rules);
  auto tracking =
      m.def_submodule("tracking", "Target tracking: records, progress, aggregation, quality.");
  register_tracking(tracking);
  auto budget =
      m.def_submodule("budget", "Budget: allocation, cost estimates, ledger, payment audit.");
  register_budget(budget);
  auto workspace = m.def_submodule("workspace", "Workspaces: the year's data in one SQLite file.");
  register_workspace(workspace);
  auto report =
      m.def_submodule("report", "Reports: bilingual tables in Markdown, CSV, JSON and Excel.");
  register_report(report);
}
