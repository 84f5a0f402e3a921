package dev.sheaf.warmup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * The warm-up's access log: its lines go through the encoder of the gateway's own log (JSON or text, as
 * set up) into a stream that drops them, so the code that encodes an access line is compiled before the
 * first user's line, and no line of the warm-up reaches the log. The logger lives in a Logback context of
 * its own, which no appender of the gateway's log is attached to. Without Logback, or with no encoder to
 * borrow, a logger that writes nothing.
 */
final class DroppedAccessLog {

  private static final String ACCESS_LOGGER = "sheaf.access";

  private final Logger logger;
  private final AtomicLong lines;

  private DroppedAccessLog(Logger logger, AtomicLong lines) {
    this.logger = logger;
    this.lines = lines;
  }

  static DroppedAccessLog create() {
    AtomicLong lines = new AtomicLong();
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext log) || encoderOf(log) == null) {
      return new DroppedAccessLog(NOPLogger.NOP_LOGGER, lines);
    }
    Encoder<ILoggingEvent> encoder = encoderOf(log);
    LoggerContext own = new LoggerContext();
    own.setName("sheaf-warmup");
    own.setMDCAdapter(log.getMDCAdapter()); // an event copies the MDC: without an adapter it is never appended
    OutputStreamAppender<ILoggingEvent> dropping = new OutputStreamAppender<>();
    dropping.setContext(own);
    dropping.setName("dropped");
    dropping.setEncoder(encoder); // encoders are thread-safe: appenders encode outside their lock
    dropping.setOutputStream(new LineCounter(lines));
    dropping.start();
    ch.qos.logback.classic.Logger logger = own.getLogger(ACCESS_LOGGER);
    logger.setLevel(Level.INFO);
    logger.addAppender(dropping);
    return new DroppedAccessLog(logger, lines);
  }

  /** Where the warm-up's access lines go. */
  Logger logger() {
    return logger;
  }

  /** The lines encoded and dropped so far. */
  long lines() {
    return lines.get();
  }

  /** The encoder of the appender access lines reach: the access logger's own, else the root's. */
  private static Encoder<ILoggingEvent> encoderOf(LoggerContext log) {
    Encoder<ILoggingEvent> own = encoderOf(log.getLogger(ACCESS_LOGGER));
    return own != null ? own : encoderOf(log.getLogger(Logger.ROOT_LOGGER_NAME));
  }

  private static Encoder<ILoggingEvent> encoderOf(ch.qos.logback.classic.Logger logger) {
    for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && out.getEncoder() != null) {
        return out.getEncoder();
      }
    }
    return null;
  }

  /** Drops what is written, counting the lines. */
  private static final class LineCounter extends OutputStream {
    private final AtomicLong lines;

    LineCounter(AtomicLong lines) {
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines.incrementAndGet();
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }
  }
}
