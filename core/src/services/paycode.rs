//! Merchant payment codes — the Alipay, WeChat Pay or UnionPay code taped to a counter — read
//! from a QR payload by their published formats, never guessed: a payload of a known network
//! that breaks its format is a typed [`PayCodeError::Malformed`], a payment scheme Sightline
//! does not pay (a crypto address, an app deep link) is [`PayCodeError::Unsupported`].
//!
//! Formats: Alipay `https://qr.alipay.com/<token>`; WeChat Pay `wxp://<token>`,
//! `weixin://wxpay/bizpayurl?pr=<token>` and `https://payapp.weixin.qq.com/<path>`; UnionPay
//! `https://qr.95516.com/<path>`; EMVCo merchant-presented codes (`000201…`, tag-length-value
//! with a CRC-16 in tag 63 and the merchant's name in tag 59).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest payload accepted as a payment code (real codes are well under 200 bytes).
const MAX_PAYLOAD: usize = 512;

/// The payment network a merchant code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayNetwork {
    /// Alipay (支付宝).
    Alipay,
    /// WeChat Pay (微信支付).
    WechatPay,
    /// UnionPay QuickPass (云闪付).
    UnionPay,
    /// An EMVCo merchant-presented code (any network that follows the EMV QR standard).
    Emv,
}

impl PayNetwork {
    /// The network's name as the card shows it.
    pub fn label(self) -> &'static str {
        match self {
            PayNetwork::Alipay => "Alipay",
            PayNetwork::WechatPay => "WeChat Pay",
            PayNetwork::UnionPay => "UnionPay",
            PayNetwork::Emv => "EMV QR",
        }
    }
}

/// A merchant payment code read from a QR payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantCode {
    /// Its network.
    pub network: PayNetwork,
    /// The payload as printed (surrounding whitespace removed): what the provider pays.
    pub payload: String,
    /// The merchant's name written in the code itself (EMV tag 59), when it carries one.
    pub name_in_code: Option<String>,
}

/// Why a QR payload is not a payable merchant code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PayCodeError {
    /// Not a payment code at all.
    #[error("not a payment code")]
    NotPayment,
    /// A payment scheme Sightline does not pay.
    #[error("{0} codes are not supported")]
    Unsupported(String),
    /// The payload starts like a code of `network` but breaks its format.
    #[error("malformed {} code: {reason}", network.label())]
    Malformed {
        /// The network it claims to be.
        network: PayNetwork,
        /// What is wrong.
        reason: String,
    },
}

/// A format of one network: the (lower-case) prefix and what may follow it.
struct Format {
    prefix: &'static str,
    network: PayNetwork,
    rest: Rest,
}

/// What may follow a prefix.
#[derive(Clone, Copy)]
enum Rest {
    /// 4–128 ASCII letters, digits, `-` and `_` (WeChat's tokens are URL-safe base64).
    Token,
    /// A URL path and query: letters, digits and `/?=&_.-%`, starting with a letter or digit.
    Path,
}

const FORMATS: &[Format] = &[
    Format {
        prefix: "https://qr.alipay.com/",
        network: PayNetwork::Alipay,
        rest: Rest::Token,
    },
    Format {
        prefix: "wxp://",
        network: PayNetwork::WechatPay,
        rest: Rest::Token,
    },
    Format {
        prefix: "weixin://wxpay/bizpayurl?pr=",
        network: PayNetwork::WechatPay,
        rest: Rest::Token,
    },
    Format {
        prefix: "https://payapp.weixin.qq.com/",
        network: PayNetwork::WechatPay,
        rest: Rest::Path,
    },
    Format {
        prefix: "https://qr.95516.com/",
        network: PayNetwork::UnionPay,
        rest: Rest::Path,
    },
];

/// Payment schemes recognised (so they are never treated as a plain link) but not paid.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("http://qr.alipay.com/", "unencrypted Alipay"),
    ("alipays://", "Alipay app link"),
    ("alipay://", "Alipay app link"),
    ("weixin://", "WeChat app link"),
    ("unionpay://", "UnionPay app link"),
    ("upi://", "UPI"),
    ("bitcoin:", "Bitcoin"),
    ("ethereum:", "Ethereum"),
];

/// The EMV payload format indicator every merchant-presented code starts with.
const EMV_START: &str = "000201";

/// True when `payload` is a payment code of any scheme (payable or not): such codes are
/// never sent anywhere but to the wearer's own payment provider.
pub fn is_payment_code(payload: &str) -> bool {
    !matches!(parse(payload), Err(PayCodeError::NotPayment))
}

/// Reads the merchant code in `payload`.
pub fn parse(payload: &str) -> Result<MerchantCode, PayCodeError> {
    let payload = payload.trim();
    let lower = payload.to_ascii_lowercase();
    if let Some(format) = FORMATS.iter().find(|f| lower.starts_with(f.prefix)) {
        let malformed = |reason: &str| PayCodeError::Malformed {
            network: format.network,
            reason: reason.into(),
        };
        if payload.len() > MAX_PAYLOAD {
            return Err(malformed("too long"));
        }
        let rest = &payload[format.prefix.len()..];
        check_rest(rest, format.rest).map_err(malformed)?;
        return Ok(MerchantCode {
            network: format.network,
            payload: payload.to_string(),
            name_in_code: None,
        });
    }
    if let Some((_, what)) = UNSUPPORTED.iter().find(|(p, _)| lower.starts_with(p)) {
        return Err(PayCodeError::Unsupported((*what).into()));
    }
    if payload.starts_with(EMV_START) {
        let malformed = |reason: String| PayCodeError::Malformed {
            network: PayNetwork::Emv,
            reason,
        };
        if payload.len() > MAX_PAYLOAD {
            return Err(malformed("too long".into()));
        }
        let name = emv_merchant_name(payload).map_err(malformed)?;
        return Ok(MerchantCode {
            network: PayNetwork::Emv,
            payload: payload.to_string(),
            name_in_code: Some(name),
        });
    }
    Err(PayCodeError::NotPayment)
}

/// Checks what follows a format's prefix.
fn check_rest(rest: &str, kind: Rest) -> Result<(), &'static str> {
    match kind {
        Rest::Token => {
            if !(4..=128).contains(&rest.len()) {
                return Err("the code's token must be 4 to 128 characters");
            }
            if !rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err("the code's token holds characters no code has");
            }
        }
        Rest::Path => {
            let first_ok = rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if !first_ok || rest.len() < 4 {
                return Err("the code has no path");
            }
            if rest.contains("..")
                || !rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/?=&_.-%".contains(c))
            {
                return Err("the code's path holds characters no code has");
            }
        }
    }
    Ok(())
}

/// The merchant name (tag 59) of an EMV merchant-presented code, after checking its
/// tag-length-value structure, its CRC (tag 63, last) and its currency (tag 53: yuan).
fn emv_merchant_name(payload: &str) -> Result<String, String> {
    let mut name = None;
    let mut at = 0;
    let mut crc_seen = false;
    while at < payload.len() {
        let head = payload
            .get(at..at + 4)
            .ok_or_else(|| format!("truncated field at byte {at}"))?;
        let (tag, len) = head.split_at(2);
        let tag: u8 = tag.parse().map_err(|_| format!("bad tag `{tag}`"))?;
        let len: usize = len.parse().map_err(|_| format!("bad length `{len}`"))?;
        let value = payload
            .get(at + 4..at + 4 + len)
            .ok_or_else(|| format!("field {tag:02} runs past the end"))?;
        match tag {
            53 if value != "156" => return Err(format!("currency {value} is not yuan")),
            59 => name = Some(value.trim().to_string()),
            63 => {
                if at + 4 + len != payload.len() || len != 4 {
                    return Err("the CRC must be the last field, 4 digits".into());
                }
                let expected = crc16_ccitt(&payload.as_bytes()[..at + 4]);
                if !value.eq_ignore_ascii_case(&format!("{expected:04X}")) {
                    return Err("CRC mismatch".into());
                }
                crc_seen = true;
            }
            _ => {}
        }
        at += 4 + len;
    }
    if !crc_seen {
        return Err("no CRC".into());
    }
    name.filter(|n| !n.is_empty())
        .ok_or_else(|| "no merchant name".into())
}

/// CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as EMV QR codes use.
fn crc16_ccitt(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in bytes {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// An EMV merchant-presented code for `name` with a correct CRC.
#[cfg(test)]
fn emv_code(merchant_account: &str, name: &str, city: &str) -> String {
    let field = |tag: u8, value: &str| format!("{tag:02}{:02}{value}", value.len());
    let body = [
        field(0, "01"),
        field(1, "11"),
        field(26, merchant_account),
        field(53, "156"),
        field(58, "CN"),
        field(59, name),
        field(60, city),
    ]
    .concat();
    let with_tag = format!("{body}6304");
    format!("{with_tag}{:04X}", crc16_ccitt(with_tag.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_merchant_codes_of_every_network_are_read() {
        for (payload, network) in [
            (
                " https://qr.alipay.com/fkx17148wqtmgrjdxsaxl57 ",
                PayNetwork::Alipay,
            ),
            ("HTTPS://QR.ALIPAY.COM/bax03431", PayNetwork::Alipay),
            ("wxp://f2f0aB3dE5fG7", PayNetwork::WechatPay),
            // Read from the photos in shared/photos (weixin_pay.jpg, zhifubao_pay.jpg).
            (
                "wxp://f2f0G8BnPvEDcizM-kNSJu03GSPNLouvpf6CDqDev41gpqoscWe8Ck2BFmMgLD31bYcX",
                PayNetwork::WechatPay,
            ),
            (
                "https://qr.alipay.com/fkx12203hsmmrsvssdy1a95",
                PayNetwork::Alipay,
            ),
            ("weixin://wxpay/bizpayurl?pr=Xy12ab3", PayNetwork::WechatPay),
            (
                "https://payapp.weixin.qq.com/qr/AQHxa9?t=GAAA",
                PayNetwork::WechatPay,
            ),
            (
                "https://qr.95516.com/00010000/01234567890123",
                PayNetwork::UnionPay,
            ),
        ] {
            let code = parse(payload).unwrap();
            assert_eq!(code.network, network, "{payload}");
            assert_eq!(code.payload, payload.trim());
            assert_eq!(code.name_in_code, None);
        }
        let emv = emv_code("0012cn.unionpay01", "Xixi Noodles", "Hangzhou");
        let code = parse(&emv).unwrap();
        assert_eq!(code.network, PayNetwork::Emv);
        assert_eq!(code.name_in_code.as_deref(), Some("Xixi Noodles"));
    }

    #[test]
    fn browser_malformed_payment_codes_are_typed_errors() {
        let malformed = |payload: &str| match parse(payload) {
            Err(PayCodeError::Malformed { network, .. }) => network,
            other => panic!("{payload}: {other:?}"),
        };
        assert_eq!(malformed("https://qr.alipay.com/"), PayNetwork::Alipay);
        assert_eq!(malformed("https://qr.alipay.com/ab"), PayNetwork::Alipay);
        assert_eq!(
            malformed("https://qr.alipay.com/fkx1@evil.example/x"),
            PayNetwork::Alipay
        );
        assert_eq!(
            malformed(&format!("https://qr.alipay.com/{}", "a".repeat(129))),
            PayNetwork::Alipay
        );
        assert_eq!(malformed("wxp://f2f0 DROP"), PayNetwork::WechatPay);
        assert_eq!(
            malformed("https://qr.95516.com/../../admin"),
            PayNetwork::UnionPay
        );
        assert_eq!(
            malformed("https://payapp.weixin.qq.com/<script>"),
            PayNetwork::WechatPay
        );
        // EMV: a flipped character breaks the CRC; a truncated code; no name; not yuan.
        let good = emv_code("0012cn.unionpay01", "Xixi Noodles", "Hangzhou");
        let tampered = good.replace("Xixi", "Evil");
        assert_eq!(malformed(&tampered), PayNetwork::Emv);
        assert_eq!(malformed(&good[..good.len() - 6]), PayNetwork::Emv);
        assert_eq!(malformed("000201010211"), PayNetwork::Emv);
        assert_eq!(malformed("000201zz"), PayNetwork::Emv);
        let dollars =
            emv_code("0012cn.unionpay01", "Xixi Noodles", "Hangzhou").replace("5303156", "5303840");
        assert_eq!(malformed(&dollars), PayNetwork::Emv);
        // A host that only starts like a payment host is not one.
        assert_eq!(
            parse("https://qr.alipay.com.evil.example/fkx1"),
            Err(PayCodeError::NotPayment)
        );
        assert!(matches!(
            parse("bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
            Err(PayCodeError::Unsupported(_))
        ));
        assert!(matches!(
            parse("http://qr.alipay.com/fkx17148"),
            Err(PayCodeError::Unsupported(_))
        ));
        assert_eq!(parse(""), Err(PayCodeError::NotPayment));
        assert!(!is_payment_code("https://example.org/menu"));
        assert!(is_payment_code("upi://pay?pa=x@y"));
    }

    #[test]
    fn crc_matches_the_standard_check_value() {
        // CRC-16/CCITT-FALSE of "123456789" is 0x29B1.
        assert_eq!(crc16_ccitt(b"123456789"), 0x29B1);
    }
}
