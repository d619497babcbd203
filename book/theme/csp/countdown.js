// The support countdown on the introduction: fills each <span data-days-until="YYYY-MM-DD"> with
// the days left until that date, counted from today in the reader's calendar, so the page never
// goes stale. The dates themselves are in the page; without scripts only they are shown. Support
// ends at the end of the day given (as in bts_rules::Lifecycle::phase_on).
(function () {
    const spans = document.querySelectorAll('[data-days-until]');
    if (spans.length === 0) {
        return;
    }
    const now = new Date();
    const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    spans.forEach(function (span) {
        const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(span.dataset.daysUntil || '');
        if (!parts) {
            return;
        }
        const end = Date.UTC(+parts[1], +parts[2] - 1, +parts[3]);
        const days = Math.round((end - today) / 86400000);
        span.dataset.days = String(days);
        if (days > 1) {
            span.textContent = days + ' days left';
        } else if (days === 1) {
            span.textContent = 'ends tomorrow';
        } else if (days === 0) {
            span.textContent = 'last day of support';
        } else {
            span.textContent = 'ended ' + -days + (days === -1 ? ' day ago' : ' days ago');
        }
    });
})();
