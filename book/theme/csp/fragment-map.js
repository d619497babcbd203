// Redirects a moved section's old #fragment to its new page (mdBook's inline script, moved into
// a file). The map comes from this tag's data-fragment-map attribute as JSON.
(function () {
    let fragmentMap = {};
    try {
        fragmentMap = JSON.parse(document.currentScript.dataset.fragmentMap || '{}');
    } catch (e) { }
    document.addEventListener('DOMContentLoaded', function () {
        const target = fragmentMap[window.location.hash];
        if (target) {
            window.location.replace(new URL(target, window.location.href).href);
        }
    });
})();
