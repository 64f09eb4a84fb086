# ANNarchy 4.7.3 tests/Synapse/test_Convolution.py: Convolution and bank-of-filters projections (ANNarchy.extensions.convolution).
# Convolution belongs to a later issue than issue 11: every test is skipped.

test_that("test_Convolution: test_get_weights", {
  skip_later("convolution")
})

test_that("test_Convolution: test_get_size", {
  skip_later("convolution")
})

test_that("test_Convolution: test_get_post_ranks", {
  skip_later("convolution")
})

test_that("test_Convolution: test_post_simple_convolution", {
  skip_later("convolution")
})

test_that("test_Convolution: test_post_max_convolution", {
  skip_later("convolution")
})

test_that("test_Convolution: test_non_linear_conv", {
  skip_later("convolution")
})

test_that("test_Convolution: test_layer_wise_conv", {
  skip_later("convolution")
})

test_that("test_Convolution: test_simple_bank_of_filters", {
  skip_later("convolution")
})

test_that("test_Convolution: test_bank_of_filters", {
  skip_later("convolution")
})
