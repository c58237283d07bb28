//! Wall-clock dates for decisions (`decided_at`, `expires`, checklist ticks): UTC, RFC 3339.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, as `2026-11-23T13:30:05Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let secs = i64::try_from(secs).unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::report::date::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Today's UTC date, `2026-11-23`: compared as text with `expires` dates.
pub fn today() -> String {
    now_rfc3339()[..10].to_owned()
}

/// Whether `s` is a `YYYY-MM-DD` date on the calendar (2027-02-30 is not; 2028-02-29 is).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        s[..4].parse::<u32>(),
        s[5..7].parse::<u32>(),
        s[8..10].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_rfc3339_utc() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 20);
        assert!(now.ends_with('Z') && is_date(&now[..10]));
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2027-01-31"));
        for bad in ["2027-13-01", "2027-1-1", "tomorrow", "2027-01-32"] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
