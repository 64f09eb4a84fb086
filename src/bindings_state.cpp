// Rcpp layer of net$save() / net$load(): the core's NetworkState
// (annr/network_state.hpp) as a plain R list and back. Ranks, synapse indices
// and table rows are 1-based in R; the 64-bit words of the random streams are
// hexadecimal strings (R has no unsigned 64-bit type). Reading a list checks
// the type and length of every field and names it in the error, so a damaged
// or hand-edited file gives a message instead of an Rcpp conversion error;
// the core then checks the values against the network (Network::load_state).

#include <Rcpp.h>

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bindings_common.h"
#include "annr/network.hpp"
#include "annr/network_state.hpp"

using Rcpp::List;

namespace {

// Reads the fields of one element of the state (a population, a projection
// or the network itself), naming it in every error.
class Reader {
 public:
  Reader(SEXP x, std::string where) : where_(std::move(where)) {
    if (TYPEOF(x) != VECSXP) Rcpp::stop(where_ + " must be a list");
    list_ = List(x);
  }
  const std::string& where() const { return where_; }
  bool has(const char* name) const { return list_.containsElementNamed(name); }
  SEXP get(const char* name) const {
    if (!has(name)) Rcpp::stop(where_ + ": the field '" + name + "' is missing");
    return list_[name];
  }
  [[noreturn]] void fail(const std::string& name, const std::string& what) const {
    Rcpp::stop(where_ + ": the field '" + name + "' " + what);
  }
  // Numbers (NA becomes NaN, which the core refuses by name).
  std::vector<double> numbers(SEXP x, const std::string& name) const {
    std::vector<double> out;
    if (TYPEOF(x) == REALSXP) {
      out.assign(REAL(x), REAL(x) + XLENGTH(x));
    } else if (TYPEOF(x) == INTSXP || TYPEOF(x) == LGLSXP) {
      const int* p = TYPEOF(x) == INTSXP ? INTEGER(x) : LOGICAL(x);
      for (R_xlen_t i = 0; i < XLENGTH(x); ++i) out.push_back(p[i] == NA_INTEGER ? NAN : p[i]);
    } else if (x != R_NilValue) {
      fail(name, "must be numbers");
    }
    return out;
  }
  std::vector<double> numbers(const char* name) const { return numbers(get(name), name); }
  double number(const char* name) const {
    std::vector<double> v = numbers(name);
    if (v.size() != 1) fail(name, "must be one number");
    return v[0];
  }
  // Whole numbers in [lo, hi], minus `base` (1 for 1-based indices).
  std::vector<long> wholes(SEXP x, const std::string& name, double lo, double hi, long base = 0) const {
    std::vector<long> out;
    for (double d : numbers(x, name)) {
      if (!(d >= lo && d <= hi) || d != std::floor(d)) {
        char range[96];
        std::snprintf(range, sizeof range, "must hold whole numbers between %.0f and %.0f", lo, hi);
        fail(name, range);
      }
      out.push_back(static_cast<long>(d) - base);
    }
    return out;
  }
  std::vector<long> wholes(const char* name, double lo, double hi, long base = 0) const {
    return wholes(get(name), name, lo, hi, base);
  }
  long whole(const char* name, double lo, double hi) const {
    std::vector<long> v = wholes(name, lo, hi);
    if (v.size() != 1) fail(name, "must be one whole number");
    return v[0];
  }
  std::vector<int> ints(SEXP x, const std::string& name, double lo, double hi, long base = 0) const {
    std::vector<long> v = wholes(x, name, lo, hi, base);
    return std::vector<int>(v.begin(), v.end());
  }
  std::vector<std::string> strings(const char* name) const {
    SEXP x = get(name);
    std::vector<std::string> out;
    if (x == R_NilValue) return out;
    if (TYPEOF(x) != STRSXP) fail(name, "must be character strings");
    for (R_xlen_t i = 0; i < XLENGTH(x); ++i) {
      if (STRING_ELT(x, i) == NA_STRING) fail(name, "must not hold NA");
      out.push_back(CHAR(STRING_ELT(x, i)));
    }
    return out;
  }
  // A list (NULL = empty).
  List list(SEXP x, const std::string& name) const {
    if (x == R_NilValue) return List(0);
    if (TYPEOF(x) != VECSXP) fail(name, "must be a list");
    return List(x);
  }
  List list(const char* name) const { return list(get(name), name); }
  std::vector<std::vector<double>> number_lists(const char* name) const {
    std::vector<std::vector<double>> out;
    List l = list(name);
    for (R_xlen_t i = 0; i < l.size(); ++i) out.push_back(numbers(l[i], name));
    return out;
  }
  annr::RngState rng(const char* name) const {
    Reader r(get(name), where_ + ", field '" + name + "'");
    annr::RngState st;
    std::vector<std::string> words = r.strings("s");
    if (words.size() != 4) r.fail("s", "must be 4 hexadecimal words");
    for (int i = 0; i < 4; ++i) {
      const std::string& w = words[static_cast<std::size_t>(i)];
      char* end = nullptr;
      if (w.size() != 16 || w.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        r.fail("s", "must be 4 words of 16 hexadecimal digits");
      }
      st.s[i] = std::strtoull(w.c_str(), &end, 16);
    }
    const double spare = r.number("spare_normal");
    st.has_spare_normal = !std::isnan(spare);
    st.spare_normal = st.has_spare_normal ? spare : 0.0;
    return st;
  }

 private:
  std::string where_;
  List list_;
};

Rcpp::CharacterVector rng_words(const annr::RngState& st) {
  Rcpp::CharacterVector out(4);
  for (int i = 0; i < 4; ++i) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, st.s[i]);
    out[i] = buf;
  }
  return out;
}

List rng_list(const annr::RngState& st) {
  return List::create(Rcpp::Named("s") = rng_words(st),
                      Rcpp::Named("spare_normal") = st.has_spare_normal ? st.spare_normal : NA_REAL);
}

template <typename T>
Rcpp::NumericVector as_numbers(const std::vector<T>& v, double add = 0) {
  Rcpp::NumericVector out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<double>(v[i]) + add;
  return out;
}

template <typename T>
List lists_of_numbers(const std::vector<std::vector<T>>& v, double add = 0) {
  List out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = as_numbers(v[i], add);
  return out;
}

std::string label(const Reader& r, const char* kind, int id) {
  if (r.has("name")) {
    SEXP n = r.get("name");
    if (TYPEOF(n) == STRSXP && XLENGTH(n) == 1 && STRING_ELT(n, 0) != NA_STRING) {
      return std::string(kind) + " '" + CHAR(STRING_ELT(n, 0)) + "'";
    }
  }
  return std::string(kind) + " with id " + std::to_string(id);
}

}  // namespace

// [[Rcpp::export(.annr_network_save_state)]]
List annr_network_save_state(SEXP ptr) {
  ANNR_TRY
  const annr::NetworkState st = annr_bindings::live_network(ptr).save_state();
  List pops(st.populations.size());
  for (std::size_t i = 0; i < st.populations.size(); ++i) {
    const annr::PopulationState& p = st.populations[i];
    List values = lists_of_numbers(p.values);
    values.attr("names") = Rcpp::wrap(p.attributes);
    List value_history(p.value_history.size());
    for (std::size_t a = 0; a < p.value_history.size(); ++a) value_history[a] = lists_of_numbers(p.value_history[a]);
    List l = List::create(
        Rcpp::Named("id") = p.id,
        Rcpp::Named("size") = static_cast<double>(p.size),
        Rcpp::Named("attributes") = Rcpp::wrap(p.attributes),
        Rcpp::Named("values") = values,
        Rcpp::Named("sum_targets") = Rcpp::wrap(p.sum_targets),
        Rcpp::Named("sums") = lists_of_numbers(p.sums),
        Rcpp::Named("last_spike") = Rcpp::wrap(p.last_spike),
        Rcpp::Named("refractory_remaining") = as_numbers(p.refractory_remaining),
        Rcpp::Named("spiked") = as_numbers(p.spiked, 1),
        Rcpp::Named("rng") = rng_list(p.rng),
        Rcpp::Named("source_cursor") = as_numbers(p.source_cursor),
        Rcpp::Named("timed_clock") = static_cast<double>(p.timed_clock),
        Rcpp::Named("timed_row") = static_cast<double>(p.timed_row + 1),
        Rcpp::Named("history") = lists_of_numbers(p.history, 1),
        Rcpp::Named("value_history") = value_history,
        Rcpp::Named("fr_window") = static_cast<double>(p.fr_window),
        Rcpp::Named("fr_scale") = p.fr_scale,
        Rcpp::Named("fr_history") = lists_of_numbers(p.fr_history));
    pops[i] = l;
  }
  List projs(st.projections.size());
  for (std::size_t i = 0; i < st.projections.size(); ++i) {
    const annr::ProjectionState& p = st.projections[i];
    List values = lists_of_numbers(p.values);
    values.attr("names") = Rcpp::wrap(p.attributes);
    List l = List::create(
        Rcpp::Named("id") = p.id,
        Rcpp::Named("row") = as_numbers(p.row),
        Rcpp::Named("col") = as_numbers(p.col, 1),
        Rcpp::Named("w") = Rcpp::wrap(p.w),
        Rcpp::Named("uniform_delay") = p.uniform_delay,
        Rcpp::Named("delay") = p.delay,
        Rcpp::Named("delay_steps") = as_numbers(p.delay_steps),
        Rcpp::Named("ring") = lists_of_numbers(p.ring),
        Rcpp::Named("event_ring") = lists_of_numbers(p.event_ring, 1),
        Rcpp::Named("attributes") = Rcpp::wrap(p.attributes),
        Rcpp::Named("values") = values,
        Rcpp::Named("local") = Rcpp::wrap(p.local),
        Rcpp::Named("rng") = rng_list(p.rng));
    projs[i] = l;
  }
  List out = List::create(
      Rcpp::Named("dt") = st.dt,
      Rcpp::Named("seed") = static_cast<double>(st.seed),
      Rcpp::Named("step") = static_cast<double>(st.step),
      Rcpp::Named("draw_counter") = static_cast<double>(st.draw_counter),
      Rcpp::Named("populations") = pops,
      Rcpp::Named("projections") = projs);
  return out;
  ANNR_CATCH
}

// [[Rcpp::export(.annr_network_load_state)]]
void annr_network_load_state(SEXP ptr, SEXP state, bool check_only = false) {
  ANNR_TRY
  annr::Network& net = annr_bindings::live_network(ptr);
  const double max_whole = 9007199254740992.0;  // 2^53
  Reader top(state, "the state");
  annr::NetworkState st;
  st.dt = top.number("dt");
  st.seed = static_cast<uint64_t>(top.whole("seed", 0, max_whole));
  st.step = top.whole("step", 0, max_whole);
  st.draw_counter = static_cast<uint64_t>(top.whole("draw_counter", 0, max_whole));
  List pops = top.list("populations");
  for (R_xlen_t i = 0; i < pops.size(); ++i) {
    Reader r0(pops[i], "population " + std::to_string(i + 1) + " of the state");
    const int id = static_cast<int>(r0.whole("id", 0, 2147483647.0));
    Reader r(pops[i], label(r0, "population", id));
    annr::PopulationState p;
    p.id = id;
    p.size = static_cast<std::size_t>(r.whole("size", 0, max_whole));
    p.attributes = r.strings("attributes");
    p.values = r.number_lists("values");
    p.sum_targets = r.strings("sum_targets");
    p.sums = r.number_lists("sums");
    p.last_spike = r.numbers("last_spike");
    p.refractory_remaining = r.ints(r.get("refractory_remaining"), "refractory_remaining", 0, 2147483647.0);
    p.spiked = r.ints(r.get("spiked"), "spiked", 1, 2147483647.0, 1);
    p.rng = r.rng("rng");
    p.source_cursor = r.wholes("source_cursor", 0, max_whole);
    p.timed_clock = r.whole("timed_clock", 0, max_whole);
    p.timed_row = r.whole("timed_row", 1, 2147483647.0) - 1;
    List history = r.list("history");
    for (R_xlen_t k = 0; k < history.size(); ++k) p.history.push_back(r.ints(history[k], "history", 1, 2147483647.0, 1));
    List vh = r.list("value_history");
    for (R_xlen_t a = 0; a < vh.size(); ++a) {
      List ring = r.list(vh[a], "value_history");
      std::vector<std::vector<double>> slots;
      for (R_xlen_t k = 0; k < ring.size(); ++k) slots.push_back(r.numbers(ring[k], "value_history"));
      p.value_history.push_back(std::move(slots));
    }
    p.fr_window = r.whole("fr_window", 0, max_whole);
    p.fr_scale = r.number("fr_scale");
    List fr = r.list("fr_history");
    for (R_xlen_t k = 0; k < fr.size(); ++k) p.fr_history.push_back(r.wholes(fr[k], "fr_history", 0, max_whole));
    st.populations.push_back(std::move(p));
  }
  List projs = top.list("projections");
  for (R_xlen_t i = 0; i < projs.size(); ++i) {
    Reader r0(projs[i], "projection " + std::to_string(i + 1) + " of the state");
    const int id = static_cast<int>(r0.whole("id", 0, 2147483647.0));
    Reader r(projs[i], label(r0, "projection", id));
    annr::ProjectionState p;
    p.id = id;
    for (long x : r.wholes("row", 0, 4294967295.0)) p.row.push_back(static_cast<uint32_t>(x));
    for (long x : r.wholes("col", 1, 2147483647.0, 1)) p.col.push_back(static_cast<int32_t>(x));
    p.w = r.numbers("w");
    SEXP u = r.get("uniform_delay");
    if (TYPEOF(u) != LGLSXP || XLENGTH(u) != 1 || LOGICAL(u)[0] == NA_LOGICAL) {
      r.fail("uniform_delay", "must be TRUE or FALSE");
    }
    p.uniform_delay = LOGICAL(u)[0] != 0;
    p.delay = static_cast<int>(r.whole("delay", 1, 65535));
    for (long x : r.wholes("delay_steps", 1, 65535)) p.delay_steps.push_back(static_cast<uint16_t>(x));
    p.ring = r.number_lists("ring");
    List er = r.list("event_ring");
    for (R_xlen_t k = 0; k < er.size(); ++k) {
      std::vector<uint32_t> slot;
      for (long x : r.wholes(er[k], "event_ring", 1, 4294967295.0, 1)) slot.push_back(static_cast<uint32_t>(x));
      p.event_ring.push_back(std::move(slot));
    }
    p.attributes = r.strings("attributes");
    p.values = r.number_lists("values");
    p.local = r.numbers("local");
    p.rng = r.rng("rng");
    st.projections.push_back(std::move(p));
  }
  net.load_state(st, check_only);
  ANNR_CATCH
}
