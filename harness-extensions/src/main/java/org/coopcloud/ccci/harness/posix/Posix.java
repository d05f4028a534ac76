package org.coopcloud.ccci.harness.posix;

import java.nio.file.Path;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.util.DefaultPOSIXHandler;

/**
 * The one place that calls libc. Everything else in the harness talks to the kernel through these
 * methods, so the traps (java.nio locks that vanish, errno handling, flags) are handled once.
 *
 * <p>Only the native jnr-posix backend is acceptable: its pure-Java fallback has no flock, and a
 * fallback that silently did nothing would make every lock in the harness a lie. So construction
 * fails loudly when native access is unavailable.
 */
public final class Posix {
    private static final int LOCKFILE_MODE = 0644;
    private static final int OPEN_LOCKFILE_FLAGS =
            LinuxConstants.O_CREAT | LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC | LinuxConstants.O_NOFOLLOW;
    private static final int OPEN_EXISTING_FLAGS =
            LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC | LinuxConstants.O_NOFOLLOW;

    private static volatile Posix instance;

    private final POSIX posix;
    private final LibC libc;

    private Posix() {
        POSIX nativePosix = POSIXFactory.getNativePOSIX(new DefaultPOSIXHandler());
        if (!nativePosix.isNative()) {
            throw new IllegalStateException("jnr-posix has no native backend here; refusing the pure-Java fallback");
        }
        this.posix = nativePosix;
        this.libc = LibraryLoader.create(LibC.class).load("c");
    }

    /** The process-wide instance; loading jnr costs a few hundred milliseconds, so only once. */
    public static Posix get() {
        Posix p = instance;
        if (p == null) {
            synchronized (Posix.class) {
                p = instance;
                if (p == null) {
                    p = new Posix();
                    instance = p;
                }
            }
        }
        return p;
    }

    /**
     * Opens (creating when absent) a lockfile read-write with close-on-exec, refusing to follow a
     * symlink at the path (ELOOP): a planted symlink must not make us lock or truncate another file.
     */
    public int openLockFile(Path path) throws PosixException {
        return open(path, OPEN_LOCKFILE_FLAGS);
    }

    /** As {@link #openLockFile} but never creates: for probes that must not leave files behind. */
    public int openExisting(Path path) throws PosixException {
        return open(path, OPEN_EXISTING_FLAGS);
    }

    private int open(Path path, int flags) throws PosixException {
        int fd = posix.open(path.toString(), flags, LOCKFILE_MODE);
        if (fd < 0) {
            throw new PosixException("open", path.toString(), posix.errno());
        }
        return fd;
    }

    /**
     * flock(fd, LOCK_EX|LOCK_NB). True when this open file description now holds the lock, false
     * when another one holds it. Never blocks: a blocked flock cannot be interrupted, so waiting is
     * the caller's poll loop.
     */
    public boolean tryLockExclusive(int fd) throws PosixException {
        return tryLock(fd, LinuxConstants.LOCK_EX);
    }

    /**
     * flock(fd, LOCK_SH|LOCK_NB): true when this open file description now shares the lock with
     * any other shared holders, false when an exclusive holder has it. Never blocks.
     */
    public boolean tryLockShared(int fd) throws PosixException {
        return tryLock(fd, LinuxConstants.LOCK_SH);
    }

    private boolean tryLock(int fd, int operation) throws PosixException {
        while (true) {
            if (posix.flock(fd, operation | LinuxConstants.LOCK_NB) == 0) {
                return true;
            }
            int errno = posix.errno();
            if (errno == LinuxConstants.EAGAIN) {
                return false;
            }
            if (errno != LinuxConstants.EINTR) {
                throw new PosixException("flock", "fd " + fd, errno);
            }
        }
    }

    public FileIdentity identityOf(int fd) throws PosixException {
        FileStat stat = posix.allocateStat();
        if (posix.fstat(fd, stat) != 0) {
            throw new PosixException("fstat", "fd " + fd, posix.errno());
        }
        return new FileIdentity(stat.dev(), stat.ino());
    }

    /** lstat(2) identity of the path itself (a final symlink is not followed); empty when nothing is there. */
    public Optional<FileIdentity> identityOf(Path path) throws PosixException {
        return lstat(path).map(stat -> new FileIdentity(stat.dev(), stat.ino()));
    }

    /**
     * True when the fd still names the file at the path: after the janitor unlinks (and someone
     * recreates) a lockfile, a lock won on the old inode protects nothing.
     */
    public boolean isFileAt(int fd, Path path) throws PosixException {
        FileIdentity open = identityOf(fd);
        return identityOf(path).map(open::equals).orElse(false);
    }

    /** Modification time of the path in epoch seconds; empty when nothing is there. */
    public Optional<Long> modifiedEpochSeconds(Path path) throws PosixException {
        return lstat(path).map(FileStat::mtime);
    }

    private Optional<FileStat> lstat(Path path) throws PosixException {
        FileStat stat = posix.allocateStat();
        if (posix.lstat(path.toString(), stat) == 0) {
            return Optional.of(stat);
        }
        int errno = posix.errno();
        if (errno == LinuxConstants.ENOENT) {
            return Optional.empty();
        }
        throw new PosixException("lstat", path.toString(), errno);
    }

    /** futimens(fd, NULL): atime and mtime become now. */
    public void touch(int fd) throws PosixException {
        if (posix.futimens(fd, null, null) != 0) {
            throw new PosixException("futimens", "fd " + fd, posix.errno());
        }
    }

    /** Removes the path; false when it was already gone. */
    public boolean unlink(Path path) throws PosixException {
        if (posix.unlink(path.toString()) == 0) {
            return true;
        }
        int errno = posix.errno();
        if (errno == LinuxConstants.ENOENT) {
            return false;
        }
        throw new PosixException("unlink", path.toString(), errno);
    }

    /** Closes the fd, which drops any flock held through it (unless it was dup'ed). */
    public void close(int fd) {
        posix.close(fd);
    }

    /**
     * prctl(PR_SET_PDEATHSIG, signal). The setting belongs to the calling THREAD: the kernel
     * delivers the signal to the whole process, but only while the arming thread is alive.
     */
    public void setParentDeathSignal(int signal) throws PosixException {
        if (libc.prctl(LinuxConstants.PR_SET_PDEATHSIG, signal, 0, 0, 0) != 0) {
            throw new PosixException("prctl", "PR_SET_PDEATHSIG, " + signal,
                    jnr.ffi.Runtime.getSystemRuntime().getLastError());
        }
    }

    public int parentPid() {
        return posix.getppid();
    }

    public int pid() {
        return posix.getpid();
    }

    /** kill(2); false when the process is gone (ESRCH), an exception for anything else. */
    public boolean kill(long pid, int signal) throws PosixException {
        if (posix.kill(pid, signal) == 0) {
            return true;
        }
        int errno = posix.errno();
        if (errno == LinuxConstants.ESRCH) {
            return false;
        }
        throw new PosixException("kill", pid + ", " + signal, errno);
    }
}
