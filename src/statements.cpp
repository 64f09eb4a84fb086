// Statements of the equation language, shared by the neuron and synapse
// compilers: splitting sections into statements and flags, solving linear
// equations symbolically, the table of functions.
#include "annr/limits.hpp"
#include "annr/statements.hpp"

#include <cctype>
#include <cmath>
#include <sstream>

namespace annr {

// ---------------------------------------------------------------- statements



std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool parse_number(const std::string& text, double& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  if (t == "True" || t == "true") { out = 1; return true; }
  if (t == "False" || t == "false") { out = 0; return true; }
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end && *end == '\0';
}

const std::set<std::string>& method_names() {
  static const std::set<std::string> m = {"explicit", "implicit", "semiimplicit",
                                          "exponential", "midpoint", "rk4",
                                          "event-driven", "euler"};
  return m;
}

// Reads `text` as a flag list; false when it is not one (then the colon
// belongs to the expression, as in `if c: a else: b`).
bool parse_flags(const std::string& text, Flags& flags, bool expression_values) {
  std::stringstream ss(text);
  std::string item;
  bool any = false;
  Flags f;
  while (std::getline(ss, item, ',')) {
    item = trim(item);
    if (item.empty()) return false;
    const auto eq = item.find('=');
    if (eq != std::string::npos) {
      const std::string key = trim(item.substr(0, eq));
      double v;
      const std::string value = trim(item.substr(eq + 1));
      // init = True / False (bool variables, as ANNarchy writes them).
      if (key == "init" && (value == "True" || value == "true")) { f.has_init = true; f.init = 1; any = true; continue; }
      if (key == "init" && (value == "False" || value == "false")) { f.has_init = true; f.init = 0; any = true; continue; }
      if (!parse_number(value, v)) {
        // `min = r_min`: an expression the compiler parses and checks.
        if (!expression_values || value.empty() || value.find('=') != std::string::npos) return false;
        if (key == "init") f.init_expr = value;
        else if (key == "min") f.min_expr = value;
        else if (key == "max") f.max_expr = value;
        else return false;
        any = true;
        continue;
      }
      if (key == "init") { f.has_init = true; f.init = v; }
      else if (key == "min") { f.has_min = true; f.min = v; }
      else if (key == "max") { f.has_max = true; f.max = v; }
      else return false;
    } else if (item == "population" || item == "projection") {
      f.population = true;
    } else if (item == "postsynaptic") {
      f.postsynaptic = true;  // synapses only; neurons ignore it
    } else if (item == "unless_refractory") {
      // accepted; no effect (ANNarchy 4.7 ignores it)
    } else if (method_names().count(item)) {
      f.method = item == "euler" ? "explicit" : item;
    } else if (item == "int" || item == "bool" || item == "float") {
      f.type = item;
    } else {
      return false;
    }
    any = true;
  }
  if (any) flags = f;
  return any;
}

namespace {

bool has_word(const std::string& s, const std::string& w) {
  for (std::size_t p = s.find(w); p != std::string::npos; p = s.find(w, p + 1)) {
    const bool start = p == 0 || !(std::isalnum(static_cast<unsigned char>(s[p - 1])) || s[p - 1] == '_');
    const std::size_t e = p + w.size();
    const bool end = e >= s.size() || !(std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '_');
    if (start && end) return true;
  }
  return false;
}

// The first item of a flag list that is not a flag, as an error.
[[noreturn]] void report_bad_flag(const std::string& list, const SourceLocation& where, int offset,
                                  bool expression_values) {
  std::size_t from = 0;
  for (;;) {
    std::size_t comma = list.find(',', from);
    const std::string item = list.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    Flags f;
    if (trim(item).empty() || !parse_flags(item, f, expression_values)) {
      const std::size_t lead = item.find_first_not_of(" \t");
      const int column = where.column_offset + offset + static_cast<int>(from + (lead == std::string::npos ? 0 : lead)) + 1;
      const std::string t = trim(item);
      const auto eq = t.find('=');
      const std::string key = trim(t.substr(0, eq));
      std::string what;
      if (t.empty()) {
        what = "empty flag after ':'";
      } else if (eq != std::string::npos && (key == "init" || key == "min" || key == "max")) {
        what = "the value of flag '" + key + "' must be a number" +
               std::string(expression_values ? " or an expression of the model's names" : "") + " (found '" +
               trim(t.substr(eq + 1)) + "')";
      } else {
        what = "unknown flag '" + t + "' (flags: init = x, min = x, max = x, population, projection, "
               "postsynaptic, int, bool, float, explicit, implicit, semiimplicit, exponential, midpoint, rk4, "
               "event-driven)";
      }
      throw language_error(where, column, what);
    }
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  // every item alone is a flag: the list as a whole is not (cannot happen today)
  throw language_error(where, where.column_offset + offset + 1, "malformed flag list");
}

// A character of a name: letter, digit or '_'.
bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Names that begin with two underscores are the compilers' own (`__ddt__`
// stands for the derivative of an ODE's variable once the statement is
// rewritten). Written by the user, such a name would reach the compiler as if
// it were one of them: refuse it at the statement, with its column.
void check_reserved_names(const std::string& piece, const SourceLocation& where) {
  for (std::size_t i = 0; i + 1 < piece.size(); ++i) {
    if (piece[i] != '_' || piece[i + 1] != '_' || (i > 0 && word_char(piece[i - 1]))) continue;
    std::size_t j = i;
    while (j < piece.size() && word_char(piece[j])) ++j;
    throw language_error(where, where.column_offset + static_cast<int>(i) + 1,
                         "'" + piece.substr(i, j - i) +
                             "': names that begin with two underscores are reserved for annr");
  }
}

}  // namespace


std::vector<Statement> split_section(const std::string& source, const std::string& model,
                                     const std::string& section, bool with_flags,
                                     bool expression_values) {
  if (source.size() > limits::kSectionChars) {
    throw language_error(SourceLocation{model, section, 1, 0, ""}, 0,
                         "the section is " + std::to_string(source.size()) + " characters long; the limit is " +
                             std::to_string(limits::kSectionChars));
  }
  std::vector<Statement> out;
  std::stringstream lines(source);
  std::string line;
  int line_no = 0;
  while (std::getline(lines, line)) {
    ++line_no;
    std::string code = line;
    const auto hash = code.find('#');
    if (hash != std::string::npos) code = code.substr(0, hash);
    std::size_t begin = 0;
    while (begin <= code.size()) {
      std::size_t end = code.find(';', begin);
      if (end == std::string::npos) end = code.size();
      std::string piece = code.substr(begin, end - begin);
      if (!trim(piece).empty()) {
        Statement st;
        st.where.model = model;
        st.where.section = section;
        st.where.line = line_no;
        st.where.column_offset = static_cast<int>(begin);
        st.where.line_text = line;
        st.text = piece;
        if (piece.size() > limits::kStatementChars) {
          SourceLocation w = st.where;
          w.line_text = line.substr(0, 120) + "...";
          throw language_error(w, 0, "the statement is " + std::to_string(piece.size()) +
                                         " characters long; the limit is " +
                                         std::to_string(limits::kStatementChars));
        }
        check_reserved_names(piece, st.where);
        std::string op;
        // As ANNarchy: in `equations`, a line without an assignment continues
        // the equation before it (`r = a` newline `+ b : implicit`, or an
        // if/else written over several lines); its flags join that
        // equation's.
        bool had_flags = false;
        if (with_flags) {
          const auto colon = piece.rfind(':');
          if (colon != std::string::npos) {
            Flags f;
            if (parse_flags(piece.substr(colon + 1), f, expression_values)) {
              had_flags = true;
              f.expr_column = static_cast<int>(begin + colon + 1);
              if (f.has_min && f.has_max && f.min > f.max) {
                std::ostringstream m;
                m << "min = " << f.min << " is above max = " << f.max;
                throw language_error(st.where, f.expr_column + 1, m.str());
              }
              st.flags = f;
              st.text = piece.substr(0, colon);
            } else if (!has_word(piece, "if") && !has_word(piece, "else")) {
              // Not an inline if: a flag list with an item that is no flag.
              report_bad_flag(piece.substr(colon + 1), st.where,
                              static_cast<int>(begin + colon + 1), expression_values);
            }
          }
        }
        const bool continuation = section == "equations" && !out.empty() &&
                                  find_assignment(st.text, op) == std::string::npos;
        if (continuation) {
          Statement& prev = out.back();
          prev.text += " " + st.text;
          prev.where.line_text += " " + trim(piece);
          if (had_flags) prev.flags = st.flags;  // written on a later line of the equation
        } else {
          out.push_back(st);
        }
      }
      begin = end + 1;
    }
  }
  return out;
}

// Position of the assignment operator: the first '=' that is not part of
// '==', '<=', '>=', '!='. `op` receives "=", "+=", "-=", "*=" or "/=".
std::size_t find_assignment(const std::string& s, std::string& op) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') continue;
    const char prev = i > 0 ? s[i - 1] : ' ';
    const char next = i + 1 < s.size() ? s[i + 1] : ' ';
    if (next == '=') { ++i; continue; }
    if (prev == '<' || prev == '>' || prev == '!' || prev == '=') continue;
    if (prev == '+' || prev == '-' || prev == '*' || prev == '/') {
      op = std::string(1, prev) + "=";
      return i - 1;
    }
    op = "=";
    return i;
  }
  return std::string::npos;
}

// ------------------------------------------------------- symbolic helpers

bool is_number(const ExprPtr& e, double v) {
  return e && e->kind == Expr::Number && e->value == v;
}
ExprPtr s_neg(const ExprPtr& a) {
  if (!a) return nullptr;
  if (a->kind == Expr::Number) return make_number(-a->value, a->column);
  if (a->kind == Expr::Unary && a->name == "-") return a->args[0];
  return make_unary("-", a, a->column);
}
ExprPtr s_add(const ExprPtr& a, const ExprPtr& b) {
  if (!a || is_number(a, 0)) return b;
  if (!b || is_number(b, 0)) return a;
  return make_binary("+", a, b, a->column);
}
ExprPtr s_sub(const ExprPtr& a, const ExprPtr& b) {
  if (!b || is_number(b, 0)) return a;
  if (!a || is_number(a, 0)) return s_neg(b);
  return make_binary("-", a, b, a->column);
}
ExprPtr s_mul(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b || is_number(a, 0) || is_number(b, 0)) return nullptr;
  if (is_number(a, 1)) return b;
  if (is_number(b, 1)) return a;
  if (is_number(a, -1)) return s_neg(b);
  if (is_number(b, -1)) return s_neg(a);
  return make_binary("*", a, b, a->column);
}
ExprPtr s_div(const ExprPtr& a, const ExprPtr& b) {
  if (!a || is_number(a, 0)) return nullptr;
  if (is_number(b, 1)) return a;
  if (is_number(b, -1)) return s_neg(a);
  return make_binary("/", a, b, a->column);
}
ExprPtr zero_if_null(const ExprPtr& e) { return e ? e : make_number(0.0); }

bool contains_name(const ExprPtr& e, const std::string& name) {
  if (!e) return false;
  if (e->kind == Expr::Name) return e->name == name;
  for (const auto& a : e->args) if (contains_name(a, name)) return true;
  return false;
}



namespace {
void linearize_impl(const ExprPtr& e, const std::string& x, ExprPtr& coef, ExprPtr& rest,
                    bool lenient) {
  if (!contains_name(e, x) ||
      (lenient && (e->kind == Expr::Call || e->kind == Expr::If))) {
    coef = nullptr;
    rest = is_number(e, 0) ? nullptr : e;
    return;
  }
  if (e->kind == Expr::Name) {
    coef = make_number(1.0);
    rest = nullptr;
    return;
  }
  if (e->kind == Expr::Unary && e->name == "-") {
    linearize_impl(e->args[0], x, coef, rest, lenient);
    coef = s_neg(coef);
    rest = s_neg(rest);
    return;
  }
  if (e->kind == Expr::Binary) {
    ExprPtr ca, ra, cb, rb;
    const std::string& op = e->name;
    if (op == "+" || op == "-") {
      linearize_impl(e->args[0], x, ca, ra, lenient);
      linearize_impl(e->args[1], x, cb, rb, lenient);
      coef = op == "+" ? s_add(ca, cb) : s_sub(ca, cb);
      rest = op == "+" ? s_add(ra, rb) : s_sub(ra, rb);
      return;
    }
    if (op == "*") {
      linearize_impl(e->args[0], x, ca, ra, lenient);
      linearize_impl(e->args[1], x, cb, rb, lenient);
      if (ca && cb) throw NonLinear();
      if (ca) {
        coef = s_mul(ca, zero_if_null(rb));
        rest = s_mul(ra, rb);
      } else {
        coef = s_mul(zero_if_null(ra), cb);
        rest = s_mul(ra, rb);
      }
      return;
    }
    if (op == "/") {
      if (contains_name(e->args[1], x)) throw NonLinear();
      linearize_impl(e->args[0], x, ca, ra, lenient);
      coef = s_div(ca, e->args[1]);
      rest = s_div(ra, e->args[1]);
      return;
    }
  }
  throw NonLinear();
}
}  // namespace

// Writes e = coef * x + rest (nullptr = 0); throws NonLinear otherwise.
void linearize(const ExprPtr& e, const std::string& x, ExprPtr& coef, ExprPtr& rest) {
  linearize_impl(e, x, coef, rest, false);
}

void linearize_lenient(const ExprPtr& e, const std::string& x, ExprPtr& coef, ExprPtr& rest) {
  linearize_impl(e, x, coef, rest, true);
}

// ----------------------------------------------------------- function table


const std::map<std::string, FunctionInfo>& math_functions() {
  static const std::map<std::string, FunctionInfo> f = {
      {"exp", {1, Func::Exp}},       {"log", {1, Func::Log}},
      {"log10", {1, Func::Log10}},   {"sin", {1, Func::Sin}},
      {"cos", {1, Func::Cos}},       {"tan", {1, Func::Tan}},
      {"asin", {1, Func::Asin}},     {"acos", {1, Func::Acos}},
      {"atan", {1, Func::Atan}},     {"sinh", {1, Func::Sinh}},
      {"cosh", {1, Func::Cosh}},     {"tanh", {1, Func::Tanh}},
      {"sqrt", {1, Func::Sqrt}},     {"abs", {1, Func::Abs}},
      {"fabs", {1, Func::Abs}},      {"floor", {1, Func::Floor}},
      {"ceil", {1, Func::Ceil}},     {"round", {1, Func::Round}},
      {"pos", {1, Func::Pos}},       {"positive", {1, Func::Pos}},
      {"neg", {1, Func::Neg}},       {"negative", {1, Func::Neg}},
      {"isfinite", {1, Func::IsFinite}}, {"isnan", {1, Func::IsNan}},
      {"pow", {2, Func::Pow}},       {"power", {2, Func::Pow}},
      {"modulo", {2, Func::Modulo}}, {"max", {2, Func::Max}},
      {"min", {2, Func::Min}},       {"atan2", {2, Func::Atan2}},
      {"ite", {3, Func::Exp}},       {"clip", {3, Func::Exp}}};
  return f;
}

// Random distributions usable inside equations: arity and code.
const std::map<std::string, std::pair<int, int>>& random_functions() {
  static const std::map<std::string, std::pair<int, int>> r = {
      {"Uniform", {2, 0}},     {"Normal", {2, 1}},          {"LogNormal", {2, 2}},
      {"Exponential", {1, 3}}, {"Gamma", {2, 4}},           {"DiscreteUniform", {2, 5}},
      {"Binomial", {2, 6}}};
  return r;
}


ExprPtr substitute(const ExprPtr& e, const std::map<std::string, ExprPtr>& by) {
  if (e->kind == Expr::Name) {
    auto it = by.find(e->name);
    return it == by.end() ? e : it->second;
  }
  if (e->args.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (auto& a : copy->args) a = substitute(a, by);
  return copy;
}



bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) if (!word_char(c)) return false;
  return true;
}

bool find_time_derivative(const std::string& s, std::size_t& pos, std::size_t& length, std::string& var) {
  const std::size_t n = s.size();
  auto skip_space = [&](std::size_t i) {
    while (i < n && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return i;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i] != 'd' || (i > 0 && word_char(s[i - 1]))) continue;
    std::size_t j = i + 1;
    if (j >= n || !(std::isalpha(static_cast<unsigned char>(s[j])) || s[j] == '_')) continue;
    while (j < n && word_char(s[j])) ++j;
    std::size_t k = skip_space(j);
    if (k >= n || s[k] != '/') continue;
    k = skip_space(k + 1);
    if (s.compare(k, 2, "dt") != 0 || (k + 2 < n && word_char(s[k + 2]))) continue;
    pos = i;
    length = k + 2 - i;
    var = s.substr(i + 1, j - i - 1);
    return true;
  }
  return false;
}

std::string replace_time_derivatives(std::string text, const std::string& var, const SourceLocation& where) {
  std::string out;
  std::size_t pos, length, offset = 0;
  std::string v;
  while (find_time_derivative(text, pos, length, v)) {
    if (v != var) {
      throw language_error(where, where.column_offset + static_cast<int>(offset + pos) + 1,
                           "d" + v + "/dt cannot appear in the equation of '" + var +
                               "' (each ODE defines one derivative)");
    }
    out += text.substr(0, pos) + "__ddt__";
    offset += pos + length;
    text.erase(0, pos + length);
  }
  return out + text;
}

InliningGuard::Level InliningGuard::enter(const SourceLocation& where, int column, int calls) {
  if (calls > limits::kFunctionNesting) {
    throw language_error(where, column, "functions call each other more than " +
                                            std::to_string(limits::kFunctionNesting) + " levels deep");
  }
  if (++nodes_ > limits::kExpandedNodes) {
    throw language_error(where, column, "the expression expands to more than " +
                                            std::to_string(limits::kExpandedNodes) +
                                            " terms once functions are inlined");
  }
  if (++depth_ > limits::kExpandedDepth) {
    --depth_;
    throw language_error(where, column, "the expression is more than " +
                                            std::to_string(limits::kExpandedDepth) +
                                            " operators deep once functions are inlined");
  }
  return Level{*this};
}

std::map<std::string, UserFunction> read_user_functions(const std::string& text,
                                                       const std::string& model) {
  std::map<std::string, UserFunction> out;
  for (auto& st : split_section(text, model, "functions", false)) {
    std::string op;
    const auto pos = find_assignment(st.text, op);
    const std::string lhs = pos == std::string::npos ? "" : trim(st.text.substr(0, pos));
    // name(x, y, ...): lexed by hand (no regex on user text)
    const auto open = lhs.find('(');
    const bool shaped = op == "=" && open != std::string::npos && lhs.back() == ')' &&
                        is_identifier(trim(lhs.substr(0, open))) &&
                        lhs.find_first_of("()", open + 1) == lhs.size() - 1;
    if (!shaped) {
      throw language_error(st.where, st.where.column_offset + 1,
                           "a function is written 'name(x, y) = expression'");
    }
    UserFunction f;
    std::stringstream args(lhs.substr(open + 1, lhs.size() - open - 2));
    std::string a;
    while (std::getline(args, a, ',')) {
      a = trim(a);
      if (!a.empty()) f.params.push_back(a);
      if (f.params.size() > limits::kFunctionParameters) {
        throw language_error(st.where, st.where.column_offset + 1,
                             "a function takes at most " + std::to_string(limits::kFunctionParameters) +
                                 " arguments");
      }
    }
    SourceLocation w = st.where;
    w.column_offset += static_cast<int>(pos + 1);
    f.body = parse_expression(st.text.substr(pos + 1), w);
    f.where = st.where;
    out[trim(lhs.substr(0, open))] = f;
  }
  return out;
}

}  // namespace annr
