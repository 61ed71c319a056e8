//! `sightline scan` and `sightline pair <id>`: find glasses over Bluetooth (saying which family
//! each is) and connect to one: Sightline glasses pair comparing the 6-digit code on both
//! screens; OpenGlass, Frame and G1 (`--glasses`) connect with their drivers.

use clap::Args;
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

use sightline_core::Config;
use sightline_core::link::LinkError;
use sightline_core::link::device::{Capabilities, Family};
use sightline_core::link::drivers;
use sightline_core::link::drivers::ble::{BleAdapter, BleConnector};
use sightline_core::link::drivers::sim::{GlassesProfile, simulated};
use sightline_core::link::protocol::message::Hello;
use sightline_core::link::session::{LinkEvent, LinkHandle, LinkState, Target};
use sightline_core::link::transport::Discovered;
use sightline_core::runtime::block_on;
use sightline_core::store::{Store, devices};

use crate::live::Watch;
use crate::out::say;

/// Options of `sightline scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// How long to scan, in seconds.
    #[arg(long, default_value_t = 5)]
    pub seconds: u64,
}

/// Options of `sightline pair`.
#[derive(Debug, Args)]
pub struct PairArgs {
    /// The device id printed by `sightline scan`.
    pub id: String,
    /// Accept the comparison code without asking (for scripted runs on trusted setups).
    #[arg(long)]
    pub yes: bool,
    /// Pair with simulated glasses instead of the Bluetooth adapter.
    #[arg(long)]
    pub sim: bool,
    /// Drop this phone's stored pairing with the device first and pair from scratch (when the
    /// glasses forgot this phone, or were reset).
    #[arg(long)]
    pub new: bool,
    /// The family of the glasses (`sightline scan` shows it): sightline, openglass, frame or
    /// g1 (a G1's id is LEFT_ID+RIGHT_ID, its two arms).
    #[arg(long, default_value = "sightline")]
    pub glasses: Family,
    /// Once connected, show the glasses live in a browser, served on ADDR (default
    /// loopback, a free port; the URL with its token is printed; docs/live-view.md).
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = crate::live::DEFAULT_ADDR)]
    pub serve: Option<std::net::SocketAddr>,
}

/// Lists nearby glasses of every known family, with the family of each.
pub fn scan(args: &ScanArgs) -> Result<(), String> {
    let found = block_on(async {
        let ble = BleAdapter::new().await?;
        ble.scan(Duration::from_secs(args.seconds)).await
    })
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    if found.is_empty() {
        say!("no glasses found (looked for Sightline, OpenGlass, Frame and Even G1)");
    }
    for d in &found {
        say!("{}", scan_line(d));
    }
    Ok(())
}

/// One scan result as printed: id, family, name, signal strength.
fn scan_line(d: &Discovered) -> String {
    let rssi = d.rssi.map(|r| format!("{r} dBm")).unwrap_or_default();
    let family = d.family.map_or("unknown", Family::as_str);
    format!(
        "{}  {family:<9}  {}  {rssi}",
        d.id,
        d.name.as_deref().unwrap_or("(no name)")
    )
    .trim_end()
    .to_string()
}

/// Pairs with glasses `args.id` (or reconnects if already paired, unless `args.new`) and prints
/// what they can do.
pub fn pair(config: &Config, args: &PairArgs) -> Result<(), String> {
    let store = Arc::new(Store::open(&config.database_path()).map_err(|e| e.to_string())?);
    if args.new {
        store
            .write(|tx| devices::delete(tx, &args.id))
            .map_err(|e| e.to_string())?;
    }
    block_on(async {
        // `--serve`: the page is up (and the companion attached) while the glasses pair.
        let mut watch = match args.serve {
            Some(addr) => Some(Watch::serve(config, addr).await?),
            None => None,
        };
        let link = start(&store, args).await?;
        let mut events = link.subscribe();
        if let Some(watch) = &mut watch {
            watch.attach(&link, &args.id)?;
        }
        // The other families' drivers say what the glasses can do before their `Hello`.
        let mut capabilities: Option<Capabilities> = None;
        let outcome = tokio::time::timeout(Duration::from_secs(180), async {
            loop {
                match events.next().await {
                    Some(LinkEvent::PairingCode(code)) => {
                        let ok = args.yes || ask(&code).await;
                        link.confirm_pairing(ok).await.map_err(|e| e.to_string())?;
                    }
                    Some(LinkEvent::Hello(h)) => {
                        say!("{}", paired_line(&h, capabilities.as_ref()));
                        return Ok(());
                    }
                    Some(LinkEvent::Error(LinkError::KeyChanged)) => {
                        return Err(format!(
                            "{}\nIf you reset or replaced these glasses, `sightline pair {} --new` \
                             pairs from scratch — compare the codes on both screens carefully",
                            LinkError::KeyChanged,
                            args.id
                        ));
                    }
                    Some(LinkEvent::Error(LinkError::NotPaired)) => {
                        return Err(format!(
                            "the glasses do not know this phone (any more): \
                             `sightline pair {} --new` pairs from scratch",
                            args.id
                        ));
                    }
                    Some(LinkEvent::Capabilities(caps)) => {
                        if let Some(warning) = caps.warning() {
                            eprintln!("warning: {warning}");
                        }
                        capabilities = Some(caps);
                    }
                    Some(LinkEvent::Error(e)) => eprintln!("sightline: {e}"),
                    Some(LinkEvent::State(LinkState::Stopped)) => {
                        return Err("pairing failed".to_string());
                    }
                    Some(LinkEvent::State(s)) => eprintln!("… {s:?}"),
                    Some(_) => {}
                    None => return Err("the link stopped".to_string()),
                }
            }
        })
        .await
        .unwrap_or_else(|_| Err("timed out".into()));
        if let (Ok(()), Some(watch)) = (&outcome, watch) {
            return watch.run().await;
        }
        link.shutdown().await;
        outcome
    })
    .map_err(|e| e.to_string())?
}

/// What was paired, as printed: Sightline glasses by their `Hello` (protocol, display,
/// camera, battery); the other families by their driver's capabilities, which know what the
/// glasses have (their `Hello` is made up by the driver: no protocol version, and a battery
/// level only once the glasses report one).
fn paired_line(hello: &Hello, capabilities: Option<&Capabilities>) -> String {
    let Some(caps) = capabilities.filter(|c| c.family != Family::Sightline) else {
        return format!(
            "paired with {} (protocol {}.{}, display {}x{}, camera {}x{}, battery {}%)",
            hello.name,
            hello.major,
            hello.minor,
            hello.display_width,
            hello.display_height,
            hello.camera_width,
            hello.camera_height,
            hello.battery.percent
        );
    };
    let display = caps.display.map_or("no display".to_string(), |d| {
        format!("display {}x{}", d.width, d.height)
    });
    let camera = caps
        .camera
        .map_or("no camera".to_string(), |(w, h)| format!("camera {w}x{h}"));
    let battery = match hello.battery.percent {
        0 => "battery not reported yet".to_string(),
        percent => format!("battery {percent}%"),
    };
    format!(
        "connected to {} ({} glasses: {display}, {camera}, {battery})",
        hello.name,
        caps.family.as_str()
    )
}

/// Starts the session for `args`: simulated or over Bluetooth, with the family's driver.
async fn start(store: &Arc<Store>, args: &PairArgs) -> Result<LinkHandle, String> {
    let family = args.glasses;
    let target = Target {
        id: args.id.clone(),
        name: args.id.clone(),
    };
    if args.sim {
        let mut sim =
            simulated(family, GlassesProfile::default(), Vec::new()).map_err(|e| e.to_string())?;
        sim.target = target;
        return Ok(sim.start(store).map_err(|e| e.to_string())?.0);
    }
    let ble = Arc::new(BleAdapter::new().await.map_err(|e| e.to_string())?);
    let connector = Arc::new(BleConnector::new(ble, family));
    // The phone's keys and the pairing back-off are read from SQLite: on the blocking pool,
    // not on a worker of the runtime the session (and the live view) run on.
    let store = store.clone();
    tokio::task::spawn_blocking(move || drivers::start(family, target, connector, &store, None))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

/// Asks whether the glasses show the same code.
async fn ask(code: &str) -> bool {
    let prompt = format!("Do the glasses show {code}? [y/N] ");
    tokio::task::spawn_blocking(move || {
        let mut out = std::io::stdout();
        let _ = write!(out, "{prompt}").and_then(|()| out.flush());
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).is_ok()
            && matches!(line.trim(), "y" | "Y" | "yes")
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_lines_name_the_family() {
        let found = Discovered {
            id: "AA:BB:CC:DD:EE:FF".into(),
            name: Some("Even G1_74_L_3F2A11".into()),
            rssi: Some(-61),
            family: Some(Family::G1),
        };
        assert_eq!(
            scan_line(&found),
            "AA:BB:CC:DD:EE:FF  g1         Even G1_74_L_3F2A11  -61 dBm"
        );
        let unknown = Discovered {
            family: None,
            name: None,
            rssi: None,
            ..found
        };
        assert_eq!(
            scan_line(&unknown),
            "AA:BB:CC:DD:EE:FF  unknown    (no name)"
        );
    }
}
