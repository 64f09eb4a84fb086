// Rcpp bindings for parallel runs: seeds of copies, and the threads backend
// that simulates several compiled networks at once with RcppParallel (TBB).
//
// The worker threads only touch annr::Network objects (no R API); all R
// objects are read before the parallel section. TBB must not start inside a
// forked child (its thread pool does not survive fork() and deadlocks), so
// the threads backend runs sequentially when called in a process other than
// the one that loaded the package.
#include <Rcpp.h>
#include <unistd.h>

// Not <RcppParallel.h>: it also includes RMatrix.h, whose iterator derives
// from std::iterator (deprecated since C++17), and the warning g++ gives
// there is one that R CMD check reports. Only the parallel for loop is used:
// its TBB and TinyThread versions and the switch between them
// (RCPP_PARALLEL_BACKEND) are included directly. TBB is RcppParallel's
// default where it ships it for every package (Linux, macOS).
#ifndef RCPP_PARALLEL_USE_TBB
#if defined(__gnu_linux__) || defined(__APPLE__)
#define RCPP_PARALLEL_USE_TBB 1
#else
#define RCPP_PARALLEL_USE_TBB 0
#endif
#endif
#include <RcppParallel/Backend.h>
#include <RcppParallel/TinyThread.h>
#if RCPP_PARALLEL_USE_TBB
#include <RcppParallel/TBB.h>
#endif

#include <vector>

#include "annr/errors.hpp"
#include "annr/network.hpp"
#include "bindings_common.h"
#include "annr/random.hpp"

namespace {

pid_t loading_process = 0;

struct SimulateMany : public RcppParallel::Worker {
  std::vector<annr::Network*>& nets;
  std::vector<long>& steps;
  std::vector<std::string>& errors;
  SimulateMany(std::vector<annr::Network*>& n, std::vector<long>& s, std::vector<std::string>& e)
      : nets(n), steps(s), errors(e) {}
  void operator()(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      try {
        nets[i]->simulate(steps[i]);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    }
  }
};

void parallel_for(std::size_t n, RcppParallel::Worker& worker, int threads) {
#if RCPP_PARALLEL_USE_TBB
  if (RcppParallel::internal::backend() == RcppParallel::internal::BACKEND_TBB) {
    RcppParallel::tbbParallelFor(0, n, worker, 1, threads);
    return;
  }
#endif
  (void)threads;  // TinyThread runs one thread per core
  RcppParallel::ttParallelFor(0, n, worker, 1);
}

}  // namespace

// [[Rcpp::export(.annr_remember_process)]]
void annr_remember_process() { loading_process = getpid(); }

// [[Rcpp::export(.annr_in_forked_child)]]
bool annr_in_forked_child() { return loading_process != 0 && getpid() != loading_process; }

// Seeds of the copies made by parallel_run: 53-bit (exact in an R double).
// [[Rcpp::export(.annr_derive_copy_seeds)]]
Rcpp::NumericVector annr_derive_copy_seeds(double master, Rcpp::IntegerVector idx) {
  Rcpp::NumericVector out(idx.size());
  const uint64_t m = static_cast<uint64_t>(master);
  for (R_xlen_t i = 0; i < idx.size(); ++i) {
    const uint64_t s = annr::derive_seed(m, annr::stream_id(annr::kStreamNetworkCopy,
                                                             static_cast<uint64_t>(idx[i])));
    out[i] = static_cast<double>(s >> 11);
  }
  return out;
}

// Simulates networks[i] for steps[i] steps, on up to `threads` threads.
// Returns the error message of each network ("" when it ran).
// [[Rcpp::export(.annr_simulate_parallel)]]
Rcpp::CharacterVector annr_simulate_parallel(Rcpp::List pointers, Rcpp::NumericVector steps,
                                             int threads) {
  const std::size_t n = static_cast<std::size_t>(pointers.size());
  std::vector<annr::Network*> nets(n);
  std::vector<long> nsteps(n);
  for (std::size_t i = 0; i < n; ++i) {
    SEXP p = pointers[i];
    if (TYPEOF(p) != EXTPTRSXP || R_ExternalPtrAddr(p) == nullptr) {
      Rcpp::stop("network %d is not compiled", static_cast<int>(i + 1));
    }
    nets[i] = static_cast<annr::Network*>(R_ExternalPtrAddr(p));
    nsteps[i] = annr_bindings::to_steps(steps[i], "the number of steps");
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      if (nets[i] == nets[j]) Rcpp::stop("the same network appears twice (%d and %d)", (int)i + 1, (int)j + 1);
  std::vector<std::string> errors(n);
  SimulateMany worker(nets, nsteps, errors);
  if (threads <= 1 || n <= 1 || annr_in_forked_child()) {
    worker(0, n);
  } else {
    parallel_for(n, worker, threads);
  }
  return Rcpp::wrap(errors);
}
