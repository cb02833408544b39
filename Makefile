# 两条命令：make report（准备环境并生成示例报告）和 make test（准备环境并运行测试）。
PY := .venv/bin/python
WITH_OFFICE ?= 0
AUTHORING := .venv/bin/authoring
EXAMPLES := $(wildcard inputs/*.yaml)

.PHONY: setup report test fuzz bench check-templates clean

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
	$(PY) -m pytest -q  # 含 tests/test_install.py：构建 wheel，装进仓库外的新虚拟环境运行 check/init/schema/profiles/build

# 随机变异 inputs/ 的例子 10000 次（make test 中是固定的 150 次），检查 check 始终给出带位置的问题、退出码 0/1/2
fuzz: setup
	AUTHORING_FUZZ_EXAMPLES=$${AUTHORING_FUZZ_EXAMPLES:-10000} $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: WITH_OFFICE=1
bench: setup
	$(PY) scripts/bench.py
	$(PY) scripts/bench_batch.py

check-templates: setup
	$(AUTHORING) templates check
	$(PY) scripts/build_docx_templates.py --check

clean:
	rm -rf outputs/* .pytest_cache
