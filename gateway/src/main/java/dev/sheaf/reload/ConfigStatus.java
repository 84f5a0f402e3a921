package dev.sheaf.reload;

import java.time.Instant;

/**
 * The active configuration's version and the last attempt to reload it, as the admin routes show them.
 *
 * @param lastAttempt null until a reload has been attempted
 */
public record ConfigStatus(String version, Instant loadedAt, ReloadAttempt lastAttempt) {
}
