# 两条命令：make report（准备环境并生成示例报告）和 make test（准备环境并运行测试）。
PY := .venv/bin/python
WITH_OFFICE ?= 0
AUTHORING := .venv/bin/authoring
EXAMPLES := $(wildcard inputs/*.yaml)

.PHONY: setup report test bench check-templates clean

setup:
	@WITH_OFFICE=$(WITH_OFFICE) bash scripts/setup.sh

report: setup
	$(AUTHORING) build $(EXAMPLES) -o outputs

test: WITH_OFFICE=1
test: setup
	$(AUTHORING) check $(EXAMPLES)
	$(AUTHORING) templates check
	$(PY) scripts/build_docx_templates.py --check
	$(PY) scripts/profile_reference.py --check
	$(PY) -m pytest -q

bench: setup
	$(PY) scripts/bench.py

check-templates: setup
	$(AUTHORING) templates check
	$(PY) scripts/build_docx_templates.py --check

clean:
	rm -rf outputs/* .pytest_cache
