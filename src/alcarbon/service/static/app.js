// alcarbon web application: light progressive enhancement, no libraries, no network.
// 1. Inline validation of the Appendix C entry form while typing (the server validates again
//    and its messages are authoritative).
// 2. A confirmation before leaving a data-entry form with unsaved changes.
"use strict";

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
