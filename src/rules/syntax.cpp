// Lexer and parser of the rule expression language: text to parse tree
// (precedence climbing; depth and size bounded so that no input exhausts the
// stack).
#include "syntax.hpp"

namespace project8::rules::detail {

namespace {

enum class Tok : std::uint8_t {
  end,
  integer,
  decimal,
  string,
  name,
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  dot,
  plus,
  minus,
  star,
  slash,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
};

struct Token {
  Tok kind = Tok::end;
  std::size_t offset = 0;
  std::string_view text;
};

constexpr std::size_t kMaxDepth = 200;

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
    Token t;
    t.offset = pos_;
    if (pos_ >= s_.size()) return t;
    const char c = s_[pos_];
    auto one = [&](Tok k, std::size_t n = 1) {
      t.kind = k;
      t.text = s_.substr(pos_, n);
      pos_ += n;
      return t;
    };
    if (c >= '0' && c <= '9') {
      std::size_t e = pos_;
      while (e < s_.size() && s_[e] >= '0' && s_[e] <= '9') ++e;
      Tok kind = Tok::integer;
      if (e + 1 < s_.size() && s_[e] == '.' && s_[e + 1] >= '0' && s_[e + 1] <= '9') {
        kind = Tok::decimal;  // digits '.' digits: an exact decimal
        ++e;
        while (e < s_.size() && s_[e] >= '0' && s_[e] <= '9') ++e;
      }
      if (e < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[e])) || s_[e] == '_')) {
        fail(e, "an operator or the end after the number");
      }
      return one(kind, e - pos_);
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t e = pos_;
      while (e < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[e])) || s_[e] == '_'))
        ++e;
      return one(Tok::name, e - pos_);
    }
    if (c == '\'') {
      std::size_t e = pos_ + 1;
      while (true) {
        if (e >= s_.size()) fail(pos_, "a closing ' for this text");
        if (s_[e] == '\'') {
          if (e + 1 < s_.size() && s_[e + 1] == '\'') {
            e += 2;
            continue;
          }
          break;
        }
        ++e;
      }
      return one(Tok::string, e + 1 - pos_);
    }
    switch (c) {
      case '(':
        return one(Tok::lparen);
      case ')':
        return one(Tok::rparen);
      case '[':
        return one(Tok::lbracket);
      case ']':
        return one(Tok::rbracket);
      case ',':
        return one(Tok::comma);
      case '.':
        return one(Tok::dot);
      case '+':
        return one(Tok::plus);
      case '-':
        return one(Tok::minus);
      case '*':
        return one(Tok::star);
      case '/':
        return one(Tok::slash);
      case '=':
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') return one(Tok::eq, 2);
        fail(pos_, "'==' (a single '=' is not an operator)");
      case '!':
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') return one(Tok::ne, 2);
        fail(pos_, "'!=' (write 'not' for negation)");
      case '<':
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') return one(Tok::le, 2);
        return one(Tok::lt);
      case '>':
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') return one(Tok::ge, 2);
        return one(Tok::gt);
      default:
        break;
    }
    fail(pos_, "an expression: a number, a 'text', a name, an operator or a parenthesis");
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view s) : lexer_(s), text_(s) { advance(); }

  PPtr parse() {
    auto e = expression();
    if (tok_.kind != Tok::end) fail(tok_.offset, "an operator or the end of the expression");
    return e;
  }

 private:
  void advance() { tok_ = lexer_.next(); }
  [[nodiscard]] bool keyword(std::string_view k) const {
    return tok_.kind == Tok::name && tok_.text == k;
  }

  PPtr make(PNode::Kind k, std::size_t offset, std::string_view text) {
    auto n = std::make_unique<PNode>();
    n->kind = k;
    n->offset = offset;
    n->text = text;
    return n;
  }

  struct DepthGuard {
    explicit DepthGuard(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxDepth) fail(p_.tok_.offset, "an expression nested less deeply");
    }
    ~DepthGuard() { --p_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    Parser& p_;
  };

  PPtr expression() {
    DepthGuard guard(*this);
    auto left = conjunction();
    while (keyword("or")) {
      auto n = make(PNode::Kind::binary, tok_.offset, "or");
      advance();
      n->kids.push_back(std::move(left));
      n->kids.push_back(conjunction());
      left = std::move(n);
    }
    return left;
  }

  PPtr conjunction() {
    auto left = negation();
    while (keyword("and")) {
      auto n = make(PNode::Kind::binary, tok_.offset, "and");
      advance();
      n->kids.push_back(std::move(left));
      n->kids.push_back(negation());
      left = std::move(n);
    }
    return left;
  }

  PPtr negation() {
    DepthGuard guard(*this);
    if (keyword("not")) {
      auto n = make(PNode::Kind::unary, tok_.offset, "not");
      advance();
      n->kids.push_back(negation());
      return n;
    }
    return comparison();
  }

  PPtr comparison() {
    auto left = additive();
    const Tok k = tok_.kind;
    if (k == Tok::eq || k == Tok::ne || k == Tok::lt || k == Tok::le || k == Tok::gt ||
        k == Tok::ge) {
      auto n = make(PNode::Kind::binary, tok_.offset, tok_.text);
      advance();
      n->kids.push_back(std::move(left));
      n->kids.push_back(additive());
      return n;
    }
    if (keyword("in") || keyword("not")) {
      auto n = make(PNode::Kind::in, tok_.offset, "in");
      if (keyword("not")) {
        advance();
        if (!keyword("in")) fail(tok_.offset, "'in' after 'not' here");
        n->negate = true;
      }
      advance();
      n->kids.push_back(std::move(left));
      n->kids.push_back(list());
      return n;
    }
    return left;
  }

  PPtr list() {
    if (tok_.kind != Tok::lbracket) fail(tok_.offset, "'[' starting a list of values");
    auto n = make(PNode::Kind::list, tok_.offset, "[");
    advance();
    if (tok_.kind != Tok::rbracket) {
      while (true) {
        n->kids.push_back(additive());
        if (tok_.kind == Tok::comma) {
          advance();
          continue;
        }
        break;
      }
    }
    if (tok_.kind != Tok::rbracket) fail(tok_.offset, "',' or ']' in the list");
    advance();
    return n;
  }

  PPtr additive() {
    auto left = multiplicative();
    while (tok_.kind == Tok::plus || tok_.kind == Tok::minus) {
      auto n = make(PNode::Kind::binary, tok_.offset, tok_.text);
      advance();
      n->kids.push_back(std::move(left));
      n->kids.push_back(multiplicative());
      left = std::move(n);
    }
    return left;
  }

  PPtr multiplicative() {
    auto left = unary();
    while (tok_.kind == Tok::star || tok_.kind == Tok::slash) {
      auto n = make(PNode::Kind::binary, tok_.offset, tok_.text);
      advance();
      n->kids.push_back(std::move(left));
      n->kids.push_back(unary());
      left = std::move(n);
    }
    return left;
  }

  PPtr unary() {
    DepthGuard guard(*this);
    if (tok_.kind == Tok::minus) {
      auto n = make(PNode::Kind::unary, tok_.offset, "-");
      advance();
      n->kids.push_back(unary());
      return n;
    }
    return primary();
  }

  PPtr primary() {
    const Token t = tok_;
    switch (t.kind) {
      case Tok::integer:
        advance();
        return make(PNode::Kind::integer, t.offset, t.text);
      case Tok::decimal:
        advance();
        return make(PNode::Kind::decimal, t.offset, t.text);
      case Tok::string:
        advance();
        return make(PNode::Kind::string, t.offset, t.text);
      case Tok::lparen: {
        advance();
        auto e = expression();
        if (tok_.kind != Tok::rparen)
          fail(tok_.offset,
               "')' closing the parenthesis opened at column " + std::to_string(t.offset + 1));
        advance();
        return e;
      }
      case Tok::name: {
        advance();
        if (t.text == "true" || t.text == "false")
          return make(PNode::Kind::boolean, t.offset, t.text);
        if (t.text == "and" || t.text == "or" || t.text == "not" || t.text == "in") {
          fail(t.offset, "a value before '" + std::string(t.text) + "'");
        }
        if (tok_.kind == Tok::lbracket) return lookup(t);
        if (tok_.kind == Tok::dot) {  // A.B(.C): one name spanning every part
          std::size_t end = t.offset + t.text.size();
          while (tok_.kind == Tok::dot) {
            advance();
            if (tok_.kind != Tok::name) {
              fail(tok_.offset,
                   "a name after '" + std::string(text_.substr(t.offset, end - t.offset)) + ".'");
            }
            end = tok_.offset + tok_.text.size();
            advance();
          }
          return make(PNode::Kind::name, t.offset, text_.substr(t.offset, end - t.offset));
        }
        if (tok_.kind != Tok::lparen) return make(PNode::Kind::name, t.offset, t.text);
        auto n = make(PNode::Kind::call, t.offset, t.text);
        advance();
        if (tok_.kind != Tok::rparen) {
          while (true) {
            const std::size_t begin = tok_.offset;
            n->kids.push_back(expression());
            n->kids.back()->arg_begin = begin;
            n->kids.back()->arg_end = tok_.offset;
            if (tok_.kind == Tok::comma) {
              advance();
              continue;
            }
            break;
          }
        }
        if (tok_.kind != Tok::rparen)
          fail(tok_.offset, "',' or ')' in the call of " + std::string(t.text));
        n->end = tok_.offset + 1;
        advance();
        return n;
      }
      case Tok::end:
        fail(t.offset, "a value (the expression ends too early)");
      default:
        fail(t.offset, "a value, found '" + std::string(t.text) + "'");
    }
  }

  /// TABLE[KEY].COLUMN, at the '[' after the table's name `t`.
  PPtr lookup(const Token& t) {
    auto n = make(PNode::Kind::lookup, t.offset, t.text);
    const std::size_t open = tok_.offset;
    advance();
    n->kids.push_back(expression());
    if (tok_.kind != Tok::rbracket)
      fail(tok_.offset, "']' closing the key opened at column " + std::to_string(open + 1));
    advance();
    if (tok_.kind != Tok::dot)
      fail(tok_.offset, "'.' and a column name after " + std::string(t.text) + "[...]");
    advance();
    if (tok_.kind != Tok::name) fail(tok_.offset, "a column name after '.'");
    n->kids.push_back(make(PNode::Kind::name, tok_.offset, tok_.text));
    n->end = tok_.offset + tok_.text.size();
    advance();
    return n;
  }

  Lexer lexer_;
  std::string_view text_;
  Token tok_;
  std::size_t depth_ = 0;
};

}  // namespace

PPtr parse(std::string_view text) {
  return Parser(text).parse();
}

}  // namespace project8::rules::detail
