//! The frame every chart shares: title and subtitle, a legend row under them (never
//! over the data), a band of marker labels above the plot, the axes with their ticks
//! and names, the grid, and the mapping from data to pixels.

use super::canvas::{Anchor, Canvas, Dash, Font, Rgb};

/// A value axis.
pub(super) struct Axis {
    /// Its name with the unit ("USD/month").
    pub name: String,
    /// The data range shown.
    pub min: f64,
    /// The data range shown.
    pub max: f64,
    /// Logarithmic (min > 0).
    pub log: bool,
}

impl Axis {
    /// A linear axis over `min..=max`.
    pub fn linear(name: impl Into<String>, min: f64, max: f64) -> Self {
        Self {
            name: name.into(),
            min,
            max: if max > min { max } else { min + 1.0 },
            log: false,
        }
    }

    /// Where `value` sits, 0 at `min` and 1 at `max`.
    fn fraction(&self, value: f64) -> f64 {
        if self.log {
            let v = value.max(self.min * 1e-3).log10();
            (v - self.min.log10()) / (self.max.log10() - self.min.log10())
        } else {
            (value - self.min) / (self.max - self.min)
        }
    }
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Swatch {
    /// A line sample.
    Line(Dash),
    /// A filled box.
    Box,
}

/// One legend entry.
pub(super) struct LegendEntry {
    /// The name (from the user: escaped when drawn).
    pub name: String,
    /// Colour.
    pub color: Rgb,
    /// Sample.
    pub swatch: Swatch,
}

/// A vertical marker across the plot, labelled in the band above it.
pub(super) struct Marker {
    /// Where, in x data units.
    pub x: f64,
    /// Its label.
    pub label: String,
    /// Colour of line and label.
    pub color: Rgb,
    /// Line style.
    pub dash: Dash,
}

/// A chart's frame, before it is laid out.
pub(super) struct Frame<'a> {
    /// Title (bold, top left).
    pub title: String,
    /// A line under the title.
    pub subtitle: String,
    /// The horizontal axis.
    pub x: Axis,
    /// Tick positions and labels of the x axis for about `n` ticks (the frame picks
    /// the largest `n` whose labels do not touch).
    pub x_ticks: &'a dyn Fn(usize) -> Vec<(f64, String)>,
    /// The left vertical axis.
    pub y: Axis,
    /// Its ticks (empty: a category axis; the chart writes its own row labels).
    pub y_ticks: Vec<(f64, String)>,
    /// A right vertical axis and its ticks.
    pub y2: Option<(Axis, Vec<(f64, String)>)>,
    /// Legend entries (none: no legend row).
    pub legend: Vec<LegendEntry>,
    /// Vertical markers labelled above the plot.
    pub markers: Vec<Marker>,
    /// Room left of the plot for row labels of a category axis, px.
    pub left_labels: f64,
    /// Room right of the plot for labels at the lines' ends, px.
    pub right_labels: f64,
    /// Vertical grid lines at the x ticks.
    pub x_grid: bool,
}

/// The plot area and the data → pixel mapping.
pub(super) struct Plot {
    /// Left edge, px.
    pub left: f64,
    /// Right edge, px.
    pub right: f64,
    /// Top edge, px.
    pub top: f64,
    /// Bottom edge, px.
    pub bottom: f64,
    x: Axis,
    y: Axis,
    y2: Option<Axis>,
}

impl Plot {
    /// The x pixel of a data value.
    pub fn px(&self, x: f64) -> f64 {
        self.left + self.x.fraction(x) * (self.right - self.left)
    }

    /// The y pixel of a left-axis value.
    pub fn py(&self, y: f64) -> f64 {
        self.bottom - self.y.fraction(y) * (self.bottom - self.top)
    }

    /// The y pixel of a right-axis value (the left axis when there is none).
    pub fn py2(&self, y: f64) -> f64 {
        let axis = self.y2.as_ref().unwrap_or(&self.y);
        self.bottom - axis.fraction(y) * (self.bottom - self.top)
    }

    /// Width, px.
    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    /// Height, px.
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

/// `positions` (ascending pixel rows of labels) moved apart to at least `spacing`,
/// kept within `[low, high]` where possible.
pub(super) fn spread(positions: &mut [f64], spacing: f64, low: f64, high: f64) {
    for i in 1..positions.len() {
        positions[i] = positions[i].max(positions[i - 1] + spacing);
    }
    if let Some(&last) = positions.last()
        && last > high
    {
        let shift = last - high;
        for p in positions.iter_mut() {
            *p -= shift;
        }
        for i in (0..positions.len().saturating_sub(1)).rev() {
            positions[i] = positions[i].min(positions[i + 1] - spacing);
        }
    }
    if let Some(&first) = positions.first()
        && first < low
    {
        let shift = low - first;
        for p in positions.iter_mut() {
            *p += shift;
        }
    }
}

/// Legend entries placed in rows: (row, x offset from the left margin, entry, its
/// text as shown).
fn legend_rows(
    entries: &[LegendEntry],
    font: Font,
    swatch: f64,
    gap: f64,
    available: f64,
) -> Vec<(usize, f64, String)> {
    let mut placed = Vec::with_capacity(entries.len());
    let (mut row, mut x) = (0, 0.0);
    for entry in entries {
        let text = font.fit(&entry.name, available - swatch - gap);
        let width = swatch + gap + font.width(&text);
        if x > 0.0 && x + width > available {
            row += 1;
            x = 0.0;
        }
        placed.push((row, x, text));
        x += width + 2.5 * gap;
    }
    placed
}

/// Marker labels placed in rows above the plot: (row, x of the text start, text).
fn marker_rows(
    markers: &[(f64, &Marker)],
    font: Font,
    gap: f64,
    bounds: (f64, f64),
) -> Vec<(usize, f64, String)> {
    const MAX_ROWS: usize = 6;
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut placed = Vec::with_capacity(markers.len());
    for &(px, marker) in markers {
        let text = font.fit(&marker.label, (bounds.1 - bounds.0) * 0.5);
        let width = font.width(&text);
        // Right of the line when it fits, else left of it.
        let start = if px + gap * 0.6 + width <= bounds.1 {
            px + gap * 0.6
        } else {
            (px - gap * 0.6 - width).max(bounds.0)
        };
        let span = (start - gap, start + width + gap);
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|&(a, b)| span.1 <= a || span.0 >= b);
        let row = match rows.iter().position(free) {
            Some(row) => row,
            None if rows.len() < MAX_ROWS => {
                rows.push(Vec::new());
                rows.len() - 1
            }
            None => MAX_ROWS - 1,
        };
        rows[row].push(span);
        placed.push((row, start, text));
    }
    placed
}

impl Frame<'_> {
    /// Lays the frame out on `canvas`, draws it (title, legend, grid, axes, markers)
    /// and returns the plot area for the data.
    pub fn draw(self, canvas: &mut Canvas) -> Plot {
        let s = canvas.sizes;
        let c = canvas.colors;
        let (width, height) = (canvas.width, canvas.height);
        let title_font = Font::new(s.title, c.text).bold();
        let label_font = Font::new(s.label, c.muted);
        let legend_font = Font::new(s.label, c.text);
        let tick_font = Font::new(s.tick, c.muted);
        let marker_font = Font::new(s.tick, c.text);
        let inner = width - 2.0 * s.margin;

        // Horizontal layout: y name, y tick labels (or row labels), plot, y2.
        let y_tick_width = self
            .y_ticks
            .iter()
            .map(|(_, t)| tick_font.width(t))
            .fold(0.0, f64::max)
            .max(self.left_labels);
        let y_name = !self.y.name.is_empty();
        let mut left = s.margin + y_tick_width + s.gap;
        if y_name {
            left += s.label * 1.3;
        }
        let y2_tick_width = self.y2.as_ref().map_or(0.0, |(_, ticks)| {
            ticks
                .iter()
                .map(|(_, t)| tick_font.width(t))
                .fold(0.0, f64::max)
        });
        let mut right = width - s.margin - self.right_labels;
        if self.y2.is_some() {
            right -= y2_tick_width + s.gap + s.label * 1.3;
        }
        // The last x tick label may stick out half its width.
        let x_ticks = {
            let plot_width = (right - left).max(1.0);
            let fits = |ticks: &[(f64, String)]| {
                let px = |x: f64| left + self.x.fraction(x) * plot_width;
                ticks.windows(2).all(|w| {
                    let room = px(w[1].0) - px(w[0].0);
                    room >= (tick_font.width(&w[0].1) + tick_font.width(&w[1].1)) / 2.0
                        + 2.0 * s.gap
                })
            };
            (2..=12)
                .rev()
                .map(|n| (self.x_ticks)(n))
                .find(|t| fits(t))
                .unwrap_or_else(|| (self.x_ticks)(2))
        };
        if self.right_labels == 0.0 && self.y2.is_none() {
            let overhang = x_ticks
                .last()
                .map_or(0.0, |(_, t)| tick_font.width(t) / 2.0);
            right = right.min(width - s.margin * 0.5 - overhang);
        }

        // Vertical layout: title, subtitle, legend rows, marker rows, plot, x ticks, x name.
        let mut top = s.margin + s.title;
        let title = title_font.fit(&self.title, inner);
        canvas.text(s.margin, top, &title, title_font);
        if !self.subtitle.is_empty() {
            top += s.label * 1.45;
            let subtitle = label_font.fit(&self.subtitle, inner);
            canvas.text(s.margin, top, &subtitle, label_font);
        }
        let swatch = s.label * 1.6;
        if !self.legend.is_empty() {
            top += s.gap * 1.5;
            let rows = legend_rows(&self.legend, legend_font, swatch, s.gap, inner);
            for ((row, x, text), entry) in rows.iter().zip(&self.legend) {
                let baseline = top + (*row as f64 + 1.0) * s.label * 1.4;
                let middle = baseline - s.label * 0.35;
                let x = s.margin + x;
                match entry.swatch {
                    Swatch::Line(dash) => {
                        canvas.line((x, middle), (x + swatch, middle), entry.color, s.line, dash)
                    }
                    Swatch::Box => canvas.rect(
                        x,
                        middle - s.label * 0.4,
                        swatch,
                        s.label * 0.8,
                        entry.color,
                        1.0,
                    ),
                }
                canvas.text(x + swatch + s.gap, baseline, text, legend_font);
            }
            let count = rows.last().map_or(0, |r| r.0 + 1);
            top += count as f64 * s.label * 1.4;
        }
        let markers: Vec<(f64, &Marker)> = {
            let plot_width = (right - left).max(1.0);
            let mut list: Vec<(f64, &Marker)> = self
                .markers
                .iter()
                .filter(|m| (0.0..=1.0).contains(&self.x.fraction(m.x)))
                .map(|m| (left + self.x.fraction(m.x) * plot_width, m))
                .collect();
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            list
        };
        let placed = marker_rows(&markers, marker_font, s.gap, (s.margin, width - s.margin));
        let marker_rows_count = placed.iter().map(|p| p.0 + 1).max().unwrap_or(0);
        top += s.gap * 2.0;
        let marker_top = top;
        top += marker_rows_count as f64 * s.tick * 1.35 + s.gap;
        let mut bottom = height - s.margin;
        if !self.x.name.is_empty() {
            bottom -= s.label + s.gap;
        }
        bottom -= s.tick + s.gap * 1.5;
        // Never a plot thinner than a quarter of the chart.
        let top = top.min(bottom - height * 0.25);

        let plot = Plot {
            left,
            right,
            top,
            bottom,
            x: self.x,
            y: self.y,
            y2: self.y2.as_ref().map(|(a, _)| Axis {
                name: a.name.clone(),
                ..*a
            }),
        };

        // Grid and ticks.
        for (y, label) in &self.y_ticks {
            let py = plot.py(*y);
            canvas.line(
                (left, py),
                (right, py),
                c.grid,
                s.scale.max(1.0),
                Dash::Solid,
            );
            canvas.text(
                left - s.gap,
                py + s.tick * 0.35,
                label,
                tick_font.anchor(Anchor::End),
            );
        }
        if let Some((_, ticks)) = &self.y2 {
            for (y, label) in ticks {
                let py = plot.py2(*y);
                canvas.text(right + s.gap, py + s.tick * 0.35, label, tick_font);
            }
        }
        for (x, label) in &x_ticks {
            let px = plot.px(*x);
            if self.x_grid {
                canvas.line(
                    (px, top),
                    (px, bottom),
                    c.grid,
                    s.scale.max(1.0),
                    Dash::Solid,
                );
            }
            canvas.line(
                (px, bottom),
                (px, bottom + s.gap * 0.6),
                c.axis,
                s.scale.max(1.0),
                Dash::Solid,
            );
            canvas.text(
                px,
                bottom + s.gap * 1.2 + s.tick,
                label,
                tick_font.anchor(Anchor::Middle),
            );
        }
        // Axes.
        canvas.line(
            (left, bottom),
            (right, bottom),
            c.axis,
            1.5 * s.scale.max(0.7),
            Dash::Solid,
        );
        if !self.y_ticks.is_empty() {
            canvas.line(
                (left, top),
                (left, bottom),
                c.axis,
                1.5 * s.scale.max(0.7),
                Dash::Solid,
            );
        }
        if y_name {
            let name = label_font.fit(&plot.y.name, bottom - top);
            canvas.text_vertical(
                s.margin + s.label * 0.9,
                (top + bottom) / 2.0,
                &name,
                label_font.anchor(Anchor::Middle),
            );
        }
        if let Some((axis, _)) = &self.y2 {
            canvas.line(
                (right, top),
                (right, bottom),
                c.axis,
                1.5 * s.scale.max(0.7),
                Dash::Solid,
            );
            let name = label_font.fit(&axis.name, bottom - top);
            canvas.text_vertical(
                width - s.margin - self.right_labels,
                (top + bottom) / 2.0,
                &name,
                label_font.anchor(Anchor::Middle),
            );
        }
        if !plot.x.name.is_empty() {
            let name = label_font.fit(&plot.x.name, right - left);
            canvas.text(
                (left + right) / 2.0,
                height - s.margin,
                &name,
                label_font.anchor(Anchor::Middle),
            );
        }

        // Markers: the line through the plot up to its label in the band above; the
        // labels last, on the background, so that no line crosses them.
        let baseline = |row: usize| marker_top + (row as f64 + 1.0) * s.tick * 1.35 - s.tick * 0.3;
        for ((px, marker), (row, _, _)) in markers.iter().zip(&placed) {
            canvas.line(
                (*px, baseline(*row) - s.tick * 0.8),
                (*px, bottom),
                marker.color,
                s.line * 0.6,
                marker.dash,
            );
        }
        for ((_, marker), (row, start, text)) in markers.iter().zip(&placed) {
            let font = Font {
                color: marker.color,
                ..marker_font
            };
            let y = baseline(*row);
            let pad = s.gap * 0.3;
            canvas.rect(
                start - pad,
                y - s.tick * 0.95,
                font.width(text) + 2.0 * pad,
                s.tick * 1.25,
                c.background,
                0.9,
            );
            canvas.text(*start, y, text, font);
        }
        plot
    }
}
