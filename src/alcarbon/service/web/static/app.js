// alcarbon web application: light progressive enhancement, no libraries, no network.
// 1. Inline validation of the Appendix C entry form while typing (the server validates again
//    and its messages are authoritative).
// 2. A confirmation before leaving a data-entry form with unsaved changes.
// 3. Adding/removing transport legs and carbonate rows (cloned from a <template>; removed rows
//    are emptied and hidden, the server skips empty rows), showing the anode-effect fields of the
//    chosen method and the sourced PFC defaults of the chosen cell technology.
// 4. Printing the verification page opens its folded long citations.
"use strict";

(function () {
  // a printed verification page shows every citation whole (verify.html folds long ones)
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.cite").forEach(function (d) { d.open = true; });
  });
  document.addEventListener("click", function (ev) {
    var add = ev.target.closest("button.add");
    if (add) {
      var tpl = document.getElementById(add.dataset.template);
      var count = document.querySelector("input[data-count='" + add.dataset.prefix + "']");
      var n = Number(count.value);
      var html = tpl.innerHTML.split("__P__").join(add.dataset.prefix).split("__J__").join(String(n));
      var body = document.getElementById(add.dataset.target);
      body.insertAdjacentHTML("beforeend", html);
      count.value = String(n + 1);
      var first = body.lastElementChild.querySelector("input:not([type=hidden])");
      if (first) { first.focus(); }
      return;
    }
    var rm = ev.target.closest("button.remove-leg");
    if (rm) {
      var row = rm.closest("tr");
      row.querySelectorAll("input:not([type=hidden])").forEach(function (i) { i.value = ""; });
      row.hidden = true;
      var form = row.closest("form");
      if (form) { form.dispatchEvent(new Event("input", { bubbles: true })); }
    }
  });

  var pe = document.getElementById("process-emissions");
  if (!pe) { return; }
  var defaults = JSON.parse(pe.dataset.pfcDefaults || "{}");
  var method = pe.querySelector("select[name='pe-anode_effect-method']");
  var tech = pe.querySelector("select[name='pe-anode_effect-technology']");
  function refresh() {
    pe.querySelectorAll("[data-methods]").forEach(function (el) {
      el.hidden = el.dataset.methods.split(" ").indexOf(method.value) < 0;
    });
    var keys = {
      "pe-anode_effect-slope": "pfc_slope.",
      "pe-anode_effect-ovc": "pfc_ovc.",
      "pe-anode_effect-c2f6_ratio": method.value === "overvoltage" ? "pfc_ovc_c2f6_ratio." : "pfc_slope_c2f6_ratio."
    };
    Object.keys(keys).forEach(function (name) {
      var input = pe.querySelector("input[name='" + name + "']");
      var d = defaults[keys[name] + tech.value];
      if (!input) { return; }
      input.placeholder = d ? d[0] : "";
      input.title = d ? d[1] : "";
    });
  }
  method.addEventListener("change", refresh);
  tech.addEventListener("change", refresh);
})();

(function () {
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var MSG = {
    number: zh ? "请输入数字" : "enter a number",
    negative: zh ? "数量不能为负" : "amount must not be negative",
    unit: zh ? "请填写单位" : "enter the unit",
    flow: zh ? "请填写物料/能源名称" : "enter the flow name",
    reason: zh ? "请填写修改原因" : "enter the reason for the change"
  };

  function message(input, text) {
    var cell = input.parentNode;
    var span = cell.querySelector(".field-error.client");
    if (!text) {
      input.classList.remove("invalid");
      if (span) { span.remove(); }
      return;
    }
    input.classList.add("invalid");
    if (!span) {
      span = document.createElement("span");
      span.className = "field-error client";
      span.setAttribute("role", "alert");
      cell.appendChild(span);
    }
    span.textContent = text;
  }

  function rowOf(input) { return input.closest("tr"); }

  function checkRow(row) {
    if (!row) { return true; }
    var flow = row.querySelector("input.flow");
    var amount = row.querySelector("input[data-validate=amount]");
    var unit = row.querySelector("input.qunit");
    var remove = row.querySelector("input[name$='-remove']");
    if (!amount || (remove && remove.checked)) { return true; }
    var ok = true;
    var a = amount.value.trim().replace(/,/g, "");
    var used = a !== "" || (flow && flow.value.trim() !== "");
    if (!used) { message(amount, ""); if (flow) { message(flow, ""); } if (unit) { message(unit, ""); } return true; }
    if (a === "" || isNaN(Number(a))) { message(amount, MSG.number); ok = false; }
    else if (Number(a) < 0) { message(amount, MSG.negative); ok = false; }
    else { message(amount, ""); }
    if (flow) { if (flow.value.trim() === "") { message(flow, MSG.flow); ok = false; } else { message(flow, ""); } }
    if (unit) { if (unit.value.trim() === "") { message(unit, MSG.unit); ok = false; } else { message(unit, ""); } }
    return ok;
  }

  var form = document.getElementById("unit-form");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function (ev) {
    dirty = true;
    if (ev.target.matches("table.entry input")) { checkRow(rowOf(ev.target)); }
  });
  form.addEventListener("submit", function (ev) {
    var ok = true;
    form.querySelectorAll("table.entry tbody tr").forEach(function (row) {
      if (!checkRow(row)) { ok = false; }
    });
    var reason = document.getElementById("reason");
    if (reason && reason.value.trim() === "") { message(reason, MSG.reason); ok = false; }
    if (!ok) { ev.preventDefault(); return; }
    dirty = false;
  });
  window.addEventListener("beforeunload", function (ev) {
    if (dirty) { ev.preventDefault(); ev.returnValue = ""; }
  });
})();

// 4. Long work shows progress and never leaves a dead button:
//    - form.async (uncertainty): posted with fetch, the button disabled with a spinner, the
//      returned HTML put into the target element (no full reload), errors in the page language;
//    - a[data-busy] (report downloads): fetched as a file, progress shown, then downloaded;
//    - form[data-busy] (workbook upload): the button disabled and a progress text shown.
(function () {
  var zh = (document.documentElement.lang || "").indexOf("zh") === 0;
  var FAILED = zh ? "操作失败" : "The request failed";
  var NETWORK = zh ? "无法连接服务器，请稍后重试。" : "The server could not be reached; try again.";

  function busy(el, text) {
    var s = document.createElement("span");
    s.className = "busy";
    s.setAttribute("role", "status");
    s.innerHTML = '<span class="spinner"></span>';
    s.appendChild(document.createTextNode(text));
    el.insertAdjacentElement("afterend", s);
    return s;
  }

  function showError(where, text) {
    var div = document.createElement("div");
    div.className = "error";
    div.setAttribute("role", "alert");
    div.textContent = text;
    where.replaceChildren(div);
  }

  document.querySelectorAll("form.async").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var target = document.getElementById(form.dataset.target);
      if (button.disabled) { return; }
      button.disabled = true;
      var note = busy(button, form.dataset.busy || "");
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                           headers: { "Accept": "text/html" } })
        .then(function (r) {
          return r.text().then(function (html) {
            if (r.headers.get("content-type") && r.headers.get("content-type").indexOf("text/html") === 0 &&
                html.indexOf("<!doctype") !== 0) {
              target.innerHTML = html;
            } else {
              showError(target, FAILED + " (" + r.status + ")");
            }
          });
        })
        .catch(function () { showError(target, NETWORK); })
        .finally(function () { button.disabled = false; note.remove(); });
    });
  });

  // form.job (PDF report, Monte Carlo, Sobol'): started as a job; a progress bar follows
  // /api/jobs/{id} until it ends, then the result (or the error) is put in place. Without
  // JavaScript the form posts normally and the job's own page (with a refresh link) opens.
  var STATES = zh ? { queued: "排队中", running: "运行中", done: "已完成", failed: "失败" }
                  : { queued: "Queued", running: "Running", done: "Done", failed: "Failed" };
  var JOB_PAGE = zh ? "任务页面" : "Job page";

  function followJob(j, target, button) {
    var box = document.createElement("div");
    box.className = "job-box";
    box.setAttribute("role", "status");
    var bar = document.createElement("progress");
    bar.max = 1;
    bar.value = 0;
    var label = document.createElement("span");
    label.className = "muted small";
    var link = document.createElement("a");
    link.href = j.page;
    link.textContent = JOB_PAGE;
    box.append(bar, " ", label, " ", link);
    target.replaceChildren(box);
    function poll() {
      fetch(j.status, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(FAILED + " (" + r.status + ")"); } return r.json(); })
        .then(function (s) {
          bar.value = s.progress;
          label.textContent = STATES[s.state] + " " + Math.round(100 * s.progress) + " %";
          if (s.state !== "done" && s.state !== "failed") { setTimeout(poll, 400); return null; }
          return fetch(j.fragment, { credentials: "same-origin", headers: { "Accept": "text/html" } })
            .then(function (r) { return r.text(); })
            .then(function (html) {
              target.innerHTML = html;
              button.disabled = false;
              var a = target.querySelector("#job-download");
              if (a) { a.click(); }
            });
        })
        .catch(function (e) {
          showError(target, e.message && e.message.indexOf(FAILED) === 0 ? e.message : NETWORK);
          button.disabled = false;
        });
    }
    poll();
  }

  document.querySelectorAll("form.job").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.fetch) { return; }
      ev.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var target = document.getElementById(form.dataset.target);
      if (button.disabled) { return; }
      button.disabled = true;
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
        .then(function (r) {
          if (r.status !== 202) { throw new Error(FAILED + " (" + r.status + ")"); }
          return r.json();
        })
        .then(function (j) { followJob(j, target, button); })
        .catch(function (e) {
          showError(target, e.message && e.message.indexOf(FAILED) === 0 ? e.message : NETWORK);
          button.disabled = false;
        });
    });
  });

  // the job's own page: follow the status, reload when the job has ended
  var jobCard = document.getElementById("job");
  if (jobCard && window.fetch && (jobCard.dataset.state === "queued" || jobCard.dataset.state === "running")) {
    var jobBar = document.getElementById("job-progress");
    (function pollPage() {
      fetch(jobCard.dataset.status, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          jobBar.value = s.progress;
          document.getElementById("job-state").textContent = STATES[s.state];
          document.getElementById("job-percent").textContent = Math.round(100 * s.progress) + " %";
          if (s.state === "done" || s.state === "failed") { window.location.reload(); } else { setTimeout(pollPage, 500); }
        })
        .catch(function () { setTimeout(pollPage, 2000); });
    })();
  }

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-busy]");
    if (!a || !window.fetch || !window.URL) { return; }
    ev.preventDefault();
    if (a.getAttribute("aria-disabled") === "true") { return; }
    var status = document.getElementById("download-status");
    a.setAttribute("aria-disabled", "true");
    status.innerHTML = '<span class="spinner"></span>';
    status.appendChild(document.createTextNode(a.dataset.busy));
    fetch(a.href, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          return r.json().then(function (j) { throw new Error(FAILED + " (" + r.status + "): " + (j.detail || "")); },
                               function () { throw new Error(FAILED + " (" + r.status + ")"); });
        }
        var cd = r.headers.get("content-disposition") || "";
        var m = /filename="([^"]+)"/.exec(cd);
        return r.blob().then(function (b) {
          var url = URL.createObjectURL(b);
          var link = document.createElement("a");
          link.href = url;
          link.download = m ? m[1] : "report";
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
          status.textContent = zh ? "报告已生成，开始下载。" : "The report is ready; the download has started.";
        });
      })
      .catch(function (e) {
        status.textContent = "";
        var div = document.createElement("div");
        div.className = "error";
        div.setAttribute("role", "alert");
        div.textContent = e.message && e.message.indexOf(FAILED) === 0 ? e.message : NETWORK;
        status.appendChild(div);
      })
      .finally(function () { a.removeAttribute("aria-disabled"); });
  });

  document.querySelectorAll("form[data-busy]:not(.async)").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (!button) { return; }
      setTimeout(function () { button.disabled = true; }, 0);  // after the submission started
      busy(button, form.dataset.busy);
    });
  });
})();
