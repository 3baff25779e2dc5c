# concession-gis: `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
# pyarrow apart from the virtual environment (test-pyarrow): with it, pandas 3 backs text with Arrow.
PYARROW_DIR := .pyarrow
OUT    ?= out/sample

export QT_QPA_PLATFORM ?= offscreen

.PHONY: install run compare test test-pyarrow bench lint sysdeps package package-test clean

# System libraries the Qt wheels load (present on most desktops; installed here when missing), and
# the command-line tools the tests read outputs back with.
sysdeps:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libGL.so.1'; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "installing system libraries for Qt (libgl1, libegl1, libxkbcommon0, libfontconfig1, libdbus-1-3)"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 >/dev/null; \
	  else echo "warning: libGL.so.1 not found; the GUI tests need it" >&2; fi; \
	fi
	@# The tests read the PDFs back with poppler (pdftotext, pdffonts) and the GeoJSON and GeoPDF with
	@# GDAL's tools (ogr2ogr, gdalinfo); without them those tests skip and show nothing (issue 18).
	@if ! command -v pdftotext >/dev/null 2>&1 || ! command -v ogr2ogr >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "installing the tools the tests read outputs back with (poppler-utils, gdal-bin)"; \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils gdal-bin >/dev/null; \
	  else echo "warning: pdftotext or ogr2ogr not found; the tests that read PDFs and GeoJSON back will skip" >&2; fi; \
	fi

$(STAMP): pyproject.toml | sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[gui,dev,bench,cluster]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/concession-gis analyze --out $(OUT)

# The sample's second snapshot (sample_data/later: the same region months later) analysed with
# the same rasters and tables, and compared with the first: out/changes/changes_es.md, change_map.pdf.
SAMPLE := sample_data
compare: run
	$(BIN)/concession-gis analyze --quiet --concessions $(SAMPLE)/later/CatastroMinero_WGS84_19S.shp \
	  --registrations $(SAMPLE)/later/REINFO_registros.csv --loss-raster $(SAMPLE)/hansen_lossyear_demo.tif \
	  --forest $(SAMPLE)/hansen_treecover2000_demo.tif --restricted $(SAMPLE)/areas_restringidas.gpkg \
	  --activity $(SAMPLE)/produccion_declarada.csv --holders $(SAMPLE)/titulares.csv \
	  --contracts $(SAMPLE)/contratos_mineros.csv --out $(OUT)-later
	$(BIN)/concession-gis compare $(OUT)/results.gpkg $(OUT)-later/results.gpkg --out out/changes

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# The analysis where pyarrow is installed too, as in many users' environments: pandas 3 then
# backs text columns with Arrow strings, which behave differently on empty tables and in
# arithmetic. pyarrow is put beside the environment, not in it, so `make test` and the bundle
# keep pandas' own strings. The window's tests are left out (the bundle carries no pyarrow).
test-pyarrow: $(STAMP)
	test -d $(PYARROW_DIR)/pyarrow || $(BIN)/python -m pip install --quiet --target $(PYARROW_DIR) pyarrow
	PYTHONPATH=$(PYARROW_DIR) $(BIN)/python -c "import pandas; assert pandas.Series(['a']).dtype.storage == 'pyarrow'"
	PYTHONPATH=$(PYARROW_DIR) $(BIN)/python -m pytest -q -m "not slow" --ignore-glob='tests/test_ui_*'

# Style, the import layers (pyproject's [tool.importlinter]) and the core's types ([tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

# The desktop bundle (issue 7): dist/concession-gis/, built with PyInstaller from packaging/.
$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[gui,dev,bench,cluster,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/concession-gis.spec
	@du -sh dist/concession-gis

# Builds the bundle when it is older than the sources, then runs it with a clean environment.
package-test: $(PACKAGE_STAMP)
	$(BIN)/python -m pytest -q -m slow tests/test_package.py

clean:
	rm -rf $(VENV) $(PYARROW_DIR) out build dist *.egg-info
