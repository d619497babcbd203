//! How fast a profile becomes a report. The browser advisor recomputes on every change, so a
//! full report must take well under 20 µs. `cargo xtask test` runs this benchmark and checks the
//! `evaluate_upgrade/one_report_all_features_two_hops` estimate against that target.

use std::hint::black_box;

use bts_rules::testing::{TODAY, every_hotfix_profile, every_upgrade_profile};
use bts_rules::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate_upgrade");
    // The heaviest single report: two hops, every feature, so every step is considered twice.
    let heaviest = UpgradeProfile {
        from: Version::Bts2013R2,
        to: Version::Bts2020,
        edition: Edition::Developer,
        to_edition: Some(Edition::Enterprise),
        os: OperatingSystem::WindowsServer2012R2,
        sql: SqlServer::SqlServer2014,
        sql_target: None,
        features: Feature::ALL.iter().copied().collect(),
        ..UpgradeProfile::default()
    };
    group.throughput(Throughput::Elements(1));
    group.bench_function("one_report_all_features_two_hops", |b| b.iter(|| evaluate_upgrade(black_box(&heaviest), TODAY)));

    let feature_sets: [FeatureSet; 3] = [
        FeatureSet::new(),
        [Feature::MultiServer, Feature::Bam, Feature::Sftp, Feature::X64].into_iter().collect(),
        Feature::ALL.iter().copied().collect(),
    ];
    let profiles = every_upgrade_profile(&feature_sets);
    group.throughput(Throughput::Elements(profiles.len() as u64));
    group.sample_size(10);
    group.bench_function("every_combination", |b| {
        b.iter(|| profiles.iter().map(|p| evaluate_upgrade(black_box(p), TODAY).steps.len()).sum::<usize>())
    });
    group.finish();

    let mut hotfix = c.benchmark_group("evaluate_hotfix");
    let hotfix_profiles = every_hotfix_profile();
    hotfix.throughput(Throughput::Elements(hotfix_profiles.len() as u64));
    hotfix.bench_function("every_combination", |b| {
        b.iter(|| hotfix_profiles.iter().map(|p| evaluate_hotfix(black_box(p)).steps.len()).sum::<usize>())
    });
    hotfix.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
