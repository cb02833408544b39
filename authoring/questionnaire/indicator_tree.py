"""绩效指标 as one tree, whichever way the clerk wrote it.

A tree nests 下级. A flat list, as a 自评表 prints it, names each leaf's 一级指标 (and
二级指标); its items are grouped in order of first appearance, a group's weight is the
sum of its leaves', and what is said about a group points at the first item naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from authoring.questionnaire.indicators import Indicator

ROOT = ("绩效指标",)


@dataclass
class Node:
    name: str
    weight: Decimal
    path: tuple  # the item this node is, or for a flat group the first item naming it
    source: Indicator | None  # None for a group made from a flat list
    children: list[Node] = field(default_factory=list)
    fields: dict[str, tuple] = field(default_factory=dict)  # where a flat group's keys point

    @property
    def derived(self) -> bool:
        """A group made from a flat list: its weight is the sum of its leaves, it has no 得分 of its own."""
        return self.source is None


@dataclass(frozen=True)
class TreeProblem:
    path: tuple
    message: str


def indicator_tree(items: list[Indicator]) -> tuple[list[Node], list[TreeProblem]]:
    problems: list[TreeProblem] = []
    tops: list[Node] = []
    groups: dict[tuple, Node] = {}
    first_flat = _is_flat(items[0]) if items else False
    for i, ind in enumerate(items):
        path = ROOT + (i,)
        flat = _is_flat(ind)
        if flat != first_flat:
            problems.append(TreeProblem(path + (("一级指标",) if flat else ("名称",)), _mixed(first_flat)))
        if not flat:
            tops.append(_tree_node(ind, path, problems))
            continue
        if ind.children:
            problems.append(TreeProblem(path + ("下级",), "平铺写法的指标（填了一级指标）不能再有下级：下级写成平铺的各项，填上同样的一级指标、二级指标"))
        level1 = ind.level1
        if level1 is None:
            problems.append(TreeProblem(path + ("二级指标",), "填了二级指标，也要填它所属的一级指标"))
            level1 = ind.level2
        parent = _group(groups, tops, (level1,), path, "一级指标")
        if ind.level1 is not None and ind.level2 is not None:
            parent = _group(groups, parent.children, (level1, ind.level2), path, "二级指标")
        parent.children.append(_tree_node(ind, path, problems))
    for node in groups.values():
        node.weight = sum((leaf.weight for leaf in _leaves(node)), Decimal(0))
    return tops, problems


def _is_flat(ind: Indicator) -> bool:
    return ind.level1 is not None or ind.level2 is not None


def _mixed(first_flat: bool) -> str:
    first = "平铺写法（每项填一级指标）" if first_flat else "树形写法（一级指标用下级）"
    other = "树形写法" if first_flat else "平铺写法"
    return f"绩效指标的平铺写法和树形写法不能混用：第1项是{first}，本项是{other}，请统一"


def _group(groups: dict, siblings: list[Node], key: tuple, path: tuple, name_key: str) -> Node:
    if key not in groups:
        at = path + (name_key,)
        groups[key] = Node(key[-1], Decimal(0), path, None,
                           fields={"名称": at, "分值": at, "得分": at, "下级": at})
        siblings.append(groups[key])
    return groups[key]


def _tree_node(ind: Indicator, path: tuple, problems: list[TreeProblem]) -> Node:
    node = Node(ind.name, ind.weight, path, ind)
    for j, child in enumerate(ind.children or []):
        child_path = path + ("下级", j)
        for key, value in (("一级指标", child.level1), ("二级指标", child.level2)):
            if value is not None:
                problems.append(TreeProblem(child_path + (key,), f"树形写法的下级指标不填{key}（层级由“下级”表示）"))
        node.children.append(_tree_node(child, child_path, problems))
    return node


def _leaves(node: Node) -> list[Node]:
    return [node] if not node.children else [leaf for c in node.children for leaf in _leaves(c)]
