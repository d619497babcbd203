// mdBook's three inline scripts at the top of <body>, moved into a file (strict CSP). Loaded
// synchronously right after #mdbook-sidebar-toggle-anchor, before any content is shown.

// Work around some values being stored in localStorage wrapped in quotes.
try {
    const stored_theme = localStorage.getItem('mdbook-theme');
    const stored_sidebar = localStorage.getItem('mdbook-sidebar');
    if (stored_theme && stored_theme.startsWith('"') && stored_theme.endsWith('"')) {
        localStorage.setItem('mdbook-theme', stored_theme.slice(1, stored_theme.length - 1));
    }
    if (stored_sidebar && stored_sidebar.startsWith('"') && stored_sidebar.endsWith('"')) {
        localStorage.setItem('mdbook-sidebar', stored_sidebar.slice(1, stored_sidebar.length - 1));
    }
} catch (e) { }

// Set the theme before any content is loaded (prevents a flash of the wrong theme).
const default_theme = window.matchMedia('(prefers-color-scheme: dark)').matches ? default_dark_theme : default_light_theme;
let theme;
try { theme = localStorage.getItem('mdbook-theme'); } catch (e) { }
if (theme === null || theme === undefined) { theme = default_theme; }
const html = document.documentElement;
html.classList.remove(default_light_theme);
html.classList.add(theme);
html.classList.add('js');
// A profile in the address (a shared link to an advisor: #from=...&to=... or ?servers=...): the
// advisor's prerendered answer is the default profile's, so advisor.css hides it until the app
// has drawn the link's answer. Set here, before the page's content is parsed, so the wrong answer
// is never painted (the advisor loader runs only after the content is parsed).
if (location.hash.indexOf('=') !== -1 || location.search.indexOf('=') !== -1) {
    html.classList.add('bts-profile-link');
}

// Hide or show the sidebar before it is displayed.
let sidebar = null;
const sidebar_toggle = document.getElementById('mdbook-sidebar-toggle-anchor');
if (document.body.clientWidth >= 1080) {
    try { sidebar = localStorage.getItem('mdbook-sidebar'); } catch (e) { }
    sidebar = sidebar || 'visible';
} else {
    sidebar = 'hidden';
    sidebar_toggle.checked = false;
}
if (sidebar === 'visible') {
    sidebar_toggle.checked = true;
} else {
    html.classList.remove('sidebar-visible');
}
