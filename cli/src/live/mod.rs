//! `--serve`: the live glasses view in a browser. A small HTTP server on the project's tokio
//! runtime serves one self-contained page (its HTML, CSS and JavaScript are embedded in the
//! binary) and streams the companion's own [`Output`](sightline_core::companion::Output)s to
//! it as server-sent events, together with the camera frames as they crossed the link, the
//! HUD drawn to PNG from the layout the glasses received, and the link's health. The page
//! sends the wearer's controls back (double tap, say, pause/step, family and scenario).
//!
//! Safe by default: loopback unless another address is given, a random token in the URL that
//! every request must carry, and requests from any other origin refused ([`guard`]) — the
//! page can confirm payments.

mod attached;
mod control;
mod feed;
mod guard;
mod hub;
mod hud_png;
mod marks;
mod progress;
mod server;

pub use attached::Watch;
pub use control::{Command, Controls};
pub use feed::{Feed, LinkFacts};
pub use hub::Hub;
pub use server::{Choices, serve};

/// Where `--serve` listens when given no address: loopback, on a free port.
pub const DEFAULT_ADDR: &str = "127.0.0.1:0";
