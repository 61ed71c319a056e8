//! Draws a [`Card`] within a glasses display's limits: a fixed grid of narrow-character
//! columns and rows, where a CJK character takes two columns. Text is wrapped at spaces and
//! between CJK characters (never before closing punctuation), overflowing bodies go on further
//! pages, and whatever still does not fit ends with an ellipsis. The same card also gets its
//! speech text for the glasses' TTS.
//!
//! The output is plain text per row, so it can be sent to a text-mode display (Even G1), drawn
//! by the reference glasses' font renderer, printed in a terminal, and snapshot-tested.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::card::{ActionKind, Card, CardAction};
use crate::link::protocol::message::{DisplayCard, RenderCommand};
use crate::locale::Language;

/// The limits of one glasses display, measured in narrow-character cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Display {
    /// Human-readable name, shown in terminal drawings.
    pub name: &'static str,
    /// Drawable width in pixels.
    pub width_px: u32,
    /// Drawable height in pixels (rows share it equally).
    pub height_px: u32,
    /// Width of one narrow glyph cell in pixels (a CJK glyph takes two cells).
    pub cell_width_px: u32,
    /// Text rows that fit on the display.
    pub rows: usize,
    /// True for single-colour displays; such displays get no rule under the title, so that
    /// every one of their few rows carries text.
    pub monochrome: bool,
}

impl Display {
    /// The reference glasses: a 640×400 colour display, 16-px cells (40 columns) and
    /// 40-px rows (10 rows), with a rule under the title.
    pub const REFERENCE: Display = Display {
        name: "reference 640x400",
        width_px: 640,
        height_px: 400,
        cell_width_px: 16,
        rows: 10,
        monochrome: false,
    };

    /// An Even G1-style display: 488 px wide, 5 text lines, monochrome green. Its font is
    /// about 16 px per narrow glyph, so 30 columns (15 CJK characters) per row.
    pub const EVEN_G1: Display = Display {
        name: "Even G1 488px 5-line",
        width_px: 488,
        height_px: 136,
        cell_width_px: 16,
        rows: 5,
        monochrome: true,
    };

    /// Narrow-character columns per row.
    pub fn columns(&self) -> usize {
        (self.width_px / self.cell_width_px.max(1)) as usize
    }

    /// The layout for glasses that announce a `width_px` × `height_px` display: `None`
    /// without a display (cards then go to speech and the app only), the 5-line narrow
    /// layout below 600 px, else the reference layout.
    pub fn fitting(width_px: u16, height_px: u16) -> Option<Display> {
        match (width_px, height_px) {
            (0, _) | (_, 0) => None,
            (w, _) if w < 600 => Some(Display::EVEN_G1),
            _ => Some(Display::REFERENCE),
        }
    }

    /// Pixels per text row.
    pub fn row_height_px(&self) -> u32 {
        self.height_px / (self.rows.max(1) as u32)
    }
}

/// At most this many pages per card; a longer body is cut with an ellipsis on the last page.
pub const MAX_PAGES: usize = 4;

/// Spoken text is cut (at a sentence end where possible) to about this many characters, so a
/// card is never read out for longer than a glance is worth.
pub const MAX_SPEECH_CHARS: usize = 240;

const ELLIPSIS: char = '…';

/// One screenful: exactly `display.rows` rows or fewer, each at most `columns` wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The rows, top to bottom, without trailing padding.
    pub rows: Vec<String>,
}

/// A card laid out for one display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The display it was laid out for.
    pub display: Display,
    /// The pages, first shown first; never empty.
    pub pages: Vec<Page>,
    /// What the glasses say aloud.
    pub speech: String,
    /// True when the first page (the one glasses show) offers the card's confirmable action
    /// together with what it buys or unlocks; false when the card has no such action or it
    /// can only be confirmed on the phone.
    pub confirm_on_glasses: bool,
}

impl Rendered {
    /// Draws every page in a box, as the wearer sees it, for a terminal or a snapshot file.
    pub fn to_terminal(&self) -> String {
        let mut out: String = (0..self.pages.len()).map(|i| self.draw_page(i)).collect();
        if !self.speech.is_empty() {
            out.push_str("speech: ");
            out.push_str(&self.speech);
            out.push('\n');
        }
        out
    }

    /// Draws what the glasses show — the first page ([`Rendered::display_card`]) — and says
    /// how many more pages only the phone app shows.
    pub fn on_glasses_terminal(&self) -> String {
        let mut out = self.draw_page(0);
        match self.pages.len() {
            0 | 1 => {}
            2 => out.push_str("(1 more page in the phone app)\n"),
            n => out.push_str(&format!("({} more pages in the phone app)\n", n - 1)),
        }
        out
    }

    /// Page `index` in a box labelled with the display's name and the page number.
    fn draw_page(&self, index: usize) -> String {
        let Some(page) = self.pages.get(index) else {
            return String::new();
        };
        let columns = self.display.columns();
        let mut out = String::new();
        let label = format!(
            " {} · {}/{} ",
            self.display.name,
            index + 1,
            self.pages.len()
        );
        let label = truncate(&label, columns);
        out.push('┌');
        out.push_str(&label);
        out.push_str(&"─".repeat(columns - label.width()));
        out.push_str("┐\n");
        for row in &page.rows {
            out.push('│');
            out.push_str(row);
            out.push_str(&" ".repeat(columns.saturating_sub(row.width())));
            out.push_str("│\n");
        }
        out.push('└');
        out.push_str(&"─".repeat(columns));
        out.push_str("┘\n");
        out
    }

    /// The first page as drawing commands for glasses without a layout engine: clear, then
    /// each row at its grid position (the font is as tall as a CJK glyph is wide).
    pub fn display_card(&self, card_id: u32) -> DisplayCard {
        let row_height = self.display.row_height_px();
        let size = u8::try_from(self.display.cell_width_px * 2).unwrap_or(u8::MAX);
        let rows = self.pages.first().map(|p| p.rows.as_slice()).unwrap_or(&[]);
        let mut commands = vec![RenderCommand::Clear];
        commands.extend(rows.iter().enumerate().map(|(i, row)| RenderCommand::Text {
            x: 0,
            y: u16::try_from(i as u32 * row_height).unwrap_or(u16::MAX),
            size,
            text: row.clone(),
        }));
        DisplayCard { card_id, commands }
    }
}

/// Lays `card` out for `display`: the title at the top of every page (with the page number
/// when there are several), the body wrapped below it, and the actions on the last row.
///
/// Glasses show the first page only. A card that spends and does not fit on one page keeps
/// its pay button on the first page only, and only when that page shows everything it buys;
/// otherwise the first page is a summary — what is bought, and the pay button — with the
/// detail on the pages after it. When even the summary does not fit, the pay button is left
/// out and the card is confirmed on the phone.
pub fn render(card: &Card, display: &Display) -> Rendered {
    let columns = display.columns().max(8);
    let body: Vec<String> = card.lines.iter().flat_map(|l| wrap(l, columns)).collect();
    let every_action = actions_row(card.actions.iter(), columns);
    let whole = paginate(&card.title, &body, every_action, display, 0);
    let pay = card
        .actions
        .iter()
        .find(|a| matches!(a.kind, ActionKind::Pay { .. }));
    let (pages, confirm_on_glasses) = match pay {
        Some(pay) if whole.len() > 1 => {
            let others = card
                .actions
                .iter()
                .filter(|a| !matches!(a.kind, ActionKind::Pay { .. }));
            let footer = actions_row(others, columns);
            if shows_what_it_buys(&whole[0], pay) {
                // The first page names what is bought: the pay button stays there only.
                let mut pages = whole;
                for page in pages.iter_mut().skip(1) {
                    page.rows.pop();
                    page.rows.extend(footer.clone());
                }
                (pages, true)
            } else {
                match summary_page(card, pay, display, columns) {
                    Some(summary) => {
                        let details = paginate(&card.title, &body, footer, display, 1);
                        (std::iter::once(summary).chain(details).collect(), true)
                    }
                    None => (paginate(&card.title, &body, footer, display, 0), false),
                }
            }
        }
        _ => (whole, card.confirmation().is_some()),
    };
    Rendered {
        display: *display,
        pages,
        speech: speech_text(card),
        confirm_on_glasses,
    }
}

/// True when `page` shows every item `pay` buys (the `a + b` of its summary), however the
/// rows were wrapped.
fn shows_what_it_buys(page: &Page, pay: &CardAction) -> bool {
    let ActionKind::Pay { summary, .. } = &pay.kind else {
        return false;
    };
    let squeeze = |text: &str| text.split_whitespace().collect::<String>();
    let shown = squeeze(&page.rows.concat());
    summary
        .split(" + ")
        .all(|item| shown.contains(&squeeze(item)))
}

/// The first page of a spending card too long for one page: each item bought on its own
/// rows (`a + b` in the pay summary), a line pointing to the detail when there is room, and
/// the pay button; the title only when it fits too. `None` when the items alone do not fit.
fn summary_page(card: &Card, pay: &CardAction, display: &Display, columns: usize) -> Option<Page> {
    let title = card.title.as_str();
    let ActionKind::Pay { summary, .. } = &pay.kind else {
        return None;
    };
    let items: Vec<String> = summary
        .split(" + ")
        .flat_map(|item| wrap(item, columns))
        .collect();
    let button = truncate(&format!("[{}]", pay.label), columns);
    let rule = (!display.monochrome).then(|| "─".repeat(columns));
    let with_title = 1 + usize::from(rule.is_some()) + items.len() + 1;
    let mut rows = Vec::new();
    if with_title <= display.rows {
        rows.push(truncate(title, columns));
        rows.extend(rule);
    } else if items.len() + 1 > display.rows {
        return None;
    }
    rows.extend(items);
    if rows.len() + 2 <= display.rows {
        let detail = card.language.msg("hud-detail-on-phone", &[]);
        rows.push(truncate(&detail, columns));
    }
    rows.push(button);
    Some(Page { rows })
}

/// Pages of `title` over `body` with `footer` on each, numbered after `before` pages that
/// precede them (a summary page); at most [`MAX_PAGES`] pages in all.
fn paginate(
    title: &str,
    body: &[String],
    footer: Option<String>,
    display: &Display,
    before: usize,
) -> Vec<Page> {
    let columns = display.columns().max(8);
    let rule = (!display.monochrome).then(|| "─".repeat(columns));
    let chrome_rows = usize::from(rule.is_some()) + usize::from(footer.is_some());
    let free_rows = display.rows.saturating_sub(chrome_rows).max(1);
    let max_pages = MAX_PAGES.saturating_sub(before).max(1);
    // A card with no body may use the whole display for its title; otherwise large displays
    // give the title two rows and small ones one.
    let max_title_rows = if body.is_empty() {
        free_rows
    } else if display.rows >= 8 {
        2
    } else {
        1
    };

    let mut title_lines = title_rows(title, columns, max_title_rows);
    let mut body_rows = free_rows.saturating_sub(title_lines.len()).max(1);
    let mut chunks: Vec<Vec<String>> = body.chunks(body_rows).map(<[String]>::to_vec).collect();
    if chunks.len() + before > 1 {
        // Several pages: leave room for the page number on the first title row.
        let marker_room = format!(" {MAX_PAGES}/{MAX_PAGES}").width();
        title_lines = title_rows(title, columns - marker_room, max_title_rows);
        body_rows = free_rows.saturating_sub(title_lines.len()).max(1);
        chunks = body.chunks(body_rows).map(<[String]>::to_vec).collect();
    }
    if chunks.is_empty() {
        chunks.push(Vec::new());
    }
    if chunks.len() > max_pages {
        chunks.truncate(max_pages);
        if let Some(last) = chunks.last_mut().and_then(|c| c.last_mut()) {
            *last = with_ellipsis(last, columns);
        }
    }

    let total = chunks.len() + before;
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, lines)| {
            let mut rows = title_lines.clone();
            if total > 1
                && let Some(first) = rows.first_mut()
            {
                let marker = format!("{}/{}", index + 1 + before, total);
                let gap = columns.saturating_sub(first.width() + marker.width());
                *first = format!("{first}{}{marker}", " ".repeat(gap));
            }
            rows.extend(rule.clone());
            rows.extend(lines);
            rows.extend(footer.clone());
            Page { rows }
        })
        .collect()
}

/// The title wrapped to at most `max_rows` rows of `columns`, the last cut with `…` if needed.
fn title_rows(title: &str, columns: usize, max_rows: usize) -> Vec<String> {
    let mut rows = wrap(title, columns);
    if rows.len() > max_rows.max(1) {
        rows.truncate(max_rows.max(1));
        if let Some(last) = rows.last_mut() {
            *last = with_ellipsis(last, columns);
        }
    }
    rows
}

/// The action buttons as `[Confirm] [More]`, cut to the row; `None` when there are none.
fn actions_row<'a>(
    actions: impl Iterator<Item = &'a CardAction>,
    columns: usize,
) -> Option<String> {
    let labels: Vec<String> = actions
        .filter(|a| !matches!(a.kind, ActionKind::Dismiss))
        .map(|a| format!("[{}]", a.label))
        .collect();
    (!labels.is_empty()).then(|| truncate(&labels.join(" "), columns))
}

/// Closing punctuation that must not start a line (kinsoku): it stays with the text before it.
fn is_no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '！'
            | '？'
            | '；'
            | '：'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | ','
            | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | ')'
            | '%'
            | '…'
    )
}

/// Display width of one character (control characters count as zero).
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// A unit the wrapper never breaks inside (unless it is wider than a whole row).
struct Token {
    text: String,
    /// A space separated it from the token before.
    spaced: bool,
}

/// Splits a paragraph into unbreakable tokens: words of narrow characters, single wide
/// characters, with closing punctuation glued to what precedes it.
fn tokenize(paragraph: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut word = String::new();
    let mut spaced = false;
    let mut word_spaced = false;
    for c in paragraph.chars() {
        if c.is_whitespace() {
            if !word.is_empty() {
                tokens.push(Token {
                    text: std::mem::take(&mut word),
                    spaced: word_spaced,
                });
            }
            spaced = true;
            continue;
        }
        let glue = is_no_line_start(c) && !spaced;
        if char_width(c) >= 2 {
            if !word.is_empty() {
                tokens.push(Token {
                    text: std::mem::take(&mut word),
                    spaced: word_spaced,
                });
            }
            match tokens.last_mut() {
                Some(last) if glue => last.text.push(c),
                _ => tokens.push(Token {
                    text: c.to_string(),
                    spaced,
                }),
            }
        } else if word.is_empty() && glue && !tokens.is_empty() {
            if let Some(last) = tokens.last_mut() {
                last.text.push(c);
            }
        } else {
            if word.is_empty() {
                word_spaced = spaced;
            }
            word.push(c);
        }
        spaced = false;
    }
    if !word.is_empty() {
        tokens.push(Token {
            text: word,
            spaced: word_spaced,
        });
    }
    tokens
}

/// Wraps `text` to rows at most `columns` wide; each `\n` starts a new row. A token wider than
/// a row is broken between characters.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(2);
    let mut rows = Vec::new();
    for paragraph in text.split('\n') {
        let mut row = String::new();
        for token in tokenize(paragraph) {
            let gap = usize::from(token.spaced && !row.is_empty());
            if row.width() + gap + token.text.width() <= columns {
                if gap == 1 {
                    row.push(' ');
                }
                row.push_str(&token.text);
                continue;
            }
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            for c in token.text.chars() {
                if row.width() + char_width(c) > columns {
                    rows.push(std::mem::take(&mut row));
                }
                row.push(c);
            }
        }
        rows.push(row);
    }
    rows
}

/// `text` cut to at most `columns` wide, ending with `…` when something was cut.
pub fn truncate(text: &str, columns: usize) -> String {
    if text.width() <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + char_width(c) + 1 > columns {
            break;
        }
        out.push(c);
    }
    out.push(ELLIPSIS);
    out
}

/// `row` ending with `…`, cut further if needed so it still fits in `columns`.
fn with_ellipsis(row: &str, columns: usize) -> String {
    let mut out = truncate(row, columns.saturating_sub(1));
    if !out.ends_with(ELLIPSIS) {
        out.push(ELLIPSIS);
    }
    out
}

/// What the glasses say for `card`: its own speech text, or else its title and first line;
/// money and stars written as words a TTS engine reads well, cut to [`MAX_SPEECH_CHARS`].
pub fn speech_text(card: &Card) -> String {
    let raw = if card.speech.trim().is_empty() {
        match card.lines.first() {
            Some(line) => card.language.msg(
                "speech-title-line",
                &[
                    ("title", (&card.title).into()),
                    // A follow-up question's `? ` marks it for the eye only.
                    ("line", line.strip_prefix("? ").unwrap_or(line).into()),
                ],
            ),
            None => card.title.clone(),
        }
    } else {
        card.speech.clone()
    };
    cut_speech(&speakable(&raw, card.language))
}

/// Rewrites symbols a TTS engine stumbles on, in the card's `language`: `¥2,186` → `2186
/// yuan` / `2186元`, `4.6★` → `4.6 stars` / `4.6星`, and collapses whitespace.
fn speakable(text: &str, language: Language) -> String {
    let (yuan, stars, comma) = match language {
        Language::En => (" yuan", " stars", ','),
        Language::Zh => ("元", "星", '，'),
    };
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '¥' | '￥' => {
                let mut amount = String::new();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' {
                        amount.push(d);
                    } else if d != ',' {
                        break;
                    }
                    chars.next();
                }
                let amount = amount.trim_end_matches('.');
                if amount.is_empty() {
                    out.push_str(yuan.trim_start());
                } else {
                    out.push_str(amount);
                    out.push_str(yuan);
                }
            }
            '★' => out.push_str(stars),
            '·' | '|' => out.push(comma),
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.replace(" ,", ",")
        .replace(" ，", "，")
        .replace("， ", "，")
        .trim()
        .to_string()
}

/// Cuts speech to [`MAX_SPEECH_CHARS`], at the last sentence end before the limit when there is
/// one, else with an ellipsis.
fn cut_speech(text: &str) -> String {
    if text.chars().count() <= MAX_SPEECH_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX_SPEECH_CHARS).collect();
    match head.rfind(['.', '。', '!', '?', '！', '？']) {
        Some(end) if end > 0 => {
            let end_char = head[end..].chars().next().map_or(1, char::len_utf8);
            head[..end + end_char].to_string()
        }
        _ => {
            let mut cut: String = head.chars().take(MAX_SPEECH_CHARS - 1).collect();
            cut.push(ELLIPSIS);
            cut
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::{CardAction, CardKind};
    use crate::money::Cny;

    #[test]
    fn cjk_counts_double_and_breaks_between_characters() {
        let rows = wrap("雷峰塔始建于公元977年，是吴越国王钱俶所建。", 12);
        for row in &rows {
            assert!(row.width() <= 12, "{row:?}");
        }
        assert_eq!(rows[0], "雷峰塔始建于");
        assert!(
            rows.iter()
                .all(|r| !r.starts_with('，') && !r.starts_with('。')),
            "{rows:?}"
        );
        assert_eq!(rows.concat(), "雷峰塔始建于公元977年，是吴越国王钱俶所建。");
    }

    #[test]
    fn latin_wraps_at_spaces_and_long_words_are_broken() {
        assert_eq!(
            wrap("Snow boots in size 42 at Decathlon", 12),
            ["Snow boots", "in size 42", "at Decathlon"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            wrap("星巴克Starbucks咖啡", 10),
            ["星巴克", "Starbucks", "咖啡"]
        );
    }

    /// A card paying `total` for `items`, with a body of `lines`.
    fn paying(items: &[&str], lines: usize) -> Card {
        let mut card = Card::new(CardKind::Plan, "Trip + boots", "asked");
        for i in 0..lines {
            card = card.line(format!("detail line {i} of the plan"));
        }
        card.action(CardAction {
            id: "pay".into(),
            label: "Confirm ¥100".into(),
            kind: ActionKind::Pay {
                total: Cny(10_000),
                summary: items.join(" + "),
            },
        })
    }

    #[test]
    fn newuser_a_spending_card_too_long_for_the_g1_opens_on_what_it_buys() {
        let g1 = Display::EVEN_G1;
        let card = paying(&["train G1002", "hotel 2 nights", "boots EU 42"], 9);
        let r = render(&card, &g1);
        assert!(r.confirm_on_glasses);
        let first = &r.pages[0].rows;
        assert!(first.len() <= g1.rows, "{first:?}");
        assert_eq!(first.last().map(String::as_str), Some("[Confirm ¥100]"));
        for item in ["train G1002", "hotel 2 nights", "boots EU 42"] {
            assert!(first.iter().any(|row| row == item), "{item}: {first:?}");
        }
        // The detail follows, without the pay button.
        assert!(r.pages.len() > 1);
        for page in &r.pages[1..] {
            assert!(
                !page.rows.iter().any(|row| row.contains("Confirm")),
                "{page:?}"
            );
        }
        // A card that fits on one page is drawn as it is.
        let short = paying(&["boots EU 42"], 1);
        let r = render(&short, &g1);
        assert_eq!(r.pages.len(), 1);
        assert!(r.confirm_on_glasses);
        // Items that do not fit the display together: no pay button on the glasses.
        let many = paying(&["a", "b", "c", "d", "e"], 9);
        let r = render(&many, &g1);
        assert!(!r.confirm_on_glasses);
        assert!(
            r.pages
                .iter()
                .all(|p| !p.rows.iter().any(|row| row.contains("Confirm"))),
            "{:?}",
            r.pages
        );
    }

    #[test]
    fn truncation_fits_and_marks_the_cut() {
        assert_eq!(truncate("short", 10), "short");
        let cut = truncate("哈尔滨冰雪大世界门票", 9);
        assert!(cut.width() <= 9 && cut.ends_with('…'), "{cut}");
        assert_eq!(cut, "哈尔滨冰…");
    }

    #[test]
    fn long_bodies_page_and_stop_at_the_page_limit() {
        let mut card = Card::new(CardKind::Guide, "A very long guide", "test");
        for i in 0..40 {
            card = card.line(format!("Line number {i} of a long guide text"));
        }
        let r = render(&card, &Display::EVEN_G1);
        assert_eq!(r.pages.len(), MAX_PAGES);
        for page in &r.pages {
            assert!(page.rows.len() <= Display::EVEN_G1.rows);
            assert!(page.rows.iter().all(|row| row.width() <= 30));
        }
        let last = r.pages[MAX_PAGES - 1]
            .rows
            .last()
            .cloned()
            .unwrap_or_default();
        assert!(last.ends_with('…'), "{last}");
        assert!(r.pages[0].rows[0].ends_with("1/4"));
    }

    #[test]
    fn speech_reads_money_and_stars_and_falls_back_to_the_title() {
        let card = Card::new(CardKind::PlaceInfo, "Haidilao", "front")
            .line("4.6★ · ¥120 per person")
            .action(CardAction {
                id: "pay".into(),
                label: "Pay".into(),
                kind: ActionKind::Pay {
                    total: Cny::yuan(1),
                    summary: "x".into(),
                },
            });
        assert_eq!(
            speech_text(&card),
            "Haidilao. 4.6 stars, 120 yuan per person"
        );
        let spoken = Card::new(CardKind::Plan, "t", "r").speech("Total ¥2,186.50 for both.");
        assert_eq!(speech_text(&spoken), "Total 2186.50 yuan for both.");
        let zh = Card::new(CardKind::PlaceInfo, "海底捞", "front")
            .line("4.6★ · 人均¥120")
            .in_language(Language::Zh);
        assert_eq!(speech_text(&zh), "海底捞。4.6星，人均120元");
        let long = Card::new(CardKind::Guide, "t", "r").speech("A sentence. ".repeat(40));
        let cut = speech_text(&long);
        assert!(cut.chars().count() <= MAX_SPEECH_CHARS && cut.ends_with('.'));
    }
}
