// The column evaluator's buffers: each expression's node buffers for one
// thread (allocated once, nothing per row), and the inputs of one chunk, read
// where they lie in the table or gathered through a selection vector.
#include <algorithm>
#include <cstring>

#include "columns.hpp"
#include "semantics.hpp"

namespace project8::rules::detail {

namespace {

/// Whether a node of kind `consumer` reads its operands as values (with states).
bool reads_as_value(Op consumer) noexcept {
  switch (consumer) {
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::in_list:
      return true;
    default:
      return false;
  }
}

}  // namespace

ExprBuffers::ExprBuffers(const Expr& e, std::size_t rows_per_chunk,
                         const std::vector<std::int64_t>& params, std::int64_t as_of_days,
                         const TableReader* tables_on_day)
    : expr(&e),
      tables(tables_on_day),
      as_of(as_of_days),
      v(e.nodes.size(), nullptr),
      s(e.nodes.size(), nullptr),
      c(e.nodes.size(), nullptr),
      own_v(e.nodes.size(), nullptr),
      constant(e.nodes.size(), 0),
      is_constant(e.nodes.size(), 0),
      as_values(e.nodes.size(), 0),
      fold(e.nodes.size()),
      folded(e.nodes.size(), 0),
      fold_arg(e.nodes.size(), -1),
      skip(e.nodes.size(), 0) {
  const std::size_t count = e.nodes.size();
  for (std::size_t i = 0; i < count; ++i) {
    const Node& n = e.nodes[i];
    for (const auto a : n.args) {
      const Node& arg = e.nodes[static_cast<std::size_t>(a)];
      // Enumeration and text inputs are read where they lie by `in`, and by
      // is_missing through their states; anything else reads their values.
      const bool text_input = arg.op == Op::input && arg.type == Type::text;
      const bool reads_text = n.op == Op::enum_in || n.op == Op::string_in ||
                              n.op == Op::is_missing || n.op == Op::lookup;
      if (reads_as_value(n.op) || (text_input && !reads_text))
        as_values[static_cast<std::size_t>(a)] = 1;
    }
    switch (n.op) {
      case Op::literal:
        constant[i] = n.value;
        break;
      case Op::parameter:
        constant[i] = params[static_cast<std::size_t>(n.slot)];
        break;
      case Op::as_of:
        constant[i] = as_of_days;
        break;
      default:
        continue;
    }
    is_constant[i] = 1;
  }
  // A comparison of age_years(d) with a constant is one of d with threshold
  // days found once here (no age computed per row); an age read by nothing
  // else is then not computed at all.
  std::vector<std::uint32_t> readers(count, 0);
  std::vector<std::uint32_t> folded_readers(count, 0);
  for (std::size_t i = 0; i < count; ++i) {
    const Node& n = e.nodes[i];
    for (const auto a : n.args) ++readers[static_cast<std::size_t>(a)];
    const bool comparison = n.op == Op::eq || n.op == Op::ne || n.op == Op::lt || n.op == Op::le ||
                            n.op == Op::gt || n.op == Op::ge;
    if (!comparison) continue;
    const auto l = static_cast<std::size_t>(n.args[0]);
    const auto r = static_cast<std::size_t>(n.args[1]);
    const bool age_left = e.nodes[l].op == Op::age_years && is_constant[r] != 0;
    const bool age_right = e.nodes[r].op == Op::age_years && is_constant[l] != 0;
    if (!age_left && !age_right) continue;
    const std::size_t age = age_left ? l : r;
    fold[i] = fold_age_comparison(age_left ? n.op : mirrored(n.op), constant[age_left ? r : l],
                                  as_of_days);
    folded[i] = 1;
    fold_arg[i] = e.nodes[age].args[0];
    ++folded_readers[age];
  }
  for (std::size_t i = 0; i + 1 < count; ++i) {
    skip[i] = e.nodes[i].op == Op::age_years && readers[i] == folded_readers[i] ? 1 : 0;
  }
  // Room only for what each node has: truth codes for booleans, values and
  // states for the others and for booleans read as values; integer and date
  // inputs have none (they alias the columns), other inputs only values they
  // are widened to when read as such. Nothing is zeroed: every node writes its
  // rows before any node reads them.
  std::vector<std::uint8_t> wants_vs(count, 0);  // values and states of its own
  std::vector<std::uint8_t> wants_v(count, 0);   // an input's widened values
  std::size_t with_vs = 0;
  std::size_t with_v = 0;
  std::size_t with_c = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Node& n = e.nodes[i];
    if (n.op == Op::input) {
      const bool aliased = n.type == Type::integer || n.type == Type::date;
      wants_v[i] = !aliased && as_values[i] != 0 ? 1 : 0;
      with_v += wants_v[i];
    } else {
      wants_vs[i] = n.type != Type::boolean || as_values[i] != 0 || is_constant[i] != 0 ? 1 : 0;
      with_vs += wants_vs[i];
    }
    with_c += n.type == Type::boolean ? 1 : 0;
  }
  vals.resize((with_vs + with_v) * rows_per_chunk);
  states.resize(with_vs * rows_per_chunk);
  codes.resize(with_c * rows_per_chunk);
  std::size_t next_vs = 0;
  std::size_t next_v = with_vs;  // widened inputs after the nodes with states
  std::size_t next_c = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (wants_vs[i] != 0) {
      v[i] = vals.data() + next_vs * rows_per_chunk;
      s[i] = states.data() + next_vs * rows_per_chunk;
      ++next_vs;
    } else if (wants_v[i] != 0) {
      own_v[i] = vals.data() + next_v * rows_per_chunk;
      ++next_v;
    }
    if (e.nodes[i].type == Type::boolean) {
      c[i] = codes.data() + next_c * rows_per_chunk;
      ++next_c;
    }
    if (is_constant[i] != 0) {
      std::fill_n(v[i], rows_per_chunk, constant[i]);
      std::fill_n(s[i], rows_per_chunk, kPresent);
      if (c[i] != nullptr)
        std::fill_n(c[i], rows_per_chunk, constant[i] != 0 ? kCodeTrue : kCodeFalse);
    }
  }
}

InputBuffers::InputBuffers(const data::Table& table,
                           const std::vector<std::int32_t>& column_of_input, std::size_t chunk,
                           const std::vector<DerivedValues>* derived)
    : table_(&table),
      column_of_input_(column_of_input),
      derived_(derived),
      chunk_(chunk),
      ones_(chunk, kPresent) {
  const std::size_t n = column_of_input.size() + (derived != nullptr ? derived->size() : 0);
  vals_.resize(n);
  states_.resize(n);
  bytes_.resize(n);
  fresh_.assign(n, 0);
  v.assign(n, nullptr);
  s.assign(n, nullptr);
  raw.assign(n, nullptr);
  width.assign(n, 0);
}

void InputBuffers::select(std::size_t begin, const std::uint32_t* sel, std::size_t m) {
  begin_ = begin;
  sel_ = sel;
  m_ = m;
  fresh_.assign(fresh_.size(), 0);
}

void InputBuffers::point_derived(std::size_t i, std::size_t begin, const std::uint32_t* sel,
                                 std::size_t m) {
  const DerivedValues& d = (*derived_)[i - column_of_input_.size()];
  if (d.index != nullptr) {  // gathered through the index, for these rows only
    const std::uint32_t* at = d.index->data() + begin;
    const std::size_t count = m;  // rows begin + j, or begin + sel[j]
    states_[i].resize(chunk_);
    std::uint8_t* st = states_[i].data();
    auto row = [&](std::size_t j) { return at[sel == nullptr ? j : sel[j]]; };
    for (std::size_t j = 0; j < count; ++j) st[j] = d.states[row(j)];
    s[i] = st;
    if (d.type == Type::boolean) {
      bytes_[i].resize(chunk_);
      for (std::size_t j = 0; j < count; ++j) bytes_[i][j] = d.bytes[row(j)];
      raw[i] = bytes_[i].data();
      width[i] = 1;
      return;
    }
    vals_[i].resize(chunk_);
    for (std::size_t j = 0; j < count; ++j) vals_[i][j] = d.values[row(j)];
    if (d.type == Type::text) {
      raw[i] = vals_[i].data();
      width[i] = 8;
    } else {
      v[i] = vals_[i].data();
    }
    return;
  }
  if (sel == nullptr) {
    s[i] = d.states.data() + begin;
    if (d.type == Type::boolean) {
      raw[i] = d.bytes.data() + begin;
      width[i] = 1;
    } else if (d.type == Type::text) {  // enumeration codes
      raw[i] = d.values.data() + begin;
      width[i] = 8;
    } else {
      v[i] = d.values.data() + begin;
    }
    return;
  }
  states_[i].resize(chunk_);
  for (std::size_t j = 0; j < m; ++j) states_[i][j] = d.states[begin + sel[j]];
  s[i] = states_[i].data();
  if (d.type == Type::boolean) {
    bytes_[i].resize(chunk_);
    for (std::size_t j = 0; j < m; ++j) bytes_[i][j] = d.bytes[begin + sel[j]];
    raw[i] = bytes_[i].data();
    width[i] = 1;
    return;
  }
  vals_[i].resize(chunk_);
  for (std::size_t j = 0; j < m; ++j) vals_[i][j] = d.values[begin + sel[j]];
  if (d.type == Type::text) {
    raw[i] = vals_[i].data();
    width[i] = 8;
  } else {
    v[i] = vals_[i].data();
  }
}

void InputBuffers::need(const std::vector<std::int32_t>& inputs) {
  const std::size_t begin = begin_;
  const std::uint32_t* sel = sel_;
  const std::size_t m = m_;
  for (const auto slot : inputs) {
    const auto i = static_cast<std::size_t>(slot);
    if (fresh_[i] != 0) continue;
    if (i >= column_of_input_.size()) {
      fresh_[i] = 1;
      point_derived(i, begin, sel, m);
      continue;
    }
    if (column_of_input_[i] < 0) continue;
    fresh_[i] = 1;
    const data::Column& c = table_->column(static_cast<std::size_t>(column_of_input_[i]));
    if (c.has_missing_marks()) {
      states_[i].resize(chunk_);
      for (std::size_t j = 0; j < m; ++j)
        states_[i][j] = c.is_valid(begin + sel[j]) ? kPresent : kMissing;
      s[i] = states_[i].data();
    } else if (const std::uint8_t* valid = c.valid_data(); valid != nullptr) {
      states_[i].resize(chunk_);
      for (std::size_t j = 0; j < m; ++j) states_[i][j] = valid[begin + sel[j]];
      s[i] = states_[i].data();
    } else {
      s[i] = ones_.data();
    }
    switch (c.type()) {
      case data::ColumnType::integer:
      case data::ColumnType::date: {
        vals_[i].resize(chunk_);
        std::int64_t* out = vals_[i].data();
        const std::int64_t* src = c.int64_data() + begin;
        for (std::size_t j = 0; j < m; ++j) out[j] = src[sel[j]];
        v[i] = out;
        break;
      }
      case data::ColumnType::boolean: {
        bytes_[i].resize(chunk_);
        std::uint8_t* out = bytes_[i].data();
        const std::uint8_t* src = c.bool_data() + begin;
        for (std::size_t j = 0; j < m; ++j) out[j] = src[sel[j]];
        raw[i] = out;
        width[i] = 1;
        break;
      }
      case data::ColumnType::enumeration: {
        vals_[i].resize(chunk_);
        std::int64_t* out = vals_[i].data();
        for (std::size_t j = 0; j < m; ++j) out[j] = c.code_at(begin + sel[j]);
        raw[i] = out;
        width[i] = 8;
        break;
      }
      case data::ColumnType::string:
        break;  // read through the table by row
    }
  }
}

namespace {

/// out[j] = kPresent, or kMissing where the row's mark says so, for rows
/// begin + j < begin + n of a column with missing marks (pandas' mask and/or
/// negative codes). One pass over bytes already on their way to the cache.
void states_from_marks(const data::Column& c, std::size_t begin, std::size_t n,
                       std::uint8_t* __restrict out) {
  static_assert(kPresent == 1 && kMissing == 0, "states are computed as 0/1");
  const data::MissingMarks& marks = c.missing_marks();
  if (marks.mask != nullptr) {
    const std::uint8_t* __restrict mask = marks.mask + begin;
    for (std::size_t j = 0; j < n; ++j) out[j] = mask[j] == 0 ? 1 : 0;
  } else {
    std::memset(out, kPresent, n);
  }
  if (!marks.negative_codes) return;
  auto present = [&](const auto* __restrict codes) {
    for (std::size_t j = 0; j < n; ++j)
      out[j] = static_cast<std::uint8_t>(out[j] & (codes[j] >= 0 ? 1 : 0));
  };
  switch (c.code_width()) {
    case 1:
      present(static_cast<const std::int8_t*>(c.raw_data()) + begin);
      break;
    case 2:
      present(static_cast<const std::int16_t*>(c.raw_data()) + begin);
      break;
    default:
      present(static_cast<const std::int32_t*>(c.raw_data()) + begin);
      break;
  }
}

}  // namespace

void InputBuffers::load(std::size_t begin, std::size_t n, const std::vector<bool>& needed) {
  for (std::size_t i = column_of_input_.size(); i < fresh_.size(); ++i) {
    if (needed[i]) point_derived(i, begin, nullptr, n);
  }
  for (std::size_t i = 0; i < column_of_input_.size(); ++i) {
    if (!needed[i] || column_of_input_[i] < 0) continue;
    const data::Column& c = table_->column(static_cast<std::size_t>(column_of_input_[i]));
    if (c.has_missing_marks()) {
      states_[i].resize(chunk_);
      states_from_marks(c, begin, n, states_[i].data());
      s[i] = states_[i].data();
    } else {
      const std::uint8_t* valid = c.valid_data();
      s[i] = valid != nullptr ? valid + begin : ones_.data();
    }
    switch (c.type()) {
      case data::ColumnType::integer:
      case data::ColumnType::date:
        v[i] = c.int64_data() + begin;
        break;
      case data::ColumnType::boolean:
        raw[i] = c.bool_data() + begin;
        width[i] = 1;
        break;
      case data::ColumnType::enumeration:
        width[i] = static_cast<std::uint8_t>(c.code_width());
        raw[i] = static_cast<const std::uint8_t*>(c.raw_data()) + begin * width[i];
        break;
      case data::ColumnType::string:
        break;  // read through the table by row
    }
  }
}

}  // namespace project8::rules::detail
