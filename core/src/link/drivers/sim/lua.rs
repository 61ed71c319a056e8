//! Just enough of Lua for the simulated Frame: the tokens and statements the Frame driver
//! sends (function definitions, calls with literal arguments, `print` of concatenations).
//! Anything else is reported as an error, as the Frame's REPL would print one.

/// One Lua token.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    /// A name, dotted paths included (`frame.display.text`).
    Name(String),
    /// A string literal, escapes resolved.
    Str(Vec<u8>),
    /// A number.
    Num(f64),
    /// `..`
    Concat,
    /// Any other punctuation.
    Punct(char),
}

/// Splits `code` into tokens.
pub(super) fn tokenize(code: &str) -> Result<Vec<Token>, String> {
    let bytes = code.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.')
                && !(bytes[i] == b'.' && bytes.get(i + 1) == Some(&b'.'))
            {
                i += 1;
            }
            tokens.push(Token::Name(code[start..i].to_string()));
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                i += 1;
            }
            let n = code[start..i]
                .parse()
                .map_err(|_| format!("malformed number near {:?}", &code[start..i]))?;
            tokens.push(Token::Num(n));
        } else if c == b'.' && bytes.get(i + 1) == Some(&b'.') {
            tokens.push(Token::Concat);
            i += 2;
        } else if c == b'"' || c == b'\'' {
            let (s, next) = string_literal(bytes, i)?;
            tokens.push(Token::Str(s));
            i = next;
        } else {
            tokens.push(Token::Punct(char::from(c)));
            i += 1;
        }
    }
    Ok(tokens)
}

/// The string literal starting at `start` (a quote) and the index after it.
fn string_literal(bytes: &[u8], start: usize) -> Result<(Vec<u8>, usize), String> {
    let quote = bytes[start];
    let mut out = Vec::new();
    let mut i = start + 1;
    loop {
        let c = *bytes.get(i).ok_or("unfinished string")?;
        i += 1;
        if c == quote {
            return Ok((out, i));
        }
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let e = *bytes.get(i).ok_or("unfinished string")?;
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'\\' | b'"' | b'\'' => out.push(e),
            b'0'..=b'9' => {
                let mut value = u32::from(e - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(d) if d.is_ascii_digit() => {
                            value = value * 10 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(value).map_err(|_| "decimal escape too large")?);
            }
            other => return Err(format!("invalid escape sequence '\\{}'", char::from(other))),
        }
    }
}

/// One top-level statement.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Statement {
    /// `function name(…) body end`
    Function {
        /// The name.
        name: String,
        /// The body's tokens.
        body: Vec<Token>,
    },
    /// `name(args)`; each argument's tokens.
    Call {
        /// The function.
        name: String,
        /// Arguments.
        args: Vec<Vec<Token>>,
    },
}

fn opens_block(t: &Token) -> bool {
    matches!(t, Token::Name(n) if n == "function" || n == "do" || n == "then")
}

fn closes_block(t: &Token) -> bool {
    matches!(t, Token::Name(n) if n == "end")
}

/// Parses `tokens` into statements (optionally separated by `;`).
pub(super) fn parse(tokens: &[Token]) -> Result<Vec<Statement>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Punct(';') => i += 1,
            Token::Name(n) if n == "function" => {
                let Some(Token::Name(name)) = tokens.get(i + 1) else {
                    return Err("function without a name".into());
                };
                let mut depth = 1;
                let mut j = i + 2;
                while depth > 0 {
                    let t = tokens.get(j).ok_or("'end' expected")?;
                    if opens_block(t) {
                        depth += 1;
                    } else if closes_block(t) {
                        depth -= 1;
                    }
                    j += 1;
                }
                out.push(Statement::Function {
                    name: name.clone(),
                    body: tokens[i + 2..j - 1].to_vec(),
                });
                i = j;
            }
            Token::Name(name) => {
                if tokens.get(i + 1) != Some(&Token::Punct('(')) {
                    return Err(format!("syntax error near '{name}'"));
                }
                let mut args = vec![Vec::new()];
                let mut depth = 0usize;
                let mut block = 0usize;
                let mut j = i + 2;
                loop {
                    let t = tokens.get(j).ok_or("')' expected")?;
                    j += 1;
                    match t {
                        Token::Punct('(') => depth += 1,
                        Token::Punct(')') if depth == 0 && block == 0 => break,
                        Token::Punct(')') => depth = depth.saturating_sub(1),
                        Token::Punct(',') if depth == 0 && block == 0 => {
                            args.push(Vec::new());
                            continue;
                        }
                        t if opens_block(t) => block += 1,
                        t if closes_block(t) => block = block.saturating_sub(1),
                        _ => {}
                    }
                    if let Some(last) = args.last_mut() {
                        last.push(t.clone());
                    }
                }
                if args.len() == 1 && args[0].is_empty() {
                    args.clear();
                }
                out.push(Statement::Call {
                    name: name.clone(),
                    args,
                });
                i = j;
            }
            other => return Err(format!("unexpected symbol {other:?}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_statements_parse() {
        let code = r#"frame.display.text("a\"b\\c;d",1,41);frame.display.show()"#;
        let statements = parse(&tokenize(code).unwrap()).unwrap();
        assert_eq!(
            statements,
            vec![
                Statement::Call {
                    name: "frame.display.text".into(),
                    args: vec![
                        vec![Token::Str(b"a\"b\\c;d".to_vec())],
                        vec![Token::Num(1.0)],
                        vec![Token::Num(41.0)],
                    ],
                },
                Statement::Call {
                    name: "frame.display.show".into(),
                    args: vec![],
                },
            ]
        );
        let helper = "function f(q)while x do y()end z('\\7'..d)end g(1)";
        let statements = parse(&tokenize(helper).unwrap()).unwrap();
        assert!(matches!(&statements[0], Statement::Function { name, .. } if name == "f"));
        assert!(matches!(&statements[1], Statement::Call { name, .. } if name == "g"));
        assert!(tokenize("'unfinished").is_err());
        assert!(parse(&tokenize("x = 1").unwrap()).is_err());
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use crate::link::drivers::frame::lua_string;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn lua_strings_round_trip(text in "\\PC{0,80}|[\\x00-\\x1f\"\\\\]{0,20}") {
            prop_assert_eq!(tokenize(&lua_string(&text)).unwrap(), vec![Token::Str(text.into_bytes())]);
        }

        #[test]
        fn any_text_tokenizes_and_parses_without_panic(code in "\\PC{0,200}") {
            if let Ok(tokens) = tokenize(&code) {
                let _ = parse(&tokens);
            }
        }
    }
}
