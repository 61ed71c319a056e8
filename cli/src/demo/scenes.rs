//! What the simulated glasses' camera sees in a step, drawn by the project's scene renderer
//! from the demo data and encoded as the JPEG the glasses would send.

use sightline_core::render::{self, Color, Fonts, Scene, layouts};
use sightline_core::services::{Poi, PoiCategory, Product};

/// JPEG quality of the simulated camera.
const CAMERA_QUALITY: u8 = 85;
/// Sign boards and their lettering, picked per place so neighbours differ.
const BOARDS: [(Color, Color); 4] = [
    ([200, 30, 40], [255, 255, 255]),
    ([20, 90, 60], [250, 240, 200]),
    ([30, 60, 140], [255, 255, 255]),
    ([245, 245, 240], [30, 30, 30]),
];

/// One thing in view.
#[derive(Debug)]
pub enum Sight {
    /// A place's sign (a plaque for a landmark).
    Sign(Poi),
    /// A sign with these lines.
    Texts(Vec<String>),
    /// A product's shelf label.
    Label(Product),
    /// A label with only this EAN-13.
    Barcode(String),
    /// A shared bike's lock: its QR payload and, when known, its number.
    Bike {
        /// What the QR code carries.
        payload: String,
        /// The printed number.
        bike_id: String,
    },
    /// A shop's payment code on its counter.
    PayCode {
        /// What the QR code carries.
        payload: String,
        /// The shop.
        shop: Poi,
    },
}

/// The first part of a name, without a branch in brackets (`全家便利店（西溪店）` →
/// `全家便利店`), as signs show it.
fn sign_name(name: &str) -> &str {
    name.split(['（', '(']).next().unwrap_or(name).trim()
}

impl Sight {
    /// What the camera sees, in words, for the timeline.
    pub fn describe(&self) -> String {
        match self {
            Sight::Sign(poi) => format!("the sign of {}", poi.display_name()),
            Sight::Texts(lines) => format!("a sign: {}", lines.join(" / ")),
            Sight::Label(p) => format!("the shelf label of {} ({})", p.name_en, p.ean13),
            Sight::Barcode(code) => format!("a label with barcode {code}"),
            Sight::Bike { bike_id, .. } => format!("a shared bike's QR code ({bike_id})"),
            Sight::PayCode { shop, .. } => {
                format!("the Alipay code on the counter of {}", shop.display_name())
            }
        }
    }

    fn scene(&self) -> Scene {
        match self {
            Sight::Sign(poi) => {
                let zh = sign_name(&poi.name_zh);
                let en = poi.name_en.as_deref().map(sign_name).unwrap_or_default();
                if poi.category == PoiCategory::Landmark {
                    layouts::plaque(zh, &[en])
                } else {
                    let pick = poi.id.bytes().map(usize::from).sum::<usize>() % BOARDS.len();
                    let (board, ink) = BOARDS[pick];
                    layouts::shop_sign(zh, en, board, ink)
                }
            }
            Sight::Texts(lines) => {
                let sized: Vec<(&str, f32)> = lines.iter().map(|l| (l.as_str(), 44.0)).collect();
                layouts::bilingual_sign(&sized, BOARDS[2].0, BOARDS[2].1)
            }
            Sight::Label(p) => {
                layouts::product_label(&p.name_zh, &p.name_en, &p.list_price.to_string(), &p.ean13)
            }
            Sight::Barcode(code) => layouts::product_label("商品", "Product", "", code),
            Sight::Bike { payload, bike_id } => {
                layouts::bike_panel(payload, bike_id, "扫码开锁 Scan to unlock")
            }
            Sight::PayCode { payload, .. } => layouts::counter_code(payload, "支付宝 扫码付款"),
        }
    }

    /// The camera frame: the scene drawn and JPEG-encoded.
    pub fn frame(&self, fonts: &Fonts) -> Result<Vec<u8>, String> {
        let (image, _) = self
            .scene()
            .render(fonts)
            .map_err(|e| format!("cannot draw {}: {e}", self.describe()))?;
        render::jpeg(&image, CAMERA_QUALITY).map_err(|e| e.to_string())
    }
}
