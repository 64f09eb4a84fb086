# ANNarchy 4.7.3 tests/Synapse/test_StructuralPlasticityEnvironment.py: creating and pruning synapses from the host language.
# Structural plasticity belongs to a later issue than issue 11: every test is skipped.

test_that("test_StructuralPlasticityEnvironment: test_prune_single_synapse", {
  skip_later("structural plasticity")
})

test_that("test_StructuralPlasticityEnvironment: test_prune_multiple_synapses", {
  skip_later("structural plasticity")
})

test_that("test_StructuralPlasticityEnvironment: test_create_single_synapse", {
  skip_later("structural plasticity")
})

test_that("test_StructuralPlasticityEnvironment: test_create_single_synapse (second definition)", {
  skip_later("structural plasticity")
})

test_that("test_StructuralPlasticityEnvironment: test_create_multiple_synapses", {
  skip_later("structural plasticity")
})

test_that("test_StructuralPlasticityEnvironment: test_prune_complete_dendrite", {
  skip_later("structural plasticity")
})
