//! UTC timestamps as the caches write them: `2026-01-02T03:04:05Z`, with optional fractions and a
//! `Z`, `UTC` or `+00:00` suffix (botocore's cache writes `...UTC`, others `Z` or an offset).

/// Seconds since the Unix epoch, now.
pub fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Parses an RFC 3339-like UTC timestamp into epoch seconds; `None` if it is not one. Any text,
/// ASCII or not, gives an answer and never a panic: the input comes from cache files and the
/// environment.
pub fn parse_utc(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_ascii() {
        return None;
    }
    let (body, offset_secs) = if let Some(b) = t.strip_suffix('Z').or_else(|| t.strip_suffix('z')) {
        (b, 0)
    } else if let Some(b) = t.strip_suffix("UTC") {
        (b.trim_end(), 0)
    } else {
        let (body, offset) = t.split_at_checked(t.len().checked_sub(6)?)?;
        let sign = match offset.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let (h, m) = offset[1..].split_once(':')?;
        let (h, m) = (two_digits(h)?, two_digits(m)?);
        if h > 23 || m > 59 {
            return None;
        }
        (body, sign * (h * 3600 + m * 60))
    };
    let (date, time) = body.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (y, mo, da) = (
        digits(d.next()?, 4)?,
        two_digits(d.next()?)?,
        two_digits(d.next()?)?,
    );
    let time = time.split('.').next()?;
    let mut tm = time.split(':');
    let (h, mi, s) = (
        two_digits(tm.next()?)?,
        two_digits(tm.next()?)?,
        two_digits(tm.next()?)?,
    );
    if d.next().is_some() || tm.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, da) * 86400 + h * 3600 + mi * 60 + s - offset_secs)
}

/// Exactly `width` ASCII digits as a number (so no sign, no overflow, no surprise widths).
fn digits(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn two_digits(text: &str) -> Option<i64> {
    digits(text, 2)
}

/// Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_utc(epoch: i64) -> String {
    let days = epoch.div_euclid(86400);
    let secs = epoch.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_and_round_trip() {
        let e = parse_utc("2025-11-19T00:15:00Z").unwrap();
        assert_eq!(e, 1763510400 + 900);
        assert_eq!(parse_utc("2025-11-19T00:15:00UTC"), Some(e));
        assert_eq!(parse_utc("2025-11-19T00:15:00+00:00"), Some(e));
        assert_eq!(parse_utc("2025-11-19T01:15:00+01:00"), Some(e));
        assert_eq!(parse_utc("2025-11-19T00:15:00.123Z"), Some(e));
        assert_eq!(format_utc(e), "2025-11-19T00:15:00Z");
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_utc("2024-02-29T12:00:00Z").map(format_utc).as_deref(),
            Some("2024-02-29T12:00:00Z")
        );
        assert_eq!(parse_utc("garbage"), None);
        assert_eq!(parse_utc("2025-13-01T00:00:00Z"), None);
    }

    /// Found by review: byte slicing at a non-character boundary panicked.
    #[test]
    fn non_ascii_and_odd_text_is_none_never_a_panic() {
        for text in [
            "2025-11-19T00:15:00+00:0\u{e9}",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
            "2025-11-19T00:15:00\u{1F600}",
            "\u{e9}+00:00",
            "99999999999999999999-01-01T00:00:00Z",
            "-2025-01-01T00:00:00Z",
            "2025-+1-01T00:00:00Z",
            "2025-11-19T00:15:00+99:99",
            "2025-11-19T00:15:00:00Z",
            "+00:00",
            "",
        ] {
            assert_eq!(parse_utc(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        /// No text panics; what parses formats back to a timestamp that parses to the same value.
        #[test]
        fn any_text_parses_or_not_without_panic(text in "\\PC{0,40}") {
            if let Some(e) = parse_utc(&text) {
                proptest::prop_assert_eq!(parse_utc(&format_utc(e)), Some(e));
            }
        }

        #[test]
        fn every_formatted_time_round_trips(e in 0i64..253_402_300_799) {
            proptest::prop_assert_eq!(parse_utc(&format_utc(e)), Some(e));
        }
    }
}
