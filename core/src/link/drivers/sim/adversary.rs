//! An adversarial radio for attack tests: a sans-I/O relay between the phone's Sightline driver
//! and the glasses' engine, run one connection interval at a time on a clock the test owns, in
//! which an attacker sees every packet and decides its fate — pass, drop, delay (so later
//! packets overtake it), or replace it with any packets (replays and splices of what it heard,
//! or injections of its own). A man in the middle is two such radios: the real phone with the
//! attacker's glasses engine, and the attacker's phone driver with the real glasses.
//!
//! No sockets, tasks or sleeps: a thousand pairings run in seconds.

use std::time::Duration;
use tokio::time::Instant;

use super::sightline::GlassesEngine;
use crate::link::drivers::SightlineDriver;
use crate::link::session::{Command, Driver, DriverIo, LinkEvent, Signal};

/// ATT MTU of the relayed connection.
pub const ADVERSARY_MTU: usize = 185;
/// Connection interval: one [`AdversarialRadio::step`].
pub const ADVERSARY_INTERVAL: Duration = Duration::from_millis(15);

/// Which way a packet travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Written by the phone.
    ToGlasses,
    /// Notified by the glasses.
    ToPhone,
}

/// What the attacker does with one packet in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Deliver it now.
    Pass,
    /// Swallow it.
    Drop,
    /// Hold it for this many connection intervals (packets behind it overtake it).
    Delay(u32),
    /// Deliver these packets instead, in the same direction (a replay or splice of what was
    /// heard, an injection, or the packet itself plus extra ones).
    Replace(Vec<Vec<u8>>),
}

/// The attacker's decision for each packet: `(direction, packet, everything heard so far)`.
pub type Policy = Box<dyn FnMut(Direction, &[u8], &[(Direction, Vec<u8>)]) -> Verdict>;

/// The phone driver and the glasses engine with an attacker on the air between them.
pub struct AdversarialRadio {
    /// The phone's side.
    pub phone: SightlineDriver,
    /// The glasses' side.
    pub glasses: GlassesEngine,
    /// The clock (advanced by [`AdversarialRadio::step`]).
    pub now: Instant,
    /// What the phone driver published.
    pub events: Vec<LinkEvent>,
    /// What the phone driver asked of its session.
    pub signals: Vec<Signal>,
    heard: Vec<(Direction, Vec<u8>)>,
    held: Vec<(Instant, Direction, Vec<u8>)>,
    policy: Policy,
}

impl std::fmt::Debug for AdversarialRadio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdversarialRadio")
            .field("heard", &self.heard.len())
            .field("held", &self.held.len())
            .finish()
    }
}

impl AdversarialRadio {
    /// A relay deciding each packet's fate with `policy`, starting at `now`.
    pub fn new(
        phone: SightlineDriver,
        glasses: GlassesEngine,
        now: Instant,
        policy: Policy,
    ) -> Self {
        Self {
            phone,
            glasses,
            now,
            events: Vec::new(),
            signals: Vec::new(),
            heard: Vec::new(),
            held: Vec::new(),
            policy,
        }
    }

    /// A relay that passes everything (an attacker that only listens).
    pub fn passive(phone: SightlineDriver, glasses: GlassesEngine, now: Instant) -> Self {
        Self::new(phone, glasses, now, Box::new(|_, _, _| Verdict::Pass))
    }

    /// Every packet heard so far, in order.
    pub fn heard(&self) -> &[(Direction, Vec<u8>)] {
        &self.heard
    }

    /// Opens the connection on both sides.
    pub fn connect(&mut self) {
        self.glasses
            .on_connect(ADVERSARY_MTU, ADVERSARY_INTERVAL, self.now);
        let mut io = DriverIo::new(self.now);
        self.phone.on_connected(ADVERSARY_MTU, &mut io);
        self.absorb(io);
    }

    /// Drops the connection on both sides.
    pub fn disconnect(&mut self, generation: u64) {
        self.glasses.on_disconnect(generation);
        let mut io = DriverIo::new(self.now);
        self.phone.on_disconnected(&mut io);
        self.absorb(io);
    }

    /// Gives the phone driver a command.
    pub fn command(&mut self, command: Command) {
        let mut io = DriverIo::new(self.now);
        self.phone.on_command(command, &mut io);
        self.absorb(io);
    }

    /// Puts `packet` on the air towards `direction`, past the policy (an injection).
    pub fn inject(&mut self, direction: Direction, packet: &[u8]) {
        self.deliver(direction, packet);
    }

    /// One connection interval: the phone's timers, held packets that are due, and every
    /// packet the glasses have to send.
    pub fn step(&mut self) {
        self.now += ADVERSARY_INTERVAL;
        let now = self.now;
        let (due, held) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|(at, _, _)| *at <= now);
        self.held = held;
        for (_, direction, packet) in due {
            self.deliver(direction, &packet);
        }
        let mut io = DriverIo::new(now);
        self.phone.on_tick(&mut io);
        self.absorb(io);
        // Bounded: a glasses engine never has an endless queue, but a policy could loop.
        for _ in 0..10_000 {
            let Some(packet) = self.glasses.poll_transmit(self.now) else {
                break;
            };
            self.relay(Direction::ToPhone, packet);
        }
    }

    /// Runs `steps` connection intervals.
    pub fn run(&mut self, steps: usize) {
        for _ in 0..steps {
            self.step();
        }
    }

    /// Runs until `done` holds (checked after each interval) or `steps` intervals passed;
    /// returns whether it held.
    pub fn run_until(&mut self, steps: usize, mut done: impl FnMut(&Self) -> bool) -> bool {
        for _ in 0..steps {
            self.step();
            if done(self) {
                return true;
            }
        }
        false
    }

    /// The comparison code the phone showed, if any.
    pub fn phone_code(&self) -> Option<&str> {
        self.events.iter().find_map(|e| match e {
            LinkEvent::PairingCode(c) => Some(c.as_str()),
            _ => None,
        })
    }

    fn absorb(&mut self, io: DriverIo) {
        self.events.extend(io.events);
        self.signals.extend(io.signals);
        for packet in io.packets {
            self.relay(Direction::ToGlasses, packet);
        }
    }

    fn relay(&mut self, direction: Direction, packet: Vec<u8>) {
        let verdict = (self.policy)(direction, &packet, &self.heard);
        self.heard.push((direction, packet.clone()));
        match verdict {
            Verdict::Pass => self.deliver(direction, &packet),
            Verdict::Drop => {}
            Verdict::Delay(intervals) => {
                let at = self.now + ADVERSARY_INTERVAL * intervals;
                self.held.push((at, direction, packet));
            }
            Verdict::Replace(packets) => {
                for p in packets {
                    self.deliver(direction, &p);
                }
            }
        }
    }

    fn deliver(&mut self, direction: Direction, packet: &[u8]) {
        match direction {
            Direction::ToGlasses => self.glasses.on_packet(packet, self.now),
            Direction::ToPhone => {
                let mut io = DriverIo::new(self.now);
                self.phone.on_packet(packet, &mut io);
                self.absorb(io);
            }
        }
    }
}
