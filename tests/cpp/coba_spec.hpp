// The COBA benchmark network (Vogels & Abbott 2005, as in ANNarchy's example),
// shared by the C++ benchmark and tests.
#pragma once
#include "annr/network_spec.hpp"

inline annr::NetworkSpec coba_spec(int n_neurons, double p, double duration_unused = 0) {
  (void)duration_unused;
  annr::NetworkSpec spec;
  spec.dt = 0.1;
  spec.seed = 1;
  annr::PopulationSpec pop;
  pop.id = 1;
  pop.name = "P";
  pop.geometry = {n_neurons};
  pop.model.name = "COBA";
  pop.model.parameters =
      "El = -60 : population\nVr = -60 : population\nErev_exc = 0 : population\n"
      "Erev_inh = -80 : population\nVt = -50 : population\ntau = 20 : population\n"
      "tau_exc = 5 : population\ntau_inh = 10 : population\nI = 20 : population";
  pop.model.equations =
      "tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I\n"
      "tau_exc * dg_exc/dt = - g_exc\ntau_inh * dg_inh/dt = - g_inh";
  pop.model.spike = "v > Vt";
  pop.model.reset = "v = Vr";
  pop.model.refractory = "5.0";
  auto dist = [](const char* attr, double mu, double sigma) {
    annr::InitialValue v;
    v.attribute = attr;
    v.is_distribution = true;
    v.distribution.type = "normal";
    v.distribution.args = {mu, sigma};
    return v;
  };
  pop.values = {dist("v", -55, 5), dist("g_exc", 4, 1.5), dist("g_inh", 20, 12)};
  spec.populations.push_back(pop);
  const int n_exc = n_neurons * 4 / 5;
  for (int k = 0; k < 2; ++k) {
    annr::ProjectionSpec pr;
    pr.id = k + 1;
    pr.pre = 1;
    pr.post = 1;
    pr.target = k == 0 ? "exc" : "inh";
    for (int i = (k == 0 ? 0 : n_exc); i < (k == 0 ? n_exc : n_neurons); ++i) pr.pre_ranks.push_back(i);
    pr.connector.type = "fixed_probability";
    pr.connector.probability = p;
    pr.connector.weights = annr::SynapseValue(k == 0 ? 0.6 : 6.7);
    spec.projections.push_back(pr);
  }
  annr::MonitorSpec m;
  m.id = 1;
  m.population = 1;
  m.variables = {"spike"};
  spec.monitors.push_back(m);
  return spec;
}
