/* Activity editor: live narrative preview, "add another row" for inline formsets, and paste
 * from Word (the narrative keeps what the report prints; notes become footnote rows).
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

  // --- insert a figure or a note call from a menu: no markup to learn -------------------
  var tools = form.querySelector(".insert-tools");
  var figureMenu = document.getElementById("insertar-cifra");
  var noteMenu = document.getElementById("insertar-nota");
  var narrativeBox = form.querySelector("textarea[name='narrative']");

  function insertAtCursor(text) {
    narrativeBox.focus();
    narrativeBox.setRangeText(text, narrativeBox.selectionStart, narrativeBox.selectionEnd, "end");
    narrativeBox.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function option(menu, value, label) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = label;
    menu.appendChild(item);
  }

  function rebuildMenus() {
    var figureValue = figureMenu.value;
    var noteValue = noteMenu.value;
    figureMenu.textContent = "";
    noteMenu.textContent = "";
    var labels = figureMenu.dataset;
    form.querySelectorAll("fieldset[data-formset='figures'] input[name$='-name']").forEach(
      function (input) {
        var name = input.value.trim();
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
          return;
        }
        option(figureMenu, "{{ " + name + " }}", name + ": " + labels.total);
        option(figureMenu, "{{ " + name + ".mujeres }}", name + ": " + labels.women);
        option(figureMenu, "{{ " + name + ".hombres }}", name + ": " + labels.men);
      }
    );
    option(figureMenu, "{{ ejercicio }}", labels.year);
    form.querySelectorAll("fieldset[data-formset='footnotes'] input[name$='-key']").forEach(
      function (input) {
        var key = input.value.trim();
        if (/^[a-z_][a-z0-9_]*$/.test(key)) {
          option(noteMenu, "[^" + key + "]", key);
        }
      }
    );
    figureMenu.value = figureValue || figureMenu.value;
    noteMenu.value = noteValue || noteMenu.value;
    document.getElementById("insertar-nota-boton").disabled = !noteMenu.options.length;
  }

  if (tools && figureMenu && noteMenu && narrativeBox) {
    tools.hidden = false;
    rebuildMenus();
    form.addEventListener("input", function (event) {
      if (event.target !== narrativeBox) {
        rebuildMenus();
      }
    });
    form.addEventListener("click", function (event) {
      if (event.target.classList && event.target.classList.contains("formset-add")) {
        rebuildMenus();
      }
    });
    document.getElementById("insertar-cifra-boton").addEventListener("click", function () {
      if (figureMenu.value) {
        insertAtCursor(figureMenu.value);
      }
    });
    document.getElementById("insertar-nota-boton").addEventListener("click", function () {
      if (noteMenu.value) {
        insertAtCursor(noteMenu.value);
      }
    });
  }

  // --- paste from Word: the server keeps what the report prints -------------------------
  var narrative = form.querySelector("textarea[name='narrative']");
  var pasteUrl = form.getAttribute("data-paste-url");
  var pasteStatus = document.getElementById("pegado");

  function addNotes(notes) {
    var fieldset = form.querySelector("fieldset[data-formset='footnotes']");
    if (!fieldset || !notes.length) {
      return 0;
    }
    var taken = {};
    fieldset.querySelectorAll("input[name$='-key']").forEach(function (input) {
      taken[input.value] = true;
    });
    var added = 0;
    notes.forEach(function (note) {
      if (taken[note.key]) {
        return;
      }
      // An empty row if there is one, else a new row from the formset's template.
      var empty = null;
      fieldset.querySelectorAll(".formset-rows input[name$='-key']").forEach(function (input) {
        var row = input.closest(".inline-row");
        var text = row && row.querySelector("textarea[name$='-text'], input[name$='-text']");
        if (!empty && !input.value && text && !text.value) {
          empty = { key: input, text: text };
        }
      });
      if (!empty) {
        fieldset.querySelector("button.formset-add").click();
        var keys = fieldset.querySelectorAll(".formset-rows input[name$='-key']");
        var texts = fieldset.querySelectorAll(
          ".formset-rows textarea[name$='-text'], .formset-rows input[name$='-text']"
        );
        empty = { key: keys[keys.length - 1], text: texts[texts.length - 1] };
      }
      empty.key.value = note.key;
      empty.text.value = note.text;
      taken[note.key] = true;
      added += 1;
    });
    return added;
  }

  if (narrative && pasteUrl) {
    narrative.addEventListener("paste", function (event) {
      var clipboard = event.clipboardData;
      if (!clipboard) {
        return;
      }
      var html = clipboard.getData("text/html");
      var text = clipboard.getData("text/plain");
      if (!html && !text) {
        return;
      }
      event.preventDefault();
      var start = narrative.selectionStart;
      var end = narrative.selectionEnd;
      var data = new FormData();
      data.append("html", html || "");
      data.append("text", text || "");
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      fetch(pasteUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { text: text || "", notes: [] };
        })
        .catch(function () {
          return { text: text || "", notes: [] };
        })
        .then(function (pasted) {
          narrative.setRangeText(pasted.text, start, end, "end");
          var added = addNotes(pasted.notes || []);
          if (pasteStatus) {
            pasteStatus.textContent = added
              ? pasteStatus.getAttribute("data-notes").replace("__N__", String(added))
              : "";
          }
          narrative.dispatchEvent(new Event("input", { bubbles: true }));
        });
    });
  }
})();
