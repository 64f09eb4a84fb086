// The simulated state of a network, as plain data: what Network::save_state()
// returns and Network::load_state() puts back (net$save() / net$load()).
//
// It holds everything a step reads that the definition does not give, so that
// simulate -> save_state -> load_state (into a network built from the same
// definition) -> simulate gives the numbers of an uninterrupted run: the
// neurons' variables and parameters, last spike times, refractory counters,
// the spikes and values still travelling through delays, the synapses'
// weights, delays and variables, and the state of every random stream.
// Recorded data (monitors) and the definition itself (models, connectivity,
// constants, spike times of sources, timed arrays' tables, learning switches)
// are not part of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "annr/random.hpp"

namespace annr {

struct PopulationState {
  int id = -1;
  std::size_t size = 0;
  // The model's attributes in ModelInfo order (empty for spike sources), each
  // with `size` values (1 for a population-wide one).
  std::vector<std::string> attributes;
  std::vector<std::vector<double>> values;
  // Rate-coded inputs of the last step (what pop$sum(target) shows), in
  // sum_targets order, `size` values each.
  std::vector<std::string> sum_targets;
  std::vector<std::vector<double>> sums;
  std::vector<double> last_spike;          // ms, `size` values
  std::vector<int> refractory_remaining;   // steps, `size` values (empty: spike source)
  std::vector<int> spiked;                 // 0-based ranks that spiked in the last step
  RngState rng;                            // the stream of the equations' random numbers
  std::vector<long> source_cursor;         // spike sources: next spike per neuron
  long timed_clock = 0, timed_row = 0;     // timed arrays
  // Spikes of the last history.size() steps (uniform delays), slot step % size.
  std::vector<std::vector<int>> history;
  // Per attribute (empty when not delayed): its values after each of the
  // last ring-size steps, slot step % size, `size` values per slot.
  std::vector<std::vector<std::vector<double>>> value_history;
  // compute_firing_rate(): window (steps, 0 = off), scale (1000 / window in
  // ms) and per neuron the steps of its spikes still in the window.
  long fr_window = 0;
  double fr_scale = 1.0;
  std::vector<std::vector<long>> fr_history;
};

struct ProjectionState {
  int id = -1;
  // Connectivity (compressed rows by pre-synaptic rank: row offsets and post
  // ranks), only to check that the state fits this network's synapses.
  std::vector<uint32_t> row;
  std::vector<int32_t> col;
  std::vector<double> w;                   // in that (row) order
  bool uniform_delay = true;
  int delay = 1;                           // steps, when uniform
  std::vector<uint16_t> delay_steps;       // per synapse, when not
  // Per-synapse delays: conductance increments still on their way (static
  // synapses; slots x post size) or the synapses whose spike arrives in each
  // coming step (synapse models). Slot = arrival step % number of slots.
  std::vector<std::vector<double>> ring;
  std::vector<std::vector<uint32_t>> event_ring;
  // Synapse model (empty for static synapses): its attributes (SynapseInfo
  // order), the projection-wide and postsynaptic values, the per-synapse
  // block (SynapseState::local: last event step, then the local attributes)
  // and the stream of the synapse equations.
  std::vector<std::string> attributes;
  std::vector<std::vector<double>> values;
  std::vector<double> local;
  RngState rng;
};

struct NetworkState {
  double dt = 1.0;
  uint64_t seed = 0;
  long step = 0;
  uint64_t draw_counter = 0;  // distributions drawn so far (their stream ids)
  std::vector<PopulationState> populations;
  std::vector<ProjectionState> projections;
};

}  // namespace annr
