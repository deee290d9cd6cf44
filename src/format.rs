//! Numbers for people: the one place values are formatted (`21M`, `$1,250`, `62 %`)
//! and parsed back (`21M`, `400k`, `1.5e6`).

/// A quantity with a k / M / B suffix and about three significant digits:
/// `950`, `1.5k`, `21M`, `2.4B`.
pub fn quantity(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "–".to_owned()
        } else {
            "∞".to_owned()
        };
    }
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 1e12 {
        (value / 1e12, "T")
    } else if magnitude >= 1e9 {
        (value / 1e9, "B")
    } else if magnitude >= 1e6 {
        (value / 1e6, "M")
    } else if magnitude >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    format!("{}{suffix}", significant(scaled))
}

/// About three significant digits, trailing zeros dropped: `1.5`, `21`, `0.125`, `950`.
fn significant(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 100.0 {
        0
    } else if magnitude >= 10.0 {
        1
    } else if magnitude >= 1.0 {
        2
    } else {
        3
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// US dollars: `$15`, `$1,250`, `$0.75`, `$12.5k` above a million-ish.
pub fn usd(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let magnitude = value.abs();
    if magnitude >= 1e6 {
        return format!("{sign}${}", quantity(magnitude));
    }
    if magnitude < 10.0 && magnitude.fract() != 0.0 {
        return format!("{sign}${magnitude:.2}");
    }
    format!("{sign}${}", thousands(magnitude.round() as u64))
}

/// An integer with thousands separators: `12,500`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage: `0.623` → `62 %`.
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "–".to_owned();
    }
    let pct = fraction * 100.0;
    if pct.abs() < 10.0 && pct.fract().abs() > 0.05 {
        format!("{pct:.1} %")
    } else {
        format!("{pct:.0} %")
    }
}

/// A count with its noun: `1 phase`, `5 phases`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A runway multiple: `2.4×`.
pub fn multiple(ratio: f64) -> String {
    format!("{}×", significant(ratio))
}

/// A span of months: `7.27 months`, `1 month`, `0.5 months`.
pub fn months(months: f64) -> String {
    let text = significant(months);
    if text == "1" {
        "1 month".to_owned()
    } else {
        format!("{text} months")
    }
}

/// A month on a date axis: `2026-03`.
pub fn year_month(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

/// A day: `2026-03-14` (ISO 8601, as plan files write dates).
pub fn date(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses a day typed as `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date: expected YYYY-MM-DD, e.g. 2026-03-01"))
}

/// One RFC 4180 field of text: quoted when it holds a comma, quote or line break
/// (quotes doubled); text a spreadsheet would run as a formula gets a leading `'`
/// first ([`crate::export::escape::spreadsheet_text`]). Every CSV the app writes
/// (`timeline --csv`, `sweep --csv`, CSV exports) goes through here.
pub fn csv_field(text: &str) -> String {
    let text = crate::export::escape::spreadsheet_text(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Parses a number as people type it: `21M`, `400k`, `1.5e6`, `12,000`, `2.5B`.
/// Suffixes are case-insensitive except `m` is also accepted for millions.
pub fn parse_quantity(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err("expected a number such as 400k, 21M or 1.5e6".to_owned());
    }
    let (number, factor) = match cleaned.chars().last() {
        Some('k' | 'K') => (&cleaned[..cleaned.len() - 1], 1e3),
        Some('m' | 'M') => (&cleaned[..cleaned.len() - 1], 1e6),
        Some('b' | 'B' | 'g' | 'G') => (&cleaned[..cleaned.len() - 1], 1e9),
        Some('t' | 'T') => (&cleaned[..cleaned.len() - 1], 1e12),
        _ => (cleaned.as_str(), 1.0),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a number (expected e.g. 400k, 21M or 1.5e6)"))?;
    Ok(value * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_like_a_plan() {
        assert_eq!(quantity(950.0), "950");
        assert_eq!(quantity(1500.0), "1.5k");
        assert_eq!(quantity(21e6), "21M");
        assert_eq!(quantity(2.4e9), "2.4B");
        assert_eq!(quantity(0.125), "0.125");
        assert_eq!(quantity(f64::INFINITY), "∞");
    }

    #[test]
    fn dollars_have_separators_and_cents_only_when_small() {
        assert_eq!(usd(15.0), "$15");
        assert_eq!(usd(1250.0), "$1,250");
        assert_eq!(usd(0.75), "$0.75");
        assert_eq!(usd(12_500_000.0), "$12.5M");
    }

    #[test]
    fn dates_read_as_iso_and_parse_back() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(year_month(day), "2026-03");
        assert_eq!(date(day), "2026-03-14");
        assert_eq!(parse_date(" 2026-03-14 "), Ok(day));
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("14/03/2026").is_err());
    }

    #[test]
    fn months_read_as_a_span() {
        assert_eq!(months(1.0), "1 month");
        assert_eq!(months(7.272_540_897), "7.27 months");
        assert_eq!(months(0.0), "0 months");
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("MVP"), "MVP");
        assert_eq!(csv_field("A, B"), "\"A, B\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-5"), "'-5");
    }

    #[test]
    fn typed_numbers_parse_with_suffixes() {
        assert_eq!(parse_quantity("21M"), Ok(21e6));
        assert_eq!(parse_quantity("400k"), Ok(400e3));
        assert_eq!(parse_quantity("1.5e6"), Ok(1.5e6));
        assert_eq!(parse_quantity("12,000"), Ok(12e3));
        assert!(parse_quantity("lots").is_err());
        assert!(parse_quantity("").is_err());
    }
}
