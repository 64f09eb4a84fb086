# Developer entry points. On a fresh machine:
#   make demo   installs what is missing, the package, and runs the seed network demo
#   make test   installs what is missing, the package, and runs all tests
R ?= R
RSCRIPT ?= Rscript

.PHONY: deps document install demo test test-cpp check bench clean

deps:
	$(RSCRIPT) tools/install_deps.R

install: deps
	@# objects left by pkgload/devtools are built without optimisation: rebuild
	rm -f src/*.o src/*.so
	$(R) CMD INSTALL --no-test-load . >install.log 2>&1 || (cat install.log; exit 1)
	@echo "annr installed"

demo: install
	$(RSCRIPT) demo/seed_network.R

test-cpp:
	$(MAKE) -C tests/cpp

test: install test-cpp
	$(RSCRIPT) tools/run_tests.R

# Regenerates NAMESPACE, man/ and RcppExports (committed; run after editing roxygen docs).
document:
	$(RSCRIPT) -e 'Rcpp::compileAttributes(); roxygen2::roxygenise()'

check: deps
	rm -rf check && mkdir -p check
	cd check && $(R) CMD build .. && _R_CHECK_FORCE_SUGGESTS_=false $(R) CMD check --no-manual annr_*.tar.gz

bench: install
	$(MAKE) -C tests/cpp bench
	$(RSCRIPT) bench/coba.R
	$(RSCRIPT) bench/seed.R

clean:
	rm -rf check install.log src/*.o src/*.so demo-output
	$(MAKE) -C tests/cpp clean
