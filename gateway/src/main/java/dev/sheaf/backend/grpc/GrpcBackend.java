package dev.sheaf.backend.grpc;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.CallExchange;
import dev.sheaf.backend.Deadline;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.tls.HandshakeFailures;
import dev.sheaf.tls.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.client.impl.GrpcClientImpl;
import io.vertx.grpc.common.GrpcErrorException;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls unary methods of one gRPC backend with dynamic messages, over one long-lived HTTP/2
 * connection (multiplexed, never opened per request). Every call carries {@code grpc-timeout}
 * and is bounded by the same timer as REST calls.
 */
public final class GrpcBackend {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcBackend.class);

  private final Vertx vertx;
  private final BackendConfig config;
  private final GrpcClient client;
  private final SocketAddress address;
  private final Map<MethodDescriptor, ServiceMethod<DynamicMessage, DynamicMessage>> methods = new ConcurrentHashMap<>();

  public GrpcBackend(Vertx vertx, BackendConfig config) {
    this.vertx = vertx;
    this.config = config;
    BackendConfig.Grpc grpc = config.grpc();
    this.address = SocketAddress.inetSocketAddress(grpc.port(), grpc.host());
    HttpClientOptions http = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false)
        .setUseAlpn(grpc.tls())
        .setHttp2MultiplexingLimit(grpc.maxConcurrentStreams())
        .setTcpNoDelay(true);
    if (grpc.tls()) {
      TlsMaterial tls = config.connection().tls();
      (tls == null ? TlsMaterial.JVM_DEFAULTS : tls).applyTo(http);
    }
    HttpClient transport = vertx.httpClientBuilder().with(http).withConnectHandler(OneFlushPerTask::install).build();
    GrpcClientOptions options = new GrpcClientOptions().setScheduleDeadlineAutomatically(false)
        .setMaxMessageSize(config.maxResponseBytes());
    // GrpcClient.client(vertx, HttpClient) would drop the options; the implementation's constructor keeps
    // them, and closing the client closes the transport.
    this.client = new GrpcClientImpl(vertx, options, transport, true) { };
  }

  public BackendConfig config() {
    return config;
  }

  /**
   * Calls the method; the future fails only with a {@link BackendException}. One timer bounds the
   * call: when it fires the caller gets a timeout and the stream is cancelled (RST_STREAM), so a
   * hanging backend holds neither the caller nor a stream. The backend learns the same deadline
   * from {@code grpc-timeout}. If the deadline is cancelled first, the stream is cancelled too.
   */
  public Future<DynamicMessage> call(MethodDescriptor method, DynamicMessage request, Deadline deadline,
                                     Map<String, String> metadata) {
    long timeoutMillis = deadline.callTimeoutMillis(config.timeout());
    if (timeoutMillis <= 0) {
      return Future.failedFuture(BackendException.timeout(config.name(), 0));
    }
    CallExchange<DynamicMessage> exchange = CallExchange.start(vertx, config.name(), timeoutMillis, deadline);
    client.request(address, serviceMethod(method))
        .compose(call -> {
          if (exchange.isOver()) { // timed out or abandoned while waiting for a stream
            call.cancel();
            return Future.failedFuture(BackendException.timeout(config.name(), timeoutMillis));
          }
          exchange.sent(call::cancel);
          call.timeout(timeoutMillis, TimeUnit.MILLISECONDS);
          metadata.forEach(call.headers()::set);
          config.connection().headers().forEach(call.headers()::set);
          return call.send(request);
        })
        .compose(response -> response.last().recover(e -> Future.failedFuture(classify(response, e, timeoutMillis))))
        .onComplete(outcome -> exchange.complete(outcome, cause -> cause instanceof BackendException be ? be
            : classify(null, cause, timeoutMillis)));
    return exchange.future();
  }

  private ServiceMethod<DynamicMessage, DynamicMessage> serviceMethod(MethodDescriptor method) {
    return methods.computeIfAbsent(method, m -> ServiceMethod.client(
        ServiceName.create(m.getService().getFullName()), m.getName(),
        GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(DynamicMessage.getDefaultInstance(m.getOutputType()))));
  }

  private BackendException classify(GrpcClientResponse<?, ?> response, Throwable cause, long timeoutMillis) {
    GrpcStatus status = null;
    if (response != null && response.status() != null && response.status() != GrpcStatus.OK) {
      status = response.status();
    } else if (cause instanceof InvalidStatusException invalid) {
      status = invalid.actualStatus();
    } else if (cause instanceof GrpcErrorException error) {
      status = error.status();
    }
    String message = response == null ? null : response.statusMessage();
    if (status == null) {
      HandshakeFailures.report(config.name(), cause);
      String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      LOG.debug("gRPC backend {} unavailable: {}", config.name(), detail);
      return BackendException.unavailable(config.name(), detail);
    }
    return GrpcStatusMapping.toException(config.name(), status, message, timeoutMillis);
  }

  public Future<Void> close() {
    return client.close();
  }

  /** The client, for reading descriptors through server reflection at start-up. */
  GrpcClient client() {
    return client;
  }

  SocketAddress address() {
    return address;
  }
}
