/* Activity editor: live narrative preview and "add another row" for inline formsets.
 *
 * Plain JavaScript, loaded as a static file (the Content-Security-Policy forbids inline
 * script). Without JavaScript the form still works: the "Actualizar vista previa" button
 * posts the form and the page comes back with the preview, and one empty row per formset
 * is always offered.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.editor[data-preview-url]");
  if (!form) {
    return;
  }

  // --- inline formsets: add a row from the <template> of the empty form ---------------
  form.querySelectorAll("fieldset.formset").forEach(function (fieldset) {
    var prefix = fieldset.getAttribute("data-formset");
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = fieldset.querySelector("template.formset-empty");
    var rows = fieldset.querySelector(".formset-rows");
    var button = fieldset.querySelector("button.formset-add");
    if (!total || !template || !rows || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__num__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input, select, textarea");
      if (first) {
        first.focus();
      }
    });
  });

  // --- live preview -------------------------------------------------------------------
  var target = document.getElementById("vista-previa");
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var sequence = 0;

  function refresh() {
    var mine = ++sequence;
    var data = new FormData(form);
    data.delete("_preview");
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        // Only the latest answer counts; the fragment is HTML escaped by the server.
        if (html !== null && mine === sequence) {
          target.innerHTML = html;
        }
      })
      .catch(function () {
        /* keep the previous preview; the button still works */
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  refresh();
})();
