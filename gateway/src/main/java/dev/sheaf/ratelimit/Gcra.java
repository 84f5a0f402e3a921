package dev.sheaf.ratelimit;

/**
 * The generic cell rate algorithm: a token bucket kept as one number per key, its theoretical
 * arrival time (TAT), the moment the bucket would be full again. A request is allowed when adding
 * one emission interval to the TAT keeps it within the burst's tolerance of now. The Redis script of
 * {@link RedisBuckets} is this same arithmetic, so both stores decide alike.
 *
 * @param intervalMicros how long one request's token takes to come back ({@code period / limit})
 * @param burst          how many requests a full bucket holds
 */
record Gcra(long intervalMicros, int burst) {

  /** The outcome and the TAT to store (unchanged when refused). */
  record Step(Decision decision, long newTat) {
  }

  long toleranceMicros() {
    return intervalMicros * burst;
  }

  Step step(long tat, long now, int limit) {
    long start = Math.max(tat, now);
    long newTat = start + intervalMicros;
    long allowAt = newTat - toleranceMicros();
    if (now < allowAt) {
      return new Step(new Decision(false, limit, 0, millisUp(allowAt - now), millisUp(start - now)), tat);
    }
    long remaining = (toleranceMicros() - (newTat - now)) / intervalMicros;
    return new Step(new Decision(true, limit, remaining, 0, millisUp(newTat - now)), newTat);
  }

  static long millisUp(long micros) {
    return (micros + 999) / 1000;
  }
}
