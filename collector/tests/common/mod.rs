//! Reading the collector script as PowerShell: the parse tree (tree-sitter-powershell), the commands it
//! calls, the .NET/COM methods it calls, its hash literals and its SQL table; and the read-only rules
//! the script must keep, as one check that the tests run on the script and on deliberately bad snippets.

#![allow(dead_code)] // each test crate uses its own part of this module

use tree_sitter::{Node, Parser, Tree};

/// A parsed PowerShell source.
pub struct Script<'s> {
    pub src: &'s str,
    pub tree: Tree,
}

/// A command call (`Get-CimInstance -ClassName X`): its name, its arguments as written, its line.
#[derive(Debug)]
pub struct CommandCall {
    pub name: String,
    pub args: Vec<String>,
    pub line: usize,
}

/// A method call on an object or a type (`$key.GetValue('x')`, `[IO.File]::WriteAllText(...)`).
#[derive(Debug)]
pub struct MethodCall {
    pub name: String,
    /// What the method is called on, as written (`$key`, `[System.IO.File]`).
    pub target: String,
    pub is_static: bool,
    pub args: Vec<String>,
    pub line: usize,
}

pub fn parse(src: &str) -> Script<'_> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_powershell::LANGUAGE.into()).expect("the PowerShell grammar loads");
    let tree = parser.parse(src, None).expect("tree-sitter returns a tree");
    Script { src, tree }
}

impl<'s> Script<'s> {
    pub fn text(&self, node: Node) -> &'s str {
        &self.src[node.start_byte()..node.end_byte()]
    }

    /// Every node, depth first, in source order.
    pub fn nodes(&self) -> Vec<Node<'_>> {
        let mut out = Vec::new();
        let mut stack = vec![self.tree.root_node()];
        while let Some(node) = stack.pop() {
            out.push(node);
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        out
    }

    /// ERROR and MISSING nodes, with their line and the text around them.
    pub fn syntax_problems(&self) -> Vec<String> {
        self.nodes()
            .into_iter()
            .filter(|n| n.is_error() || n.is_missing())
            .map(|n| {
                let text: String = self.text(n).chars().take(60).collect();
                format!("{} at line {}: {:?}", if n.is_missing() { "MISSING" } else { "ERROR" }, n.start_position().row + 1, text)
            })
            .collect()
    }

    pub fn commands(&self) -> Vec<CommandCall> {
        let mut out = Vec::new();
        for node in self.nodes().into_iter().filter(|n| n.kind() == "command") {
            let name = node.child_by_field_name("command_name").map(|n| self.text(n).to_string()).unwrap_or_default();
            let mut args = Vec::new();
            if let Some(elements) = node.child_by_field_name("command_elements") {
                let mut cursor = elements.walk();
                for element in elements.named_children(&mut cursor) {
                    if element.kind() != "command_argument_sep" {
                        args.push(self.text(element).to_string());
                    }
                }
            }
            out.push(CommandCall { name, args, line: node.start_position().row + 1 });
        }
        out
    }

    /// Method calls. The grammar gives `$x.M(args)` as an `invokation_expression` in expressions, and
    /// as a `member_access` followed by an `argument_list` among a command's arguments
    /// (`Write-Host $x.M(1)`); both are calls and both are returned.
    pub fn method_calls(&self) -> Vec<MethodCall> {
        let mut out = Vec::new();
        for node in self.nodes() {
            match node.kind() {
                "invokation_expression" => {
                    let mut cursor = node.walk();
                    let children: Vec<Node> = node.named_children(&mut cursor).collect();
                    let Some(member) = children.iter().find(|c| c.kind() == "member_name") else { continue };
                    let target = children.first().copied().filter(|c| c.kind() != "member_name");
                    let args = children.iter().find(|c| c.kind() == "argument_list").map(|a| self.arguments(*a)).unwrap_or_default();
                    out.push(MethodCall {
                        name: self.member_name(*member),
                        target: target.map(|t| self.text(t).to_string()).unwrap_or_default(),
                        is_static: target.is_some_and(|t| t.kind() == "type_literal") && self.text(node).contains("::"),
                        args,
                        line: node.start_position().row + 1,
                    });
                }
                "argument_list" if node.parent().is_some_and(|p| p.kind() == "command_elements") => {
                    // `Write-Host $x.M(1)`: the argument list follows, with no space, an argument
                    // that ends in a member access.
                    let Some(previous) = node.prev_named_sibling() else { continue };
                    if previous.end_byte() != node.start_byte() {
                        continue;
                    }
                    let Some(access) = last_descendant_ending_at(previous, "member_access", previous.end_byte()) else { continue };
                    let mut cursor = access.walk();
                    let children: Vec<Node> = access.named_children(&mut cursor).collect();
                    let Some(member) = children.iter().find(|c| c.kind() == "member_name") else { continue };
                    out.push(MethodCall {
                        name: self.member_name(*member),
                        target: children.first().map(|t| self.text(*t).to_string()).unwrap_or_default(),
                        is_static: self.text(access).contains("::"),
                        args: self.arguments(node),
                        line: node.start_position().row + 1,
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// A member name as written; a computed one (`$x.$name()`) is returned with its `$` so that no
    /// allow-list can match it.
    fn member_name(&self, member: Node) -> String {
        self.text(member).trim().to_string()
    }

    fn arguments(&self, list: Node) -> Vec<String> {
        let mut args = Vec::new();
        let mut stack = vec![list];
        while let Some(node) = stack.pop() {
            if node.kind() == "argument_expression" {
                args.push(self.text(node).trim().to_string());
                continue;
            }
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        args
    }

    /// Names of the functions the script defines.
    pub fn defined_functions(&self) -> Vec<String> {
        self.nodes()
            .into_iter()
            .filter(|n| n.kind() == "function_statement")
            .filter_map(|n| {
                let mut cursor = n.walk();
                let name = n.named_children(&mut cursor).find(|c| c.kind() == "function_name");
                name.map(|c| self.text(c).to_string())
            })
            .collect()
    }

    /// The source with comments blanked out (same byte offsets), for text searches that must ignore
    /// what the comments say.
    pub fn without_comments(&self) -> String {
        self.blank(&["comment"])
    }

    /// The source with comments and string literals blanked out.
    pub fn code_only(&self) -> String {
        self.blank(&["comment", "string_literal"])
    }

    fn blank(&self, kinds: &[&str]) -> String {
        let mut bytes = self.src.as_bytes().to_vec();
        for node in self.nodes().into_iter().filter(|n| kinds.contains(&n.kind())) {
            for b in &mut bytes[node.start_byte()..node.end_byte()] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// `$Name = ... @{ key = ...; ... }`: for every assignment of a hash literal to a variable, the
    /// variable name (without `$`) and the literal's keys in order.
    pub fn hash_assignments(&self) -> Vec<(String, Vec<String>, usize)> {
        let mut out = Vec::new();
        for node in self.nodes().into_iter().filter(|n| n.kind() == "assignment_expression") {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            let Some(left) = children.first() else { continue };
            let left_text = self.text(*left).trim();
            if !left_text.starts_with('$') || left_text.contains('.') || left_text.contains('[') {
                continue;
            }
            let Some(value) = children.get(2).or(children.last()) else { continue };
            let Some(hash) = first_descendant(*value, "hash_literal_expression") else { continue };
            // Only a literal that IS the value ([ordered]@{...} or @{...}), not one nested deeper.
            let value_text = self.text(*value).trim();
            let literal_text = self.text(hash);
            if !(value_text.starts_with("[ordered]") || value_text.starts_with("@{")) || !value_text.ends_with(literal_text.trim()) {
                continue;
            }
            out.push((left_text.trim_start_matches('$').to_string(), self.hash_keys(hash), node.start_position().row + 1));
        }
        out
    }

    /// The keys of one hash literal (its own entries, not those of literals nested in its values).
    pub fn hash_keys(&self, hash: Node) -> Vec<String> {
        self.hash_entries(hash).into_iter().map(|(k, _)| k).collect()
    }

    pub fn hash_entries<'t>(&self, hash: Node<'t>) -> Vec<(String, Node<'t>)> {
        let mut out = Vec::new();
        let Some(body) = first_child(hash, "hash_literal_body") else { return out };
        let mut cursor = body.walk();
        for entry in body.named_children(&mut cursor).filter(|c| c.kind() == "hash_entry") {
            let mut entry_cursor = entry.walk();
            let parts: Vec<Node> = entry.named_children(&mut entry_cursor).collect();
            if let (Some(key), Some(value)) = (parts.iter().find(|p| p.kind() == "key_expression"), parts.last()) {
                out.push((self.text(*key).trim().to_string(), *value));
            }
        }
        out
    }

    /// The `$SqlQueries = [ordered]@{ name = @'...'@ }` table: each query's name and text.
    pub fn sql_queries(&self) -> Vec<(String, String)> {
        for node in self.nodes().into_iter().filter(|n| n.kind() == "assignment_expression") {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            if children.first().map(|l| self.text(*l).trim()) != Some("$SqlQueries") {
                continue;
            }
            let Some(hash) = children.last().and_then(|v| first_descendant(*v, "hash_literal_expression")) else { continue };
            return self
                .hash_entries(hash)
                .into_iter()
                .map(|(key, value)| {
                    let literal = self.text(value).trim();
                    let body = literal
                        .strip_prefix("@'")
                        .and_then(|s| s.strip_suffix("'@"))
                        .unwrap_or_else(|| panic!("query {key} must be a verbatim here-string @'...'@, not {literal:.40}"));
                    (key, body.trim().to_string())
                })
                .collect();
        }
        Vec::new()
    }

    /// Assignments to a member (`$command.CommandText = $Query`): the member name and the value as written.
    pub fn member_assignments(&self) -> Vec<(String, String, usize)> {
        let mut out = Vec::new();
        for node in self.nodes().into_iter().filter(|n| n.kind() == "assignment_expression") {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            let (Some(left), Some(value)) = (children.first(), children.last()) else { continue };
            let Some(access) = first_descendant(*left, "member_access") else { continue };
            if self.text(access).trim() != self.text(*left).trim() {
                continue; // `$table[$x.y] = ...` assigns an element, not the member y
            }
            let mut access_cursor = access.walk();
            let member = access.named_children(&mut access_cursor).find(|c| c.kind() == "member_name");
            if let Some(member) = member {
                out.push((self.text(member).to_string(), self.text(*value).trim().to_string(), node.start_position().row + 1));
            }
        }
        out
    }
}

pub fn first_child<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).find(|c| c.kind() == kind)
}

fn last_descendant_ending_at<'t>(node: Node<'t>, kind: &str, end: usize) -> Option<Node<'t>> {
    let mut found = None;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == kind && n.end_byte() == end && found.is_none() {
            found = Some(n);
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor).filter(|c| c.end_byte() == end));
    }
    found
}

pub fn first_descendant<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == kind {
            return Some(n);
        }
        let mut cursor = n.walk();
        let children: Vec<Node> = n.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

// ---------------------------------------------------------------------------------------------------
// The read-only rules.
// ---------------------------------------------------------------------------------------------------

/// Commands that only read, display or convert. Anything else is refused, so an alias (`sc`, `rm`,
/// `iex`) or a new command has to be added here, in review, before the script may call it.
pub const ALLOWED_COMMANDS: &[&str] = &[
    "Get-CimInstance",
    "Get-WmiObject",
    "Get-ItemProperty",
    "Get-ChildItem",
    "Get-Item",
    "Get-Content",
    "Test-Path",
    "Join-Path",
    "Get-Date",
    "ConvertTo-Json",
    "Write-Host",
    "Write-Output",
    "Write-Warning",
    "Write-Verbose",
    "Select-Object",
    "Where-Object",
    "Sort-Object",
    "Measure-Object",
    // Only with -TypeName of ALLOWED_NEW_OBJECT_TYPES or -ComObject WindowsInstaller.Installer.
    "New-Object",
];

/// Commands that change something, run something else, or reach the network: refused by name.
pub const FORBIDDEN_COMMANDS: &[&str] = &[
    "Invoke-CimMethod",
    "Invoke-WmiMethod",
    "Set-WmiInstance",
    "Set-CimInstance",
    "New-CimInstance",
    "Remove-CimInstance",
    "Remove-WmiObject",
    "Register-WmiEvent",
    "Register-CimIndicationEvent",
    "Start-Service",
    "Stop-Service",
    "Restart-Service",
    "Set-Service",
    "Suspend-Service",
    "Resume-Service",
    "New-Service",
    "Start-Process",
    "Stop-Process",
    "Set-ItemProperty",
    "New-ItemProperty",
    "Remove-ItemProperty",
    "Rename-ItemProperty",
    "Clear-ItemProperty",
    "Set-Item",
    "New-Item",
    "Remove-Item",
    "Rename-Item",
    "Move-Item",
    "Copy-Item",
    "Clear-Item",
    "Set-Content",
    "Add-Content",
    "Clear-Content",
    "Out-File",
    "Tee-Object",
    "Export-Csv",
    "Export-Clixml",
    "Start-Transcript",
    "Set-Acl",
    "Invoke-Expression",
    "Invoke-Command",
    "Invoke-Item",
    "Invoke-WebRequest",
    "Invoke-RestMethod",
    "Invoke-Sqlcmd",
    "Start-BitsTransfer",
    "Test-Connection",
    "Send-MailMessage",
    "Import-Module",
    "Add-Type",
    "New-PSDrive",
    "New-PSSession",
    "Enter-PSSession",
    "New-CimSession",
    "Set-ExecutionPolicy",
    "Restart-Computer",
    "Stop-Computer",
    "Stop-WebAppPool",
    "Start-WebAppPool",
    "Set-WebConfiguration",
    "Set-WebConfigurationProperty",
];

/// Verbs that change state: a command (or one of the script's own functions) with one of them is
/// refused even when it is on no list.
pub const FORBIDDEN_VERBS: &[&str] = &[
    "Set",
    "New",
    "Remove",
    "Start",
    "Stop",
    "Restart",
    "Suspend",
    "Resume",
    "Invoke",
    "Clear",
    "Rename",
    "Move",
    "Copy",
    "Export",
    "Install",
    "Uninstall",
    "Register",
    "Unregister",
    "Enable",
    "Disable",
    "Update",
    "Reset",
    "Publish",
    "Send",
    "Import",
];

/// Types the script may create with New-Object (in memory: lists, an encoding, a SQL connection).
pub const ALLOWED_NEW_OBJECT_TYPES: &[&str] = &[
    "System.Collections.Generic.List[object]",
    "System.Text.UTF8Encoding",
    "System.Data.SqlClient.SqlConnectionStringBuilder",
    "System.Data.SqlClient.SqlConnection",
    "Security.Principal.WindowsPrincipal",
];

/// Methods the script may call on an object: reading registry keys, SQL data readers, XML, strings
/// and lists. `OpenSubKey` only with one argument (read-only); `InvokeMember` only as a get of
/// Windows Installer's read-only `ProductState` or `FeatureState` property.
pub const ALLOWED_METHODS: &[&str] = &[
    "Add",
    "Contains",
    "ContainsKey",
    "ToString",
    "Trim",
    "ToUpperInvariant",
    "GetValue",
    "GetValueNames",
    "GetSubKeyNames",
    "OpenSubKey",
    "GetType",
    "InvokeMember",
    "SelectNodes",
    "GetAttribute",
    "IsInRole",
    "GetUnresolvedProviderPathFromPSPath",
    "Open",
    "CreateCommand",
    "ExecuteReader",
    "Read",
    "IsDBNull",
    "GetName",
    "Close",
    "Dispose",
    "GetByteCount",
];

/// Static methods the script may call, as (type, method).
pub const ALLOWED_STATIC_METHODS: &[(&str, &str)] = &[
    ("string", "IsNullOrWhiteSpace"),
    ("string", "IsNullOrEmpty"),
    ("Microsoft.Win32.RegistryKey", "OpenBaseKey"),
    ("regex", "Matches"),
    ("Security.Principal.WindowsIdentity", "GetCurrent"),
    // The one file write: the inventory.
    ("System.IO.File", "WriteAllText"),
];

/// Methods that write or act, named so the failure says what was found.
pub const FORBIDDEN_METHODS: &[&str] = &[
    "InvokeMethod",
    "Invoke",
    "Put",
    "PutInstance",
    "Delete",
    "DeleteInstance",
    "SetValue",
    "CreateSubKey",
    "DeleteSubKey",
    "DeleteSubKeyTree",
    "DeleteValue",
    "SetAccessControl",
    "ExecuteNonQuery",
    "WriteAllBytes",
    "WriteAllLines",
    "AppendAllText",
    "AppendAllLines",
    "Create",
    "CreateText",
    "AppendText",
    "Save",
    "Start",
    "Stop",
    "Kill",
    "Install",
    "Uninstall",
    "new",
];

/// Parameters that reach another computer: the script reads this one only (SQL Server aside).
pub const REMOTE_PARAMETERS: &[&str] = &["-ComputerName", "-CimSession", "-Session", "-Credential"];

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn verb(name: &str) -> &str {
    name.split('-').next().unwrap_or("")
}

/// Every way `src` breaks the read-only rules, one line each (empty: it keeps them).
pub fn read_only_violations(src: &str) -> Vec<String> {
    let script = parse(src);
    let mut problems: Vec<String> = script.syntax_problems().into_iter().map(|p| format!("does not parse: {p}")).collect();
    let functions = script.defined_functions();
    for function in &functions {
        if FORBIDDEN_VERBS.iter().any(|v| eq(verb(function), v)) {
            problems.push(format!("function {function} has a verb that changes state"));
        }
    }

    for call in script.commands() {
        let name = call.name.as_str();
        let line = call.line;
        if name.is_empty() {
            problems.push(format!("line {line}: a command run through & or . (a name computed at run time)"));
            continue;
        }
        if FORBIDDEN_COMMANDS.iter().any(|f| eq(f, name)) {
            problems.push(format!("line {line}: {name} is forbidden"));
            continue;
        }
        if !eq(name, "New-Object") && FORBIDDEN_VERBS.iter().any(|v| eq(verb(name), v)) && !functions.iter().any(|f| eq(f, name)) {
            problems.push(format!("line {line}: {name} is forbidden (its verb changes state)"));
            continue;
        }
        if functions.iter().any(|f| eq(f, name)) {
            // The function's body is checked like the rest of the script.
        } else if !ALLOWED_COMMANDS.iter().any(|a| eq(a, name)) {
            problems.push(format!("line {line}: {name} is not on the allow-list of read commands"));
            continue;
        }
        for arg in &call.args {
            if REMOTE_PARAMETERS.iter().any(|p| eq(p, arg)) || eq(arg, "-Parallel") || eq(arg, "-AsJob") {
                problems.push(format!("line {line}: {name} {arg} is not allowed (another computer, or a job)"));
            }
        }
        if eq(name, "New-Object") {
            let allowed = match call.args.as_slice() {
                [flag, type_name, ..] if eq(flag, "-TypeName") => {
                    let type_name = type_name.trim_matches(|c| c == '\'' || c == '"');
                    ALLOWED_NEW_OBJECT_TYPES.iter().any(|t| eq(t, type_name))
                }
                [flag, prog_id] if eq(flag, "-ComObject") => eq(prog_id, "WindowsInstaller.Installer"),
                _ => false,
            };
            if !allowed {
                problems.push(format!("line {line}: New-Object {} creates something not on the list", call.args.join(" ")));
            }
        }
    }

    let mut file_writes = 0;
    for call in script.method_calls() {
        let (name, line) = (call.name.as_str(), call.line);
        if FORBIDDEN_METHODS.iter().any(|f| eq(f, name)) {
            problems.push(format!("line {line}: .{name}( is forbidden"));
            continue;
        }
        if call.is_static {
            let type_name = call.target.trim().trim_start_matches('[').trim_end_matches(']');
            if !ALLOWED_STATIC_METHODS.iter().any(|(t, m)| eq(t, type_name) && eq(m, name)) {
                problems.push(format!("line {line}: [{type_name}]::{name}( is not on the allow-list"));
            }
            if eq(name, "WriteAllText") {
                file_writes += 1;
            }
            continue;
        }
        if !ALLOWED_METHODS.iter().any(|a| eq(a, name)) {
            problems.push(format!("line {line}: .{name}( is not on the allow-list of read methods"));
            continue;
        }
        if eq(name, "OpenSubKey") && call.args.len() != 1 {
            problems.push(format!("line {line}: OpenSubKey with {} arguments (only the one-argument form is read-only)", call.args.len()));
        }
        if eq(name, "InvokeMember")
            && !(call.args.first().is_some_and(|a| a == "'FeatureState'" || a == "'ProductState'")
                && call.args.get(1).is_some_and(|a| a.ends_with("BindingFlags]::GetProperty")))
        {
            problems.push(format!("line {line}: InvokeMember other than a ProductState or FeatureState property get"));
        }
    }
    if file_writes != 1 {
        problems.push(format!("{file_writes} file writes ([System.IO.File]::WriteAllText); exactly one is allowed: the inventory"));
    }

    for node in script.nodes() {
        let line = node.start_position().row + 1;
        match node.kind() {
            "redirection" | "file_redirection_operator" => problems.push(format!("line {line}: output redirected to a file")),
            "command_invokation_operator" => problems.push(format!("line {line}: & or . runs a command chosen at run time")),
            "class_statement" | "enum_statement" => problems.push(format!("line {line}: class/enum needs PowerShell 5")),
            _ => {}
        }
    }

    let without_comments = script.without_comments().to_ascii_lowercase();
    if let Some(at) = without_comments.find("win32_product") {
        let line = src[..at].lines().count();
        problems.push(format!("line {line}: Win32_Product outside a comment (listing it reconfigures installed products)"));
    }
    let code = script.code_only();
    for token in ["??", "?.", "&&", "||"] {
        if let Some(at) = code.find(token) {
            let line = src[..at].lines().count();
            problems.push(format!("line {line}: {token} is PowerShell 7 syntax"));
        }
    }
    problems
}

/// Calls that would index the wrong thing: a function that returns its list whole (`return , $list`,
/// so that one row or none stays a list) must not be called inside `@( )`, which wraps that list in
/// another array, so that `@(Get-Rows ...)[0]` is the whole list and `$row['name']` fails on it.
pub fn whole_list_pitfalls(src: &str) -> Vec<String> {
    let script = parse(src);
    let whole: Vec<String> = script
        .nodes()
        .into_iter()
        .filter(|n| n.kind() == "function_statement")
        .filter(|n| {
            let body: String = script.text(*n).split_whitespace().collect::<Vec<_>>().join(" ");
            body.contains("return , ") || body.contains("return ,$")
        })
        .filter_map(|n| {
            let mut cursor = n.walk();
            let name = n.named_children(&mut cursor).find(|c| c.kind() == "function_name");
            name.map(|c| script.text(c).to_string())
        })
        .collect();
    let code = script.code_only();
    let mut problems = Vec::new();
    for (index, line) in code.lines().enumerate() {
        let compact: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        for name in &whole {
            if compact.to_ascii_lowercase().contains(&format!("@({}", name.to_ascii_lowercase())) {
                problems.push(format!(
                    "line {}: @({name} ...) wraps the list {name} returns whole in another array: index the call itself",
                    index + 1
                ));
            }
        }
    }
    problems
}
