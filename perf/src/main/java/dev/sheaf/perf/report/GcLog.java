package dev.sheaf.perf.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's GC log ({@code -Xlog:gc:file=…:time,uptime,level,tags}): pauses and, from the heap
 * before and after consecutive collections, how much the gateway allocated between them.
 */
final class GcLog {

  /** One pause, e.g. {@code [2026-11-22T04:27:05.123+0000][184.247s][info][gc] GC(349) Pause Young (Allocation Failure) 108M->48M(247M) 42.764ms}. */
  record Pause(long epochMillis, boolean young, double beforeMiB, double afterMiB, double millis) {
  }

  /**
   * What happened within one window.
   *
   * @param allocationMiBPerSecond what the gateway allocated per second, from the heap growth between
   *                               collections (NaN with fewer than one pause in the window)
   */
  record Window(int pauses, double pauseMillis, double maxPauseMillis, double allocationMiBPerSecond) {
  }

  private static final Pattern LINE = Pattern.compile(
      "^\\[([^\\]]+)\\].*GC\\(\\d+\\) Pause (\\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\) ([\\d.]+)ms");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private final List<Pause> pauses;

  private GcLog(List<Pause> pauses) {
    this.pauses = pauses;
  }

  static GcLog read(Path file) throws IOException {
    List<Pause> pauses = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
          continue;
        }
        try {
          long epoch = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
          pauses.add(new Pause(epoch, "Young".equals(m.group(2)), mib(m.group(3), m.group(4)),
              mib(m.group(5), m.group(6)), Double.parseDouble(m.group(7))));
        } catch (RuntimeException e) {
          // a line without the time decorator: not ours to read
        }
      }
    }
    return new GcLog(pauses);
  }

  /**
   * Pauses inside [from, to). Allocation: the heap before each pause minus the heap after the one
   * before it, over the time between the pause preceding the window's first and the window's last.
   */
  Window window(long fromEpochMillis, long toEpochMillis) {
    int n = 0;
    double total = 0;
    double max = 0;
    double allocated = 0;
    long spanStart = -1;
    long spanEnd = -1;
    for (int i = 0; i < pauses.size(); i++) {
      Pause p = pauses.get(i);
      if (p.epochMillis() < fromEpochMillis || p.epochMillis() >= toEpochMillis) {
        continue;
      }
      n++;
      total += p.millis();
      max = Math.max(max, p.millis());
      if (i > 0) {
        Pause previous = pauses.get(i - 1);
        allocated += Math.max(0, p.beforeMiB() - previous.afterMiB());
        spanStart = spanStart < 0 ? previous.epochMillis() : spanStart;
        spanEnd = p.epochMillis();
      }
    }
    double rate = spanEnd > spanStart && spanStart >= 0 ? allocated / ((spanEnd - spanStart) / 1000.0) : Double.NaN;
    return new Window(n, total, max, rate);
  }

  boolean isEmpty() {
    return pauses.isEmpty();
  }

  private static double mib(String n, String unit) {
    double v = Double.parseDouble(n);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }
}
