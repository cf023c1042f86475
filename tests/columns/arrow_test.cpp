// Tables through the Arrow C Data Interface: what is borrowed, what is
// converted, what is refused, and the round trip out and back.
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/data/arrow.hpp>

using namespace project8;
using namespace project8::data;
using ::testing::HasSubstr;

namespace {

// ---- a small producer: arrays built by hand, as another library would give them.

int released = 0;  // arrays and schemas released by the consumer

struct Node {
  std::string format, name;
  std::vector<std::vector<std::uint8_t>> buffers;  // raw bytes of each buffer
  std::vector<bool> null_buffer;                   // buffer k is a null pointer
  std::vector<std::shared_ptr<Node>> children;
  std::shared_ptr<Node> dictionary;
  std::int64_t length = 0, null_count = 0, offset = 0;
};

template <class T>
std::vector<std::uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<std::uint8_t> out(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

std::vector<std::uint8_t> bits_of(const std::vector<int>& v) {
  std::vector<std::uint8_t> out((v.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != 0) out[i / 8] |= static_cast<std::uint8_t>(1U << (i % 8));
  }
  return out;
}

struct Made {  // private data of an exported node
  std::shared_ptr<Node> node;
  std::vector<const void*> buffers;
  std::vector<ArrowArray*> children;
  std::vector<ArrowSchema*> schema_children;
};

void release_array(ArrowArray* a) {
  auto* m = static_cast<Made*>(a->private_data);
  for (auto* c : m->children) {
    if (c->release != nullptr) c->release(c);
    delete c;
  }
  if (a->dictionary != nullptr) {
    if (a->dictionary->release != nullptr) a->dictionary->release(a->dictionary);
    delete a->dictionary;
  }
  delete m;
  a->release = nullptr;
  ++released;
}

void release_schema(ArrowSchema* s) {
  auto* m = static_cast<Made*>(s->private_data);
  for (auto* c : m->schema_children) {
    if (c->release != nullptr) c->release(c);
    delete c;
  }
  if (s->dictionary != nullptr) {
    if (s->dictionary->release != nullptr) s->dictionary->release(s->dictionary);
    delete s->dictionary;
  }
  delete m;
  s->release = nullptr;
  ++released;
}

void make_array(const std::shared_ptr<Node>& n, ArrowArray* out) {
  auto* m = new Made{n, {}, {}, {}};
  for (std::size_t k = 0; k < n->buffers.size(); ++k) {
    const bool null = k < n->null_buffer.size() && n->null_buffer[k];
    m->buffers.push_back(null ? nullptr : n->buffers[k].data());
  }
  for (const auto& c : n->children) {
    m->children.push_back(new ArrowArray{});
    make_array(c, m->children.back());
  }
  *out = ArrowArray{n->length,
                    n->null_count,
                    n->offset,
                    static_cast<std::int64_t>(m->buffers.size()),
                    static_cast<std::int64_t>(m->children.size()),
                    m->buffers.data(),
                    m->children.empty() ? nullptr : m->children.data(),
                    nullptr,
                    release_array,
                    m};
  if (n->dictionary) {
    out->dictionary = new ArrowArray{};
    make_array(n->dictionary, out->dictionary);
  }
}

void make_schema(const std::shared_ptr<Node>& n, ArrowSchema* out) {
  auto* m = new Made{n, {}, {}, {}};
  for (const auto& c : n->children) {
    m->schema_children.push_back(new ArrowSchema{});
    make_schema(c, m->schema_children.back());
  }
  *out = ArrowSchema{n->format.c_str(),
                     n->name.c_str(),
                     nullptr,
                     ARROW_FLAG_NULLABLE,
                     static_cast<std::int64_t>(m->schema_children.size()),
                     m->schema_children.empty() ? nullptr : m->schema_children.data(),
                     nullptr,
                     release_schema,
                     m};
  if (n->dictionary) {
    out->dictionary = new ArrowSchema{};
    make_schema(n->dictionary, out->dictionary);
  }
}

/// A column node: `format`, values buffer(s), optional validity.
std::shared_ptr<Node> column(std::string name, std::string format, std::int64_t length,
                             std::vector<std::vector<std::uint8_t>> values,
                             std::optional<std::vector<int>> valid = std::nullopt) {
  auto n = std::make_shared<Node>();
  n->name = std::move(name);
  n->format = std::move(format);
  n->length = length;
  n->buffers.push_back(valid ? bits_of(*valid) : std::vector<std::uint8_t>{});
  n->null_buffer.push_back(!valid);
  if (valid) {
    for (int v : *valid) n->null_count += v == 0 ? 1 : 0;
  }
  for (auto& b : values) n->buffers.push_back(std::move(b));
  return n;
}

std::shared_ptr<Node> utf8(std::string name, const std::vector<std::string>& texts,
                           std::optional<std::vector<int>> valid = std::nullopt) {
  std::vector<std::int32_t> offsets{0};
  std::string data;
  for (const auto& t : texts) {
    data += t;
    offsets.push_back(static_cast<std::int32_t>(data.size()));
  }
  return column(std::move(name), "u", static_cast<std::int64_t>(texts.size()),
                {bytes_of(offsets), std::vector<std::uint8_t>(data.begin(), data.end())},
                std::move(valid));
}

std::shared_ptr<Node> batch(std::vector<std::shared_ptr<Node>> columns, std::int64_t length) {
  auto n = std::make_shared<Node>();
  n->format = "+s";
  n->length = length;
  n->buffers.emplace_back();
  n->null_buffer.push_back(true);
  n->children = std::move(columns);
  return n;
}

ArrowTable import(const std::shared_ptr<Node>& b) {
  ArrowSchema s{};
  ArrowArray a{};
  make_schema(b, &s);
  make_array(b, &a);
  auto t = ArrowTable::from_array(&s, &a);
  EXPECT_EQ(s.release, nullptr);  // taken over
  EXPECT_EQ(a.release, nullptr);
  return t;
}

Field field(const std::string& name, const std::string& type) {
  return parse_field(name, type);
}

template <class F>
core::Problem problem_of(F&& f) {
  try {
    f();
  } catch (const core::ValidationError& e) {
    return e.problems().at(0);
  }
  ADD_FAILURE() << "no ValidationError";
  return {};
}

}  // namespace

TEST(Arrow, Int64IsBorrowedWithItsOffsetAndValidity) {
  const std::vector<std::int64_t> values{9, 10, 11, 12, 13};
  auto c = column("n", "l", 4, {bytes_of(values)}, std::vector<int>{1, 1, 0, 1, 1});
  c->offset = 1;  // rows are 10, (missing), 12, 13: bits 1 to 4 of the bitmap
  const auto t = import(batch({c}, 4));
  const Column col = t.column(field("n", "int"));
  EXPECT_TRUE(col.borrowed());
  EXPECT_EQ(col.size(), 4U);
  EXPECT_EQ(col.int64_data()[0], 10);
  EXPECT_EQ(col.int64_data()[3], 13);
  EXPECT_FALSE(col.is_valid(1));  // bit 2 of the bitmap, through the offset
  EXPECT_TRUE(col.is_valid(2));
}

TEST(Arrow, ReleasedOnceNoColumnIsInUse) {
  released = 0;
  std::optional<Column> kept;
  {
    const auto t =
        import(batch({column("n", "l", 2, {bytes_of(std::vector<std::int64_t>{1, 2})})}, 2));
    kept = t.column(field("n", "int"));
  }
  EXPECT_EQ(released, 0);  // the column still borrows the producer's buffer
  EXPECT_EQ(kept->int64_data()[1], 2);
  kept.reset();
  EXPECT_EQ(released, 4);  // the batch and its column, the schema and its child
}

TEST(Arrow, NarrowAndUnsignedIntegersAreWidenedAndChecked) {
  const auto t = import(
      batch({column("a", "c", 3, {bytes_of(std::vector<std::int8_t>{-1, 0, 7})}),
             column("b", "L", 3, {bytes_of(std::vector<std::uint64_t>{1, ~std::uint64_t{0}, 3})},
                    std::vector<int>{1, 1, 1}),
             column("c", "L", 3, {bytes_of(std::vector<std::uint64_t>{1, ~std::uint64_t{0}, 3})},
                    std::vector<int>{1, 0, 1})},
            3));
  const Column a = t.column(field("a", "int"));
  EXPECT_EQ(a.int64_data()[0], -1);
  EXPECT_EQ(a.int64_data()[2], 7);
  const auto p = problem_of([&] { (void)t.column(field("b", "int")); });
  EXPECT_EQ(p.field, "b");
  EXPECT_EQ(p.row, 1U);
  EXPECT_THAT(p.to_string(), HasSubstr("column 'b' row 1: an integer within int64"));
  // Under a missing value the bits are not data.
  EXPECT_FALSE(t.column(field("c", "int")).is_valid(1));
}

TEST(Arrow, FloatsMustBeWholeNumbersAndNaNIsMissing) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto t = import(batch({column("x", "g", 3, {bytes_of(std::vector<double>{2.0, nan, -4.0})}),
                               column("y", "g", 3, {bytes_of(std::vector<double>{1.0, 1.5, 2.5})}),
                               column("z", "g", 3, {bytes_of(std::vector<double>{1e30, 0, 0})})},
                              3));
  const Column x = t.column(field("x", "int"));
  EXPECT_EQ(x.int64_data()[0], 2);
  EXPECT_FALSE(x.is_valid(1));
  EXPECT_EQ(x.int64_data()[2], -4);
  EXPECT_EQ(problem_of([&] { (void)t.column(field("y", "int")); }).row, 1U);
  EXPECT_EQ(problem_of([&] { (void)t.column(field("z", "int")); }).row, 0U);
}

TEST(Arrow, BooleansFromBitsIntegersAndTexts) {
  auto bits = column("b", "b", 10, {bits_of({1, 0, 1, 1, 0, 0, 0, 1, 1, 0})});
  bits->offset = 1;
  bits->length = 9;
  const auto t =
      import(batch({bits, utf8("t", {"có", "no", "", "x", "Không", "0", "1", "yes", "FALSE"}),
                    utf8("bad", {"true", "maybe", "no", "no", "no", "no", "no", "no", "no"})},
                   9));
  const Column b = t.column(field("b", "bool"));
  const std::vector<int> want{0, 1, 1, 0, 0, 0, 1, 1, 0};
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(b.bool_data()[i], want[i]) << i;
  const Column tx = t.column(field("t", "bool"));
  EXPECT_EQ(tx.bool_data()[0], 1);
  EXPECT_EQ(tx.bool_data()[1], 0);
  EXPECT_FALSE(tx.is_valid(2));  // an empty text is a missing value, as in a CSV file
  EXPECT_EQ(tx.bool_data()[3], 1);
  EXPECT_EQ(tx.bool_data()[4], 0);  // "Không" (NFC, any case)
  const auto p = problem_of([&] { (void)t.column(field("bad", "bool")); });
  EXPECT_EQ(p.row, 1U);
  EXPECT_THAT(p.message, HasSubstr("có/không"));
  EXPECT_THAT(p.to_string(), ::testing::Not(HasSubstr("maybe")));  // values are never quoted
}

TEST(Arrow, DatesFromDate32TimestampsAndTexts) {
  const auto t = import(batch(
      {column("d", "tdD", 2, {bytes_of(std::vector<std::int32_t>{20089, -1})}),
       column("s", "tss:", 2, {bytes_of(std::vector<std::int64_t>{20089LL * 86400, 0})}),
       column("m", "tsu:", 2, {bytes_of(std::vector<std::int64_t>{20089LL * 86400000000 + 1, 0})}),
       column("z", "tss:Asia/Ho_Chi_Minh", 2, {bytes_of(std::vector<std::int64_t>{0, 0})}),
       utf8("x", {"15/03/2025", "2025-03-15"}), utf8("y", {"2025-03-15", "03/15/2025"})},
      2));
  EXPECT_EQ(t.column(field("d", "date")).int64_data()[0], 20089);
  EXPECT_EQ(t.column(field("d", "date")).int64_data()[1], -1);
  EXPECT_EQ(t.column(field("s", "date")).int64_data()[0], 20089);
  EXPECT_EQ(problem_of([&] { (void)t.column(field("m", "date")); }).row, 0U);
  EXPECT_THROW((void)t.column(field("z", "date")), core::InvalidArgument);
  const Column x = t.column(field("x", "date"));
  EXPECT_EQ(x.int64_data()[0], x.int64_data()[1]);  // day first, as written in Vietnam
  const auto p = problem_of([&] { (void)t.column(field("y", "date")); });
  EXPECT_EQ(p.row, 1U);
  EXPECT_THAT(p.message, HasSubstr("DD/MM/YYYY"));
}

TEST(Arrow, DictionaryInTheFieldsOrderIsBorrowedOtherwiseMapped) {
  auto same = column("same", "c", 3, {bytes_of(std::vector<std::int8_t>{1, 0, 1})},
                     std::vector<int>{1, 1, 0});
  same->dictionary = utf8("", {"F", "M"});
  auto other = column("other", "I", 3, {bytes_of(std::vector<std::uint32_t>{0, 2, 0})});
  other->dictionary = utf8("", {"M", "X", "F"});  // X used by no row: fine
  auto unknown = column("unknown", "I", 3, {bytes_of(std::vector<std::uint32_t>{0, 1, 2})});
  unknown->dictionary = utf8("", {"M", "X", "F"});
  const auto t = import(batch({same, other, unknown, utf8("text", {"M", "F", ""})}, 3));
  const Field sex = field("same", "enum(F, M)");
  const Column s = t.column(sex);
  EXPECT_TRUE(s.borrowed());
  EXPECT_EQ(s.code_width(), 1U);
  EXPECT_EQ(s.code_at(0), 1);
  EXPECT_FALSE(s.is_valid(2));
  const Column o = t.column(field("other", "enum(F, M)"));
  EXPECT_EQ(o.code_at(0), 1);
  EXPECT_EQ(o.code_at(1), 0);
  const auto p = problem_of([&] { (void)t.column(field("unknown", "enum(F, M)")); });
  EXPECT_EQ(p.row, 1U);
  EXPECT_THAT(p.message, HasSubstr("not one of F, M"));
  const Column text = t.column(field("text", "enum(F, M)"));
  EXPECT_EQ(text.code_at(0), 1);
  EXPECT_FALSE(text.is_valid(2));
}

TEST(Arrow, TextsOfEachLayout) {
  auto large = column("large", "U", 2,
                      {bytes_of(std::vector<std::int64_t>{0, 2, 5, 9}),
                       {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'}});
  large->offset = 1;  // "cde", "fghi": offsets rebased, bytes borrowed
  // A view: "short" inline, and a long text in a variadic buffer.
  const std::string long_text = "a text longer than twelve bytes";
  std::vector<std::uint8_t> views(32, 0);
  const std::int32_t short_len = 5;
  std::memcpy(views.data(), &short_len, 4);
  std::memcpy(views.data() + 4, "short", 5);
  const auto long_len = static_cast<std::int32_t>(long_text.size());
  std::memcpy(views.data() + 16, &long_len, 4);
  std::memcpy(views.data() + 20, long_text.data(), 4);
  const std::int32_t index = 0, offset = 0;
  std::memcpy(views.data() + 24, &index, 4);
  std::memcpy(views.data() + 28, &offset, 4);
  auto view = column("view", "vu", 2,
                     {views, std::vector<std::uint8_t>(long_text.begin(), long_text.end()),
                      bytes_of(std::vector<std::int64_t>{long_len})});
  auto past = std::make_shared<Node>(*view);  // the long text's view pointing past its buffer
  past->name = "past";
  const std::int32_t beyond = 5;
  std::memcpy(past->buffers[1].data() + 28, &beyond, 4);
  const auto t =
      import(batch({large, view, utf8("bad", {"ok", std::string("\xff\xfe")}), past}, 2));
  EXPECT_THROW((void)t.column(field("past", "string")), core::InvalidArgument);
  const Column l = t.column(field("large", "string"));
  EXPECT_EQ(l.string_at(0), "cde");
  EXPECT_EQ(l.string_at(1), "fghi");
  const Column v = t.column(field("view", "string"));
  EXPECT_EQ(v.string_at(0), "short");
  EXPECT_EQ(v.string_at(1), long_text);
  EXPECT_EQ(problem_of([&] { (void)t.column(field("bad", "string")); }).row, 1U);
}

TEST(Arrow, TypesThatCannotBeReadSayWhich) {
  const auto t = import(batch({utf8("s", {"1"})}, 1));
  try {
    (void)t.column(field("s", "int"));
    FAIL();
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("column 's': Arrow type utf8 cannot be read as int"));
  }
  EXPECT_THROW((void)t.column(field("absent", "int")), core::NotFoundError);
}

TEST(Arrow, BadTablesAreRefused) {
  auto dup = batch({utf8("a", {"x"}), utf8("a", {"y"})}, 1);
  EXPECT_THROW((void)import(dup), core::InvalidArgument);
  // Names compare in NFC: "chú" composed and decomposed are the same column.
  auto nfd = batch({utf8("ghi_chu\xcc\x81", {"x"})}, 1);
  EXPECT_TRUE(import(nfd).has_column("ghi_chú"));
  auto short_column = batch({utf8("a", {"x"})}, 2);
  EXPECT_THROW((void)import(short_column), core::InvalidArgument);
  auto not_struct = utf8("a", {"x"});
  EXPECT_THROW((void)import(not_struct), core::InvalidArgument);
}

namespace {
struct FailingStream {
  static int schema(ArrowArrayStream*, ArrowSchema*) { return 5; }
  static int next(ArrowArrayStream*, ArrowArray*) { return 5; }
  static const char* error(ArrowArrayStream*) { return "the producer's own message"; }
  static void release(ArrowArrayStream* s) {
    s->release = nullptr;
    ++released;
  }
};
}  // namespace

TEST(Arrow, AStreamsErrorIsPassedOnAndTheStreamReleased) {
  released = 0;
  ArrowArrayStream s{FailingStream::schema, FailingStream::next, FailingStream::error,
                     FailingStream::release, nullptr};
  try {
    (void)ArrowTable::from_stream(&s);
    FAIL();
  } catch (const core::InvalidArgument& e) {
    EXPECT_THAT(e.what(), HasSubstr("the producer's own message"));
  }
  EXPECT_EQ(s.release, nullptr);
  EXPECT_EQ(released, 1);
}

TEST(Arrow, RoundTripThroughAStreamKeepsEveryTypeAndMissingValue) {
  const Schema schema = Schema::parse(
      {{"id", "string"}, {"sex", "enum(F, M)"}, {"n", "int"}, {"p", "bool"}, {"d", "date"}});
  const Table t(schema,
                {Column::strings({"a", "", "cde"}, {1, 0, 1}),
                 Column::enumeration({1, 0, 0}, {1, 1, 0}), Column::integers({5, 6, 7}, {0, 1, 1}),
                 Column::booleans({1, 0, 1}), Column::dates({20089, 0, -3}, {1, 1, 0})});
  ArrowArrayStream stream{};
  export_stream(t, &stream);
  const auto back = ArrowTable::from_stream(&stream).table(schema);
  EXPECT_EQ(back.rows(), 3U);
  for (std::size_t c = 0; c < schema.size(); ++c) {
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(back.column(c).is_valid(i), t.column(c).is_valid(i)) << c << "," << i;
    }
  }
  EXPECT_EQ(back.column("id").string_at(2), "cde");
  EXPECT_EQ(back.column("sex").code_at(0), 1);
  EXPECT_EQ(back.column("n").int64_data()[2], 7);
  EXPECT_EQ(back.column("p").bool_data()[2], 1);
  EXPECT_EQ(back.column("d").int64_data()[0], 20089);
  // The exported integers and texts are the table's own buffers.
  ArrowSchema s{};
  ArrowArray a{};
  export_table(t, &s, &a);
  EXPECT_EQ(a.children[2]->buffers[1], t.column("n").int64_data());
  EXPECT_EQ(std::string(s.children[1]->format), "i");
  EXPECT_EQ(std::string(s.children[1]->dictionary->format), "u");
  EXPECT_EQ(a.children[1]->null_count, 1);
  a.release(&a);
  s.release(&s);
}

TEST(Arrow, SeveralBatchesAreJoined) {
  auto one = batch({column("n", "l", 2, {bytes_of(std::vector<std::int64_t>{1, 2})})}, 2);
  auto two = batch(
      {column("n", "l", 1, {bytes_of(std::vector<std::int64_t>{3})}, std::vector<int>{0})}, 1);
  struct Stream {
    std::vector<std::shared_ptr<Node>> batches;
    std::size_t next = 0;
  } state{{one, two}};
  ArrowArrayStream s{};
  s.private_data = &state;
  s.get_schema = [](ArrowArrayStream* st, ArrowSchema* out) {
    make_schema(static_cast<Stream*>(st->private_data)->batches[0], out);
    return 0;
  };
  s.get_next = [](ArrowArrayStream* st, ArrowArray* out) {
    auto* p = static_cast<Stream*>(st->private_data);
    if (p->next == p->batches.size()) {
      out->release = nullptr;
      return 0;
    }
    make_array(p->batches[p->next++], out);
    return 0;
  };
  s.get_last_error = [](ArrowArrayStream*) -> const char* { return nullptr; };
  s.release = [](ArrowArrayStream* st) { st->release = nullptr; };
  const auto t = ArrowTable::from_stream(&s);
  EXPECT_EQ(t.rows(), 3U);
  const Column n = t.column(field("n", "int"));
  EXPECT_EQ(n.int64_data()[1], 2);
  EXPECT_FALSE(n.is_valid(2));
  // Row numbers in errors count over the whole stream.
  EXPECT_EQ(t.column(field("n", "int")).size(), 3U);
}

TEST(Arrow, CodesWithADictionaryApart) {
  // polars hands its categories apart from its codes (uint32).
  const auto t =
      import(batch({column("c", "I", 4, {bytes_of(std::vector<std::uint32_t>{1, 0, 2, 1})},
                           std::vector<int>{1, 1, 1, 0}),
                    column("far", "I", 4, {bytes_of(std::vector<std::uint32_t>{7, 0, 0, 0})})},
                   4));
  const Field sex = field("c", "enum(F, M, X)");
  const Column same = t.column(sex, {"F", "M", "X"});
  EXPECT_TRUE(same.borrowed());
  EXPECT_EQ(same.code_at(0), 1);
  EXPECT_FALSE(same.is_valid(3));
  const Column other = t.column(sex, {"M", "F", "X"});
  EXPECT_EQ(other.code_at(0), 0);  // code 1 is "F"
  EXPECT_EQ(other.code_at(1), 1);
  EXPECT_EQ(other.code_at(2), 2);
  EXPECT_FALSE(other.is_valid(3));
  // A text that is no category matters only where a row uses it.
  EXPECT_EQ(problem_of([&] { (void)t.column(sex, {"F", "Z", "X"}); }).row, 0U);
  EXPECT_NO_THROW((void)t.column(sex, {"F", "M", "X", "Z"}));
  EXPECT_THROW((void)t.column(field("far", "enum(F, M)"), {"F", "M"}), core::InvalidArgument);
}

TEST(Arrow, ADictionaryOfTextsFeedsTextBooleanAndDateInputs) {
  auto words = column("w", "c", 4, {bytes_of(std::vector<std::int8_t>{0, 1, 0, 2})},
                      std::vector<int>{1, 1, 0, 1});
  words->dictionary = utf8("", {"có", "không", "15/03/2025"});
  auto days = column("d", "c", 4, {bytes_of(std::vector<std::int8_t>{2, 2, 0, 2})},
                     std::vector<int>{1, 1, 0, 1});
  days->dictionary = utf8("", {"có", "không", "15/03/2025"});
  auto yes = column("y", "c", 4, {bytes_of(std::vector<std::int8_t>{0, 1, 0, 1})},
                    std::vector<int>{1, 1, 0, 1});
  yes->dictionary = utf8("", {"có", "không", "15/03/2025"});  // the date is used by no row
  const auto t = import(batch({words, days, yes}, 4));
  const Column text = t.column(field("w", "string"));
  EXPECT_EQ(text.string_at(1), "không");
  EXPECT_FALSE(text.is_valid(2));
  EXPECT_EQ(problem_of([&] { (void)t.column(field("w", "bool")); }).row,
            3U);  // a date is not a boolean
  const Column y = t.column(field("y", "bool"));
  EXPECT_EQ(y.bool_data()[0], 1);
  EXPECT_EQ(y.bool_data()[1], 0);
  EXPECT_FALSE(y.is_valid(2));
  const Column d = t.column(field("d", "date"));
  EXPECT_EQ(d.int64_data()[0], 20162);  // 2025-03-15
  EXPECT_FALSE(d.is_valid(2));
  EXPECT_THROW((void)t.column(field("w", "int")), core::InvalidArgument);
}

TEST(Arrow, BitsPackAndUnpackAtEveryPosition) {
  // 37 rows: whole bytes and a tail.
  std::vector<std::uint8_t> values(37);
  std::vector<std::uint8_t> valid(37);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<std::uint8_t>((i * 7 + 3) % 5 == 0 || i % 3 == 1 ? 0 : 1);
    valid[i] = static_cast<std::uint8_t>(i % 4 == 2 ? 0 : 1);
  }
  const Schema schema = Schema::parse({{"b", "bool"}});
  const Table t(schema, {Column::booleans(values, valid)});
  ArrowSchema s{};
  ArrowArray a{};
  export_table(t, &s, &a);
  EXPECT_EQ(a.children[0]->null_count, 9);  // rows 2, 6, …, 34
  const auto back = ArrowTable::from_array(&s, &a).table(schema);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(back.column(0).is_valid(i), valid[i] != 0) << i;
    if (valid[i] != 0) {
      EXPECT_EQ(back.column(0).bool_data()[i], values[i] != 0 ? 1 : 0) << i;
    }
  }
}
