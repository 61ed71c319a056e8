//! What is in view: EfficientNet-Lite0 (ImageNet-1k) on the centre of the frame, its 1,000
//! class probabilities summed into the product's coarse categories.
//!
//! The scores are the model's own probability mass per category (softmax, so they sum to 1
//! with `other` taking every class not listed); they are comparable across frames but not
//! re-calibrated on field data.

use image::RgbImage;
use image::imageops::FilterType;
use serde::Serialize;

use crate::perception::PerceptionError;
use crate::perception::models::{BundledModel, ModelFile, ModelStore, image_shapes};

/// The model's input side.
const SIDE: usize = 224;
/// The classifier's one input shape.
const SCENE_SHAPES: [[usize; 4]; 1] = image_shapes([(SIDE, SIDE)]);
/// EfficientNet-Lite0 (ImageNet), converted to ONNX from its PyTorch weights at setup.
pub const SCENE: ModelFile = ModelFile {
    name: "scene.nnef.tar",
    source: "efficientnet-lite0.onnx",
    shapes: &SCENE_SHAPES,
};

/// The product's coarse scene categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SceneCategory {
    /// A shop front or shop interior.
    ShopFront,
    /// A restaurant or a dish.
    Restaurant,
    /// A printed page: a receipt, a table, a form, a ticket, a menu.
    Document,
    /// Packaged goods.
    ProductOnShelf,
    /// A bottle, a cup or a drink.
    BottleDrink,
    /// A shoe or a boot.
    Shoe,
    /// A bicycle.
    Bicycle,
    /// A landmark, a monument or a plaque.
    Landmark,
    /// A street: signs, lights, trams.
    Street,
    /// Anything else.
    Other,
}

/// ImageNet-1k class indices of each category (every index not listed is `Other`).
const CATEGORY_CLASSES: [(SceneCategory, &[usize]); 9] = [
    // bakery, barbershop, bookshop, butcher shop, confectionery, grocery store, shoe shop,
    // tobacco shop, toyshop
    (
        SceneCategory::ShopFront,
        &[415, 424, 454, 467, 509, 582, 788, 860, 865],
    ),
    // dining table, restaurant, plate, guacamole … dishes (924–965)
    (
        SceneCategory::Restaurant,
        &[
            532, 762, 923, 924, 925, 926, 927, 928, 929, 930, 931, 932, 933, 934, 935, 959, 960,
            961, 962, 963, 964, 965,
        ],
    ),
    // envelope, web site, crossword puzzle, menu: ImageNet learned "menu" as a page of
    // printed lines, and it fires the same on a receipt, a table or a form, so a page is a
    // document (the text read says what it is), not a restaurant
    (SceneCategory::Document, &[549, 916, 918, 922]),
    // carton, packet, pill bottle, shopping basket, shopping cart, vending machine, book jacket
    (
        SceneCategory::ProductOnShelf,
        &[478, 692, 720, 790, 791, 886, 921],
    ),
    // beer bottle, beer glass, coffee mug, goblet, pop bottle, water bottle, water jug, whiskey
    // jug, wine bottle, red wine, espresso, cup, eggnog
    (
        SceneCategory::BottleDrink,
        &[
            440, 441, 504, 572, 737, 898, 899, 901, 907, 966, 967, 968, 969,
        ],
    ),
    // clog, cowboy boot, Loafer, running shoe, sandal
    (SceneCategory::Shoe, &[502, 514, 630, 770, 774]),
    // tandem bicycle, mountain bike, tricycle, unicycle
    (SceneCategory::Bicycle, &[444, 671, 870, 880]),
    // beacon, memorial plaque, castle, church, dome, monastery, mosque, obelisk, palace,
    // planetarium, stupa, triumphal arch
    (
        SceneCategory::Landmark,
        &[437, 458, 483, 497, 538, 663, 668, 682, 698, 727, 832, 873],
    ),
    // cab, parking meter, streetcar, trolleybus, street sign, traffic light
    (SceneCategory::Street, &[468, 704, 829, 874, 919, 920]),
];

/// One category's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SceneScore {
    /// The category.
    pub label: SceneCategory,
    /// Its probability, 0–1 (all categories together sum to 1).
    pub score: f32,
}

/// The scene classifier.
#[derive(Debug)]
pub struct SceneClassifier {
    model: BundledModel,
}

impl SceneClassifier {
    /// The classifier in `store` (loaded on first use).
    pub fn new(store: &ModelStore) -> Result<Self, PerceptionError> {
        Ok(Self {
            model: store.model(SCENE),
        })
    }

    /// Optimises the model now.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        self.model.warm_up()
    }

    /// The 1,000 ImageNet probabilities for `image` (centre square, as the model was trained).
    pub fn imagenet_probabilities(&self, image: &RgbImage) -> Result<Vec<f32>, PerceptionError> {
        let logits = self
            .model
            .run("scene classification", [1, 3, SIDE, SIDE], input(image))?;
        Ok(softmax(&logits))
    }

    /// Coarse categories for `image`, most likely first.
    pub fn classify(&self, image: &RgbImage) -> Result<Vec<SceneScore>, PerceptionError> {
        Ok(categories(&self.imagenet_probabilities(image)?))
    }
}

/// Sums ImageNet probabilities into categories, most likely first.
pub fn categories(probs: &[f32]) -> Vec<SceneScore> {
    let mut scores: Vec<SceneScore> = CATEGORY_CLASSES
        .iter()
        .map(|(label, classes)| SceneScore {
            label: *label,
            score: classes.iter().filter_map(|&i| probs.get(i)).sum(),
        })
        .collect();
    let listed: f32 = scores.iter().map(|s| s.score).sum();
    scores.push(SceneScore {
        label: SceneCategory::Other,
        score: (probs.iter().sum::<f32>() - listed).max(0.0),
    });
    scores.sort_by(|a, b| b.score.total_cmp(&a.score));
    scores
}

fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::MIN, f32::max);
    let exp: Vec<f32> = logits.iter().map(|v| (v - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.iter().map(|v| v / sum).collect()
}

/// Shorter side to 224, centre crop, RGB, `(p − 127) / 128`, NCHW.
fn input(image: &RgbImage) -> Vec<f32> {
    let (w, h) = image.dimensions();
    let scale = SIDE as f32 / w.min(h).max(1) as f32;
    let (sw, sh) = (
        ((w as f32 * scale).round() as u32).max(SIDE as u32),
        ((h as f32 * scale).round() as u32).max(SIDE as u32),
    );
    let resized = image::imageops::resize(image, sw, sh, FilterType::Triangle);
    let (left, top) = ((sw - SIDE as u32) / 2, (sh - SIDE as u32) / 2);
    let plane = SIDE * SIDE;
    let mut data = vec![0f32; 3 * plane];
    for y in 0..SIDE {
        for x in 0..SIDE {
            let p = resized.get_pixel(left + x as u32, top + y as u32);
            for c in 0..3 {
                data[c * plane + y * SIDE + x] = (f32::from(p[c]) - 127.0) / 128.0;
            }
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_partition_the_probability_mass() {
        let mut probs = vec![0.0005f32; 1000];
        probs[967] = 0.5; // espresso
        let scores = categories(&probs);
        assert_eq!(scores[0].label, SceneCategory::BottleDrink);
        let total: f32 = scores.iter().map(|s| s.score).sum();
        assert!((total - probs.iter().sum::<f32>()).abs() < 1e-4);
        assert_eq!(scores.len(), 10);
    }
}
