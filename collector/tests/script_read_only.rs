//! The collector script parses as PowerShell and keeps the read-only rules its header promises; the
//! rules themselves are shown to catch each kind of bad call. PowerShell cannot run here, so this is
//! what stands between a mistake in the script and an administrator's production server.

mod common;

use common::{parse, read_only_violations};

const SCRIPT: &str = bts_collector::SCRIPT;

#[test]
fn the_script_parses_as_powershell_without_error_or_missing_nodes() {
    let script = parse(SCRIPT);
    let problems = script.syntax_problems();
    assert!(problems.is_empty(), "bts-collect.ps1 does not parse cleanly:\n{}", problems.join("\n"));
    // The parse covers the whole script: the last function and the final exit are in the tree.
    let functions = script.defined_functions();
    assert!(functions.iter().any(|f| f == "Get-BtsIisSection"), "functions found: {functions:?}");
    assert!(script.commands().iter().any(|c| c.name == "ConvertTo-Json"));
}

#[test]
fn the_script_keeps_every_read_only_rule() {
    let problems = read_only_violations(SCRIPT);
    assert!(problems.is_empty(), "bts-collect.ps1 breaks the read-only rules:\n{}", problems.join("\n"));
}

#[test]
fn the_read_only_promise_is_at_the_top_of_the_script_in_its_help() {
    let head: String = SCRIPT.lines().take(40).collect::<Vec<_>>().join("\n");
    assert!(SCRIPT.starts_with("<#\n.SYNOPSIS"), "the comment-based help must open the script");
    for promise in ["READ-ONLY BY CONSTRUCTION", "Invoke-CimMethod", "Win32_Product", "service", "registry key", "SELECT", "network"] {
        assert!(head.contains(promise), "the opening comment block does not say {promise:?}");
    }
    // Get-Help sections an administrator relies on.
    for section in [".DESCRIPTION", ".PARAMETER OutputPath", ".PARAMETER SqlServer", ".PARAMETER SkipSql", ".EXAMPLE", ".NOTES"] {
        assert!(SCRIPT.contains(section), "the help has no {section}");
    }
    for rights in ["BizTalk Server Administrators", "local administrator", "SQLAgentReaderRole", "BTS_ADMIN_USERS", "any local user"] {
        assert!(SCRIPT.contains(rights), "the help does not name the rights {rights:?}");
    }
}

#[test]
fn the_script_uses_nothing_newer_than_the_powershell_4_language() {
    let code = parse(SCRIPT).code_only();
    for newer in ["::new(", "-Parallel", "class ", "using namespace"] {
        assert!(!code.contains(newer), "{newer} needs PowerShell 5 or 7");
    }
}

#[test]
fn the_script_reads_only_the_documented_wmi_classes_and_only_on_this_computer() {
    let script = parse(SCRIPT);
    let documented = [
        "Win32_OperatingSystem",
        "MSBTS_GroupSetting",
        "MSBTS_MsgBoxSetting",
        "MSBTS_Server",
        "MSBTS_HostInstance",
        "MSBTS_HostSetting",
        "MSBTS_AdapterSetting",
        "MSBTS_ReceiveLocation",
        "MSBTS_SendPort",
    ];
    let mut read = Vec::new();
    for call in script.commands().into_iter().filter(|c| c.name == "Get-BtsWmi") {
        let class = call.args.iter().skip_while(|a| *a != "-Class").nth(1).expect("Get-BtsWmi is always given -Class");
        let class = class.trim_matches('\'').to_string();
        assert!(documented.contains(&class.as_str()), "line {}: WMI class {class} is not one the environment sheet documents", call.line);
        read.push(class);
    }
    for class in documented {
        assert!(read.iter().any(|r| r == class), "the script never reads {class}");
    }
    let cim: Vec<_> = script.commands().into_iter().filter(|c| c.name == "Get-CimInstance").collect();
    assert_eq!(cim.len(), 1, "WMI is read through Get-BtsWmi only");
}

#[test]
fn the_registry_is_opened_read_only_and_hklm_only() {
    let script = parse(SCRIPT);
    let opens: Vec<_> = script.method_calls().into_iter().filter(|c| c.name == "OpenBaseKey").collect();
    assert!(!opens.is_empty());
    for open in opens {
        assert!(open.args[0].ends_with("RegistryHive]::LocalMachine"), "line {}: OpenBaseKey({})", open.line, open.args[0]);
    }
}

// ---------------------------------------------------------------------------------------------------
// The check catches what it is there to catch: each snippet below breaks one rule.
// ---------------------------------------------------------------------------------------------------

/// A small script that keeps the rules, to which each bad snippet adds one line.
const GOOD: &str = "$ErrorActionPreference = 'Stop'\n\
$os = Get-CimInstance -ClassName Win32_OperatingSystem\n\
$encoding = New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false\n\
[System.IO.File]::WriteAllText($OutputFile, (ConvertTo-Json -InputObject $os), $encoding)\n";

fn assert_caught(snippet: &str, expected: &str) {
    let problems = read_only_violations(&format!("{GOOD}{snippet}\n"));
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "the check missed {snippet:?} (expected a problem naming {expected:?}); it said: {problems:?}"
    );
}

#[test]
fn the_good_snippet_passes_so_each_failure_below_is_the_bad_line() {
    assert_eq!(read_only_violations(GOOD), Vec::<String>::new());
}

#[test]
fn a_forbidden_command_is_caught() {
    assert_caught("Get-CimInstance -ClassName MSBTS_HostInstance | Invoke-CimMethod -MethodName Stop", "Invoke-CimMethod is forbidden");
    assert_caught("Invoke-WmiMethod -Class MSBTS_HostInstance -Name Start", "Invoke-WmiMethod is forbidden");
    assert_caught("Restart-Service -Name BTSSvc$BizTalkServerApplication", "Restart-Service is forbidden");
    assert_caught("Set-ItemProperty -Path HKLM:\\SOFTWARE\\x -Name y -Value 1", "Set-ItemProperty is forbidden");
    assert_caught("'x' | Out-File C:\\temp\\x.txt", "Out-File is forbidden");
    assert_caught("Invoke-WebRequest -Uri http://localhost/BizTalkManagementService/swagger", "Invoke-WebRequest is forbidden");
    assert_caught("Start-Process sc.exe -ArgumentList 'stop', 'ENTSSO'", "Start-Process is forbidden");
}

#[test]
fn a_command_that_is_on_no_list_is_refused_too() {
    // An alias of Set-Content, and a made-up command: neither is known to read only.
    assert_caught("sc C:\\temp\\x.txt 'x'", "sc is not on the allow-list");
    assert_caught("Get-Something -Anything", "Get-Something is not on the allow-list");
    assert_caught("Remove-ItemProperty2 -Path HKLM:\\SOFTWARE\\x", "its verb changes state");
    assert_caught("& $command", "& or .");
    assert_caught("function Set-Thing { 'x' }", "Set-Thing has a verb that changes state");
}

#[test]
fn a_method_call_that_writes_or_acts_is_caught() {
    assert_caught("$hostInstance.InvokeMethod('Stop', $null)", ".InvokeMethod( is forbidden");
    assert_caught("$adapter.Put()", ".Put( is forbidden");
    assert_caught("Write-Host $adapter.Delete()", ".Delete( is forbidden");
    assert_caught("$key.SetValue('x', 1)", ".SetValue( is forbidden");
    assert_caught("$command.ExecuteNonQuery()", ".ExecuteNonQuery( is forbidden");
    assert_caught("$key.$name()", "is not on the allow-list of read methods");
    assert_caught("$key.OpenSubKey('SOFTWARE\\x', $true)", "OpenSubKey with 2 arguments");
    assert_caught("[System.IO.File]::Delete('C:\\x')", ".Delete( is forbidden");
    assert_caught("[System.Diagnostics.Process]::GetProcesses()", "::GetProcesses( is not on the allow-list");
}

#[test]
fn a_second_file_write_or_a_redirection_is_caught() {
    assert_caught("[System.IO.File]::WriteAllText('C:\\temp\\copy.json', $json)", "2 file writes");
    assert_caught("$json > C:\\temp\\copy.json", "redirected to a file");
    assert!(read_only_violations("Write-Host 'x'\n").iter().any(|p| p.contains("0 file writes")), "no write at all is caught too");
}

#[test]
fn win32_product_is_caught_outside_comments_only() {
    assert_caught("Get-CimInstance -ClassName Win32_Product", "Win32_Product outside a comment");
    assert_caught("$q = 'SELECT * FROM Win32_Product'", "Win32_Product outside a comment");
    assert_eq!(read_only_violations(&format!("{GOOD}# never Win32_Product\n")), Vec::<String>::new());
}

#[test]
fn remote_reads_new_objects_and_newer_syntax_are_caught() {
    assert_caught("Get-CimInstance -ClassName Win32_OperatingSystem -ComputerName BTS02", "-ComputerName is not allowed");
    assert_caught("$wc = New-Object -TypeName System.Net.WebClient", "New-Object -TypeName System.Net.WebClient");
    assert_caught("$sh = New-Object -ComObject WScript.Shell", "New-Object -ComObject WScript.Shell");
    assert_caught("$list = [System.Collections.ArrayList]::new()", ".new( is forbidden");
    assert_caught("$x = $a ?? 'b'", "PowerShell 7");
    assert_caught(
        "$m = $installer.GetType().InvokeMember('Reinstall', [System.Reflection.BindingFlags]::InvokeMethod, $null, $installer, @())",
        "InvokeMember other than",
    );
}

#[test]
fn a_script_that_does_not_parse_is_caught() {
    assert_caught("if ($x {", "does not parse");
}
