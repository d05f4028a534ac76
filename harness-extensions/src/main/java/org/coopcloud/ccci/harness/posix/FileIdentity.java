package org.coopcloud.ccci.harness.posix;

/**
 * Which file an fd or a path names: device and inode. Inode numbers are reused after a file is
 * deleted, so two identities are only comparable while an fd keeps one of the files alive.
 */
public record FileIdentity(long device, long inode) {
}
