# ANNarchy 4.7.3 tests/Synapse/test_RateCustomConnectivity.py: user
# connection functions (a band of three pre neurons around each post neuron)
# with no, uniform and per-synapse delays. annr's connection functions
# return a data frame (pre, post, w, delay) with 1-based ranks.

my_diagonal <- function(pre, post, weight, delay = NULL) {
  rows <- lapply(seq_len(post$size), function(k) {
    p <- intersect(c(k - 1, k, k + 1), seq_len(pre$size))
    data.frame(pre = p, post = k, w = weight)
  })
  out <- do.call(rbind, rows)
  if (!is.null(delay)) out$delay <- if (is.function(delay)) delay(nrow(out)) else delay
  out
}

custom_net <- function(target, ...) {
  ann_fresh()
  pop1 <- Population(5, Neuron(equations = "r = 1"))
  pop2 <- Population(5, Neuron(equations = "r = sum(exc)"))
  proj1 <- Projection(pop1, pop2, target)
  proj1$connect_with_func(method = my_diagonal, ...)
  compile()
  proj1
}

test_that("test_CustomConnectivityNoDelay: test_invoke_compile", {
  proj <- custom_net("exc", weight = 0.1)
  expect_equal(proj$nb_synapses, 13)
})

test_that("test_CustomConnectivityNoDelay: test_no_delay", {
  proj <- custom_net("exc", weight = 0.1)
  expect_equal(unique(proj$synapses()$delay), 1.0)   # ANNarchy: proj.delay == dt
})

test_that("test_CustomConnectivityUniformDelay: test_invoke_compile", {
  proj <- custom_net("exc2", weight = 0.1, delay = 2)
  expect_equal(proj$nb_synapses, 13)
})

test_that("test_CustomConnectivityUniformDelay: test_uniform_delay", {
  proj <- custom_net("exc2", weight = 0.1, delay = 2)
  expect_equal(unique(proj$synapses()$delay), 2.0)
})

test_that("test_CustomConnectivityNonUniformDelay: test_invoke_compile", {
  proj <- custom_net("exc3", weight = 0.1, delay = function(n) sample(1:5, n, replace = TRUE))
  expect_equal(proj$nb_synapses, 13)
})
