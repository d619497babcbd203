//! The closed sets of values a profile is made of: BizTalk versions and editions, operating
//! systems, SQL Server versions, deployment features and hotfix choices.
//!
//! Each value has a stable id (what profiles, URLs and the rules data use) and a label (what a
//! person reads). The rules' build step (`bts-rules-data`) checks and translates the TOML rules
//! data with these same types, so the data and the code cannot disagree on an id.

/// A closed set of values with stable ids and labels: every enum of this file implements it
/// (through `vocabulary!`), and everything that lists, parses or prints values goes through it:
/// the command line's `vocab`, profile validation and the web advisor.
pub trait Vocabulary: Copy + PartialEq + Eq + Ord + 'static {
    /// Every value, in the order the documentation lists them.
    const ALL: &'static [Self];
    /// The stable id used in profiles, URLs and the rules data.
    fn id(self) -> &'static str;
    /// The name a BizTalk administrator knows it by.
    fn label(self) -> &'static str;
    /// The value with this id, if there is one.
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }
    /// The accepted ids, comma-separated, for error messages.
    fn accepted_ids() -> String {
        Self::ALL.iter().map(|v| v.id()).collect::<Vec<_>>().join(", ")
    }
}

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($id:literal, $label:literal), )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            /// Every value, in the order the documentation lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            // `id` and `label` are never inlined: inlined, each crate that calls them (this one,
            // the rules, the web crate) carried its own copy of every id and label in the WASM.

            /// The stable id used in profiles, URLs and the rules data.
            #[inline(never)]
            pub const fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)* }
            }

            /// The name a BizTalk administrator knows it by.
            #[inline(never)]
            pub const fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }

            /// The value with this id, if there is one. A search of `ALL`, not a `match` on
            /// strings: the WASM is smaller so (advisor/web/SIZE.md).
            pub fn from_id(id: &str) -> Option<Self> {
                $name::ALL.iter().copied().find(|v| v.id() == id)
            }

            /// The accepted ids, comma-separated, for error messages.
            pub fn accepted_ids() -> String {
                <Self as Vocabulary>::accepted_ids()
            }
        }

        impl Vocabulary for $name {
            const ALL: &'static [$name] = $name::ALL;
            #[inline]
            fn id(self) -> &'static str { $name::id(self) }
            #[inline]
            fn label(self) -> &'static str { $name::label(self) }
            #[inline]
            fn from_id(id: &str) -> Option<Self> { $name::from_id(id) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.id())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

vocabulary! {
    /// A BizTalk Server release.
    pub enum Version {
        Bts2013 = ("2013", "BizTalk Server 2013"),
        Bts2013R2 = ("2013r2", "BizTalk Server 2013 R2"),
        Bts2016 = ("2016", "BizTalk Server 2016"),
        Bts2020 = ("2020", "BizTalk Server 2020"),
    }
}

impl Version {
    /// Versions an upgrade can start from.
    pub const SOURCES: &'static [Version] = &[Version::Bts2013, Version::Bts2013R2, Version::Bts2016];
    /// Versions an upgrade can end in.
    pub const TARGETS: &'static [Version] = &[Version::Bts2016, Version::Bts2020];
}

vocabulary! {
    /// A BizTalk Server edition.
    pub enum Edition {
        Evaluation = ("evaluation", "Evaluation"),
        Branch = ("branch", "Branch"),
        Developer = ("developer", "Developer"),
        Standard = ("standard", "Standard"),
        Enterprise = ("enterprise", "Enterprise"),
    }
}

vocabulary! {
    /// The operating system the current BizTalk Server runs on.
    pub enum OperatingSystem {
        WindowsServer2022 = ("windows-server-2022", "Windows Server 2022"),
        WindowsServer2019 = ("windows-server-2019", "Windows Server 2019"),
        WindowsServer2016 = ("windows-server-2016", "Windows Server 2016"),
        WindowsServer2012R2 = ("windows-server-2012-r2", "Windows Server 2012 R2"),
        WindowsServer2012 = ("windows-server-2012", "Windows Server 2012"),
        Windows11 = ("windows-11", "Windows 11"),
        Windows10 = ("windows-10", "Windows 10"),
        Windows81 = ("windows-8.1", "Windows 8.1"),
        Windows8 = ("windows-8", "Windows 8"),
        Windows7Sp1 = ("windows-7-sp1", "Windows 7 SP1"),
    }
}

vocabulary! {
    /// The SQL Server version that hosts the BizTalk databases.
    pub enum SqlServer {
        SqlServer2022 = ("sql-server-2022", "SQL Server 2022"),
        SqlServer2019 = ("sql-server-2019", "SQL Server 2019"),
        SqlServer2017 = ("sql-server-2017", "SQL Server 2017"),
        SqlServer2016 = ("sql-server-2016", "SQL Server 2016"),
        SqlServer2014 = ("sql-server-2014", "SQL Server 2014"),
        SqlServer2012Sp1 = ("sql-server-2012-sp1", "SQL Server 2012 SP1"),
        SqlServer2012 = ("sql-server-2012", "SQL Server 2012"),
        SqlServer2008R2Sp1 = ("sql-server-2008-r2-sp1", "SQL Server 2008 R2 SP1"),
    }
}

vocabulary! {
    /// The service pack a SQL Server instance runs at, as `SERVERPROPERTY('ProductLevel')` gives
    /// it. Only SQL Server 2008 R2 to 2016 had service packs.
    pub enum SqlLevel {
        Rtm = ("rtm", "RTM (no service pack)"),
        Sp1 = ("sp1", "Service Pack 1"),
        Sp2 = ("sp2", "Service Pack 2"),
        Sp3 = ("sp3", "Service Pack 3"),
        Sp4 = ("sp4", "Service Pack 4"),
    }
}

impl SqlLevel {
    /// The service pack number (RTM is 0).
    pub const fn service_pack(self) -> u8 {
        self as u8
    }
}

vocabulary! {
    /// The edition of the SQL Server instance that hosts the BizTalk databases.
    pub enum SqlEdition {
        Enterprise = ("enterprise", "SQL Server Enterprise"),
        Standard = ("standard", "SQL Server Standard"),
        Developer = ("developer", "SQL Server Developer"),
        Evaluation = ("evaluation", "SQL Server Evaluation"),
        Express = ("express", "SQL Server Express"),
        Web = ("web", "SQL Server Web"),
    }
}

impl OperatingSystem {
    /// Windows Server releases run only on 64-bit computers, so they imply the `x64` feature.
    pub const fn is_windows_server(self) -> bool {
        use OperatingSystem::*;
        matches!(self, WindowsServer2022 | WindowsServer2019 | WindowsServer2016 | WindowsServer2012R2 | WindowsServer2012)
    }
}

vocabulary! {
    /// A SQL Server release, whatever its service pack: what SQL Server's own upgrade paths are
    /// written in. Listed oldest first, so `<` means "older than".
    pub enum SqlRelease {
        Sql2008 = ("2008", "SQL Server 2008"),
        Sql2008R2 = ("2008-r2", "SQL Server 2008 R2"),
        Sql2012 = ("2012", "SQL Server 2012"),
        Sql2014 = ("2014", "SQL Server 2014"),
        Sql2016 = ("2016", "SQL Server 2016"),
        Sql2017 = ("2017", "SQL Server 2017"),
        Sql2019 = ("2019", "SQL Server 2019"),
        Sql2022 = ("2022", "SQL Server 2022"),
    }
}

impl SqlRelease {
    /// The last service pack Microsoft shipped for this release; `None` for SQL Server 2017 and
    /// later, which have cumulative updates only. (SQL Server 2008 SP4, 2008 R2 SP3, 2012 SP4,
    /// 2014 SP3 and 2016 SP3 are the last ones; the SQL Server upgrade paths page of
    /// ../shared/sources names each as an upgrade minimum.)
    pub const fn last_service_pack(self) -> Option<u8> {
        match self {
            SqlRelease::Sql2008 | SqlRelease::Sql2012 => Some(4),
            SqlRelease::Sql2008R2 | SqlRelease::Sql2014 | SqlRelease::Sql2016 => Some(3),
            SqlRelease::Sql2017 | SqlRelease::Sql2019 | SqlRelease::Sql2022 => None,
        }
    }
}

impl SqlServer {
    /// The release this value names.
    pub const fn release(self) -> SqlRelease {
        use SqlServer::*;
        match self {
            SqlServer2022 => SqlRelease::Sql2022,
            SqlServer2019 => SqlRelease::Sql2019,
            SqlServer2017 => SqlRelease::Sql2017,
            SqlServer2016 => SqlRelease::Sql2016,
            SqlServer2014 => SqlRelease::Sql2014,
            SqlServer2012Sp1 | SqlServer2012 => SqlRelease::Sql2012,
            SqlServer2008R2Sp1 => SqlRelease::Sql2008R2,
        }
    }

    /// The service pack the value names (`sql-server-2012-sp1`: 1); `None` where the profile
    /// does not say, in which case a minimum service pack is named as something to check.
    pub const fn service_pack(self) -> Option<u8> {
        match self {
            SqlServer::SqlServer2012Sp1 | SqlServer::SqlServer2008R2Sp1 => Some(1),
            _ => None,
        }
    }

    /// Whether `self` is an older SQL Server than `other` (a move from `other` to `self` would
    /// be a downgrade).
    pub fn is_older_than(self, other: SqlServer) -> bool {
        (self.release(), self.service_pack().unwrap_or(0)) < (other.release(), other.service_pack().unwrap_or(0))
    }
}

vocabulary! {
    /// Something a BizTalk deployment uses or is, which changes what its upgrade involves.
    pub enum Feature {
        MultiServer = ("multi-server", "More than one computer in the BizTalk group"),
        Cluster = ("cluster", "BizTalk runtime or SSO is clustered"),
        SsoStandalone = ("sso-standalone", "A dedicated (standalone) SSO master secret server"),
        X64 = ("x64", "64-bit BizTalk computers"),
        SqlUpgrade = ("sql-upgrade", "SQL Server is being upgraded as part of this work"),
        Bam = ("bam", "Business Activity Monitoring (BAM)"),
        BamAlerts = ("bam-alerts", "BAM Alerts"),
        BamRta = ("bam-rta", "BAM real-time aggregations"),
        BamLargeDb = ("bam-large-db", "A large BAM database"),
        BamTpe = ("bam-tpe", "BAM tracking deployed with the Tracking Profile Editor"),
        BamLivedata = ("bam-livedata", "BAM LiveData workbooks"),
        BamPortal = ("bam-portal", "The BAM portal"),
        BamScheduledDts = ("bam-scheduled-dts", "SQL Agent jobs that run BAM DTS packages"),
        Edi = ("edi", "EDI / AS2"),
        SqlAdapter = ("sql-adapter", "The old (non-WCF) SQL adapter"),
        TibcoEms = ("tibco-ems", "The TIBCO Enterprise Message Service adapter"),
        Sftp = ("sftp", "The SFTP adapter"),
        MqseriesRemoteAgent = ("mqseries-remote-agent", "MQSAgent installed on a remote WebSphere MQ server"),
        Msmq = ("msmq", "The MSMQ adapter"),
        Sharepoint = ("sharepoint", "The SharePoint adapter"),
        Soap = ("soap", "The SOAP adapter"),
        O365Adapters = ("o365-adapters", "The Office 365 adapters (BizTalk Server 2016 Feature Pack)"),
        RestApi = ("rest-api", "The Management Service / Operational Data Service (2016 Feature Pack)"),
        Hl7 = ("hl7", "The HL7 accelerator"),
        Swift = ("swift", "The SWIFT accelerator"),
        CustomBindings = ("custom-bindings", "User-defined custom WCF bindings"),
        CustomConfig = ("custom-config", "Custom edits in BizTalk configuration files"),
        BreCustomExe = ("bre-custom-exe", "A custom executable that references the BizTalk Server 2010 Business Rule Engine assembly"),
        DevTools = ("dev-tools", "Visual Studio and the BizTalk developer tools on the computer"),
        OlderVsOrNet45 = ("older-vs-or-net45", "An older Visual Studio or .NET Framework 4.5 on the computer"),
    }
}

vocabulary! {
    /// How the features are grouped when a person picks them.
    pub enum FeatureGroup {
        Topology = ("topology", "Topology"),
        Bam = ("bam", "Business Activity Monitoring"),
        Adapters = ("adapters", "Adapters"),
        Accelerators = ("accelerators", "Accelerators"),
        Customisations = ("customisations", "Customisations"),
        DeveloperTools = ("developer-tools", "Developer tools"),
    }
}

impl Feature {
    /// The group a feature is shown in.
    pub const fn group(self) -> FeatureGroup {
        use Feature::*;
        match self {
            MultiServer | Cluster | SsoStandalone | X64 | SqlUpgrade => FeatureGroup::Topology,
            Bam | BamAlerts | BamRta | BamLargeDb | BamTpe | BamLivedata | BamPortal | BamScheduledDts => FeatureGroup::Bam,
            Edi | SqlAdapter | TibcoEms | Sftp | MqseriesRemoteAgent | Msmq | Sharepoint | Soap | O365Adapters | RestApi => {
                FeatureGroup::Adapters
            }
            Hl7 | Swift => FeatureGroup::Accelerators,
            CustomBindings | CustomConfig | BreCustomExe => FeatureGroup::Customisations,
            DevTools | OlderVsOrNet45 => FeatureGroup::DeveloperTools,
        }
    }

    /// The feature this one implies: every BAM sub-feature means BAM is in use, and a cluster or
    /// a standalone SSO server means more than one computer in the group.
    pub const fn implied(self) -> Option<Feature> {
        match self {
            Feature::Cluster | Feature::SsoStandalone => Some(Feature::MultiServer),
            Feature::Bam => None,
            _ if matches!(self.group(), FeatureGroup::Bam) => Some(Feature::Bam),
            _ => None,
        }
    }
}

vocabulary! {
    /// Which packages a hotfix or cumulative update is shipped as.
    pub enum Downloads {
        X86Only = ("x86-only", "Only an x86 download"),
        X86AndX64 = ("x86-and-x64", "Separate x86 and x64 downloads"),
    }
}

vocabulary! {
    /// A computer's processor architecture.
    pub enum Architecture {
        X86 = ("x86", "32-bit (x86)"),
        X64 = ("x64", "64-bit (x64)"),
    }
}

vocabulary! {
    /// How a hotfix is taken back out.
    pub enum Rollback {
        Uninstall = ("uninstall", "Uninstall it from Add or Remove Programs"),
        RestoreDatabases = ("restore-databases", "Uninstall it and restore every BizTalk database"),
    }
}

vocabulary! {
    /// What the documentation says about one cell of a compatibility table.
    pub enum Support {
        Yes = ("yes", "Yes"),
        No = ("no", "No"),
        NotListed = ("not-listed", "Not listed"),
    }
}

vocabulary! {
    /// Where a checklist step belongs in the upgrade. Steps are shown in this order.
    pub enum UpgradePhase {
        Plan = ("plan", "Plan"),
        Before = ("before", "Before the upgrade"),
        Prepare = ("prepare", "Prepare the computers"),
        Upgrade = ("upgrade", "Run the upgrade"),
        Post = ("post", "After the upgrade"),
        KnownIssue = ("known-issue", "If something goes wrong"),
    }
}

vocabulary! {
    /// Where a step belongs when installing a hotfix. Steps are shown in this order.
    pub enum HotfixPhase {
        Before = ("before", "Before installing"),
        Install = ("install", "Install"),
        After = ("after", "After installing"),
        Rollback = ("rollback", "If you must roll back"),
    }
}

vocabulary! {
    /// The answer to "can I upgrade?".
    pub enum Verdict {
        /// Every check of every hop says yes for the environment as it stands.
        Supported = ("supported", "Supported"),
        /// Every check passes once the listed moves (a SQL Server upgrade) are done first.
        Prerequisites = ("prerequisites", "Supported after prerequisites"),
        /// Some check can only be met by a new environment or another target edition.
        Blocked = ("blocked", "Blocked"),
    }
}

vocabulary! {
    /// The columns of a compatibility check.
    pub enum CheckArea {
        Os = ("os", "Operating system"),
        Sql = ("sql", "SQL Server"),
        Edition = ("edition", "Edition"),
    }
}

vocabulary! {
    /// A fact about a hotfix installation that decides whether a hotfix step applies.
    pub enum HotfixCondition {
        SqlScript = ("sql-script", "The update carries a SQL script"),
        NoSqlScript = ("no-sql-script", "The update carries no SQL script"),
        MultiServer = ("multi-server", "More than one computer in the BizTalk group"),
        SingleServer = ("single-server", "A single BizTalk computer"),
        IisAdapters = ("iis-adapters", "The HTTP, SOAP, WSE or WCF adapters are in use"),
        IsolatedHostHeavy = ("isolated-host-heavy", "The isolated host is used heavily"),
        SeparateDownloads = ("separate-downloads", "The update ships separate x86 and x64 downloads"),
        /// The update planner (a `version` in the profile) found an update to install.
        UpdatePlanned = ("update-planned", "An update from the catalogue is to be installed"),
        /// The update planner found the group already on the target update.
        UpToDate = ("up-to-date", "The group already runs the update it would install"),
        MqseriesRemoteAgent = ("mqseries-remote-agent", "MQSAgent is installed on a remote WebSphere MQ server"),
        /// `dev-tools` is used and an update in the plan asks developers for the Visual Studio extension.
        VisualStudioExtension = ("visual-studio-extension", "An update in the plan asks developers to install the Visual Studio extension"),
    }
}
