//! The Swift shell's calls into the generated API, checked against the generated
//! `Sightline.swift` (there is no Swift compiler here; the hosted CI compiles the shell).
//!
//! [`SWIFT_SHELL_CALLS`] lists every FFI function, type, initializer, method, enum case and
//! record field the Swift shell (`ios/`) uses, in Swift's own spelling:
//! - `coreVersion()`, `classifyGlasses(name:serviceUuids:)`: a free function and its labels;
//! - `GattProfile`: a type (class, struct, enum or protocol);
//! - `Companion.pair(deviceId:transport:)`, `Companion.init(config:)`: a method or initializer;
//! - `GattDirection.notify`, `GattProfile.advertisedService`: an enum case or a field.
//!
//! Each entry must exist in the generated file, and each must still be used by the shell (so
//! the list does not keep entries the shell dropped).

use std::path::Path;

use crate::TaskResult;
use crate::kotlin::sources;
use crate::process::Tally;

/// Everything the Swift shell calls in the generated module (see the module doc for the forms).
pub const SWIFT_SHELL_CALLS: &[&str] = &[
    // Free functions.
    "coreVersion()",
    "defaultPrivacySettings()",
    "defaultProviderSettings()",
    "glassesGattProfile(family:)",
    "glassesGattProfiles()",
    "classifyGlasses(name:serviceUuids:)",
    // The companion and its events.
    "Companion.init(config:)",
    "companionWithKeyVault(config:vault:)",
    "Companion.subscribe(listener:)",
    "Companion.pair(deviceId:family:transport:)",
    "Companion.confirmPairing(matches:)",
    "Companion.ask(utterance:)",
    "Companion.confirm(actionId:)",
    "Companion.setPreference(key:valueJson:)",
    "Companion.preferences()",
    "Companion.setLanguage(localeTag:)",
    "Subscription",
    "CompanionConfig.init(dataDir:modelsDir:privacy:providers:)",
    "CompanionListener.onEvent(event:)",
    "CompanionEvent.cardShown",
    "CompanionEvent.confirmationNeeded",
    "CompanionEvent.linkChanged",
    "CompanionEvent.pairingCode",
    "Card.title",
    "Card.lines",
    "Card.why",
    "Money.display",
    "Preference.key",
    "Preference.valueJson",
    "SightlineError.InvalidInput",
    // The app's own words, in the phone's language (docs/language.md).
    "shellText(localeTag:message:)",
    "shellLinkText(localeTag:state:)",
    "shellErrorText(localeTag:error:)",
    "ShellMessage.startFailed",
    "ShellMessage.findGlasses",
    "ShellMessage.unnamedGlasses",
    "ShellMessage.pairingQuestion",
    "ShellMessage.pairingMatch",
    "ShellMessage.pairingDiffer",
    "ShellMessage.noBluetooth",
    "ShellMessage.bluetoothOff",
    "ShellMessage.bluetoothRefused",
    "ShellMessage.ask",
    "ShellMessage.send",
    "ShellMessage.stopListening",
    "ShellMessage.total",
    "ShellMessage.confirm",
    "ShellMessage.cancel",
    "ShellMessage.unexpectedFailure",
    // The BLE transport the shell implements, and the records it reads.
    "GlassesTransport.connect(deviceId:sink:)",
    "GlassesTransport.write(packet:)",
    "GlassesTransport.disconnect()",
    "GlassesTransport.isEncrypted()",
    "GlassesSink.connected(mtu:)",
    "GlassesSink.notification(packet:)",
    "GlassesSink.disconnected(reason:)",
    "TransportFailure.Failed",
    "TransportFailure.Disconnected",
    // The key vault the app implements over the Keychain.
    "KeyVault.load(name:)",
    "KeyVault.save(name:secret:)",
    "KeyVault.delete(name:)",
    "VaultFailure.Unavailable",
    "GlassesFamily",
    "GattProfile.name",
    "GattProfile.advertisedService",
    "GattProfile.peripherals",
    "GattProfile.writeWithResponse",
    "GattProfile.channels",
    "GattChannel.tag",
    "GattChannel.peripheral",
    "GattChannel.service",
    "GattChannel.characteristic",
    "GattChannel.direction",
    "GattDirection.write",
    "GattDirection.notify",
    "GlassesSighting.family",
    "GlassesSighting.peripheral",
    "GlassesSighting.deviceKey",
];

/// The platform notices the Swift shell must observe, each with the FFI call it makes on
/// them (the inventory above only says a call exists, not that it is made again when it must
/// be): the phone's language changed while the app runs, so the cards follow it.
pub const SWIFT_SHELL_HOOKS: &[(&str, &str)] =
    &[("NSLocale.currentLocaleDidChangeNotification", "setLanguage")];

/// The hooks of `hooks` the shell's `shell` sources do not observe, or observe without
/// making their call, each with what is wrong.
fn missing_hooks(hooks: &[(&str, &str)], shell: &str) -> Vec<(String, &'static str)> {
    hooks
        .iter()
        .filter_map(|(notice, call)| {
            let entry = format!("{notice} -> {call}");
            if !shell.contains(notice) {
                Some((entry, "not observed by the shell"))
            } else if !has_word(shell, call) {
                Some((entry, "observed, but the shell never makes its call"))
            } else {
                None
            }
        })
        .collect()
}

/// One parsed inventory entry.
#[derive(Debug, PartialEq, Eq)]
enum Call<'a> {
    /// A free function with its argument labels.
    Function(&'a str, Vec<&'a str>),
    /// A type.
    Type(&'a str),
    /// A method or initializer of a type, with its argument labels.
    Method(&'a str, &'a str, Vec<&'a str>),
    /// An enum case or a field of a type.
    Member(&'a str, &'a str),
}

impl<'a> Call<'a> {
    fn parse(entry: &'a str) -> Call<'a> {
        let (path, labels) = match entry.split_once('(') {
            Some((path, rest)) => {
                let labels = rest
                    .trim_end_matches(')')
                    .split(':')
                    .filter(|l| !l.is_empty())
                    .collect();
                (path, Some(labels))
            }
            None => (entry, None),
        };
        match (path.split_once('.'), labels) {
            (None, Some(labels)) => Call::Function(path, labels),
            (None, None) => Call::Type(path),
            (Some((ty, name)), Some(labels)) => Call::Method(ty, name, labels),
            (Some((ty, name)), None) => Call::Member(ty, name),
        }
    }

    /// The name the shell's sources must mention.
    fn used_name(&self) -> &'a str {
        match self {
            Call::Function(name, _) | Call::Type(name) | Call::Member(_, name) => name,
            Call::Method(ty, "init", _) => ty,
            Call::Method(_, name, _) => name,
        }
    }
}

/// `text` without its comments (`/* … */`, `// …`): the generated Swift puts doc comments
/// inside parameter lists, and comment text may hold braces, colons and commas.
pub(super) fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let (at, block) = match (rest.find("/*"), rest.find("//")) {
            (Some(b), Some(l)) if l < b => (l, false),
            (Some(b), _) => (b, true),
            (None, Some(l)) => (l, false),
            (None, None) => {
                out.push_str(rest);
                return out;
            }
        };
        out.push_str(&rest[..at]);
        rest = if block {
            rest[at + 2..]
                .find("*/")
                .map_or("", |end| &rest[at + 2 + end + 2..])
        } else {
            rest[at..].find('\n').map_or("", |end| &rest[at + end..])
        };
    }
}

/// True when `text` has `word` with no identifier character on either side.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// The text between the `{` at `open` and its matching `}`.
fn block(text: &str, open: usize) -> &str {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &text[open..open + i];
                }
            }
            _ => {}
        }
    }
    &text[open..]
}

/// The bodies of every declaration and extension of `ty`.
fn type_bodies<'t>(text: &'t str, ty: &str) -> Vec<&'t str> {
    let mut bodies = Vec::new();
    for keyword in ["class ", "struct ", "enum ", "protocol ", "extension "] {
        let needle = format!("{keyword}{ty}");
        for (at, _) in text.match_indices(&needle) {
            let after = text[at + needle.len()..].chars().next();
            if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(open) = text[at..].find('{') {
                bodies.push(block(text, at + open));
            }
        }
    }
    bodies
}

/// The external labels of every `func name(…)` (or `init(…)`) in `text`.
fn signatures(text: &str, name: &str) -> Vec<Vec<String>> {
    let needle = if name == "init" {
        "init(".to_string()
    } else {
        format!("func {name}(")
    };
    text.match_indices(&needle)
        .filter(|(at, _)| {
            // `init(` must not be the end of another word (`uninit(`).
            name != "init" || !text[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            let start = at + needle.len();
            let mut depth = 1usize;
            let mut end = text.len();
            for (i, c) in text[start..].char_indices() {
                match c {
                    '(' | '[' | '<' => depth += 1,
                    ')' | ']' | '>' => {
                        depth -= 1;
                        if depth == 0 {
                            end = start + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            split_params(&text[start..end])
        })
        .collect()
}

/// The external label of each parameter of a parameter list.
fn split_params(params: &str) -> Vec<String> {
    let mut labels = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in params.chars().chain(std::iter::once(',')) {
        match c {
            '(' | '[' | '<' => depth += 1,
            ')' | ']' | '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let head = current.split(':').next().unwrap_or_default();
                if let Some(label) = head.split_whitespace().next() {
                    labels.push(label.to_string());
                }
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    labels
}

fn has_signature(text: &str, name: &str, labels: &[&str]) -> bool {
    signatures(text, name)
        .iter()
        .any(|found| found.iter().map(String::as_str).eq(labels.iter().copied()))
}

/// Whether `call` exists in the generated Swift `generated`.
fn exists(generated: &str, call: &Call) -> bool {
    match call {
        Call::Function(name, labels) => has_signature(generated, name, labels),
        Call::Type(ty) => !type_bodies(generated, ty).is_empty(),
        Call::Method(ty, name, labels) => type_bodies(generated, ty)
            .iter()
            .any(|body| has_signature(body, name, labels)),
        Call::Member(ty, name) => type_bodies(generated, ty).iter().any(|body| {
            has_word(body, &format!("case {name}"))
                || body.contains(&format!("let {name}:"))
                || body.contains(&format!("var {name}:"))
        }),
    }
}

/// The problems of `entries` against `generated` and the shell's `shell` sources: each entry
/// with what is wrong, in order; an empty list when all is well.
fn problems(entries: &[&str], generated: &str, shell: &str) -> Vec<(String, &'static str)> {
    entries
        .iter()
        .filter_map(|entry| {
            let call = Call::parse(entry);
            if !exists(generated, &call) {
                Some((
                    entry.to_string(),
                    "missing from the generated Sightline.swift",
                ))
            } else if !has_word(shell, call.used_name()) {
                Some((
                    entry.to_string(),
                    "no longer used by the shell: drop it from the list",
                ))
            } else {
                None
            }
        })
        .collect()
}

/// Checks [`SWIFT_SHELL_CALLS`] against `generated/Sightline.swift` and the Swift sources under
/// `ios` (the generated copy in `Sources/Sightline/` excluded), printing one line per entry and
/// the closing `N passed, N failed`.
pub fn check(generated: &Path, ios: &Path, tally: &mut Tally) -> TaskResult {
    println!(
        "xtask: Swift shell inventory (the calls the iOS shell makes, in the generated Swift)"
    );
    let api = without_comments(&std::fs::read_to_string(generated.join("Sightline.swift"))?);
    let mut shell = String::new();
    for path in sources(ios, &["swift"])? {
        if !path.starts_with(ios.join("Sightline/Sources/Sightline")) {
            shell.push_str(&std::fs::read_to_string(&path)?);
            shell.push('\n');
        }
    }
    let mut problems = problems(SWIFT_SHELL_CALLS, &api, &shell);
    problems.extend(missing_hooks(SWIFT_SHELL_HOOKS, &without_comments(&shell)));
    let hooks = SWIFT_SHELL_HOOKS
        .iter()
        .map(|(notice, call)| format!("{notice} -> {call}"));
    let entries: Vec<String> = SWIFT_SHELL_CALLS
        .iter()
        .map(|e| e.to_string())
        .chain(hooks)
        .collect();
    for entry in &entries {
        match problems.iter().find(|(e, _)| e == entry) {
            Some((_, why)) => println!("FAIL shell swift {entry}: {why}"),
            None => println!("ok   shell swift {entry}"),
        }
    }
    let failed = problems.len();
    super::summarise(entries.len() - failed, failed, tally, || {
        format!("the Swift shell calls {failed} thing(s) the generated API does not have")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shapes UniFFI 0.32 generates, abridged.
    const GENERATED: &str = r#"
public protocol GlassesTransport: AnyObject, Sendable {
    func connect(deviceId: String, sink: GlassesSink) throws
    func write(packet: Data) throws
}
open class Companion: CompanionProtocol, @unchecked Sendable {
    public convenience init(config: CompanionConfig)throws {
        let pointer = try rustCallWithError(FfiConverterTypeSightlineError_lift) { uniffi_call($0) }
    }
    open func pair(deviceId: String, transport: GlassesTransport)async throws {
    }
}
public struct GattProfile {
    public let advertisedService: String
    public let channels: [GattChannel]
}
public enum GattDirection {
    case write
    case notify
}
public enum SightlineError: Swift.Error {
    case InvalidInput(reason: String)
}
public func classifyGlasses(name: String?, serviceUuids: [String]) -> GlassesSighting? {
}
public func coreVersion() -> String {
}
"#;

    const SHELL: &str = "classifyGlasses(name: n, serviceUuids: s); coreVersion(); \
        try Companion(config: c); companion.pair(deviceId: d, transport: t); \
        p.advertisedService; .notify; SightlineError.InvalidInput; func connect(deviceId:)";

    #[test]
    fn shell_swift_inventory_finds_functions_methods_cases_and_fields() {
        let entries = [
            "coreVersion()",
            "classifyGlasses(name:serviceUuids:)",
            "Companion.init(config:)",
            "Companion.pair(deviceId:transport:)",
            "GattProfile.advertisedService",
            "GattDirection.notify",
            "SightlineError.InvalidInput",
            "GlassesTransport.connect(deviceId:sink:)",
        ];
        assert_eq!(problems(&entries, GENERATED, SHELL), vec![]);
    }

    #[test]
    fn shell_swift_inventory_flags_what_the_api_lost_or_changed() {
        let entries = [
            // Removed from the FFI.
            "glassesGattProfiles()",
            // A relabelled argument.
            "classifyGlasses(name:uuids:)",
            "Companion.pair(deviceId:)",
            // A case and a field that are gone.
            "GattDirection.indicate",
            "GattProfile.advertised",
            // A function name that is only a prefix of a generated one.
            "core()",
        ];
        let found: Vec<String> = problems(&entries, GENERATED, SHELL)
            .into_iter()
            .map(|(entry, _)| entry)
            .collect();
        assert_eq!(found, entries.map(String::from));
    }

    #[test]
    fn shell_swift_inventory_flags_entries_the_shell_no_longer_uses() {
        let unused = problems(&["GattDirection.write"], GENERATED, SHELL);
        assert_eq!(unused.len(), 1);
        assert!(unused[0].1.contains("no longer used"));
    }

    #[test]
    fn shell_swift_inventory_reads_past_doc_comments_in_parameter_lists() {
        let generated = without_comments(
            "public init(\n /**\n * The tag, or `None`: {untagged}\n */tag: UInt8?, // note: x\n /** b */peripheral: UInt8) {}",
        );
        assert!(has_signature(&generated, "init", &["tag", "peripheral"]));
        assert_eq!(without_comments("a /* b */ c // d\ne"), "a  c \ne");
    }

    #[test]
    fn shell_swift_inventory_flags_a_locale_change_the_shell_does_not_follow() {
        let hooks = [("NSLocale.currentLocaleDidChangeNotification", "setLanguage")];
        let follows = "addObserver(forName: NSLocale.currentLocaleDidChangeNotification) { \
            _ = companion?.setLanguage(localeTag: tag) }";
        assert_eq!(missing_hooks(&hooks, follows), vec![]);
        let at_start_only = "_ = companion?.setLanguage(localeTag: tag)";
        let found = missing_hooks(&hooks, at_start_only);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("not observed"), "{found:?}");
        // Mentioned in a comment only: not observed.
        let commented = without_comments(
            "// TODO NSLocale.currentLocaleDidChangeNotification\nsetLanguage(localeTag: t)",
        );
        assert_eq!(missing_hooks(&hooks, &commented).len(), 1);
        let no_call = "addObserver(forName: NSLocale.currentLocaleDidChangeNotification) {}";
        assert!(missing_hooks(&hooks, no_call)[0].1.contains("never makes"));
    }

    #[test]
    fn shell_swift_inventory_entries_parse() {
        assert_eq!(
            Call::parse("Companion.pair(deviceId:transport:)"),
            Call::Method("Companion", "pair", vec!["deviceId", "transport"])
        );
        assert_eq!(
            Call::parse("coreVersion()"),
            Call::Function("coreVersion", vec![])
        );
        assert_eq!(Call::parse("GlassesFamily"), Call::Type("GlassesFamily"));
        assert_eq!(
            Call::parse("GattDirection.write"),
            Call::Member("GattDirection", "write")
        );
    }
}
