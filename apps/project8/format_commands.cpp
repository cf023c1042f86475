// `formats show`: the columns of each record file, made from the record types'
// declared fields (the docs' tables come from the same declarations).
#include <project8/budget/audit.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/data/record.hpp>
#include <project8/tracking/records.hpp>
#include <project8/workspace/workspace.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"

namespace project8::cli {

namespace {

/// The Markdown table of `kind`'s file format in `lang`.
std::string format_table(workspace::ImportKind kind, core::Language lang) {
  switch (kind) {
    case workspace::ImportKind::records: return data::markdown_table(tracking::record_schema(), lang);
    case workspace::ImportKind::payments: return data::markdown_table(budget::payment_schema(), lang);
    case workspace::ImportKind::ledger: return data::markdown_table(budget::ledger_schema(), lang);
    case workspace::ImportKind::population: break;
  }
  throw core::InvalidArgument(lang == core::Language::vi
                                  ? "các cột của danh sách đối tượng là đầu vào của bộ quy tắc: project8 rules check"
                                  : "a population's columns are its rule set's inputs: see project8 rules check");
}

}  // namespace

void add_format_commands(CLI::App& app) {
  auto* formats = app.add_subcommand("formats", "The files project8 reads: their columns");
  formats->require_subcommand(1);
  auto* show = formats->add_subcommand("show", "Print the columns of a records, payments or ledger file (Markdown)");
  struct Args {
    std::string kind, lang;
  };
  auto a = std::make_shared<Args>();
  show->add_option("kind", a->kind, "records, payments or ledger")->required()->check(one_of<workspace::ImportKind>());
  add_lang_option(show, a->lang);
  show->callback([a] {
    std::cout << format_table(workspace::parse_import_kind(a->kind), core::parse_language(a->lang));
  });
}

}  // namespace project8::cli
