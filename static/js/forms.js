/* Pantau RB: after a refused submit, focus the first marked field (or the error message) so the
   user sees at once what to fix. No inline script: loaded from base.html. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Own file picker: the chosen files' names beside the Indonesian button (core.forms.file_picker)
  document.querySelectorAll(".file-picker input[type=file]").forEach(function (input) {
    var names = input.parentNode.querySelector(".file-picker-names");
    if (!names) { return; }
    var empty = names.textContent;
    input.addEventListener("change", function () {
      var chosen = Array.prototype.map.call(input.files, function (file) { return file.name; });
      names.textContent = chosen.length ? chosen.join(", ") : empty;
    });
  });
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
