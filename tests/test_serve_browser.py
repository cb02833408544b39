"""`authoring serve` in a real browser: Debian's Chromium, headless, driven by Selenium through chromedriver.

The test starts its own server (as a clerk would, `authoring serve 文件夹 --port 0 --no-browser`) on a copy
of an example, reads a finding, saves a change to the questionnaire and waits for the new total, downloads
the PDF, and is refused a path out of the folder. Screenshots of the two pages are kept in the test's
folder (and copied to $AUTHORING_SCREENSHOTS when set) so that the look can be checked by eye.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
EXAMPLE = ROOT / "inputs" / "zipingbiao-example-2024.yaml"
NAME = "农业农村局.yaml"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="需要 Debian 的 chromium 和 chromium-driver（make test 会安装：scripts/setup.sh）")


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as exc:  # the page is being replaced: look again
            last = exc
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {seconds} s (last: {last!r})")


@pytest.fixture
def server(tmp_path):
    """`authoring serve` on a folder with one questionnaire whose 总分 is typed wrong (S3); yields (url, folder)."""
    folder = tmp_path / "问卷"
    folder.mkdir()
    (folder / NAME).write_text(EXAMPLE.read_text(encoding="utf-8").replace("总分: 96.33", "总分: 96.34"),
                               encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "authoring", "serve", str(folder), "--port", "0", "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            url = match.group(0) if match else None
        assert url, f"the server printed no URL: {proc.stderr.read() if proc.poll() is not None else ''}"
        yield url, folder
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl+C
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise AssertionError("the server did not stop on Ctrl+C")
    assert proc.returncode == 0
    assert "已停止预览" in proc.stdout.read()


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "下载"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1440,1000", f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    driver.save_screenshot(str(path))
    keep = os.environ.get("AUTHORING_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)


def raw_get(url: str, path: str) -> str:
    """The status line for a request path sent as typed (a browser would tidy `..` away first)."""
    host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        return sock.recv(200).decode("latin-1").split("\r\n", 1)[0]


def test_the_page_follows_the_questionnaire(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    url, folder = server
    browser.get(url)
    row = browser.find_element(By.CSS_SELECTOR, "tr.status-errors")
    assert row.find_element(By.CSS_SELECTOR, ".name").text == NAME
    assert "有错误" in row.text and "96.33" in row.text
    screenshot(browser, tmp_path, "overview.png")

    browser.find_element(By.LINK_TEXT, NAME).click()
    finding = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, ".finding.error"), 10, "the finding")
    assert finding.find_element(By.CSS_SELECTOR, ".loc").text == f"{NAME}:203:5"
    assert finding.find_element(By.CSS_SELECTOR, ".field").text == "总分"
    assert "实际填写 96.34" in finding.find_element(By.CSS_SELECTOR, ".message").text
    assert browser.find_element(By.ID, "total").text == "96.33"
    wait_for(lambda: browser.find_element(By.ID, "live").get_attribute("data-state") == "on", 10, "live updates")
    browser.switch_to.frame(browser.find_element(By.ID, "preview"))
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, ".sheet")) >= 3, 15, "the preview's pages")
    assert "2024年度某县农业农村局" in browser.find_element(By.CSS_SELECTOR, "h1.title").text
    browser.switch_to.default_content()
    screenshot(browser, tmp_path, "questionnaire.png")

    # The clerk lowers a qualitative score (3.5 → 3 of 5) and types the new 总分: the page follows by itself.
    q = folder / NAME
    q.write_text(q.read_text(encoding="utf-8").replace("    得分: 3.5\n", "    得分: 3\n")
                 .replace("总分: 96.34", "总分: 95.83"), encoding="utf-8")
    wait_for(lambda: browser.find_element(By.ID, "total").text == "95.83", 15, "the new total")
    assert browser.find_elements(By.CSS_SELECTOR, ".finding") == []
    assert "没有发现问题" in browser.find_element(By.ID, "panel").text
    wait_for(lambda: browser.execute_script(
        "var f = document.getElementById('preview');"
        "return f && !f.classList.contains('loading') && f.contentDocument.body.textContent.indexOf('95.83') >= 0;"),
        20, "the new total in the preview")

    browser.find_element(By.LINK_TEXT, "下载 PDF").click()
    pdf = wait_for(lambda: [p for p in browser.downloads.iterdir() if p.suffix == ".pdf"], 60, "the PDF")[0]
    assert pdf.name == "2024年度某县农业农村局部门整体支出绩效自评表.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in folder.iterdir()) == [NAME]  # nothing written beside the questionnaire

    browser.get(url + "q/%2e%2e%2f%2e%2e%2fetc%2fpasswd")
    assert "找不到这个页面" in browser.find_element(By.TAG_NAME, "h2").text
    assert "root:" not in browser.page_source
    assert raw_get(url, "/q/../../../../etc/passwd").endswith("404 Not Found")
    assert raw_get(url, "/q/%2e%2e/%2e%2e/etc/passwd").endswith("404 Not Found")
