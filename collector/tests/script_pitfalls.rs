//! PowerShell mistakes that parse and keep every read-only rule but lose what the script reads on a
//! real server; this machine cannot run PowerShell, so they are caught by reading the script.

mod common;

use common::whole_list_pitfalls;

const SCRIPT: &str = include_str!("../bts-collect.ps1");

#[test]
fn the_script_never_wraps_a_whole_list_in_another_array() {
    assert_eq!(whole_list_pitfalls(SCRIPT), Vec::<String>::new());
}

#[test]
fn a_first_row_taken_from_a_wrapped_list_is_caught() {
    let snippet = "function Get-Rows {\n    $rows = New-Object -TypeName 'System.Collections.Generic.List[object]'\n    return , $rows\n}\n\
$row = @(Get-Rows -Query 'x')[0]\n\
$name = $row['name']\n";
    let problems = whole_list_pitfalls(snippet);
    assert!(problems.iter().any(|p| p.starts_with("line 5: @(Get-Rows")), "{problems:?}");
    // Indexing the call itself is right, and a function that lets the pipeline unroll its output is
    // fine inside @( ).
    let fine = "function Get-Rows {\n    return , $rows\n}\nfunction Get-Os { Get-CimInstance -ClassName Win32_OperatingSystem }\n\
$row = (Get-Rows)[0]\n$os = @(Get-Os)[0]\n";
    assert_eq!(whole_list_pitfalls(fine), Vec::<String>::new());
}
