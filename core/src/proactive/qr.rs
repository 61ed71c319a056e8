//! What a QR code in view is, from its payload alone, before anything is sent anywhere: a
//! QR payload goes only to the provider whose format it matches (a shared bike's code to
//! mobility, a merchant payment code to the wearer's own payment provider, to name its
//! payee). Links, Wi-Fi credentials and contact cards are recognised so they are never sent
//! to any provider unasked — a code in view is not consent to share it.

/// The prefix of the mobility provider's bike codes (`SLBIKE:<bike id>`).
const BIKE_PREFIX: &str = "SLBIKE:";

/// Prefixes of contact and calendar cards (WeChat's contact-card links too), and of links
/// that start a call or a message.
const CONTACT_PREFIXES: &[&str] = &[
    "begin:vcard",
    "mecard:",
    "begin:vcalendar",
    "begin:vevent",
    "mailto:",
    "tel:",
    "sms:",
    "smsto:",
    "matmsg:",
    "https://u.wechat.com/",
];

/// The kind of a QR payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrKind {
    /// A shared bike's code: the only kind sent to a provider (mobility) unasked.
    Bike,
    /// A payment code (a merchant's, or a scheme Sightline does not pay): sent only to the
    /// wearer's own payment provider, to name whom a merchant code pays.
    Payment,
    /// Wi-Fi credentials: never sent.
    Wifi,
    /// A contact or calendar card, or a call/message link: never sent.
    Contact,
    /// A web link: never sent unasked.
    Url,
    /// Anything else: never sent unasked.
    Other,
}

/// Classifies `payload` (surrounding whitespace ignored).
pub fn classify(payload: &str) -> QrKind {
    let payload = payload.trim();
    let lower = payload.to_ascii_lowercase();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| lower.starts_with(p));
    if crate::services::paycode::is_payment_code(payload) {
        QrKind::Payment
    } else if lower.starts_with("wifi:") {
        QrKind::Wifi
    } else if starts(CONTACT_PREFIXES) {
        QrKind::Contact
    } else if payload.starts_with(BIKE_PREFIX)
        && payload.len() > BIKE_PREFIX.len()
        && payload[BIKE_PREFIX.len()..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
    {
        QrKind::Bike
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        QrKind::Url
    } else {
        QrKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_only_bike_codes_are_for_a_provider() {
        assert_eq!(classify(" SLBIKE:HB000001 "), QrKind::Bike);
        for (payload, kind) in [
            ("wxp://f2f0abc", QrKind::Payment),
            ("https://qr.alipay.com/fkx123", QrKind::Payment),
            ("00020101021226", QrKind::Payment),
            ("https://qr.95516.com/00010000/0123", QrKind::Payment),
            (
                "bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                QrKind::Payment,
            ),
            ("WIFI:S:home;T:WPA;P:hunter2;;", QrKind::Wifi),
            ("BEGIN:VCARD\nFN:Li Lei\nEND:VCARD", QrKind::Contact),
            ("MECARD:N:Li;TEL:123;;", QrKind::Contact),
            // A WeChat contact card (shared/photos/wechat_qr_card.jpg).
            (
                "https://u.wechat.com/MBH34ATTwgpj7TBLaUECM5E",
                QrKind::Contact,
            ),
            ("https://example.org/menu", QrKind::Url),
            ("SLBIKE:HB 1; DROP", QrKind::Other),
            ("SLBIKE:", QrKind::Other),
            ("hello", QrKind::Other),
        ] {
            assert_eq!(classify(payload), kind, "{payload}");
        }
    }
}
