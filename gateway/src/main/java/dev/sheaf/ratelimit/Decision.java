package dev.sheaf.ratelimit;

/**
 * One request's turn at its bucket.
 *
 * @param allowed          whether it may go on
 * @param limit            the requests its key may send per period
 * @param remaining        how many more it may send right away
 * @param retryAfterMillis when refused, how long until one more request is allowed
 * @param resetMillis      how long until the bucket is full again
 */
public record Decision(boolean allowed, int limit, long remaining, long retryAfterMillis, long resetMillis) {

  /** Let through without a bucket: no limit applies, or the shared store could not be asked. */
  public static Decision unlimited() {
    return new Decision(true, 0, 0, 0, 0);
  }

  public boolean limited() {
    return limit > 0;
  }
}
