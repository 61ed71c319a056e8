//! Reading audio files block by block: WAV (integer PCM 8–32 bit or 32-bit float, via
//! `hound`) and FLAC (via `claxon`), any sample rate from 4 to 384 kHz, any channel count
//! (mixed down to mono). Only one block is in memory at a time, so a ten-minute file is heard
//! in bounded memory.
//!
//! A file cut short (its header promises more samples than it holds) is heard up to where it
//! stops, with [`Warning::Truncated`]; a file that is not WAV or FLAC, or whose header is
//! broken, is refused with a typed error.

use std::io::{Cursor, Read};

use crate::voice::{VoiceError, Warning};

/// Lowest and highest sample rates read.
const RATES: std::ops::RangeInclusive<u32> = 4_000..=384_000;
/// Frames per block read from a WAV file.
const WAV_BLOCK: usize = 4096;

/// An open audio file yielding mono blocks at its own sample rate.
pub struct AudioReader<R: Read> {
    decoder: Decoder<R>,
    sample_rate: u32,
    channels: u16,
    truncated: bool,
}

enum Decoder<R: Read> {
    Wav {
        reader: hound::WavReader<std::io::Chain<Cursor<[u8; 4]>, R>>,
        scale: f32,
        float: bool,
    },
    Flac {
        reader: claxon::FlacReader<std::io::Chain<Cursor<[u8; 4]>, R>>,
        scale: f32,
        buffer: Vec<i32>,
    },
}

impl<R: Read> AudioReader<R> {
    /// Opens a WAV or FLAC stream, telling the two apart by their first bytes.
    pub fn open(mut input: R) -> Result<Self, VoiceError> {
        let mut magic = [0u8; 4];
        let mut filled = 0;
        while filled < 4 {
            match input.read(&mut magic[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(VoiceError::Corrupt(e.to_string())),
            }
        }
        if filled == 0 {
            return Err(VoiceError::Empty);
        }
        let stream = Cursor::new(magic).chain(input);
        let (decoder, sample_rate, channels) = match &magic[..filled] {
            b"RIFF" => {
                let reader = hound::WavReader::new(stream).map_err(wav_error)?;
                let spec = reader.spec();
                let float = spec.sample_format == hound::SampleFormat::Float;
                let scale = if float {
                    1.0
                } else {
                    1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32
                };
                (
                    Decoder::Wav {
                        reader,
                        scale,
                        float,
                    },
                    spec.sample_rate,
                    spec.channels,
                )
            }
            b"fLaC" => {
                let reader = claxon::FlacReader::new(stream).map_err(flac_error)?;
                let info = reader.streaminfo();
                let channels = u16::try_from(info.channels).unwrap_or(0);
                let scale = 1.0 / (1u64 << (info.bits_per_sample.clamp(1, 32) - 1)) as f32;
                (
                    Decoder::Flac {
                        reader,
                        scale,
                        buffer: Vec::new(),
                    },
                    info.sample_rate,
                    channels,
                )
            }
            _ => return Err(VoiceError::UnsupportedFormat),
        };
        if !RATES.contains(&sample_rate) {
            return Err(VoiceError::BadLayout(format!(
                "sample rate {sample_rate} Hz (4000–384000 Hz are heard)"
            )));
        }
        if channels == 0 {
            return Err(VoiceError::BadLayout("no audio channel".into()));
        }
        Ok(Self {
            decoder,
            sample_rate,
            channels,
            truncated: false,
        })
    }

    /// The file's sample rate in Hz.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The file's channel count (blocks are mixed down to mono).
    pub fn channels(&self) -> u16 {
        self.channels
    }

    /// Whether reading stopped early because the file ended before its header said.
    pub fn warnings(&self) -> Vec<Warning> {
        if self.truncated {
            vec![Warning::Truncated]
        } else {
            Vec::new()
        }
    }

    /// The next block of mono samples in [-1, 1], or `None` at the end.
    pub fn next_block(&mut self) -> Result<Option<Vec<f32>>, VoiceError> {
        if self.truncated {
            return Ok(None);
        }
        let channels = usize::from(self.channels);
        let interleaved = match &mut self.decoder {
            Decoder::Wav {
                reader,
                scale,
                float,
            } => {
                let wanted = WAV_BLOCK * channels;
                let read: Result<Vec<f32>, hound::Error> = if *float {
                    reader.samples::<f32>().take(wanted).collect()
                } else {
                    let scale = *scale;
                    reader
                        .samples::<i32>()
                        .take(wanted)
                        .map(|s| s.map(|v| v as f32 * scale))
                        .collect()
                };
                match read {
                    Ok(samples) => samples,
                    // While reading samples, a read error means the file stopped early
                    // (hound reports a short read as `Other`, not `UnexpectedEof`).
                    Err(hound::Error::IoError(_)) => {
                        self.truncated = true;
                        return Ok(None);
                    }
                    Err(e) => return Err(wav_error(e)),
                }
            }
            Decoder::Flac {
                reader,
                scale,
                buffer,
            } => {
                let mut blocks = reader.blocks();
                match blocks.read_next_or_eof(std::mem::take(buffer)) {
                    Ok(Some(block)) => {
                        let scale = *scale;
                        let frames = block.duration() as usize;
                        let mut samples = Vec::with_capacity(frames * channels);
                        for i in 0..frames {
                            for ch in 0..block.channels() {
                                let value = block.channel(ch).get(i).copied().unwrap_or(0);
                                samples.push(value as f32 * scale);
                            }
                        }
                        *buffer = block.into_buffer();
                        samples
                    }
                    Ok(None) => Vec::new(),
                    Err(claxon::Error::IoError(e))
                        if e.kind() == std::io::ErrorKind::UnexpectedEof =>
                    {
                        self.truncated = true;
                        return Ok(None);
                    }
                    Err(e) => return Err(flac_error(e)),
                }
            }
        };
        if interleaved.is_empty() {
            return Ok(None);
        }
        if interleaved.len() % channels != 0 {
            self.truncated = true;
        }
        Ok(Some(
            interleaved
                .chunks_exact(channels)
                .map(|frame| frame.iter().sum::<f32>() / channels as f32)
                .map(|s| {
                    if s.is_finite() {
                        s.clamp(-1.0, 1.0)
                    } else {
                        0.0
                    }
                })
                .collect(),
        ))
    }
}

fn wav_error(e: hound::Error) -> VoiceError {
    match e {
        hound::Error::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            VoiceError::Corrupt("the WAV header is cut short".into())
        }
        hound::Error::Unsupported => {
            VoiceError::Corrupt("an unsupported WAV encoding (PCM and float are read)".into())
        }
        other => VoiceError::Corrupt(format!("WAV: {other}")),
    }
}

fn flac_error(e: claxon::Error) -> VoiceError {
    match e {
        claxon::Error::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            VoiceError::Corrupt("the FLAC header is cut short".into())
        }
        other => VoiceError::Corrupt(format!("FLAC: {other}")),
    }
}

/// 16-bit PCM (a phone's microphone, a link's decoded audio) as samples in [-1, 1), on the
/// same scale the file readers here use.
pub fn pcm16_to_f32(pcm: &[i16]) -> Vec<f32> {
    pcm.iter().map(|&s| f32::from(s) / 32_768.0).collect()
}
