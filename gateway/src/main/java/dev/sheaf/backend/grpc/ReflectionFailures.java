package dev.sheaf.backend.grpc;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What start-up does when a backend's server reflection cannot be read. */
public enum ReflectionFailures {

  /** Start-up fails, naming the backend: a gateway that serves never runs bindings it could not check. */
  FAIL_START,

  /**
   * The backend's bindings compile against placeholder descriptors and a warning says they are not
   * verified: for a configuration check in CI, where the teams' backends do not run.
   */
  WARN_NOT_VERIFIED;

  private static final Logger LOG = LoggerFactory.getLogger(ReflectionFailures.class);

  /** The backend's descriptors, from what its server reflection answered or, when it failed, as this says. */
  public Future<ProtoRegistry> registry(String backend, Future<ReflectionClient.Reflected> reflected) {
    return reflected.transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(ProtoRegistry.of(ar.result().files(), "server reflection of backend '" + backend
            + "'", ar.result().services()));
      }
      if (this == FAIL_START) {
        return Future.failedFuture(ar.cause());
      }
      LOG.warn("backend '{}' not verified: its gRPC bindings' methods and request fields were not checked, because "
          + "{} (--check-reflection makes this fail the check)", backend, ar.cause().getMessage());
      return Future.succeededFuture(ProtoRegistry.unverified());
    });
  }
}
