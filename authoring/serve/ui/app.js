/* 预览页面：文件保存后由服务器推送（server-sent events），本页重新取回问题、摘要和报告预览。 */
(function () {
  "use strict";
  var body = document.body;
  var page = body.getAttribute("data-page");
  var live = document.getElementById("live");

  function setLive(state, text) {
    if (!live) return;
    live.setAttribute("data-state", state);
    live.querySelector(".live-text").textContent = text;
  }

  function get(url) {
    return fetch(url, { cache: "no-store", headers: { "Accept": "application/json, text/html" } });
  }

  /* ---- one questionnaire ---- */
  var frames = document.getElementById("frames");
  var version = body.getAttribute("data-version");

  function swapPreview(url) {
    var old = document.getElementById("preview");
    var scroll = 0;
    try { scroll = old.contentWindow.scrollY; } catch (e) { scroll = 0; }
    var next = document.createElement("iframe");
    next.className = "preview loading";
    next.title = "报告预览";
    next.src = url;
    frames.appendChild(next);
    var shown = false;
    function show() {
      if (shown) return;
      shown = true;
      try { next.contentWindow.scrollTo(0, scroll); } catch (e) { /* another origin: keep the top */ }
      next.classList.remove("loading");
      next.id = "preview";
      if (old && old.parentNode) old.parentNode.removeChild(old);
    }
    /* paginate.js says when the pages are made; the load event is the fallback */
    window.addEventListener("message", function onMessage(event) {
      if (event.source === next.contentWindow && event.data && event.data.authoringPages) {
        window.removeEventListener("message", onMessage);
        show();
      }
    });
    next.addEventListener("load", function () { setTimeout(show, 1500); });
  }

  function refreshQuestionnaire() {
    return get(body.getAttribute("data-state-url")).then(function (response) {
      return response.json().then(function (state) { return { ok: response.ok, state: state }; });
    }).then(function (r) {
      var state = r.state;
      if (!r.ok) {
        document.getElementById("panel").innerHTML = state.panel;
        document.getElementById("actions").innerHTML = "";
        frames.hidden = true;
        var gone = document.getElementById("no-preview");
        gone.innerHTML = state.panel;
        gone.hidden = false;
        return;
      }
      if (state.version === version) return;
      version = state.version;
      document.getElementById("panel").innerHTML = state.panel;
      document.getElementById("actions").innerHTML = state.actions;
      document.getElementById("report-title").textContent = state.title;
      var noPreview = document.getElementById("no-preview");
      if (state.preview) {
        noPreview.hidden = true;
        frames.hidden = false;
        swapPreview(state.preview);
      } else {
        noPreview.innerHTML = state.no_preview;
        noPreview.hidden = false;
        frames.hidden = true;
      }
    });
  }

  /* ---- downloads: made on request, which takes a moment; the button says so ---- */
  function fileName(disposition) {
    var match = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("a[data-download]") : null;
    if (!button || !window.fetch || !window.URL || !URL.createObjectURL) return;
    event.preventDefault();
    if (button.classList.contains("busy")) return;
    var label = button.textContent;
    button.classList.add("busy");
    button.textContent = "正在生成…";
    fetch(button.href, { cache: "no-store" }).then(function (response) {
      if (!response.ok) {  /* the server's page says why, in full */
        window.location.href = button.href;
        return;
      }
      var name = fileName(response.headers.get("Content-Disposition"));
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = document.createElement("a");
        link.href = url;
        link.download = name;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      });
    }).catch(function () {
      window.location.href = button.href;
    }).then(function () {
      button.classList.remove("busy");
      button.textContent = label;
    });
  });

  /* ---- the folder's overview ---- */
  function refreshOverview() {
    var rows = document.getElementById("rows");
    return get("/overview/rows").then(function (response) {
      var shown = response.headers.get("X-Rows-Version");
      return response.text().then(function (html) {
        if (shown === rows.getAttribute("data-version")) return;  /* unchanged: keep the table as it is */
        rows.innerHTML = html;
        rows.setAttribute("data-version", shown);
      });
    });
  }

  var refresh = page === "questionnaire" ? refreshQuestionnaire : page === "overview" ? refreshOverview : null;
  if (!refresh || !window.EventSource) {
    setLive("off", "不自动更新");
    return;
  }

  var busy = false, again = false;
  function update() {
    if (busy) { again = true; return; }
    busy = true;
    refresh().catch(function () { setLive("lost", "更新失败，稍后重试"); }).then(function () {
      busy = false;
      if (again) { again = false; update(); }
    });
  }

  var events = new EventSource("/events");
  events.addEventListener("open", function () {
    setLive("on", "实时更新");
    update();  /* what changed before we were listening, or while the connection was lost */
  });
  events.addEventListener("change", function () { setLive("on", "实时更新"); update(); });
  events.addEventListener("error", function () { setLive("lost", "与预览服务的连接中断，正在重连…"); });
})();
