// Behaviour that pages ask for with data attributes, so that no page carries inline script (the
// Content-Security-Policy runs scripts from this site's own files only).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  // "Back" links lead home when there is no page to go back to.
  document.querySelectorAll("a[data-history-back]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
    });
  });
});
