//! The route: the documented upgrades from one version to another, hop by hop, and the edition
//! carried through them.

use crate::vocabulary::*;
use crate::{DocumentedUpgrade, data};

/// The documented upgrades to go through from `from` to `to`, in order. Empty when there is no
/// way forward (which validation rules out for accepted profiles).
pub fn route(from: Version, to: Version) -> Vec<&'static DocumentedUpgrade> {
    let mut hops = Vec::new();
    let mut at = from;
    while at < to {
        // The nearest documented upgrade that starts from where we are and does not overshoot.
        let Some(next) = data::DOCUMENTED_UPGRADES.iter().filter(|u| u.from.contains(&at) && u.to <= to).min_by_key(|u| u.to) else {
            return Vec::new();
        };
        hops.push(next);
        at = next.to;
    }
    hops
}

/// Editions the route can end in: every edition reachable hop after hop.
pub(super) fn reachable_editions(upgrades: &[&DocumentedUpgrade], edition: Edition) -> Vec<Edition> {
    let mut current = vec![edition];
    for upgrade in upgrades {
        current = Edition::ALL
            .iter()
            .copied()
            .filter(|target| current.iter().any(|e| upgrade.edition_support(*e, *target) == Support::Yes))
            .collect();
    }
    current
}

/// The edition at the start of each hop and at the end: `upgrades.len() + 1` entries.
///
/// With a wanted final edition, find editions hop by hop that reach it, preferring to keep the
/// current edition. Otherwise (or if it cannot be reached) each hop keeps the edition where the
/// table allows it and moves to Enterprise, which every edition can reach, where it does not;
/// an unreachable wanted edition is then the last hop's target, where its check fails.
pub(super) fn plan_editions(upgrades: &[&DocumentedUpgrade], edition: Edition, wanted: Option<Edition>) -> Vec<Edition> {
    if let Some(wanted) = wanted {
        let mut path = vec![edition];
        if find_edition_path(upgrades, wanted, &mut path) {
            return path;
        }
    }
    let mut path = vec![edition];
    for (i, upgrade) in upgrades.iter().enumerate() {
        let at = *path.last().unwrap();
        let next = match wanted {
            Some(wanted) if i + 1 == upgrades.len() => wanted,
            _ if upgrade.edition_support(at, at) == Support::Yes => at,
            _ => upgrade.reachable_editions(at).last().unwrap_or(Edition::Enterprise),
        };
        path.push(next);
    }
    path
}

fn find_edition_path(upgrades: &[&DocumentedUpgrade], wanted: Edition, path: &mut Vec<Edition>) -> bool {
    let Some((upgrade, rest)) = upgrades.split_first() else {
        return path.last() == Some(&wanted);
    };
    let at = *path.last().unwrap();
    // Keep the current edition first, then the others in table order.
    let candidates = std::iter::once(at).chain(Edition::ALL.iter().copied().filter(|e| *e != at));
    for next in candidates {
        if upgrade.edition_support(at, next) == Support::Yes {
            path.push(next);
            if find_edition_path(rest, wanted, path) {
                return true;
            }
            path.pop();
        }
    }
    false
}
