//! Reading the files of `/proc/PID`, where a process that is gone is no
//! error but `None`: only while `/proc` is this process's own (a `/proc`
//! that is not mounted, or another pid namespace's, lacks the files of
//! live processes too, and that is an error, not "gone").

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::sys::Call;

/// The contents of `/proc/PID/FILE`; `None` when there is no such process
/// (any more).
pub(crate) fn read(pid: i32, file: &'static str) -> Result<Option<Vec<u8>>, Error> {
    Ok(read_into(pid, file, &mut Vec::new())?.map(<[u8]>::to_vec))
}

/// The contents of `/proc/PID/FILE`, read into `buffer` (see
/// [`ProcFile::read`]); `None` when there is no such process (any more).
pub(crate) fn read_into<'b>(
    pid: i32,
    file: &'static str,
    buffer: &'b mut Vec<u8>,
) -> Result<Option<&'b [u8]>, Error> {
    match ProcFile::open(pid, file)? {
        Some(opened) => opened.read(buffer),
        None => Ok(None),
    }
}

/// One file of `/proc/PID`, held open: it reads as gone once its process
/// is (reaped), also when a new process has taken the pid. So while it
/// still reads, the pid names the process it was opened on, and another
/// file of that pid opened meanwhile is that process's.
#[derive(Debug)]
pub(crate) struct ProcFile {
    pid: i32,
    file: &'static str,
    opened: File,
}

impl ProcFile {
    /// `/proc/PID/FILE` (one `openat`); `None` when there is no such
    /// process.
    pub(crate) fn open(pid: i32, file: &'static str) -> Result<Option<ProcFile>, Error> {
        let opened = gone_is_none(File::open(format!("/proc/{pid}/{file}")), pid, file)?;
        Ok(opened.map(|opened| ProcFile { pid, file, opened }))
    }

    /// The file `name` of `dir`, a held directory of `/proc` (one
    /// `openat` relative to it), which errors about process `pid` call
    /// `label`; `None` once the process (or, for `task/TID/...`, the
    /// thread) is gone.
    pub(crate) fn open_in(
        dir: &File,
        pid: i32,
        name: &CPath,
        label: &'static str,
    ) -> Result<Option<ProcFile>, Error> {
        let opened = gone_is_none(openat(dir, name), pid, label)?;
        Ok(opened.map(|opened| ProcFile {
            pid,
            file: label,
            opened,
        }))
    }

    /// The whole file, read from its start into `buffer` (grown as
    /// needed, kept for the next read: its length is its room, not the
    /// bytes read); `None` once the process is gone. One `pread` for a
    /// file that fits: the kernel makes these files whole at the first
    /// read, so a read that leaves room is the end.
    pub(crate) fn read<'b>(&self, buffer: &'b mut Vec<u8>) -> Result<Option<&'b [u8]>, Error> {
        if buffer.is_empty() {
            buffer.resize(4096, 0);
        }
        let mut filled = 0;
        loop {
            let read = self.opened.read_at(&mut buffer[filled..], filled as u64);
            let Some(count) = gone_is_none(read, self.pid, self.file)? else {
                return Ok(None);
            };
            filled += count;
            if filled < buffer.len() {
                return Ok(Some(&buffer[..filled]));
            }
            buffer.resize(buffer.len() * 2, 0);
        }
    }
}

/// The directory `/proc`, held open: the files of a process are opened,
/// and its directory looked at, relative to it (`PID/stat`: one lookup
/// where `/proc/PID/stat` walks three).
#[derive(Debug)]
pub(crate) struct ProcRoot {
    dir: File,
}

impl ProcRoot {
    /// Opens `/proc`.
    pub(crate) fn open() -> Result<ProcRoot, Error> {
        let dir = File::open("/proc").map_err(|err| Error::from_io(&err, Call::ListProc))?;
        Ok(ProcRoot { dir })
    }

    /// The pids of `/proc`, in its order, read through the held
    /// descriptor: a listing opens `/proc` once.
    pub(crate) fn pids(&self) -> Result<Vec<i32>, Error> {
        numbered(&self.dir).map_err(|err| Error::from_io(&err, Call::ListProc))
    }

    /// `/proc/PID/FILE` (one `openat`); `None` when there is no such
    /// process.
    pub(crate) fn file(&self, pid: i32, file: &'static str) -> Result<Option<ProcFile>, Error> {
        let name = CPath::new().number(pid).text("/").text(file);
        ProcFile::open_in(&self.dir, pid, &name, file)
    }

    /// The effective uid of the process `pid` names now, as this process's
    /// user namespace sees it (as `status` gives it): the owner of its
    /// directory, one `fstatat`. `None` when there is no such process.
    ///
    /// The kernel makes the directory `/proc/PID` the effective uid's,
    /// dumpable or not (stat of it told the effective uid before `status`
    /// existed, and still does). The files in it are another matter: those
    /// of a process that is not dumpable (it changed its credentials, or
    /// said so with `prctl`) belong to root, so the owner of `stat` or
    /// `status` is no owner to go by.
    pub(crate) fn euid(&self, pid: i32) -> Result<Option<u32>, Error> {
        let name = CPath::new().number(pid);
        let stat = name.as_ptr().and_then(|name| {
            let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
            // SAFETY: `self.dir` is an open descriptor for the call's
            // duration, `name` a NUL-terminated string that outlives it,
            // and `stat` room for the `struct stat` the call writes.
            let ret = unsafe { libc::fstatat(self.dir.as_raw_fd(), name, stat.as_mut_ptr(), 0) };
            match ret {
                // SAFETY: the call succeeded, so it wrote the whole struct.
                0 => Ok(unsafe { stat.assume_init() }),
                _ => Err(io::Error::last_os_error()),
            }
        });
        Ok(gone_is_none(stat, pid, "")?.map(|stat| stat.st_uid))
    }
}

/// The number `digits` spell in decimal; `None` for an empty field, one
/// with anything but digits, or one too large for `T`.
pub(crate) fn decimal<T: TryFrom<u64>>(digits: &[u8]) -> Option<T> {
    if digits.is_empty() {
        return None;
    }
    let mut number: u64 = 0;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        number = number
            .checked_mul(10)?
            .checked_add(u64::from(digit - b'0'))?;
    }
    T::try_from(number).ok()
}

/// The entries of the directory `dir` that are numbers (pids, thread
/// ids), in its order (`getdents64` on the held descriptor).
fn numbered(dir: &File) -> io::Result<Vec<i32>> {
    // u64s: room the kernel may write its 8-byte fields into aligned.
    let mut room = vec![0u64; 4096];
    let mut numbers = Vec::new();
    loop {
        let size = room.len() * std::mem::size_of::<u64>();
        // SAFETY: `dir` is an open directory descriptor for the call's
        // duration, and `room` is `size` writable bytes.
        let read = unsafe {
            libc::syscall(
                libc::SYS_getdents64,
                dir.as_raw_fd(),
                room.as_mut_ptr(),
                size,
            )
        };
        if read == 0 {
            return Ok(numbers);
        }
        let read = usize::try_from(read).map_err(|_| io::Error::last_os_error())?;
        // SAFETY: the kernel wrote `read` bytes (at most `size`) at the
        // start of `room`, which any byte of them may be read as.
        let bytes = unsafe { std::slice::from_raw_parts(room.as_ptr().cast::<u8>(), read) };
        numbers.extend(entry_names(bytes).filter_map(decimal::<i32>));
    }
}

/// The names of the `struct linux_dirent64` records in `bytes` (each:
/// inode, offset, its length at byte 16, type, then its name and a NUL).
fn entry_names(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        let length = usize::from(u16::from_ne_bytes([*rest.get(16)?, *rest.get(17)?]));
        let record = rest.get(..length).filter(|_| length > 19)?;
        rest = &rest[length..];
        record[19..].split(|&b| b == 0).next()
    })
}

/// A path relative to a held directory, built with its NUL on the stack
/// (those of `/proc` are short): no allocation nor formatting per file.
#[derive(Debug)]
pub(crate) struct CPath {
    bytes: [u8; 64],
    /// The bytes pushed, which may be more than fit.
    length: usize,
}

impl CPath {
    /// An empty path, to push onto.
    pub(crate) fn new() -> CPath {
        CPath {
            bytes: [0; 64],
            length: 0,
        }
    }

    /// Pushes `number` in decimal.
    pub(crate) fn number(mut self, number: i32) -> CPath {
        if number < 0 {
            self.push(b'-');
        }
        let mut digits = [0; 10];
        let mut rest = number.unsigned_abs();
        let mut count = 0;
        loop {
            digits[count] = b'0' + (rest % 10) as u8;
            count += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &digit in digits[..count].iter().rev() {
            self.push(digit);
        }
        self
    }

    /// Pushes `text`.
    pub(crate) fn text(mut self, text: &str) -> CPath {
        for &byte in text.as_bytes() {
            self.push(byte);
        }
        self
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes[..63].get_mut(self.length) {
            *slot = byte;
        }
        self.length += 1;
    }

    /// The path for a call, NUL-terminated and valid while this lives;
    /// `InvalidInput` for one longer than 63 bytes or with a NUL.
    fn as_ptr(&self) -> io::Result<*const libc::c_char> {
        let path = self
            .bytes
            .get(..self.length)
            .filter(|path| self.length < 64 && !path.contains(&0));
        match path {
            Some(_) => Ok(self.bytes.as_ptr().cast()),
            None => Err(io::Error::from(io::ErrorKind::InvalidInput)),
        }
    }
}

/// `openat(2)` of `name`, relative to the directory `dir`, for reading.
fn openat(dir: &File, name: &CPath) -> io::Result<File> {
    let name = name.as_ptr()?;
    // SAFETY: `dir` is an open descriptor for the call's duration and
    // `name` a NUL-terminated string that outlives it; the flags ask for
    // no more than a read-only descriptor.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), name, libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just opened and is owned by nothing else.
    Ok(unsafe { <File as std::os::fd::FromRawFd>::from_raw_fd(fd) })
}

/// The whole of a `/proc` file: opened, read to the end, closed, and no
/// more (`std::fs::read` also asks for the size, which `/proc` files do
/// not know: one system call in five, per process, per walk of a tree).
pub(crate) fn read_all(path: impl AsRef<Path>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(1024);
    File::open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Fails unless `/proc` is this process's own process file system: a
/// `/proc` that is not mounted (an empty directory, a tmpfs over it) or
/// that belongs to another pid namespace would list no process, or
/// others, and a walk or a selection must not take that for the truth;
/// nor may a handle take a missing `/proc/PID` for a process that is gone,
/// or another namespace's `/proc/PID` (a stranger with the same number)
/// for its process.
pub(crate) fn check_own() -> Result<(), Error> {
    let own = std::process::id().to_string();
    match std::fs::read_link("/proc/self") {
        Ok(link) if link.as_os_str() == own.as_str() => Ok(()),
        Ok(link) => Err(Error::new(
            ErrorKind::Other,
            format!(
                "cannot read the processes' files: /proc belongs to another pid namespace \
                 (/proc/self is {}, this process is {own}); mount this namespace's procfs on /proc",
                link.display()
            ),
        )),
        Err(err) => Err(Error::new(
            ErrorKind::Other,
            format!(
                "cannot read the processes' files: /proc/self cannot be read ({err}); \
                 is procfs mounted on /proc?"
            ),
        )),
    }
}

/// `Ok(None)` for the errors that mean the process is gone, once
/// [`check_own`] says that `/proc` is ours (else its error: a file missing
/// from a `/proc` that is not mounted says nothing of the process).
pub(crate) fn gone_is_none<T>(
    result: io::Result<T>,
    pid: i32,
    file: &'static str,
) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(err) if matches!(err.kind(), io::ErrorKind::NotFound) => check_own().map(|()| None),
        // ESRCH: the process went away while the file was read.
        Err(err) if err.raw_os_error() == Some(libc::ESRCH) => Ok(None),
        Err(err) => Err(Error::from_io(&err, Call::ReadProc { pid, file })),
    }
}

/// The directory `/proc/PID`, held open: every file read through it is
/// that one process's. Once the process is gone they read as gone, also
/// when a new process has taken the pid, so the files of one `ProcDir`
/// never mix two processes.
#[derive(Debug)]
pub(crate) struct ProcDir {
    pid: i32,
    dir: File,
}

impl ProcDir {
    /// `None` when there is no such process.
    pub(crate) fn open(pid: i32) -> Result<Option<ProcDir>, Error> {
        let dir = gone_is_none(File::open(format!("/proc/{pid}")), pid, "")?;
        Ok(dir.map(|dir| ProcDir { pid, dir }))
    }

    /// The file `name` in it, which errors call `label` (one `openat`);
    /// `None` once the process (or, for `task/TID/...`, the thread) is
    /// gone.
    pub(crate) fn file(
        &self,
        name: &CPath,
        label: &'static str,
    ) -> Result<Option<ProcFile>, Error> {
        ProcFile::open_in(&self.dir, self.pid, name, label)
    }

    /// The ids of its threads (the directory `task`); `None` once it is
    /// gone.
    pub(crate) fn tids(&self) -> Result<Option<Vec<i32>>, Error> {
        let task = CPath::new().text("task");
        let Some(task) = gone_is_none(openat(&self.dir, &task), self.pid, "task")? else {
            return Ok(None);
        };
        gone_is_none(numbered(&task), self.pid, "task")
    }

    /// The targets of the links in the directory `DIR` (such as `fd`); a
    /// link that vanishes while it is read is left out; `None` once the
    /// process is gone.
    pub(crate) fn read_links(&self, dir: &'static str) -> Result<Option<Vec<PathBuf>>, Error> {
        let path = format!("/proc/self/fd/{}/{dir}", self.dir.as_raw_fd());
        let Some(entries) = gone_is_none(std::fs::read_dir(path), self.pid, dir)? else {
            return Ok(None);
        };
        let mut links = Vec::new();
        for entry in entries {
            let Some(entry) = gone_is_none(entry, self.pid, dir)? else {
                return Ok(None);
            };
            if let Some(link) = gone_is_none(std::fs::read_link(entry.path()), self.pid, dir)? {
                links.push(link);
            }
        }
        Ok(Some(links))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn a_held_file_reads_its_own_process_only() {
        let mut child = std::process::Command::new("sleep")
            .arg("10")
            .spawn()
            .expect("start sleep");
        let pid = child.id() as i32;
        let stat = ProcFile::open(pid, "stat").unwrap().expect("it runs");
        let mut buffer = Vec::new();
        let text = stat.read(&mut buffer).unwrap().expect("it runs");
        assert!(text.starts_with(format!("{pid} (sleep) ").as_bytes()));
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(stat.read(&mut buffer).unwrap(), None, "reaped: gone");
        assert_eq!(ProcFile::open(i32::MAX, "stat").unwrap().map(|_| ()), None);
    }

    #[test]
    fn a_file_longer_than_the_buffer_is_read_whole() {
        let me = std::process::id() as i32;
        let whole = std::fs::read(format!("/proc/{me}/status")).unwrap();
        let status = ProcFile::open(me, "status").unwrap().expect("we run");
        let mut small = vec![0; 7];
        let text = status.read(&mut small).unwrap().expect("we run");
        // Only the lines that change as we run may differ.
        let head = |bytes: &[u8]| {
            bytes
                .split(|&b| b == b'\n')
                .take(9)
                .map(<[u8]>::to_vec)
                .collect::<Vec<_>>()
        };
        assert!(text.len() > 7);
        assert_eq!(head(text), head(&whole));
    }

    #[test]
    fn the_owner_is_the_effective_uid_also_of_a_process_that_is_not_dumpable() {
        let root = ProcRoot::open().unwrap();
        let me = std::process::id() as i32;
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let uid_line = status
            .lines()
            .find(|line| line.starts_with("Uid:"))
            .unwrap();
        let euid: u32 = uid_line.split_whitespace().nth(2).unwrap().parse().unwrap();
        assert_eq!(root.euid(me).unwrap(), Some(euid));
        assert_eq!(root.euid(i32::MAX).unwrap(), None, "no such process");
        // Real uid root, effective uid nobody: the exec leaves it not
        // dumpable, so its files are root's (the owner of `stat` would
        // say root).
        let Ok(mut child) = std::process::Command::new("setpriv")
            .args(["--ruid=0", "--euid=65534", "sleep", "10"])
            .spawn()
        else {
            eprintln!("SKIPPED: setpriv cannot run here");
            return;
        };
        let pid = child.id() as i32;
        let comm = format!("/proc/{pid}/comm");
        while !std::fs::read_to_string(&comm).is_ok_and(|name| name == "sleep\n") {
            if let Some(ended) = child.try_wait().unwrap() {
                eprintln!("SKIPPED: setpriv could not run sleep as nobody ({ended}; not root?)");
                return;
            }
            std::thread::yield_now();
        }
        let stat_owner = std::fs::metadata(format!("/proc/{pid}/stat")).map(|m| m.uid());
        let found = root.euid(pid);
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(stat_owner.unwrap(), 0, "not dumpable: its files are root's");
        assert_eq!(found.unwrap(), Some(65534));
    }

    #[test]
    fn reads_decimal_numbers_only() {
        assert_eq!(decimal::<i32>(b"4242"), Some(4242));
        assert_eq!(decimal::<u64>(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(decimal::<u64>(b"18446744073709551616"), None);
        assert_eq!(decimal::<i32>(b"2147483648"), None);
        for bad in [&b""[..], b"-1", b"+1", b"1 ", b"self", b"."] {
            assert_eq!(decimal::<u32>(bad), None, "{bad:?}");
        }
        let path = CPath::new().number(4242).text("/stat");
        assert_eq!(path.bytes[..10], *b"4242/stat\0");
        let long = CPath::new().text(&"x".repeat(64));
        assert!(long.as_ptr().is_err());
        assert!(CPath::new().text("a\0b").as_ptr().is_err());
        assert_eq!(CPath::new().number(-7).bytes[..3], *b"-7\0");
    }

    #[test]
    fn lists_the_pids_of_proc() {
        let pids = ProcRoot::open().unwrap().pids().unwrap();
        assert!(pids.contains(&1) && pids.contains(&(std::process::id() as i32)));
        assert!(pids.iter().all(|&pid| pid > 0));
        // Two records, then one too short to hold a name: it ends the list.
        let mut bytes = Vec::new();
        for name in [&b"12"[..], b"self"] {
            let length = 24u16;
            bytes.extend([0; 16]);
            bytes.extend(length.to_ne_bytes());
            bytes.push(4);
            bytes.extend(name);
            bytes.resize(bytes.len() + usize::from(length) - 19 - name.len(), 0);
        }
        bytes.extend([0; 16]);
        bytes.extend(0u16.to_ne_bytes());
        let names: Vec<&[u8]> = entry_names(&bytes).collect();
        assert_eq!(names, [&b"12"[..], b"self"]);
    }
}
