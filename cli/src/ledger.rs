//! `sightline ledger`: the take-rate ledger's totals — orders, GMV, commission earned, the
//! compute spent to get there, and commission per 1,000 LLM tokens.

use clap::Args;
use sightline_core::Config;
use sightline_core::store::Store;
use sightline_core::store::ledger::{self, LedgerTotals};

use crate::out::say;

/// Options of `sightline ledger`.
#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// The totals as the lines `sightline ledger` prints.
fn table(t: &LedgerTotals) -> Vec<String> {
    let per_1k = t.commission_per_1k_tokens().map_or_else(
        || "n/a (no LLM tokens spent)".to_string(),
        |c| c.to_string(),
    );
    vec![
        format!("orders                       {}", t.orders),
        format!("GMV                          {}", t.gmv),
        format!("commission earned            {}", t.commission),
        format!("on-device inference          {} ms", t.inference_ms),
        format!("LLM tokens spent             {}", t.llm_tokens),
        format!("commission per 1,000 tokens  {per_1k}"),
    ]
}

/// Prints the ledger totals.
pub fn run(config: &Config, args: &LedgerArgs) -> Result<(), String> {
    let store = Store::open(&config.database_path()).map_err(|e| e.to_string())?;
    let totals = store.read(ledger::totals).map_err(|e| e.to_string())?;
    if args.json {
        say!(
            "{}",
            serde_json::json!({
                "orders": totals.orders,
                "gmv_fen": totals.gmv.0,
                "commission_fen": totals.commission.0,
                "inference_ms": totals.inference_ms,
                "llm_tokens": totals.llm_tokens,
                "commission_per_1k_tokens_fen": totals.commission_per_1k_tokens().map(|c| c.0),
            })
        );
    } else {
        for line in table(&totals) {
            say!("{line}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_core::money::Cny;

    #[test]
    fn prints_every_total() {
        let t = LedgerTotals {
            orders: 2,
            gmv: Cny::fen(130_690),
            commission: Cny::fen(11_620),
            inference_ms: 301,
            llm_tokens: 1_500,
        };
        let lines = table(&t).join("\n");
        for part in [
            "orders                       2",
            "¥1,306.90",
            "¥116.20",
            "301 ms",
            "1500",
            "¥77.46",
        ] {
            assert!(lines.contains(part), "{part} in\n{lines}");
        }
        assert!(table(&LedgerTotals::default()).join("\n").contains("n/a"));
    }
}
