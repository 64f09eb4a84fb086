// Connectors: which synapses a projection has, drawn from its own stream.
#pragma once

#include <string>
#include <vector>

#include "annr/network_spec.hpp"

namespace annr {

// Synapses in view ranks, ordered by post then pre.
struct ConnectorResult {
  std::vector<int> pre, post;
  std::vector<double> weights, delays;  // delays in ms
};

// `pre_ranks`/`post_ranks` map view ranks to population ranks (used to skip
// self-connections when `same_population`). Throws Error naming `label`.
ConnectorResult connect(const ConnectorSpec& spec, const std::vector<int>& pre_ranks,
                        const std::vector<int>& post_ranks, bool same_population, Rng& rng,
                        const std::string& label);

}  // namespace annr
