# Attribute access on projections, dendrites and monitors of synaptic
# variables, against ANNarchy 4.7.3.
#
# The model (run in ANNarchy 4.7.3 with dt = 1 and the same definitions):
#   pre: 5 rate neurons r = r0, r0 = 0.1, 0.2, 0.3, 0.4, 0.5
#   post: 4 rate neurons r = sum(exc)
#   synapse: eta = 0.01 : projection; tau = 5000 : postsynaptic; alpha = 8
#            y = post.r + 1 : postsynaptic; dw/dt = eta * pre.r * post.r - w / tau
#   connect_from_matrix (post x pre, None = no synapse):
#     [0.1, -, 0.3, -, 0.5], [-, -, -, -, -], [0.2, 0.4, -, -, -], [-, -, -, 0.6, 0.7]
#   Monitor(proj, ['w', 'y'], period = 2)

api_model <- function() {
  clear()
  annr::setup(dt = 1)
  In <- Neuron(parameters = "r0 = 0.0", equations = "r = r0")
  Out <- Neuron(equations = "r = sum(exc)")
  syn <- Synapse(parameters = "eta = 0.01 : projection\ntau = 5000.0 : postsynaptic\nalpha = 8.0",
                 equations = "y = post.r + 1.0 : postsynaptic\ndw/dt = eta * pre.r * post.r - w / tau")
  pre <- Population(5, In)
  post <- Population(4, Out)
  pre$r0 <- c(0.1, 0.2, 0.3, 0.4, 0.5)
  proj <- Projection(pre, post, "exc", syn, name = "api")
  proj$connect_from_matrix(rbind(c(0.1, NA, 0.3, NA, 0.5), rep(NA, 5),
                                 c(0.2, 0.4, NA, NA, NA), c(NA, NA, NA, 0.6, 0.7)))
  proj
}

test_that("proj$size, proj$post_ranks and attributes have ANNarchy's meaning and shapes", {
  proj <- api_model()
  expect_equal(proj$eta, 0.01)                 # projection-wide: readable before compile()
  expect_error(proj$tau, "not compiled yet")
  expect_error(proj$size, "not compiled yet")
  compile()
  # ANNarchy: size 3, post_ranks [0, 2, 3], nb_synapses 7
  expect_identical(proj$size, 3L)
  expect_identical(proj$post_ranks, c(1L, 3L, 4L))
  expect_equal(vapply(proj$dendrites, function(d) d$post_rank, integer(1)), c(1L, 3L, 4L))
  expect_equal(lapply(proj$dendrites, function(d) d$size), list(3L, 2L, 2L))
  expect_equal(proj$nb_synapses, 7)
  # ANNarchy: eta float 0.01; tau list [5000.0, 5000.0, 5000.0] (one per dendrite);
  # alpha list [[8.0, 8.0, 8.0], [8.0, 8.0], [8.0, 8.0]] (one list per dendrite)
  expect_equal(proj$eta, 0.01)
  expect_equal(proj$tau, c(5000, 5000, 5000))
  expect_equal(proj$alpha, list(`1` = c(8, 8, 8), `3` = c(8, 8), `4` = c(8, 8)))
  expect_equal(proj$y, c(0, 0, 0))
  # w and delay stay post x pre sparse matrices (ANNarchy: the same numbers
  # as lists per dendrite, [[0.1, 0.3, 0.5], [0.2, 0.4], [0.6, 0.7]])
  expect_s4_class(proj$w, "dgCMatrix")
  expect_equal(unname(split(proj$get("w"), proj$synapses()$post)),
               list(c(0.1, 0.3, 0.5), c(0.2, 0.4), c(0.6, 0.7)))
  expect_setequal(names(proj), c("w", "delay", "eta", "tau", "alpha", "y"))
  expect_error(proj$nope, "no synaptic variable 'nope'.*eta, tau, alpha, y")
  expect_error(proj$size <- 2, "read-only")
  expect_error(proj$post_ranks <- 2, "read-only")
})

test_that("dendrites read like ANNarchy's", {
  proj <- api_model()
  compile()
  d <- proj$dendrite(3)
  expect_s3_class(d, "annr_dendrite")
  # ANNarchy dendrite(2): size 2, pre_ranks [0, 1], post_rank 2, w [0.2, 0.4],
  # tau 5000.0, eta 0.01, alpha [8.0, 8.0], y 0.0
  expect_identical(d$size, 2L)
  expect_identical(length(d), 2L)
  expect_equal(d$pre_ranks, c(1, 2))
  expect_identical(d$post_rank, 3L)
  expect_equal(d$w, c(0.2, 0.4))
  expect_equal(d$tau, 5000)
  expect_equal(d$eta, 0.01)
  expect_equal(d$alpha, c(8, 8))
  expect_equal(d$y, 0)
  expect_equal(d$get("alpha"), c(8, 8))
  expect_equal(d[2]$w, 0.4)
  expect_equal(as.data.frame(d), data.frame(pre = c(1, 2), w = c(0.2, 0.4), delay = c(1, 1),
                                            alpha = c(8, 8)))
  expect_output(print(d), "dendrite> of post neuron 3 in projection 'api'")
  # ANNarchy: "The neuron of rank 1 has no dendrite in this projection."
  expect_error(proj$dendrite(2), "post-synaptic neuron 2 has no dendrite in projection 'api'")
  expect_error(proj$dendrite(10), "`post` must be the rank \\(1..4\\)")
  expect_error(d[3], "no synapse from pre-synaptic neuron 3 \\(its pre_ranks: 1, 2\\)")
})

test_that("writes through dendrites, synapses and the projection give ANNarchy's values", {
  proj <- api_model()
  compile()
  simulate(7)
  # ANNarchy after simulate(7)
  expect_equal(proj$get("w"), c(0.10197600777071265, 0.3059280233121379, 0.5098800388535634,
                                0.20032019805400272, 0.40064039610800545,
                                0.6134493104835997, 0.7168815961184967), tolerance = 1e-12)
  expect_equal(proj$y, c(1.3557420783389758, 1.1001300600089987, 1.6014747706471644),
               tolerance = 1e-12)
  # ANNarchy: dendrite(2).w = 0.9; dendrite(3).w = [1.5, 2.5]; dendrite(0)[2].w = 3.0
  d <- proj$dendrite(3)
  d$w <- 0.9
  dendrite(proj, 4)$w <- c(1.5, 2.5)
  dendrite(proj, 1)[3]$w <- 3
  expect_equal(proj$get("w"), c(0.10197600777071265, 3, 0.5098800388535634, 0.9, 0.9, 1.5, 2.5),
               tolerance = 1e-12)
  # ANNarchy: dendrite(2).tau = 100 -> tau [5000.0, 100.0, 5000.0];
  # dendrite(0).alpha = 2 -> alpha [[2.0, 2.0, 2.0], [8.0, 8.0], [8.0, 8.0]]
  d$tau <- 100
  expect_equal(proj$tau, c(5000, 100, 5000))
  proj$dendrite(1)$set(alpha = 2)
  expect_equal(proj$alpha, list(`1` = c(2, 2, 2), `3` = c(8, 8), `4` = c(8, 8)))
  # ANNarchy: "Projection attributes marked as *projection* should not be updated through dendrites."
  expect_error(d$eta <- 1, "'eta' is a projection-wide attribute of projection 'api': set it on the projection")
  expect_error(d$w <- c(1, 2, 3), "takes 1 or 2 values \\(one per synapse\\), not 3")
  expect_error(d$w <- NA, "must be finite numbers")
  expect_error(d$size <- 3, "cannot be changed")
  expect_error(d[1]$tau <- 3, "postsynaptic attribute: set it on the dendrite")
  w <- d$w
  d$w[2] <- 0.7                         # the usual R idiom on a dendrite variable
  expect_equal(d$w, c(w[1], 0.7))
  # ANNarchy: proj.tau = 2000 -> [2000.0, 2000.0, 2000.0]; proj.tau = [10, 20, 30]
  proj$tau <- 2000
  expect_equal(proj$tau, c(2000, 2000, 2000))
  proj$tau <- c(10, 20, 30)
  expect_equal(proj$tau, c(10, 20, 30))
  expect_error(proj$tau <- c(1, 2), "'tau' needs 1 or 3 values|has 3 here")
  expect_error(proj$eta <- c(1, 2), "'eta' is a projection-wide attribute of projection 'api': give one value")
  proj$alpha <- list(1, c(2, 3), 4)
  expect_equal(proj$alpha, list(`1` = c(1, 1, 1), `3` = c(2, 3), `4` = c(4, 4)))
  expect_error(proj$alpha <- list(1, 2), "one element per dendrite \\(3, see proj\\$post_ranks\\)")
  expect_error(proj$alpha <- list(1, 1:3, 2), "element 2 .*post neuron 3.* needs 1 or 2 values")
  proj$set(list(alpha = 8))            # ANNarchy's set(dict)
  expect_equal(proj$alpha[[1]], c(8, 8, 8))
})

test_that("Monitor(proj, 'w', period =) records time x synapse data as ANNarchy", {
  proj <- api_model()
  m <- Monitor(proj, c("w", "y"), period = 2)
  md <- Monitor(proj$dendrite(3), "w", period = 3)
  m1 <- Monitor(dendrite(proj, 1), c("w", "y"))
  compile()
  simulate(7)
  # ANNarchy m.get('w'): samples at steps 0, 2, 4, 6, each a list per dendrite
  w <- m$get("w")
  expect_equal(attr(w, "times"), c(0, 2, 4, 6))
  expect_equal(attr(w, "post"), c(1, 1, 1, 3, 3, 4, 4))
  expect_equal(attr(w, "pre"), c(1, 3, 5, 1, 2, 4, 5))
  expect_equal(colnames(w), c("1,1", "1,3", "1,5", "3,1", "3,2", "4,4", "4,5"))
  annarchy_w <- rbind(
    c(0.09998, 0.29994, 0.4999, 0.19996, 0.39992, 0.59988, 0.6998599999999999),
    c(0.1006409567822, 0.3019228703466, 0.5032047839110001, 0.2000799939964, 0.4001599879928,
      0.6043678582488, 0.7054898168113999),
    c(0.10130628307698188, 0.3039188492309456, 0.5065314153849094, 0.20020005999999732,
      0.40040011999999464, 0.6088908701762218, 0.7111635677242767),
    c(0.10197600777071265, 0.3059280233121379, 0.5098800388535634, 0.20032019805400272,
      0.40064039610800545, 0.6134493104835997, 0.7168815961184967))
  expect_equal(unname(unclass(w)[, ]), annarchy_w, tolerance = 1e-12)
  # reading w left y in place (each variable is emptied on its own)
  y <- m$get("y")
  expect_equal(unname(unclass(y)[, ]), rbind(c(1, 1, 1), c(1.351084769, 1.100009994, 1.5921825398),
                                          c(1.3534057517885345, 1.1000700089972995, 1.5968105707068703),
                                          c(1.3557420783389758, 1.1001300600089987, 1.6014747706471644)),
               tolerance = 1e-12)
  expect_equal(colnames(y), c("1", "3", "4"))
  expect_equal(nrow(m$get("w")), 0)    # emptied by the first get()
  # dendrite of post neuron 1 every step (ANNarchy Monitor(proj.dendrite(0), ['w', 'y']))
  d1 <- m1$get()
  expect_equal(colnames(d1$w), c("1", "3", "5"))
  expect_equal(unname(unclass(d1$w)[c(1, 2, 7), ]),
               rbind(c(0.09998, 0.29994, 0.4999), c(0.100309934, 0.30092980199999997, 0.5015496700000001),
                     c(0.10197600777071265, 0.3059280233121379, 0.5098800388535634)), tolerance = 1e-12)
  expect_equal(as.vector(d1$y), c(1.0, 1.34993, 1.351084769, 1.3522433487377001, 1.3534057517885345,
                                  1.3545719907694367, 1.3557420783389758), tolerance = 1e-12)
  # The dendrite of post neuron 3 every 3 steps. (ANNarchy 4.7.3's
  # Monitor(proj.dendrite(2)) records the dendrite of index 0 instead: its
  # recorder maps the dendrite index as if it were a post rank; the values
  # below are ANNarchy's for the dendrite of post rank 2 from the monitor of
  # the whole projection, at steps 0 and 6.)
  wd <- md$get("w")
  expect_equal(attr(wd, "times"), c(0, 3, 6))
  expect_equal(unname(unclass(wd)[c(1, 3), ]), rbind(c(0.19996, 0.39992),
                                                   c(0.20032019805400272, 0.40064039610800545)),
               tolerance = 1e-12)
  # after writes, as in the ANNarchy script: values of the next sample (step 8)
  dendrite(proj, 3)$w <- 0.9
  dendrite(proj, 4)$w <- c(1.5, 2.5)
  dendrite(proj, 1)[3]$w <- 3
  dendrite(proj, 3)$tau <- 100
  dendrite(proj, 1)$alpha <- 2
  proj$tau <- 2000
  proj$tau <- c(10, 20, 30)
  proj$w <- 0.25
  simulate(3)
  w <- m$get("w")
  expect_equal(attr(w, "times"), 8)
  expect_equal(as.vector(w), c(0.20290578750000002, 0.2037173625, 0.2045289375, 0.2257675375,
                               0.225910075, 0.2353548011111111, 0.2357907236111111), tolerance = 1e-12)
})

test_that("projection monitors: period, pause/resume, reset, copies, errors", {
  proj <- api_model()
  expect_error(Monitor(proj, "spike"), "records synaptic variables .*not 'spike'")
  expect_error(Monitor(proj, "nope"), "no synaptic variable 'nope'")
  expect_error(Monitor(proj, "w", period = 0), "`period` must be one positive number")
  expect_warning(m <- Monitor(proj, c("w", "eta", "tau"), period = 2.5, start = FALSE),
                 "not a whole number of steps")
  md <- Monitor(dendrite(proj, 2), "w")   # post neuron 2 has no synapse
  expect_error(compile(), "post neuron 2 has no synapse")
  clear()
  proj <- api_model()
  expect_warning(m <- Monitor(proj, c("w", "eta", "tau"), period = 2.5, start = FALSE),  # 2 steps, as ANNarchy's int(2.5 / dt)
                 "records every 2 steps")
  expect_output(print(m), "monitor> of projection 'api': w, eta, tau")
  net <- Network(everything = TRUE)
  compile()
  simulate(3)
  expect_equal(nrow(m$get("w")), 0)
  m$start()
  simulate(4)
  expect_equal(attr(m$get("w"), "times"), c(4, 6))
  expect_equal(unname(unclass(m$get("eta"))[, 1]), c(0.01, 0.01))
  expect_equal(dim(m$get("tau")), c(2L, 3L))
  m$pause()
  simulate(4)
  expect_equal(nrow(m$get("w", keep = TRUE)), 0)
  m$resume()
  simulate(2)
  expect_equal(nrow(m$get("w", keep = TRUE)), 1)
  m$reset()
  expect_equal(nrow(m$get("w")), 0)
  expect_error(m$raster_plot(), "records synaptic variables, not spikes")
  # the copy in another network records its own synapses
  net$compile()
  mc <- net$get(m)
  expect_s3_class(mc, "annr_projection_monitor")
  mc$start()
  net$simulate(3)
  expect_equal(attr(mc$get("w"), "times"), c(0, 2))
})

test_that("values set on projections and dendrites live in the definition", {
  proj <- api_model()
  proj$alpha <- 3                 # before compile(): one value, kept for reset()
  proj$eta <- 0.02
  expect_equal(proj$eta, 0.02)
  expect_error(proj$alpha <- c(1, 2), "before compile\\(\\) 'alpha' takes one value")
  compile()
  expect_equal(proj$alpha[[2]], c(3, 3))
  expect_equal(proj$eta, 0.02)
  dendrite(proj, 3)$w <- c(0.7, 0.8)
  dendrite(proj, 4)$tau <- 50
  dendrite(proj, 1)[5]$alpha <- 9
  simulate(2)
  w_after <- proj$get("w")
  # a copy of the definition gets the same values at its build
  net <- Network(everything = TRUE)
  net$compile()
  cp <- net$get(proj)
  expect_equal(cp$dendrite(3)$w, c(0.7, 0.8))
  expect_equal(cp$tau, c(5000, 5000, 50))
  expect_equal(cp$alpha[[1]], c(3, 3, 9))
  expect_equal(cp$eta, 0.02)
  # and so does the network rebuilt after saveRDS()/readRDS()
  f <- tempfile(fileext = ".rds")
  saveRDS(proj, f)
  back <- readRDS(f)
  expect_message(w <- back$dendrite(3)$w, "rebuilding")
  expect_equal(w, c(0.7, 0.8))
  expect_equal(back$dendrite(1)$alpha, c(3, 3, 9))
  # reset(projections = TRUE) returns to the values set before compile()
  reset(projections = TRUE)
  expect_equal(proj$alpha[[2]], c(3, 3))
  expect_equal(proj$dendrite(3)$w, c(0.2, 0.4))
  expect_equal(proj$tau, c(5000, 5000, 5000))
  # proj$w <- and proj$set() write the definition too
  proj$w <- 0.5
  proj$set(tau = 7)
  expect_equal(length(Filter(function(r) r$attribute == "w", proj$values)), 1)  # earlier w writes dropped
  net2 <- Network(everything = TRUE)
  net2$compile()
  expect_equal(net2$get(proj)$get("w"), rep(0.5, 7))
  expect_equal(net2$get(proj)$tau, c(7, 7, 7))
})

test_that("values per synapse that do not fit a copy's random connectivity are an error", {
  clear()
  annr::setup(dt = 1, seed = 1)
  a <- Population(20, Neuron(parameters = "r = 1"))
  b <- Population(20, Neuron(equations = "r = sum(exc)"))
  proj <- Projection(a, b, "exc", name = "rnd")
  proj$connect_fixed_probability(0.3, weights = 1)
  compile()
  proj$w <- seq_len(proj$nb_synapses) / 100
  n <- proj$nb_synapses
  net <- Network(everything = TRUE, seed = 99)
  expect_error(net$compile(), paste0("projection 'rnd': ", n, " values of 'w' were set, but it has"))
})

test_that("static projections, views and pre-compile reads", {
  clear()
  annr::setup(dt = 1)
  a <- Population(4, Neuron(parameters = "r = 1"))
  b <- Population(6, Neuron(equations = "r = sum(exc)"))
  proj <- Projection(a[2:3], b[c(5, 2)], "exc")
  proj$connect_all_to_all(weights = 0.5)
  m <- Monitor(proj, "w")
  expect_error(Monitor(proj, "tau"), "no synaptic variable 'tau' \\(its attributes: w, delay\\)")
  expect_error(proj$dendrite(1), "not in the view")
  compile()
  # ranks are those of the populations (ANNarchy's), in the view's order
  expect_equal(proj$post_ranks, c(5L, 2L))
  expect_equal(proj$dendrite(2)$pre_ranks, c(2, 3))
  dendrite(proj, 2)$w <- c(1, 2)
  expect_equal(proj$dendrite(2)$w, c(1, 2))
  d <- proj$dendrite(5)
  d$delay <- 3
  expect_equal(d$delay, c(3, 3))
  expect_equal(proj$dendrite(2)$delay, c(1, 1))
  d$delay <- 1
  expect_error(d$delay <- -1, "delays must be >= 0")
  expect_error(proj$w <- Uniform(0, 1), "'w' takes numbers; random values per synapse come from the connector")
  expect_equal(proj$dendrite(5)$w, c(0.5, 0.5))
  simulate(1)
  expect_equal(attr(m$get("w"), "post"), c(5, 5, 2, 2))
  expect_equal(b$r, c(0, 3, 0, 0, 1, 0))
})

test_that("ANNarchy test_Projection.py: attributes, size and post_ranks of a sparse projection", {
  # tests/Synapse/test_Projection.py: 8 -> 4 neurons from a sparse matrix,
  # post 1 (0-based) gets all 8 pre neurons at 0.2, post 3 gets pre 2..5 at 0.5;
  # synapse tau = 5000 (per synapse), alpha = 8 : postsynaptic, dw/dt = -w.
  # (The post model reads sum(exc) with weight 0: annr requires that it reads
  # its target, another part of issue 11.)
  clear()
  pop1 <- Population(8, Neuron(parameters = "r = 0"))
  pop2 <- Population(4, Neuron(equations = "r = 0 * sum(exc)"))
  oja <- Synapse(parameters = "tau = 5000.0\nalpha = 8.0 : postsynaptic", equations = "dw/dt = -w")
  m <- Matrix::sparseMatrix(i = c(rep(2, 8), rep(4, 4)), j = c(1:8, 3:6), x = c(rep(0.2, 8), rep(0.5, 4)),
                            dims = c(4, 8))
  proj <- Projection(pop1, pop2, "exc", synapse = oja)
  proj$connect_from_sparse(m)
  compile()
  expect_equal(proj$dendrite(2)$w, rep(0.2, 8))       # test_get_w: w[0]; test_get_dendrite_w
  expect_equal(proj$dendrite(4)$w, rep(0.5, 4))       # w[1]
  expect_equal(proj$tau[[1]], rep(5000, 8))           # test_get_tau: tau[0], tau[1]
  expect_equal(proj$tau[[2]], rep(5000, 4))
  expect_equal(proj$get("tau")[c(1, 9)], c(5000, 5000))  # test_get_tau_2
  expect_equal(proj$alpha, c(8, 8))                   # test_get_alpha
  expect_equal(proj$get("alpha")[proj$post_ranks], c(8, 8))  # test_get_alpha_2
  expect_identical(proj$size, 2L)                     # test_get_size
  expect_identical(proj$post_ranks, c(2L, 4L))        # test_get_post_ranks: [1, 3]
})

test_that("parallel_run() copies carry dendrite writes and monitors of synaptic variables", {
  proj <- api_model()
  mon <- Monitor(proj$dendrite(3), c("w", "tau"))
  proj$alpha <- 2
  compile()
  dendrite(proj, 3)$w <- c(1, 2)
  dendrite(proj, 3)$tau <- 10
  run <- function(idx, net) {
    net$simulate(2)
    list(w = net[[proj]]$dendrite(3)$w, rec = unclass(net[[mon]]$get("w")), tau = net[[proj]]$tau,
         alpha = net[[proj]]$alpha[[1]])
  }
  seq_res <- parallel_run(run, number = 2, backend = "sequential")
  fork_res <- parallel_run(run, number = 2, backend = "fork", max_processes = 2)
  expect_identical(fork_res, seq_res)
  r <- seq_res[[1]]
  expect_equal(r$tau, c(5000, 10, 5000))
  expect_equal(r$alpha, c(2, 2, 2))
  expect_equal(nrow(r$rec), 2)
  expect_equal(unname(r$rec[1, ]), c(1, 2) * (1 - 1 / 10), tolerance = 1e-12)
  expect_equal(r$w, unname(r$rec[2, ]))
})
