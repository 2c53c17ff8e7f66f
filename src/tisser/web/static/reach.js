// Copy buttons of the drafts (reach and events pages): tisser never sends anything itself.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var id = button.getAttribute("data-copy");
    var area = document.getElementById(id);
    if (!area) return;
    var done = function () {
      var note = document.querySelector('[data-copied="' + id + '"]');
      if (note) note.hidden = false;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(done, function () {
        area.select();
        document.execCommand("copy");
        done();
      });
    } else {
      area.select();
      document.execCommand("copy");
      done();
    }
  });
})();
