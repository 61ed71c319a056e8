//! A simulated Brilliant Labs Frame: Lua writes are run (the subset the driver sends, see
//! [`super::lua`]), `print` answers as plain text, `frame.bluetooth.send` data goes out with
//! the firmware's `0x01` prefix, and only one notification leaves per connection event (the
//! Frame's one-slot queue). Photos stream as `0x07` chunks of `max_length() − 1` bytes and an
//! empty `0x08` chunk, as the driver's camera helper asks.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

use super::Peripheral;
use super::lua::{self, Statement, Token};
use crate::link::drivers::frame::{BREAK, DATA, IMAGE_CHUNK, IMAGE_END, MIC, RESET, TAP};
use crate::link::gatt::{self, frame as fg};
use crate::link::protocol::packet_payload;

/// The firmware version the simulated Frame reports.
pub const FIRMWARE_VERSION: &str = "v25.080.0838";

#[derive(Debug)]
struct Connection {
    generation: u64,
    mtu: usize,
    queue: VecDeque<Vec<u8>>,
    last_sent: Option<Instant>,
}

/// The simulated Frame.
#[derive(Debug)]
pub struct FrameSim {
    images: Vec<Arc<Vec<u8>>>,
    next_image: usize,
    battery: u8,
    functions: BTreeMap<String, Vec<Token>>,
    tap_callback: bool,
    buffer: Vec<(u32, u32, String)>,
    shown: Vec<(u32, u32, String)>,
    lua_log: Vec<Vec<u8>>,
    errors: Vec<String>,
    conn: Option<Connection>,
    generation: u64,
}

fn number(arg: Option<&Vec<Token>>) -> Option<f64> {
    match arg.map(Vec::as_slice) {
        Some([Token::Num(n)]) => Some(*n),
        _ => None,
    }
}

impl FrameSim {
    /// A Frame whose camera sees `images` (JPEG bytes), in turn.
    pub fn new(images: Vec<Vec<u8>>) -> Self {
        Self {
            images: images.into_iter().map(Arc::new).collect(),
            next_image: 0,
            battery: 91,
            functions: BTreeMap::new(),
            tap_callback: false,
            buffer: Vec::new(),
            shown: Vec::new(),
            lua_log: Vec::new(),
            errors: Vec::new(),
            conn: None,
            generation: 0,
        }
    }

    /// Every write received, in order (Lua text or signal bytes), without channel bytes.
    pub fn writes(&self) -> &[Vec<u8>] {
        &self.lua_log
    }

    /// Lua errors the Frame printed.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The text on the display now, top to bottom then left to right.
    pub fn shown_text(&self) -> Vec<String> {
        let mut shown = self.shown.clone();
        shown.sort_by_key(|(x, y, _)| (*y, *x));
        shown.into_iter().map(|(_, _, t)| t).collect()
    }

    /// What the camera sees from now on (JPEG bytes, in turn).
    pub fn set_images(&mut self, images: Vec<Vec<u8>>) {
        self.images = images.into_iter().map(Arc::new).collect();
        self.next_image = 0;
    }

    /// Sets the battery level reported to the next poll.
    pub fn set_battery(&mut self, percent: u8) {
        self.battery = percent.min(100);
    }

    /// The wearer taps the Frame: the tap callback (if the phone set one) sends `0x04`.
    pub fn tap(&mut self) {
        if self.tap_callback {
            self.send_data(&[TAP]);
        }
    }

    /// The wearer taps twice quickly: two tap callbacks.
    pub fn double_tap(&mut self) {
        self.tap();
        self.tap();
    }

    /// The wearer speaks for about `chars` characters: microphone data goes out (silence in
    /// the simulation; the phone's recognizer produces the transcript).
    pub fn speak(&mut self, chars: usize) {
        let Some(n) = self.conn.as_ref().map(|c| packet_payload(c.mtu) - 2) else {
            return;
        };
        for _ in 0..chars.div_ceil(20).max(1) {
            let mut data = vec![MIC];
            data.resize(n + 1, 0);
            self.send_data(&data);
        }
    }

    fn send_data(&mut self, data: &[u8]) {
        if let Some(c) = self.conn.as_mut() {
            let mut value = vec![DATA];
            value.extend_from_slice(data);
            c.queue.push_back(gatt::tagged(fg::NOTIFY, &value));
        }
    }

    fn print(&mut self, text: &str) {
        if let Some(c) = self.conn.as_mut() {
            c.queue.push_back(gatt::tagged(fg::NOTIFY, text.as_bytes()));
        }
    }

    fn fail(&mut self, error: String) {
        self.print(&format!("[string \"...\"]:1: {error}"));
        self.errors.push(error);
    }

    /// Evaluates a `print` argument: string, number, firmware version or battery level,
    /// joined with `..`.
    fn eval(&self, tokens: &[Token]) -> Result<String, String> {
        let mut out = String::new();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Str(s) => out.push_str(&String::from_utf8_lossy(s)),
                Token::Num(n) => out.push_str(&n.to_string()),
                Token::Name(n) if n == "frame.FIRMWARE_VERSION" => out.push_str(FIRMWARE_VERSION),
                Token::Name(n) if n == "frame.battery_level" => {
                    if tokens.get(i + 1) != Some(&Token::Punct('('))
                        || tokens.get(i + 2) != Some(&Token::Punct(')'))
                    {
                        return Err("'(' expected".into());
                    }
                    out.push_str(&self.battery.to_string());
                    i += 2;
                }
                Token::Concat => {}
                other => return Err(format!("unsupported expression {other:?}")),
            }
            i += 1;
        }
        Ok(out)
    }

    /// Streams the next image as the camera helper does.
    fn capture_and_send(&mut self) {
        let Some(mtu) = self.conn.as_ref().map(|c| c.mtu) else {
            return;
        };
        if self.images.is_empty() {
            self.send_data(&[IMAGE_END]);
            return;
        }
        let jpeg = self.images[self.next_image % self.images.len()].clone();
        self.next_image += 1;
        // frame.bluetooth.max_length() is MTU − 3 − 1 (the data flag); one byte of it is
        // the 0x07 chunk flag.
        let n = packet_payload(mtu) - 2;
        for chunk in jpeg.chunks(n.max(1)) {
            let mut data = vec![IMAGE_CHUNK];
            data.extend_from_slice(chunk);
            self.send_data(&data);
        }
        self.send_data(&[IMAGE_END]);
    }

    fn call(&mut self, name: &str, args: &[Vec<Token>]) -> Result<(), String> {
        match name {
            "frame.display.text" => {
                let [text, x, y, ..] = args else {
                    return Err("bad argument to 'text'".into());
                };
                let Some(Token::Str(text)) = text.first() else {
                    return Err("bad argument #1 to 'text' (string expected)".into());
                };
                let (Some(x), Some(y)) = (number(Some(x)), number(Some(y))) else {
                    return Err("bad argument to 'text' (number expected)".into());
                };
                let text = String::from_utf8(text.clone()).map_err(|e| e.to_string())?;
                self.buffer.push((x as u32, y as u32, text));
            }
            "frame.display.show" => self.shown = std::mem::take(&mut self.buffer),
            "frame.display.clear" => self.buffer.clear(),
            "frame.imu.tap_callback" => self.tap_callback = !args.is_empty(),
            "print" => {
                let text = match args.first() {
                    Some(arg) => self.eval(arg)?,
                    None => String::new(),
                };
                self.print(&text);
            }
            other => {
                let body = self
                    .functions
                    .get(other)
                    .ok_or_else(|| format!("attempt to call a nil value (global '{other}')"))?;
                let captures = body
                    .iter()
                    .any(|t| matches!(t, Token::Name(n) if n.starts_with("frame.camera.capture")));
                if captures {
                    self.capture_and_send();
                }
            }
        }
        Ok(())
    }

    fn run(&mut self, code: &str) -> Result<(), String> {
        for statement in lua::parse(&lua::tokenize(code)?)? {
            match statement {
                Statement::Function { name, body } => {
                    self.functions.insert(name, body);
                }
                Statement::Call { name, args } => self.call(&name, &args)?,
            }
        }
        Ok(())
    }
}

impl Peripheral for FrameSim {
    fn on_connect(&mut self, att_mtu: usize, _interval: Duration, _now: Instant) -> u64 {
        self.generation += 1;
        self.conn = Some(Connection {
            generation: self.generation,
            mtu: att_mtu,
            queue: VecDeque::new(),
            last_sent: None,
        });
        self.generation
    }

    fn on_disconnect(&mut self, generation: u64) {
        // A late disconnect of an earlier connection leaves the current one alone.
        self.conn.take_if(|c| c.generation == generation);
    }

    fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        let conn = self.conn.as_mut()?;
        // One notification slot: the next send waits for the next connection event.
        if conn.last_sent == Some(now) {
            return None;
        }
        let packet = conn.queue.pop_front()?;
        conn.last_sent = Some(now);
        Some(packet)
    }

    fn on_packet(&mut self, bytes: &[u8], _now: Instant) {
        let Some((fg::WRITE, value)) = gatt::untag(bytes) else {
            return;
        };
        self.lua_log.push(value.to_vec());
        match value {
            [BREAK] => {
                if let Some(c) = self.conn.as_mut() {
                    c.queue.clear();
                }
            }
            [RESET] => {
                self.functions.clear();
                self.tap_callback = false;
            }
            [DATA, ..] => {}
            code => match std::str::from_utf8(code) {
                Ok(code) => {
                    if let Err(e) = self.run(code) {
                        self.fail(e);
                    }
                }
                Err(e) => self.fail(e.to_string()),
            },
        }
    }

    fn max_write(&self, att_mtu: usize) -> usize {
        gatt::max_tagged_packet(att_mtu)
    }
}
