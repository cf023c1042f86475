/// \file
/// Umbrella header: includes every public header of project8.
///
/// **Example**:
///
///     #include <project8/project8.hpp>
///     auto m = project8::core::Money::parse("1.234.567 đ");
#pragma once

#include <project8/budget/allocation.hpp>
#include <project8/budget/audit.hpp>
#include <project8/budget/estimate.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/core/checked.hpp>
#include <project8/core/date.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/table.hpp>
#include <project8/geo/ethnic_group.hpp>
#include <project8/geo/registry.hpp>
#include <project8/geo/unit.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>
#include <project8/legal/programme.hpp>
#include <project8/plan/plan.hpp>
#include <project8/report/report.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/rules/formula.hpp>
#include <project8/rules/rule_set.hpp>
#include <project8/tracking/calendar.hpp>
#include <project8/tracking/progress.hpp>
#include <project8/tracking/quality.hpp>
#include <project8/tracking/records.hpp>
#include <project8/version.hpp>
#include <project8/workspace/workspace.hpp>

/// The project8 library: plans, eligibility rules, target tracking and budgets
/// for Project 8 of the National Target Program 1719.
namespace project8 {}

/// Core vocabulary shared by every module: money, dates, periods, ids, errors, text.
namespace project8::core {}
