"""Starting the preview server: bind the port, say where it is, open the browser, serve until Ctrl+C."""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
import webbrowser
from typing import Callable

from authoring.errors import UsageError
from authoring.serve.folder import Folder

DEFAULT_PORT = 8765  # tried first so that a bookmark keeps working; a free one when it is taken

Say = Callable[[str], None]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_port(typed: str | None) -> int | None:
    """None when not given (DEFAULT_PORT or a free one), 0 for "auto" or 0 (a free one), else the number."""
    if typed is None:
        return None
    if typed.strip().lower() in ("auto", "0"):
        return 0
    if not typed.strip().isdigit() or not 0 < int(typed) < 65536:
        raise UsageError(f"--port {typed}：端口应为 1 到 65535 之间的数字，或写 0、auto 自动选择")
    return int(typed)


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on host:port (0: a free port); with port None, DEFAULT_PORT when free, else a free one."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UsageError(f"--host {host}：无法识别的地址") from None
    family, _, _, _, address = infos[0]
    candidates = [port] if port is not None else [DEFAULT_PORT, 0]
    for candidate in candidates:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address[0], candidate))
            sock.listen(64)
            return sock
        except OSError as exc:
            sock.close()
            if port is None and candidate == DEFAULT_PORT:
                continue  # the default port is taken: any free one will do
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"端口 {candidate} 已被其他程序占用；请换一个（--port），或写 --port 0 自动选择") from None
            raise UsageError(f"无法在 {host}:{candidate} 上提供服务（{exc.strerror or exc}）") from None
    raise UsageError(f"无法在 {host} 上找到空闲的端口")


def serve(typed: str, host: str, port: str | None, open_browser: bool, out: Say, err: Say) -> int:
    import uvicorn

    from authoring.serve.app import create_app

    folder = Folder(typed)
    if not is_loopback(host):
        err(f"警告：--host {host}：同一网络中的任何人都能打开这个地址，读到这些问卷和报告；"
            "只在确有需要时这样做，用完请按 Ctrl+C 停止")
    sock = bind(host, parse_port(port))
    number = sock.getsockname()[1]
    shown = "127.0.0.1" if not is_loopback(host) or host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{number}/"
    what = f"文件夹 {folder.root}（{len(folder.names())} 份问卷）" if folder.is_folder else typed
    out(f"正在预览 {what}")
    out(f"请在浏览器中打开 {url}  （保存问卷后页面自动更新；按 Ctrl+C 停止）")
    if not is_loopback(host):
        out(f"同一网络中的其他电脑用本机的地址访问，端口 {number}")
    app = create_app(folder, host)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            app.state.hub.close()  # the pages' event streams end, or shutting down would wait for them
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=3,
                            ws="none")
    server = Server(config)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn hands Ctrl+C on once it has shut down: here it is the way to stop
        pass
    out("已停止预览")
    return 0
