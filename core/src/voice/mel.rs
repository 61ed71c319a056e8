//! Whisper's input: the 80-band log-mel spectrogram of 16-kHz audio, computed as Whisper and
//! faster-whisper compute it (25-ms periodic Hann window, 10-ms hop, centred frames with
//! reflected edges, power spectrum, Slaney mel filters, log10 floored 8 decades below the
//! peak, scaled by (x + 4) / 4), so the converted model sees the numbers it was trained on.

use rustfft::num_complex::Complex32;
use std::sync::Arc;

/// FFT size (25 ms).
pub const N_FFT: usize = 400;
/// Hop between frames (10 ms).
pub const HOP: usize = 160;
/// Mel bands.
pub const N_MELS: usize = 80;
const BINS: usize = N_FFT / 2 + 1;

/// The spectrogram maker: the FFT plan, window and mel filters, built once.
pub struct MelSpectrogram {
    fft: Arc<dyn rustfft::Fft<f32>>,
    window: Vec<f32>,
    /// `N_MELS` rows of `BINS` weights.
    filters: Vec<f32>,
}

impl std::fmt::Debug for MelSpectrogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MelSpectrogram")
    }
}

impl Default for MelSpectrogram {
    fn default() -> Self {
        Self::new()
    }
}

impl MelSpectrogram {
    /// Plans the FFT and computes the window and filters.
    pub fn new() -> Self {
        let window = (0..N_FFT)
            .map(|i| {
                let x = 2.0 * std::f64::consts::PI * i as f64 / N_FFT as f64;
                (0.5 - 0.5 * x.cos()) as f32
            })
            .collect();
        Self {
            // The scalar planner: `FftPlanner` also carries rustfft's AVX and SSE planners and
            // every butterfly they can pick (0.3 MB of the shipped library, docs/bindings.md)
            // for one 400-point FFT per 10 ms of audio, a few microseconds either way.
            fft: rustfft::FftPlannerScalar::new().plan_fft_forward(N_FFT),
            window,
            filters: mel_filters(),
        }
    }

    /// The spectrogram of `audio` (16 kHz) padded to `frames` frames, as `[N_MELS][frames]`
    /// row-major (the encoder's `[1, 80, frames]` input). Audio longer than the window is
    /// cut. Frames after the audio are 0.0, as faster-whisper and OpenAI's Whisper pad the
    /// features of their last window (not the spectrogram of silence, which lies at the
    /// 8-decade floor): the model hears the end of speech as it does there.
    pub fn compute(&self, audio: &[f32], frames: usize) -> Vec<f32> {
        if frames == 0 {
            return Vec::new();
        }
        let half = N_FFT / 2;
        let length = frames * HOP + N_FFT;
        // Centred frames: reflect the start; past the end, zeros (as the reference pads).
        let mut padded = Vec::with_capacity(length);
        padded.extend(
            (1..=half)
                .rev()
                .map(|i| audio.get(i).copied().unwrap_or(0.0)),
        );
        padded.extend(audio.iter().take(length.saturating_sub(half)));
        padded.resize(length, 0.0);

        let mut power = vec![0f32; BINS];
        let mut buffer = vec![Complex32::new(0.0, 0.0); N_FFT];
        let mut scratch = vec![Complex32::new(0.0, 0.0); self.fft.get_inplace_scratch_len()];
        // The frames the reference computes (one more than the audio's whole hops: it sets
        // the peak), and those it keeps; the rest stay 0.0.
        let computed = frames.min(audio.len() / HOP + 1);
        let content = frames.min(audio.len() / HOP);
        let mut mel = vec![0f32; N_MELS * frames];
        for t in 0..computed {
            let frame = &padded[t * HOP..t * HOP + N_FFT];
            for ((b, &x), &w) in buffer.iter_mut().zip(frame).zip(&self.window) {
                *b = Complex32::new(x * w, 0.0);
            }
            self.fft.process_with_scratch(&mut buffer, &mut scratch);
            for (p, b) in power.iter_mut().zip(&buffer) {
                *p = b.norm_sqr();
            }
            for m in 0..N_MELS {
                let row = &self.filters[m * BINS..(m + 1) * BINS];
                let energy: f32 = row.iter().zip(&power).map(|(w, p)| w * p).sum();
                mel[m * frames + t] = energy.max(1e-10).log10();
            }
        }
        let peak = mel
            .chunks_exact(frames)
            .flat_map(|row| &row[..computed])
            .fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        for row in mel.chunks_exact_mut(frames) {
            for v in &mut row[..content] {
                *v = (v.max(peak - 8.0) + 4.0) / 4.0;
            }
            row[content..].fill(0.0);
        }
        mel
    }
}

/// Slaney-style mel filters (librosa's `htk=False`, area-normalised), `N_MELS` × `BINS`.
fn mel_filters() -> Vec<f32> {
    const SAMPLE_RATE: f64 = 16_000.0;
    const MAX_MEL: f64 = 45.245_640_471_924_965;
    const F_SP: f64 = 200.0 / 3.0;
    const MIN_LOG_HZ: f64 = 1000.0;
    let min_log_mel = MIN_LOG_HZ / F_SP;
    let log_step = 6.4f64.ln() / 27.0;
    let freqs: Vec<f64> = (0..N_MELS + 2)
        .map(|i| {
            let mel = MAX_MEL * i as f64 / (N_MELS + 1) as f64;
            if mel >= min_log_mel {
                MIN_LOG_HZ * (log_step * (mel - min_log_mel)).exp()
            } else {
                F_SP * mel
            }
        })
        .collect();
    let mut filters = vec![0f32; N_MELS * BINS];
    for m in 0..N_MELS {
        let norm = 2.0 / (freqs[m + 2] - freqs[m]);
        for bin in 0..BINS {
            let hz = bin as f64 * SAMPLE_RATE / N_FFT as f64;
            let lower = (hz - freqs[m]) / (freqs[m + 1] - freqs[m]);
            let upper = (freqs[m + 2] - hz) / (freqs[m + 2] - freqs[m + 1]);
            filters[m * BINS + bin] = (lower.min(upper).max(0.0) * norm) as f32;
        }
    }
    filters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_mel_of_a_tone_peaks_in_its_band_and_the_window_is_padded_with_zeros() {
        let mel = MelSpectrogram::new();
        let tone: Vec<f32> = (0..16_000)
            .map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16_000.0).sin() * 0.5)
            .collect();
        let frames = 100;
        let out = mel.compute(&tone, frames);
        assert_eq!(out.len(), N_MELS * frames);
        let column = |t: usize| (0..N_MELS).map(|m| out[m * frames + t]).collect::<Vec<_>>();
        let middle = column(50);
        let loudest = (0..N_MELS)
            .max_by(|&a, &b| middle[a].total_cmp(&middle[b]))
            .unwrap_or(0);
        // 1 kHz is mel 15 on Slaney's scale: band 26 of 80 spans it.
        assert!((25..=27).contains(&loudest), "{loudest}");
        // Values lie within the 8-decade range after scaling.
        let (lo, hi) = out
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        assert!(hi - lo <= 2.0 + 1e-5, "{lo} {hi}");
        assert!(mel.compute(&[], 10).iter().all(|v| *v == 0.0));
        assert!(mel.compute(&tone, 0).is_empty());
        // Half a second of tone in a 1-s window: 50 frames of it, then 0.0 (faster-whisper's
        // padding), not the spectrogram of silence.
        let short = mel.compute(&tone[..8_000], frames);
        for row in short.chunks_exact(frames) {
            assert!(row[50..].iter().all(|&v| v == 0.0));
        }
        assert!(
            short
                .chunks_exact(frames)
                .all(|row| row[..50].iter().any(|&v| v != 0.0))
        );
    }
}
