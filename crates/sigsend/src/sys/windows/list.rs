//! The processes of a Toolhelp32 snapshot (pid, parent, executable name),
//! with the owner's SID (`OpenProcessToken`, `GetTokenInformation`) and
//! the creation time (`GetProcessTimes`) of each process the caller may
//! open. Those two are read after the snapshot, from the process that has
//! the pid then: one created after the snapshot took the pid of a listed
//! process that exited, and its row is left out. Windows has no signal
//! state.

use std::ffi::OsString;
use std::os::windows::ffi::OsStringExt;
use std::os::windows::io::{AsHandle, AsRawHandle, BorrowedHandle, FromRawHandle, OwnedHandle};
use std::time::{SystemTime, UNIX_EPOCH};

use windows_sys::Win32::Foundation::{
    LocalFree, ERROR_NO_MORE_FILES, FILETIME, INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Security::Authorization::ConvertSidToStringSidW;
use windows_sys::Win32::Security::{
    GetTokenInformation, LookupAccountNameW, TokenUser, PSID, TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::System::Diagnostics::ToolHelp::{
    CreateToolhelp32Snapshot, Process32FirstW, Process32NextW, PROCESSENTRY32W, TH32CS_SNAPPROCESS,
};
use windows_sys::Win32::System::Threading::{
    GetCurrentProcess, GetProcessTimes, OpenProcessToken, PROCESS_QUERY_LIMITED_INFORMATION,
};

use super::{last_error, open_process};
use crate::error::{Error, ErrorKind};
use crate::process_info::CommandName;
use crate::sys::Call;
use crate::{Fields, ProcessInfo, SignalState, StartTime, UserId};

/// Every process in one Toolhelp32 snapshot that passes `keep`, each
/// opened for its owner and creation time whatever `fields` asks (the
/// creation time tells whether the pid still names the listed process).
pub(crate) fn processes(
    _fields: Fields,
    keep: &mut dyn FnMut(&ProcessInfo) -> bool,
) -> Result<Vec<ProcessInfo>, Error> {
    // SAFETY: plain values in; a new snapshot handle or
    // INVALID_HANDLE_VALUE out.
    let snapshot = unsafe { CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0) };
    if snapshot == INVALID_HANDLE_VALUE {
        return Err(last_error(Call::Toolhelp32Snapshot));
    }
    // SAFETY: a valid result is a new handle that nothing else owns.
    let snapshot = unsafe { OwnedHandle::from_raw_handle(snapshot) };
    // No process in the snapshot was created after this.
    let taken = now();
    let mut entry = PROCESSENTRY32W {
        dwSize: std::mem::size_of::<PROCESSENTRY32W>() as u32,
        ..Default::default()
    };
    let mut list = Vec::new();
    // SAFETY: the snapshot is open; `entry` is ours, its dwSize set.
    let mut ok = unsafe { Process32FirstW(snapshot.as_raw_handle(), &mut entry) };
    while ok != 0 {
        list.extend(info(&entry, taken).filter(|info| keep(info)));
        // SAFETY: as above.
        ok = unsafe { Process32NextW(snapshot.as_raw_handle(), &mut entry) };
    }
    let err = last_error(Call::Toolhelp32Snapshot);
    match err.raw_os_error() {
        Some(code) if code as u32 == ERROR_NO_MORE_FILES => Ok(list),
        _ => Err(err),
    }
}

/// The time now, as Windows keeps creation times: 100 ns since 1601.
fn now() -> u64 {
    // 1601 to 1970, in 100 ns.
    const EPOCH_1970: u64 = 116_444_736_000_000_000;
    let since_1970 = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    EPOCH_1970 + u64::try_from(since_1970.as_nanos() / 100).unwrap_or(u64::MAX - EPOCH_1970)
}

/// Whether a process created at `created` (`None`: unknown) may be the one
/// a snapshot taken by `taken` lists: one created later took the pid of a
/// listed process that has exited.
fn listed(created: Option<StartTime>, taken: u64) -> bool {
    created.is_none_or(|created| created.0 <= taken)
}

/// One snapshot entry, with what the process lets us read of it; `None`
/// when the pid now names a process created after the snapshot (`taken`).
fn info(entry: &PROCESSENTRY32W, taken: u64) -> Option<ProcessInfo> {
    let len = entry
        .szExeFile
        .iter()
        .position(|&c| c == 0)
        .unwrap_or(entry.szExeFile.len());
    let pid = entry.th32ProcessID;
    let process = open_process(pid, PROCESS_QUERY_LIMITED_INFORMATION).ok();
    let borrowed = process.as_ref().map(OwnedHandle::as_handle);
    let start_time = borrowed.and_then(created);
    if borrowed.is_some() && !listed(start_time, taken) {
        return None;
    }
    Some(ProcessInfo {
        pid,
        ppid: entry.th32ParentProcessID,
        // Windows has no process groups of this kind.
        group: None,
        name: CommandName::new(OsString::from_wide(&entry.szExeFile[..len])),
        cmdline: None,
        // Only from a process whose creation time says it is the listed one.
        user: start_time.and(borrowed).and_then(owner),
        start_time,
        own: false,
        stopped: None,
    })
}

/// The creation time of a process, in 100 ns since 1601.
fn created(process: BorrowedHandle<'_>) -> Option<StartTime> {
    let mut times = [FILETIME::default(); 4];
    let [creation, exit, kernel, user] = &mut times;
    // SAFETY: the handle is open; four FILETIMEs of ours to write.
    let ok = unsafe { GetProcessTimes(process.as_raw_handle(), creation, exit, kernel, user) };
    (ok != 0).then(|| {
        StartTime((u64::from(creation.dwHighDateTime) << 32) | u64::from(creation.dwLowDateTime))
    })
}

/// The SID of the account that owns the process, as a string.
fn owner(process: BorrowedHandle<'_>) -> Option<UserId> {
    let mut token = std::ptr::null_mut();
    // SAFETY: the process handle is open; `token` receives a new handle.
    let ok = unsafe { OpenProcessToken(process.as_raw_handle(), TOKEN_QUERY, &mut token) };
    if ok == 0 {
        return None;
    }
    // SAFETY: OpenProcessToken succeeded: a new handle nothing else owns.
    let token = unsafe { OwnedHandle::from_raw_handle(token) };
    // TOKEN_USER and the SID it points to (at most 68 bytes), aligned.
    let mut buf = [0u64; 16];
    let mut len = 0u32;
    // SAFETY: the token is open; `buf` has room for `size_of_val(&buf)`
    // bytes, which GetTokenInformation may write.
    let ok = unsafe {
        GetTokenInformation(
            token.as_raw_handle(),
            TokenUser,
            buf.as_mut_ptr().cast(),
            std::mem::size_of_val(&buf) as u32,
            &mut len,
        )
    };
    if ok == 0 {
        return None;
    }
    // SAFETY: GetTokenInformation wrote a TOKEN_USER at the start of the
    // aligned buffer; its SID pointer points into the buffer.
    let sid = unsafe { buf.as_ptr().cast::<TOKEN_USER>().read() }.User.Sid;
    // SAFETY: `sid` points into `buf`, which lives through the call.
    let sid = unsafe { sid_string(sid) }?;
    Some(UserId::Sid(sid))
}

/// A SID in its string form (`S-1-5-21-...`).
///
/// # Safety
/// `sid` must point to a valid SID for the duration of the call.
pub(crate) unsafe fn sid_string(sid: PSID) -> Option<String> {
    let mut text = std::ptr::null_mut();
    // SAFETY: the caller keeps `sid` valid; `text` receives a string that
    // LocalFree releases.
    if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
        return None;
    }
    // SAFETY: ConvertSidToStringSidW gave a NUL-terminated wide string.
    let len = (0..).take_while(|&i| unsafe { *text.add(i) } != 0).count();
    // SAFETY: `len` wide characters precede the NUL.
    let sid = String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(text, len) });
    // SAFETY: `text` came from ConvertSidToStringSidW and is freed once.
    unsafe { LocalFree(text.cast()) };
    Some(sid)
}

/// The owner of this process.
pub(crate) fn current_user() -> Option<UserId> {
    // SAFETY: GetCurrentProcess returns a pseudo-handle that needs no
    // closing and stays valid for the whole process.
    owner(unsafe { BorrowedHandle::borrow_raw(GetCurrentProcess()) })
}

/// The error of every signal-state request on Windows.
pub(crate) fn no_signal_state() -> Error {
    Error::new(
        ErrorKind::Unsupported,
        "Windows has no signals, so a process has no signal state (pending, blocked, \
         ignored or caught signals) to show",
    )
}

/// Unsupported: see [`no_signal_state`].
pub(crate) fn signal_state(pid: u32) -> Result<SignalState, Error> {
    let _ = pid;
    Err(no_signal_state())
}

/// The SID of the account `name` (`LookupAccountNameW`), as a string.
pub(crate) fn user_named(name: &str) -> Result<UserId, Error> {
    let wide: Vec<u16> = name.encode_utf16().chain([0]).collect();
    // A SID is at most 68 bytes; a domain name fits 256 characters.
    let mut sid = [0u64; 16];
    let mut sid_len = std::mem::size_of_val(&sid) as u32;
    let mut domain = [0u16; 256];
    let mut domain_len = domain.len() as u32;
    let mut kind = 0;
    // SAFETY: `wide` is NUL-terminated; the buffers are as long as the
    // lengths passed, which the call updates.
    let ok = unsafe {
        LookupAccountNameW(
            std::ptr::null(),
            wide.as_ptr(),
            sid.as_mut_ptr().cast(),
            &mut sid_len,
            domain.as_mut_ptr(),
            &mut domain_len,
            &mut kind,
        )
    };
    if ok == 0 || name.contains('\0') {
        let err = last_error(Call::LookupUser);
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("no user named {name:?}: {err}"),
        ));
    }
    // SAFETY: the call wrote a SID at the start of `sid`, which lives
    // through this call.
    let text = unsafe { sid_string(sid.as_mut_ptr().cast()) };
    text.map(UserId::Sid)
        .ok_or_else(|| last_error(Call::LookupUser))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_created_after_the_snapshot_is_not_the_listed_one() {
        let taken = now();
        assert!(listed(Some(StartTime(taken - 1)), taken));
        assert!(listed(Some(StartTime(taken)), taken));
        assert!(!listed(Some(StartTime(taken + 1)), taken));
        // Unknown: kept, with nothing read from the process.
        assert!(listed(None, taken));
    }

    #[test]
    fn now_is_in_the_creation_times_unit() {
        // This process was created before now, in the same unit.
        let me = processes(Fields::ALL, &mut |_| true).expect("a snapshot");
        let me = me.iter().find(|info| info.pid == std::process::id());
        let created = me.expect("this process is listed").start_time;
        if let Some(created) = created {
            assert!(created.0 <= now());
            // and not long before: within a day.
            assert!(now() - created.0 < 24 * 3600 * 10_000_000);
        }
    }
}
