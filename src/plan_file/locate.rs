//! Finds where a [`FieldPath`] sits in RON text, so that validation errors can
//! name a line and column.
//!
//! Validation works on the deserialized [`crate::model::Plan`], which has forgotten
//! where its values came from. This module goes back to the text: a small scanner
//! splits it into tokens that carry their position, and a walker follows the path
//! through them:
//!
//! | segment     | RON it matches                                                  |
//! |-------------|-----------------------------------------------------------------|
//! | `Field(f)`  | the value of `f: value` in `Name(..)` or `(..)`                 |
//! | `Index(i)`  | the `i`-th element of `[..]`, or of a tuple `Run("app", Single)` |
//! | `Key(k)`    | the value of `"k": value` in `{..}` (the last one if repeated)  |
//!
//! `Some(x)` is looked through (plans are read with `implicit_some`, but writing
//! `Some(..)` is allowed). The scanner knows `//` and nested `/* */` comments,
//! strings with escapes, raw strings `r#".."#`, byte strings, char literals,
//! `r#raw` identifiers and `#![enable(..)]` attributes; numbers, identifiers and
//! other words are opaque atoms. Brackets are matched once, in one pass with an
//! explicit stack; the walk then descends only as deep as the path and jumps over
//! the values in between, so arbitrarily deep or malformed text costs no stack and
//! cannot panic.
//!
//! Positions are 1-based; lines end at `\n` and columns count chars, as in ron's
//! own error positions. [`Locator::span`] gives the byte range of a value instead,
//! for editing the text in place (`headroom set` replaces just a number and keeps
//! every comment and blank around it).

use std::ops::Range;

use crate::model::{FieldPath, Segment};

/// 1-based (line, column) of the first character of the value at `path`.
///
/// When a segment cannot be followed (a defaulted field absent from the file, an
/// index past the end, malformed text), the position of the deepest value reached
/// is returned instead: for a missing field, the start of the enclosing struct
/// (its name, or its `(` when it has none). (1, 1) when the text holds no value.
///
/// Scans the whole text; to locate many paths in one text, use [`Locator`].
pub fn locate(text: &str, path: &FieldPath) -> (usize, usize) {
    Locator::new(text).locate(path)
}

/// A text scanned once, for locating many paths in it (a plan with thousands of
/// problems): each [`Locator::locate`] then costs the sizes of the lists and
/// structs on its path, not the size of the text.
pub struct Locator {
    doc: Doc,
}

impl Locator {
    /// Scans `text`.
    pub fn new(text: &str) -> Self {
        let tokens = lex(text);
        let ends = group_ends(&tokens);
        Self {
            doc: Doc { tokens, ends },
        }
    }

    /// Same as [`locate`].
    pub fn locate(&self, path: &FieldPath) -> (usize, usize) {
        let at = match self.walk(path) {
            Some(Ok(at) | Err(at)) => at,
            None => return (1, 1),
        };
        self.doc
            .tokens
            .get(at)
            .map_or((1, 1), |token| (token.line, token.column))
    }

    /// The byte range of the value at `path` in the scanned text, exactly as
    /// written: a number `20`, a string `"demo"` with its quotes, a whole
    /// `Driver(..)` or `[..]` up to its closing bracket, `Some(..)` included (it is
    /// not looked through at the end of the path). Comments and blanks around the
    /// value are outside the range, so replacing `text[range]` keeps them.
    ///
    /// `None` when the path cannot be followed to its end (a field absent from the
    /// text, an index past the end, malformed text): unlike [`Locator::locate`],
    /// there is no nearest position to fall back to when the aim is an edit.
    pub fn span(&self, path: &FieldPath) -> Option<Range<usize>> {
        let at = self.walk(path)?.ok()?;
        let doc = &self.doc;
        let first = doc.tokens.get(at)?;
        let last = doc.skip_value(at).checked_sub(1)?;
        let end = doc.tokens.get(last.max(at))?.end;
        Some(first.start..end)
    }

    /// Follows `path` from the root: `Ok(token index)` of the value it leads to,
    /// `Err(token index)` of the deepest value reached when a segment cannot be
    /// followed, `None` when the text holds no value.
    fn walk(&self, path: &FieldPath) -> Option<Result<usize, usize>> {
        let doc = &self.doc;
        let mut at = doc.root()?;
        for segment in &path.0 {
            let value = doc.look_through_some(at);
            match doc.child(value, segment) {
                Some(child) => at = child,
                None => return Some(Err(value)),
            }
        }
        Some(Ok(at))
    }
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// `(`, `[` or `{`.
    Open(char),
    /// `)`, `]` or `}`.
    Close,
    /// `,`.
    Comma,
    /// `:`.
    Colon,
    /// A string literal, escapes decoded (normal, raw or byte string).
    Str(String),
    /// Anything else up to the next delimiter: identifiers, numbers, `true`,
    /// `NaN`, char literals, stray characters.
    Atom(String),
}

/// A token, the 1-based position of its first character and its byte range.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: Kind,
    line: usize,
    column: usize,
    /// Byte offset of its first character.
    start: usize,
    /// Byte offset just past its last character.
    end: usize,
}

/// Characters that end an atom.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' | '"' | '/')
}

/// Whitespace as far as the scanner cares (a byte-order mark included).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// A cursor over the text's chars that keeps the line and column.
struct Lexer {
    chars: Vec<char>,
    at: usize,
    /// Byte offset of `chars[at]` in the text.
    byte: usize,
    line: usize,
    column: usize,
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        self.byte += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Skips whitespace, `// line` and nested `/* block */` comments (an
    /// unterminated block comment runs to the end of the text).
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(c), _) if is_blank(c) => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match (self.peek(0), self.peek(1)) {
                            (None, _) => return,
                            (Some('/'), Some('*')) => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// If a raw string `r"..."` / `r#"..."#` starts `ahead` chars from here, the
    /// number of `#` it uses.
    fn raw_string_hashes(&self, ahead: usize) -> Option<usize> {
        if self.peek(ahead) != Some('r') {
            return None;
        }
        let mut hashes = 0;
        while self.peek(ahead + 1 + hashes) == Some('#') {
            hashes += 1;
        }
        (self.peek(ahead + 1 + hashes) == Some('"')).then_some(hashes)
    }

    /// A string after its opening `"`, escapes decoded; ends at the closing `"`
    /// or at the end of the text.
    fn string(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('0') => out.push('\0'),
                    Some('u') if self.peek(0) == Some('{') => {
                        self.bump();
                        let mut hex = String::new();
                        while let Some(h) = self.peek(0).filter(|h| *h != '}' && *h != '"') {
                            hex.push(h);
                            self.bump();
                        }
                        if self.peek(0) == Some('}') {
                            self.bump();
                        }
                        if let Some(decoded) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            out.push(decoded);
                        }
                    }
                    Some('x') => {
                        let mut hex = String::new();
                        for _ in 0..2 {
                            if let Some(h) = self.peek(0).filter(char::is_ascii_hexdigit) {
                                hex.push(h);
                                self.bump();
                            }
                        }
                        if let Some(decoded) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            out.push(decoded);
                        }
                    }
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        out
    }

    /// A raw string from its `r`, with `hashes` `#` on each side; no escapes.
    fn raw_string(&mut self, hashes: usize) -> String {
        for _ in 0..hashes + 2 {
            self.bump(); // r, the #s, the opening "
        }
        let mut out = String::new();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|k| self.peek(k) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                break;
            }
            out.push(c);
        }
        out
    }

    /// A char literal from its opening `'` to the closing one, as written.
    fn char_literal(&mut self) -> String {
        let mut out = String::new();
        if let Some(quote) = self.bump() {
            out.push(quote);
        }
        while let Some(c) = self.bump() {
            out.push(c);
            match c {
                '\'' | '\n' => break,
                '\\' => {
                    if let Some(escaped) = self.bump() {
                        out.push(escaped);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The next token, or `None` at the end of the text.
    fn token(&mut self) -> Option<Token> {
        self.skip_trivia();
        let (line, column, start) = (self.line, self.column, self.byte);
        let c = self.peek(0)?;
        let kind = match c {
            '(' | '[' | '{' => {
                self.bump();
                Kind::Open(c)
            }
            ')' | ']' | '}' => {
                self.bump();
                Kind::Close
            }
            ',' => {
                self.bump();
                Kind::Comma
            }
            ':' => {
                self.bump();
                Kind::Colon
            }
            '"' => {
                self.bump();
                Kind::Str(self.string())
            }
            '\'' => Kind::Atom(self.char_literal()),
            'b' if self.peek(1) == Some('"') => {
                self.bump();
                self.bump();
                Kind::Str(self.string())
            }
            'b' if self.peek(1) == Some('\'') => {
                self.bump();
                Kind::Atom(format!("b{}", self.char_literal()))
            }
            'b' if self.raw_string_hashes(1).is_some() => {
                let hashes = self.raw_string_hashes(1).unwrap_or(0);
                self.bump();
                Kind::Str(self.raw_string(hashes))
            }
            'r' if self.raw_string_hashes(0).is_some() => {
                let hashes = self.raw_string_hashes(0).unwrap_or(0);
                Kind::Str(self.raw_string(hashes))
            }
            _ => {
                let mut atom = String::new();
                while let Some(c) = self.peek(0).filter(|c| !is_delimiter(*c)) {
                    atom.push(c);
                    self.bump();
                }
                if atom.is_empty() {
                    // A lone `/` that does not start a comment: one char, so that
                    // the scanner always moves on.
                    atom.extend(self.bump());
                }
                Kind::Atom(atom)
            }
        };
        Some(Token {
            kind,
            line,
            column,
            start,
            end: self.byte,
        })
    }
}

/// All tokens of the text, in order.
fn lex(text: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        chars: text.chars().collect(),
        at: 0,
        byte: 0,
        line: 1,
        column: 1,
    };
    std::iter::from_fn(|| lexer.token()).collect()
}

/// For each token, the index just past its group when it opens one (the end of
/// the tokens when the group is never closed); 0 for other tokens. Brackets are
/// counted without matching their kinds: malformed text only needs to end
/// somewhere. One pass with an explicit stack, so any depth is fine.
fn group_ends(tokens: &[Token]) -> Vec<usize> {
    let mut ends = vec![0; tokens.len()];
    let mut open = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Open(_) => open.push(i),
            Kind::Close => {
                if let Some(start) = open.pop() {
                    ends[start] = i + 1;
                }
            }
            _ => {}
        }
    }
    for start in open {
        ends[start] = tokens.len();
    }
    ends
}

/// One element of a bracketed group: `key: value` or a bare value.
#[derive(Debug, Clone, Copy)]
struct Element {
    /// Token index of the field name or map key, for `key: value`.
    key: Option<usize>,
    /// Token index where the value starts; `None` for `key:` with nothing after.
    value: Option<usize>,
}

/// The tokens of a text and the walks over them. Every index may be out of range
/// (malformed text); lookups use `get`.
struct Doc {
    tokens: Vec<Token>,
    /// [`group_ends`] of the tokens.
    ends: Vec<usize>,
}

impl Doc {
    fn kind(&self, i: usize) -> Option<&Kind> {
        self.tokens.get(i).map(|t| &t.kind)
    }

    /// Index of the top-level value, after any `#![enable(..)]` attributes.
    fn root(&self) -> Option<usize> {
        let mut i = 0;
        while let Some(Kind::Atom(atom)) = self.kind(i) {
            if !atom.starts_with('#') {
                break;
            }
            i += 1;
            if let Some(Kind::Open(_)) = self.kind(i) {
                i = self.skip_group(i);
            }
        }
        (i < self.tokens.len()).then_some(i)
    }

    /// Index of the `(`, `[` or `{` that opens the value at `i`, if it has one:
    /// the value itself, or the `(` after a struct or variant name.
    fn group_of(&self, i: usize) -> Option<(usize, char)> {
        match (self.kind(i), self.kind(i + 1)) {
            (Some(Kind::Open(open)), _) => Some((i, *open)),
            (Some(Kind::Atom(_)), Some(Kind::Open('('))) => Some((i + 1, '(')),
            _ => None,
        }
    }

    /// Index just past the group opened at `open` (the end of the tokens when it is
    /// never closed; `open + 1` when no group opens there).
    fn skip_group(&self, open: usize) -> usize {
        self.ends
            .get(open)
            .copied()
            .filter(|end| *end > open)
            .unwrap_or(open + 1)
    }

    /// Index just past the value starting at `i`; `i` itself when no value starts
    /// there (a delimiter or the end).
    fn skip_value(&self, i: usize) -> usize {
        match self.kind(i) {
            None | Some(Kind::Close | Kind::Comma | Kind::Colon) => i,
            _ => match self.group_of(i) {
                Some((open, _)) => self.skip_group(open),
                None => i + 1,
            },
        }
    }

    /// The elements of the group opened at `open`, up to its closing bracket (of
    /// any kind) or the end of the tokens.
    fn elements(&self, open: usize) -> Vec<Element> {
        let mut elements = Vec::new();
        let mut i = open + 1;
        loop {
            match self.kind(i) {
                None | Some(Kind::Close) => break,
                Some(Kind::Comma | Kind::Colon) => {
                    // Separator, or a stray one in malformed text.
                    i += 1;
                    continue;
                }
                Some(_) => {}
            }
            let first = i;
            let after = self.skip_value(first).max(first + 1);
            if self.kind(after) == Some(&Kind::Colon) {
                let value = after + 1;
                let end = self.skip_value(value);
                elements.push(Element {
                    key: Some(first),
                    value: (end > value).then_some(value),
                });
                i = end.max(value);
            } else {
                elements.push(Element {
                    key: None,
                    value: Some(first),
                });
                i = after;
            }
        }
        elements
    }

    /// The value inside `Some(..)`, repeatedly; `i` when it is not a `Some`.
    fn look_through_some(&self, mut i: usize) -> usize {
        while let (Some(Kind::Atom(name)), Some(Kind::Open('('))) = (self.kind(i), self.kind(i + 1))
        {
            if name != "Some" {
                break;
            }
            match self.elements(i + 1).as_slice() {
                [
                    Element {
                        key: None,
                        value: Some(inner),
                    },
                ] => i = *inner,
                _ => break,
            }
        }
        i
    }

    /// Index of the value that `segment` leads to from the value at `i`.
    fn child(&self, i: usize, segment: &Segment) -> Option<usize> {
        let (open, bracket) = self.group_of(i)?;
        let elements = self.elements(open);
        match segment {
            Segment::Field(name) if bracket == '(' => elements
                .iter()
                .find(|e| {
                    matches!(e.key.and_then(|k| self.kind(k)),
                        Some(Kind::Atom(atom)) if atom.strip_prefix("r#").unwrap_or(atom) == *name)
                })
                .and_then(|e| e.value),
            Segment::Index(index) if bracket != '{' => elements.get(*index).and_then(|e| e.value),
            Segment::Key(key) if bracket == '{' => elements
                .iter()
                .rev()
                .find(|e| {
                    matches!(e.key.and_then(|k| self.kind(k)),
                        Some(Kind::Str(s) | Kind::Atom(s)) if s == key)
                })
                .and_then(|e| e.value),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[Segment]) -> FieldPath {
        FieldPath(segments.to_vec())
    }

    fn f(name: &'static str) -> Segment {
        Segment::Field(name)
    }

    fn i(index: usize) -> Segment {
        Segment::Index(index)
    }

    fn k(key: &str) -> Segment {
        Segment::Key(key.to_owned())
    }

    /// 1-based (line, column) of the first occurrence of `needle` in `text`,
    /// columns in chars.
    fn pos_of(text: &str, needle: &str) -> (usize, usize) {
        pos_at(text, text.find(needle).expect("needle in text"))
    }

    fn pos_at(text: &str, byte: usize) -> (usize, usize) {
        let before = &text[..byte];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    }

    const PLAN: &str = r#"// A plan.
Plan(
    version: 1,
    name: "demo",
    drivers: [
        Driver(name: "users", value: 20, min: 1, max: 10000),
        Driver(name: "tenants", value: 3, min: 1, max: 50),
    ],
    resources: [ResourceSpec(name: "ram", warn: Some(0.95), critical: 0.9)],
    components: [
        Component(name: "app", demand: {"ram": (base: 1.0, per: {"users": 0.001})}),
        Component(name: "db", kind: RelationalDb(shared_buffers_gb: 2, max_connections: 100,
            ram_per_connection_mb: 10, connections: (base: 5, per: {"tenants": -1}))),
    ],
    phases: [
        Phase(name: "One", groups: [
            NodeGroup(
                name: "vps",
                shape: (vcpu: 2, ram_gb: 0, disk_gb: 40),
                count: Fixed(1),
                price: Usd(12),
                runs: [Run("app", Single), Run("ghost", Spread)],
            ),
        ]),
    ],
)
"#;

    #[test]
    fn fields_indices_and_keys() {
        let cases: Vec<(FieldPath, &str)> = vec![
            (path(&[f("version")]), "1,"),
            (path(&[f("name")]), "\"demo\""),
            (path(&[f("drivers")]), "[\n"),
            (path(&[f("drivers"), i(0)]), "Driver(name: \"users\""),
            (path(&[f("drivers"), i(1), f("max")]), "50)"),
            (path(&[f("resources"), i(0), f("critical")]), "0.9)"),
            (path(&[f("resources"), i(0), f("warn")]), "Some(0.95)"),
            (
                path(&[
                    f("components"),
                    i(0),
                    f("demand"),
                    k("ram"),
                    f("per"),
                    k("users"),
                ]),
                "0.001",
            ),
            (
                path(&[
                    f("components"),
                    i(1),
                    f("kind"),
                    f("connections"),
                    f("per"),
                    k("tenants"),
                ]),
                "-1",
            ),
            (
                path(&[
                    f("phases"),
                    i(0),
                    f("groups"),
                    i(0),
                    f("shape"),
                    f("ram_gb"),
                ]),
                "0, disk_gb",
            ),
            (
                path(&[f("phases"), i(0), f("groups"), i(0), f("runs"), i(1)]),
                "Run(\"ghost\"",
            ),
            (
                path(&[f("phases"), i(0), f("groups"), i(0), f("runs"), i(1), i(0)]),
                "\"ghost\"",
            ),
            (
                path(&[f("phases"), i(0), f("groups"), i(0), f("runs"), i(1), i(1)]),
                "Spread",
            ),
            (path(&[]), "Plan("),
        ];
        for (p, needle) in cases {
            assert_eq!(locate(PLAN, &p), pos_of(PLAN, needle), "{p}");
        }
    }

    #[test]
    fn missing_segments_stop_at_the_deepest_value_found() {
        // A defaulted field absent from the file: the enclosing struct.
        let p = path(&[f("drivers"), i(1), f("scale")]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "Driver(name: \"tenants\""));
        // An index past the end: the list.
        let p = path(&[f("drivers"), i(7), f("value")]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "[\n        Driver"));
        // An absent map key: the map.
        let p = path(&[f("components"), i(0), f("demand"), k("disk")]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "{\"ram\""));
        // A field of a scalar: the scalar.
        let p = path(&[f("version"), f("major")]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "1,"));
        // A missing top-level field: the plan.
        let p = path(&[f("main_driver")]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "Plan("));
        // Kinds of segment that do not fit the bracket.
        let p = path(&[f("drivers"), k("users")]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "[\n        Driver"));
        let p = path(&[f("components"), i(0), f("demand"), i(0)]);
        assert_eq!(locate(PLAN, &p), pos_of(PLAN, "{\"ram\""));
    }

    #[test]
    fn comments_and_strings_do_not_confuse_the_scanner() {
        let text = "/* header /* nested: ( [ { */ still comment ) */\n\
                    // name: \"line comment\"\n\
                    (\n\
                    \x20 note: \"name: ( [ { \\\" } ] ) // not a comment\",\n\
                    \x20 other: r#\"raw \" name: (\"#, /* name: 1 */\n\
                    \x20 bytes: b\"x\\\"y\", chr: '(', esc: '\\'',\n\
                    \x20 name: \"real\", // trailing\n\
                    )";
        let (line, column) = locate(text, &path(&[f("name")]));
        assert_eq!((line, column), pos_of(text, "\"real\""));
        assert_eq!(locate(text, &path(&[f("other")])), pos_of(text, "r#\""));
        assert_eq!(locate(text, &path(&[f("esc")])), pos_of(text, "'\\''"));
        assert_eq!(locate(text, &path(&[])), pos_of(text, "(\n"));
    }

    #[test]
    fn map_keys_are_compared_decoded_and_the_last_duplicate_wins() {
        let text = r#"{"a\"b": 1, "\u{e9}t\u{e9}": 2, r"raw": 3, "dup": 4, "dup": 5, "\x41": 6}"#;
        assert_eq!(locate(text, &path(&[k("a\"b")])), pos_of(text, "1,"));
        assert_eq!(locate(text, &path(&[k("été")])), pos_of(text, "2,"));
        assert_eq!(locate(text, &path(&[k("raw")])), pos_of(text, "3,"));
        assert_eq!(locate(text, &path(&[k("dup")])), pos_of(text, "5,"));
        assert_eq!(locate(text, &path(&[k("A")])), pos_of(text, "6}"));
    }

    #[test]
    fn columns_count_chars_and_lines_end_at_newline() {
        let text = "(\r\n  note: \"héllo wörld ☃\", x: 1,\r\n\tvalue: 2)";
        assert_eq!(locate(text, &path(&[f("x")])), (2, 29));
        assert_eq!(locate(text, &path(&[f("value")])), (3, 9));
    }

    #[test]
    fn attributes_raw_identifiers_and_nested_some() {
        let text = "#![enable(implicit_some)]\n#![enable(unwrap_newtypes)]\n\
                    Plan(r#type: 1, warn: Some(Some((x: [4, 5]))), list: Some([7, 8]))";
        assert_eq!(locate(text, &path(&[])), pos_of(text, "Plan"));
        assert_eq!(locate(text, &path(&[f("type")])), pos_of(text, "1,"));
        assert_eq!(
            locate(text, &path(&[f("warn"), f("x"), i(1)])),
            pos_of(text, "5]")
        );
        assert_eq!(locate(text, &path(&[f("list"), i(1)])), pos_of(text, "8]"));
        // A missing field behind `Some`: the struct inside it.
        assert_eq!(
            locate(text, &path(&[f("warn"), f("y")])),
            pos_of(text, "(x: ")
        );
    }

    #[test]
    fn empty_and_trivia_only_texts_give_the_first_position() {
        for text in [
            "",
            "   \n\n ",
            "// only a comment",
            "/* unterminated /* nested */",
        ] {
            assert_eq!(locate(text, &path(&[f("name")])), (1, 1), "{text:?}");
            assert_eq!(locate(text, &path(&[])), (1, 1), "{text:?}");
        }
        assert_eq!(locate("\n\n  42", &path(&[])), (3, 3));
    }

    #[test]
    fn malformed_text_never_panics_and_stays_in_range() {
        let texts = [
            "(",
            ")",
            "((((",
            "))))",
            "Plan(name: ",
            "Plan(name:",
            "Plan(: 1, :, ,, name: \"x\")",
            "Plan(name: \"unterminated",
            "Plan(name: \"esc\\",
            "Plan(name: \"\\u{110000}\\u{zz\\x\\xZ\", v: 1)",
            "Plan(name: r##\"unterminated raw\"#",
            "Plan(name: b'x, v: '\\",
            "Plan(v: [1, 2}, w: {\"a\" 1 \"b\": ), x: 3]",
            "/ / / * / *",
            "r#",
            "r",
            "b",
            "br#",
            "#![",
            "#",
            "\u{feff}(a: 1)",
            "\0\u{1}\u{7f}(\u{ffff}: 1)",
        ];
        let paths = [
            path(&[]),
            path(&[f("name")]),
            path(&[f("v"), i(1)]),
            path(&[f("w"), k("b")]),
            path(&[f("x"), i(0), k("z"), f("q")]),
        ];
        for text in texts {
            for p in &paths {
                let (line, column) = locate(text, p);
                let lines: Vec<&str> = text.split('\n').collect();
                assert!(line >= 1 && line <= lines.len(), "{text:?} {p}");
                assert!(
                    column >= 1 && column <= lines[line - 1].chars().count().max(1),
                    "{text:?} {p}"
                );
            }
        }
    }

    #[test]
    fn every_prefix_of_a_plan_is_handled() {
        let paths = [
            path(&[
                f("phases"),
                i(0),
                f("groups"),
                i(0),
                f("shape"),
                f("ram_gb"),
            ]),
            path(&[
                f("components"),
                i(0),
                f("demand"),
                k("ram"),
                f("per"),
                k("users"),
            ]),
            path(&[f("phases"), i(0), f("groups"), i(0), f("runs"), i(1), i(0)]),
        ];
        for (cut, _) in PLAN.char_indices() {
            for p in &paths {
                let (line, column) = locate(&PLAN[..cut], p);
                assert!(line >= 1 && column >= 1);
            }
        }
    }

    #[test]
    fn a_locator_answers_like_locate() {
        let locator = Locator::new(PLAN);
        for p in [
            path(&[]),
            path(&[f("drivers"), i(1), f("max")]),
            path(&[f("drivers"), i(1), f("scale")]),
            path(&[
                f("components"),
                i(0),
                f("demand"),
                k("ram"),
                f("per"),
                k("users"),
            ]),
            path(&[f("phases"), i(0), f("groups"), i(0), f("runs"), i(1), i(0)]),
        ] {
            assert_eq!(locator.locate(&p), locate(PLAN, &p), "{p}");
        }
    }

    /// The text of the value at `path`, through [`Locator::span`].
    fn spanned<'t>(text: &'t str, p: &FieldPath) -> Option<&'t str> {
        Locator::new(text).span(p).map(|range| &text[range])
    }

    #[test]
    fn spans_cover_exactly_the_value_as_written() {
        let cases: Vec<(FieldPath, &str)> = vec![
            (path(&[f("version")]), "1"),
            (path(&[f("name")]), "\"demo\""),
            (path(&[f("drivers"), i(0), f("value")]), "20"),
            (path(&[f("drivers"), i(1), f("max")]), "50"),
            (path(&[f("resources"), i(0), f("warn")]), "Some(0.95)"),
            (
                path(&[f("drivers"), i(1)]),
                "Driver(name: \"tenants\", value: 3, min: 1, max: 50)",
            ),
            (
                path(&[
                    f("components"),
                    i(1),
                    f("kind"),
                    f("connections"),
                    f("per"),
                    k("tenants"),
                ]),
                "-1",
            ),
            (
                path(&[f("phases"), i(0), f("groups"), i(0), f("runs")]),
                "[Run(\"app\", Single), Run(\"ghost\", Spread)]",
            ),
            (
                path(&[f("phases"), i(0), f("groups"), i(0), f("shape")]),
                "(vcpu: 2, ram_gb: 0, disk_gb: 40)",
            ),
        ];
        for (p, expected) in cases {
            assert_eq!(spanned(PLAN, &p), Some(expected), "{p}");
        }
        let whole = spanned(PLAN, &path(&[])).unwrap();
        assert!(whole.starts_with("Plan(") && whole.ends_with(')'));
    }

    #[test]
    fn spans_are_none_when_the_path_is_not_in_the_text() {
        for p in [
            path(&[f("drivers"), i(1), f("scale")]),
            path(&[f("drivers"), i(7), f("value")]),
            path(&[f("components"), i(0), f("demand"), k("disk")]),
            path(&[f("version"), f("major")]),
            path(&[f("drivers"), k("users")]),
        ] {
            assert_eq!(spanned(PLAN, &p), None, "{p}");
        }
        assert_eq!(spanned("", &path(&[])), None);
        assert_eq!(spanned("// nothing", &path(&[f("name")])), None);
    }

    #[test]
    fn spans_are_byte_offsets_past_comments_multibyte_text_and_crlf() {
        let text = "\u{feff}/* é ☃ */ Plan(\r\n  note: \"héllo ☃\", // value: 7\r\n  value: 42 /* x */,\r\n  unclosed: [1, 2";
        let locator = Locator::new(text);
        let value = locator.span(&path(&[f("value")])).unwrap();
        assert_eq!(&text[value.clone()], "42");
        let mut edited = text.to_owned();
        edited.replace_range(value, "5000");
        assert!(edited.contains("value: 5000 /* x */,\r\n"));
        assert!(edited.starts_with("\u{feff}/* é ☃ */ Plan(\r\n  note: \"héllo ☃\", // value: 7"));
        assert_eq!(spanned(text, &path(&[f("note")])), Some("\"héllo ☃\""));
        // An unclosed group runs to the end of the text.
        assert_eq!(spanned(text, &path(&[f("unclosed")])), Some("[1, 2"));
        assert_eq!(spanned(text, &path(&[f("unclosed"), i(1)])), Some("2"));
    }

    #[test]
    fn every_span_of_every_prefix_is_a_char_boundary_range() {
        let paths = [
            path(&[f("drivers"), i(0), f("value")]),
            path(&[f("drivers"), i(1)]),
            path(&[f("phases"), i(0), f("groups"), i(0), f("runs"), i(1)]),
        ];
        for (cut, _) in PLAN.char_indices() {
            let text = &PLAN[..cut];
            for p in &paths {
                if let Some(range) = Locator::new(text).span(p) {
                    assert!(range.start < range.end && range.end <= text.len());
                    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                }
            }
        }
    }

    #[test]
    fn deep_nesting_costs_no_stack() {
        let deep = format!("(a: {}1{}, b: 2)", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(locate(&deep, &path(&[f("b")])), pos_of(&deep, "2)"));
        let unclosed = format!("(a: {}", "(x: [{".repeat(100_000));
        assert_eq!(locate(&unclosed, &path(&[f("b")])), (1, 1));
        let mut long_path = FieldPath::default();
        for _ in 0..1000 {
            long_path = long_path.field("x").index(0);
        }
        let _ = locate(&unclosed, &long_path);
    }
}
