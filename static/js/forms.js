/* Pantau RB: after a refused submit, focus the first marked field (or the error message) so the
   user sees at once what to fix. No inline script: loaded from base.html. */
(function () {
  "use strict";
  var first = document.querySelector("main .is-invalid");
  var alert = document.querySelector("main .alert-danger");
  if (first) {
    first.focus();
  } else if (alert) {
    alert.setAttribute("tabindex", "-1");
    alert.focus();
  }
  // "Pilih semua" checkboxes of bulk actions
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name='" + box.dataset.selectAll + "']").forEach(function (item) {
        item.checked = box.checked;
      });
    });
  });
  // A confirmation before verifying a report without evidence
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
})();
