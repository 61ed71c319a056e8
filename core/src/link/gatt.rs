//! How a family's several GATT characteristics (and the G1's two arms, which are two BLE
//! peripherals) share one [`Transport`](crate::link::transport::Transport): every packet a
//! driver writes or receives starts with a channel byte naming the characteristic (and arm),
//! followed by the characteristic's value exactly as the device sends or expects it. The
//! connector (the simulated radio, or a BLE stack) maps channels to characteristics, so a
//! value may still be ATT MTU − 3 bytes long: a tagged packet is one byte longer.

use crate::link::protocol::packet_payload;

/// Which way a channel carries values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Phone → device writes.
    Write,
    /// Device → phone notifications.
    Notify,
}

/// One characteristic a driver uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channel {
    /// The leading byte of packets on this channel.
    pub tag: u8,
    /// The service UUID.
    pub service: &'static str,
    /// The characteristic UUID.
    pub characteristic: &'static str,
    /// Direction.
    pub direction: Direction,
}

/// `value` on channel `tag`.
pub fn tagged(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 1);
    out.push(tag);
    out.extend_from_slice(value);
    out
}

/// The channel and value of a tagged packet (`None` for an empty packet).
pub fn untag(packet: &[u8]) -> Option<(u8, &[u8])> {
    packet.split_first().map(|(tag, value)| (*tag, value))
}

/// The longest tagged packet at this ATT MTU: one channel byte plus an MTU − 3 value.
pub fn max_tagged_packet(att_mtu: usize) -> usize {
    packet_payload(att_mtu) + 1
}

/// OpenGlass / omiGlass GATT layout.
pub mod openglass {
    use super::{Channel, Direction};

    /// Main service (advertised).
    pub const SERVICE: &str = "19b10000-e8f2-537e-4f6c-d104768a1214";
    /// Audio data (notify): `index u16 LE, 0, samples…`.
    pub const AUDIO_DATA: &str = "19b10001-e8f2-537e-4f6c-d104768a1214";
    /// Audio codec id (read).
    pub const AUDIO_CODEC: &str = "19b10002-e8f2-537e-4f6c-d104768a1214";
    /// Photo data (notify): `index u16 LE, [orientation on index 0], JPEG bytes…`; `FF FF` ends.
    pub const PHOTO_DATA: &str = "19b10005-e8f2-537e-4f6c-d104768a1214";
    /// Photo control (write one signed byte: −1 one shot, 0 stop, 5..=300 interval seconds).
    pub const PHOTO_CONTROL: &str = "19b10006-e8f2-537e-4f6c-d104768a1214";
    /// Battery service.
    pub const BATTERY_SERVICE: &str = "0000180f-0000-1000-8000-00805f9b34fb";
    /// Battery level (notify, one byte %).
    pub const BATTERY_LEVEL: &str = "00002a19-0000-1000-8000-00805f9b34fb";

    /// Photo data channel.
    pub const PHOTO: u8 = 1;
    /// Photo control channel.
    pub const CONTROL: u8 = 2;
    /// Audio data channel.
    pub const AUDIO: u8 = 3;
    /// Battery level channel.
    pub const BATTERY: u8 = 4;

    /// Every channel the driver uses.
    pub const CHANNELS: [Channel; 4] = [
        Channel {
            tag: PHOTO,
            service: SERVICE,
            characteristic: PHOTO_DATA,
            direction: Direction::Notify,
        },
        Channel {
            tag: CONTROL,
            service: SERVICE,
            characteristic: PHOTO_CONTROL,
            direction: Direction::Write,
        },
        Channel {
            tag: AUDIO,
            service: SERVICE,
            characteristic: AUDIO_DATA,
            direction: Direction::Notify,
        },
        Channel {
            tag: BATTERY,
            service: BATTERY_SERVICE,
            characteristic: BATTERY_LEVEL,
            direction: Direction::Notify,
        },
    ];
}

/// Brilliant Labs Frame GATT layout: one write and one notify characteristic.
pub mod frame {
    use super::{Channel, Direction};

    /// Service (advertised).
    pub const SERVICE: &str = "7a230001-5475-a6a4-654c-8431f6ad49c4";
    /// Phone → Frame (Lua text, or `0x01` + data, `0x03` break, `0x04` reset).
    pub const TX: &str = "7a230002-5475-a6a4-654c-8431f6ad49c4";
    /// Frame → phone (print output, or `0x01` + data).
    pub const RX: &str = "7a230003-5475-a6a4-654c-8431f6ad49c4";

    /// Write channel.
    pub const WRITE: u8 = 0;
    /// Notify channel.
    pub const NOTIFY: u8 = 1;

    /// Every channel the driver uses.
    pub const CHANNELS: [Channel; 2] = [
        Channel {
            tag: WRITE,
            service: SERVICE,
            characteristic: TX,
            direction: Direction::Write,
        },
        Channel {
            tag: NOTIFY,
            service: SERVICE,
            characteristic: RX,
            direction: Direction::Notify,
        },
    ];
}

/// Even Realities G1 GATT layout: the Nordic UART service on each arm. The channel byte is
/// the arm: writes and notifications of the left arm on [`LEFT`], the right on [`RIGHT`].
pub mod g1 {
    /// Nordic UART service, on both arms.
    pub const SERVICE: &str = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
    /// Phone → arm (write).
    pub const TX: &str = "6e400002-b5a3-f393-e0a9-e50e24dcca9e";
    /// Arm → phone (notify).
    pub const RX: &str = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";

    /// The left arm (always written first).
    pub const LEFT: u8 = 0;
    /// The right arm (written after the left acknowledged).
    pub const RIGHT: u8 = 1;
}
