//! Snapshot tests of HUD renders: each card drawn for each display is compared with a plain
//! text file in `core/tests/snapshots/hud/`. A render that changes fails with both texts
//! printed; after checking the new render by eye, `SIGHTLINE_UPDATE_SNAPSHOTS=1 cargo test -p
//! sightline-core --test hud_snapshots` rewrites the files.

use std::path::PathBuf;

use sightline_core::card::{ActionKind, Card, CardAction, CardKind};
use sightline_core::hud::{Display, render};
use sightline_core::money::Cny;

fn action(id: &str, label: &str, kind: ActionKind) -> CardAction {
    CardAction {
        id: id.into(),
        label: label.into(),
        kind,
    }
}

fn cards() -> Vec<(&'static str, Card)> {
    vec![
        (
            "guide_zh",
            Card::new(CardKind::Guide, "雷峰塔 Leifeng Pagoda", "landmark in view")
                .line("雷峰塔始建于公元977年，由吴越国王钱俶为庆祝黄妃得子而建，1924年倒塌，2002年重建。")
                .line("Built in 977, collapsed in 1924, rebuilt in 2002; the Legend of the White Snake is set here.")
                .speech("雷峰塔，始建于公元977年。")
                .action(action("more", "More", ActionKind::More)),
        ),
        (
            "price_comparison",
            Card::new(CardKind::PriceComparison, "Coca-Cola 330ml", "hesitated 2.1 s over EAN 6901939621257")
                .line("¥2.50 FamilyMart (this shop)")
                .line("¥2.20 JD Daojia · 30 min")
                .line("¥2.90 Meituan · 25 min")
                .line("In stock: Lawson 120 m, 7-Eleven 300 m")
                .action(action("buy", "Order ¥2.20", ActionKind::Pay { total: Cny::fen(220), summary: "Coca-Cola 330ml".into() }))
                .action(action("dismiss", "Dismiss", ActionKind::Dismiss)),
        ),
        (
            "bike_unlock",
            Card::new(CardKind::BikeUnlock, "Hello Bike HB-20931", "bike QR code in view")
                .line("¥1.50 per 15 min, ¥15 daily cap")
                .line("Battery — unlock only after you confirm")
                .action(action("unlock", "Unlock", ActionKind::Unlock { target: "HB-20931".into() })),
        ),
        (
            "plan_no_actions_empty_body",
            Card::new(CardKind::Info, "今日特价促销活动进行中，全场商品八折起，会员再享九五折", "sign text"),
        ),
    ]
}

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/hud")
}

#[test]
fn renders_match_the_snapshots() {
    let update = std::env::var_os("SIGHTLINE_UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for (name, card) in cards() {
        for (suffix, display) in [("reference", Display::REFERENCE), ("g1", Display::EVEN_G1)] {
            let drawn = render(&card, &display).to_terminal();
            let path = snapshot_dir().join(format!("{name}.{suffix}.txt"));
            if update {
                std::fs::create_dir_all(snapshot_dir()).unwrap();
                std::fs::write(&path, &drawn).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("missing snapshot {}: {e}", path.display()));
            if expected != drawn {
                failures.push(format!(
                    "{}\n--- expected\n{expected}--- got\n{drawn}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
