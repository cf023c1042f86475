// `formats show`: the columns of each record file, made from the record types'
// declared fields (the docs' tables come from the same declarations).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include <project8/budget/audit.hpp>
#include <project8/budget/estimate.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/data/record.hpp>
#include <project8/tracking/records.hpp>

namespace project8::cli {

namespace {

/// The record files, by name, with their format tables.
struct RecordFormat {
  const char* name;
  std::string (*table)(core::Language);
};
constexpr RecordFormat kFormats[] = {
    {"records",
     [](core::Language l) { return data::markdown_table(tracking::record_schema(), l); }},
    {"payments",
     [](core::Language l) { return data::markdown_table(budget::payment_schema(), l); }},
    {"ledger", [](core::Language l) { return data::markdown_table(budget::ledger_schema(), l); }},
    {"quantities",
     [](core::Language l) { return data::markdown_table(budget::quantity_schema(), l); }},
};

}  // namespace

void add_format_commands(CLI::App& app) {
  auto* formats = app.add_subcommand("formats", "The files project8 reads: their columns");
  formats->require_subcommand(1);
  auto* show = formats->add_subcommand("show", "Print the columns of a record file (Markdown)");
  struct Args {
    std::string kind, lang;
  };
  auto a = std::make_shared<Args>();
  std::vector<std::string> names;
  for (const auto& f : kFormats) names.emplace_back(f.name);
  show->add_option(
          "kind", a->kind,
          core::join_alternatives(names) + " (a population's columns are its rule set's inputs)")
      ->required()
      ->check(CLI::IsMember(names));
  add_lang_option(show, a->lang);
  show->callback([a] {
    for (const auto& f : kFormats) {
      if (a->kind == f.name) std::cout << f.table(core::parse_language(a->lang));
    }
  });
}

}  // namespace project8::cli
