//! No words of the shells' own on the wearer's screen: every text an Android or iOS screen
//! shows comes from the core's catalogue (`shellText`, `shellLinkText`, `shellErrorText`, or a
//! card's own fields), in the wearer's language (docs/language.md).
//!
//! There is no Compose or SwiftUI compiler here, so this reads the sources: the arguments of
//! the calls that put text on screen ([`SCREEN_CALLS`]: `Text(…)`, `Button(…)`,
//! `.navigationTitle(…)` …) and the right-hand side of an assignment to the screen's `error`
//! must hold no string literal with a letter in it (`"🎤"`, `" · "` and `""` are fine; the
//! app's name is allowed where it is the title). A literal in any other call (a log line, a
//! permission name, a UUID) is not the wearer's and is not checked.

use std::path::{Path, PathBuf};

use super::swift::without_comments;
use crate::TaskResult;
use crate::kotlin::sources;
use crate::process::Tally;

/// The calls whose arguments reach the screen (Compose and SwiftUI).
const SCREEN_CALLS: [&str; 9] = [
    "Text(",
    "Button(",
    "TextField(",
    "Label(",
    "Toggle(",
    "Section(",
    "navigationTitle(",
    "alert(",
    "confirmationDialog(",
];

/// Assignments whose value reaches the screen: the models' error line.
const SCREEN_STATE: [&str; 1] = ["error = "];

/// Words a screen may show as they are: the app's name.
const ALLOWED: [&str; 1] = ["Sightline"];

/// A literal with words on the wearer's screen: the line it is on and its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Literal {
    /// 1-based line number.
    pub line: usize,
    /// The literal as written, without its quotes.
    pub text: String,
}

/// The string literals in `code` (Kotlin or Swift), each with its byte offset; escapes are
/// kept as written, interpolations (`${…}`, `$name`, `\(…)`) removed.
fn string_literals(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut chars = code.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut text = String::new();
        while let Some((_, c)) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some((_, '(')) = chars.next() {
                        skip_group(&mut chars, '(', ')');
                    }
                }
                '$' if chars.peek().is_some_and(|(_, n)| *n == '{') => {
                    chars.next();
                    skip_group(&mut chars, '{', '}');
                }
                '$' if chars.peek().is_some_and(|(_, n)| n.is_alphabetic()) => {
                    while chars
                        .peek()
                        .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '_')
                    {
                        chars.next();
                    }
                }
                other => text.push(other),
            }
        }
        found.push((at, text));
    }
    found
}

/// Skips to the `close` matching an `open` already read.
fn skip_group(chars: &mut impl Iterator<Item = (usize, char)>, open: char, close: char) {
    let mut depth = 1usize;
    for (_, c) in chars {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return;
            }
        }
    }
}

/// The end (exclusive) of the argument list whose `(` is just before `from`.
fn arguments_end(code: &str, from: usize) -> usize {
    let mut depth = 1usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in code[from..].char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return from + i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// The byte ranges of `code` whose text reaches the screen.
fn screen_ranges(code: &str) -> Vec<(usize, usize)> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut ranges = Vec::new();
    for call in SCREEN_CALLS {
        for (at, _) in code.match_indices(call) {
            if code[..at].chars().next_back().is_some_and(ident) {
                continue;
            }
            let start = at + call.len();
            ranges.push((start, arguments_end(code, start)));
        }
    }
    for assignment in SCREEN_STATE {
        for (at, _) in code.match_indices(assignment) {
            if code[..at].chars().next_back().is_some_and(ident) {
                continue;
            }
            let start = at + assignment.len();
            let end = code[start..].find('\n').map_or(code.len(), |n| start + n);
            ranges.push((start, end));
        }
    }
    ranges
}

/// The literals with words in `source` that reach the screen.
pub fn wearer_literals(source: &str) -> Vec<Literal> {
    let code = without_comments(source);
    let ranges = screen_ranges(&code);
    let mut found: Vec<Literal> = string_literals(&code)
        .into_iter()
        .filter(|(at, _)| ranges.iter().any(|(from, to)| at >= from && at < to))
        .filter(|(_, text)| {
            let rest = ALLOWED
                .iter()
                .fold(text.clone(), |t, allowed| t.replace(allowed, ""));
            rest.chars().any(char::is_alphabetic)
        })
        .map(|(at, text)| Literal {
            line: code[..at].matches('\n').count() + 1,
            text,
        })
        .collect();
    found.sort_by_key(|l| l.line);
    found.dedup();
    found
}

/// The shells' screen sources: the Android modules' Kotlin and the iOS app's and Bluetooth
/// package's Swift (the generated bindings excluded).
fn screen_sources(root: &Path) -> TaskResult<Vec<PathBuf>> {
    let mut all = sources(&root.join("android/app/src/main"), &["kt"])?;
    all.extend(sources(&root.join("android/sightline/src/main"), &["kt"])?);
    all.extend(sources(&root.join("ios/SightlineApp"), &["swift"])?);
    all.extend(sources(
        &root.join("ios/Sightline/Sources/SightlineBluetooth"),
        &["swift"],
    )?);
    Ok(all)
}

/// Checks every screen source, printing one line per file (and one per literal found) and
/// the closing `N passed, N failed`.
pub fn check(root: &Path, tally: &mut Tally) -> TaskResult {
    println!("xtask: the shells' screens show no words of their own (only the catalogue's)");
    let files = screen_sources(root)?;
    let mut failed = 0;
    for path in &files {
        let shown = path.strip_prefix(root).unwrap_or(path).display();
        let literals = wearer_literals(&std::fs::read_to_string(path)?);
        if literals.is_empty() {
            println!("ok   shell words {shown}");
            continue;
        }
        failed += 1;
        for literal in literals {
            println!(
                "FAIL shell words {shown}:{}: \"{}\" is shown to the wearer; ask the core for it (shellText)",
                literal.line, literal.text
            );
        }
    }
    super::summarise(files.len() - failed, failed, tally, || {
        format!("{failed} shell file(s) show words that are not from the catalogue")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<String> {
        wearer_literals(source)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn shell_words_flags_english_on_screen_in_kotlin_and_swift() {
        let kotlin = r#"
            Text("Glasses: ${ui.link}")
            Button(onClick = { go() }) { Text(if (scanning) "Searching…" else "Find my glasses") }
            state.update { it.copy(error = "Sightline could not start: ${describe(e)}") }
            OutlinedTextField(text, { text = it }, label = { Text("Ask") })
        "#;
        assert_eq!(
            texts(kotlin),
            [
                "Glasses: ",
                "Searching…",
                "Find my glasses",
                "Sightline could not start: ",
                "Ask"
            ]
        );
        let swift = r#"
            Button(listener.listening ? "Stop" : "🎤") { stop() }
            Text("Total: \(total)").font(.title)
            self.error = "\(error)"
            .navigationTitle("Réglages")
            Button("确认") { confirm() }
        "#;
        assert_eq!(texts(swift), ["Stop", "Total: ", "Réglages", "确认"]);
        let found = wearer_literals("\n\nText(\"Hi\")");
        assert_eq!(found[0].line, 3);
    }

    #[test]
    fn shell_words_passes_catalogue_text_symbols_and_other_calls() {
        let fine = r#"
            Text(words.link(ui.link))
            Button(listener.listening ? ShellWords.text(.stopListening) : "🎤") {}
            Text(name + " · " + family)
            Button(enabled = ok, onClick = { onAsk(text); text = "" }) { Text(words.text(SEND)) }
            .navigationTitle("Sightline")
            shellText(localeTag: "zh", message: .ask)
            Log.w("Sightline", "scan failed with code $code")
            throw VaultFailure.Unavailable(reason: "the Keychain item is not data")
            // Text("a comment is not on screen")
            val detail = "Bluetooth is off"
        "#;
        assert_eq!(texts(fine), Vec::<String>::new());
    }
}
