//! Numbers, prices, dates, times, durations and distances as each language reads them,
//! written by hand (a few rules, no locale data tables in the library). Prices on cards are
//! the same in both languages (`¥1,768.30`, see [`Cny`]'s `Display`); spoken, they are
//! `1,768.30 yuan` in English and `1768.30元` in Chinese.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

use super::Language;
use crate::money::{Cny, grouped};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn weekday(language: Language, day: Weekday) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match language {
        Language::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
        Language::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
    }
}

/// An amount as it is said: `1,768.30 yuan` / `2,186 yuan` in English, `1768.30元` /
/// `2186元` in Chinese (the form Chinese text and speech engines read naturally).
pub fn spoken_price(language: Language, amount: Cny) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let abs = amount.0.unsigned_abs();
    let (whole, fen) = (abs / 100, abs % 100);
    let cents = if fen == 0 {
        String::new()
    } else {
        format!(".{fen:02}")
    };
    match language {
        Language::En => format!("{sign}{}{cents} yuan", grouped(whole)),
        Language::Zh => format!("{sign}{whole}{cents}元"),
    }
}

/// A day: `Mon 30 Nov` / `11月30日 周一`.
pub fn short_date(language: Language, day: NaiveDate) -> String {
    let wd = weekday(language, day.weekday());
    match language {
        Language::En => format!("{wd} {} {}", day.day(), MONTHS_EN[day.month0() as usize]),
        Language::Zh => format!("{}月{}日 {wd}", day.month(), day.day()),
    }
}

/// A day and a time: `Mon 30 Nov 07:01` / `11月30日 周一 07:01`.
pub fn when(language: Language, at: NaiveDateTime) -> String {
    format!("{} {}", short_date(language, at.date()), at.format("%H:%M"))
}

/// A weekday and a time, for something in the coming days: `Mon 13:02` / `周一 13:02`.
pub fn weekday_time(language: Language, at: NaiveDateTime) -> String {
    format!("{} {}", weekday(language, at.weekday()), at.format("%H:%M"))
}

/// A duration in minutes: `25 min`, `1 h 20 min` / `25分钟`, `1小时20分钟`.
pub fn duration_minutes(language: Language, minutes: u64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (language, h, m) {
        (Language::En, 0, m) => format!("{m} min"),
        (Language::En, h, 0) => format!("{h} h"),
        (Language::En, h, m) => format!("{h} h {m} min"),
        (Language::Zh, 0, m) => format!("{m}分钟"),
        (Language::Zh, h, 0) => format!("{h}小时"),
        (Language::Zh, h, m) => format!("{h}小时{m}分钟"),
    }
}

/// A distance in whole metres: `850 m`, `1,500 m` / `850米`, `1500米` (negative or not a
/// number reads as 0).
pub fn distance(language: Language, metres: f64) -> String {
    let whole = if metres.is_finite() && metres > 0.0 {
        metres.round() as u64
    } else {
        0
    };
    match language {
        Language::En => format!("{} m", grouped(whole)),
        Language::Zh => format!("{whole}米"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn locale_prices_read_naturally_in_each_language() {
        assert_eq!(
            spoken_price(Language::En, Cny::fen(176_830)),
            "1,768.30 yuan"
        );
        assert_eq!(spoken_price(Language::En, Cny::yuan(2186)), "2,186 yuan");
        assert_eq!(spoken_price(Language::Zh, Cny::fen(176_830)), "1768.30元");
        assert_eq!(spoken_price(Language::Zh, Cny::fen(350)), "3.50元");
        assert_eq!(spoken_price(Language::Zh, Cny::fen(-5)), "-0.05元");
        assert_eq!(Cny::fen(176_830).to_string(), "¥1,768.30");
    }

    #[test]
    fn locale_dates_times_durations_and_distances() {
        let t = at(2026, 11, 30, 7, 1);
        assert_eq!(when(Language::Zh, t), "11月30日 周一 07:01");
        assert_eq!(when(Language::En, t), "Mon 30 Nov 07:01");
        assert_eq!(weekday_time(Language::Zh, t), "周一 07:01");
        assert_eq!(short_date(Language::En, t.date()), "Mon 30 Nov");
        assert_eq!(duration_minutes(Language::En, 80), "1 h 20 min");
        assert_eq!(duration_minutes(Language::Zh, 25), "25分钟");
        assert_eq!(duration_minutes(Language::Zh, 120), "2小时");
        assert_eq!(distance(Language::En, 1_500.4), "1,500 m");
        assert_eq!(distance(Language::Zh, 850.0), "850米");
        assert_eq!(distance(Language::En, f64::NAN), "0 m");
    }
}
