// Import progress: polls the job's progress endpoint and advances the bar; reloads when the job has finished.
(function () {
    "use strict";
    var box = document.getElementById("import-progress");
    if (!box) { return; }
    var url = box.getAttribute("data-url");
    var template = box.getAttribute("data-template") || "{0} / {1}";
    var bar = box.querySelector("progress");
    var text = document.getElementById("import-progress-text");
    var failures = 0;

    function show(p) {
        if (p.total > 0) {
            bar.max = p.total;
            bar.value = Math.min(p.processed, p.total);
        }
        if (text) {
            text.textContent = template.replace("{0}", p.processed).replace("{1}", p.total > 0 ? p.total : "?");
        }
    }

    function poll() {
        fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
            .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
            .then(function (p) {
                failures = 0;
                show(p);
                if (p.finished) {
                    window.location.reload();
                    return;
                }
                window.setTimeout(poll, 1000);
            })
            .catch(function () {
                failures++;
                window.setTimeout(poll, Math.min(10000, 1000 * (failures + 1)));
            });
    }

    window.setTimeout(poll, 500);
})();
