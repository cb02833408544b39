/* 报告预览的分页：把报告的内容依次排进 A4 大小的页面（版心 156 mm × 225 mm）。
   段落在页尾可以断开，长表格按行断开并在续页重复表头；分页位置与 PDF 可能略有不同。
   Runs inside the preview document only; it reads and moves the report's own elements, nothing else. */
(function () {
  "use strict";

  var NO_LINE_START = "，。、；：？！）】》」』”’…—·%\u200b";

  function makeSheet(container, number, example) {
    var sheet = document.createElement("section");
    sheet.className = "sheet " + (number % 2 ? "odd" : "even");
    var head = document.createElement("div");
    head.className = "sheet-head";
    head.textContent = example || "";
    var body = document.createElement("div");
    body.className = "sheet-body";
    var foot = document.createElement("div");
    foot.className = "sheet-foot";
    foot.textContent = "— " + number + " —";
    sheet.appendChild(head);
    sheet.appendChild(body);
    sheet.appendChild(foot);
    container.appendChild(sheet);
    return body;
  }

  function overflows(body) {
    return body.scrollHeight > body.clientHeight + 1;
  }

  /* A paragraph whose text ends the page: as much as fits stays, the rest goes on in a copy. */
  function splitParagraph(p, body) {
    var line = p.querySelector("span.line");
    if (!line || !line.lastChild || line.lastChild.nodeType !== 3) return null;
    var textNode = line.lastChild, text = textNode.data;
    var lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = Math.ceil((lo + hi) / 2);
      textNode.data = text.slice(0, mid);
      if (overflows(body)) hi = mid - 1; else lo = mid;
    }
    if (lo === 0 && line.childNodes.length === 1) { textNode.data = text; return null; }
    /* punctuation that may not start a line goes with the character before it */
    while (lo > 1 && lo < text.length && NO_LINE_START.indexOf(text.charAt(lo)) >= 0) lo -= 1;
    textNode.data = text.slice(0, lo);
    var rest = p.cloneNode(true);
    var restLine = rest.querySelector("span.line");
    while (restLine.firstChild) restLine.removeChild(restLine.firstChild);
    restLine.appendChild(document.createTextNode(text.slice(lo)));
    rest.classList.add("continued");
    if (lo === 0) {  /* nothing of the text fits: the whole paragraph moves */
      textNode.data = text;
      return null;
    }
    return rest;
  }

  /* A long table: rows that do not fit go on in a copy that repeats the header. */
  function splitTable(block, body) {
    var rows = block.querySelectorAll("tbody > tr");
    if (rows.length < 2 || block.classList.contains("keep")) return null;
    var rest = block.cloneNode(true);
    var restBody = rest.querySelector("tbody");
    while (restBody.firstChild) restBody.removeChild(restBody.firstChild);
    var title = rest.querySelector(".table-title"), unit = rest.querySelector(".table-unit");
    if (title) title.remove();
    if (unit) unit.remove();
    var note = block.querySelector(".table-note");
    if (note) { note.remove(); rest.appendChild(note); }
    var tbody = block.querySelector("tbody");
    while (overflows(body) && tbody.rows.length > 1) {
      restBody.insertBefore(tbody.rows[tbody.rows.length - 1], restBody.firstChild);
    }
    if (overflows(body)) {  /* not even one row fits under the header here: the table moves */
      while (restBody.firstChild) tbody.appendChild(restBody.firstChild);
      if (note) block.appendChild(note);
      return null;
    }
    return rest;
  }

  function paginate() {
    var source = document.body;
    var example = source.getAttribute("data-example") || "";
    var blocks = Array.prototype.slice.call(source.children);
    var container = document.createElement("div");
    container.className = "sheets";
    source.appendChild(container);
    var number = 1;
    var body = makeSheet(container, number, example);
    var queue = blocks.slice();
    var guard = 0;
    while (queue.length && guard++ < 100000) {
      var block = queue.shift();
      body.appendChild(block);
      if (!overflows(body)) continue;
      var rest = null;
      if (block.tagName === "P") rest = splitParagraph(block, body);
      else if (block.classList && block.classList.contains("table-block")) rest = splitTable(block, body);
      if (rest) {
        queue.unshift(rest);
      } else if (body.children.length > 1) {
        body.removeChild(block);
        queue.unshift(block);
        /* a heading does not stay alone at the foot of a page */
        var last = body.lastElementChild;
        if (last && /^H[1-6]$/.test(last.tagName) && body.children.length > 1) {
          body.removeChild(last);
          queue.unshift(last);
        }
      } else {
        body.parentNode.classList.add("overfull");  /* taller than a page on its own: the sheet grows */
      }
      number += 1;
      body = makeSheet(container, number, example);
    }
    if (!body.children.length && number > 1) container.removeChild(body.parentNode);
    document.documentElement.classList.add("paged");
    try { window.parent.postMessage({ authoringPages: container.children.length }, window.location.origin); }
    catch (e) { /* shown alone, not in the page: nothing to tell */ }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    /* the fonts decide where lines break: lay out once they are there (a first layout starts their loading) */
    document.body.getBoundingClientRect();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(paginate, paginate);
    else paginate();
  }
})();
