# Views by coordinates on 2-D and 3-D geometries, and the conversions
# between ranks and coordinates. Expected ranks: ANNarchy 4.7.3's
# PopulationView.ranks and Population.rank_from_coordinates /
# coordinates_from_rank for Population((4, 5)) and Population((3, 4, 2)),
# printed 0-based there and + 1 here (coordinates + 1 too).

views_setup <- function() {
  clear()
  Reg <- Neuron(parameters = "tau = 10.0\nI = 1.5", equations = "tau * dv/dt = -v + I",
                spike = "v > 1", reset = "v = 0")
  list(g2 = Population(c(4, 5), Reg), g3 = Population(c(3, 4, 2), Reg))
}

test_that("2-D views give ANNarchy's row-major ranks", {
  p <- views_setup()
  g2 <- p$g2
  # ANNarchy g2[1:3, 1] -> [6, 11]
  expect_equal(g2[2:3, 2]$ranks, c(6, 11) + 1L)
  # g2[:, 2] -> [2, 7, 12, 17]
  expect_equal(g2[, 3]$ranks, c(2, 7, 12, 17) + 1L)
  # g2[2, :] -> [10, 11, 12, 13, 14]
  expect_equal(g2[3, ]$ranks, 10:14 + 1L)
  # g2[0:4:2, 1:5:2] -> [1, 3, 11, 13]
  expect_equal(g2[c(1, 3), c(2, 4)]$ranks, c(1, 3, 11, 13) + 1L)
  expect_equal(g2[2:3, 2]$geometry, c(2L, 1L))
  expect_equal(g2[, ]$ranks, 1:20)
  expect_equal(g2[]$ranks, 1:20)
  # a single neuron by coordinates: ANNarchy g2[1, 3].rank == 8
  expect_equal(g2[2, 4]$ranks, 9L)
  # ranks as before
  expect_equal(g2[7:8]$ranks, 7:8)
  # negative: all but those coordinates (R's convention)
  expect_equal(g2[-1, 3]$ranks, c(7, 12, 17) + 1L)
  expect_equal(g2[c(FALSE, TRUE, TRUE, FALSE), 2]$ranks, c(6, 11) + 1L)
  expect_error(g2[5, 1], "coordinate 1 of population .* must be in 1..4")
  expect_error(g2[1, 6], "coordinate 2 .* must be in 1..5")
  expect_error(g2[c(-1, 2), 1], "cannot be mixed")
  expect_error(g2[1, 2, 3], "has 2 dimension")
  expect_error(g2[1.5, 1], "whole numbers")
})

test_that("3-D views give ANNarchy's row-major ranks", {
  g3 <- views_setup()$g3
  # g3[0:2, 1:3, 1] -> [3, 5, 11, 13]
  expect_equal(g3[1:2, 2:3, 2]$ranks, c(3, 5, 11, 13) + 1L)
  # g3[:, 2, :] -> [4, 5, 12, 13, 20, 21]
  expect_equal(g3[, 3, ]$ranks, c(4, 5, 12, 13, 20, 21) + 1L)
  # g3[1, :, 0:2] -> [8, ..., 15]
  expect_equal(g3[2, , 1:2]$ranks, 8:15 + 1L)
  # g3[:, :, 1] -> [1, 3, ..., 23]
  expect_equal(g3[, , 2]$ranks, seq(1, 23, by = 2) + 1L)
  expect_equal(g3[, 3, ]$geometry, c(3L, 1L, 2L))
  expect_error(g3[1, 2], "has 3 dimension")
})

test_that("rank_from_coordinates() and coordinates_from_rank() are ANNarchy's, 1-based", {
  p <- views_setup()
  # ANNarchy: g2.rank_from_coordinates((2, 3)) == 13, ((3, 4)) == 19
  expect_equal(rank_from_coordinates(p$g2, c(3, 4)), 14L)
  expect_equal(p$g2$rank_from_coordinates(c(4, 5)), 20L)
  expect_equal(rank_from_coordinates(p$g2, rbind(c(3, 4), c(4, 5))), c(14L, 20L))
  # g3.rank_from_coordinates((1, 2, 1)) == 13, ((2, 3, 0)) == 22
  expect_equal(rank_from_coordinates(p$g3, c(2, 3, 2)), 14L)
  expect_equal(rank_from_coordinates(p$g3, c(3, 4, 1)), 23L)
  # coordinates_from_rank(13): g2 (2, 3), g3 (1, 2, 1); g3 rank 23: (2, 3, 1)
  expect_equal(coordinates_from_rank(p$g2, 14), c(3L, 4L))
  expect_equal(p$g3$coordinates_from_rank(14), c(2L, 3L, 2L))
  expect_equal(coordinates_from_rank(p$g3, c(14, 24)), rbind(c(2L, 3L, 2L), c(3L, 4L, 2L)))
  expect_equal(rank_from_coordinates(p$g3, coordinates_from_rank(p$g3, 1:24)), 1:24)
  expect_equal(p$g2[2, ]$rank_from_coordinates(c(1, 1)), 1L)
  expect_error(rank_from_coordinates(p$g2, c(5, 1)), "out of range")
  expect_error(rank_from_coordinates(p$g2, c(1, 1, 1)), "2 whole number")
  expect_error(coordinates_from_rank(p$g2, 21), "1..20")
  expect_error(rank_from_coordinates(1, 1), "`pop` must be a population")
})

test_that("views by coordinates read and write the right neurons, and monitor them", {
  p <- views_setup()
  g2 <- p$g2
  m <- Monitor(g2[, 2], "v")
  expect_equal(m$ranks, c(2L, 7L, 12L, 17L))
  compile()
  g2$v <- (0:19) / 10
  # ANNarchy: g2.v = arange(20).reshape(4, 5) / 10; g2[1:3, 1:3].get('v')
  # -> [0.6, 0.7, 1.1, 1.2]; .set({'v': 5.0}) sets ranks 6, 7, 11, 12.
  vw <- g2[2:3, 2:3]
  expect_equal(vw$get("v"), c(0.6, 0.7, 1.1, 1.2))
  vw$set(list(v = 5))
  expect_equal(g2$v, c(0, 0.1, 0.2, 0.3, 0.4, 0.5, 5, 5, 0.8, 0.9, 1, 5, 5, 1.3, 1.4,
                       1.5, 1.6, 1.7, 1.8, 1.9))
  simulate(1)
  expect_equal(colnames(m$get("v")), c("2", "7", "12", "17"))
})
