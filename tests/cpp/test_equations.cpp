// Tests of the equation language: parsing errors, integration methods,
// step order inside one neuron update (refractoriness, reset, pulses).
#include <cmath>

#include "annr/model.hpp"
#include "test_main.hpp"

using namespace annr;

static ModelSource source(const std::string& params, const std::string& eqs,
                          const std::string& spike = "", const std::string& reset = "",
                          const std::string& refractory = "") {
  ModelSource s;
  s.name = "test";
  s.parameters = params;
  s.equations = eqs;
  s.spike = spike;
  s.reset = reset;
  s.refractory = refractory;
  return s;
}

static double& at(NeuronState& s, const CompiledModel& m, const std::string& name, std::size_t j = 0) {
  return s.values[m.info().attribute_index(name)][j];
}

static void run(const CompiledModel& m, NeuronState& s, long steps, double dt) {
  for (long n = 0; n < steps; ++n) {
    StepContext c;
    c.step = n;
    c.t = n * dt;
    c.dt = dt;
    m.step(s, c);
  }
}

ANNR_TEST(explicit_euler_matches_recurrence) {
  auto m = CompiledModel::compile(source("tau = 10", "tau * dx/dt = -x : init = 1"));
  auto s = m->make_state(3);
  run(*m, s, 20, 0.5);
  double x = 1;
  for (int i = 0; i < 20; ++i) x += 0.5 * (-x) / 10;
  CHECK_NEAR(at(s, *m, "x", 2), x, 1e-12);
}

ANNR_TEST(exponential_and_implicit_methods) {
  auto m = CompiledModel::compile(source("tau = 10 : population",
                                         "tau * dx/dt + x = 2 : exponential, init = 0\n"
                                         "tau * dy/dt = 2 - y : implicit"));
  auto s = m->make_state(1);
  run(*m, s, 1, 1.0);
  CHECK_NEAR(at(s, *m, "x"), 2 * (1 - std::exp(-0.1)), 1e-12);
  CHECK_NEAR(at(s, *m, "y"), (0 + 1.0 * 2 / 10) / (1 + 1.0 / 10), 1e-12);
}

ANNR_TEST(exponential_decay_to_zero) {
  auto m = CompiledModel::compile(source("tau = 5", "tau * dg/dt = -g : exponential, init = 2"));
  auto s = m->make_state(1);
  run(*m, s, 3, 0.5);
  CHECK_NEAR(at(s, *m, "g"), 2 * std::exp(-1.5 / 5), 1e-12);
}

ANNR_TEST(midpoint_and_rk4_one_step) {
  auto m = CompiledModel::compile(source("", "dx/dt = x*x : midpoint, init = 1\n"
                                             "dy/dt = y*y : rk4, init = 1"));
  auto s = m->make_state(1);
  run(*m, s, 1, 0.1);
  const double h = 0.1;
  auto f = [](double v) { return v * v; };
  CHECK_NEAR(at(s, *m, "x"), 1 + h * f(1 + h / 2 * f(1)), 1e-12);
  double k1 = f(1), k2 = f(1 + h / 2 * k1), k3 = f(1 + h / 2 * k2), k4 = f(1 + h * k3);
  CHECK_NEAR(at(s, *m, "y"), 1 + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4), 1e-12);
}

ANNR_TEST(block_semantics_and_assignment_order) {
  auto m = CompiledModel::compile(source("", "dx/dt = y : init = 1\ndy/dt = -x : init = 0\n"
                                             "z = x + y\nw = z * 2"));
  auto s = m->make_state(1);
  run(*m, s, 1, 0.1);
  CHECK_NEAR(at(s, *m, "x"), 1.0, 1e-15);   // used old y = 0
  CHECK_NEAR(at(s, *m, "y"), -0.1, 1e-15);  // used old x = 1
  CHECK_NEAR(at(s, *m, "z"), 0.9, 1e-15);
  CHECK_NEAR(at(s, *m, "w"), 1.8, 1e-15);
}

ANNR_TEST(izhikevich_matches_reference_loop) {
  auto m = CompiledModel::compile(source(
      "a = 0.02\nb = 0.2\nc = -65\nd = 8\nv_thresh = 30\ni_offset = 10",
      "I = g_exc - g_inh + i_offset\n"
      "dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = -65\n"
      "du/dt = a * (b * v - u) : init = -13",
      "v > v_thresh", "v = c\nu += d"));
  auto s = m->make_state(300);
  double v = -65, u = -13;
  std::vector<long> ref, got;
  for (long n = 0; n < 1000; ++n) {
    double dv = 0.04 * v * v + 5.0 * v + 140.0 - u + 10;
    double du = 0.02 * (0.2 * v - u);
    v += 1.0 * dv;
    u += 1.0 * du;
    if (v > 30) { ref.push_back(n); v = -65; u += 8; }
    StepContext c;
    c.step = n;
    c.t = n;
    c.dt = 1;
    m->step(s, c);
    if (!s.spiked.empty()) {
      CHECK(s.spiked.size() == 300);
      got.push_back(n);
    }
  }
  CHECK(ref.size() > 5);
  CHECK(ref == got);
  CHECK_NEAR(at(s, *m, "v", 299), v, 1e-9);
}

ANNR_TEST(refractory_and_pulse_conductances) {
  auto m = CompiledModel::compile(source("", "dv/dt = 1 + g_exc : init = 0\ndg_inh/dt = -g_inh",
                                         "v > 2.5", "v = 0", "3"));
  auto s = m->make_state(1);
  std::vector<long> spikes;
  for (long n = 0; n < 20; ++n) {
    at(s, *m, "g_exc") = 0;  // nothing arrives
    StepContext c;
    c.step = n; c.t = n; c.dt = 1;
    m->step(s, c);
    if (!s.spiked.empty()) spikes.push_back(n);
  }
  // v: 1, 2, 3 -> spike at step 2, refractory steps 3, 4, 5, then 1, 2, 3 -> spike at 8
  CHECK(spikes.size() >= 2);
  CHECK(spikes[0] == 2);
  CHECK(spikes[1] == 8);
  CHECK_NEAR(s.last_spike[0], 8 * 1.0 + 6 * 1.0 * (spikes.size() - 2), 1e-12);
  at(s, *m, "g_exc") = 5;
  StepContext c; c.step = 20; c.t = 20; c.dt = 1;
  m->step(s, c);
  CHECK(at(s, *m, "g_exc") == 0.0);  // pulse
}

ANNR_TEST(functions_conditions_types) {
  ModelSource src = source("k = 3 : population",
                           "a = f(k, 2)\nb = if a > 4: 1 else: -1\nc = ite(b > 0, 10, 20)\n"
                           "n = 2.7 : int\nq = clip(a, 0, 4)\np = 10 : max = 5");
  src.functions = "f(x, y) = x + y";
  auto m = CompiledModel::compile(src);
  auto s = m->make_state(2);
  run(*m, s, 1, 1);
  CHECK_NEAR(at(s, *m, "a"), 5, 0);
  CHECK_NEAR(at(s, *m, "b"), 1, 0);
  CHECK_NEAR(at(s, *m, "c"), 10, 0);
  CHECK_NEAR(at(s, *m, "n"), 2, 0);
  CHECK_NEAR(at(s, *m, "q"), 4, 0);
  CHECK_NEAR(at(s, *m, "p"), 5, 0);
}

ANNR_TEST(random_numbers_have_right_moments) {
  auto m = CompiledModel::compile(source("", "x = Normal(2, 3)\ny = Uniform(-1, 1)"));
  auto s = m->make_state(20000);
  s.rng.seed(7);
  run(*m, s, 1, 1);
  double mx = 0, vx = 0, my = 0;
  for (int j = 0; j < 20000; ++j) { mx += at(s, *m, "x", j); my += at(s, *m, "y", j); }
  mx /= 20000; my /= 20000;
  for (int j = 0; j < 20000; ++j) vx += std::pow(at(s, *m, "x", j) - mx, 2);
  vx /= 19999;
  CHECK_NEAR(mx, 2, 0.1);
  CHECK_NEAR(vx, 9, 0.4);
  CHECK_NEAR(my, 0, 0.03);
}

ANNR_TEST(errors_name_model_line_and_column) {
  CHECK_THROWS(CompiledModel::compile(source("a = 1", "dv/dt = 0.04*vv^2 + a")),
               "model 'test', equations line 1, column 14: unknown variable 'vv'");
  CHECK_THROWS(CompiledModel::compile(source("", "x = (1 + 2")), "unbalanced parenthesis");
  CHECK_THROWS(CompiledModel::compile(source("", "x = 1 + 2)")), "unbalanced parenthesis");
  CHECK_THROWS(CompiledModel::compile(source("a = 1", "\na = 2")),
               "equations line 2, column 1: cannot assign to parameter 'a'");
  CHECK_THROWS(CompiledModel::compile(source("a = 1", "da/dt = 2")), "ODE of parameter 'a'");
  CHECK_THROWS(CompiledModel::compile(source("", "x = foo(1)")), "unknown function 'foo()'");
  CHECK_THROWS(CompiledModel::compile(source("", "x = exp(1, 2)")), "exp() takes 1 argument, not 2");
  CHECK_THROWS(CompiledModel::compile(source("", "dx/dt = x*x : exponential")), "linear");
  CHECK_THROWS(CompiledModel::compile(source("a = 1\na = 2", "")), "duplicate definition of 'a'");
  CHECK_THROWS(CompiledModel::compile(source("", "x = ")), "empty expression");
  CHECK_THROWS(CompiledModel::compile(source("", "dv/dt = -v", "v > 1", "v = 0", "tref")),
               "'tref' is neither");
}

ANNR_TEST(stop_conditions_any_all) {
  auto m = CompiledModel::compile(source("", "x = 1"));
  auto s = m->make_state(3);
  s.values[0][0] = 5;
  auto c = m->compile_condition("x > 2");
  CHECK(c->evaluate(s, StepContext{}, true));
  CHECK(!c->evaluate(s, StepContext{}, false));
  CHECK_THROWS(m->compile_condition("y > 2"), "unknown variable 'y'");
}

ANNR_TEST(global_assignments_and_poisson) {
  auto m = CompiledModel::compile(source("", "rates = 10 + 5 * sin(t) : population\n"
                                             "p = Uniform(0, 1) * 1000 / dt", "p < rates"));
  auto s = m->make_state(1000);
  long total = 0;
  for (long n = 0; n < 1000; ++n) {
    StepContext c; c.step = n; c.t = n; c.dt = 1;
    m->step(s, c);
    total += static_cast<long>(s.spiked.size());
  }
  CHECK_NEAR(s.values[m->info().attribute_index("rates")][0], 10 + 5 * std::sin(999.0), 1e-12);
  CHECK(total > 8000 && total < 12000);
}

ANNR_TEST(global_reductions_are_one_step_late) {
  auto m = CompiledModel::compile(source("", "x = x + 1\nmx = max(x)\nav = mean(x)\nn2 = norm2(x)"));
  auto s = m->make_state(3);
  for (int j = 0; j < 3; ++j) s.values[m->info().attribute_index("x")][j] = j;  // 0 1 2
  run(*m, s, 1, 1.0);   // x = 1 2 3; reductions still 0
  CHECK_NEAR(at(s, *m, "mx"), 0, 0);
  run(*m, s, 1, 1.0);   // x = 2 3 4; reductions of 1 2 3
  CHECK_NEAR(at(s, *m, "mx", 1), 3, 0);
  CHECK_NEAR(at(s, *m, "av", 2), 2, 1e-15);
  CHECK_NEAR(at(s, *m, "n2"), std::sqrt(14.0), 1e-12);
  CHECK_THROWS(CompiledModel::compile(source("", "y = mean(2)")), "takes the name of a per-neuron variable");
}

ANNR_TEST_MAIN()
