//! What a stop plan runs on ([`Members`]) and what sending to it did
//! ([`Delivery`], a [`Sent`] for each member): the contract between a plan
//! (`stop.rs`) and the trees it may run on (`tree.rs`), which both use and
//! neither owns.

use crate::error::Error;
use crate::{sys, Signal};

/// What a plan runs on: processes given once, or trees that grow as they
/// are walked ([`Trees`](crate::tree::Trees)).
pub(crate) trait Members {
    /// The members, in a stable order; later ones may be added.
    fn handles(&self) -> Vec<&sys::Handle>;

    /// Sends `sig` to every member that is not `done` (by index).
    fn send(
        &mut self,
        sig: Signal,
        value: Option<i32>,
        done: &dyn Fn(usize) -> bool,
    ) -> Result<Delivery, Error>;
}

/// What [`Members::send`] did.
pub(crate) struct Delivery {
    /// For each member, in the order of
    /// [`Trees::members`](crate::tree::Trees::members): what sending did.
    pub(crate) sent: Vec<Sent>,
    /// The processes found in the trees that could not be made members:
    /// gone before they were opened, or refused.
    pub(crate) missed: Vec<Missed>,
}

/// What sending did to one member: the result of the send, or `None` for
/// a member passed over (done, not wanted, or a root given twice).
pub(crate) type Sent = Option<Result<(), Error>>;

/// A process of a tree that [`Members::send`] could not reach.
pub(crate) struct Missed {
    /// The index of the root whose tree it is in.
    pub(crate) root: usize,
    /// Its pid.
    pub(crate) pid: u32,
    /// Why it was not reached.
    pub(crate) error: Error,
}
