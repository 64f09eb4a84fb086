// The model compiler: from the strings of a Neuron definition to bytecode.
//
// 1. split each section into statements (newlines or ';', '#' comments) and
//    flags (after the last ':', when what follows reads as flags);
// 2. parse them (expression_parser.cpp), inline user functions;
// 3. build the attribute table and check every name, call and assignment;
// 4. solve each ODE for its derivative (it must be linear in dx/dt);
// 5. lower: expressions that only depend on population-wide values are
//    hoisted into per-step scalar slots; the rest becomes vector bytecode.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "annr/bytecode.hpp"
#include "annr/expression.hpp"
#include "annr/limits.hpp"
#include "annr/model.hpp"
#include "annr/statements.hpp"

namespace annr {

std::size_t padded_size(std::size_t size) {
  return ((size + kChunk - 1) / kChunk) * kChunk + (size == 0 ? kChunk : 0);
}

int ModelInfo::attribute_index(const std::string& name) const {
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

// ------------------------------------------------------------ the compiler

struct OdeStatement {
  int attribute;
  ExprPtr numerator, denominator;  // dx/dt = numerator / denominator
  std::string method;
  SourceLocation where;
};

struct EquationItem {
  bool is_ode = false;
  int attribute = -1;
  ExprPtr value;  // assignments: the new value (x += e already expanded)
  OdeStatement ode;
  SourceLocation where;
};

class Model final : public CompiledModel {
 public:
  ModelInfo info_;
  std::vector<int> scalar_slot_of_attribute_;  // -1 for local attributes
  std::vector<double> scalar_init_;            // constants; slot 0 = t, 1 = dt
  std::vector<ScalarAssignment> scalar_program_;
  std::vector<VectorSlot> vector_slots_;
  int n_registers_ = 0;
  Program equations_, spike_, reset_;
  int spike_result_ = -1;   // vector slot of the spike condition
  int mask_slot_ = -1;
  bool has_refractory_ = false;
  double refractory_ms_ = 0.0;
  int refractory_attribute_ = -1;
  std::vector<int> pulse_conductances_;
  std::map<std::string, int> names_;  // attribute index by name
  // Global reductions mean/max/min/norm1/norm2 of a variable, computed at
  // the end of a step into a scalar slot: equations see them one step late.
  struct Reduction {
    int slot, attribute, kind;
  };
  std::vector<Reduction> reductions_;
  // Global constants read by the equations: (scalar slot, index into
  // StepContext::constants), copied into their slots at every step.
  std::vector<std::pair<int, int>> constant_slots_;
  std::vector<std::string> constant_names_;  // ModelSource::constants (stop conditions)
  // Index of a global constant not hidden by an attribute, or -1.
  int constant_index(const std::string& n) const {
    if (names_.count(n)) return -1;
    for (std::size_t i = 0; i < constant_names_.size(); ++i) {
      if (constant_names_[i] == n) return static_cast<int>(i);
    }
    return -1;
  }

  const ModelInfo& info() const override { return info_; }
  NeuronState make_state(std::size_t size) const override;
  void step(NeuronState& state, const StepContext& ctx) const override;
  std::unique_ptr<CompiledCondition> compile_condition(const std::string& expression) const override;

  int refractory_steps(const NeuronState& state, std::size_t j, double dt) const {
    double ms = refractory_ms_;
    if (refractory_attribute_ >= 0) {
      const auto& vals = state.values[refractory_attribute_];
      ms = info_.attributes[refractory_attribute_].is_global ? vals[0] : vals[j];
    }
    // int(value / dt) as in ANNarchy, robust to 0.3 / 0.1 = 2.9999...
    return ms > 0 ? static_cast<int>(ms / dt + 1e-6) : 0;
  }
};

class Compiler {
 public:
  explicit Compiler(const ModelSource& src) : src_(src) {
    model_ = std::make_shared<Model>();
    model_->info_.name = src.name.empty() ? "model" : src.name;
    model_->constant_names_ = src.constants;
  }

  std::shared_ptr<Model> run() {
    read_functions();
    read_parameters();
    read_equations();
    read_spike_and_reset();
    add_implicit_attributes();
    check_all();
    lower_all();
    return model_;
  }

 private:
  // ---- reading ----
  void read_functions() {
    functions_ = read_user_functions(src_.functions, name());
    for (const auto& f : functions_) {
      std::set<std::string> allowed(f.second.params.begin(), f.second.params.end());
      allowed.insert("pi");
      check_function_body(f.second.body, allowed, f.second.where);
    }
  }

  void check_function_body(const ExprPtr& e, const std::set<std::string>& allowed,
                           const SourceLocation& where) {
    if (e->kind == Expr::Name && !allowed.count(e->name)) {
      throw language_error(where, e->column,
                           "unknown variable '" + e->name + "' in a function (a function only sees its arguments)");
    }
    for (auto& a : e->args) check_function_body(a, allowed, where);
  }

  void read_parameters() {
    for (auto& st : split_section(src_.parameters, name(), "parameters", true, true)) {
      if (!st.flags.init_expr.empty() || !st.flags.min_expr.empty() || !st.flags.max_expr.empty()) {
        throw language_error(st.where, st.where.column_offset + st.flags.expr_column + 1,
                             "a parameter's flags take numbers only (min/max given as expressions "
                             "apply to variables)");
      }
      std::string op;
      const auto pos = find_assignment(st.text, op);
      if (pos == std::string::npos || op != "=") {
        throw language_error(st.where, st.where.column_offset + 1,
                             "a parameter is written 'name = value'");
      }
      const std::string pname = trim(st.text.substr(0, pos));
      check_identifier(pname, st);
      if (names().count(pname)) {
        throw language_error(st.where, column_of(st, pname), "duplicate definition of '" + pname + "'");
      }
      SourceLocation w = st.where;
      w.column_offset += static_cast<int>(pos + 1);
      // ANNarchy: a value written True/False (true/false) makes a bool parameter.
      const std::string text = trim(st.text.substr(pos + 1));
      const bool is_bool = text == "True" || text == "true" || text == "False" || text == "false";
      const double v = is_bool ? (text[0] == 'T' || text[0] == 't' ? 1.0 : 0.0)
                               : constant_value(parse_expression(st.text.substr(pos + 1), w), w);
      AttributeInfo a;
      a.name = pname;
      a.is_parameter = true;
      a.is_global = st.flags.population;
      a.type = is_bool ? "bool" : st.flags.type;
      a.init = v;
      a.has_min = st.flags.has_min;
      a.min = st.flags.min;
      a.has_max = st.flags.has_max;
      a.max = st.flags.max;
      if (pname == "r") r_defined_at_ = {st.where, column_of(st, pname)};
      add_attribute(a);
    }
  }

  // A parameter's value: numbers, earlier parameters, arithmetic.
  double constant_value(const ExprPtr& e, const SourceLocation& w) {
    switch (e->kind) {
      case Expr::Number: return e->value;
      case Expr::Name: {
        auto it = names().find(e->name);
        if (it != names().end() && info().attributes[it->second].is_parameter) {
          return info().attributes[it->second].init;
        }
        if (e->name == "pi") return M_PI;
        throw language_error(w, e->column, "the value of a parameter must be a number (found '" + e->name + "')");
      }
      case Expr::Unary:
        return e->name == "-" ? -constant_value(e->args[0], w) : (constant_value(e->args[0], w) == 0);
      case Expr::Binary: {
        const double a = constant_value(e->args[0], w), b = constant_value(e->args[1], w);
        if (e->name == "+") return a + b;
        if (e->name == "-") return a - b;
        if (e->name == "*") return a * b;
        if (e->name == "/") return a / b;
        if (e->name == "^") return std::pow(a, b);
        break;
      }
      default:
        break;
    }
    throw language_error(w, e->column, "the value of a parameter must be a number");
  }

  void read_equations() {
    for (auto& st : split_section(src_.equations, name(), "equations", true, true)) {
      std::string op;
      const auto pos = find_assignment(st.text, op);
      if (pos == std::string::npos) {
        throw language_error(st.where, st.where.column_offset + 1,
                             "expected an equation 'x = ...' or 'dx/dt = ...'");
      }
      std::string lhs = st.text.substr(0, pos);
      std::string rhs = st.text.substr(pos + op.size());
      SourceLocation wr = st.where;
      wr.column_offset += static_cast<int>(pos + op.size());
      EquationItem item;
      item.where = st.where;
      std::size_t dpos, dlen;
      std::string var;
      if (find_time_derivative(lhs, dpos, dlen, var)) {
        if (op != "=") {
          throw language_error(st.where, column_of(st, lhs.substr(dpos, dlen)),
                               "an ODE is written with '=', not '" + op + "'");
        }
        const int column = st.where.column_offset + static_cast<int>(dpos) + 1;
        lhs = replace_time_derivatives(lhs, var, st.where);
        rhs = replace_time_derivatives(rhs, var, wr);
        SourceLocation wl = st.where;
        ExprPtr l = parse_expression(lhs, wl);
        ExprPtr r = parse_expression(rhs, wr);
        const int a = define_variable(var, st, column, true);
        if (ode_defined_.count(var)) {
          throw language_error(st.where, column, "duplicate ODE for '" + var + "'");
        }
        ode_defined_.insert(var);
        ExprPtr cl, rl, cr, rr;
        try {
          linearize(l, "__ddt__", cl, rl);
          linearize(r, "__ddt__", cr, rr);
        } catch (NonLinear&) {
          throw language_error(st.where, column, "the ODE of '" + var + "' must be linear in d" + var + "/dt");
        }
        ExprPtr den = s_sub(cl, cr);
        if (!den) throw language_error(st.where, column, "d" + var + "/dt cancels out of its equation");
        read_expression_flags(a, st);
        item.is_ode = true;
        item.attribute = a;
        item.ode.attribute = a;
        item.ode.numerator = zero_if_null(s_sub(rr, rl));
        item.ode.denominator = den;
        item.ode.method = st.flags.method;
        item.ode.where = st.where;
      } else {
        const std::string var = trim(lhs);
        check_identifier(var, st);
        std::size_t rpos, rlen;
        std::string rvar;
        if (find_time_derivative(rhs, rpos, rlen, rvar)) {
          throw language_error(wr, wr.column_offset + static_cast<int>(rpos) + 1,
                               "d" + rvar + "/dt can only appear in the ODE of '" + rvar + "' ('d" + rvar +
                                   "/dt = ...')");
        }
        ExprPtr r = parse_expression(rhs, wr);
        const int column = column_of(st, var);
        const int a = define_variable(var, st, column, false);
        read_expression_flags(a, st);
        if (op != "=") {
          r = make_binary(std::string(1, op[0]), make_name(var, column), r, column);
        }
        item.attribute = a;
        item.value = r;
      }
      equations_.push_back(item);
    }
  }

  // Bounds given as expressions (`: min = r_min, max = 2 * r_max`): any
  // expression of the model's names, evaluated per neuron after each update
  // of the variable (ANNarchy's `if (x < min) x = min;`). `init = name` is
  // refused, as by ANNarchy (which takes numbers or a Constant there).
  void read_expression_flags(int attr, const Statement& st) {
    const Flags& f = st.flags;
    SourceLocation w = st.where;
    w.column_offset += f.expr_column;
    if (!f.init_expr.empty()) {
      throw language_error(w, w.column_offset + 1,
                           "init takes a number, not '" + f.init_expr +
                               "' (as in ANNarchy); to start from a parameter's value, set it after "
                               "creating the population, e.g. pop$" + info().attributes[attr].name +
                               " <- pop$" + f.init_expr);
    }
    if (!f.min_expr.empty()) bounds_[attr].min = parse_expression(f.min_expr, w);
    if (!f.max_expr.empty()) bounds_[attr].max = parse_expression(f.max_expr, w);
    if (!f.min_expr.empty() || !f.max_expr.empty()) bounds_[attr].where = st.where;
  }

  void read_spike_and_reset() {
    if (!trim(src_.spike).empty()) {
      model_->info_.spiking = true;
      auto sts = split_section(src_.spike, name(), "spike", false);
      if (sts.size() != 1) {
        throw language_error(sts.empty() ? SourceLocation{name(), "spike", 1, 0, src_.spike}
                                         : sts[1].where,
                             1, "the spike condition must be one expression");
      }
      spike_where_ = sts[0].where;
      spike_ = parse_expression(sts[0].text, sts[0].where);
    }
    for (auto& st : split_section(src_.reset, name(), "reset", true)) {
      if (!model_->info_.spiking) {
        throw language_error(st.where, 1, "a reset needs a spike condition");
      }
      std::string op;
      const auto pos = find_assignment(st.text, op);
      if (pos == std::string::npos) {
        throw language_error(st.where, st.where.column_offset + 1, "expected an assignment 'x = ...'");
      }
      const std::string var = trim(st.text.substr(0, pos));
      check_identifier(var, st);
      SourceLocation wr = st.where;
      wr.column_offset += static_cast<int>(pos + op.size());
      ExprPtr r = parse_expression(st.text.substr(pos + op.size()), wr);
      if (op != "=") r = make_binary(std::string(1, op[0]), make_name(var), r);
      EquationItem item;
      item.where = st.where;
      item.value = r;
      item.attribute = -1;
      pending_reset_.push_back({var, item});
    }
    const std::string ref = trim(src_.refractory);
    if (!ref.empty()) {
      model_->has_refractory_ = true;
      double v;
      if (parse_number(ref, v)) {
        if (v < 0) throw language_error({name(), "refractory", 1, 0, ref}, 1, "the refractory period must be >= 0");
        model_->refractory_ms_ = v;
      } else {
        refractory_name_ = ref;
      }
    }
  }

  void add_implicit_attributes() {
    // Conductances g_<target> used but never defined (spiking), and r
    // (rate-coded output; the firing rate of spiking ones) are created
    // implicitly.
    std::set<std::string> used;
    auto collect = [&](const ExprPtr& e, auto&& self) -> void {
      if (!e) return;
      if (e->kind == Expr::Name) used.insert(e->name);
      for (auto& a : e->args) self(a, self);
    };
    for (auto& it : equations_) {
      collect(it.is_ode ? it.ode.numerator : it.value, collect);
      if (it.is_ode) collect(it.ode.denominator, collect);
    }
    collect(spike_, collect);
    for (auto& r : pending_reset_) collect(r.second.value, collect);
    if (model_->info_.spiking) {
      for (const auto& n : used) {
        if (n.size() > 2 && n.compare(0, 2, "g_") == 0 && !names().count(n)) {
          AttributeInfo a;
          a.name = n;
          add_attribute(a);
        }
      }
      // ANNarchy's spiking neurons all have a variable r (0 unless set, or
      // the windowed firing rate): ported scripts set and read it. A model
      // defining its own r would clash with that, and ANNarchy refuses it.
      if (r_defined_at_) {
        throw language_error(r_defined_at_->first, r_defined_at_->second,
                             "spiking neurons use the variable 'r' for their firing rate "
                             "(compute_firing_rate()): give this variable another name");
      }
      if (!names().count("r")) {
        AttributeInfo a;
        a.name = "r";
        add_attribute(a);
      }
    } else if (!names().count("r")) {
      AttributeInfo a;
      a.name = "r";
      add_attribute(a);
    }
    for (auto& a : model_->info_.attributes) {
      if (model_->info_.spiking && a.name.size() > 2 && a.name.compare(0, 2, "g_") == 0 &&
          !a.is_parameter) {
        a.is_conductance = true;
        model_->info_.targets.push_back(a.name.substr(2));
      }
    }
    for (auto& r : pending_reset_) {
      auto it = names().find(r.first);
      if (it == names().end()) {
        throw language_error(r.second.where, column_of_text(r.second.where, r.first),
                             "unknown variable '" + r.first + "'");
      }
      if (info().attributes[it->second].is_parameter) {
        throw language_error(r.second.where, column_of_text(r.second.where, r.first),
                             "cannot assign to parameter '" + r.first + "'");
      }
      r.second.attribute = it->second;
      reset_.push_back(r.second);
    }
    if (!refractory_name_.empty()) {
      auto it = names().find(refractory_name_);
      if (it == names().end()) {
        throw language_error({name(), "refractory", 1, 0, refractory_name_}, 1,
                             "refractory must be a number of ms or the name of a parameter; '" +
                                 refractory_name_ + "' is neither");
      }
      model_->refractory_attribute_ = it->second;
    }
  }

  // ---- checks ----
  void check_all() {
    for (auto& it : equations_) {
      if (it.is_ode) {
        it.ode.numerator = check(it.ode.numerator, it.where);
        it.ode.denominator = check(it.ode.denominator, it.where);
      } else {
        it.value = check(it.value, it.where);
      }
    }
    if (spike_) spike_ = check(spike_, spike_where_);
    for (auto& it : reset_) it.value = check(it.value, it.where);
    for (auto& b : bounds_) {
      if (b.second.min) b.second.min = check(b.second.min, b.second.where);
      if (b.second.max) b.second.max = check(b.second.max, b.second.where);
    }
    // Targets of sum() in rate-coded models.
  }

  // Checks names and calls, inlines user functions; returns the new tree.
  ExprPtr check(const ExprPtr& e, const SourceLocation& w, int depth = 0) {
    const auto level = inlining_.enter(w, e->column, depth);
    switch (e->kind) {
      case Expr::Number:
        return e;
      case Expr::Name: {
        if (names().count(e->name) || e->name == "t" || e->name == "dt" || e->name == "pi" ||
            e->name == "t_last" || e->name == "__ddt__" || reductions_.count(e->name) ||
            constant_index(e->name) >= 0)
          return e;
        if (e->name == "True" || e->name == "true") return make_number(1, e->column);
        if (e->name == "False" || e->name == "false") return make_number(0, e->column);
        throw language_error(w, e->column, "unknown variable '" + e->name + "'");
      }
      case Expr::Call: {
        static const std::set<std::string> reduction_kinds = {"mean", "max", "min", "norm1", "norm2"};
        if (reduction_kinds.count(e->name) && e->args.size() == 1) {
          // A global reduction over the population, available one step late.
          const ExprPtr& a = e->args[0];
          auto it = a->kind == Expr::Name ? names().find(a->name) : names().end();
          if (it == names().end() || info().attributes[it->second].is_global) {
            throw language_error(w, e->column, e->name + "() takes the name of a per-neuron variable, e.g. " +
                                                   e->name + "(r)");
          }
          const std::string n = "__" + e->name + "__" + a->name;
          reductions_[n] = {e->name, it->second};
          return make_name(n, e->column);
        }
        if (e->name == "sum") {
          if (e->args.size() != 1 || e->args[0]->kind != Expr::Name) {
            throw language_error(w, e->column, "sum() takes the name of a target, e.g. sum(exc)");
          }
          if (model_->info_.spiking) {
            throw language_error(w, e->column,
                                 "sum(target) is for rate-coded models; spiking models receive spikes in g_" +
                                     e->args[0]->name);
          }
          const std::string target = e->args[0]->name;
          auto& targets = model_->info_.targets;
          if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
          return e;
        }
        std::vector<ExprPtr> args;
        for (auto& a : e->args) args.push_back(check(a, w, depth));
        auto uf = functions_.find(e->name);
        if (uf != functions_.end()) {
          if (args.size() != uf->second.params.size()) {
            throw language_error(w, e->column, arity_message(e->name, uf->second.params.size(), args.size()));
          }
          std::map<std::string, ExprPtr> by;
          for (std::size_t i = 0; i < args.size(); ++i) by[uf->second.params[i]] = args[i];
          return check(substitute(uf->second.body, by), w, depth + 1);
        }
        auto mf = math_functions().find(e->name);
        if (mf != math_functions().end()) {
          if (static_cast<int>(args.size()) != mf->second.arity) {
            throw language_error(w, e->column, arity_message(e->name, mf->second.arity, args.size()));
          }
          return make_call(e->name, args, e->column);
        }
        auto rf = random_functions().find(e->name);
        if (rf != random_functions().end()) {
          if (static_cast<int>(args.size()) != rf->second.first) {
            throw language_error(w, e->column, arity_message(e->name, rf->second.first, args.size()));
          }
          return make_call(e->name, args, e->column);
        }
        throw language_error(w, e->column, "unknown function '" + e->name + "()'");
      }
      default: {
        auto copy = std::make_shared<Expr>(*e);
        for (auto& a : copy->args) a = check(a, w, depth);
        return copy;
      }
    }
  }

  static std::string arity_message(const std::string& f, std::size_t want, std::size_t got) {
    std::ostringstream s;
    s << f << "() takes " << want << " argument" << (want == 1 ? "" : "s") << ", not " << got;
    return s.str();
  }

  // ---- attributes ----
  int define_variable(const std::string& var, const Statement& st, int column, bool ode) {
    auto it = names().find(var);
    if (it != names().end()) {
      auto& a = model_->info_.attributes[it->second];
      if (a.is_parameter) {
        throw language_error(st.where, column,
                             std::string(ode ? "ODE of" : "cannot assign to") + " parameter '" + var +
                                 "'" + (ode ? ": parameters are constant; declare it as a variable" : ""));
      }
      if (ode) {
        a.is_ode = true;
        a.method = st.flags.method;
      }
      apply_flags(a, st.flags);
      return it->second;
    }
    if (var == "t" || var == "dt" || var == "t_last" || var == "pi") {
      throw language_error(st.where, column, "cannot assign to the reserved name '" + var + "'");
    }
    if (var == "r") r_defined_at_ = {st.where, column};
    AttributeInfo a;
    a.name = var;
    a.is_ode = ode;
    a.method = ode ? st.flags.method : "";
    a.is_global = st.flags.population;
    a.type = st.flags.type;
    apply_flags(a, st.flags);
    return add_attribute(a);
  }

  void apply_flags(AttributeInfo& a, const Flags& f) {
    if (f.has_init) a.init = f.init;
    if (f.has_min) { a.has_min = true; a.min = f.min; }
    if (f.has_max) { a.has_max = true; a.max = f.max; }
    if (f.type != "float") a.type = f.type;
    if (f.population) a.is_global = true;
  }

  int add_attribute(const AttributeInfo& a) {
    model_->info_.attributes.push_back(a);
    const int i = static_cast<int>(model_->info_.attributes.size()) - 1;
    model_->names_[a.name] = i;
    return i;
  }

  void check_identifier(const std::string& n, const Statement& st) {
    if (!is_identifier(n)) {
      throw language_error(st.where, st.where.column_offset + 1,
                           "'" + trim(n) + "' is not a valid name on the left of '='");
    }
  }

  int column_of(const Statement& st, const std::string& what) {
    const auto p = st.text.find(what);
    return st.where.column_offset + (p == std::string::npos ? 0 : static_cast<int>(p)) + 1;
  }
  int column_of_text(const SourceLocation& w, const std::string& what) {
    const auto p = w.line_text.find(what, w.column_offset);
    return p == std::string::npos ? w.column_offset + 1 : static_cast<int>(p) + 1;
  }

  const std::map<std::string, int>& names() const { return model_->names_; }
  const ModelInfo& info() const { return model_->info_; }
  const std::string& name() const { return model_->info_.name; }

  // ---- lowering ----
  struct Operand {
    bool scalar = false;
    int slot = -1;
    bool temp = false;
  };

  bool is_uniform(const ExprPtr& e) const {
    switch (e->kind) {
      case Expr::Number: return true;
      case Expr::Name: {
        if (override_.count(e->name)) return false;
        if (scalar_draws_.count(e->name)) return true;
        if (e->name == "t" || e->name == "dt" || e->name == "pi") return true;
        if (reductions_.count(e->name)) return true;
        if (e->name == "t_last") return false;
        auto it = names().find(e->name);
        if (it == names().end()) return constant_index(e->name) >= 0;
        return info().attributes[it->second].is_global;
      }
      case Expr::Call:
        if (e->name == "sum" || random_functions().count(e->name)) return false;
        break;
      default:
        break;
    }
    for (auto& a : e->args) if (!is_uniform(a)) return false;
    return true;
  }

  // Random calls in a population-wide equation are drawn once per step into
  // scalar slots (before the equation, in the order they appear); the call
  // is replaced by the slot's name. Their arguments must be population-wide.
  ExprPtr draw_scalar_randoms(const ExprPtr& e) {
    if (e->args.empty()) return e;
    auto n = std::make_shared<Expr>(*e);
    for (auto& a : n->args) a = draw_scalar_randoms(a);
    if (n->kind != Expr::Call) return n;
    auto rf = random_functions().find(n->name);
    if (rf == random_functions().end()) return n;
    for (auto& a : n->args) {
      if (!is_uniform(a)) {
        throw language_error(current_where_, e->column,
                             n->name + "() in a population-wide equation needs population-wide arguments");
      }
    }
    const std::string name = "__scalar_draw" + std::to_string(scalar_draws_.size());
    const int slot = new_scalar(0.0);
    scalar_draws_[name] = slot;
    ScalarAssignment draw;
    draw.slot = slot;
    draw.draw_code = rf->second.second;
    draw.expr = resolve_scalar(n->args[0]);
    if (n->args.size() > 1) draw.expr_b = resolve_scalar(n->args[1]);
    model_->scalar_program_.push_back(draw);
    return make_name(name);
  }

  // A uniform tree with names resolved to scalar slots (value = slot).
  ExprPtr resolve_scalar(const ExprPtr& e) {
    switch (e->kind) {
      case Expr::Number: return e;
      case Expr::Name: {
        int slot;
        if (e->name == "t") slot = 0;
        else if (e->name == "dt") slot = 1;
        else if (e->name == "pi") return make_number(M_PI);
        else if (reduction_slot_.count(e->name)) slot = reduction_slot_.at(e->name);
        else if (scalar_draws_.count(e->name)) slot = scalar_draws_.at(e->name);
        else if (!names().count(e->name) && constant_index(e->name) >= 0) slot = constant_slot(e->name);
        else slot = model_->scalar_slot_of_attribute_[names().at(e->name)];
        auto n = std::make_shared<Expr>(*e);
        n->value = slot;
        return n;
      }
      case Expr::Call: {
        auto n = std::make_shared<Expr>(*e);
        auto mf = math_functions().find(e->name);
        n->value = static_cast<double>(static_cast<int>(mf->second.func));
        for (auto& a : n->args) a = resolve_scalar(a);
        return n;
      }
      default: {
        auto n = std::make_shared<Expr>(*e);
        for (auto& a : n->args) a = resolve_scalar(a);
        return n;
      }
    }
  }

  bool has_names(const ExprPtr& e) const {
    if (e->kind == Expr::Name && e->name != "pi") return true;
    for (auto& a : e->args) if (has_names(a)) return true;
    return false;
  }

  // Index of a global constant in ModelSource::constants, or -1 (also when
  // an attribute of the model has that name: the attribute hides it).
  int constant_index(const std::string& n) const { return model_->constant_index(n); }
  // The per-step scalar slot holding a constant (one per constant).
  int constant_slot(const std::string& n) {
    const int k = constant_index(n);
    for (const auto& cs : model_->constant_slots_) if (cs.second == k) return cs.first;
    const int slot = new_scalar(0.0);
    model_->constant_slots_.push_back({slot, k});
    return slot;
  }

  int new_scalar(double init) {
    model_->scalar_init_.push_back(init);
    return static_cast<int>(model_->scalar_init_.size()) - 1;
  }

  // Hoists a uniform expression: a constant slot, or a per-step slot.
  int hoist(const ExprPtr& e) {
    ExprPtr r = resolve_scalar(e);
    const std::string key = to_string(r);
    auto it = hoisted_.find(key);
    if (it != hoisted_.end()) return it->second;
    int slot;
    if (!has_names(r)) {
      slot = new_scalar(eval_scalar(r, model_->scalar_init_.data()));
    } else {
      slot = new_scalar(0.0);
      model_->scalar_program_.push_back({slot, r, -1});
    }
    hoisted_[key] = slot;
    return slot;
  }

  int new_register() {
    if (!free_registers_.empty()) {
      const int r = free_registers_.back();
      free_registers_.pop_back();
      return r;
    }
    VectorSlot s;
    s.kind = VectorSlot::Temp;
    s.index = model_->n_registers_++;
    model_->vector_slots_.push_back(s);
    return static_cast<int>(model_->vector_slots_.size()) - 1;
  }
  void release(const Operand& o) {
    if (o.temp && !o.scalar) free_registers_.push_back(o.slot);
  }
  Operand vector_temp() { return Operand{false, new_register(), true}; }

  int vector_slot(VectorSlot::Kind kind, int index) {
    for (std::size_t i = 0; i < model_->vector_slots_.size(); ++i) {
      const auto& s = model_->vector_slots_[i];
      if (s.kind == kind && s.index == index) return static_cast<int>(i);
    }
    model_->vector_slots_.push_back({kind, index});
    return static_cast<int>(model_->vector_slots_.size()) - 1;
  }

  void emit(Op op, int dst, int a = -1, int b = -1, int c = -1, int fn = 0) {
    Instr in;
    in.op = op;
    in.dst = dst;
    in.a = a;
    in.b = b;
    in.c = c;
    in.fn = static_cast<uint8_t>(fn);
    prog_->code.push_back(in);
  }

  Operand as_vector(const Operand& o) {
    if (!o.scalar) return o;
    Operand t = vector_temp();
    emit(Op::Broadcast, t.slot, o.slot);
    return t;
  }

  bool is_scalar_minus_vector(const ExprPtr& e) {
    return e->kind == Expr::Binary && e->name == "-" && is_uniform(e->args[0]) &&
           !is_uniform(e->args[1]);
  }
  bool is_vector_product(const ExprPtr& e) {
    return e->kind == Expr::Binary && e->name == "*" && !is_uniform(e->args[0]) &&
           !is_uniform(e->args[1]);
  }

  Operand lower(const ExprPtr& e) {
    if (is_uniform(e)) return Operand{true, hoist(e), false};
    switch (e->kind) {
      case Expr::Name: {
        auto ov = override_.find(e->name);
        if (ov != override_.end()) return Operand{false, ov->second, false};
        if (e->name == "t_last") return Operand{false, vector_slot(VectorSlot::LastSpike, 0), false};
        return Operand{false, vector_slot(VectorSlot::Attribute, names().at(e->name)), false};
      }
      case Expr::Unary: {
        Operand a = lower(e->args[0]);
        Operand d = vector_temp();
        emit(e->name == "-" ? Op::Neg : Op::Not, d.slot, a.slot);
        release(a);
        return d;
      }
      case Expr::Binary:
        return lower_binary(e);
      case Expr::If: {
        Operand c = as_vector(lower(e->args[0]));
        Operand a = as_vector(lower(e->args[1]));
        Operand b = as_vector(lower(e->args[2]));
        Operand d = vector_temp();
        emit(Op::Select, d.slot, c.slot, a.slot, b.slot);
        release(c); release(a); release(b);
        return d;
      }
      case Expr::Call:
        return lower_call(e);
      default:
        break;
    }
    return Operand{true, hoist(e), false};
  }

  Operand lower_binary(const ExprPtr& e) {
    const std::string& op = e->name;
    const ExprPtr& l = e->args[0];
    const ExprPtr& r = e->args[1];
    // Fused patterns of conductance-based models.
    if (op == "*" && (is_scalar_minus_vector(l) || is_scalar_minus_vector(r))) {
      const ExprPtr& diff = is_scalar_minus_vector(l) ? l : r;
      const ExprPtr& other = is_scalar_minus_vector(l) ? r : l;
      if (!is_uniform(other)) {
        Operand s = lower(diff->args[0]);
        Operand v = lower(diff->args[1]);
        Operand g = lower(other);
        Operand d = vector_temp();
        emit(Op::MulSubSVV, d.slot, s.slot, v.slot, g.slot);
        release(v); release(g);
        return d;
      }
    }
    // x + g * (E - v): accumulate the conductance term into x's register.
    auto is_conductance_term = [&](const ExprPtr& e) {
      if (!is_vector_product(e)) return false;
      return is_scalar_minus_vector(e->args[0]) || is_scalar_minus_vector(e->args[1]);
    };
    if (op == "+" && (is_conductance_term(l) || is_conductance_term(r))) {
      const ExprPtr& term = is_conductance_term(r) ? r : l;
      const ExprPtr& other = is_conductance_term(r) ? l : r;
      if (!is_uniform(other)) {
        Operand acc = lower(other);
        if (!acc.temp) {
          Operand copy = vector_temp();
          emit(Op::Copy, copy.slot, acc.slot);
          acc = copy;
        }
        const ExprPtr& diff = is_scalar_minus_vector(term->args[0]) ? term->args[0] : term->args[1];
        const ExprPtr& g = is_scalar_minus_vector(term->args[0]) ? term->args[1] : term->args[0];
        Operand s = lower(diff->args[0]);
        Operand v = lower(diff->args[1]);
        Operand gv = lower(g);
        emit(Op::AccMulSubSVV, acc.slot, s.slot, v.slot, gv.slot);
        release(v); release(gv);
        return acc;
      }
    }
    if (op == "+" && (is_vector_product(l) || is_vector_product(r))) {
      const ExprPtr& prod = is_vector_product(l) ? l : r;
      const ExprPtr& other = is_vector_product(l) ? r : l;
      if (!is_uniform(other)) {
        Operand a = lower(prod->args[0]);
        Operand b = lower(prod->args[1]);
        Operand c = lower(other);
        Operand d = vector_temp();
        emit(Op::MulAddVVV, d.slot, a.slot, b.slot, c.slot);
        release(a); release(b); release(c);
        return d;
      }
    }
    if (op == "^") {
      if (r->kind == Expr::Number && (r->value == 2.0 || r->value == 3.0)) {
        Operand a = lower(l);
        Operand d = vector_temp();
        emit(Op::MulVV, d.slot, a.slot, a.slot);
        if (r->value == 3.0) {
          // Instructions never write an input (the VM loops use __restrict).
          Operand cube = vector_temp();
          emit(Op::MulVV, cube.slot, d.slot, a.slot);
          release(d);
          d = cube;
        }
        release(a);
        return d;
      }
      Operand a = as_vector(lower(l));
      Operand b = as_vector(lower(r));
      Operand d = vector_temp();
      emit(Op::Func2, d.slot, a.slot, b.slot, -1, static_cast<int>(Func::Pow));
      release(a); release(b);
      return d;
    }
    Operand a = lower(l);
    Operand b = lower(r);
    Operand d = vector_temp();
    auto arith = [&](Op vv, Op vs, Op sv, bool commutative) {
      if (!a.scalar && !b.scalar) emit(vv, d.slot, a.slot, b.slot);
      else if (b.scalar) emit(vs, d.slot, a.slot, b.slot);
      else if (commutative) emit(vs, d.slot, b.slot, a.slot);
      else emit(sv, d.slot, a.slot, b.slot);
    };
    if (op == "+") arith(Op::AddVV, Op::AddVS, Op::AddVS, true);
    else if (op == "-") arith(Op::SubVV, Op::SubVS, Op::SubSV, false);
    else if (op == "*") arith(Op::MulVV, Op::MulVS, Op::MulVS, true);
    else if (op == "/") arith(Op::DivVV, Op::DivVS, Op::DivSV, false);
    else if ((op == "<" || op == "<=" || op == ">" || op == ">=") && b.scalar && !a.scalar) {
      emit(op == "<" ? Op::LtVS : op == "<=" ? Op::LeVS : op == ">" ? Op::GtVS : Op::GeVS,
           d.slot, a.slot, b.slot);
    } else {
      Operand av = as_vector(a), bv = as_vector(b);
      Op o = op == "<" ? Op::Lt : op == "<=" ? Op::Le : op == ">" ? Op::Gt : op == ">=" ? Op::Ge
           : op == "==" ? Op::Eq : op == "!=" ? Op::Ne : op == "and" ? Op::And : Op::Or;
      emit(o, d.slot, av.slot, bv.slot);
      if (av.slot != a.slot) release(av);
      if (bv.slot != b.slot) release(bv);
    }
    release(a);
    release(b);
    return d;
  }

  Operand lower_call(const ExprPtr& e) {
    if (e->name == "sum") {
      const auto& targets = info().targets;
      const int k = static_cast<int>(std::find(targets.begin(), targets.end(), e->args[0]->name) -
                                     targets.begin());
      return Operand{false, vector_slot(VectorSlot::Sum, k), false};
    }
    auto rf = random_functions().find(e->name);
    if (rf != random_functions().end()) {
      const int code = rf->second.second;
      // Uniform and Normal (and LogNormal, Exponential) are affine maps (or
      // exp/log) of standard draws: draw a standard vector, then transform
      // it with ordinary bytecode so the arguments may vary per neuron.
      const std::string tmp = "__rand" + std::to_string(random_counter_++);
      Operand u = vector_temp();
      ExprPtr x = make_name(tmp);
      ExprPtr value;
      if (code == 0) {
        emit(Op::RandUniform01, u.slot);
        value = make_binary("+", e->args[0],
                            make_binary("*", make_binary("-", e->args[1], e->args[0]), x));
      } else if (code == 1 || code == 2) {
        emit(Op::RandNormal01, u.slot);
        value = make_binary("+", e->args[0], make_binary("*", e->args[1], x));
        if (code == 2) value = make_call("exp", {value});
      } else if (code == 3) {
        emit(Op::RandUniform01, u.slot);
        value = make_binary("/", make_unary("-", make_call("log", {make_binary("-", make_number(1), x)})),
                            e->args[0]);
      } else {
        for (auto& a : e->args) {
          if (!is_uniform(a)) {
            throw language_error(current_where_, e->column,
                                 e->name + "() inside equations needs population-wide arguments");
          }
        }
        const int a = hoist(e->args[0]);
        const int b = e->args.size() > 1 ? hoist(e->args[1]) : -1;
        emit(Op::RandDistribution, u.slot, a, b, -1, code);
        return u;
      }
      override_[tmp] = u.slot;
      Operand r = lower(value);
      override_.erase(tmp);
      release(u);
      return r;
    }
    if (e->name == "ite") {
      return lower(make_if(e->args[0], e->args[1], e->args[2], e->column));
    }
    if (e->name == "clip") {
      Operand a = as_vector(lower(e->args[0]));
      Operand b = as_vector(lower(e->args[1]));
      Operand c = as_vector(lower(e->args[2]));
      Operand d = vector_temp();
      emit(Op::Clip, d.slot, a.slot, b.slot, c.slot);
      release(a); release(b); release(c);
      return d;
    }
    const auto& f = math_functions().at(e->name);
    if (f.arity == 1) {
      Operand a = lower(e->args[0]);
      Operand d = vector_temp();
      emit(Op::Func1, d.slot, a.slot, -1, -1, static_cast<int>(f.func));
      release(a);
      return d;
    }
    Operand a = as_vector(lower(e->args[0]));
    Operand b = as_vector(lower(e->args[1]));
    Operand d = vector_temp();
    emit(Op::Func2, d.slot, a.slot, b.slot, -1, static_cast<int>(f.func));
    release(a); release(b);
    return d;
  }

  // Writes `value` into attribute `attr` (masked for refractory neurons,
  // except conductances), then applies its type and bounds.
  void commit(int attr, const Operand& value, bool reset) {
    const auto& a = info().attributes[attr];
    const int dst = vector_slot(VectorSlot::Attribute, attr);
    Operand v = as_vector(value);
    const bool masked = reset || (model_->has_refractory_ && !a.is_conductance);
    emit(masked ? Op::AssignMasked : Op::Assign, dst, v.slot);
    if (v.slot != value.slot) release(v);
    finish_attribute(attr);
  }

  void finish_attribute(int attr) {
    const auto& a = info().attributes[attr];
    const int dst = vector_slot(VectorSlot::Attribute, attr);
    if (a.type == "int") emit(Op::Truncate, dst);
    if (a.type == "bool") emit(Op::Booleanize, dst);
    if (a.has_min) emit(Op::ClampMin, dst, new_scalar(a.min));
    if (a.has_max) emit(Op::ClampMax, dst, new_scalar(a.max));
    auto it = bounds_.find(attr);
    if (it == bounds_.end()) return;
    const SourceLocation saved = current_where_;
    current_where_ = it->second.where;
    for (int k = 0; k < 2; ++k) {
      const ExprPtr& e = k == 0 ? it->second.min : it->second.max;
      if (!e) continue;
      Operand b = lower(e);
      if (b.scalar) {
        emit(k == 0 ? Op::ClampMin : Op::ClampMax, dst, b.slot);
      } else {
        Operand t = vector_temp();
        emit(Op::Func2, t.slot, dst, b.slot, -1, static_cast<int>(k == 0 ? Func::Max : Func::Min));
        emit(Op::Assign, dst, t.slot);
        release(t);
        release(b);
      }
    }
    current_where_ = saved;
  }

  // ExprPtr of the derivative of an ODE (numerator / denominator).
  static ExprPtr derivative(const OdeStatement& o) { return zero_if_null(s_div(o.numerator, o.denominator)); }

  // New value of a global attribute's ODE, as a scalar expression.
  // (Population-wide ODEs are integrated one at a time, each with its own
  // method, by the same formulas as per-neuron ones.)
  ExprPtr global_ode_value(const OdeStatement& o) {
    const std::string& xn = info().attributes[o.attribute].name;
    const ExprPtr x = make_name(xn), dtn = make_name("dt");
    const ExprPtr f = derivative(o);
    auto plus = [](const ExprPtr& a, const ExprPtr& b) { return make_binary("+", a, b); };
    auto times = [](const ExprPtr& a, const ExprPtr& b) { return make_binary("*", a, b); };
    auto at = [&](const ExprPtr& value) { return substitute(f, {{xn, value}}); };
    const std::string& m = o.method;
    if (m == "midpoint") {
      return plus(x, times(dtn, at(plus(x, times(times(make_number(0.5), dtn), f)))));
    }
    if (m == "rk4") {
      const ExprPtr half = times(make_number(0.5), dtn);
      const ExprPtr k2 = at(plus(x, times(half, f)));
      const ExprPtr k3 = at(plus(x, times(half, k2)));
      const ExprPtr k4 = at(plus(x, times(dtn, k3)));
      const ExprPtr sum = plus(plus(plus(f, plus(k2, k2)), plus(k3, k3)), k4);
      return plus(x, times(make_binary("/", dtn, make_number(6.0)), sum));
    }
    if (m == "implicit" || m == "semiimplicit" || m == "exponential") {
      ExprPtr A, B;
      if (m == "implicit" && !contains_name(o.numerator, xn) && !contains_name(o.denominator, xn)) {
        return plus(x, times(dtn, f));
      }
      linear_in_self(o, A, B, m == "semiimplicit");
      if (m == "exponential") {
        return plus(x, times(make_binary("-", make_number(1), make_call("exp", {times(dtn, B)})),
                             make_binary("-", steady_[o.attribute], x)));
      }
      return make_binary("/", plus(x, times(dtn, zero_if_null(A))),
                         make_binary("-", make_number(1), times(dtn, B)));
    }
    return plus(x, times(dtn, f));
  }

  // dx/dt = A + B x, for the implicit and exponential methods.
  void linear_in_self(const OdeStatement& o, ExprPtr& A, ExprPtr& B, bool lenient = false) {
    const std::string& x = info().attributes[o.attribute].name;
    ExprPtr cn, rn;
    try {
      if (contains_name(o.denominator, x)) throw NonLinear();
      if (lenient) linearize_lenient(o.numerator, x, cn, rn);
      else linearize(o.numerator, x, cn, rn);
    } catch (NonLinear&) {
      throw language_error(o.where, 1, "the " + o.method + " method needs an ODE linear in '" + x +
                                           "' (write it as tau * d" + x + "/dt = A + B * " + x +
                                           "); ANNarchy rejects it too. Use explicit, midpoint or rk4 for '" +
                                           x + "'");
    }
    if (!cn) {
      throw language_error(o.where, 1, "the " + o.method + " method needs an ODE that depends on '" + x + "'");
    }
    A = s_div(zero_if_null(rn), o.denominator);
    B = s_div(cn, o.denominator);
    steady_[o.attribute] = zero_if_null(s_neg(s_div(zero_if_null(rn), cn)));
  }

  // One ODE's new value (or increment) from the values at the start of its
  // block; committed later by lower_block.
  struct Pending {
    int attribute = -1;
    Operand value;
    bool increment = false;  // x += coef * value, else x = value
    int coef = 1;            // scalar slot
  };

  Pending lower_single(const OdeStatement& o) {
    current_where_ = o.where;
    const std::string& method = o.method;
    Pending p;
    p.attribute = o.attribute;
    if (method == "explicit" || method == "event-driven") {
      ExprPtr num = o.numerator;
      bool negate = false;
      if (num->kind == Expr::Unary && num->name == "-") {
        num = num->args[0];
        negate = true;
      }
      p.increment = true;
      if (is_uniform(o.denominator)) {
        ExprPtr k = make_binary("/", make_name("dt"), o.denominator);
        if (negate) k = make_unary("-", k);
        p.coef = hoist(k);
        p.value = as_vector(lower(num));
      } else {
        p.coef = 1;  // scalar slot of dt
        p.value = as_vector(lower(derivative(o)));
      }
      return p;
    }
    ExprPtr x = make_name(info().attributes[o.attribute].name);
    ExprPtr dtn = make_name("dt");
    ExprPtr value;
    if (method == "implicit") {
      value = implicit_solution_.at(o.attribute);
    } else {
      ExprPtr A, B;
      linear_in_self(o, A, B, method == "semiimplicit");
      if (method == "exponential") {
        // x + (1 - exp(dt * B)) * (S - x), S = -A/B the steady state
        value = make_binary("+", x, make_binary("*",
                    make_binary("-", make_number(1), make_call("exp", {make_binary("*", dtn, B)})),
                    make_binary("-", steady_[o.attribute], x)));
      } else {
        // semiimplicit: the part linear in x is implicit, the rest (other
        // variables, exp(-x), ...) is taken at the old values.
        value = make_binary("/", make_binary("+", x, make_binary("*", dtn, zero_if_null(A))),
                            make_binary("-", make_number(1), make_binary("*", dtn, B)));
      }
    }
    p.value = as_vector(lower(value));
    return p;
  }

  // The implicit (backward Euler) ODEs of the model form one linear system
  // in their new values, as in ANNarchy (which solves them together with
  // sympy): x_i' = x_i + dt * (c_i + sum_j B_ij x_j'). It is solved here by
  // symbolic Gaussian elimination; each solution is an expression of the
  // current values, evaluated where its ODE stands.
  void solve_implicit_system() {
    std::vector<const OdeStatement*> odes;
    for (const auto& it : equations_) {
      if (it.is_ode && it.ode.method == "implicit" && !info().attributes[it.attribute].is_global) {
        odes.push_back(&it.ode);
      }
    }
    const std::size_t n = odes.size();
    if (n == 0) return;
    std::vector<std::string> vars;
    for (auto* o : odes) vars.push_back(info().attributes[o->attribute].name);
    auto depends_on_block = [&](const ExprPtr& e) {
      for (const auto& v : vars) if (contains_name(e, v)) return true;
      return false;
    };
    std::vector<std::vector<ExprPtr>> M(n, std::vector<ExprPtr>(n));
    std::vector<ExprPtr> b(n);
    const ExprPtr dtn = make_name("dt");
    for (std::size_t i = 0; i < n; ++i) {
      const OdeStatement& o = *odes[i];
      const std::string fix =
          "the implicit method needs ODEs that are linear in the variables integrated implicitly (" +
          vars[i] + " is not: " + to_string(derivative(o)) +
          "); ANNarchy rejects it too. Integrate '" + vars[i] +
          "' with explicit, midpoint or rk4 (e.g. ': midpoint'), or write it linearly";
      if (depends_on_block(o.denominator)) throw language_error(o.where, 1, fix);
      ExprPtr rest = o.numerator;
      std::vector<ExprPtr> coef(n);
      try {
        for (std::size_t j = 0; j < n; ++j) {
          ExprPtr c, r;
          linearize(zero_if_null(rest), vars[j], c, r);
          coef[j] = c;
          rest = r;
        }
      } catch (NonLinear&) {
        throw language_error(o.where, 1, fix);
      }
      for (std::size_t j = 0; j < n; ++j) {
        if (coef[j] && depends_on_block(coef[j])) throw language_error(o.where, 1, fix);
        ExprPtr Bij = s_div(coef[j], o.denominator);
        ExprPtr term = s_mul(dtn, Bij);
        M[i][j] = i == j ? s_sub(make_number(1), term) : s_neg(term);
      }
      b[i] = s_add(make_name(vars[i]), s_mul(dtn, s_div(rest, o.denominator)));
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (!M[k][k]) {
        throw language_error(odes[k]->where, 1, "the implicit ODEs cannot be solved for the new value of '" +
                                                    vars[k] + "' (singular system)");
      }
      for (std::size_t r = k + 1; r < n; ++r) {
        if (!M[r][k]) continue;
        ExprPtr l = s_div(M[r][k], M[k][k]);
        for (std::size_t c = k + 1; c < n; ++c) M[r][c] = s_sub(M[r][c], s_mul(l, M[k][c]));
        b[r] = s_sub(b[r], s_mul(l, b[k]));
        M[r][k] = nullptr;
      }
    }
    std::vector<ExprPtr> x(n);
    for (std::size_t k = n; k-- > 0;) {
      ExprPtr sum = b[k];
      for (std::size_t c = k + 1; c < n; ++c) sum = s_sub(sum, s_mul(M[k][c], x[c]));
      x[k] = zero_if_null(s_div(sum, M[k][k]));
      implicit_solution_[odes[k]->attribute] = x[k];
    }
  }

  // A run of consecutive ODEs (any methods), ANNarchy's rule: every new value
  // is computed from the values at the start of the run, then all are
  // committed (with their bounds) in declaration order.
  void lower_block(const std::vector<OdeStatement>& block) {
    std::vector<Pending> pending(block.size());
    std::size_t i = 0;
    while (i < block.size()) {
      const std::string& method = block[i].method;
      if (method == "midpoint" || method == "rk4") {
        std::size_t j = i;
        while (j < block.size() && block[j].method == method) ++j;
        std::vector<OdeStatement> run(block.begin() + static_cast<long>(i), block.begin() + static_cast<long>(j));
        std::vector<Pending> inc = lower_runge_kutta(run, method);
        for (std::size_t k = 0; k < inc.size(); ++k) pending[i + k] = inc[k];
        i = j;
        continue;
      }
      pending[i] = lower_single(block[i]);
      ++i;
    }
    // A derivative that is a bare variable (du/dt = v) lowers to that
    // variable's own array, not a copy: committing an earlier ODE of the block
    // would then change it. Every value must come from the start of the block.
    if (pending.size() > 1) {
      for (auto& p : pending) {
        if (!p.value.scalar && !p.value.temp) {
          Operand copy = vector_temp();
          emit(Op::Copy, copy.slot, p.value.slot);
          p.value = copy;
        }
      }
    }
    for (auto& p : pending) {
      const auto& a = info().attributes[p.attribute];
      if (p.increment) {
        const bool masked = model_->has_refractory_ && !a.is_conductance;
        emit(masked ? Op::AxpyMasked : Op::Axpy, vector_slot(VectorSlot::Attribute, p.attribute),
             p.value.slot, p.coef);
        finish_attribute(p.attribute);
      } else {
        commit(p.attribute, p.value, false);
      }
      release(p.value);
    }
  }

  // midpoint and rk4: classical schemes over a run of ODEs of that method;
  // returns the increments (x += dt * k).
  std::vector<Pending> lower_runge_kutta(const std::vector<OdeStatement>& block, const std::string& method) {
    const int dt = 1;  // scalar slot of dt
    std::vector<Pending> out(block.size());
    auto stage = [&](const std::map<std::string, int>& at) {
      std::vector<Operand> k;
      override_ = at;
      for (const auto& o : block) {
        current_where_ = o.where;
        k.push_back(as_vector(lower(derivative(o))));
      }
      override_.clear();
      return k;
    };
    auto shifted = [&](const std::vector<Operand>& k, double factor) {
      std::map<std::string, int> at;
      const int f = hoist(make_binary("*", make_number(factor), make_name("dt")));
      for (std::size_t i = 0; i < block.size(); ++i) {
        Operand t = vector_temp();
        const int xs = vector_slot(VectorSlot::Attribute, block[i].attribute);
        emit(Op::Copy, t.slot, xs);
        emit(Op::Axpy, t.slot, k[i].slot, f);
        at[info().attributes[block[i].attribute].name] = t.slot;
      }
      return at;
    };
    auto release_all = [&](const std::map<std::string, int>& at) {
      for (auto& kv : at) free_registers_.push_back(kv.second);
    };
    auto release_k = [&](std::vector<Operand>& k) { for (auto& o : k) release(o); };
    std::vector<Operand> k1 = stage({});
    if (method == "midpoint") {
      auto mid = shifted(k1, 0.5);
      std::vector<Operand> k2 = stage(mid);
      release_all(mid);
      release_k(k1);
      for (std::size_t i = 0; i < block.size(); ++i) {
        out[i].attribute = block[i].attribute;
        out[i].value = k2[i];
        out[i].increment = true;
        out[i].coef = dt;
      }
      return out;
    }
    auto s2 = shifted(k1, 0.5);
    std::vector<Operand> k2 = stage(s2);
    release_all(s2);
    auto s3 = shifted(k2, 0.5);
    std::vector<Operand> k3 = stage(s3);
    release_all(s3);
    auto s4 = shifted(k3, 1.0);
    std::vector<Operand> k4 = stage(s4);
    release_all(s4);
    const int sixth = hoist(make_binary("/", make_name("dt"), make_number(6)));
    const int two = new_scalar(2.0);
    const int one = new_scalar(1.0);
    for (std::size_t i = 0; i < block.size(); ++i) {
      // sum = k1 + 2 k2 + 2 k3 + k4, then x += dt/6 * sum
      emit(Op::Axpy, k1[i].slot, k2[i].slot, two);
      emit(Op::Axpy, k1[i].slot, k3[i].slot, two);
      emit(Op::Axpy, k1[i].slot, k4[i].slot, one);
      out[i].attribute = block[i].attribute;
      out[i].value = k1[i];
      out[i].increment = true;
      out[i].coef = sixth;
    }
    release_k(k2); release_k(k3); release_k(k4);
    return out;
  }

  void lower_all() {
    Model& m = *model_;
    // Scalar slots: t, dt, then one per global attribute.
    m.scalar_init_ = {0.0, 1.0};
    m.scalar_slot_of_attribute_.assign(info().attributes.size(), -1);
    for (std::size_t i = 0; i < info().attributes.size(); ++i) {
      if (info().attributes[i].is_global) m.scalar_slot_of_attribute_[i] = new_scalar(0.0);
    }
    for (const auto& r : reductions_) {
      static const std::map<std::string, int> kinds = {{"mean", 0}, {"max", 1}, {"min", 2},
                                                       {"norm1", 3}, {"norm2", 4}};
      const int slot = new_scalar(0.0);
      reduction_slot_[r.first] = slot;
      m.reductions_.push_back({slot, r.second.second, kinds.at(r.second.first)});
    }
    // Equations, in declaration order; consecutive ODEs form a block (their
    // new values all come from the values at the start of the block).
    solve_implicit_system();
    prog_ = &m.equations_;
    std::vector<OdeStatement> block;
    auto flush = [&]() {
      if (!block.empty()) lower_block(block);
      block.clear();
    };
    for (const auto& it : equations_) {
      current_where_ = it.where;
      const auto& a = info().attributes[it.attribute];
      if (a.is_global) {
        flush();
        ExprPtr value = draw_scalar_randoms(it.is_ode ? global_ode_value(it.ode) : it.value);
        if (!is_uniform(value)) {
          throw language_error(it.where, 1,
                               "'" + a.name + "' is flagged population, so its equation may only use "
                               "population-wide values (not per-neuron variables)");
        }
        ExprPtr r = resolve_scalar(value);
        if (a.has_min) r = make_call("max", {r, make_number(a.min)});
        if (a.has_max) r = make_call("min", {r, make_number(a.max)});
        auto bit = bounds_.find(it.attribute);
        if (bit != bounds_.end()) {
          for (int k = 0; k < 2; ++k) {
            const ExprPtr& e = k == 0 ? bit->second.min : bit->second.max;
            if (!e) continue;
            if (!is_uniform(e)) {
              throw language_error(it.where, 1, "'" + a.name + "' is flagged population, so its " +
                                                    (k == 0 ? "min" : "max") + " must be population-wide");
            }
            r = make_call(k == 0 ? "max" : "min", {r, e});
          }
        }
        if (a.has_min || a.has_max || bit != bounds_.end()) r = resolve_scalar(r);
        m.scalar_program_.push_back({m.scalar_slot_of_attribute_[it.attribute], r, it.attribute});
        continue;
      }
      if (it.is_ode) {
        block.push_back(it.ode);
        continue;
      }
      flush();
      Operand v = lower(it.value);
      commit(it.attribute, v, false);
      release(v);
    }
    flush();
    // Spike condition.
    if (spike_) {
      prog_ = &m.spike_;
      current_where_ = spike_where_;
      Operand c = as_vector(lower(spike_));
      // The spike test multiplies by the refractory mask: make it 0.0 / 1.0.
      const bool boolean = (spike_->kind == Expr::Binary &&
                            std::string("< <= > >= == != and or").find(spike_->name) != std::string::npos) ||
                           (spike_->kind == Expr::Unary && spike_->name == "not");
      if (!boolean) emit(Op::Booleanize, c.slot);
      m.spike_result_ = c.slot;  // kept: never released
    }
    // Reset, run on the neurons that spiked only.
    prog_ = &m.reset_;
    for (const auto& it : reset_) {
      current_where_ = it.where;
      const auto& a = info().attributes[it.attribute];
      if (a.is_global) {
        throw language_error(it.where, 1, "the reset cannot change the population-wide '" + a.name + "'");
      }
      Operand v = lower(it.value);
      commit(it.attribute, v, true);
      release(v);
    }
    m.mask_slot_ = vector_slot(VectorSlot::Mask, 0);
    for (std::size_t i = 0; i < info().attributes.size(); ++i) {
      const auto& a = info().attributes[i];
      if (a.is_conductance && !a.is_ode && !a.is_global) {
        // A conductance assigned in the equations is not a pulse either.
        bool assigned = false;
        for (const auto& it : equations_) assigned |= it.attribute == static_cast<int>(i);
        if (!assigned) m.pulse_conductances_.push_back(static_cast<int>(i));
      }
    }
  }

  const ModelSource& src_;
  std::shared_ptr<Model> model_;
  std::map<std::string, UserFunction> functions_;
  std::set<std::string> ode_defined_;
  std::vector<EquationItem> equations_;
  std::vector<EquationItem> reset_;
  std::vector<std::pair<std::string, EquationItem>> pending_reset_;
  ExprPtr spike_;
  SourceLocation spike_where_;
  std::string refractory_name_;
  std::map<std::string, std::pair<std::string, int>> reductions_;  // name -> (kind, attribute)
  std::map<std::string, int> reduction_slot_;
  std::map<std::string, int> scalar_draws_;  // population-wide random draws -> scalar slot
  // lowering state
  Program* prog_ = nullptr;
  std::map<std::string, int> override_;
  std::map<std::string, int> hoisted_;
  std::map<int, ExprPtr> steady_;
  std::map<int, ExprPtr> implicit_solution_;
  struct Bounds {
    ExprPtr min, max;
    SourceLocation where;
  };
  InliningGuard inlining_;  // bounds check()'s expansion of user functions
  std::optional<std::pair<SourceLocation, int>> r_defined_at_;  // where the model defines r
  std::map<int, Bounds> bounds_;  // bounds given as expressions, by attribute  // attribute -> new value (implicit ODEs)
  std::vector<int> free_registers_;
  int random_counter_ = 0;
  SourceLocation current_where_;
};

// ------------------------------------------------------------- execution

NeuronState Model::make_state(std::size_t size) const {
  NeuronState s;
  s.size = size;
  const std::size_t padded = padded_size(size);
  for (const auto& a : info_.attributes) {
    s.values.emplace_back(a.is_global ? 1 : padded, a.init);
  }
  s.sums.assign(info_.targets.size(), std::vector<double>(padded, 0.0));
  if (info_.spiking) s.sums.clear();
  s.last_spike.assign(padded, -10000.0);
  s.refractory_remaining.assign(padded, 0);
  s.scalars = scalar_init_;
  s.registers.assign(static_cast<std::size_t>(n_registers_ + 2) * kChunk, 0.0);
  return s;
}

void Model::step(NeuronState& state, const StepContext& ctx) const {
  double* scal = state.scalars.data();
  scal[0] = ctx.t;
  scal[1] = ctx.dt;
  for (const auto& cs : constant_slots_) scal[cs.first] = ctx.constants ? ctx.constants[cs.second] : 0.0;
  for (std::size_t i = 0; i < scalar_slot_of_attribute_.size(); ++i) {
    if (scalar_slot_of_attribute_[i] >= 0) scal[scalar_slot_of_attribute_[i]] = state.values[i][0];
  }
  for (const auto& sa : scalar_program_) {
    const double v = sa.draw_code < 0 ? eval_scalar(sa.expr, scal)
                                      : draw_distribution(sa.draw_code, eval_scalar(sa.expr, scal),
                                                          sa.expr_b ? eval_scalar(sa.expr_b, scal) : 0.0,
                                                          state.rng);
    scal[sa.slot] = v;
    if (sa.global_attribute >= 0) state.values[sa.global_attribute][0] = v;
  }
  state.spiked.clear();
  const std::size_t n = state.size;
  double* regs = state.registers.data();
  double* mask = regs + static_cast<std::size_t>(n_registers_) * kChunk;
  double* spikemask = mask + kChunk;
  double* ptr[256];
  std::vector<double*> big;
  double** v = ptr;
  if (vector_slots_.size() > 256) {
    big.resize(vector_slots_.size());
    v = big.data();
  }
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t count = std::min(kChunk, n - start);
    for (std::size_t i = 0; i < vector_slots_.size(); ++i) {
      const auto& s = vector_slots_[i];
      switch (s.kind) {
        case VectorSlot::Attribute: v[i] = state.values[s.index].data() + start; break;
        case VectorSlot::Sum: v[i] = state.sums[s.index].data() + start; break;
        case VectorSlot::LastSpike: v[i] = state.last_spike.data() + start; break;
        case VectorSlot::Temp: v[i] = regs + static_cast<std::size_t>(s.index) * kChunk; break;
        case VectorSlot::Mask: v[i] = mask; break;
      }
    }
    int* refr = state.refractory_remaining.data() + start;
    bool masked = false;
    if (has_refractory_) {
      const int refractory_count = chunk_refractory_mask(refr, mask);
      masked = refractory_count != 0;
    } else {
      for (std::size_t j = 0; j < kChunk; ++j) mask[j] = 1.0;
    }
    run_program(equations_, v, scal, mask, masked, state.rng, count);
    if (info_.spiking) {
      run_program(spike_, v, scal, mask, masked, state.rng, count);
      const double* cond = v[spike_result_];
      const int spikes = chunk_spikes(cond, mask, spikemask, count);  // 0 or 1
      if (masked) chunk_decrement(refr);
      if (spikes > 0) {
        double* last = state.last_spike.data() + start;
        for (std::size_t j = 0; j < count; ++j) {
          if (spikemask[j] != 0.0) {
            state.spiked.push_back(static_cast<int>(start + j));
            last[j] = ctx.t;
            if (has_refractory_) refr[j] = refractory_steps(state, start + j, ctx.dt);
          }
        }
        if (!reset_.code.empty()) {
          // The reset program commits through the mask: point it at the spikers.
          double* saved = v[mask_slot_];
          v[mask_slot_] = spikemask;
          run_program(reset_, v, scal, spikemask, true, state.rng, count);
          v[mask_slot_] = saved;
        }
      }
    }
    // ANNarchy 4.7.3 resets an ODE-less conductance only for neurons that
    // were not refractory at the start of the step (its `if (in_ref[i])
    // { g = 0; }`): spikes arriving during refractoriness accumulate and act
    // in the first step after it. `mask` still holds that start-of-step state.
    for (int g : pulse_conductances_) {
      double* x = state.values[g].data() + start;
      for (std::size_t j = 0; j < kChunk; ++j) x[j] = mask[j] != 0.0 ? 0.0 : x[j];
    }
  }
  for (const auto& r : reductions_) {
    const double* x = state.values[r.attribute].data();
    double acc = r.kind == 1 ? -INFINITY : (r.kind == 2 ? INFINITY : 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      switch (r.kind) {
        case 1: acc = x[j] > acc ? x[j] : acc; break;
        case 2: acc = x[j] < acc ? x[j] : acc; break;
        case 3: acc += std::fabs(x[j]); break;
        case 4: acc += x[j] * x[j]; break;
        default: acc += x[j];
      }
    }
    if (r.kind == 0) acc /= static_cast<double>(n);
    if (r.kind == 4) acc = std::sqrt(acc);
    state.scalars[r.slot] = n ? acc : 0.0;
  }
}

// Stop conditions are evaluated once per step: a plain tree walk suffices.
class TreeCondition final : public CompiledCondition {
 public:
  TreeCondition(const Model& m, ExprPtr e) : m_(m), e_(std::move(e)) {}
  bool evaluate(NeuronState& state, const StepContext& ctx, bool any) const override {
    for (std::size_t j = 0; j < state.size; ++j) {
      const bool c = eval(e_, state, ctx, j) != 0.0;
      if (any && c) return true;
      if (!any && !c) return false;
    }
    return !any && state.size > 0;
  }

 private:
  double eval(const ExprPtr& e, const NeuronState& s, const StepContext& ctx, std::size_t j) const {
    switch (e->kind) {
      case Expr::Number: return e->value;
      case Expr::Name: {
        if (e->name == "t") return ctx.t;
        if (e->name == "dt") return ctx.dt;
        if (e->name == "pi") return M_PI;
        if (e->name == "t_last") return s.last_spike[j];
        const int c = m_.constant_index(e->name);
        if (c >= 0) return ctx.constants ? ctx.constants[c] : 0.0;
        const int k = m_.names_.at(e->name);
        return m_.info_.attributes[k].is_global ? s.values[k][0] : s.values[k][j];
      }
      case Expr::Unary: {
        const double a = eval(e->args[0], s, ctx, j);
        return e->name == "-" ? -a : (a == 0.0);
      }
      case Expr::Binary: {
        return apply_binary(e->name, eval(e->args[0], s, ctx, j), eval(e->args[1], s, ctx, j));
      }
      case Expr::If:
        return eval(e->args[0], s, ctx, j) != 0 ? eval(e->args[1], s, ctx, j) : eval(e->args[2], s, ctx, j);
      case Expr::Call: {
        if (e->name == "ite") {
          return eval(e->args[0], s, ctx, j) != 0 ? eval(e->args[1], s, ctx, j) : eval(e->args[2], s, ctx, j);
        }
        if (e->name == "clip") {
          const double x = eval(e->args[0], s, ctx, j), lo = eval(e->args[1], s, ctx, j),
                       hi = eval(e->args[2], s, ctx, j);
          return x < lo ? lo : (x > hi ? hi : x);
        }
        const auto& f = math_functions().at(e->name);
        if (f.arity == 1) return apply_func1(f.func, eval(e->args[0], s, ctx, j));
        return apply_func2(f.func, eval(e->args[0], s, ctx, j), eval(e->args[1], s, ctx, j));
      }
    }
    return 0.0;
  }
  const Model& m_;
  ExprPtr e_;
};

ExprPtr check_condition_names(const Model& m, const ExprPtr& e, const SourceLocation& w) {
  if (e->kind == Expr::Name) {
    if (!m.names_.count(e->name) && e->name != "t" && e->name != "dt" && e->name != "pi" &&
        e->name != "t_last" && m.constant_index(e->name) < 0) {
      throw language_error(w, e->column, "unknown variable '" + e->name + "'");
    }
  } else if (e->kind == Expr::Call) {
    auto mf = math_functions().find(e->name);
    if (mf == math_functions().end()) {
      throw language_error(w, e->column, "unknown function '" + e->name + "()' in a stop condition");
    }
    if (static_cast<int>(e->args.size()) != mf->second.arity) {
      throw language_error(w, e->column, "wrong number of arguments to " + e->name + "()");
    }
  }
  for (auto& a : e->args) check_condition_names(m, a, w);
  return e;
}

std::unique_ptr<CompiledCondition> Model::compile_condition(const std::string& expression) const {
  SourceLocation w{info_.name, "stop_condition", 1, 0, expression};
  ExprPtr e = parse_expression(expression, w);
  check_condition_names(*this, e, w);
  return std::make_unique<TreeCondition>(*this, e);
}

}  // namespace

std::shared_ptr<const CompiledModel> CompiledModel::compile(const ModelSource& source) {
  Compiler c(source);
  return c.run();
}

ModelInfo analyse_model(const ModelSource& source) {
  return CompiledModel::compile(source)->info();
}

std::vector<double> evaluate_function(const std::string& functions, const std::string& name,
                                      const std::vector<std::vector<double>>& args) {
  const auto table = read_user_functions(functions, "functions");
  auto it = table.find(name);
  if (it == table.end()) {
    std::string known;
    for (const auto& f : table) known += (known.empty() ? "" : ", ") + f.first;
    throw Error("no function '" + name + "' is defined" +
                (known.empty() ? std::string() : " (defined: " + known + ")"));
  }
  const std::size_t arity = it->second.params.size();
  if (args.size() != arity) {
    throw Error(name + "() takes " + std::to_string(arity) + " argument" + (arity == 1 ? "" : "s") +
                ", not " + std::to_string(args.size()));
  }
  std::size_t n = args.empty() ? 1 : 0;
  for (const auto& a : args) n = std::max(n, a.size());
  for (const auto& a : args) {
    if (a.size() != 1 && a.size() != n) {
      throw Error("the arguments of " + name + "() must have length 1 or " + std::to_string(n));
    }
  }
  for (const auto& a : args) if (a.empty()) return {};
  // A one-equation rate-coded model whose arguments are per-neuron
  // parameters: the call is compiled exactly as inside an equation.
  // The arguments get ordinary names (model text may not use names that
  // begin with "__"), none of them the name of one of the functions, the
  // only other names of this model.
  std::vector<std::string> arg_names(arity);
  ModelSource src;
  src.name = "function " + name;
  std::string call = name + "(";
  for (std::size_t k = 0; k < arity; ++k) {
    arg_names[k] = "annr_argument_" + std::to_string(k);
    while (table.count(arg_names[k])) arg_names[k] += "_";
    src.parameters += arg_names[k] + " = 0\n";
    call += (k ? ", " : "") + arg_names[k];
  }
  src.equations = "r = " + call + ")";
  src.functions = functions;
  auto model = CompiledModel::compile(src);
  NeuronState state = model->make_state(n);
  for (std::size_t k = 0; k < arity; ++k) {
    auto& v = state.values[model->info().attribute_index(arg_names[k])];
    for (std::size_t j = 0; j < n; ++j) v[j] = args[k].size() == 1 ? args[k][0] : args[k][j];
  }
  StepContext ctx;
  model->step(state, ctx);
  const auto& r = state.values[model->info().attribute_index("r")];
  return std::vector<double>(r.begin(), r.begin() + static_cast<long>(n));
}

}  // namespace annr
