library(testthat)
library(annr)

test_check("annr")
