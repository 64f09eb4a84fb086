// COBA benchmark of the core alone (no R): build + 1000 ms.
//   make -C tests/cpp bench
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "annr/network.hpp"
#include "coba_spec.hpp"

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 4000;
  const double p = argc > 2 ? std::atof(argv[2]) : 0.02;
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  annr::Network net(coba_spec(n, p));
  auto t1 = clock::now();
  net.simulate(10000);
  auto t2 = clock::now();
  const auto data = net.monitor_data(1, false);
  const double syn = net.nb_synapses(1) + net.nb_synapses(2);
  std::printf("neurons %d synapses %.0f build %.3f s simulate %.3f s spikes %zu rate %.2f Hz bytes/syn %.2f\n", n,
              syn, std::chrono::duration<double>(t1 - t0).count(),
              std::chrono::duration<double>(t2 - t1).count(), data.spike_steps.size(),
              data.spike_steps.size() / (double)n, net.connectivity_bytes() / syn);
}
