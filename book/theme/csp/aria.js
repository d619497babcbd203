// mdBook's inline script that applies ARIA attributes once the sidebar and its toggle exist,
// moved into a file (strict CSP). `sidebar` comes from body.js.
document.getElementById('mdbook-sidebar-toggle').setAttribute('aria-expanded', sidebar === 'visible');
document.getElementById('mdbook-sidebar').setAttribute('aria-hidden', sidebar !== 'visible');
Array.from(document.querySelectorAll('#mdbook-sidebar a')).forEach(function (link) {
    link.setAttribute('tabIndex', sidebar === 'visible' ? 0 : -1);
});

// The sidebar toggle is a <label> with role="button" and tabindex="0" in this theme (ARIA does
// not allow aria-expanded on a plain label): let Enter and Space work it like a button.
(function () {
    const toggle = document.getElementById('mdbook-sidebar-toggle');
    toggle.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            toggle.click();
        }
    });
})();
