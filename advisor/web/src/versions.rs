//! What the forms and links need to know of BizTalk Server versions beyond the rules crate's
//! API: where an upgrade from a version can go. (A candidate for `bts_rules::Version` itself.)

use bts_rules::Version;

/// The upgrade targets seen from a current version.
pub trait UpgradeTargets {
    /// The nearest upgrade target newer than this version: where the form and a link move a
    /// target that is not newer than the current version. (BizTalk Server 2020 is newer than
    /// every version an upgrade starts from.)
    fn next_target(self) -> Version;
}

impl UpgradeTargets for Version {
    fn next_target(self) -> Version {
        Version::TARGETS
            .iter()
            .copied()
            .find(|t| *t > self)
            .unwrap_or(Version::Bts2020)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_target_is_the_nearest_newer_one() {
        for from in Version::SOURCES {
            let next = from.next_target();
            assert!(Version::TARGETS.contains(&next) && next > *from, "{from:?} -> {next:?}");
            assert!(Version::TARGETS.iter().all(|t| *t <= *from || *t >= next), "a nearer target than {next:?} from {from:?}");
        }
        assert_eq!(Version::Bts2013R2.next_target(), Version::Bts2016);
        assert_eq!(Version::Bts2016.next_target(), Version::Bts2020);
    }
}
