//! A calendar date, enough for support lifecycles: no time zones, no parsing of times.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub const fn new(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// Parses `YYYY-MM-DD`; `None` for anything else, including impossible days.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= date.days_in_month()).then_some(date)
    }

    fn days_in_month(self) -> u8 {
        match self.month {
            2 if self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (civil_from_days).
    pub fn from_day_number(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day)
    }

    /// Today's date in UTC, from the system clock (not in the browser, whose WASM has no system
    /// clock: the web advisor asks JavaScript's `Date`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today_utc() -> Date {
        let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_day_number(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// Whole days from `earlier` to `self` (negative if `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.day_number() - earlier.day_number()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_count_days() {
        let end = Date::new(2027, 1, 11);
        assert_eq!(end.days_since(Date::new(2026, 11, 22)), 50);
        for n in [-1000, 0, 59, 60, 11_000, 20_000, 30_000] {
            assert_eq!(Date::from_day_number(n).day_number(), n);
        }
        assert_eq!(Date::new(1970, 1, 1).day_number(), 0);
    }

    #[test]
    fn parse_rejects_impossible_dates() {
        assert_eq!(Date::parse("2024-02-29"), Some(Date::new(2024, 2, 29)));
        for bad in ["2023-02-29", "2023-13-01", "2023-1-01", "", "2023-01-01x", "abcd-ef-gh"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
