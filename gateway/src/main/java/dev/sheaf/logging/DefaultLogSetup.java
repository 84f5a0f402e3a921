package dev.sheaf.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.sheaf.config.LogsConfig;

/**
 * The log before the configuration is read (Logback finds this class as a service): JSON lines off
 * a terminal, text on one. A Logback file named by {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} on the class path, takes over instead: an operator's own setup wins.
 */
public final class DefaultLogSetup extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (LogSetup.hasOwnSetup()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogSetup.install(context, LogsConfig.defaults());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
