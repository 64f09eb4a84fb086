# Developer entry points. On a fresh machine:
#   make demo   installs what is missing, the package, and runs the seed network demo
#   make test   installs what is missing, the package, and runs all tests
R ?= R
RSCRIPT ?= Rscript

# annr is installed into a library of this checkout (.lib), never into the
# machine's site library: two checkouts (or an interrupted install) cannot
# lock each other out, and nothing outside the checkout is modified.
# Dependencies still go to the default library (tools/install_deps.R).
LIB := $(CURDIR)/.lib
export R_LIBS := $(LIB)$(if $(R_LIBS),:$(R_LIBS))

.PHONY: deps document install demo test test-cpp test-cluster check bench clean fuzz test-sanitize

deps:
	$(RSCRIPT) tools/install_deps.R

install: deps
	@# objects left by pkgload/devtools are built without optimisation: rebuild
	rm -f src/*.o src/*.so
	@# a lock left by an interrupted install of this checkout is stale by definition
	mkdir -p $(LIB) && rm -rf $(LIB)/00LOCK-*
	$(R) CMD INSTALL --no-test-load --library=$(LIB) . >install.log 2>&1 || (cat install.log; exit 1)
	@echo "annr installed into $(LIB) (use R_LIBS=$(LIB) to load it from scripts)"

demo: install
	$(RSCRIPT) demo/seed_network.R

test-cpp:
	$(MAKE) -C tests/cpp

test: install test-cpp
	$(RSCRIPT) tools/run_tests.R

# A one-node Slurm cluster on 127.0.0.1 (root; installs slurm-wlm and munge
# with apt-get if missing), the seed sweep through future.batchtools on it.
test-cluster: install
	bash tools/test_cluster.sh

# Regenerates NAMESPACE, man/ and RcppExports (committed; run after editing roxygen docs).
document:
	$(RSCRIPT) -e 'Rcpp::compileAttributes(); roxygen2::roxygenise()'

# R CMD check as CRAN runs it (--as-cran --run-donttest, with the PDF manual:
# needs qpdf and pdflatex, e.g. Debian's qpdf texlive-latex-base
# texlive-fonts-recommended texlive-latex-extra). Compiled without -g
# (tools/check.Makevars: a machine's choice, see there). The CRAN incoming
# checks that need the network are skipped (_R_CHECK_CRAN_INCOMING_REMOTE_);
# --as-cran always asks the network for the time to look for future file
# timestamps, which offline gives the note "unable to verify current time".
# The manual's default fonts want
# inconsolata.sty (Debian: texlive-fonts-extra, ~500 MB); without it the
# manual is typeset in R's other default fonts (R_RD4PDF=times,hyper).
# Result in check/annr.Rcheck/00check.log.
RD4PDF := $(if $(shell kpsewhich inconsolata.sty 2>/dev/null),,R_RD4PDF=times,hyper)
CHECK_ENV := R_MAKEVARS_USER=$(CURDIR)/tools/check.Makevars _R_CHECK_FORCE_SUGGESTS_=false \
  _R_CHECK_CRAN_INCOMING_REMOTE_=false $(RD4PDF)
check: deps
	rm -rf check && mkdir -p check
	cd check && $(CHECK_ENV) $(R) CMD build .. && \
	  $(CHECK_ENV) $(R) CMD check --as-cran --run-donttest annr_*.tar.gz

bench: install
	$(MAKE) -C tests/cpp bench
	$(RSCRIPT) bench/coba.R
	$(RSCRIPT) bench/seed.R

# libFuzzer over the model compiler and engine (tests/fuzz; needs clang with
# libFuzzer): FUZZ_SECONDS of fuzzing from the seed corpus, inputs up to 64 KB.
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) -C tests/fuzz run FUZZ_SECONDS=$(FUZZ_SECONDS)

# The core tests and the package built with ASan + UBSan, both suites run
# (SANITIZE_TESTS=regex: only the testthat files matching it).
test-sanitize: deps
	sh tools/test_sanitize.sh

clean:
	rm -rf check .lib install.log src/*.o src/*.so demo-output
	$(MAKE) -C tests/cpp clean
