//! Commit dates arrive in each tool's own style; RFC 3339 makes them comparable and sortable.
//! A date we cannot read is kept as written rather than dropped.

/// trufflehog: `2022-06-16 10:17:40 -0700` (older builds add ` PDT` or repeat the offset).
pub fn from_trufflehog(s: &str) -> String {
    let mut parts = s.split_whitespace();
    match (parts.next(), parts.next(), parts.next().and_then(offset)) {
        (Some(date), Some(time), Some(off)) if is_date(date) && is_time(time) => {
            format!("{date}T{time}{off}")
        }
        _ => s.to_owned(),
    }
}

/// Nosey Parker: `<unix seconds> <+hhmm>`, shown in that offset.
pub fn from_unix_with_offset(s: &str) -> String {
    let mut parts = s.split_whitespace();
    let (Some(secs), Some(off)) = (
        parts.next().and_then(|p| p.parse::<i64>().ok()),
        parts.next(),
    ) else {
        return s.to_owned();
    };
    let Some((off_text, off_secs)) = offset(off).zip(offset_seconds(off)) else {
        return s.to_owned();
    };
    let local = secs + off_secs;
    let (days, rem) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{off_text}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// git's default format, as ggshield writes it: `Mon Jul 5 12:54:43 2021 +0530`.
pub fn from_git(s: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let p: Vec<&str> = s.split_whitespace().collect();
    if let [_, mon, day, time, year, off] = p[..]
        && let Some(m) = MONTHS.iter().position(|x| *x == mon)
        && let (Ok(d), Ok(y)) = (day.parse::<u32>(), year.parse::<u32>())
        && let Some(off) = offset(off)
        && is_time(time)
    {
        return format!("{y:04}-{:02}-{d:02}T{time}{off}", m + 1);
    }
    s.to_owned()
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

fn is_time(s: &str) -> bool {
    s.len() == 8
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 2 || i == 5 {
                b == b':'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// `-0700` → `-07:00`, `+0000` → `Z`.
fn offset(s: &str) -> Option<String> {
    let (sign, digits) = s.split_at_checked(1)?;
    if !matches!(sign, "+" | "-")
        || digits.len() != 4
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if digits == "0000" {
        return Some("Z".into());
    }
    Some(format!("{sign}{}:{}", &digits[..2], &digits[2..]))
}

fn offset_seconds(s: &str) -> Option<i64> {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let h: i64 = s.get(1..3)?.parse().ok()?;
    let m: i64 = s.get(3..5)?.parse().ok()?;
    Some(sign * (h * 3600 + m * 60))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trufflehog_dates() {
        assert_eq!(
            from_trufflehog("2022-06-16 10:17:40 -0700 PDT"),
            "2022-06-16T10:17:40-07:00"
        );
        assert_eq!(
            from_trufflehog("2022-06-16 10:17:40 -0700 -0700"),
            "2022-06-16T10:17:40-07:00"
        );
        assert_eq!(
            from_trufflehog("2024-01-01 00:00:00 +0000"),
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(from_trufflehog("garbage"), "garbage");
    }

    #[test]
    fn unix_dates() {
        assert_eq!(
            from_unix_with_offset("1678401216 +0100"),
            "2023-03-09T23:33:36+01:00"
        );
        assert_eq!(from_unix_with_offset("0 +0000"), "1970-01-01T00:00:00Z");
        assert_eq!(from_unix_with_offset("x y"), "x y");
    }

    #[test]
    fn git_dates() {
        assert_eq!(
            from_git("Mon Jul 5 12:54:43 2021 +0530"),
            "2021-07-05T12:54:43+05:30"
        );
        assert_eq!(from_git("yesterday"), "yesterday");
    }
}
