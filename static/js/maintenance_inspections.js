/* Maintenance row editors (inspections and budgets): add a row to a Django formset. Bound from data-
   attributes (the CSP forbids inline scripts): a button [data-add-row=PREFIX] appends the content of
   <template id="PREFIX-row-template"> to tbody[data-rows=PREFIX] and bumps PREFIX-TOTAL_FORMS. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) return;
    var prefix = button.getAttribute("data-add-row");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var maxForms = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById(prefix + "-row-template");
    var rows = document.querySelector("tbody[data-rows='" + prefix + "']");
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10);
    if (maxForms && index >= parseInt(maxForms.value, 10)) return;
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("input[type=text], input:not([type])");
    if (first) first.focus();
  });

  /* A checklist row marked OK needs no severity or description: dim them (they are ignored when saved). */
  function sync(row) {
    var problem = row.querySelector("input[type=radio][value=problem]");
    var isProblem = problem && problem.checked;
    row.querySelectorAll("[data-problem-only]").forEach(function (el) {
      el.classList.toggle("opacity-50", !isProblem);
    });
  }
  document.addEventListener("change", function (event) {
    var row = event.target.closest("[data-finding-row]");
    if (row) sync(row);
  });
  document.querySelectorAll("[data-finding-row]").forEach(sync);
})();
