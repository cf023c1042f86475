// Reports: rendering a built document as Markdown, JSON, CSV and Excel (numbers
// formatted per language, suppressed cells shown as such).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <project8/core/file.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/report.hpp>
#include <xlsxwriter.h>

namespace project8::report {

namespace {

using core::LocalizedText;

const std::string& in(const LocalizedText& t, core::Language lang) {
  return t.in(lang);
}

std::string group_digits(std::int64_t n, char sep) {
  const bool neg = n < 0;
  const std::uint64_t magnitude =
      neg ? 0U - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  const std::string d = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i != 0 && (d.size() - i) % 3 == 0) out += sep;
    out += d[i];
  }
  return (neg ? "-" : "") + out;
}

std::string decimal(double x, core::Language lang) {
  std::ostringstream s;
  const double r = std::round(x * 10.0) / 10.0;
  if (r == std::floor(r)) {
    s << static_cast<long long>(r);
  } else {
    s.setf(std::ios::fixed);
    s.precision(1);
    s << r;
  }
  std::string out = s.str();
  if (lang == core::Language::vi) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

/// A cell as people read it (Markdown, Excel strings).
std::string shown(const Cell& c, CellKind kind, core::Language lang, std::size_t suppress_below) {
  if (c.suppressed && kind == CellKind::money)
    return lang == core::Language::vi ? "(ẩn)" : "(hidden)";
  if (c.suppressed) return "<" + std::to_string(suppress_below);
  return std::visit(
      [&](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<V, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<V, LocalizedText>) {
          return in(v, lang);
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          if (kind == CellKind::money)
            return group_digits(v, lang == core::Language::vi ? '.' : ',');
          return std::to_string(v);
        } else {
          return decimal(v, lang);
        }
      },
      c.value);
}

/// A cell as data (CSV, JSON): raw numbers.
nlohmann::ordered_json raw(const Cell& c, CellKind kind, core::Language lang,
                           std::size_t suppress_below) {
  if (c.suppressed && kind == CellKind::money)
    return lang == core::Language::vi ? "(ẩn)" : "(hidden)";
  if (c.suppressed) return "<" + std::to_string(suppress_below);
  return std::visit(
      [&](const auto& v) -> nlohmann::ordered_json {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<V, LocalizedText>) {
          return in(v, lang);
        } else if constexpr (std::is_same_v<V, double>) {
          return std::round(v * 10.0) / 10.0;
        } else {
          return v;
        }
      },
      c.value);
}

bool numeric(CellKind k) {
  return k != CellKind::text;
}

std::string md_escape(std::string s) {
  std::string out;
  for (const char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  return out;
}

}  // namespace

std::string to_markdown(const Document& doc, core::Language lang) {
  std::ostringstream out;
  if (doc.internal) out << "**" << in(internal_stamp(), lang) << "**\n\n";
  out << "# " << in(doc.title, lang) << "\n\n";
  for (const auto& f : doc.facts)
    out << "- **" << in(f.label, lang) << "**: " << in(f.value, lang) << '\n';
  for (const auto& t : doc.tables) {
    out << "\n## " << in(t.title, lang) << "\n\n";
    if (t.rows.empty()) {
      out << (lang == core::Language::vi ? "_(không có dòng nào)_\n" : "_(no rows)_\n");
    } else {
      out << '|';
      for (const auto& c : t.columns) out << ' ' << md_escape(in(c.title, lang)) << " |";
      out << "\n|";
      for (const auto& c : t.columns) out << (numeric(c.kind) ? "---:|" : "---|");
      out << '\n';
      for (const auto& row : t.rows) {
        out << '|';
        for (std::size_t i = 0; i < row.size(); ++i) {
          out << ' ' << md_escape(shown(row[i], t.columns[i].kind, lang, doc.suppress_below))
              << " |";
        }
        out << '\n';
      }
    }
    for (const auto& n : t.notes) out << "\n> " << in(n, lang) << '\n';
  }
  if (doc.suppressed_cells > 0) {
    out << '\n'
        << (lang == core::Language::vi
                ? "_Các số dưới " + std::to_string(doc.suppress_below) +
                      " về đối tượng nhạy cảm được ẩn (<" + std::to_string(doc.suppress_below) +
                      ")._"
                : "_Sensitive counts below " + std::to_string(doc.suppress_below) +
                      " are hidden (<" + std::to_string(doc.suppress_below) + ")._")
        << '\n';
  }
  return out.str();
}

std::string to_json(const Document& doc, core::Language lang, int indent) {
  nlohmann::ordered_json j;
  j["title"] = in(doc.title, lang);
  auto& facts = j["facts"] = nlohmann::ordered_json::object();
  for (const auto& f : doc.facts)
    facts[f.key] = {{"label", in(f.label, lang)}, {"value", in(f.value, lang)}};
  j["suppress_below"] = doc.suppress_below;
  j["internal"] = doc.internal;
  j["suppressed_cells"] = doc.suppressed_cells;
  auto& tables = j["tables"] = nlohmann::ordered_json::array();
  for (const auto& t : doc.tables) {
    nlohmann::ordered_json o;
    o["id"] = t.id;
    o["title"] = in(t.title, lang);
    auto& cols = o["columns"] = nlohmann::ordered_json::array();
    for (const auto& c : t.columns) cols.push_back({{"key", c.key}, {"title", in(c.title, lang)}});
    auto& rows = o["rows"] = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      auto& r = rows.emplace_back(nlohmann::ordered_json::array());
      for (std::size_t i = 0; i < row.size(); ++i)
        r.push_back(raw(row[i], t.columns[i].kind, lang, doc.suppress_below));
    }
    auto& notes = o["notes"] = nlohmann::ordered_json::array();
    for (const auto& n : t.notes) notes.push_back(in(n, lang));
    tables.push_back(std::move(o));
  }
  return j.dump(indent);
}

std::vector<std::pair<std::string, std::string>> to_csv(const Document& doc, core::Language lang) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : doc.tables) {
    std::string s;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      s += (i ? "," : "") + data::csv_field(t.columns[i].key);
    s += '\n';
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        const auto v = raw(row[i], t.columns[i].kind, lang, doc.suppress_below);
        std::string cell = v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump();
        s += (i ? "," : "") + data::csv_field(cell);
      }
      s += '\n';
    }
    // An internal document's files say so in their names (a CSV has no room for a stamp).
    out.emplace_back((doc.internal ? "noi-bo-" : "") + t.id + ".csv", std::move(s));
  }
  return out;
}

void write_xlsx(const Document& doc, core::Language lang, const std::filesystem::path& file) {
  // libxlsxwriter writes a file by name: the temporary file of an OutputFile,
  // renamed over `file` once the workbook is complete.
  core::OutputFile output(file, core::FileAccess::shared);
  lxw_workbook* wb = workbook_new(output.temporary_path().string().c_str());
  if (wb == nullptr) throw core::Error("cannot create " + file.string());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 13);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0");
  lxw_format* count = workbook_add_format(wb);
  format_set_num_format(count, "0");
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.0");
  lxw_format* right = workbook_add_format(wb);
  format_set_align(right, LXW_ALIGN_RIGHT);
  lxw_format* note = workbook_add_format(wb);
  format_set_italic(note);

  auto width = [](const std::string& s) { return static_cast<double>(core::code_point_count(s)); };

  // An internal document: every printed page carries the stamp in its header.
  const std::string page_header = "&C&B" + in(internal_stamp(), lang);
  auto stamp = [&](lxw_worksheet* ws) {
    if (doc.internal) worksheet_set_header(ws, page_header.c_str());
  };

  // First sheet: the title and the facts.
  lxw_worksheet* info =
      workbook_add_worksheet(wb, lang == core::Language::vi ? "Thông tin" : "Info");
  stamp(info);
  worksheet_write_string(info, 0, 0, in(doc.title, lang).c_str(), title);
  double w0 = 12, w1 = 20;
  for (std::size_t i = 0; i < doc.facts.size(); ++i) {
    const auto r = static_cast<lxw_row_t>(i + 2);
    worksheet_write_string(info, r, 0, in(doc.facts[i].label, lang).c_str(), bold);
    worksheet_write_string(info, r, 1, in(doc.facts[i].value, lang).c_str(), nullptr);
    w0 = std::max(w0, width(in(doc.facts[i].label, lang)) + 2);
    w1 = std::max(w1, width(in(doc.facts[i].value, lang)) + 2);
  }
  worksheet_set_column(info, 0, 0, std::min(w0, 40.0), nullptr);
  worksheet_set_column(info, 1, 1, std::min(w1, 80.0), nullptr);

  for (const auto& t : doc.tables) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.id.substr(0, 31).c_str());
    stamp(ws);
    std::vector<double> widths;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string h = in(t.columns[c].title, lang);
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), h.c_str(), bold);
      widths.push_back(std::max(8.0, width(h) + 2));
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const auto row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
        const Cell& cell = t.rows[r][c];
        const auto col = static_cast<lxw_col_t>(c);
        const CellKind kind = t.columns[c].kind;
        const std::string s = shown(cell, kind, lang, doc.suppress_below);
        if (cell.suppressed) {
          worksheet_write_string(ws, row, col, s.c_str(), right);
        } else if (const auto* i = std::get_if<std::int64_t>(&cell.value)) {
          worksheet_write_number(ws, row, col, static_cast<double>(*i),
                                 kind == CellKind::money ? money : count);
        } else if (const auto* d = std::get_if<double>(&cell.value)) {
          worksheet_write_number(ws, row, col, std::round(*d * 10.0) / 10.0, pct);
        } else if (!s.empty()) {
          worksheet_write_string(ws, row, col, s.c_str(), nullptr);
        }
        const double shown_width =
            kind == CellKind::money
                ? width(group_digits(std::get_if<std::int64_t>(&cell.value)
                                         ? *std::get_if<std::int64_t>(&cell.value)
                                         : 0,
                                     ',')) +
                      2
                : width(s) + 2;
        widths[c] = std::max(widths[c], shown_width);
      }
    }
    auto next = static_cast<lxw_row_t>(t.rows.size() + 2);
    for (const auto& n : t.notes) worksheet_write_string(ws, next++, 0, in(n, lang).c_str(), note);
    for (std::size_t c = 0; c < widths.size(); ++c) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::min(widths[c], 60.0), nullptr);
    }
  }
  if (const lxw_error e = workbook_close(wb); e != LXW_NO_ERROR) {
    throw core::Error("cannot write " + file.string() + ": " + lxw_strerror(e));
  }
  output.commit();
}

std::string file_name(const ReportOptions& options, std::string_view format) {
  return "bao-cao-" + (options.period ? options.period->label() : core::to_iso(options.as_of)) +
         "." + std::string(format);
}

std::string render(const Document& doc, std::string_view format, core::Language lang) {
  if (format == "md") return to_markdown(doc, lang);
  if (format == "json") return to_json(doc, lang) + "\n";
  throw core::InvalidArgument("a report as one text is md or json, not '" + std::string(format) +
                              "'");
}

std::vector<std::filesystem::path> write_report(const Document& doc, std::string_view format,
                                                core::Language lang,
                                                const std::filesystem::path& dir,
                                                const ReportOptions& options) {
  const auto known = std::find(std::begin(kReportFormats), std::end(kReportFormats), format);
  if (known == std::end(kReportFormats)) {
    throw core::InvalidArgument("report format '" + std::string(format) +
                                "': one of md, csv, json, xlsx was expected");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw core::Error("cannot create the folder " + dir.string() + ": " + ec.message());
  auto write = [](const std::filesystem::path& file, const std::string& text) {
    core::write_file(file, text, core::FileAccess::shared);  // aggregates, suppressed
  };
  std::vector<std::filesystem::path> written;
  if (format == "csv") {
    for (const auto& [name, text] : to_csv(doc, lang)) {
      written.push_back(dir / name);
      write(written.back(), text);
    }
  } else if (format == "xlsx") {
    written.push_back(dir / file_name(options, format));
    write_xlsx(doc, lang, written.back());
  } else {
    written.push_back(dir / file_name(options, format));
    write(written.back(), render(doc, format, lang));
  }
  return written;
}

}  // namespace project8::report
