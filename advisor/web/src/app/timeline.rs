//! The support timeline: one bar per BizTalk Server version (mainstream, then extended support,
//! from `bts_rules::data::LIFECYCLES`), a line for today, and the versions of a profile marked.
//! The book's planning page and the upgrade advisor's answer both draw it from here.
//!
//! The picture is SVG markup written as one string and placed with `inner_html`: the browser's
//! HTML parser puts `<svg>` and its children into the SVG namespace, no SVG element types reach
//! the WASM (SIZE.md), and it is the same string when rendered to HTML by the book's build.
//! Every text from the data is escaped ([`crate::html`]). Colours come from the theme's CSS
//! variables through classes (`advisor.css`), black on white in print. For
//! screen readers the SVG is one image named by its `<title>` and described, with every date, by
//! its `<desc>`.

use std::fmt::Write as _;

#[cfg(not(target_arch = "wasm32"))]
use bts_rules::UpdateVersion;
use bts_rules::{Date, Version, data};

use super::el::{El, el};
use crate::html::escape;

/// What the timeline shows beyond the data.
pub struct Timeline<'a> {
    /// The prefix of the ids of its title and description (unique on the page).
    pub id: &'static str,
    pub today: Date,
    /// What the line for `today` is called: "Today", "Site built".
    pub today_label: &'static str,
    /// Versions to mark, with the word the mark gives them ("current", "target").
    pub marks: &'a [(Version, &'static str)],
    /// Whether each version's cumulative updates are ticked on its bar, the newest named. Drawn
    /// only by the book's build: the upgrade advisor's WASM carries no tick code (SIZE.md).
    pub updates: bool,
}

// Whole SVG units only: no float formatting in the WASM (SIZE.md).
// 480 units wide: at phone width (390 px) the 13-unit labels are still 10 px.
const WIDTH: i64 = 480;
const PLOT_START: i64 = 72;
const PLOT_END: i64 = 462;
const TOP: i64 = 24;
const ROW: i64 = 30;

/// The figure: a `div.bts-timeline` holding the SVG.
pub fn support_timeline(timeline: &Timeline) -> El {
    el("div").class("bts-timeline").inner_html(svg(timeline))
}

/// The first and the last day of the time axis: whole years around every lifecycle and today.
fn axis(today: Date) -> (i32, i32) {
    let first = data::LIFECYCLES
        .iter()
        .map(|l| l.start.year)
        .chain([today.year])
        .min()
        .unwrap_or(today.year);
    let last = data::LIFECYCLES
        .iter()
        .map(|l| l.extended_end.year)
        .chain([today.year])
        .max()
        .unwrap_or(today.year)
        + 1;
    (first, last)
}

/// Where a date falls on the axis, in SVG units.
fn x(date: Date, (first, last): (i32, i32)) -> i64 {
    let start = Date::new(first, 1, 1).day_number();
    let end = Date::new(last, 1, 1).day_number();
    PLOT_START + (date.day_number() - start) * (PLOT_END - PLOT_START) / (end - start)
}

/// The SVG markup.
pub fn svg(t: &Timeline) -> String {
    let range = axis(t.today);
    let rows = data::LIFECYCLES.len() as i64;
    let axis_y = TOP + rows * ROW;
    let height = axis_y + 44;
    let id = t.id;
    let mut desc = format!("Support lifecycle of BizTalk Server from {} to {}.", range.0, range.1);
    // The grid first, so that the bars are drawn over it.
    let mut out = String::new();
    let _ = write!(out, "<line class=\"bts-tl-axis\" x1=\"{PLOT_START}\" y1=\"{axis_y}\" x2=\"{PLOT_END}\" y2=\"{axis_y}\"/>");
    for year in (range.0..=range.1).step_by(2) {
        let at = x(Date::new(year, 1, 1), range);
        let _ = write!(
            out,
            "<line class=\"bts-tl-tick\" x1=\"{at}\" y1=\"{}\" x2=\"{at}\" y2=\"{}\"/><text class=\"bts-tl-year\" x=\"{at}\" y=\"{}\">{year}</text>",
            TOP - 4,
            axis_y + 4,
            axis_y + 16
        );
    }
    for (i, l) in data::LIFECYCLES.iter().enumerate() {
        let y = TOP + i as i64 * ROW;
        let mark = t
            .marks
            .iter()
            .find(|(v, _)| *v == l.version)
            .map(|(_, word)| *word);
        let name = l.version.label();
        let short = name.strip_prefix("BizTalk Server ").unwrap_or(name);
        let _ = write!(
            desc,
            " {name}: released {}, mainstream support until {}, extended support until {}.",
            l.start, l.mainstream_end, l.extended_end
        );
        let _ = write!(out, "<g class=\"bts-tl-row\" data-version=\"{}\"", l.version.id());
        if let Some(word) = mark {
            let _ = write!(desc, " It is the {word} version.");
            let _ = write!(
                out,
                " data-mark=\"{word}\"><rect class=\"bts-tl-marked\" x=\"0\" y=\"{}\" width=\"{WIDTH}\" height=\"{ROW}\" rx=\"3\"/>",
                y - 4
            );
        } else {
            out.push('>');
        }
        let (start, middle, end) = (x(l.start, range), x(l.mainstream_end, range), x(l.extended_end, range));
        let ticks = if t.updates { update_ticks(l.version, y, range, &mut desc) } else { String::new() };
        let _ = write!(
            out,
            "<text class=\"bts-tl-label\" x=\"4\" y=\"{}\">{}</text>{}\
             <rect class=\"bts-tl-mainstream\" x=\"{start}\" y=\"{y}\" width=\"{}\" height=\"16\"/>\
             <rect class=\"bts-tl-extended\" x=\"{middle}\" y=\"{y}\" width=\"{}\" height=\"16\"/>{ticks}</g>",
            y + 12,
            escape(short),
            // The mark in words under the version's name: print and screen readers need no colour.
            mark.map_or(String::new(), |word| format!("<text class=\"bts-tl-mark\" x=\"4\" y=\"{}\">{word}</text>", y + 24)),
            middle - start,
            end - middle
        );
    }
    let now = x(t.today, range);
    let anchor = if now > (PLOT_START + PLOT_END) / 2 { "end" } else { "start" };
    let _ = write!(
        out,
        "<line class=\"bts-tl-today\" data-date=\"{}\" x1=\"{now}\" y1=\"16\" x2=\"{now}\" y2=\"{axis_y}\"/>\
         <text class=\"bts-tl-today-label\" x=\"{now}\" y=\"12\" text-anchor=\"{anchor}\">{}: {}</text>",
        t.today,
        escape(t.today_label),
        t.today
    );
    let legend = axis_y + 34;
    let _ = write!(
        out,
        "<rect class=\"bts-tl-mainstream\" x=\"{PLOT_START}\" y=\"{}\" width=\"20\" height=\"10\"/><text class=\"bts-tl-legend\" x=\"{}\" y=\"{legend}\">Mainstream support</text>\
         <rect class=\"bts-tl-extended\" x=\"{}\" y=\"{}\" width=\"20\" height=\"10\"/><text class=\"bts-tl-legend\" x=\"{}\" y=\"{legend}\">Extended support</text>",
        legend - 9,
        PLOT_START + 26,
        PLOT_START + 150,
        legend - 9,
        PLOT_START + 176
    );
    let _ = write!(desc, " {}: {}.", t.today_label, t.today);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">Support timeline of BizTalk Server versions</title><desc id=\"{id}-desc\">{}</desc>{out}</svg>",
        escape(&desc)
    )
}

/// A tick on the bar of `version` for each of its cumulative updates with a date, the newest
/// named under the bar, ending at its tick (clear of the today line that follows it); the dates in `desc`. Updates without a date in the catalogue are said in
/// `desc` only: a tick needs a date, and none is guessed.
#[cfg(not(target_arch = "wasm32"))]
fn update_ticks(version: Version, y: i64, range: (i32, i32), desc: &mut String) -> String {
    let catalogue = UpdateVersion::of(version);
    let mut out = String::new();
    let mut dated = Vec::new();
    let mut undated = Vec::new();
    for u in catalogue.levels().filter(|u| u.id != "rtm") {
        let name = u.id.to_ascii_uppercase();
        let Some(released) = u.released else {
            undated.push(name);
            continue;
        };
        let at = x(released, range);
        let latest = u.id == catalogue.latest;
        let _ = write!(
            out,
            "<line class=\"bts-tl-update\" data-update=\"{}\" x1=\"{at}\" y1=\"{}\" x2=\"{at}\" y2=\"{}\"/>",
            u.id,
            y - 2,
            y + 18
        );
        if latest {
            let _ = write!(
                out,
                "<text class=\"bts-tl-update-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">newest: {name}</text>",
                at + 1,
                y + 26
            );
        }
        dated.push(format!("{name} {released}"));
    }
    if !dated.is_empty() {
        let _ = write!(desc, " Cumulative updates: {}.", dated.join(", "));
    }
    if !undated.is_empty() {
        let _ = write!(desc, " No date known for {}.", undated.join(", "));
    }
    let _ = write!(desc, " The newest update is {}.", catalogue.latest.to_ascii_uppercase());
    out
}

/// The upgrade advisor's WASM draws no ticks (its answer's timeline has `updates: false`).
#[cfg(target_arch = "wasm32")]
fn update_ticks(_version: Version, _y: i64, _range: (i32, i32), _desc: &mut String) -> String {
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::Lifecycle;

    fn timeline(today: Date, marks: &[(Version, &'static str)]) -> String {
        svg(&Timeline { id: "t", today, today_label: "Today", marks, updates: false })
    }

    fn today_x(svg: &str) -> i64 {
        let line = &svg[svg.find("bts-tl-today\"").unwrap()..];
        let x1 = &line[line.find("x1=\"").unwrap() + 4..];
        x1[..x1.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn one_bar_pair_per_version_and_every_date_in_the_text() {
        let today = Date::new(2026, 12, 2);
        let svg = timeline(today, &[]);
        assert_eq!(svg.matches("<g class=\"bts-tl-row\"").count(), data::LIFECYCLES.len());
        // One mainstream and one extended bar per version, plus the legend's pair.
        assert_eq!(svg.matches("class=\"bts-tl-mainstream\"").count(), data::LIFECYCLES.len() + 1);
        assert_eq!(svg.matches("class=\"bts-tl-extended\"").count(), data::LIFECYCLES.len() + 1);
        let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
        for l in data::LIFECYCLES {
            assert!(svg.contains(&format!("data-version=\"{}\"", l.version.id())));
            for date in [l.start, l.mainstream_end, l.extended_end] {
                assert!(desc.contains(&date.to_string()), "{date} of {} is not in the description: {desc}", l.version.label());
            }
        }
        assert!(desc.contains(&today.to_string()));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"t-title t-desc\""));
        assert!(svg.contains("viewBox=") && svg.contains("width=\"100%\""));
    }

    #[test]
    fn the_today_line_follows_the_date_within_the_bars() {
        let l = Lifecycle::of(Version::Bts2016);
        let at_end = today_x(&timeline(l.extended_end, &[]));
        let at_mainstream_end = today_x(&timeline(l.mainstream_end, &[]));
        assert!(at_mainstream_end < at_end);
        let svg = timeline(l.extended_end, &[]);
        // The line meets the end of 2016's extended bar.
        let range = axis(l.extended_end);
        assert_eq!(at_end, x(l.extended_end, range));
        let row = &svg[svg.find("data-version=\"2016\"").unwrap()..];
        let bar = &row[row.find("bts-tl-extended").unwrap()..];
        let num = |name: &str| -> i64 {
            let v = &bar[bar.find(name).unwrap() + name.len()..];
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        assert!((num(" x=\"") + num("width=\"") - at_end).abs() <= 1);
    }

    #[test]
    fn marked_versions_are_marked_in_the_picture_and_the_text() {
        let svg = timeline(Date::new(2026, 12, 2), &[(Version::Bts2013R2, "current"), (Version::Bts2020, "target")]);
        assert!(svg.contains("data-version=\"2013r2\" data-mark=\"current\""));
        assert!(svg.contains("data-version=\"2020\" data-mark=\"target\""));
        assert_eq!(svg.matches("data-mark=").count(), 2);
        assert!(svg.contains("It is the current version.") && svg.contains("It is the target version."));
    }

    #[test]
    fn the_book_ticks_each_dated_cumulative_update_and_names_the_newest() {
        let today = Date::new(2026, 12, 2);
        let svg = svg(&Timeline { id: "t", today, today_label: "Site built", marks: &[], updates: true });
        let row = |version: &str| {
            let start = svg.find(&format!("data-version=\"{version}\"")).unwrap();
            let row = &svg[start..];
            row[..row.find("</g>").unwrap()].to_string()
        };
        // From the update tables of the book (updates.md): BizTalk Server 2020 has CU1 to CU7,
        // CU7 announced on 2025-11-12; 2016 has CU1 to CU9; 2013 and 2013 R2 give no dates.
        let v2020 = row("2020");
        assert_eq!(v2020.matches("class=\"bts-tl-update\"").count(), 7, "{v2020}");
        assert!(v2020.contains("data-update=\"cu6\"") && v2020.contains(">newest: CU7</text>"), "{v2020}");
        let v2016 = row("2016");
        assert_eq!(v2016.matches("class=\"bts-tl-update\"").count(), 9, "{v2016}");
        assert!(v2016.contains(">newest: CU9</text>"));
        assert!(!row("2013").contains("bts-tl-update"), "an update without a date gets no tick");
        let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
        assert!(desc.contains("CU6 2024-11-21") && desc.contains("The newest update is CU7."), "{desc}");
        assert!(desc.contains("No date known for CU1, CU2, CU3, CU4, CU5."), "{desc}");
        // The advisor's answer draws none.
        assert!(!timeline(today, &[]).contains("bts-tl-update"));
    }
}
