//! A packet-level pump between the phone driver and the glasses engine, with no radio in
//! between: the test decides what happens to every packet the glasses send (replay, flip bits,
//! drop) and steps the clock by one connection interval at a time.

use std::time::Duration;

use sightline_core::link::drivers::SightlineDriver;
use sightline_core::link::drivers::sim::{GlassesEngine, GlassesProfile};
use sightline_core::link::secure::StaticKeypair;
use sightline_core::link::session::{Command, Driver, DriverIo, LinkEvent, Signal};
use tokio::time::Instant;

/// ATT MTU of the pumped connection.
pub const MTU: usize = 185;
/// Connection interval: one step of [`Pump::run`].
pub const INTERVAL: Duration = Duration::from_millis(15);

/// The phone driver and the glasses engine, connected packet to packet.
pub struct Pump {
    pub phone: SightlineDriver,
    pub glasses: GlassesEngine,
    pub now: Instant,
    pub events: Vec<LinkEvent>,
    pub signals: Vec<Signal>,
    /// Every packet the glasses sent, for replays.
    pub sent_by_glasses: Vec<Vec<u8>>,
}

impl Pump {
    pub fn new(phone: SightlineDriver, glasses: GlassesEngine) -> Self {
        Self {
            phone,
            glasses,
            now: Instant::now(),
            events: Vec::new(),
            signals: Vec::new(),
            sent_by_glasses: Vec::new(),
        }
    }

    pub fn io(&self) -> DriverIo {
        DriverIo::new(self.now)
    }

    /// Delivers one step's outputs; returns the phone's packets.
    pub fn collect(&mut self, io: DriverIo) -> Vec<Vec<u8>> {
        self.events.extend(io.events);
        self.signals.extend(io.signals);
        io.packets
    }

    pub fn connect(&mut self) {
        self.glasses.on_connect(MTU, INTERVAL, self.now);
        let mut io = self.io();
        self.phone.on_connected(MTU, &mut io);
        let out = self.collect(io);
        self.deliver_to_glasses(out);
    }

    pub fn deliver_to_glasses(&mut self, packets: Vec<Vec<u8>>) {
        for p in packets {
            self.glasses.on_packet(&p, self.now);
        }
    }

    pub fn deliver_to_phone(&mut self, packet: &[u8]) {
        let mut io = self.io();
        self.phone.on_packet(packet, &mut io);
        let out = self.collect(io);
        self.deliver_to_glasses(out);
    }

    /// Runs until quiet, with `tamper` deciding what happens to each glasses packet.
    pub fn run(&mut self, mut tamper: impl FnMut(usize, Vec<u8>) -> Vec<Vec<u8>>) {
        let mut n = 0;
        for _ in 0..200 {
            self.now += INTERVAL;
            let mut io = self.io();
            self.phone.on_tick(&mut io);
            let out = self.collect(io);
            self.deliver_to_glasses(out);
            while let Some(p) = self.glasses.poll_transmit(self.now) {
                self.sent_by_glasses.push(p.clone());
                for q in tamper(n, p) {
                    self.deliver_to_phone(&q);
                }
                n += 1;
            }
        }
    }

    /// The phone asks for a whole frame; `lost` drops the request on its way to the glasses.
    pub fn request_frame(&mut self, request_id: u32, lost: bool) {
        let mut io = self.io();
        let command = Command::RequestFrame {
            request_id,
            quality: 0,
            roi: None,
        };
        self.phone.on_command(command, &mut io);
        let out = self.collect(io);
        if !lost {
            self.deliver_to_glasses(out);
        }
    }

    pub fn frames(&self) -> Vec<Vec<u8>> {
        self.events
            .iter()
            .filter_map(|e| match e {
                LinkEvent::Frame(f) => Some(f.jpeg.to_vec()),
                _ => None,
            })
            .collect()
    }
}

/// Glasses serving `image` and a phone that paired with them before.
pub fn paired_pump(image: Vec<u8>) -> Pump {
    let phone = StaticKeypair::generate().unwrap();
    let mut glasses = GlassesEngine::new(
        GlassesProfile::default(),
        StaticKeypair::generate().unwrap(),
        vec![image],
    );
    glasses.set_paired_phone(Some(*phone.public()));
    let peer = glasses.public_key();
    Pump::new(SightlineDriver::new(phone, Some(peer)), glasses)
}
