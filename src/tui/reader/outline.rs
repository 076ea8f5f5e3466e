//! The outline as a tree: sections by level, each with subsections that
//! fold away (`toggle-fold`). The selection moves over the sections shown.

use super::{Focus, Reader};

impl Reader {
    fn level(&self, section: usize) -> u8 {
        self.doc.doc.sections.get(section).map_or(0, |s| s.level)
    }

    /// Whether `section` has subsections (the next section is deeper; the
    /// lead, level 0, is never a parent).
    pub fn has_subsections(&self, section: usize) -> bool {
        let secs = &self.doc.doc.sections;
        match (secs.get(section), secs.get(section + 1)) {
            (Some(s), Some(next)) => s.level > 0 && next.level > s.level,
            _ => false,
        }
    }

    pub fn is_folded(&self, section: usize) -> bool {
        self.folded.contains(&section)
    }

    /// The sections the outline shows, in order: all but those inside a
    /// folded section.
    pub fn outline_rows(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut hide_deeper: Option<u8> = None;
        for (i, s) in self.doc.doc.sections.iter().enumerate() {
            if let Some(l) = hide_deeper {
                if s.level > l {
                    continue;
                }
                hide_deeper = None;
            }
            out.push(i);
            if self.folded.contains(&i) && self.has_subsections(i) {
                hide_deeper = Some(s.level);
            }
        }
        out
    }

    /// The shown section that stands for `section`: itself, or the folded
    /// section it is inside.
    pub fn shown_section(&self, section: usize) -> usize {
        let rows = self.outline_rows();
        let i = rows.partition_point(|&s| s <= section);
        i.checked_sub(1).map_or(0, |i| rows[i])
    }

    /// Moves the outline selection by `delta` shown rows.
    pub fn outline_step(&mut self, delta: isize) {
        let rows = self.outline_rows();
        let Some(last) = rows.len().checked_sub(1) else {
            return;
        };
        let cur = rows
            .iter()
            .position(|&s| s == self.outline_sel)
            .unwrap_or_else(|| rows.partition_point(|&s| s < self.outline_sel).min(last));
        let next = if delta >= 0 {
            (cur + delta as usize).min(last)
        } else {
            cur.saturating_sub(delta.unsigned_abs())
        };
        self.outline_sel = rows[next];
    }

    /// Folds or unfolds the selected section (the current one when the
    /// text has focus). On a section with no subsections, folds the one it
    /// is inside and selects that.
    pub fn toggle_fold(&mut self) {
        let target = if self.focus == Focus::Outline {
            self.outline_sel
        } else {
            self.shown_section(self.current_section())
        };
        let target = if self.has_subsections(target) {
            target
        } else {
            let level = self.level(target);
            match (0..target).rev().find(|&i| self.level(i) < level) {
                Some(parent) if self.has_subsections(parent) => parent,
                _ => {
                    self.message = Some("no subsections to fold here".into());
                    return;
                }
            }
        };
        if !self.folded.remove(&target) {
            self.folded.insert(target);
        }
        self.outline_sel = target;
        let n = self.folded.len();
        self.message = Some(if self.folded.contains(&target) {
            format!("folded ({n} folded)")
        } else {
            "unfolded".into()
        });
    }
}
