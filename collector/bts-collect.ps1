<#
.SYNOPSIS
    Reads what the BizTalk Upgrade Advisor needs to know about this BizTalk server and its group, and
    writes it to one JSON file (format bts-inventory/1). READ-ONLY: it changes nothing.

.DESCRIPTION
    READ-ONLY BY CONSTRUCTION. This script only reads. In particular it:
      - calls no method on any WMI/CIM object (no Invoke-CimMethod, no Invoke-WmiMethod, no .InvokeMethod(),
        no .Put(), no .Delete()): it only lists instances of classes and reads their properties;
      - never queries Win32_Product (listing that class makes Windows Installer run a consistency check,
        a reconfiguration, of every installed product); installed updates come from the Uninstall registry keys;
      - starts, stops and reconfigures no service, host instance, application pool or web site;
      - writes to no registry key and to no file, except the one output file it creates (it refuses to
        overwrite an existing file);
      - sends SQL Server only the SELECT queries of the $SqlQueries table below (the same text as
        bts-collect.sql), and only to the SQL Server instances that the BizTalk group names (or that you
        name with -SqlServer / -BamSqlServer);
      - opens no other network connection: every other read is local to this computer.

    What it reads, and the rights each read needs:
      Registry  HKLM\SOFTWARE\Microsoft\BizTalk Server\3.0 (ProductName, ProductVersion, ProductEdition,
                InstallPath, ProductCodeCurrent, Administration\MgmtDBServer and MgmtDBName), both the 64-bit and
                the 32-bit registry view; the Uninstall keys (DisplayName, DisplayVersion, InstallDate), both
                views; HKLM\SOFTWARE\Microsoft\E-Business Servers Updates (value names only); whether the
                HL7/SWIFT accelerator keys and the ENTSSO\SSOSS key exist (the SSO key's values are never read).
                Rights: any local user, as assumed by the sources (no right is documented for these keys); the
                ENTSSO\SSOSS key may need a local administrator (its ACL is not documented): a refusal is recorded.
      Windows Installer  whether the BizTalk product is installed and the state of its setup features
                (Installer.ProductState and Installer.FeatureState, read-only properties: reading them repairs
                and reconfigures nothing, unlike Win32_Product). Rights: any local user.
      WMI       root\cimv2 Win32_OperatingSystem (Caption, Version, BuildNumber, ProductType, OSArchitecture).
                Rights: any local user.
      WMI       root\MicrosoftBizTalkServer: MSBTS_GroupSetting, MSBTS_MsgBoxSetting, MSBTS_Server,
                MSBTS_HostInstance (ClusterInstanceType), MSBTS_HostSetting (IsHost32BitOnly),
                MSBTS_AdapterSetting, MSBTS_ReceiveLocation and MSBTS_SendPort (adapter, address, pipelines).
                Port addresses are written without their query string and without any user:password@ part,
                which can hold keys or passwords. Rights: member of BizTalk Server Administrators (Microsoft
                documents WMI under that group).
      SQL       On every SQL Server instance that holds the group's databases: SERVERPROPERTY and the names of
                the default BizTalk databases in sys.databases. Rights: a login that can connect (Windows
                authentication, as the account that runs the script); SERVERPROPERTY and sys.databases need no
                more. BAM, on the BAM primary import database's instance: the count of real-time aggregation
                (rows of bam_Metadata_RealTimeAggregations) and of BAM activities in the BAM primary import database (read access there:
                BizTalk Server Administrators normally hold BTS_ADMIN_USERS), and the count of BAM alert jobs in
                msdb (sysadmin or SQLAgentReaderRole in msdb to see every job; with less, SQL Server shows only
                the jobs the login owns, and the script then says the count is not known).
      IIS       The application paths in %windir%\System32\inetsrv\config\applicationHost.config, read as a
                file (no WebAdministration module, no IIS method). Rights: local administrator, elevated
                (the file is readable by Administrators only, as far as the sources say: assumed, not documented). Whether IIS is installed at all is read from
                HKLM\SOFTWARE\Microsoft\InetStp (any local user).

    Each read is wrapped on its own: when one fails (missing rights, no BizTalk WMI namespace, SQL Server
    refusing the login) the section it fills is written as null, the reason goes into the file's "errors" list
    and on screen, and the script goes on to write the file with what it has.

    Run it on EVERY BizTalk server of the group: the group section is the same on each, but the BizTalk
    version, the installed cumulative update, Windows and the setup features are per computer, and the
    advisor takes the oldest of them. Copy the script to each server and run there, from an elevated Windows
    PowerShell (64-bit), as a member of BizTalk Server Administrators, for example:

        powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\bts-collect.ps1

    Nothing here has been run on Windows by the project that wrote it: it is checked by parsing and by rules
    (allowed commands, SELECT-only SQL). Try it on a test server first.

.PARAMETER OutputPath
    The file to write. Default: bts-inventory-<COMPUTER>-<yyyyMMdd-HHmmss>.json in the current folder. An
    existing file is never overwritten.

.PARAMETER SqlServer
    SQL Server instance(s) to query in addition to those the group names, for example when WMI cannot be read
    and the registry does not name the management database's server. Format: SERVER, SERVER\INSTANCE or
    SERVER,PORT.

.PARAMETER BamSqlServer
    The instance that holds the BAM primary import database, when WMI cannot be read (WMI names it otherwise).

.PARAMETER BamDatabase
    The BAM primary import database's name with -BamSqlServer (default BAMPrimaryImport).

.PARAMETER SkipSql
    Send nothing to SQL Server: the sql and bam sections are then null. A DBA can run bts-collect.sql instead
    and paste the results into the file.

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\bts-collect.ps1

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\bts-collect.ps1 -OutputPath D:\inventory\BTS01.json -SkipSql

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\bts-collect.ps1 -SqlServer SQL01\BIZTALK -BamSqlServer SQL02

.NOTES
    Format: bts-inventory/1 (bts-inventory.schema.json beside this script). The file is plain JSON: read it,
    and remove what you do not want to share, before you load it into the advisor.
    Written to the Windows PowerShell 4.0 language (Windows Server 2012 R2 ships 4.0; 5.1 is current).
    Exit code: 0 the file was written; 1 it could not be written (the JSON is printed instead, to save by
    hand); 2 the output file exists already (nothing was read).
#>
[CmdletBinding()]
param(
    [string]$OutputPath,
    [string[]]$SqlServer = @(),
    [string]$BamSqlServer,
    [string]$BamDatabase = 'BAMPrimaryImport',
    [switch]$SkipSql
)

$ErrorActionPreference = 'Stop'
$CollectorVersion = '1.0.0'

# Every SQL statement this script sends, and nothing else: Get-BtsSqlRows is only ever given one of these.
# bts-collect.sql holds the same statements, in the same order, for a DBA who runs them separately.
$SqlQueries = [ordered]@{
    server_properties = @'
SELECT
    CAST(SERVERPROPERTY('MachineName') AS nvarchar(128)) AS machine_name,
    CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)) AS server_name,
    CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version,
    CAST(SERVERPROPERTY('ProductLevel') AS nvarchar(128)) AS product_level,
    CAST(SERVERPROPERTY('ProductUpdateLevel') AS nvarchar(128)) AS product_update_level,
    CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
    CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition,
    CAST(SERVERPROPERTY('IsClustered') AS int) AS is_clustered,
    CAST(SERVERPROPERTY('IsHadrEnabled') AS int) AS is_hadr_enabled;
'@
    biztalk_databases = @'
SELECT name
FROM sys.databases
WHERE name IN (N'BizTalkMgmtDb', N'BizTalkMsgBoxDb', N'BizTalkDTADb', N'BizTalkRuleEngineDb', N'SSODB',
               N'BAMPrimaryImport', N'BAMStarSchema', N'BAMArchive', N'BAMAlertsApplication', N'BAMAlertsNSMain',
               N'BTAHL7', N'A4SWIFT')
ORDER BY name;
'@
    bam_rta_views = @'
SELECT
    DB_NAME() AS database_name,
    COUNT(*) AS rta_views
FROM dbo.bam_Metadata_RealTimeAggregations;
'@
    bam_activities = @'
SELECT COUNT(*) AS activities
FROM dbo.bam_Metadata_Activities;
'@
    bam_alert_jobs = @'
SELECT
    COUNT(*) AS alert_jobs,
    CAST(ISNULL(IS_SRVROLEMEMBER(N'sysadmin'), 0) AS int) AS is_sysadmin,
    CAST(ISNULL(IS_MEMBER(N'SQLAgentReaderRole'), 0) AS int) AS is_agent_reader
FROM dbo.sysjobs_view
WHERE name LIKE N'bam[_]%[_]DelAlertHistJob';
'@
}

# The BizTalk setup features whose installed state is read (names from Microsoft's silent-installation list).
$SetupFeatureNames = @(
    'Runtime', 'Engine', 'RulesEngine', 'MOT', 'BAMEVENTAPI', 'BAMPortal', 'OLAPNS', 'FBAMCLIENT',
    'Development', 'VSTools', 'BizTalkExtensions', 'TrackingProfileEditor', 'SDK', 'AdapterImportWizard',
    'WCFAdapter', 'WCFLOBAdapters', 'MQSeriesAgent', 'MSMQ', 'MsEDIAS2', 'MsEDIAS2StatusReporting',
    'SSOServer', 'SSOAdmin', 'BizTalkTMS'
)

# An uninstall entry is a BizTalk update when its name says BizTalk and one of these.
$UpdateNamePattern = '(?i)(\bCU\s?\d+\b|cumulative update|feature pack|feature update|hotfix|service pack|\bKB\d{6,7}\b)'

$Errors = New-Object -TypeName 'System.Collections.Generic.List[object]'
$Inventory = [ordered]@{
    schema           = 'bts-inventory/1'
    collected        = [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
    computer         = [string]$env:COMPUTERNAME
    collector        = $null
    biztalk          = $null
    windows          = $null
    group            = $null
    sql              = $null
    bam              = $null
    iis_applications = $null
    errors           = $Errors
}

# ---------------------------------------------------------------------------------------------------------
# Small helpers: record a read, record a failure, turn raw values into JSON-friendly ones.
# ---------------------------------------------------------------------------------------------------------

function Write-BtsRead {
    param([string]$What)
    Write-Host ('  read      {0}' -f $What)
}

function Add-BtsError {
    param([string]$Read, [string]$Message)
    $errorEntry = [ordered]@{ read = $Read; message = $Message }
    $Errors.Add($errorEntry)
    Write-Host ('  NOT READ  {0}: {1}' -f $Read, $Message) -ForegroundColor Yellow
}

function Get-BtsErrorText {
    param($ErrorRecord)
    $text = [string]$ErrorRecord.Exception.Message
    if ([string]::IsNullOrWhiteSpace($text)) { $text = [string]$ErrorRecord }
    return (($text -replace '\s+', ' ').Trim())
}

function ConvertTo-BtsText {
    param($Value)
    if ($null -eq $Value) { return $null }
    $text = ([string]$Value).Trim()
    if ($text.Length -eq 0) { return $null }
    return $text
}

function ConvertTo-BtsInt {
    param($Value)
    if ($null -eq $Value) { return $null }
    if (([string]$Value).Trim().Length -eq 0) { return $null }
    return [int]$Value
}

function ConvertTo-BtsBool {
    param($Value)
    if ($null -eq $Value) { return $null }
    return [bool]$Value
}

function Get-BtsEmptyList {
    # An empty list that ConvertTo-Json writes as [] (a function would unroll an empty array to nothing).
    return , (New-Object -TypeName 'System.Collections.Generic.List[object]')
}

function Add-BtsDistinct {
    param($List, $Value)
    if ($null -eq $Value) { return }
    foreach ($existing in $List) { if ([string]$existing -eq [string]$Value) { return } }
    $List.Add([string]$Value)
}

function Format-BtsAddress {
    # A port address without what could be a secret: the query string and any user:password@ part.
    param($Address)
    $text = ConvertTo-BtsText $Address
    if ($null -eq $text) { return $null }
    $text = $text -replace '\?.*$', ''
    $text = $text -replace '^([A-Za-z][A-Za-z0-9+.\-]*://)[^/@]*@', '$1'
    return $text
}

# ---------------------------------------------------------------------------------------------------------
# Registry: HKLM only, opened for reading (OpenSubKey with ONE argument opens read-only), in both views.
# ---------------------------------------------------------------------------------------------------------

function Get-BtsRegistryKey {
    param([string]$Path, [string]$View)
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]$View)
    return $base.OpenSubKey($Path)
}

function Test-BtsRegistryKey {
    # Whether HKLM\<Path> exists in either view. A key this account may not open exists all the same.
    param([string]$Path)
    foreach ($view in @('Registry64', 'Registry32')) {
        try {
            if ($null -ne (Get-BtsRegistryKey -Path $Path -View $view)) { return $true }
        }
        catch [System.Security.SecurityException] {
            return $true
        }
    }
    return $false
}

function Get-BtsUninstallEntries {
    # Every Uninstall entry whose DisplayName mentions BizTalk, from both registry views.
    $entries = Get-BtsEmptyList
    $unreadable = 0
    foreach ($view in @('Registry64', 'Registry32')) {
        $uninstall = Get-BtsRegistryKey -Path 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' -View $view
        if ($null -eq $uninstall) { continue }
        foreach ($name in $uninstall.GetSubKeyNames()) {
            try { $entryKey = $uninstall.OpenSubKey($name) }
            catch { $unreadable += 1; continue }
            if ($null -eq $entryKey) { continue }
            $displayName = ConvertTo-BtsText ($entryKey.GetValue('DisplayName'))
            if ($null -eq $displayName -or $displayName -notmatch '(?i)biztalk') { continue }
            $entries.Add([ordered]@{
                    key          = [string]$name
                    display_name = $displayName
                    version      = ConvertTo-BtsText ($entryKey.GetValue('DisplayVersion'))
                    install_date = ConvertTo-BtsText ($entryKey.GetValue('InstallDate'))
                    view         = $view
                })
        }
    }
    if ($unreadable -gt 0) {
        Add-BtsError -Read 'registry Uninstall keys' -Message ('{0} Uninstall entries could not be opened with this account; an update among them would be missed' -f $unreadable)
    }
    return , $entries
}

function Get-BtsBizTalkSection {
    $key = $null
    $keyView = $null
    foreach ($view in @('Registry64', 'Registry32')) {
        $key = Get-BtsRegistryKey -Path 'SOFTWARE\Microsoft\BizTalk Server\3.0' -View $view
        if ($null -ne $key) { $keyView = $view; break }
    }
    if ($null -eq $key) {
        throw 'the key HKLM\SOFTWARE\Microsoft\BizTalk Server\3.0 is in neither registry view: BizTalk Server is not installed on this computer'
    }
    $mgmtDb = $null
    foreach ($view in @('Registry64', 'Registry32')) {
        $administration = Get-BtsRegistryKey -Path 'SOFTWARE\Microsoft\BizTalk Server\3.0\Administration' -View $view
        if ($null -eq $administration) { continue }
        $mgmtServer = ConvertTo-BtsText ($administration.GetValue('MgmtDBServer'))
        if ($null -ne $mgmtServer) {
            $mgmtDb = [ordered]@{ server = $mgmtServer; name = ConvertTo-BtsText ($administration.GetValue('MgmtDBName')) }
            break
        }
    }
    $accelerators = Get-BtsEmptyList
    if (Test-BtsRegistryKey -Path 'SOFTWARE\Microsoft\BizTalk Accelerator for HL7') { $accelerators.Add('HL7') }
    if (Test-BtsRegistryKey -Path 'SOFTWARE\Microsoft\BizTalk Accelerator for SWIFT') { $accelerators.Add('SWIFT') }

    $biztalk = [ordered]@{
        product_name            = ConvertTo-BtsText ($key.GetValue('ProductName'))
        product_version         = ConvertTo-BtsText ($key.GetValue('ProductVersion'))
        product_edition         = ConvertTo-BtsText ($key.GetValue('ProductEdition'))
        installed_updates       = $null
        setup_features          = $null
        install_path            = ConvertTo-BtsText ($key.GetValue('InstallPath'))
        product_code            = ConvertTo-BtsText ($key.GetValue('ProductCodeCurrent'))
        registry_view           = $keyView
        mgmt_db                 = $mgmtDb
        update_details          = $null
        other_biztalk_products  = $null
        accelerators            = $accelerators
        is_master_secret_server = $null
    }
    Write-BtsRead ('registry HKLM\SOFTWARE\Microsoft\BizTalk Server\3.0 ({0} view): {1} {2} {3}' -f $keyView, $biztalk.product_name, $biztalk.product_edition, $biztalk.product_version)

    # Installed updates: Uninstall entries (never Win32_Product), then the feature-pack registrations.
    try {
        $updates = Get-BtsEmptyList
        $details = Get-BtsEmptyList
        $others = Get-BtsEmptyList
        foreach ($entry in (Get-BtsUninstallEntries)) {
            if ($entry.display_name -match $UpdateNamePattern) {
                Add-BtsDistinct -List $updates -Value $entry.display_name
                $updateDetail = [ordered]@{
                    display_name    = $entry.display_name
                    display_version = $entry.version
                    install_date    = $entry.install_date
                    registry_view   = $entry.view
                }
                $details.Add($updateDetail)
            }
            else {
                Add-BtsDistinct -List $others -Value $entry.display_name
                if ($null -eq $biztalk.product_code -and $entry.display_name -eq $biztalk.product_name -and $entry.key -match '^\{[0-9A-Fa-f\-]{36}\}$') {
                    $biztalk.product_code = $entry.key
                }
            }
        }
        foreach ($view in @('Registry64', 'Registry32')) {
            $servers = Get-BtsRegistryKey -Path 'SOFTWARE\Microsoft\E-Business Servers Updates' -View $view
            if ($null -eq $servers) { continue }
            foreach ($subName in $servers.GetSubKeyNames()) {
                # One subkey this account may not open costs only that subkey, not the updates found so far.
                try { $sub = $servers.OpenSubKey($subName) } catch { continue }
                if ($null -eq $sub) { continue }
                foreach ($valueName in $sub.GetValueNames()) {
                    if ($valueName -match '(?i)biztalk' -and $valueName -match $UpdateNamePattern) {
                        Add-BtsDistinct -List $updates -Value $valueName
                    }
                }
            }
        }
        $biztalk.installed_updates = $updates
        $biztalk.update_details = $details
        $biztalk.other_biztalk_products = $others
        Write-BtsRead ('installed updates (Uninstall keys, both views): {0} found' -f $updates.Count)
    }
    catch {
        Add-BtsError -Read 'registry Uninstall keys' -Message (Get-BtsErrorText $_)
    }

    # Setup features: Windows Installer's ProductState and FeatureState are read-only properties
    # (MsiQueryProductState, MsiQueryFeatureState); reading them repairs and reconfigures nothing.
    try {
        if ($null -eq $biztalk.product_code) {
            throw 'the BizTalk product code is in neither ProductCodeCurrent nor the Uninstall keys'
        }
        $installer = New-Object -ComObject WindowsInstaller.Installer
        $productState = [int]$installer.GetType().InvokeMember('ProductState', [System.Reflection.BindingFlags]::GetProperty, $null, $installer, @($biztalk.product_code))
        if ($productState -ne 5) {
            throw ('Windows Installer does not know {0} as an installed product (ProductState {1}), so its features cannot be read' -f $biztalk.product_code, $productState)
        }
        $features = Get-BtsEmptyList
        foreach ($feature in $SetupFeatureNames) {
            $state = [int]$installer.GetType().InvokeMember('FeatureState', [System.Reflection.BindingFlags]::GetProperty, $null, $installer, @($biztalk.product_code, $feature))
            # 3 = installed locally, 4 = run from source; -1 unknown feature, 1 advertised, 2 absent.
            if ($state -eq 3 -or $state -eq 4) { $features.Add($feature) }
        }
        $biztalk.setup_features = $features
        Write-BtsRead ('setup features (Windows Installer FeatureState): {0}' -f ($features -join ', '))
    }
    catch {
        Add-BtsError -Read 'setup features' -Message (Get-BtsErrorText $_)
    }

    # Master secret server: only whether ENTSSO has an SSOSS subkey; that key's values are never opened.
    try {
        $isSecretServer = $false
        foreach ($view in @('Registry64', 'Registry32')) {
            $entsso = Get-BtsRegistryKey -Path 'SOFTWARE\Microsoft\ENTSSO' -View $view
            if ($null -ne $entsso -and ($entsso.GetSubKeyNames() -contains 'SSOSS')) { $isSecretServer = $true }
        }
        $biztalk.is_master_secret_server = $isSecretServer
    }
    catch {
        Add-BtsError -Read 'registry ENTSSO' -Message (Get-BtsErrorText $_)
    }
    return $biztalk
}

# ---------------------------------------------------------------------------------------------------------
# WMI: instances are listed and their properties read; no method is ever called on them.
# ---------------------------------------------------------------------------------------------------------

function Get-BtsWmi {
    # Lists the instances of one class on this computer (no -ComputerName: local only).
    param([string]$Class, [string]$Namespace = 'root/MicrosoftBizTalkServer')
    Get-CimInstance -Namespace $Namespace -ClassName $Class -ErrorAction Stop
}

function Get-BtsWindowsSection {
    $os = @(Get-BtsWmi -Class 'Win32_OperatingSystem' -Namespace 'root/cimv2')[0]
    $windows = [ordered]@{
        caption         = ConvertTo-BtsText $os.Caption
        version         = ConvertTo-BtsText $os.Version
        build_number    = ConvertTo-BtsText $os.BuildNumber
        product_type    = ConvertTo-BtsInt $os.ProductType
        os_architecture = ConvertTo-BtsText $os.OSArchitecture
    }
    Write-BtsRead ('Win32_OperatingSystem: {0}, build {1}, product type {2}, {3}' -f $windows.caption, $windows.build_number, $windows.product_type, $windows.os_architecture)
    return $windows
}

function Get-BtsAdapterEntry {
    param($Adapters, [string]$Name)
    $lookup = $Name.ToUpperInvariant()
    if (-not $Adapters.Contains($lookup)) {
        $adapter = [ordered]@{
            name              = $Name
            clsid             = $null
            receive_locations = 0
            send_ports        = 0
            addresses         = Get-BtsEmptyList
            binding_types     = Get-BtsEmptyList
        }
        $Adapters[$lookup] = $adapter
    }
    return $Adapters[$lookup]
}

function Add-BtsBindingType {
    # WCF-Custom ports: the BindingType element of the adapter configuration (custom bindings show there).
    param($Adapter, $CustomCfg)
    $text = ConvertTo-BtsText $CustomCfg
    if ($null -eq $text) { return }
    foreach ($match in [regex]::Matches($text, '<BindingType[^>]*>([^<]+)<')) {
        Add-BtsDistinct -List $Adapter.binding_types -Value ($match.Groups[1].Value.Trim())
    }
}

function Get-BtsGroupSection {
    $setting = @(Get-BtsWmi -Class 'MSBTS_GroupSetting')
    if ($setting.Count -eq 0) { throw 'MSBTS_GroupSetting has no instance: this server is not configured in a BizTalk group' }
    $g = $setting[0]
    $bamDb = $null
    if ($null -ne (ConvertTo-BtsText $g.BamDBName)) {
        $bamDb = [ordered]@{ server = ConvertTo-BtsText $g.BamDBServerName; name = ConvertTo-BtsText $g.BamDBName }
    }
    $group = [ordered]@{
        name               = ConvertTo-BtsText $g.Name
        servers            = $null
        sso_server         = ConvertTo-BtsText $g.SSOServerName
        bam_db             = $bamDb
        host_instances     = $null
        adapters           = $null
        pipelines_in_use   = $null
        databases          = Get-BtsEmptyList
        dynamic_send_ports = $null
        major_version      = ConvertTo-BtsText $g.MajorVersion
        minor_version      = ConvertTo-BtsText $g.MinorVersion
    }
    Write-BtsRead ('MSBTS_GroupSetting: group "{0}", SSO server {1}' -f $group.name, $group.sso_server)

    $roles = @(
        @('management', $g.MgmtDbServerName, $g.MgmtDbName),
        @('tracking', $g.TrackingDBServerName, $g.TrackingDBName),
        @('bam_primary_import', $g.BamDBServerName, $g.BamDBName),
        @('rule_engine', $g.RuleEngineDBServerName, $g.RuleEngineDBName)
    )
    try {
        foreach ($box in (Get-BtsWmi -Class 'MSBTS_MsgBoxSetting')) {
            $roles += , @('messagebox', $box.MsgBoxDBServerName, $box.MsgBoxDBName)
        }
        Write-BtsRead 'MSBTS_MsgBoxSetting'
    }
    catch {
        Add-BtsError -Read 'wmi MSBTS_MsgBoxSetting' -Message (Get-BtsErrorText $_)
        $roles += , @('messagebox', $g.SubscriptionDBServerName, $g.SubscriptionDBName)
    }
    foreach ($role in $roles) {
        $server = ConvertTo-BtsText $role[1]
        $name = ConvertTo-BtsText $role[2]
        if ($null -eq $server -or $null -eq $name) { continue }
        $groupDatabase = [ordered]@{ role = [string]$role[0]; server = $server; name = $name }
        $group.databases.Add($groupDatabase)
    }

    try {
        $servers = Get-BtsEmptyList
        foreach ($s in (Get-BtsWmi -Class 'MSBTS_Server')) { Add-BtsDistinct -List $servers -Value (ConvertTo-BtsText $s.Name) }
        $group.servers = $servers
        Write-BtsRead ('MSBTS_Server: {0}' -f ($servers -join ', '))
    }
    catch {
        Add-BtsError -Read 'wmi MSBTS_Server' -Message (Get-BtsErrorText $_)
    }

    try {
        $hostBitness = @{}
        $hostSettingsRead = $false
        try {
            foreach ($h in (Get-BtsWmi -Class 'MSBTS_HostSetting')) { $hostBitness[[string]$h.Name] = ConvertTo-BtsBool $h.IsHost32BitOnly }
            $hostSettingsRead = $true
        }
        catch {
            Add-BtsError -Read 'wmi MSBTS_HostSetting' -Message (Get-BtsErrorText $_)
        }
        $instances = Get-BtsEmptyList
        foreach ($i in (Get-BtsWmi -Class 'MSBTS_HostInstance')) {
            $is32 = $null
            if ($hostSettingsRead -and $hostBitness.ContainsKey([string]$i.HostName)) { $is32 = $hostBitness[[string]$i.HostName] }
            $hostInstance = [ordered]@{
                host                  = ConvertTo-BtsText $i.HostName
                server                = ConvertTo-BtsText $i.RunningServer
                cluster_instance_type = ConvertTo-BtsInt $i.ClusterInstanceType
                is_32bit_only         = $is32
                host_type             = ConvertTo-BtsInt $i.HostType
                is_disabled           = ConvertTo-BtsBool $i.IsDisabled
            }
            $instances.Add($hostInstance)
        }
        $group.host_instances = $instances
        Write-BtsRead ('MSBTS_HostInstance: {0} host instances' -f $instances.Count)
    }
    catch {
        Add-BtsError -Read 'wmi MSBTS_HostInstance' -Message (Get-BtsErrorText $_)
    }

    try {
        $adapters = [ordered]@{}
        foreach ($a in (Get-BtsWmi -Class 'MSBTS_AdapterSetting')) {
            $name = ConvertTo-BtsText $a.Name
            if ($null -eq $name) { continue }
            $entry = Get-BtsAdapterEntry -Adapters $adapters -Name $name
            $entry.clsid = ConvertTo-BtsText $a.MgmtCLSID
        }
        Write-BtsRead ('MSBTS_AdapterSetting: {0} adapters registered' -f $adapters.Count)
        $pipelines = Get-BtsEmptyList
        foreach ($location in (Get-BtsWmi -Class 'MSBTS_ReceiveLocation')) {
            $name = ConvertTo-BtsText $location.AdapterName
            Add-BtsDistinct -List $pipelines -Value (ConvertTo-BtsText $location.PipelineName)
            if ($null -eq $name) { continue }
            $entry = Get-BtsAdapterEntry -Adapters $adapters -Name $name
            $entry.receive_locations += 1
            Add-BtsDistinct -List $entry.addresses -Value (Format-BtsAddress $location.InboundTransportURL)
            Add-BtsBindingType -Adapter $entry -CustomCfg $location.CustomCfg
        }
        Write-BtsRead 'MSBTS_ReceiveLocation'
        $dynamicPorts = 0
        foreach ($port in (Get-BtsWmi -Class 'MSBTS_SendPort')) {
            Add-BtsDistinct -List $pipelines -Value (ConvertTo-BtsText $port.SendPipeline)
            Add-BtsDistinct -List $pipelines -Value (ConvertTo-BtsText $port.ReceivePipeline)
            if ([bool]$port.IsDynamic) { $dynamicPorts += 1; continue }
            $counted = @()
            foreach ($transport in @(@($port.PTTransportType, $port.PTAddress, $port.PTCustomCfg), @($port.STTransportType, $port.STAddress, $port.STCustomCfg))) {
                $name = ConvertTo-BtsText $transport[0]
                if ($null -eq $name) { continue }
                $entry = Get-BtsAdapterEntry -Adapters $adapters -Name $name
                if ($counted -notcontains $name.ToUpperInvariant()) { $entry.send_ports += 1; $counted += $name.ToUpperInvariant() }
                Add-BtsDistinct -List $entry.addresses -Value (Format-BtsAddress $transport[1])
                Add-BtsBindingType -Adapter $entry -CustomCfg $transport[2]
            }
        }
        Write-BtsRead 'MSBTS_SendPort'
        $adapterList = Get-BtsEmptyList
        foreach ($value in $adapters.Values) { $adapterList.Add($value) }
        $group.adapters = $adapterList
        $group.pipelines_in_use = $pipelines
        $group.dynamic_send_ports = $dynamicPorts
    }
    catch {
        Add-BtsError -Read 'wmi MSBTS_AdapterSetting, MSBTS_ReceiveLocation, MSBTS_SendPort' -Message (Get-BtsErrorText $_)
    }
    return $group
}

# ---------------------------------------------------------------------------------------------------------
# SQL Server: Windows authentication, SELECT statements from $SqlQueries only, read with a data reader.
# ---------------------------------------------------------------------------------------------------------

function Get-BtsSqlRows {
    param([string]$Server, [string]$Database, [string]$Query)
    $builder = New-Object -TypeName System.Data.SqlClient.SqlConnectionStringBuilder
    $builder['Data Source'] = $Server
    $builder['Initial Catalog'] = $Database
    $builder['Integrated Security'] = $true
    $builder['Application Name'] = 'bts-collect (read-only inventory)'
    $builder['Connect Timeout'] = 15
    $connection = New-Object -TypeName System.Data.SqlClient.SqlConnection -ArgumentList $builder.ConnectionString
    try {
        $connection.Open()
        $command = $connection.CreateCommand()
        $command.CommandText = $Query
        $command.CommandTimeout = 60
        $reader = $command.ExecuteReader()
        $rows = Get-BtsEmptyList
        while ($reader.Read()) {
            $row = @{}
            for ($column = 0; $column -lt $reader.FieldCount; $column++) {
                if ($reader.IsDBNull($column)) { $row[$reader.GetName($column)] = $null }
                else { $row[$reader.GetName($column)] = $reader.GetValue($column) }
            }
            $rows.Add($row)
        }
        $reader.Close()
        return , $rows
    }
    finally {
        $connection.Dispose()
    }
}

function Get-BtsSqlFirstRow {
    # The first row of a query that returns one. Get-BtsSqlRows returns its list whole (return , $rows), so
    # @(Get-BtsSqlRows ...)[0] would be that list, not its first row.
    param([string]$Server, [string]$Database, [string]$Query)
    $rows = Get-BtsSqlRows -Server $Server -Database $Database -Query $Query
    if ($rows.Count -lt 1) { throw 'the query returned no row' }
    return $rows[0]
}

function Get-BtsSqlSection {
    param($Instances)
    $list = Get-BtsEmptyList
    $anyRead = $false
    foreach ($server in $Instances.Keys) {
        $sqlInstance = [ordered]@{
            server                  = [string]$server
            databases               = $Instances[$server]
            product_version         = $null
            product_level           = $null
            edition                 = $null
            product_update_level    = $null
            engine_edition          = $null
            is_clustered            = $null
            is_hadr_enabled         = $null
            machine_name            = $null
            default_named_databases = $null
        }
        try {
            $properties = Get-BtsSqlFirstRow -Server $server -Database 'master' -Query $SqlQueries.server_properties
            $sqlInstance.product_version = ConvertTo-BtsText $properties['product_version']
            $sqlInstance.product_level = ConvertTo-BtsText $properties['product_level']
            $sqlInstance.edition = ConvertTo-BtsText $properties['edition']
            $sqlInstance.product_update_level = ConvertTo-BtsText $properties['product_update_level']
            $sqlInstance.engine_edition = ConvertTo-BtsInt $properties['engine_edition']
            $sqlInstance.is_clustered = ConvertTo-BtsBool $properties['is_clustered']
            $sqlInstance.is_hadr_enabled = ConvertTo-BtsBool $properties['is_hadr_enabled']
            $sqlInstance.machine_name = ConvertTo-BtsText $properties['machine_name']
            $anyRead = $true
            Write-BtsRead ('sql {0}: SQL Server {1} {2}, {3}' -f $server, $sqlInstance.product_version, $sqlInstance.product_level, $sqlInstance.edition)
            $named = Get-BtsEmptyList
            foreach ($row in (Get-BtsSqlRows -Server $server -Database 'master' -Query $SqlQueries.biztalk_databases)) {
                Add-BtsDistinct -List $named -Value (ConvertTo-BtsText $row['name'])
            }
            $sqlInstance.default_named_databases = $named
            foreach ($name in $named) { Add-BtsDistinct -List $sqlInstance.databases -Value $name }
        }
        catch {
            Add-BtsError -Read ('sql {0}' -f $server) -Message (Get-BtsErrorText $_)
        }
        $list.Add($sqlInstance)
    }
    if (-not $anyRead) { return $null }
    return , $list
}

function Get-BtsBamSection {
    param([string]$Server, [string]$Database, $SqlSection)
    $bam = [ordered]@{
        rta_views       = $null
        alert_jobs      = $null
        activities      = $null
        alert_databases = $null
        server          = $Server
        database        = $Database
    }
    $anyRead = $false
    try {
        $row = Get-BtsSqlFirstRow -Server $Server -Database $Database -Query $SqlQueries.bam_rta_views
        $bam.rta_views = ConvertTo-BtsInt $row['rta_views']
        $anyRead = $true
        Write-BtsRead ('bam {0} {1}: {2} real-time aggregation views' -f $Server, $Database, $bam.rta_views)
    }
    catch {
        Add-BtsError -Read ('bam rta_views {0} {1}' -f $Server, $Database) -Message (Get-BtsErrorText $_)
    }
    try {
        $row = Get-BtsSqlFirstRow -Server $Server -Database $Database -Query $SqlQueries.bam_activities
        $bam.activities = ConvertTo-BtsInt $row['activities']
        $anyRead = $true
        Write-BtsRead ('bam {0} {1}: {2} activities' -f $Server, $Database, $bam.activities)
    }
    catch {
        Add-BtsError -Read ('bam activities {0} {1}' -f $Server, $Database) -Message (Get-BtsErrorText $_)
    }
    try {
        $row = Get-BtsSqlFirstRow -Server $Server -Database 'msdb' -Query $SqlQueries.bam_alert_jobs
        $count = ConvertTo-BtsInt $row['alert_jobs']
        $seesAll = ((ConvertTo-BtsInt $row['is_sysadmin']) -eq 1) -or ((ConvertTo-BtsInt $row['is_agent_reader']) -eq 1)
        $anyRead = $true
        if ($count -gt 0 -or $seesAll) {
            $bam.alert_jobs = $count
            Write-BtsRead ('bam {0} msdb: {1} BAM alert jobs' -f $Server, $count)
        }
        else {
            Add-BtsError -Read ('bam alert_jobs {0} msdb' -f $Server) -Message 'no BAM alert job is visible, but this login is neither sysadmin nor in SQLAgentReaderRole, so SQL Server shows it only the jobs it owns: the count is not known'
        }
    }
    catch {
        Add-BtsError -Read ('bam alert_jobs {0} msdb' -f $Server) -Message (Get-BtsErrorText $_)
    }
    # The BAM alert databases (default names) seen on the same instance by the biztalk_databases query.
    foreach ($instance in @($SqlSection)) {
        if ($null -eq $instance -or $instance.server -ne $Server -or $null -eq $instance.default_named_databases) { continue }
        $alertDatabases = Get-BtsEmptyList
        foreach ($name in $instance.default_named_databases) {
            if ($name -like 'BAMAlerts*') { Add-BtsDistinct -List $alertDatabases -Value $name }
        }
        $bam.alert_databases = $alertDatabases
    }
    if (-not $anyRead) { return $null }
    return $bam
}

# ---------------------------------------------------------------------------------------------------------
# IIS: applicationHost.config read as a file; nothing is loaded into or asked of IIS.
# ---------------------------------------------------------------------------------------------------------

function Get-BtsIisSection {
    $applications = Get-BtsEmptyList
    if (-not (Test-BtsRegistryKey -Path 'SOFTWARE\Microsoft\InetStp')) {
        Write-BtsRead 'IIS: not installed (no HKLM\SOFTWARE\Microsoft\InetStp key)'
        return , $applications
    }
    $folder = 'System32'
    if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) { $folder = 'Sysnative' }
    $configPath = Join-Path -Path $env:windir -ChildPath ($folder + '\inetsrv\config\applicationHost.config')
    [xml]$config = Get-Content -LiteralPath $configPath -Raw
    foreach ($node in $config.SelectNodes('/configuration/system.applicationHost/sites/site/application')) {
        $path = ConvertTo-BtsText ($node.GetAttribute('path'))
        if ($null -ne $path -and $path -ne '/') { Add-BtsDistinct -List $applications -Value $path }
    }
    Write-BtsRead ('IIS applicationHost.config: {0}' -f ($applications -join ', '))
    return , $applications
}

# ---------------------------------------------------------------------------------------------------------
# Main: read every section, each on its own; write the file whatever happened.
# ---------------------------------------------------------------------------------------------------------

if ([string]::IsNullOrWhiteSpace($OutputPath)) {
    $OutputPath = 'bts-inventory-{0}-{1}.json' -f $env:COMPUTERNAME, [DateTime]::Now.ToString('yyyyMMdd-HHmmss', [System.Globalization.CultureInfo]::InvariantCulture)
}
$OutputFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
if (Test-Path -LiteralPath $OutputFile) {
    Write-Host ('{0} exists already; this script never overwrites a file. Give another -OutputPath.' -f $OutputFile) -ForegroundColor Red
    exit 2
}

Write-Host ('bts-collect {0}: read-only inventory of {1}' -f $CollectorVersion, $env:COMPUTERNAME)
$exitCode = 0
try {
    try {
        $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
        $principal = New-Object -TypeName Security.Principal.WindowsPrincipal -ArgumentList $identity
        $collector = [ordered]@{
            version       = $CollectorVersion
            powershell    = [string]$PSVersionTable.PSVersion
            elevated      = [bool]$principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
            process_64bit = [bool][Environment]::Is64BitProcess
            user          = [string]$identity.Name
        }
        $Inventory.collector = $collector
        if (-not $collector.elevated) { Write-Host '  note      not elevated: the IIS read needs an elevated PowerShell (Run as administrator)' -ForegroundColor Yellow }
        if (-not $collector.process_64bit) { Write-Host '  note      32-bit PowerShell: both registry views are still read, IIS through Sysnative' -ForegroundColor Yellow }
    }
    catch { Add-BtsError -Read 'collector' -Message (Get-BtsErrorText $_) }

    try { $Inventory.biztalk = Get-BtsBizTalkSection }
    catch { Add-BtsError -Read 'registry BizTalk Server 3.0' -Message (Get-BtsErrorText $_) }

    try { $Inventory.windows = Get-BtsWindowsSection }
    catch { Add-BtsError -Read 'wmi Win32_OperatingSystem' -Message (Get-BtsErrorText $_) }

    try { $Inventory.group = Get-BtsGroupSection }
    catch { Add-BtsError -Read 'wmi root\MicrosoftBizTalkServer MSBTS_GroupSetting' -Message (Get-BtsErrorText $_) }

    # The SQL Server instances that hold the group's databases (WMI), else the management database's
    # server from the registry, plus any -SqlServer / -BamSqlServer given.
    $instances = [ordered]@{}
    $bamServer = $null
    $bamName = $null
    if ($null -ne $Inventory.group) {
        foreach ($database in $Inventory.group.databases) {
            if (-not $instances.Contains($database.server)) { $instances[$database.server] = Get-BtsEmptyList }
            Add-BtsDistinct -List $instances[$database.server] -Value $database.name
        }
        if ($null -ne $Inventory.group.bam_db) { $bamServer = $Inventory.group.bam_db.server; $bamName = $Inventory.group.bam_db.name }
    }
    elseif ($null -ne $Inventory.biztalk -and $null -ne $Inventory.biztalk.mgmt_db) {
        $instances[$Inventory.biztalk.mgmt_db.server] = Get-BtsEmptyList
        Add-BtsDistinct -List $instances[$Inventory.biztalk.mgmt_db.server] -Value $Inventory.biztalk.mgmt_db.name
    }
    foreach ($extra in $SqlServer) {
        if (-not [string]::IsNullOrWhiteSpace($extra) -and -not $instances.Contains($extra)) { $instances[$extra] = Get-BtsEmptyList }
    }
    if (-not [string]::IsNullOrWhiteSpace($BamSqlServer)) {
        $bamServer = $BamSqlServer
        $bamName = $BamDatabase
        if (-not $instances.Contains($bamServer)) { $instances[$bamServer] = Get-BtsEmptyList }
    }

    if ($SkipSql) {
        Add-BtsError -Read 'sql' -Message 'not read: -SkipSql was given (a DBA can run bts-collect.sql and paste the results)'
        Add-BtsError -Read 'bam' -Message 'not read: -SkipSql was given'
    }
    else {
        if ($instances.Count -eq 0) {
            Add-BtsError -Read 'sql' -Message 'no SQL Server instance is known: the group could not be read and the registry names no management database; give -SqlServer'
        }
        else {
            try { $Inventory.sql = Get-BtsSqlSection -Instances $instances }
            catch { Add-BtsError -Read 'sql' -Message (Get-BtsErrorText $_) }
        }
        if ($null -ne $bamServer -and $null -ne $bamName) {
            try { $Inventory.bam = Get-BtsBamSection -Server $bamServer -Database $bamName -SqlSection $Inventory.sql }
            catch { Add-BtsError -Read 'bam' -Message (Get-BtsErrorText $_) }
        }
        elseif ($null -ne $Inventory.group) {
            Add-BtsError -Read 'bam' -Message 'not read: the group has no BAM database (MSBTS_GroupSetting.BamDBName is empty)'
        }
        else {
            Add-BtsError -Read 'bam' -Message 'not read: the BAM database is not known because the group could not be read; give -BamSqlServer'
        }
    }

    try { $Inventory.iis_applications = Get-BtsIisSection }
    catch { Add-BtsError -Read 'iis applicationHost.config' -Message ((Get-BtsErrorText $_) + ' (reading it needs an elevated PowerShell, as a local administrator)') }
}
catch {
    Add-BtsError -Read 'collector' -Message ('stopped early: ' + (Get-BtsErrorText $_))
}
finally {
    $json = $null
    $written = $false
    try {
        $encoding = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false
        $json = ConvertTo-Json -InputObject $Inventory -Depth 12
        [System.IO.File]::WriteAllText($OutputFile, $json, $encoding)
        $written = $true
        $read = @()
        $notRead = @()
        foreach ($section in @('biztalk', 'windows', 'group', 'sql', 'bam', 'iis_applications')) {
            if ($null -eq $Inventory[$section]) { $notRead += $section } else { $read += $section }
        }
        Write-Host ''
        Write-Host ('Sections read:     {0}' -f ($read -join ', '))
        if ($notRead.Count -gt 0) { Write-Host ('Sections not read: {0} (why: the errors below, also in the file)' -f ($notRead -join ', ')) -ForegroundColor Yellow }
        foreach ($errorEntry in $Errors) { Write-Host ('  - {0}: {1}' -f $errorEntry.read, $errorEntry.message) -ForegroundColor Yellow }
        Write-Host ('Wrote {0} ({1} bytes, UTF-8). It is plain JSON: read it, and remove what you do not want to share, before you load it.' -f $OutputFile, $encoding.GetByteCount($json))
        Write-Host 'Run this script on every BizTalk server of the group, then load all the files together.'
    }
    catch {
        if ($written) {
            # The file is written; only the summary on screen failed.
            Write-Host ('Wrote {0}; the summary could not be shown: {1}' -f $OutputFile, (Get-BtsErrorText $_)) -ForegroundColor Yellow
        }
        else {
            Write-Host ('Could not write {0}: {1}. The inventory follows; save it by hand.' -f $OutputFile, (Get-BtsErrorText $_)) -ForegroundColor Red
            if ($null -ne $json) { Write-Output $json }
            $exitCode = 1
        }
    }
}
exit $exitCode
