package org.coopcloud.ccci.harness.profile;

/** Whether a recipe can be backed up. */
public enum BackupCapability {
    /** Decided by the backupbot labels in the recipe's compose files. */
    AUTO,
    YES,
    NO
}
