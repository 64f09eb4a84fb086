// Recursive-descent parser of the equation language's expressions.
//
// Precedence, lowest first: inline `if c: a else: b`, or, and, not,
// comparisons (`is` = `==`, `is not` = `!=`), + -, * / %, unary + -, power
// (^ or **, right-associative).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "annr/expression.hpp"
#include "annr/limits.hpp"

namespace annr {

ExprPtr make_number(double v, int column) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::Number;
  e->value = v;
  e->column = column;
  return e;
}
ExprPtr make_name(const std::string& name, int column) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::Name;
  e->name = name;
  e->column = column;
  return e;
}
ExprPtr make_unary(const std::string& op, ExprPtr a, int column) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::Unary;
  e->name = op;
  e->args = {std::move(a)};
  e->column = column;
  e->depth = 1 + e->args[0]->depth;
  return e;
}
ExprPtr make_binary(const std::string& op, ExprPtr a, ExprPtr b, int column) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::Binary;
  e->name = op;
  e->args = {std::move(a), std::move(b)};
  e->column = column;
  e->depth = 1 + std::max(e->args[0]->depth, e->args[1]->depth);
  return e;
}
ExprPtr make_call(const std::string& fn, std::vector<ExprPtr> args, int column) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::Call;
  e->name = fn;
  e->args = std::move(args);
  e->column = column;
  for (const auto& a : e->args) e->depth = std::max(e->depth, 1 + a->depth);
  return e;
}
ExprPtr make_if(ExprPtr cond, ExprPtr a, ExprPtr b, int column) {
  auto e = std::make_shared<Expr>();
  e->kind = Expr::If;
  e->args = {std::move(cond), std::move(a), std::move(b)};
  e->column = column;
  for (const auto& x : e->args) e->depth = std::max(e->depth, 1 + x->depth);
  return e;
}

ModelError language_error(const SourceLocation& where, int column,
                          const std::string& what) {
  std::ostringstream s;
  s << "model '" << where.model << "', " << where.section << " line " << where.line;
  if (column > 0) s << ", column " << column;
  s << ": " << what;
  if (!where.line_text.empty()) {
    // A long line is quoted around the column only (user text can be huge).
    const std::size_t width = 120, n = where.line_text.size();
    std::size_t from = 0;
    if (n > width) {
      const std::size_t at = column > 0 ? static_cast<std::size_t>(column - 1) : 0;
      from = at > width / 2 ? std::min(at - width / 2, n - width) : 0;
    }
    const std::string head = from > 0 ? "..." : "";
    const std::string tail = from + width < n ? "..." : "";
    s << "\n  " << head << where.line_text.substr(from, width) << tail;
    if (column > 0) s << "\n  " << std::string(head.size() + (column - 1) - from, ' ') << "^";
  }
  return ModelError(s.str(), where.line, column);
}

namespace {

struct Token {
  enum Kind { End, Number, Name, Op };
  Kind kind = End;
  std::string text;
  double value = 0.0;
  int column = 0;  // line column
};

class Parser {
 public:
  Parser(const std::string& text, const SourceLocation& where)
      : text_(text), where_(where) {
    if (text_.size() > limits::kStatementChars) {
      throw language_error(where_, where_.column_offset + 1,
                           "the expression is " + std::to_string(text_.size()) +
                               " characters long; the limit is " + std::to_string(limits::kStatementChars));
    }
    tokenize();
  }

  ExprPtr parse() {
    if (tokens_.size() == 1) {
      throw language_error(where_, where_.column_offset + 1, "empty expression");
    }
    ExprPtr e = parse_if();
    if (peek().kind != Token::End) {
      if (peek().text == ")") error(peek(), "unbalanced parenthesis: ')' without '('");
      error(peek(), "unexpected '" + peek().text + "'");
    }
    return e;
  }

 private:
  [[noreturn]] void error(const Token& t, const std::string& what) {
    throw language_error(where_, t.column, what);
  }

  // Bounds the parser's recursion (parentheses, unary operators, inline ifs,
  // calls): each level costs C stack.
  struct Nest {
    Parser& p;
    Nest(Parser& parser, const Token& t) : p(parser) {
      if (++p.nesting_ > limits::kNesting) {
        p.error(t, "the expression nests deeper than " + std::to_string(limits::kNesting) +
                       " levels (parentheses, unary operators, inline ifs and calls)");
      }
    }
    ~Nest() { --p.nesting_; }
  };

  // Bounds the depth of the tree a chain of operators builds (a + b + ...).
  ExprPtr chained(ExprPtr e, const Token& t) {
    if (e->depth > limits::kTreeDepth) {
      error(t, "the expression is more than " + std::to_string(limits::kTreeDepth) +
                   " operators deep; split it into several variables");
    }
    return e;
  }

  void tokenize() {
    std::size_t i = 0;
    const std::size_t n = text_.size();
    while (i < n) {
      const char c = text_[i];
      const int column = where_.column_offset + static_cast<int>(i) + 1;
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      Token t;
      t.column = column;
      if (std::isdigit(static_cast<unsigned char>(c)) ||
          (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(text_[i + 1])))) {
        const char* start = text_.c_str() + i;
        char* end = nullptr;
        t.value = std::strtod(start, &end);
        t.kind = Token::Number;
        t.text = std::string(start, static_cast<std::size_t>(end - start));
        i += static_cast<std::size_t>(end - start);
        if (i < n && (std::isalpha(static_cast<unsigned char>(text_[i])) || text_[i] == '_')) {
          throw language_error(where_, column, "malformed number '" + t.text + text_[i] + "'");
        }
      } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        std::size_t j = i;
        // Dotted names (pre.x, post.x) are single names for the synapse side.
        while (j < n && (std::isalnum(static_cast<unsigned char>(text_[j])) ||
                         text_[j] == '_' || text_[j] == '.'))
          ++j;
        t.kind = Token::Name;
        t.text = text_.substr(i, j - i);
        i = j;
      } else {
        static const char* two[] = {"**", "<=", ">=", "==", "!=", "&&", "||"};
        t.kind = Token::Op;
        bool matched = false;
        for (const char* op : two) {
          if (text_.compare(i, 2, op) == 0) {
            t.text = op;
            i += 2;
            matched = true;
            break;
          }
        }
        if (!matched) {
          if (std::string("+-*/^%()<>,:!").find(c) == std::string::npos) {
            throw language_error(where_, column, std::string("unexpected character '") + c + "'");
          }
          t.text = std::string(1, c);
          ++i;
        }
      }
      tokens_.push_back(t);
    }
    Token end;
    end.kind = Token::End;
    end.text = "end of line";
    end.column = where_.column_offset + static_cast<int>(n) + 1;
    tokens_.push_back(end);
  }

  const Token& peek() const { return tokens_[pos_]; }
  Token take() { return tokens_[pos_++]; }
  bool accept_op(const std::string& op) {
    if (peek().kind == Token::Op && peek().text == op) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool accept_word(const std::string& w) {
    if (peek().kind == Token::Name && peek().text == w) {
      ++pos_;
      return true;
    }
    return false;
  }

  ExprPtr parse_if() {
    Nest guard(*this, peek());
    if (peek().kind == Token::Name && peek().text == "if") {
      const Token t = take();
      ExprPtr cond = parse_or();
      if (!accept_op(":")) error(peek(), "expected ':' after the condition of 'if'");
      ExprPtr a = parse_if();
      if (!accept_word("else")) error(peek(), "expected 'else' in inline 'if'");
      accept_op(":");
      ExprPtr b = parse_if();
      return make_if(cond, a, b, t.column);
    }
    return parse_or();
  }

  ExprPtr parse_or() {
    ExprPtr e = parse_and();
    for (;;) {
      const Token t = peek();
      if (accept_word("or") || accept_op("||")) e = chained(make_binary("or", e, parse_and(), t.column), t);
      else return e;
    }
  }

  ExprPtr parse_and() {
    ExprPtr e = parse_not();
    for (;;) {
      const Token t = peek();
      if (accept_word("and") || accept_op("&&")) e = chained(make_binary("and", e, parse_not(), t.column), t);
      else return e;
    }
  }

  ExprPtr parse_not() {
    const Token t = peek();
    Nest guard(*this, t);
    if (accept_word("not") || accept_op("!")) return chained(make_unary("not", parse_not(), t.column), t);
    return parse_comparison();
  }

  ExprPtr parse_comparison() {
    ExprPtr e = parse_additive();
    static const char* ops[] = {"<", "<=", ">", ">=", "==", "!="};
    for (const char* op : ops) {
      const Token t = peek();
      if (accept_op(op)) return chained(make_binary(op, e, parse_additive(), t.column), t);
    }
    // `a is b` / `a is not b`: ANNarchy's parser turns them into == / !=.
    const Token t = peek();
    if (accept_word("is")) {
      const bool negated = accept_word("not");
      return chained(make_binary(negated ? "!=" : "==", e, parse_additive(), t.column), t);
    }
    return e;
  }

  ExprPtr parse_additive() {
    ExprPtr e = parse_multiplicative();
    for (;;) {
      const Token t = peek();
      if (accept_op("+")) e = chained(make_binary("+", e, parse_multiplicative(), t.column), t);
      else if (accept_op("-")) e = chained(make_binary("-", e, parse_multiplicative(), t.column), t);
      else return e;
    }
  }

  ExprPtr parse_multiplicative() {
    ExprPtr e = parse_unary();
    for (;;) {
      const Token t = peek();
      if (accept_op("*")) e = chained(make_binary("*", e, parse_unary(), t.column), t);
      else if (accept_op("/")) e = chained(make_binary("/", e, parse_unary(), t.column), t);
      else if (accept_op("%")) e = chained(make_call("modulo", {e, parse_unary()}, t.column), t);
      else return e;
    }
  }

  ExprPtr parse_unary() {
    const Token t = peek();
    Nest guard(*this, t);
    if (accept_op("-")) return chained(make_unary("-", parse_unary(), t.column), t);
    if (accept_op("+")) return parse_unary();
    return parse_power();
  }

  ExprPtr parse_power() {
    ExprPtr base = parse_primary();
    const Token t = peek();
    if (accept_op("^") || accept_op("**")) {
      return chained(make_binary("^", base, parse_unary(), t.column), t);
    }
    return base;
  }

  ExprPtr parse_primary() {
    const Token t = take();
    switch (t.kind) {
      case Token::Number:
        return make_number(t.value, t.column);
      case Token::Name: {
        if (t.text == "if" || t.text == "else" || t.text == "and" || t.text == "or" ||
            t.text == "not" || t.text == "is") {
          error(t, "unexpected '" + t.text + "'");
        }
        // Python's booleans, as ANNarchy's models write them.
        if (t.text == "True" || t.text == "False") return make_number(t.text == "True" ? 1.0 : 0.0, t.column);
        if (accept_op("(")) {
          std::vector<ExprPtr> args;
          if (!accept_op(")")) {
            for (;;) {
              args.push_back(parse_if());
              if (accept_op(")")) break;
              if (!accept_op(",")) {
                if (peek().kind == Token::End) {
                  error(peek(), "unbalanced parenthesis: '(' of " + t.text + "() is not closed");
                }
                error(peek(), "expected ',' or ')' in the arguments of " + t.text + "()");
              }
            }
          }
          return chained(make_call(t.text, std::move(args), t.column), t);
        }
        return make_name(t.text, t.column);
      }
      case Token::Op:
        if (t.text == "(") {
          ExprPtr e = parse_if();
          if (!accept_op(")")) {
            if (peek().kind == Token::End) {
              error(t, "unbalanced parenthesis: '(' is not closed");
            }
            error(peek(), "expected ')' but found '" + peek().text + "'");
          }
          return e;
        }
        if (t.text == ")") error(t, "unbalanced parenthesis: ')' without '('");
        error(t, "unexpected '" + t.text + "'");
      case Token::End:
        error(t, "incomplete expression");
    }
    error(t, "unexpected token");
  }

  std::string text_;
  SourceLocation where_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int nesting_ = 0;
};

}  // namespace

ExprPtr parse_expression(const std::string& text, const SourceLocation& where) {
  Parser p(text, where);
  return p.parse();
}

std::string to_string(const ExprPtr& e) {
  std::ostringstream s;
  switch (e->kind) {
    case Expr::Number:
      s << e->value;
      break;
    case Expr::Name:
      s << e->name;
      break;
    case Expr::Unary:
      s << "(" << e->name << (e->name == "not" ? " " : "") << to_string(e->args[0]) << ")";
      break;
    case Expr::Binary:
      s << "(" << to_string(e->args[0]) << " " << e->name << " " << to_string(e->args[1]) << ")";
      break;
    case Expr::Call:
      s << e->name << "(";
      for (std::size_t i = 0; i < e->args.size(); ++i) s << (i ? ", " : "") << to_string(e->args[i]);
      s << ")";
      break;
    case Expr::If:
      s << "ite(" << to_string(e->args[0]) << ", " << to_string(e->args[1]) << ", "
        << to_string(e->args[2]) << ")";
      break;
  }
  return s.str();
}

}  // namespace annr
