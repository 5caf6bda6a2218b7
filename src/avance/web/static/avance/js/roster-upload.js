// Roster upload with progress: the file goes up with XMLHttpRequest (upload progress), and
// while the server validates and writes, its status endpoint is polled. Without this script
// the form is a plain post and works the same, minus the progress bar.
(function () {
  "use strict";
  var form = document.getElementById("roster-upload");
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.crypto) {
    return;
  }
  var box = form.querySelector(".upload-progress");
  var bar = form.querySelector("progress");
  var status = form.querySelector(".upload-status");
  var button = form.querySelector("button[type=submit]");
  var tokenInput = form.querySelector("input[name=token]");
  var statusUrl = form.getAttribute("data-status-url");

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function say(text) {
    status.textContent = text;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = newToken();
    tokenInput.value = token;
    var data = new FormData(form);
    var xhr = new XMLHttpRequest();
    var polling = null;
    box.hidden = false;
    button.disabled = true;
    bar.value = 0;
    say("Subiendo el archivo…");

    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((e.loaded / e.total) * 100);
        say("Subiendo el archivo: " + bar.value + " %");
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate until the server reports
      say("Archivo recibido; procesando…");
      polling = window.setInterval(function () {
        var poll = new XMLHttpRequest();
        poll.open("GET", statusUrl + "?token=" + token);
        poll.responseType = "json";
        poll.addEventListener("load", function () {
          var s = poll.response;
          if (!s || !s.label) { return; }
          if (s.total > 0) {
            bar.max = s.total;
            bar.value = s.done;
            say(s.label + ": " + s.done.toLocaleString("es-MX") + " de " + s.total.toLocaleString("es-MX"));
          } else {
            say(s.label + "…");
          }
        });
        poll.send();
      }, 700);
    });
    xhr.addEventListener("loadend", function () {
      if (polling) { window.clearInterval(polling); }
      button.disabled = false;
      var body = xhr.response || {};
      if (xhr.status === 200 && body.redirect) {
        say("Terminado.");
        window.location.assign(body.redirect);
      } else {
        bar.value = 0;
        say(body.error || "No se pudo importar el archivo (error " + xhr.status + ").");
      }
    });
    xhr.open("POST", form.action);
    xhr.responseType = "json";
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.send(data);
  });
})();
