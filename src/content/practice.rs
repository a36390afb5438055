//! A question's `practice` key: how much room to answer, and in what shape, when the
//! pack is printed with `--practice`.
//!
//! ```yaml
//! practice: {space: grid, lines: 30}
//! ```
//!
//! Both keys are optional: `space` picks the shape (otherwise the category's), and
//! `lines` the amount: ruled lines for `lines`, rows of 5 mm squares for `grid`, the
//! lines shared out among the frames for `star` and `plan`.

/// The shape of the space to answer in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Space {
    /// Ruled lines.
    Lines,
    /// A grid, for code or a diagram.
    Grid,
    /// Situation, Task, Action, Result: four labelled frames of ruled lines.
    Star,
    /// A plan: first hour, first week, trade-offs.
    Plan,
}

impl Space {
    pub const ALL: [Space; 4] = [Space::Lines, Space::Grid, Space::Star, Space::Plan];

    /// The spelling in content files.
    pub fn key(self) -> &'static str {
        match self {
            Space::Lines => "lines",
            Space::Grid => "grid",
            Space::Star => "star",
            Space::Plan => "plan",
        }
    }
}

/// A question's override of its answer space; `None` fields take the category's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Practice {
    pub space: Option<Space>,
    pub lines: Option<u32>,
}

/// The most lines (or grid rows) a question may ask for: about two pages.
pub const MAX_LINES: u32 = 60;
