// Fuzzes the front door for officers' files (data/source.hpp): the decoders,
// the delimiter, the comma rewrite and the Excel reader. Any input either
// becomes UTF-8 CSV text without a byte-order mark — which the CSV reader then
// reads or refuses with ParseError — or is refused with ParseError. Nothing
// else. The first byte chooses the encoding asked for, the delimiter and the
// mode: the bytes as a file, or a workbook zipped here from the parts the rest
// holds (sheet, shared texts, styles; separated by NULs), so that the XML
// readers are reached past the zip's checksums.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/source.hpp>
#include <zip.h>

namespace {

/// A zip archive in memory holding `parts` (name, content).
std::string zipped(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  std::string out;
  if (zip_source_open(buffer) == 0) {
    char block[4096];
    zip_int64_t n = 0;
    while ((n = zip_source_read(buffer, block, sizeof block)) > 0)
      out.append(block, static_cast<std::size_t>(n));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

std::string workbook_from(std::string_view rest) {
  std::vector<std::string> parts(3);
  std::size_t k = 0;
  for (const char c : rest) {
    if (c == '\0' && k < 2) {
      ++k;
    } else {
      parts[k] += c;
    }
  }
  return zipped({
      {"xl/workbook.xml",
       "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
       "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
       "</Relationships>"},
      {"xl/worksheets/sheet1.xml", parts[0]},
      {"xl/sharedStrings.xml", parts[1]},
      {"xl/styles.xml", parts[2]},
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  if (size == 0) return 0;
  static const data::Schema schema =
      data::Schema::parse({{"id", "string"}, {"born", "date"}, {"n", "int"}, {"flag", "bool"}});
  const std::uint8_t mode = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  data::SourceOptions o;
  static const std::optional<data::TextEncoding> encodings[] = {std::nullopt,
                                                                data::TextEncoding::utf8,
                                                                data::TextEncoding::utf16le,
                                                                data::TextEncoding::utf16be,
                                                                data::TextEncoding::windows1258,
                                                                data::TextEncoding::tcvn3};
  o.encoding = encodings[(mode & 0x7U) % 6];
  static const char delimiters[] = {0, ',', ';', '\t'};
  o.delimiter = delimiters[(mode >> 3U) & 0x3U];
  o.expected_columns = schema.names();
  const std::string bytes = (mode & 0x20U) != 0 ? workbook_from(rest) : std::string(rest);
  try {
    const auto src = data::source_from_bytes(bytes, "fuzz", o);
    const std::string_view text = src.text();
    if (!core::is_valid_utf8(text) || text.starts_with("\xEF\xBB\xBF")) std::abort();
    for (const auto& line : src.notes().summary(core::Language::vi)) {
      if (!core::is_valid_utf8(line)) std::abort();
    }
    try {
      const auto t = src.read([&](std::string_view csv, const std::string& name) {
        return data::parse_csv(csv, schema, name);
      });
      for (const auto& c : t.columns()) {
        if (c.size() != t.rows()) std::abort();
      }
    } catch (const core::ParseError& e) {
      for (const auto& p : e.problems()) {
        if (!core::is_valid_utf8(p.to_string())) std::abort();
      }
    }
  } catch (const core::ParseError& e) {
    for (const auto& p : e.problems()) {
      if (!core::is_valid_utf8(p.to_string())) std::abort();
    }
  } catch (const core::InvalidArgument&) {  // a delimiter that cannot be (never: the four above)
    std::abort();
  }
  return 0;
}
