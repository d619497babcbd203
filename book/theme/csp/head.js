// mdBook's inline <head> script, moved into a file so the site needs no 'unsafe-inline' script.
// The values the template used to write into the code come from this tag's data attributes.
// Top-level const declarations are shared with the other classic scripts (book.js, toc.js,
// searcher.js), exactly as they were when inline.
'use strict';
const bts_head_data = document.currentScript.dataset;
const path_to_root = bts_head_data.pathToRoot || '';
const default_light_theme = bts_head_data.defaultTheme;
const default_dark_theme = bts_head_data.preferredDarkTheme;
if (bts_head_data.searchindex) {
    window.path_to_searchindex_js = bts_head_data.searchindex;
}
if (bts_head_data.playgroundCopyable === 'true') {
    window.playground_copyable = true;
}
if (bts_head_data.playgroundLineNumbers === 'true') {
    window.playground_line_numbers = true;
}
