//! UTC timestamps as the caches write them: `2026-01-02T03:04:05Z`, with optional fractions and a
//! `Z`, `UTC` or `+00:00` suffix (botocore's cache writes `...UTC`, others `Z` or an offset).

/// Seconds since the Unix epoch, now.
pub fn now_epoch() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Parses an RFC 3339-like UTC timestamp into epoch seconds; `None` if it is not one.
pub fn parse_utc(text: &str) -> Option<i64> {
    let t = text.trim();
    let (body, offset_secs) = if let Some(b) = t.strip_suffix('Z').or_else(|| t.strip_suffix('z')) {
        (b, 0)
    } else if let Some(b) = t.strip_suffix("UTC") {
        (b.trim_end(), 0)
    } else if t.len() > 6
        && matches!(&t[t.len() - 6..t.len() - 5], "+" | "-")
        && &t[t.len() - 3..t.len() - 2] == ":"
    {
        let sign = if &t[t.len() - 6..t.len() - 5] == "-" {
            -1
        } else {
            1
        };
        let h: i64 = t[t.len() - 5..t.len() - 3].parse().ok()?;
        let m: i64 = t[t.len() - 2..].parse().ok()?;
        (&t[..t.len() - 6], sign * (h * 3600 + m * 60))
    } else {
        return None;
    };
    let (date, time) = body.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (y, mo, da): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let time = time.split('.').next()?;
    let mut tm = time.split(':');
    let (h, mi, s): (i64, i64, i64) = (
        tm.next()?.parse().ok()?,
        tm.next()?.parse().ok()?,
        tm.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&da) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, da) * 86400 + h * 3600 + mi * 60 + s - offset_secs)
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
}
