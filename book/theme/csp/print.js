// print.html opens the print dialog once loaded (mdBook's inline script, moved into a file).
window.addEventListener('load', function () {
    window.setTimeout(window.print, 100);
});
