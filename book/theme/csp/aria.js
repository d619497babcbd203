// mdBook's inline script that applies ARIA attributes once the sidebar and its toggle exist,
// moved into a file (strict CSP). `sidebar` comes from body.js.
document.getElementById('mdbook-sidebar-toggle').setAttribute('aria-expanded', sidebar === 'visible');
document.getElementById('mdbook-sidebar').setAttribute('aria-hidden', sidebar !== 'visible');
Array.from(document.querySelectorAll('#mdbook-sidebar a')).forEach(function (link) {
    link.setAttribute('tabIndex', sidebar === 'visible' ? 0 : -1);
});

// In this theme the sidebar toggle is a <button>, not mdBook's <label for> (ARIA allows neither
// role="button" nor aria-expanded on a label), so a click toggles the checkbox here. The listener
// is on the document: it runs after book.js's own click listener on the button, which expects to
// see the checkbox as it was before the click, as with the label.
document.addEventListener('click', function (event) {
    if (!event.target.closest || !event.target.closest('#mdbook-sidebar-toggle')) {
        return;
    }
    const checkbox = document.getElementById('mdbook-sidebar-toggle-anchor');
    checkbox.checked = !checkbox.checked;
    checkbox.dispatchEvent(new Event('change'));
});
