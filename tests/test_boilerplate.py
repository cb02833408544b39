"""Text two departments submitted verbatim: the Panyu 政协 and 人大 reports share whole passages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from authoring.boilerplate import (Document, SharedText, bench_boilerplate, describe, document_from, find_shared,
                                   normalise, synthetic_documents)
from authoring.pipeline import check_file

ROOT = Path(__file__).resolve().parent.parent


def _docs(folder: str, pattern: str = "*.yaml") -> list[Document]:
    return [document_from(check_file(p)) for p in sorted((ROOT / folder).glob(pattern))]


def _rel(name: str) -> str:
    return str(ROOT / name)


def test_the_two_panyu_examples_share_passages_and_the_same_score_and_conclusion():
    pairs = find_shared(_docs("inputs"))
    assert len(pairs) == 1  # no other example shares a sentence with any other
    pair = pairs[0]
    assert (pair.a, pair.b) == (_rel("inputs/panyu-renda-2023.yaml"), _rel("inputs/panyu-zhengxie-2023.yaml"))
    assert [(t.line_a, t.line_b, t.text[:12]) for t in pair.texts] == [
        (63, 59, "根据全面实施绩效管理以及"),  # 自评结论: the same sentence but for the department's own name
        (131, 136, "建立了较为完善的预算管理"),
        (133, 138, "预算执行过程中，按区财政"),
        (135, 140, "按照政府采购工作的相关要"),
        (137, 142, "按要求落实了国有资产清查"),
        (141, 146, "一是要进一步加强预算编制"),
    ]
    assert pair.texts[0].text.endswith("区人大常委会积极推进预算绩效管理，有效开展部门整体绩效和项目绩效等各项管理工作。"
                                       "2023年度较好完成了年度的履行职能职责和各项重点工作任务，整体支出绩效情况较为理想。")
    assert (pair.coverage_a, pair.coverage_b) == (Decimal("0.0990"), Decimal("0.0943"))
    assert pair.same_score_and_conclusion  # both 93.4, and the same conclusion sentence
    lines = describe(pair)
    assert lines[0] == (f"警告：{pair.a} 与 {pair.b} 有 6 处文字相同，占前者全文的 9.90%、后者的 9.43%；"
                        "总分相同且评价结论有相同的句子（是否照抄了另一个部门的报告？）")
    assert lines[2] == "  第 131 行 ↔ 第 136 行：建立了较为完善的预算管理制度，在日常开支中严格控制“三公”经……（共 62 字）"


def test_the_published_panyu_reports_share_more_than_ten_sentences_typos_included():
    docs = _docs("tests/seeds", "panyu-*.yaml")
    [pair] = find_shared(docs)
    shared = "".join(t.text for t in pair.texts)
    assert shared.count("。") > 10
    assert "规范政府采购行政和政府采购工作挥了积极作用。" in shared  # the same typo in both
    assert pair.same_score_and_conclusion  # no indicators: the 总分 typed, 93.4 in both


def test_a_copy_under_another_department_is_found_with_its_lines(tmp_path):
    source = (ROOT / "inputs/panyu-zhengxie-2023.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "copy.yaml"
    copy.write_text(source.replace("中国人民政治协商会议广州市番禺区委员会办公室", "广州市番禺区某某局")
                    .replace("区政协办公室", "区某某局"), encoding="utf-8")
    original = document_from(check_file(ROOT / "inputs/panyu-zhengxie-2023.yaml"))
    [pair] = find_shared([original, document_from(check_file(copy))])
    assert {pair.a, pair.b} == {str(copy), str(ROOT / "inputs/panyu-zhengxie-2023.yaml")}  # in the order of the paths
    assert pair.coverage_a > Decimal("0.75") and pair.coverage_b > Decimal("0.75")  # headings are too short to count
    assert pair.texts[0].line_a == pair.texts[0].line_b


def test_normalising_ignores_punctuation_spaces_and_width():
    assert normalise("Ａ， ｂ　１２３。“测试”；") == normalise("a,b 123.测试") == "ab123测试"


def _doc(name: str, sentences: list[str], total: str | None = None, conclusion: str | None = None) -> Document:
    return Document(name, name, total, conclusion, [(s, i + 1) for i, s in enumerate(sentences)])


SHARED = "全年共组织开展专题调研活动十二次，形成调研报告八份。"


def test_a_sentence_in_more_than_half_of_ten_or_more_documents_is_boilerplate():
    own = [f"本部门第{i}号的专有表述，与任何其他部门都不相同的一句话。" for i in range(12)]
    common = [_doc(f"{i:02d}.yaml", [own[i]] + ([SHARED] if i < 7 else [])) for i in range(12)]
    assert find_shared(common) == []
    rare = [_doc(f"{i:02d}.yaml", [own[i]] + ([SHARED] if i < 3 else [])) for i in range(12)]
    assert [(p.a, p.b) for p in find_shared(rare)] == [("00.yaml", "01.yaml"), ("00.yaml", "02.yaml"),
                                                       ("01.yaml", "02.yaml")]


def test_short_sentences_do_not_count_and_consecutive_ones_merge():
    a = _doc("a.yaml", ["加强党的建设。", SHARED, "第二句也是照抄另一个部门的文字的。", "本部门自己写的一句话，没有照抄。"])
    b = _doc("b.yaml", ["加强党的建设。", "另一句本部门自己写的话，和甲不同。", SHARED, "第二句也是照抄另一个部门的文字的。"])
    [pair] = find_shared([b, a])
    assert pair.texts == [SharedText(SHARED + "第二句也是照抄另一个部门的文字的。", 2, 3)]
    assert not pair.same_score_and_conclusion


def test_same_score_and_conclusion_is_flagged_even_without_other_shared_text():
    conclusion = "本年度较好完成了各项重点工作任务，整体绩效良好。"
    a = _doc("a.yaml", ["甲部门自己写的一句话，不同于乙部门。"], "95", conclusion)
    b = _doc("b.yaml", ["乙部门自己写的一句话，不同于甲部门。"], "95", conclusion)
    c = _doc("c.yaml", ["丙部门自己写的一句话，不同于其他部门。"], "94", conclusion)
    [pair] = find_shared([a, b, c])
    assert (pair.a, pair.b, pair.texts, pair.same_score_and_conclusion) == ("a.yaml", "b.yaml", [], True)


def test_a_sentence_the_profile_writes_is_not_copying(write):
    head = "地区: national\n年度: 2023\n部门简称: {0}\n部门全称: 某市{0}\n"
    body = ("部门职能: 负责本行业管理工作。\n存在问题: 无。\n改进措施: 无。\n"
            "自评结论: 2023年度{0}部门整体支出绩效自评得分95分，评级为“优”。\n")
    docs = [document_from(check_file(write(head.format(n) + body.format(n), f"{i}.yaml")))
            for i, n in enumerate(["甲局", "乙局"])]
    assert all(d.standard == frozenset({1}) for d in docs)
    assert find_shared(docs) == []


def test_the_order_of_pairs_does_not_depend_on_the_order_of_documents():
    docs = synthetic_documents(40, sentences_each=20)
    assert find_shared(docs) == find_shared(list(reversed(docs)))


def test_the_benchmark_reports_its_counts():
    out = bench_boilerplate(30)
    assert (out["documents"], out["pairs"]) == (30, 3)
    assert out["sentences"] == 30 * 120


def test_a_sentence_repeated_thousands_of_times_in_two_documents_stays_cheap():
    a = _doc("a.yaml", [SHARED] * 5000)
    b = _doc("b.yaml", [SHARED] * 5000)
    [pair] = find_shared([a, b])
    assert pair.texts[0] == SharedText(SHARED * 8, 1, 1)  # the first places, paired in order
    assert len(pair.texts) <= 8


def test_a_long_sentence_against_a_wording_of_many_blanks_takes_linear_time():
    from authoring.boilerplate import _fits

    pieces = ("年",) + ("万元",) * 30 + ("完",)
    assert not _fits(pieces, "年" + "万" * 200_000 + "完")  # a regular expression would backtrack for ever
    assert _fits(("", "年度", "得分", "分"), "2023年度某局得分95分")  # {{ 年度 }}年度{{ 简称 }}得分{{ 总分 }}分
    assert not _fits(("", "年度", "得分", "分"), "2023年度某局得分95分以上")
