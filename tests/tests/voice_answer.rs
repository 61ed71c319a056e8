//! The answer window: a short spoken "yes"/"no" confirms or cancels the card displayed last,
//! only within `confirmation.answer_window_s` of it being shown, and spends under the rules of
//! a tap (the tap limit; the phone otherwise). Outside the window, or with nothing waiting,
//! "yes" does nothing — it is not a request either. The window is judged by when the words
//! were said, not when recognising them ended.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::Config;
use sightline_core::card::{ActionKind, CardKind};
use sightline_core::companion::{
    Answer, AnswerOutcome, Clock, Companion, Output, PhoneReason, Spoken, Subscription, Trigger,
    VoiceSource,
};
use sightline_core::store::ledger;
use sightline_tests::repo_root;

/// 2026-11-26 10:00 in Hangzhou, when the demo city's shops are open.
const START_MS: i64 = 1_795_658_400_000;
const TRIP: &str = "plan my trip to Harbin next week and get me snow boots before I leave";

struct Rig {
    _dir: tempfile::TempDir,
    companion: Companion,
    outputs: Subscription,
}

fn rig(tap_limit_yuan: u32) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.models_dir = repo_root().join("models");
    config.confirmation.tap_limit_yuan = tap_limit_yuan;
    let companion = Companion::start_with_clock(config, Clock::manual(START_MS)).unwrap();
    let outputs = companion.subscribe();
    Rig {
        _dir: dir,
        companion,
        outputs,
    }
}

impl Rig {
    fn orders(&self) -> i64 {
        self.companion.store().read(ledger::totals).unwrap().orders
    }

    fn drain(&mut self) -> Vec<Output> {
        std::iter::from_fn(|| self.outputs.try_next()).collect()
    }

    /// Asks for the Harbin trip: a plan card with a Pay action, displayed.
    async fn plan(&mut self) -> String {
        let card = self.companion.ask(TRIP).await.unwrap();
        let action = card.confirmation().expect("the plan asks to pay").clone();
        assert!(matches!(action.kind, ActionKind::Pay { .. }));
        self.drain();
        action.id
    }

    async fn say(&self, words: &str) -> Spoken {
        self.companion
            .heard(words, VoiceSource::Phone)
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_answer_yes_confirms_only_the_displayed_card_within_the_window() {
    let mut rig = rig(5_000);
    // Nothing waits: "yes" is neither an answer nor a request.
    assert_eq!(
        rig.say("yes").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::NothingWaiting)
    );
    assert!(
        !rig.drain().iter().any(|o| matches!(o, Output::Card { .. })),
        "a bare yes shows no card"
    );

    // The window closes 10 s after the card is shown: a later "yes" pays nothing.
    rig.plan().await;
    rig.companion.clock().advance(10_001);
    assert_eq!(
        rig.say("Yes, please.").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::WindowClosed)
    );
    assert_eq!(rig.orders(), 0);

    // A card without an action displayed after the plan: "yes" presses nothing.
    rig.plan().await;
    rig.companion
        .ask("what is the weather in Harbin")
        .await
        .unwrap();
    assert_eq!(
        rig.say("ok").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::NothingWaiting)
    );
    assert_eq!(rig.orders(), 0);

    // Shown again, answered in time (in Chinese): paid once, with a receipt.
    rig.plan().await;
    rig.companion.clock().advance(4_000);
    assert_eq!(
        rig.say("好的，买吧").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::Confirmed)
    );
    let after = rig.drain();
    assert!(
        after.iter().any(|o| matches!(
            o,
            Output::Card { card, trigger: Trigger::Confirmed, .. } if card.kind == CardKind::Receipt
        )),
        "{after:#?}"
    );
    assert!(after.iter().any(|o| matches!(
        o,
        Output::Answered {
            outcome: AnswerOutcome::Confirmed,
            ..
        }
    )));
    assert!(rig.orders() > 0);
    // The receipt is displayed now: another "yes" presses nothing.
    let paid = rig.orders();
    assert_eq!(
        rig.say("yes").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::NothingWaiting)
    );
    assert_eq!(rig.orders(), paid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_answer_is_judged_by_when_it_was_said_not_when_it_was_recognised() {
    let mut rig = rig(5_000);
    // Said 4 s after the card was shown, recognised 15 s after (a loaded phone): paid.
    rig.plan().await;
    let shown_ms = rig.companion.clock().now_ms();
    rig.companion.clock().advance(15_000);
    let late = rig
        .companion
        .heard_at("yes", VoiceSource::Phone, shown_ms + 4_000)
        .await
        .unwrap();
    assert_eq!(
        late,
        Spoken::Answered(Answer::Yes, AnswerOutcome::Confirmed)
    );
    let paid = rig.orders();
    assert!(paid > 0);

    // A "yes" that ended before the card was shown (said to what was shown before it, and
    // recognised while this card came up) presses nothing, and neither does a "no".
    rig.plan().await;
    let shown_ms = rig.companion.clock().now_ms();
    for words in ["yes", "no"] {
        let early = rig
            .companion
            .heard_at(words, VoiceSource::Phone, shown_ms - 1)
            .await
            .unwrap();
        assert!(
            matches!(early, Spoken::Answered(_, AnswerOutcome::WindowClosed)),
            "{words}: {early:?}"
        );
    }
    assert_eq!(rig.orders(), paid);
    // The card still waits: said in time, it is paid.
    assert_eq!(
        rig.say("yes").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::Confirmed)
    );
    assert!(rig.orders() > paid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_answer_no_cancels_the_displayed_card_for_good() {
    let mut rig = rig(5_000);
    let action = rig.plan().await;
    assert_eq!(
        rig.say("不要了").await,
        Spoken::Answered(Answer::No, AnswerOutcome::Cancelled)
    );
    assert_eq!(
        rig.say("yes").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::NothingWaiting)
    );
    assert!(
        rig.companion.confirm(&action).await.is_err(),
        "a cancelled action cannot be confirmed from the phone either"
    );
    assert_eq!(rig.orders(), 0);
    // A sentence that contains "yes" is a request, asked as typed text is.
    rig.plan().await;
    let Spoken::Asked(card) = rig.say("yes and what is the weather in Harbin").await else {
        panic!("a sentence is a request")
    };
    assert_ne!(card.kind, CardKind::Receipt);
    assert_eq!(rig.orders(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_answer_above_the_tap_limit_moves_to_the_phone() {
    let mut rig = rig(100);
    let action = rig.plan().await;
    assert_eq!(
        rig.say("confirm").await,
        Spoken::Answered(Answer::Yes, AnswerOutcome::MovedToPhone)
    );
    let after = rig.drain();
    assert!(
        after.iter().any(|o| matches!(
            o,
            Output::ConfirmOnPhone {
                action_id,
                reason: PhoneReason::AboveTapLimit { .. },
                ..
            } if *action_id == action
        )),
        "{after:#?}"
    );
    assert_eq!(rig.orders(), 0, "voice never pays above the tap limit");
    // The phone's prompt confirms it.
    rig.companion.confirm(&action).await.unwrap();
    assert!(rig.orders() > 0);
}
