/* Pantau RB: evidence chosen in the report form itself.
   - checks each chosen file's size and type before anything is sent (the server checks again),
   - lists the chosen files, each with a "hapus" button, so a wrong file is removed before saving,
   - sends the form with XMLHttpRequest to show the upload's progress; the server answers a saved
     report with {"location": ...} and a refused one with the page and its messages.
   - with tus-js-client (static/vendor/tus-js-client), sends each chosen file ahead in 1 MB pieces to
     monev/uploads.py first: a dropped connection is retried and resumes where it stopped, also after
     the page is reloaded; the form then carries only the upload ids and the SHA-256 the browser
     computed, which the server compares with the whole file it received.
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

  function showProgress(percent) {
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    progress.setAttribute("aria-valuenow", percent);
  }

  function buttons(enabled) {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = !enabled; });
  }

  function sha256(file) {
    if (!window.crypto || !window.crypto.subtle || !file.arrayBuffer) { return Promise.resolve(""); }
    return file.arrayBuffer().then(function (buffer) {
      return window.crypto.subtle.digest("SHA-256", buffer);
    }).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  // One file to the tus endpoint; resolves with its upload id. `done` bytes of earlier files count in the bar.
  function sendAhead(file, done, total) {
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    return sha256(file).then(function (hash) {
      return new Promise(function (resolve, reject) {
        var upload = new window.tus.Upload(file, {
          endpoint: form.dataset.uploadEndpoint,
          chunkSize: 1024 * 1024,
          retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
          metadata: { filename: file.name, sha256: hash },
          headers: { "X-CSRFToken": csrf },
          removeFingerprintOnSuccess: true,
          onProgress: function (sent) { showProgress(Math.round(100 * (done + sent) / total)); },
          onError: reject,
          onSuccess: function () { resolve(upload.url.replace(/\/+$/, "").split("/").pop()); }
        });
        upload.findPreviousUploads().then(function (previous) {
          if (previous.length) { upload.resumeFromPreviousUpload(previous[0]); }  // after a reload
          upload.start();
        });
      });
    });
  }

  function sendAllAhead() {
    var total = chosen.reduce(function (sum, file) { return sum + file.size; }, 0) || 1;
    var ids = [];
    var done = 0;
    return chosen.reduce(function (previous, file) {
      return previous.then(function () {
        return sendAhead(file, done, total).then(function (id) { ids.push(id); done += file.size; });
      });
    }, Promise.resolve()).then(function () { return ids; });
  }

  form.addEventListener("submit", function (event) {
    var photos = form.querySelector("input[type=file][name=photos]");
    var photoCount = photos && photos.files ? photos.files.length : 0;
    if (!window.FormData || (!chosen.length && !photoCount)) { return; }  // nothing to upload: an ordinary post
    event.preventDefault();
    var submitter = event.submitter && event.submitter.name;
    var resumable = chosen.length && window.tus && window.tus.isSupported && form.dataset.uploadEndpoint;
    if (!resumable) { post(submitter); return; }
    progress.hidden = false;
    buttons(false);
    sendAllAhead().then(function (ids) {
      form.querySelector("input[name=uploads]").value = ids.join(",");
      chosen = [];
      sync();  // the files went ahead: the form itself carries only their ids
      post(submitter);
    }, function () {
      progress.hidden = true;
      problems.textContent = "Unggahan terputus dan belum dapat dilanjutkan. Periksa sambungan lalu tekan simpan lagi: " +
        "unggahan berlanjut dari bagian yang sudah terkirim; laporan belum disimpan.";
      buttons(true);
    });
  });

  function post(submitter) {
    var data = new FormData(form);
    if (submitter) { data.append(submitter, ""); }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    progress.hidden = false;
    buttons(false);
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) { return; }
      showProgress(Math.round(100 * e.loaded / e.total));
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
      buttons(true);
    });
    request.send(data);
  }
})();
