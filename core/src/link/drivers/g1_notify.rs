//! Phone notifications on the Even G1 with its own notification command `4B`, as Even's demo
//! app sends it: the JSON `{"ncs_notification": {…}, "type": "Add"}` cut into 176-byte
//! chunks, each sent as `4B notify_id total index` + chunk to the left arm, which acknowledges
//! each (`4B C9`). The G1 shows it in its own notification view.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::WireError;
use crate::link::session::Notice;

/// Notification command.
pub const NOTIFY: u8 = 0x4B;
/// JSON bytes per notification packet (180 minus the 4-byte header).
pub const NOTIFY_CHUNK: usize = 176;
/// The G1 shows notification times in the phone's local time; Sightline's is Hangzhou's.
const LOCAL_OFFSET_S: i32 = 8 * 3600;

/// The notification as the G1 reads it (field names are the G1's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NcsNotification {
    /// Message id.
    pub msg_id: u32,
    /// Always 1 (a notification).
    #[serde(rename = "type")]
    pub kind: u8,
    /// The posting app's id (Android package).
    pub app_identifier: String,
    /// The title.
    pub title: String,
    /// Unused by Sightline (empty).
    pub subtitle: String,
    /// The (already shortened) text.
    pub message: String,
    /// When it was posted, Unix seconds.
    pub time_s: i64,
    /// When it was posted, local `YYYY-MM-DD HH:MM:SS`.
    pub date: String,
    /// The app's name as shown.
    pub display_name: String,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    ncs_notification: NcsNotification,
    #[serde(rename = "type")]
    kind: String,
}

impl NcsNotification {
    /// The G1's form of `notice`.
    pub fn from_notice(notice: &Notice) -> Self {
        let date = FixedOffset::east_opt(LOCAL_OFFSET_S)
            .zip(DateTime::from_timestamp(notice.posted_at_s, 0))
            .map(|(tz, at)| {
                at.with_timezone(&tz)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_default();
        Self {
            msg_id: notice.id,
            kind: 1,
            app_identifier: notice.app_id.clone(),
            title: notice.title.clone(),
            subtitle: String::new(),
            message: notice.line.clone(),
            time_s: notice.posted_at_s,
            date,
            display_name: notice.app_name.clone(),
        }
    }
}

/// The `4B` packets of one notification.
pub fn notification_packets(
    notify_id: u8,
    notification: &NcsNotification,
) -> Result<Vec<Vec<u8>>, WireError> {
    let json = serde_json::to_vec(&Envelope {
        ncs_notification: notification.clone(),
        kind: "Add".into(),
    })
    .map_err(|e| WireError::Invalid(format!("notification JSON: {e}")))?;
    let chunks: Vec<&[u8]> = json.chunks(NOTIFY_CHUNK).collect();
    let total = u8::try_from(chunks.len())
        .map_err(|_| WireError::Invalid("notification too long for 255 packets".into()))?;
    Ok(chunks
        .iter()
        .enumerate()
        .map(|(index, chunk)| {
            let mut packet = vec![NOTIFY, notify_id, total, index as u8];
            packet.extend_from_slice(chunk);
            packet
        })
        .collect())
}

/// Reads a notification back from its `4B` packets (in order): what the glasses decode.
pub fn decode_notification(packets: &[Vec<u8>]) -> Result<NcsNotification, WireError> {
    let mut json = Vec::new();
    for (i, packet) in packets.iter().enumerate() {
        let [NOTIFY, _id, total, index, chunk @ ..] = packet.as_slice() else {
            return Err(WireError::Short {
                what: "notification packet",
                len: packet.len(),
            });
        };
        if usize::from(*index) != i || usize::from(*total) != packets.len() {
            return Err(WireError::Invalid(format!(
                "notification packet {index} of {total} out of order"
            )));
        }
        json.extend_from_slice(chunk);
    }
    let envelope: Envelope = serde_json::from_slice(&json)
        .map_err(|e| WireError::Invalid(format!("notification JSON: {e}")))?;
    if envelope.kind != "Add" {
        return Err(WireError::Invalid(format!(
            "notification type `{}`",
            envelope.kind
        )));
    }
    Ok(envelope.ncs_notification)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(line: &str) -> Notice {
        Notice {
            id: 7,
            app_id: "com.tencent.mm".into(),
            app_name: "WeChat".into(),
            title: "李娜".into(),
            line: line.into(),
            posted_at_s: 1_795_658_400,
        }
    }

    #[test]
    fn browser_notifications_round_trip_in_the_g1_format() {
        let n = NcsNotification::from_notice(&notice("晚上七点在湖滨银泰见"));
        assert_eq!(n.date, "2026-11-26 10:00:00", "Hangzhou time");
        let packets = notification_packets(3, &n).unwrap();
        assert_eq!(packets.len(), 2, "the JSON takes two 176-byte chunks");
        assert!(
            packets
                .iter()
                .all(|p| p[0] == NOTIFY && p[1] == 3 && p[2] == 2)
        );
        assert!(packets.iter().all(|p| p.len() <= 180));
        assert_eq!(decode_notification(&packets).unwrap(), n);
        let mut swapped = packets.clone();
        swapped.swap(0, 1);
        assert!(decode_notification(&swapped).is_err());
        assert!(decode_notification(&[vec![NOTIFY, 1]]).is_err());
    }
}
