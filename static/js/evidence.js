/* Pantau RB: evidence chosen in the report form itself.
   - checks each chosen file's size and type before anything is sent (the server checks again),
   - lists the chosen files, each with a "hapus" button, so a wrong file is removed before saving,
   - sends the form with XMLHttpRequest to show the upload's progress; the server answers a saved
     report with {"location": ...} and a refused one with the page and its messages.
   Without JavaScript the form still posts normally. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file][name=files]");
  var list = document.getElementById("chosen-files");
  var problems = document.getElementById("file-problems");
  var progress = document.getElementById("upload-progress");
  var bar = progress ? progress.querySelector(".progress-bar") : null;
  var maxBytes = parseInt(input.dataset.maxBytes, 10);
  var accepted = input.accept.split(",").map(function (ext) { return ext.trim().toLowerCase(); });
  var chosen = [];

  function extension(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  function size(bytes) {
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function sync() {
    var transfer = new DataTransfer();
    chosen.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
    list.textContent = "";
    chosen.forEach(function (file, index) {
      var item = document.createElement("li");
      item.className = "d-flex align-items-center gap-2 py-1 chosen-file";
      var name = document.createElement("span");
      name.textContent = file.name + " (" + size(file.size) + ")";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-outline-danger ms-auto";
      remove.textContent = "Hapus";
      remove.setAttribute("aria-label", "Hapus " + file.name + " dari pilihan");
      remove.addEventListener("click", function () {
        chosen.splice(index, 1);
        sync();
      });
      item.appendChild(name);
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  input.addEventListener("change", function () {
    var refused = [];
    Array.prototype.forEach.call(input.files, function (file) {
      if (accepted.indexOf(extension(file.name)) < 0) {
        refused.push(file.name + ": jenis berkas tidak diizinkan (" + accepted.join(", ") + ").");
      } else if (file.size > maxBytes) {
        refused.push(file.name + " terlalu besar (" + size(file.size) + "); batasnya " + input.dataset.limitText + ".");
      } else if (file.size === 0) {
        refused.push(file.name + " kosong.");
      } else if (!chosen.some(function (c) { return c.name === file.name && c.size === file.size; })) {
        chosen.push(file);
      }
    });
    problems.textContent = refused.join(" ");
    input.classList.toggle("is-invalid", refused.length > 0);
    sync();
  });

  form.addEventListener("submit", function (event) {
    var photos = form.querySelector("input[type=file][name=photos]");
    var photoCount = photos && photos.files ? photos.files.length : 0;
    if (!window.FormData || (!chosen.length && !photoCount)) { return; }  // nothing to upload: an ordinary post
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, ""); }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    progress.hidden = false;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      var percent = Math.round(100 * e.loaded / e.total);
      bar.style.width = percent + "%";
      bar.textContent = percent + "%";
      progress.setAttribute("aria-valuenow", percent);
    });
    request.addEventListener("load", function () {
      var type = request.getResponseHeader("Content-Type") || "";
      if (type.indexOf("application/json") === 0) {
        window.location.assign(JSON.parse(request.responseText).location);
        return;
      }
      document.open();  // the form again, with the server's messages
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      progress.hidden = true;
      problems.textContent = "Unggahan terputus. Periksa sambungan lalu coba lagi; laporan belum disimpan.";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
    });
    request.send(data);
  });
})();
