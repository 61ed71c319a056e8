//! Streaming sample-rate conversion to the 16 kHz the models hear, for any input rate.
//!
//! Band-limited interpolation (J. O. Smith's method, as in libsamplerate and `resample`):
//! each output sample is the input convolved with a Kaiser-windowed sinc centred on the output
//! instant. The sinc's cutoff is 0.92 × the lower of the two Nyquist frequencies, so
//! downsampling (48 → 16 kHz) removes everything the output cannot represent instead of
//! folding it back as aliasing; the window (β = 8, 16 zero crossings a side) keeps the
//! stop band below −70 dB. The kernel is tabulated at 128 points per zero crossing and
//! interpolated linearly, so any ratio works (44.1 kHz, 22.05 kHz, odd rates) without a
//! polyphase table per ratio. Cost: 2 × 16 / cutoff taps per output sample (≈ 100 for
//! 48 kHz), a few ms per second of audio.

/// The rate the models hear.
pub const TARGET_RATE: u32 = 16_000;
/// Zero crossings of the sinc on each side of the centre.
const ZERO_CROSSINGS: usize = 16;
/// Table points per zero crossing.
const RESOLUTION: usize = 128;
/// Kaiser window shape.
const BETA: f64 = 8.0;
/// Cutoff as a fraction of the lower Nyquist frequency.
const ROLLOFF: f64 = 0.92;

/// A streaming converter from one input rate to [`TARGET_RATE`].
#[derive(Debug, Clone)]
pub struct Resampler {
    /// Input samples per output sample.
    step: f64,
    /// Sinc cutoff in cycles per input sample × 2 (1 = input Nyquist).
    cutoff: f64,
    /// Half the kernel's width, in input samples.
    half_width: f64,
    /// The kernel's right half, `RESOLUTION` points per zero crossing.
    table: Vec<f32>,
    /// Input not yet fully used, starting at absolute input index `base`.
    buffer: Vec<f32>,
    base: u64,
    /// Outputs produced so far.
    produced: u64,
    /// Inputs received so far.
    received: u64,
}

impl Resampler {
    /// A converter from `input_rate` Hz to 16 kHz.
    pub fn new(input_rate: u32) -> Self {
        let step = f64::from(input_rate.max(1)) / f64::from(TARGET_RATE);
        let cutoff = ROLLOFF * (1.0 / step).min(1.0);
        let half_width = ZERO_CROSSINGS as f64 / cutoff;
        let table = (0..=ZERO_CROSSINGS * RESOLUTION)
            .map(|k| {
                let u = k as f64 / RESOLUTION as f64; // in zero crossings
                let ratio = u / ZERO_CROSSINGS as f64;
                let window =
                    bessel_i0(BETA * (1.0 - ratio * ratio).max(0.0).sqrt()) / bessel_i0(BETA);
                (cutoff * sinc(u) * window) as f32
            })
            .collect();
        Self {
            step,
            cutoff,
            half_width,
            table,
            buffer: Vec::new(),
            base: 0,
            produced: 0,
            received: 0,
        }
    }

    /// Whether the input is already at 16 kHz (samples then pass through unchanged).
    pub fn is_identity(&self) -> bool {
        self.step == 1.0
    }

    /// Adds input samples and appends every output sample they complete to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) {
        self.received += input.len() as u64;
        if self.is_identity() {
            out.extend_from_slice(input);
            self.produced += input.len() as u64;
            return;
        }
        self.buffer.extend_from_slice(input);
        self.drain(out, false);
    }

    /// Ends the stream: the outputs still owed for the last input samples are appended.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        if !self.is_identity() {
            self.drain(out, true);
        }
    }

    fn drain(&mut self, out: &mut Vec<f32>, at_end: bool) {
        let available = self.base + self.buffer.len() as u64;
        loop {
            let t = self.produced as f64 * self.step;
            if at_end {
                if t >= self.received as f64 {
                    break;
                }
            } else if t + self.half_width >= available as f64 {
                break;
            }
            out.push(self.sample_at(t));
            self.produced += 1;
        }
        // Keep only what the next output's kernel still reaches.
        let next = self.produced as f64 * self.step;
        let keep_from = (next - self.half_width).floor().max(0.0) as u64;
        if keep_from > self.base {
            let drop = ((keep_from - self.base) as usize).min(self.buffer.len());
            self.buffer.drain(..drop);
            self.base += drop as u64;
        }
    }

    /// The band-limited value of the input at time `t` (in input samples); samples outside
    /// the stream count as zero.
    fn sample_at(&self, t: f64) -> f32 {
        let first = (t - self.half_width).ceil().max(self.base as f64) as u64;
        let last = (t + self.half_width).floor() as u64;
        let end = (self.base + self.buffer.len() as u64).min(last + 1);
        let scale = self.cutoff * RESOLUTION as f64;
        let mut acc = 0f32;
        for index in first..end {
            let distance = (t - index as f64).abs() * scale;
            let k = distance as usize;
            let frac = (distance - k as f64) as f32;
            let (Some(&a), Some(&b)) = (self.table.get(k), self.table.get(k + 1)) else {
                continue;
            };
            let weight = a + (b - a) * frac;
            if let Some(&x) = self.buffer.get((index - self.base) as usize) {
                acc += x * weight;
            }
        }
        acc
    }
}

fn sinc(u: f64) -> f64 {
    if u.abs() < 1e-12 {
        1.0
    } else {
        (std::f64::consts::PI * u).sin() / (std::f64::consts::PI * u)
    }
}

/// The modified Bessel function of the first kind, order 0 (power series).
fn bessel_i0(x: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let half = x / 2.0;
    for k in 1..50 {
        term *= half / k as f64;
        sum += term * term;
        if term * term < sum * 1e-16 {
            break;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, hz: f64, seconds: f64) -> Vec<f32> {
        (0..(f64::from(rate) * seconds) as usize)
            .map(|i| (2.0 * std::f64::consts::PI * hz * i as f64 / f64::from(rate)).sin() as f32)
            .collect()
    }

    fn convert(rate: u32, input: &[f32], chunk: usize) -> Vec<f32> {
        let mut r = Resampler::new(rate);
        let mut out = Vec::new();
        for piece in input.chunks(chunk) {
            r.push(piece, &mut out);
        }
        r.finish(&mut out);
        out
    }

    fn rms(x: &[f32]) -> f32 {
        (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt()
    }

    #[test]
    fn voice_resampling_keeps_speech_band_tones_and_length() {
        for rate in [8_000, 22_050, 44_100, 48_000] {
            let input = tone(rate, 1000.0, 1.0);
            let out = convert(rate, &input, 777);
            assert!(
                (out.len() as i64 - 16_000).abs() <= 1,
                "{rate}: {}",
                out.len()
            );
            let want = tone(16_000, 1000.0, 1.0);
            // Away from the edges the output is the same tone, sample for sample.
            let worst = out[200..15_800]
                .iter()
                .zip(&want[200..15_800])
                .fold(0f32, |m, (a, b)| m.max((a - b).abs()));
            assert!(worst < 0.01, "{rate}: {worst}");
        }
    }

    #[test]
    fn voice_resampling_removes_what_16_khz_cannot_hold() {
        // A 12 kHz tone at 48 kHz would alias to 4 kHz if merely decimated.
        let out = convert(48_000, &tone(48_000, 12_000.0, 1.0), 1000);
        assert!(rms(&out[200..15_800]) < 0.001, "{}", rms(&out));
        // A 5.5 kHz tone (in the pass band, below the transition around the 7.4 kHz cutoff)
        // survives.
        let out = convert(48_000, &tone(48_000, 5_500.0, 1.0), 1000);
        assert!((rms(&out[200..15_800]) - std::f32::consts::FRAC_1_SQRT_2).abs() < 0.02);
    }

    #[test]
    fn voice_resampling_at_16_khz_passes_through() {
        let input = tone(16_000, 440.0, 0.1);
        assert_eq!(convert(16_000, &input, 100), input);
        assert!(convert(44_100, &[], 10).is_empty());
    }
}
