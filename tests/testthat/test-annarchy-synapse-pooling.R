# ANNarchy 4.7.3 tests/Synapse/test_Pooling.py: Pooling projections (ANNarchy.extensions.convolution).
# Pooling belongs to a later issue than issue 11: every test is skipped.

test_that("test_Pooling: test_get_size", {
  skip_later("pooling")
})

test_that("test_Pooling: test_get_post_ranks", {
  skip_later("pooling")
})

test_that("test_Pooling: test_pool", {
  skip_later("pooling")
})

test_that("test_Pooling: test_pool2", {
  skip_later("pooling")
})
