//! With the `tokio` feature: waiting for a process's exit without a thread
//! of our own. Windows' thread pool waits on the process handle
//! (`RegisterWaitForSingleObject`) and its callback wakes the task. The
//! future needs no particular runtime.

use std::ffi::c_void;
use std::future::Future;
use std::os::windows::io::AsRawHandle;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE;
use windows_sys::Win32::System::Threading::{
    RegisterWaitForSingleObject, UnregisterWaitEx, INFINITE, WT_EXECUTEONLYONCE,
};

use super::{last_error, Handle};
use crate::error::Error;
use crate::sys::Call;
use crate::Exit;

pub(crate) async fn wait_async(handle: &Handle) -> Result<Exit, Error> {
    loop {
        if let Some(exit) = handle.try_exit()? {
            return Ok(exit);
        }
        ExitEvent::register(handle)?.await;
    }
}

/// What the callback and the future share.
#[derive(Debug, Default)]
struct Shared {
    signalled: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

/// One registered wait on a process handle; ready once the process exited.
/// Dropping it cancels the wait.
#[derive(Debug)]
struct ExitEvent<'a> {
    /// The registered wait (a `HANDLE`, kept as a number so the future is
    /// `Send`).
    wait: isize,
    shared: Arc<Shared>,
    /// The process handle must stay open while the wait is registered.
    _handle: &'a Handle,
}

/// Runs on a thread of Windows' pool, once (`WT_EXECUTEONLYONCE`).
unsafe extern "system" fn on_exit(context: *mut c_void, _timed_out: bool) {
    // SAFETY: `context` is the reference that `register` gave up with
    // `Arc::into_raw`; this callback runs at most once and takes it back.
    let shared = unsafe { Arc::from_raw(context as *const Shared) };
    shared.signalled.store(true, Ordering::Release);
    let waker = shared
        .waker
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    if let Some(waker) = waker {
        waker.wake();
    }
}

impl<'a> ExitEvent<'a> {
    fn register(handle: &'a Handle) -> Result<ExitEvent<'a>, Error> {
        let shared = Arc::new(Shared::default());
        let context = Arc::into_raw(Arc::clone(&shared));
        let mut wait = std::ptr::null_mut();
        // SAFETY: `wait` receives the new wait's handle; the process handle
        // stays open while the wait is registered (the ExitEvent borrows
        // it); `context` is a reference the callback takes back.
        let ok = unsafe {
            RegisterWaitForSingleObject(
                &mut wait,
                handle.process.as_raw_handle(),
                Some(on_exit),
                context.cast(),
                INFINITE,
                WT_EXECUTEONLYONCE,
            )
        };
        if ok == 0 {
            let err = last_error(Call::RegisterWaitForSingleObject { pid: handle.pid });
            // SAFETY: the wait was not registered, so the callback never
            // runs and the reference is still ours.
            drop(unsafe { Arc::from_raw(context) });
            return Err(err);
        }
        Ok(ExitEvent {
            wait: wait as isize,
            shared,
            _handle: handle,
        })
    }
}

impl Future for ExitEvent<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.shared.signalled.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        *self
            .shared
            .waker
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(cx.waker().clone());
        // The callback may have run between the check and the store.
        if self.shared.signalled.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Drop for ExitEvent<'_> {
    fn drop(&mut self) {
        // SAFETY: `wait` is the registered wait; INVALID_HANDLE_VALUE makes
        // the call return only after a running callback has returned, and
        // no callback runs after it.
        let unregistered = unsafe { UnregisterWaitEx(self.wait as _, INVALID_HANDLE_VALUE) } != 0;
        // Should it fail, the callback may still run and take its
        // reference: it is left to it (a leak, not a use after free).
        if unregistered && !self.shared.signalled.load(Ordering::Acquire) {
            // SAFETY: the callback never ran, so the reference given to it
            // in `register` is still ours to drop.
            drop(unsafe { Arc::from_raw(Arc::as_ptr(&self.shared)) });
        }
    }
}
