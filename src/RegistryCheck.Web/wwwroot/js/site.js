// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    // Forms that undo something ask first (withdraw a report, reset a password...).
    document.addEventListener("submit", function (event) {
        var form = event.target;
        var question = form && form.getAttribute && form.getAttribute("data-confirm");
        if (question && !window.confirm(question)) {
            event.preventDefault();
        }
    });
    // A submitted form cannot be sent twice by a double tap on a slow phone.
    document.addEventListener("submit", function (event) {
        if (event.defaultPrevented) { return; }
        var buttons = event.target.querySelectorAll("button[type=submit]");
        window.setTimeout(function () {
            buttons.forEach(function (b) { b.disabled = true; });
        }, 0);
        // A download leaves the page in place: give the buttons back.
        window.setTimeout(function () {
            buttons.forEach(function (b) { b.disabled = false; });
        }, 4000);
    });
})();
