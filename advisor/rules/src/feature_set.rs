//! [`FeatureSet`]: the features an upgrade profile ticks, as bits.

use crate::vocabulary::Feature;

/// The features a profile ticks, in the vocabulary's order: a set of [`Feature`]s as bits. It
/// behaves as a `BTreeSet<Feature>` would (sorted, no duplicates); the browser advisor's WASM is
/// smaller without the B-tree (advisor/web/SIZE.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FeatureSet(u64);

const _: () = assert!(Feature::ALL.len() <= 64, "FeatureSet holds at most 64 features");

impl FeatureSet {
    pub const fn new() -> FeatureSet {
        FeatureSet(0)
    }

    const fn bit(feature: Feature) -> u64 {
        1 << feature as u32
    }

    /// Adds `feature`; whether it was not there before.
    pub fn insert(&mut self, feature: Feature) -> bool {
        let added = !self.contains(&feature);
        self.0 |= Self::bit(feature);
        added
    }

    /// Takes `feature` out; whether it was there.
    pub fn remove(&mut self, feature: &Feature) -> bool {
        let was = self.contains(feature);
        self.0 &= !Self::bit(*feature);
        was
    }

    pub fn contains(&self, feature: &Feature) -> bool {
        self.0 & Self::bit(*feature) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    /// The features in the set, in the vocabulary's order.
    pub fn iter(&self) -> Features {
        Features { set: *self, rest: Feature::ALL.iter() }
    }
}

impl Extend<Feature> for FeatureSet {
    fn extend<I: IntoIterator<Item = Feature>>(&mut self, features: I) {
        for feature in features {
            self.insert(feature);
        }
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(features: I) -> FeatureSet {
        let mut set = FeatureSet::new();
        set.extend(features);
        set
    }
}

impl<const N: usize> From<[Feature; N]> for FeatureSet {
    fn from(features: [Feature; N]) -> FeatureSet {
        features.into_iter().collect()
    }
}

/// The features of a [`FeatureSet`], in the vocabulary's order.
#[derive(Debug, Clone)]
pub struct Features {
    set: FeatureSet,
    rest: std::slice::Iter<'static, Feature>,
}

impl Iterator for Features {
    type Item = &'static Feature;

    fn next(&mut self) -> Option<&'static Feature> {
        self.rest.by_ref().find(|f| self.set.contains(f))
    }
}

impl IntoIterator for &FeatureSet {
    type Item = &'static Feature;
    type IntoIter = Features;

    fn into_iter(self) -> Features {
        self.iter()
    }
}

impl serde::Serialize for FeatureSet {
    /// A list of feature ids, as a `BTreeSet<Feature>` serialises.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::{Feature, FeatureSet};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    proptest! {
        /// `FeatureSet` replaced `BTreeSet<Feature>`: the same members, order, answers and JSON.
        #[test]
        fn feature_sets_behave_as_btree_sets(steps in prop::collection::vec((0..Feature::ALL.len(), any::<bool>()), 0..40)) {
            let (mut bits, mut tree) = (FeatureSet::new(), BTreeSet::new());
            for (index, add) in steps {
                let feature = Feature::ALL[index];
                if add {
                    prop_assert_eq!(bits.insert(feature), tree.insert(feature));
                } else {
                    prop_assert_eq!(bits.remove(&feature), tree.remove(&feature));
                }
                prop_assert_eq!(bits.contains(&feature), tree.contains(&feature));
            }
            prop_assert_eq!(bits.iter().collect::<Vec<_>>(), tree.iter().collect::<Vec<_>>());
            prop_assert_eq!((bits.len(), bits.is_empty()), (tree.len(), tree.is_empty()));
            prop_assert_eq!(serde_json::to_string(&bits).unwrap(), serde_json::to_string(&tree).unwrap());
            prop_assert_eq!(tree.iter().copied().collect::<FeatureSet>(), bits);
        }
    }
}
