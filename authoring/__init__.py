"""authoring：部门整体支出绩效自评报告生成器。"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("authoring")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
