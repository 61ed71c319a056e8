//! The merchant payment codes of the demo city: every shop, café and restaurant has an
//! Alipay and a WeChat Pay code at its counter, and a few people have personal codes — what
//! a sticker swapped over a shop's code would pay. The embedded payment provider resolves a
//! code to its payee from this table, and pays a code only to that payee.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::rng::stable_hash;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::paycode::{MerchantCode, PayNetwork};
use crate::services::payments::CodePayee;

/// People with a personal payment code in the demo city.
const PERSONAL_PAYEES: &[&str] = &["王强", "李娜", "刘洋"];

/// The payload of the demo city's `network` code of `account` (a POI key or a person's
/// account): deterministic, so the demo and the tests can print a shop's code.
pub fn merchant_code_payload(network: PayNetwork, account: &str) -> String {
    let token = format!(
        "{:016x}{:08x}",
        stable_hash(&["paycode", account]),
        stable_hash(&["paycode-tail", account]) as u32
    );
    match network {
        PayNetwork::WechatPay => format!("wxp://f2f0{token}"),
        PayNetwork::UnionPay => format!("https://qr.95516.com/00010000/{token}"),
        PayNetwork::Alipay | PayNetwork::Emv => format!("https://qr.alipay.com/fkx{token}"),
    }
}

/// The account of a person's personal code.
pub fn personal_account(index: usize) -> String {
    format!("person/{index}")
}

/// Writes the codes of every shop, café and restaurant and the personal codes.
pub(super) fn write_merchant_codes(tx: &Transaction<'_>) -> ServiceResult<usize> {
    let shops: Vec<(String, String)> = tx
        .prepare(
            "SELECT key, name_zh FROM poi
             WHERE category IN ('shop', 'cafe', 'restaurant', 'convenience_store') ORDER BY id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut insert = tx.prepare(
        "INSERT INTO merchant_code(payload, network, payee_id, name, personal, poi_key)
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    let mut count = 0;
    for (key, name) in &shops {
        for network in [PayNetwork::Alipay, PayNetwork::WechatPay] {
            insert.execute(params![
                merchant_code_payload(network, key),
                network.label(),
                format!("shop:{key}"),
                name,
                false,
                key
            ])?;
            count += 1;
        }
    }
    for (index, name) in PERSONAL_PAYEES.iter().enumerate() {
        let account = personal_account(index);
        for network in [PayNetwork::Alipay, PayNetwork::WechatPay] {
            insert.execute(params![
                merchant_code_payload(network, &account),
                network.label(),
                account,
                name,
                true,
                Option::<String>::None
            ])?;
            count += 1;
        }
    }
    Ok(count)
}

/// The payee of `code`, if the demo city has it.
pub(super) fn payee(conn: &Connection, code: &MerchantCode) -> ServiceResult<CodePayee> {
    conn.prepare_cached(
        "SELECT payee_id, name, personal, poi_key FROM merchant_code WHERE payload = ?1",
    )?
    .query_row([&code.payload], |r| {
        Ok(CodePayee {
            merchant_id: r.get(0)?,
            name: r.get(1)?,
            personal: r.get(2)?,
            poi_id: r.get(3)?,
        })
    })
    .optional()?
    .ok_or_else(|| ServiceError::NotFound(format!("the payee of a {} code", code.network.label())))
}
