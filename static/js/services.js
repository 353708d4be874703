/* Service catalog (第十条): add a checklist row to a new standard version (a Django formset).
   Bound from data- attributes: the CSP forbids inline scripts. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-item]");
    if (!button) return;
    var prefix = button.getAttribute("data-add-item");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var maxForms = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    var template = document.getElementById("item-row-template");
    var rows = document.querySelector("[data-item-rows]");
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10);
    if (maxForms && index >= parseInt(maxForms.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild && rows.lastElementChild.querySelector("input[type=text]");
    if (added) added.focus();
  });
})();
