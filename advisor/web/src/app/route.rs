//! The route diagram of the upgrade advisor's answer: an ordered list of what happens in order,
//! the prerequisite moves first (a SQL Server upgrade), then the start and each hop from version
//! to version ("2013 R2 → 2016 → 2020") with the status of each of its checks. Plain HTML, so a
//! screen reader reads it as a numbered list; `advisor.css` draws it as a row of steps.

use bts_rules::{Edition, UpgradeReport, Version};

use super::el::{El, el};

fn short(version: Version) -> &'static str {
    let label = version.label();
    label.strip_prefix("BizTalk Server ").unwrap_or(label)
}

/// `ol#upgrade-route-map`: one `li.bts-route-pre` per prerequisite, the start, one
/// `li.bts-route-hop[data-hop-to]` per hop with a `span.bts-route-check[data-area][data-status]`
/// per check.
pub fn route_map(from: Version, edition: Edition, report: &UpgradeReport) -> El {
    // Loops into one Vec rather than chained iterators, one `El::children` instance (SIZE.md).
    let mut items = Vec::new();
    for pre in &report.prerequisites {
        let to: Vec<&str> = pre.to.iter().map(|s| s.label()).collect();
        let item = el("li")
            .class("bts-route-pre")
            .attr("data-prerequisite-id", pre.id);
        items.push(step(item, "First: ", pre.from.label(), format!(" → {}", to.join(" or "))).view());
    }
    let start = el("li")
        .class("bts-route-start")
        .attr("data-version", from.id());
    items.push(step(start, "Now: ", short(from), format!(" {}", edition.label())).view());
    for hop in &report.route {
        let mut checks = Vec::new();
        for check in &hop.checks {
            let text = format!("{}: {}", check.area.label(), check.status.label());
            let span = el("span")
                .class("bts-route-check")
                .attr("data-area", check.area.id())
                .attr("data-status", check.status.id());
            checks.push(span.text(text).view());
        }
        let item = el("li")
            .class("bts-route-hop")
            .attr("data-hop-to", hop.to.id())
            .attr("data-supported", if hop.is_supported() { "true" } else { "false" });
        let item = step(item, "Upgrade to: ", short(hop.to), format!(" {}", hop.to_edition.label()));
        items.push(
            item.child(el("span").class("bts-route-checks").children(checks))
                .view(),
        );
    }
    el("ol")
        .id("upgrade-route-map")
        .class("bts-route-map")
        .attr("aria-label", "Upgrade route, in order")
        .children(items)
}

/// "Upgrade to: **2016** Standard": what kind of step, the version, the rest.
fn step(item: El, kind: &'static str, name: &'static str, rest: String) -> El {
    item.child(el("span").class("bts-route-kind").text(kind))
        .child(el("strong").text(name))
        .text(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bts_rules::{SqlServer, UpgradeProfile, evaluate_upgrade};
    use leptos::prelude::*;

    fn html(profile: &UpgradeProfile) -> String {
        let report = evaluate_upgrade(profile, bts_rules::testing::TODAY);
        Owner::new().with(|| {
            route_map(profile.from, profile.edition, &report)
                .view()
                .to_html()
        })
    }

    #[test]
    fn every_hop_and_check_of_the_report_is_a_step_in_order() {
        for from in Version::SOURCES {
            for to in Version::TARGETS.iter().filter(|to| *to > from) {
                for sql in SqlServer::ALL {
                    let profile = UpgradeProfile { from: *from, to: *to, sql: *sql, ..UpgradeProfile::default() };
                    let report = evaluate_upgrade(&profile, bts_rules::testing::TODAY);
                    let html = html(&profile);
                    assert_eq!(html.matches("class=\"bts-route-hop\"").count(), report.route.len(), "{html}");
                    assert_eq!(html.matches("class=\"bts-route-pre\"").count(), report.prerequisites.len());
                    let mut at = 0;
                    for pre in &report.prerequisites {
                        let found = html[at..]
                            .find(&format!("data-prerequisite-id=\"{}\"", pre.id))
                            .expect("prerequisite shown");
                        at += found;
                    }
                    let start = html.find("bts-route-start").unwrap();
                    assert!(start >= at, "the prerequisites come before the start");
                    at = start;
                    for hop in &report.route {
                        at += html[at..]
                            .find(&format!("data-hop-to=\"{}\"", hop.to.id()))
                            .expect("hop in order");
                        for check in &hop.checks {
                            let span = format!("data-area=\"{}\" data-status=\"{}\"", check.area.id(), check.status.id());
                            at += html[at..].find(&span).expect("check in order");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_two_hop_route_reads_as_versions_in_a_row() {
        let profile = UpgradeProfile { from: Version::Bts2013R2, to: Version::Bts2020, ..UpgradeProfile::default() };
        let html = html(&profile);
        let report = evaluate_upgrade(&profile, bts_rules::testing::TODAY);
        assert_eq!(report.route.len(), 2);
        let names: Vec<&str> = std::iter::once(profile.from)
            .chain(report.route.iter().map(|h| h.to))
            .map(short)
            .collect();
        let mut at = 0;
        for name in names {
            at += html[at..]
                .find(&format!("<strong>{name}<"))
                .unwrap_or_else(|| panic!("{name} in order: {html}"));
        }
    }
}
