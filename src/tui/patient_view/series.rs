//! What a chart asks of a record for its time window: the points it
//! shows, the highest of them, those a trace keeps, and the worst
//! category, read from the range summaries where a series is long.

use std::ops::Range;

use crate::clinical::Category;
use crate::model::Analyte;
use crate::tui::chart_data::{Window, dot_column};
use crate::tui::series_index::{self, Extremes, Highest};

use super::PatientRecord;

impl PatientRecord {
    /// The points of `analyte`, and the positions of those inside `window`.
    pub fn visible(&self, analyte: Analyte, window: Window) -> (&[(f64, f64)], Range<usize>) {
        let points = self
            .points
            .get(analyte.index())
            .map_or(&[][..], Vec::as_slice);
        let from = points.partition_point(|p| p.0 < window.start);
        let to = points.partition_point(|p| p.0 <= window.end);
        (points, from..to.max(from))
    }

    /// The highest value of `analyte` among its points at `range`.
    pub fn highest(&self, analyte: Analyte, range: Range<usize>) -> Option<f64> {
        self.extremes_of(analyte, range).map(|e| e.high.0)
    }

    fn extremes_of(&self, analyte: Analyte, range: Range<usize>) -> Option<Extremes> {
        let points = self.points.get(analyte.index())?;
        let item = |i: usize| Extremes::of(points[i].1, i);
        match self.extremes.get(analyte.index()).and_then(Option::as_ref) {
            Some(index) => index.query(range, item),
            None => range.map(item).reduce(series_index::Summary::merge),
        }
    }

    /// The positions of the points of `analyte` the trace keeps at `range`
    /// of a plot `width` cells wide: exactly what
    /// [`downsample`](crate::tui::chart_data::downsample) keeps of those points
    /// (the lowest and highest of each dot column, in time order), found a
    /// column at a time.
    pub fn trace(
        &self,
        analyte: Analyte,
        range: Range<usize>,
        window: Window,
        width: u16,
    ) -> Vec<usize> {
        let points = self
            .points
            .get(analyte.index())
            .map_or(&[][..], Vec::as_slice);
        let mut kept = Vec::new();
        let mut start = range.start;
        while start < range.end {
            let Some(dot) = points
                .get(start)
                .and_then(|p| dot_column(p.0, window, width))
            else {
                break;
            };
            let end = start
                + points[start..range.end]
                    .partition_point(|p| dot_column(p.0, window, width).is_some_and(|d| d <= dot));
            if let Some(Extremes { low, high }) = self.extremes_of(analyte, start..end) {
                let (first, second) = if low.1 <= high.1 {
                    (low.1, high.1)
                } else {
                    (high.1, low.1)
                };
                kept.push(first);
                if points[first] != points[second] {
                    kept.push(second);
                }
            }
            start = end.max(start + 1);
        }
        kept
    }

    /// The most severe category among draws `range`.
    pub fn worst_category(&self, range: Range<usize>) -> Option<Category> {
        let categories = self.severities.categories();
        let item = |i: usize| Highest(categories[i] as u8);
        let highest = match &self.highest_category {
            Some(index) => index.query(range, item),
            None => range.map(item).reduce(series_index::Summary::merge),
        }?;
        Category::ALL.get(usize::from(highest.0)).copied()
    }
}
