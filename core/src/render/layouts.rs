//! Ready-made scenes of the kinds the wearer looks at, and a gallery of them for tests,
//! benchmarks and the demo. All are 640×480 (the glasses camera's frame) unless given sizes.

use crate::render::{BarcodeKind, Color, Element, Scene};

const WIDTH: u32 = 640;
const HEIGHT: u32 = 480;
const WHITE: Color = [255, 255, 255];
const INK: Color = [20, 20, 24];

fn text(text: &str, x: i32, y: i32, size: f32, color: Color) -> Element {
    Element::Text {
        text: text.to_string(),
        x,
        y,
        size,
        color,
        centered: false,
    }
}

fn centered(text: &str, y: i32, size: f32, color: Color) -> Element {
    Element::Text {
        text: text.to_string(),
        x: WIDTH as i32 / 2,
        y,
        size,
        color,
        centered: true,
    }
}

fn panel(x: i32, y: i32, width: u32, height: u32, color: Color) -> Element {
    Element::Panel {
        x,
        y,
        width,
        height,
        color,
    }
}

/// A shop sign: a coloured board with the name and a line under it, on a wall.
pub fn shop_sign(name: &str, tagline: &str, board: Color, ink: Color) -> Scene {
    Scene::new(WIDTH, HEIGHT, [196, 190, 180])
        .with(panel(40, 120, 560, 240, board))
        .with(centered(name, 160, 64.0, ink))
        .with(centered(tagline, 270, 32.0, ink))
}

/// A shelf label: product name, price, and its EAN-13 barcode.
pub fn product_label(name: &str, detail: &str, price: &str, ean13: &str) -> Scene {
    Scene::new(WIDTH, HEIGHT, [230, 232, 236])
        .with(panel(60, 50, 520, 380, WHITE))
        .with(text(name, 90, 80, 40.0, INK))
        .with(text(detail, 90, 140, 26.0, [90, 90, 96]))
        .with(text(price, 90, 190, 60.0, [200, 20, 30]))
        .with(Element::Barcode {
            kind: BarcodeKind::Ean13,
            data: ean13.to_string(),
            x: 90,
            y: 300,
            module: 3,
            height: 100,
        })
}

/// A menu board: a title and dish lines with prices.
pub fn menu(title: &str, dishes: &[(&str, &str)]) -> Scene {
    let board = [34, 52, 44];
    let chalk = [240, 236, 220];
    let mut scene = Scene::new(WIDTH, HEIGHT, [60, 45, 35])
        .with(panel(30, 20, 580, 440, board))
        .with(centered(title, 40, 44.0, chalk));
    for (i, (dish, price)) in dishes.iter().enumerate() {
        let y = 120 + 64 * i as i32;
        scene = scene.with(text(dish, 60, y, 30.0, chalk)).with(text(
            price,
            480,
            y,
            30.0,
            [250, 210, 120],
        ));
    }
    scene
}

/// A shared bike's lock panel whose QR code carries an unlock URL with `bike_id`.
pub fn bike_qr(bike_id: &str, caption: &str) -> Scene {
    bike_panel(
        &format!("https://bike.example/unlock?id={bike_id}"),
        bike_id,
        caption,
    )
}

/// A shared bike's lock panel: the QR code (carrying `qr_payload`, what the operator's app
/// scans) and the bike's printed number.
pub fn bike_panel(qr_payload: &str, bike_id: &str, caption: &str) -> Scene {
    Scene::new(WIDTH, HEIGHT, [250, 200, 40])
        .with(panel(170, 40, 300, 300, WHITE))
        .with(Element::Qr {
            data: qr_payload.to_string(),
            x: 195,
            y: 65,
            module: 6,
        })
        .with(centered(caption, 360, 34.0, INK))
        .with(centered(bike_id, 415, 30.0, INK))
}

/// A merchant's payment code on a stand at the counter: the QR code (carrying
/// `qr_payload`, what a payment app scans) on the network's blue, and a caption.
pub fn counter_code(qr_payload: &str, caption: &str) -> Scene {
    Scene::new(WIDTH, HEIGHT, [22, 119, 255])
        .with(panel(170, 40, 300, 300, WHITE))
        .with(Element::Qr {
            data: qr_payload.to_string(),
            x: 190,
            y: 60,
            module: 6,
        })
        .with(centered(caption, 380, 34.0, WHITE))
}

/// A landmark plaque: a title and a few lines of history.
pub fn plaque(title: &str, lines: &[&str]) -> Scene {
    let bronze = [120, 86, 40];
    let engraving = [250, 236, 200];
    let mut scene = Scene::new(WIDTH, HEIGHT, [90, 90, 88])
        .with(panel(50, 40, 540, 400, bronze))
        .with(centered(title, 70, 48.0, engraving));
    for (i, line) in lines.iter().enumerate() {
        scene = scene.with(centered(line, 160 + 56 * i as i32, 28.0, engraving));
    }
    scene
}

/// A two-language street or station sign.
pub fn bilingual_sign(lines: &[(&str, f32)], board: Color, ink: Color) -> Scene {
    let mut scene = Scene::new(WIDTH, HEIGHT, [150, 170, 190]).with(panel(20, 60, 600, 360, board));
    let mut y = 90;
    for (line, size) in lines {
        scene = scene.with(centered(line, y, *size, ink));
        y += (*size * 1.6) as i32;
    }
    scene
}

/// An EAN-13 code: `twelve` digits followed by their check digit.
pub fn ean13(twelve: &str) -> String {
    let sum: u32 = twelve
        .chars()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d } else { 3 * d })
        .sum();
    format!("{twelve}{}", (10 - sum % 10) % 10)
}

/// A gallery of named scenes covering every kind above, several text sizes, Chinese,
/// English, digits, prices and mixed lines.
pub fn gallery() -> Vec<(&'static str, Scene)> {
    vec![
        (
            "coffee-shop-sign",
            shop_sign("星巴克咖啡", "STARBUCKS COFFEE", [0, 98, 65], WHITE),
        ),
        (
            "shoe-shop-sign",
            shop_sign(
                "北极光户外",
                "Snow Boots 299",
                [30, 40, 90],
                [250, 250, 250],
            ),
        ),
        (
            "price-special",
            shop_sign(
                "今日特价 ¥35.5",
                "Daily Special",
                [250, 240, 200],
                [180, 20, 20],
            ),
        ),
        (
            "boots-label",
            product_label(
                "Snow Boots",
                "防水雪地靴 Size 42",
                "¥299.00",
                &ean13("690123456789"),
            ),
        ),
        (
            "tea-label",
            product_label(
                "茉莉花茶 500ml",
                "Jasmine Tea",
                "¥4.5",
                &ean13("692000000123"),
            ),
        ),
        (
            "noodle-menu",
            menu(
                "菜单 Menu",
                &[
                    ("宫保鸡丁 Kung Pao Chicken", "¥38"),
                    ("牛肉面 Beef Noodles", "¥26"),
                    ("小笼包 Soup Dumplings", "¥18"),
                    ("豆浆 Soy Milk", "¥6"),
                ],
            ),
        ),
        (
            "bike-qr",
            bike_qr("HB 0012 3456", "扫码开锁 Scan to unlock"),
        ),
        (
            "palace-plaque",
            plaque(
                "故宫博物院",
                &[
                    "The Palace Museum",
                    "Built in 1420 (Ming Dynasty)",
                    "世界文化遗产 World Heritage",
                ],
            ),
        ),
        (
            "metro-sign",
            bilingual_sign(
                &[
                    ("地铁站 出口B", 56.0),
                    ("Metro Station Exit B", 36.0),
                    ("中央大街 Zhongyang Street 200m", 26.0),
                ],
                [0, 80, 160],
                WHITE,
            ),
        ),
        (
            "small-print",
            bilingual_sign(
                &[
                    ("营业时间 Opening Hours", 24.0),
                    ("Mon-Fri 09:00-21:00", 22.0),
                    ("周六日 10:00-22:00", 22.0),
                    ("Tel 0451-8765 4321", 20.0),
                ],
                [245, 245, 240],
                INK,
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ean13_check_digit() {
        assert_eq!(ean13("400638133393"), "4006381333931");
        assert_eq!(ean13("690123456789"), "6901234567892");
    }
}
