//! Background work (exports, chart files, chart images for the clipboard): each job
//! runs on its own thread and reports through a channel, then asks for one repaint.
//! The window never waits for a job; nothing repaints while none runs.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

/// What a finished job produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutput {
    /// Files written, in order.
    Written(Vec<PathBuf>),
    /// A chart rasterized for the clipboard: straight RGBA, `width × height` pixels.
    Image {
        /// Width, px.
        width: u32,
        /// Height, px.
        height: u32,
        /// `width × height × 4` bytes, not premultiplied.
        rgba: Vec<u8>,
    },
}

/// What a job is, for the messages about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// File ▸ Export….
    Export,
    /// A chart's "Save as SVG…" / "Save as PNG…".
    SaveChart,
    /// A chart's "Copy as image".
    CopyImage,
}

/// A finished job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDone {
    /// What it was.
    pub kind: JobKind,
    /// What it produced, or why it failed.
    pub result: Result<JobOutput, String>,
}

/// One running job.
#[derive(Debug, Clone)]
struct Running {
    id: u64,
    label: String,
}

/// The jobs under way and the channel their results come back through.
#[derive(Debug)]
pub struct Jobs {
    tx: Sender<(u64, JobDone)>,
    rx: Receiver<(u64, JobDone)>,
    running: Vec<Running>,
    next_id: u64,
}

impl Default for Jobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            running: Vec::new(),
            next_id: 0,
        }
    }
}

impl Jobs {
    /// Runs `work` on a new thread; `label` ("Exporting HTML report…") is shown while it
    /// runs. When it ends (or panics) the result is queued and `ctx` repaints once.
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        kind: JobKind,
        label: impl Into<String>,
        work: impl FnOnce() -> Result<JobOutput, String> + Send + 'static,
    ) {
        let id = self.next_id;
        self.next_id += 1;
        self.running.push(Running {
            id,
            label: label.into(),
        });
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .unwrap_or_else(|_| Err("the job stopped unexpectedly (a bug)".to_owned()));
            // The window may have closed meanwhile; then nobody listens.
            let _ = tx.send((id, JobDone { kind, result }));
            ctx.request_repaint();
        });
    }

    /// The jobs that finished since the last call, in the order they finished.
    pub fn finished(&mut self) -> Vec<JobDone> {
        let mut done = Vec::new();
        while let Ok((id, job)) = self.rx.try_recv() {
            self.running.retain(|r| r.id != id);
            done.push(job);
        }
        done
    }

    /// The labels of the jobs under way, oldest first.
    pub fn running(&self) -> impl Iterator<Item = &str> {
        self.running.iter().map(|r| r.label.as_str())
    }

    /// Whether a job is under way.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(jobs: &mut Jobs) -> Vec<JobDone> {
        for _ in 0..500 {
            let done = jobs.finished();
            if !done.is_empty() {
                return done;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the job did not finish");
    }

    #[test]
    fn a_job_reports_its_result_and_stops_running() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        jobs.spawn(&ctx, JobKind::Export, "Exporting…", || {
            Ok(JobOutput::Written(vec![PathBuf::from("out.html")]))
        });
        assert!(jobs.busy());
        assert_eq!(jobs.running().collect::<Vec<_>>(), ["Exporting…"]);
        let done = wait(&mut jobs);
        assert_eq!(
            done,
            [JobDone {
                kind: JobKind::Export,
                result: Ok(JobOutput::Written(vec![PathBuf::from("out.html")]))
            }]
        );
        assert!(!jobs.busy());
    }

    #[test]
    fn a_panicking_job_reports_an_error() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        jobs.spawn(&ctx, JobKind::CopyImage, "Copying…", || panic!("boom"));
        let done = wait(&mut jobs);
        assert!(done[0].result.is_err());
        assert!(!jobs.busy());
    }
}
