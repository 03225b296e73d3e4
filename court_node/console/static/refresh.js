// While an asynchronous answer is owed (the bank answers later), reload the case page every few seconds.
// Never while someone is filling in a form, nor over a refusal that is being shown: then offer a button.
(function () {
  "use strict";
  var note = document.getElementById("waiting");
  if (!note) { return; }
  var seconds = parseInt(note.getAttribute("data-refresh-seconds"), 10) || 2;
  var url = note.getAttribute("data-refresh-url");
  var held = note.hasAttribute("data-paused");
  var how = note.querySelector("[data-refresh-note]");

  function pause() {
    if (held && how.querySelector("button")) { return; }
    held = true;
    how.textContent = "Reloading paused while a form is in use. ";
    var again = document.createElement("button");
    again.type = "button";
    again.textContent = "Reload now";
    again.addEventListener("click", function () { window.location.replace(url); });
    how.appendChild(again);
  }

  if (held) { pause(); }
  document.addEventListener("input", pause);
  window.setTimeout(function () { if (!held) { window.location.replace(url); } }, seconds * 1000);
}());
