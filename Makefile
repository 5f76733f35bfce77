# doanthe — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= $(or $(DOANTHE_DB),data/doanthe.duckdb)
PORT ?= 8501

.PHONY: install run test bench lint format clean-sample

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# Builds the sample warehouse when there is none, creates the first admin account when there is none
# (printing its random password once), then serves the dashboard on 127.0.0.1:$(PORT).
run: install
	@if [ ! -f "$(DB)" ]; then \
		echo "Chưa có kho dữ liệu: tạo kho mẫu tại $(DB)…"; \
		$(BIN)/doanthe --db "$(DB)" init && \
		$(BIN)/doanthe sample --out data/sample && \
		$(BIN)/doanthe --db "$(DB)" load data/sample/mau_*; \
	fi
	@$(BIN)/doanthe --db "$(DB)" user ensure-admin
	$(BIN)/doanthe --db "$(DB)" serve --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

# ETL load vs DuckDB's read_csv (1M rows), then the dashboard's pages on 10M activities.
bench: install
	$(BIN)/python -m etl.bench
	$(BIN)/python -m dashboard.bench

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
