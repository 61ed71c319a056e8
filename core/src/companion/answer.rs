//! The answer window: while the card displayed last waits for its confirmation, a short
//! spoken answer — "yes", "ok", "confirm", "好的", "买吧" or "no", "cancel", "不要了" —
//! confirms or cancels that card, and nothing else. The window is
//! `confirmation.answer_window_s` (default 10 s) from the card being shown; a "yes" outside
//! it, or with nothing waiting, is not an intent and does nothing. A spoken "yes" is pressed
//! under the rules of a tap (the tap limit; an authenticated link when the words came over
//! the glasses' link): a bystander's voice is a threat, see docs/security.md.
//!
//! Every other utterance is a request, asked as typed text is.

use super::actions::{Press, Pressed};
use super::output::{Answer, AnswerOutcome};
use super::{Companion, Output};
use crate::card::Card;
use crate::error::Result;
use crate::intent::words::{Words, words};

/// Where the words were heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceSource {
    /// The glasses: their audio recognised on the phone, or their own transcript. A spend
    /// needs the link to be authenticated, as for a tap.
    Glasses,
    /// The phone's own microphone.
    Phone,
}

/// What became of a final transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum Spoken {
    /// It was a request: the card shown.
    Asked(Card),
    /// It was a short answer ("yes"/"no"): what it did ([`Output::Answered`] says it too).
    Answered(Answer, AnswerOutcome),
}

/// The most words (English) or characters (Chinese) an answer has: a longer sentence that
/// happens to contain "yes" is a request, not an answer.
const MAX_ANSWER_WORDS: usize = 4;
const MAX_ANSWER_CHARS: usize = 6;

/// Polite words around an answer, dropped before matching ("yes please", "好的谢谢").
const FILLERS_EN: Words = words!["please", "thanks", "thank", "you", "uh", "um", "oh", "well"];
const FILLERS_ZH: Words = words!["谢谢", "请", "嗯", "啊", "呀", "哦", "吧", "了"];

const YES_EN: Words = words![
    "yes",
    "yeah",
    "yep",
    "yup",
    "ok",
    "okay",
    "sure",
    "confirm",
    "confirmed",
    "alright",
    "all right",
    "go ahead",
    "do it",
    "lets do it",
    "let's do it",
    "buy it",
    "pay",
    "pay it",
    "sounds good",
    "absolutely",
];
const NO_EN: Words = words![
    "no",
    "nope",
    "nah",
    "cancel",
    "cancel it",
    "stop",
    "don't",
    "dont",
    "don't buy it",
    "dont buy it",
    "never mind",
    "nevermind",
    "not now",
    "no way",
];
const YES_ZH: Words = words![
    "是",
    "是的",
    "对",
    "对的",
    "好",
    "好的",
    "行",
    "可以",
    "确认",
    "确定",
    "买",
    "买吧",
    "付款",
    "支付",
    "没问题",
    "同意",
    "就这个",
    "要",
    "确认支付",
    "确认购买",
];
const NO_ZH: Words = words![
    "不",
    "不要",
    "不用",
    "不买",
    "取消",
    "算了",
    "别买",
    "不行",
    "先不要",
    "先不买",
    "别",
    "不对",
];

/// The answer `utterance` gives, if it is nothing but a short "yes" or "no" (in English or
/// Chinese, with punctuation, polite words and repeats around it: "Yes, please.", "ok ok",
/// "好的谢谢", "不要了"). A sentence, or one mixing yes and no ("yes no", "好不要"), is not
/// an answer.
pub fn answer_in(utterance: &str) -> Option<Answer> {
    let text: String = utterance
        .to_lowercase()
        .replace(['’', '`'], "'")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || is_cjk(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    if text.chars().any(is_cjk) {
        chinese_answer(&text)
    } else {
        english_answer(&text)
    }
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn english_answer(text: &str) -> Option<Answer> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !FILLERS_EN.contains(w))
        .collect();
    if words.is_empty() || words.len() > MAX_ANSWER_WORDS {
        return None;
    }
    // Greedy: each step takes the longest yes/no phrase starting at the next word.
    let mut answers = Vec::new();
    let mut rest = &words[..];
    while !rest.is_empty() {
        let (answer, taken) = (1..=rest.len().min(3)).rev().find_map(|n| {
            let phrase = rest[..n].join(" ");
            let answer = if YES_EN.contains(&phrase) {
                Answer::Yes
            } else if NO_EN.contains(&phrase) {
                Answer::No
            } else {
                return None;
            };
            Some((answer, n))
        })?;
        answers.push(answer);
        rest = &rest[taken..];
    }
    agreed(&answers)
}

fn chinese_answer(text: &str) -> Option<Answer> {
    let mut rest: String = text.split_whitespace().collect();
    if rest.chars().count() > MAX_ANSWER_CHARS + 2 {
        return None;
    }
    let mut answers = Vec::new();
    while !rest.is_empty() {
        if let Some(filler) = FILLERS_ZH.iter().find(|f| rest.starts_with(*f)) {
            rest.drain(..filler.len());
            continue;
        }
        let (answer, len) = YES_ZH
            .iter()
            .map(|p| (Answer::Yes, p))
            .chain(NO_ZH.iter().map(|p| (Answer::No, p)))
            .filter(|(_, p)| rest.starts_with(*p))
            .max_by_key(|(_, p)| p.len())
            .map(|(answer, p)| (answer, p.len()))?;
        answers.push(answer);
        rest.drain(..len);
    }
    if answers.len() > MAX_ANSWER_CHARS {
        return None;
    }
    agreed(&answers)
}

/// The one answer all of `answers` give, if they agree.
fn agreed(answers: &[Answer]) -> Option<Answer> {
    let first = *answers.first()?;
    answers.iter().all(|a| *a == first).then_some(first)
}

impl Companion {
    /// A final transcript of the wearer's voice (the glasses' audio recognised here, the
    /// glasses' own transcript, or the phone's microphone), taken as said now: a short
    /// "yes"/"no" answers the card displayed last within the answer window (or, outside it,
    /// does nothing); anything else is asked like typed text ([`Companion::ask`]).
    pub async fn heard(&self, transcript: &str, source: VoiceSource) -> Result<Spoken> {
        self.heard_at(transcript, source, self.inner.clock.now_ms())
            .await
    }

    /// As [`Companion::heard`], for words that ended at `spoken_at_ms` (the companion's
    /// clock, [`Companion::clock`]): a "yes"/"no" answers the displayed card only if it was
    /// *said* within the card's answer window, however long recognising it took, and never
    /// a card shown after the words ended.
    pub async fn heard_at(
        &self,
        transcript: &str,
        source: VoiceSource,
        spoken_at_ms: i64,
    ) -> Result<Spoken> {
        let Some(answer) = answer_in(transcript) else {
            return Ok(Spoken::Asked(self.ask_from(transcript, true).await?));
        };
        let pressed = match answer {
            Answer::Yes => {
                let over_link = source == VoiceSource::Glasses;
                self.press_displayed(Press::Voice {
                    over_link,
                    spoken_at_ms,
                })
                .await?
            }
            Answer::No => self.cancel_displayed(spoken_at_ms)?,
        };
        let (outcome, action_id) = match pressed {
            Pressed::Ran(id) => (AnswerOutcome::Confirmed, Some(id)),
            Pressed::ToPhone(id) => (AnswerOutcome::MovedToPhone, Some(id)),
            Pressed::Cancelled(id) => (AnswerOutcome::Cancelled, Some(id)),
            Pressed::NothingWaiting => (AnswerOutcome::NothingWaiting, None),
            Pressed::WindowClosed => (AnswerOutcome::WindowClosed, None),
        };
        self.emit(Output::Answered {
            heard: transcript.to_string(),
            answer,
            outcome,
            action_id,
        });
        Ok(Spoken::Answered(answer, outcome))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_a_spoken_notification_is_never_heard_as_an_answer() {
        // The glasses speak a notification; their microphone may hear it back. Led by the
        // app's name, even a notification that says only "yes" is not an answer.
        for (app, title, body) in [
            ("WeChat", "好的", "好"),
            ("微信", "确认", "买吧"),
            ("Messages", "yes", "ok"),
            ("SMS", "", "Confirm"),
        ] {
            assert!(
                answer_in(&format!("{title} {body}")).is_some(),
                "{title} {body}"
            );
            let said = crate::notifications::spoken(app, title, body);
            assert_eq!(answer_in(&said), None, "{said}");
        }
    }

    #[test]
    fn voice_answer_short_yes_and_no_in_both_languages() {
        for yes in [
            "yes",
            "Yes.",
            "Yes, please.",
            "yes please",
            "OK",
            "Okay!",
            "ok ok",
            "Confirm",
            "Go ahead.",
            "Sure, thanks.",
            "Yeah, do it.",
            "确认",
            "确认。",
            "好的",
            "好的，谢谢",
            "买吧",
            "是的",
            "可以",
            "行",
            "好",
        ] {
            assert_eq!(answer_in(yes), Some(Answer::Yes), "{yes}");
        }
        for no in [
            "no",
            "No.",
            "No, thanks.",
            "no thank you",
            "Cancel",
            "cancel it",
            "Never mind.",
            "Nope",
            "取消",
            "取消。",
            "不要了",
            "不要",
            "不用了",
            "算了",
            "不买了",
        ] {
            assert_eq!(answer_in(no), Some(Answer::No), "{no}");
        }
    }

    #[test]
    fn voice_answer_sentences_and_mixed_answers_are_not_answers() {
        for not in [
            "",
            "   ",
            "...",
            "yes no",
            "no, yes",
            "好不要",
            "yes I think the train is better but",
            "plan my trip to Harbin",
            "is this okay for the snow",
            "确认一下哈尔滨的天气怎么样",
            "帮我规划去哈尔滨的行程",
            "Yesterday",
            "nothing",
            "okay google",
            "不错",
        ] {
            assert_eq!(answer_in(not), None, "{not:?}");
        }
    }
}
