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
  // One submodule per C++ module, in dependency order.
  struct Submodule {
    const char* name;
    const char* doc;
    void (*add)(py::module_&);
  };
  static constexpr Submodule kSubmodules[] = {
      {"core", "Money, dates, reporting periods and text keys.", register_core},
      {"legal", "Legal instruments, citations and dated parameters.", register_legal},
      {"geo", "Administrative units, lineage, zone classes, ethnic groups.", register_geo},
      {"plan", "Plans: content areas, activities, agencies, targets, models.", register_plan},
      {"rules", "Eligibility rules as data: rule sets, evaluation, traces, what-if.",
       register_rules},
      {"tracking", "Target tracking: records, progress, aggregation, quality.", register_tracking},
      {"budget", "Budget: allocation, cost estimates, ledger, payment audit.", register_budget},
      {"workspace", "Workspaces: the year's data in one SQLite file.", register_workspace},
      {"report", "Reports: bilingual tables in Markdown, CSV, JSON and Excel.", register_report},
  };
  for (const auto& sub : kSubmodules) {
    auto module = m.def_submodule(sub.name, sub.doc);
    sub.add(module);
  }
}
