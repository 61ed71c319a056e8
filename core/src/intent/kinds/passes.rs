//! How the perceptrons of the learned model read the corpus: how many passes, and each
//! member's fixed order (shared by the kind classifier and the value chooser).

/// Passes over the lines (the probe's: later passes change a few lines' guesses at most).
pub const EPOCHS: usize = 10;

/// The order member `seed` of the ensemble reads the lines in: the corpus's own for the first,
/// a fixed shuffle (xorshift from the seed) for each other.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if seed == 0 {
        return order;
    }
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ seed.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// A perceptron's averaged weights after `steps` updates: each weight less its running sum of
/// step-stamped changes over the steps (the usual lazy average: the mean of the weight over
/// every step, without keeping one copy per step).
pub fn averaged(weights: &[f64], sums: &[f64], steps: f64) -> Vec<f64> {
    weights
        .iter()
        .zip(sums)
        .map(|(w, u)| w - u / steps)
        .collect()
}

/// The mean weights of `members` perceptrons over `rows` lines, each trained by `train` on the
/// lines in its member's own order ([`shuffled`]), each giving `len` weights.
pub fn ensemble(
    members: u64,
    rows: usize,
    len: usize,
    train: impl Fn(&[usize]) -> Vec<f64>,
) -> Vec<f64> {
    let mut mean = vec![0.0f64; len];
    for member in 0..members {
        for (a, w) in mean.iter_mut().zip(train(&shuffled(rows, member))) {
            *a += w / members as f64;
        }
    }
    mean
}
